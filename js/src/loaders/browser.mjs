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
  if (options.wasmBinary) {
    moduleOptions.wasmBinary = options.wasmBinary;
  } else {
    moduleOptions.locateFile = options.locateFile || ((file) => (file.endsWith('.wasm') ? defaultWasmUrl() : file));
  }
  return attachCloud(await instantiate(createDoorlockCore, moduleOptions));
}
