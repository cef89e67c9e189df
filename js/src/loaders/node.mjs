// Node.js: reads the .wasm from the package itself and hands the bytes to the glue (wasmBinary),
// because the Emscripten 3.1.6 glue would try fetch() on a file path under Node 20.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import createDoorlockCore from '../../dist/core/doorlock_core.js';
import { instantiate } from '../instantiate.mjs';
import { entropyFromRandomBytes } from '../random.mjs';
import { nodeEntropy } from '../node-entropy.mjs';
import { attachCloud } from '../cloud/attach.mjs';
import { createNodeHttpTransport } from '../transports/node-http.mjs';

import { DoorlockError } from '../errors.mjs';

export { DoorlockError };
export * from '../cloud/index.mjs';
export { createNodeHttpTransport };
export * from '../ble/host.mjs';

// This file is bundled to dist/node.cjs, next to dist/core/.
const defaultWasmPath = () => join(__dirname, 'core', 'doorlock_core.wasm');

function readWasm(wasmPath) {
  try {
    return readFileSync(wasmPath);
  } catch (cause) {
    throw new DoorlockError({ code: 'LOAD_FAILED', message: `could not read ${wasmPath}: ${cause.code || cause.message}`, field: 'wasmPath', cause });
  }
}

export async function loadDoorlock(options = {}) {
  const wasmBinary = options.wasmBinary || readWasm(options.wasmPath || defaultWasmPath());
  const hostEntropy = options.randomBytes === undefined ? nodeEntropy : entropyFromRandomBytes(options.randomBytes);
  return attachCloud(await instantiate(createDoorlockCore, { wasmBinary, hostEntropy }), { nodeHttp: createNodeHttpTransport });
}
