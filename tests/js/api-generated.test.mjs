// js/types/cloud-actions.d.ts and docs/cloud-api.md are generated from the catalog: rendering them
// again from this build must give the committed files (else run node js/scripts/generate-api.mjs),
// and the declarations must compile under TypeScript's strict mode with the catalog's rules in
// their types (unknown actions and undocumented enum values rejected).
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDoorlock, packageDir } from './support/load.mjs';
import { renderTypes, renderDocs, typesPath, docsPath } from '../../js/scripts/generate-api.mjs';

const dl = await loadDoorlock();

test('the generated declarations and API table are up to date', () => {
  const actions = dl.actions();
  assert.equal(readFileSync(typesPath, 'utf8'), renderTypes(actions), 'js/types/cloud-actions.d.ts is stale: run node js/scripts/generate-api.mjs');
  assert.equal(readFileSync(docsPath, 'utf8'), renderDocs(actions), 'docs/cloud-api.md is stale: run node js/scripts/generate-api.mjs');
  // Every action has its section in the docs and its entry in the params map.
  const docs = readFileSync(docsPath, 'utf8');
  const types = readFileSync(typesPath, 'utf8');
  for (const action of actions) {
    assert.ok(docs.includes(`## ${action.name}`), action.name);
    assert.ok(types.includes(`  '${action.name}': `), action.name);
  }
});

test("the declarations compile and type the catalog's rules", () => {
  const dir = mkdtempSync(join(tmpdir(), 'doorlock-types-'));
  const usage = join(dir, 'usage.ts');
  writeFileSync(
    usage,
    `
import type { CloudApi } from ${JSON.stringify(typesPath.replace(/\.d\.ts$/, ''))};
declare const dl: CloudApi;
const ticket = dl.parseResponse('doorLock.passwordTicket', {});
const key: string = ticket.ticket_key;
const time: number = dl.parseResponse('timer.currentTime', {});
const open = dl.buildPasswordRequest('doorLock.openDoor', { device_id: 'd', password: '123456' },
  { lockType: 'zigbee', ticket, accessKey: 'k', obtainedAt: 1, now: 2 });
const action: 'doorLock.openDoor' = open.action;
dl.buildRequest('doorLock.setHijack', { device_id: 'd', unlock_no: 1, unlock_type: 'face' }, { lockType: 'wifi' });
// @ts-expect-error not an action of the catalog
dl.buildRequest('doorLock.unlockEverything', {});
// @ts-expect-error not a documented unlock_type
dl.buildRequest('doorLock.setHijack', { device_id: 'd', unlock_no: 1, unlock_type: 'iris' });
// @ts-expect-error device_id is required
dl.buildRequest('doorLock.openDoor', { password: 'x', password_type: 'ticket', ticket_id: 't' });
export { key, time, action };
`,
  );
  const tsc = join(packageDir, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'es2020', '--moduleResolution', 'node', typesPath, usage], { stdio: 'pipe' });
});
