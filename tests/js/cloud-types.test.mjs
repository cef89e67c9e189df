// The cloud client's TypeScript declarations compile for real usage and reject misuse.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { packageDir, repoRoot } from './support/load.mjs';

test('js/types/cloud-client.d.ts: usage compiles under --strict, misuse does not', () => {
  const tsc = join(packageDir, 'node_modules', 'typescript', 'bin', 'tsc');
  const files = ['cloud-client-usage.ts', 'cloud-lock-methods-usage.ts'].map((name) => join(repoRoot, 'tests', 'types', name));
  let output = '';
  try {
    execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--lib', 'es2020,dom', ...files], { encoding: 'utf8' });
  } catch (error) {
    output = `${error.stdout}${error.stderr}`;
  }
  assert.equal(output, '');
});
