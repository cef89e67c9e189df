// Loads the built package for tests: the Node entry exactly as users import it.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const packageDir = join(repoRoot, 'js');
export const referenceDir = join(repoRoot, '..', 'shared', 'reference');

const require = createRequire(import.meta.url);
export const { loadDoorlock, DoorlockError } = require(join(packageDir, 'dist', 'node.cjs'));

// Runs `fn` and returns the DoorlockError it throws (failing if it throws anything else or nothing).
export function catchDoorlockError(fn) {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof DoorlockError)) throw error;
    return error;
  }
  throw new Error('expected a DoorlockError, nothing was thrown');
}

// A fresh instance of the package's module without the loader, for tests that must read its
// memory or call its exports directly (loadDoorlock keeps the Module private).
export async function rawCoreModule(hostEntropy) {
  const createDoorlockCore = require(join(packageDir, 'dist', 'core', 'doorlock_core.js'));
  return createDoorlockCore({
    wasmBinary: readFileSync(join(packageDir, 'dist', 'core', 'doorlock_core.wasm')),
    hostEntropy,
    print() {},
    printErr() {},
  });
}
