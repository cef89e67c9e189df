// Shared by every loader: run the Emscripten factory with the host's pieces, then wrap the module.
import { DoorlockError } from './errors.mjs';
import { wrapCore } from './core-api.mjs';

export async function instantiate(createCore, moduleOptions, loadFailure, what = 'doorlock_core.wasm') {
  let core;
  try {
    const ready = createCore({
      // The glue would print aborts to the console; the caller gets them as a rejected promise.
      print() {},
      printErr() {},
      ...moduleOptions,
    });
    core = await (loadFailure ? Promise.race([ready, loadFailure]) : ready);
  } catch (cause) {
    throw new DoorlockError({ code: 'LOAD_FAILED', message: `could not load ${what}: ${(cause && cause.message) || cause}`, cause });
  }
  return wrapCore(core);
}
