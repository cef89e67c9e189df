// The declarations of dl.flows (js/types/flows.d.ts) compile for real usage under --strict and
// reject misuse (tests/types/flows-usage.ts).
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from './support/load.mjs';
import { strictTypeErrors } from './support/tsc.mjs';

test('js/types/flows.d.ts: usage compiles under --strict, misuse does not', { timeout: 60000 }, () => {
  assert.equal(strictTypeErrors(join(repoRoot, 'tests', 'types', 'flows-usage.ts')), '');
});
