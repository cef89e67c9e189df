// The TypeScript compiler the package pins, run under --strict on declaration usage files: the
// type tests check that real usage compiles and that misuse (lines marked @ts-expect-error) does not.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { packageDir } from './load.mjs';

const tsc = join(packageDir, 'node_modules', 'typescript', 'bin', 'tsc');

// The compiler's complaints about `files`, or '' when they compile.
export function strictTypeErrors(...files) {
  try {
    execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'es2020', '--moduleResolution', 'node', '--lib', 'es2020,dom', ...files], {
      encoding: 'utf8',
    });
    return '';
  } catch (error) {
    return `${error.stdout}${error.stderr}`;
  }
}
