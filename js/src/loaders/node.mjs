// Node.js: reads the .wasm from the package itself and instantiates it through the glue's
// instantiateWasm hook, because the Emscripten 3.1.6 glue would try fetch() on a file path under
// Node 20.
//
// Start-up is the first thing a Node program pays, so this entry (dist/node.cjs) holds only what
// loading the module and its first call need. Two parts load later, by require, relative to the
// bundle in dist/:
//   ./node-glue.cjs          the Emscripten glue (minified), parsed while V8 compiles the .wasm
//                            on its background threads (loadDoorlock starts the compile first);
//   ./node-host.cjs          the cloud client, the transports, the Bluetooth host and the flows:
//                            loaded by the first use of one of their exports, or of dl.cloud or
//                            dl.flows (js/scripts/bundle.mjs lists the exports).
// This file is only ever bundled as CommonJS, where require exists.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { instantiate } from '../instantiate.mjs';
import { entropyFromRandomBytes } from '../random.mjs';
import { attachHostOnFirstUse } from './host-on-first-use.mjs';

import { DoorlockError } from '../errors.mjs';

export { DoorlockError };

const requireGlue = () => require('./node-glue.cjs');
const requireHost = () => require('./node-host.cjs');

// This file is bundled to dist/node.cjs, next to dist/core/.
const defaultWasmPath = () => join(__dirname, 'core', 'doorlock_core.wasm');

// Node's CSPRNG, loaded on the first entropy request rather than with the package: node:crypto (and
// the stream modules it pulls in) costs a fresh process several milliseconds, and the core asks for
// entropy only when it first needs randomness (an IV, a generated PIN), which the password and
// cloud calls never do.
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
  // The glue has no failure callback for instantiateWasm: a failed compile or instantiation rejects
  // this promise, which instantiate() races against the factory so that loading never hangs.
  let rejectLoad;
  const loadFailure = new Promise((resolve, reject) => {
    rejectLoad = reject;
  });
  loadFailure.catch(() => {}); // observed by instantiate(); never an unhandled rejection if it is not reached
  let compiled;
  try {
    compiled = WebAssembly.compile(wasmBinary);
  } catch (cause) {
    compiled = Promise.reject(cause); // not bytes at all: the same LOAD_FAILED as bad bytes
  }
  compiled.catch(rejectLoad);
  let createCore;
  try {
    createCore = requireGlue();
  } catch (cause) {
    throw new DoorlockError({ code: 'LOAD_FAILED', message: `could not load the module's glue: ${cause.message}`, cause });
  }
  const dl = await instantiate(
    createCore,
    {
      hostEntropy,
      instantiateWasm(imports, receiveInstance) {
        compiled
          .then((module) => receiveInstance(new WebAssembly.Instance(module, imports), module))
          .catch(rejectLoad);
        return {};
      },
    },
    loadFailure,
  );
  return attachHostOnFirstUse(dl, (target) => requireHost().attachNodeHost(target));
}
