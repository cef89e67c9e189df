// The cloud client's TypeScript declarations compile for real usage and reject misuse.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from './support/load.mjs';
import { strictTypeErrors } from './support/tsc.mjs';

test('js/types/cloud-client.d.ts: usage compiles under --strict, misuse does not', () => {
  const files = ['cloud-client-usage.ts', 'cloud-lock-methods-usage.ts'].map((name) => join(repoRoot, 'tests', 'types', name));
  assert.equal(strictTypeErrors(...files), '');
});
