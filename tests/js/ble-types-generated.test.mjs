// js/types/ble-lock-dp.d.ts is generated from the core's lock DP tables: rendering it again from
// this build must give the committed file (else run node js/scripts/generate-ble-types.mjs), the
// functions it declares must be the ones dl.ble.lockDp has, and it must type the tables' rules
// under TypeScript's strict mode.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDoorlock, packageDir } from './support/load.mjs';
import { renderLockDpTypes, lockDpTypesPath } from '../../js/scripts/generate-ble-types.mjs';

const dl = await loadDoorlock();
const catalog = dl.ble.lockDp.messages();

test('the generated lock-DP declarations are up to date', () => {
  assert.equal(readFileSync(lockDpTypesPath, 'utf8'), renderLockDpTypes(catalog),
    'js/types/ble-lock-dp.d.ts is stale: run node js/scripts/generate-ble-types.mjs');
});

test('the tables name every builder and parser dl.ble.lockDp has, and nothing else', () => {
  const declared = new Set(['parseReply', 'messages']);
  for (const message of catalog.messages) {
    declared.add(message.name);
    if (message.parser) declared.add(message.parser);
  }
  const actual = Object.keys(dl.ble.lockDp).filter((name) => typeof dl.ble.lockDp[name] === 'function');
  assert.deepEqual([...actual].sort(), [...declared].sort());
  // The method kinds include the panel's palm (05) and finger vein (06); the DP 51 statuses 03 and 0a.
  assert.deepEqual(catalog.methods.map((m) => [m.value, m.name]).slice(5), [[5, 'palm'], [6, 'vein']]);
  const create = catalog.messages.find((m) => m.dp === 51);
  assert.deepEqual(create.statuses.filter((s) => s.value >= 3).map((s) => [s.value, s.name]), [[3, 'exists'], [10, 'too_weak']]);
  const types = readFileSync(lockDpTypesPath, 'utf8');
  assert.match(types, /export type LockDpMethod = 'member' \| 'password' \| 'card' \| 'fingerprint' \| 'face' \| 'palm' \| 'vein';/);
});

test('the declarations compile and type the tables\' rules', { timeout: 60000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'doorlock-ble-types-'));
  const compile = (source) => {
    writeFileSync(join(dir, 'usage.ts'), source.replaceAll('PACKAGE', join(packageDir, 'index.js')));
    try {
      execFileSync('node', [join(packageDir, 'node_modules', 'typescript', 'bin', 'tsc'), '--strict', '--noEmit',
        '--target', 'es2020', '--moduleResolution', 'node', join(dir, 'usage.ts')], { encoding: 'utf8' });
      return '';
    } catch (error) {
      return String(error.stdout || error.message);
    }
  };
  try {
    assert.equal(compile(`
      import type { Doorlock, TemporaryPasswordStatus, LockDpWarning } from 'PACKAGE';
      declare const dl: Doorlock;
      const palm = dl.ble.lockDp.createUnlockMethod({ method: 'palm', memberId: 1, validity: { effectiveTime: 1, invalidTime: 2 } });
      const warnings: LockDpWarning[] = palm.warnings;
      const modify = dl.ble.lockDp.modifyTemporaryPassword({ hardId: 3, validity: { effectiveTime: 1, invalidTime: 2, cycle: 'daily', days: [] } });
      const weak = dl.ble.lockDp.createTemporaryPassword({ password: '123456', validity: new Uint8Array(17), allowWeakPassword: true });
      const member = dl.ble.lockDp.deleteUnlockMethod({ method: 'member', memberId: 4 });
      const reply = dl.ble.lockDp.parseTemporaryPasswordReply('ff0a');
      const status: TemporaryPasswordStatus = reply.status;
      const tooWeak: boolean = status === 'too_weak' || status === 'exists';
      const enrol = dl.ble.lockDp.parseCreateUnlockMethodReply(new Uint8Array(7));
      export const all = [warnings.length, modify.id, weak.value, member.id, reply.hardId, tooWeak, enrol.reason, enrol.stage];
    `), '');
    const misuse = compile(`
      import type { Doorlock } from 'PACKAGE';
      declare const dl: Doorlock;
      dl.ble.lockDp.createUnlockMethod({ method: 'iris', memberId: 1, validity: { effectiveTime: 1, invalidTime: 2 } });
      const status: 'ok' | 'failed' = dl.ble.lockDp.parseTemporaryPasswordReply('0700').status;
    `);
    assert.match(misuse, /'iris'/);
    assert.match(misuse, /error TS2322/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
