// The package as the CLI uses it: the built Node entry next to this folder (dist/node.cjs), the
// same code `require('doorlock-wasm')` gives.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let loaded = null;

export function pkg() {
  loaded ??= createRequire(import.meta.url)(join(packageDir, 'dist', 'node.cjs'));
  return loaded;
}

export function packageVersion() {
  return createRequire(import.meta.url)(join(packageDir, 'package.json')).version;
}
