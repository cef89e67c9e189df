// Browsers and workers: the .wasm is fetched (streaming compile) from next to this file unless the
// caller passes wasmBinary or its own locateFile (bundlers, CDNs, self-hosting).
import createDoorlockCore from '../../dist/core/doorlock_core.js';
import { instantiate } from '../instantiate.mjs';
import { entropyFromRandomBytes, webCryptoEntropy } from '../random.mjs';
import { attachCloud } from '../cloud/attach.mjs';

export { DoorlockError } from '../errors.mjs';
export * from '../cloud/index.mjs';
export * from '../ble/host.mjs';

const defaultWasmUrl = () => new URL('./core/doorlock_core.wasm', import.meta.url).href;

export async function loadDoorlock(options = {}) {
  const moduleOptions = {
    hostEntropy: options.randomBytes === undefined ? webCryptoEntropy() : entropyFromRandomBytes(options.randomBytes),
  };
  let wasmUrl = 'doorlock_core.wasm';
  if (options.wasmBinary) {
    moduleOptions.wasmBinary = options.wasmBinary;
  } else {
    const locate = options.locateFile || ((file) => (file.endsWith('.wasm') ? defaultWasmUrl() : file));
    // Kept for the LOAD_FAILED message: the glue itself only says that fetching failed.
    moduleOptions.locateFile = (file, prefix) => {
      const located = locate(file, prefix);
      if (file.endsWith('.wasm')) wasmUrl = located;
      return located;
    };
  }
  let core;
  try {
    core = await instantiate(createDoorlockCore, moduleOptions);
  } catch (error) {
    if (error.code === 'LOAD_FAILED') error.message = error.message.replace('doorlock_core.wasm', String(wasmUrl));
    throw error;
  }
  return attachCloud(core);
}
