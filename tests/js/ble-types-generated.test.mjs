// js/types/ble-lock-dp.d.ts is generated from the core's lock DP tables: rendering it again from
// this build must give the committed file (else run node js/scripts/generate-ble-types.mjs), the
// functions it declares must be the ones dl.ble.lockDp has, and it must type the tables' rules
// under TypeScript's strict mode.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDoorlock, repoRoot } from './support/load.mjs';
import { strictTypeErrors } from './support/tsc.mjs';
import { renderLockDpTypes, lockDpTypesPath } from '../../js/scripts/generate-ble-types.mjs';

const dl = await loadDoorlock();
const catalog = dl.ble.lockDp.messages();

test('the generated lock-DP declarations are up to date', () => {
  assert.equal(
    readFileSync(lockDpTypesPath, 'utf8'),
    renderLockDpTypes(catalog),
    'js/types/ble-lock-dp.d.ts is stale: run node js/scripts/generate-ble-types.mjs',
  );
});

test('the tables name every builder and parser dl.ble.lockDp has, and nothing else', () => {
  const declared = new Set(['parseReply', 'messages', 'facts', 'replyAnswers']);
  for (const message of catalog.messages) {
    declared.add(message.name);
    if (message.parser) declared.add(message.parser);
  }
  const actual = Object.keys(dl.ble.lockDp).filter((name) => typeof dl.ble.lockDp[name] === 'function');
  assert.deepEqual([...actual].sort(), [...declared].sort());
  // The method kinds include the panel's palm (05) and finger vein (06); the DP 51 statuses 03 and 0a.
  assert.deepEqual(catalog.methods.map((m) => [m.value, m.name]).slice(5), [
    [5, 'palm'],
    [6, 'vein'],
  ]);
  const create = catalog.messages.find((m) => m.dp === 51);
  assert.deepEqual(
    create.statuses.filter((s) => s.value >= 3).map((s) => [s.value, s.name]),
    [
      [3, 'exists'],
      [10, 'too_weak'],
    ],
  );
  const types = readFileSync(lockDpTypesPath, 'utf8');
  assert.match(types, /export type LockDpMethod = 'member' \| 'password' \| 'card' \| 'fingerprint' \| 'face' \| 'palm' \| 'vein';/);
});

test('the declarations compile for real usage and reject misuse (tests/types/ble-lock-dp-usage.ts)', { timeout: 60000 }, () => {
  assert.equal(strictTypeErrors(join(repoRoot, 'tests', 'types', 'ble-lock-dp-usage.ts')), '');
});
