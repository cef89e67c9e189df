// The declarations of dl.flows (js/types/flows.d.ts) compile for real usage under --strict and
// reject misuse (tests/types/flows-usage.ts).
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { packageDir, repoRoot } from './support/load.mjs';

test('js/types/flows.d.ts: usage compiles under --strict, misuse does not', { timeout: 60000 }, () => {
  const tsc = join(packageDir, 'node_modules', 'typescript', 'bin', 'tsc');
  const file = join(repoRoot, 'tests', 'types', 'flows-usage.ts');
  let output = '';
  try {
    execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'es2020', '--moduleResolution', 'node', '--lib', 'es2020,dom', file], {
      encoding: 'utf8',
    });
  } catch (error) {
    output = `${error.stdout}${error.stderr}`;
  }
  assert.equal(output, '');
});
