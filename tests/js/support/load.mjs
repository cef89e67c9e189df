// Loads the built package for tests: the Node entry exactly as users import it.
import { createRequire } from 'node:module';
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
