// Node.js: reads the .wasm from the package itself and hands the bytes to the glue (wasmBinary),
// because the Emscripten 3.1.6 glue would try fetch() on a file path under Node 20.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import createDoorlockCore from '../../dist/core/doorlock_core.js';
import { instantiate } from '../instantiate.mjs';
import { entropyFromRandomBytes } from '../random.mjs';
import { attachCloud } from '../cloud/attach.mjs';
import { createNodeHttpTransport } from '../transports/node-http.mjs';

import { DoorlockError } from '../errors.mjs';

export { DoorlockError };
export * from '../cloud/index.mjs';
export { createNodeHttpTransport };
export * from '../ble/host.mjs';

// This file is bundled to dist/node.cjs, next to dist/core/.
const defaultWasmPath = () => join(__dirname, 'core', 'doorlock_core.wasm');

// Node's CSPRNG, loaded on the first entropy request rather than with the package: node:crypto (and
// the stream modules it pulls in) costs a fresh process several milliseconds, and the core asks for
// entropy only when it first needs randomness (an IV, a generated PIN), which the password and
// cloud calls never do. This file is only ever bundled as CommonJS, where require exists.
let randomFill = null;
function nodeEntropy(view) {
  try {
    if (!randomFill) {
      const load = typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule : require;
      randomFill = load('node:crypto').randomFillSync;
    }
    randomFill(view);
    return true;
  } catch {
    return false;
  }
}

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
