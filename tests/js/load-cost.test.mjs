// What loading the package costs a fresh Node process beyond its own code: no built-in module that
// the first encryptPassword does not need (node:crypto and the streams under it cost milliseconds).
// Randomness still comes from node:crypto once the core first asks for it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageDir } from './support/load.mjs';

// A script file, not `node -e`: eval mode loads node:crypto at start-up and would hide the cost.
function runProbe(body) {
  const dir = mkdtempSync(join(tmpdir(), 'doorlock-load-cost-'));
  try {
    const file = join(dir, 'probe.cjs');
    writeFileSync(
      file,
      `
      const before = new Set(process.moduleLoadList);
      const { loadDoorlock } = require(${JSON.stringify(join(packageDir, 'dist', 'node.cjs'))});
      const loadedNow = () => process.moduleLoadList.filter((name) => !before.has(name));
      loadDoorlock().then((dl) => { ${body} });`,
    );
    return JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('require, loadDoorlock and the first encryptPassword load no Node built-in module', () => {
  const loaded = runProbe(`
    const pin = dl.encryptPassword({ password: '123456', lockType: 'ble',
      ticketKey: '676A3814D4512307E7A5EBBB3983D27C8AA36241FDE8DF054DC325C6C695B89E', accessKey: '0123456789abcdef0123456789abcdef' });
    console.log(JSON.stringify({ pin, modules: loadedNow() }));`);
  assert.match(loaded.pin, /^[0-9A-F]{32}$/);
  assert.deepEqual(
    loaded.modules.filter((name) => /crypto|stream/.test(name)),
    [],
  );
});

test('the first call that needs randomness loads node:crypto and gets it', () => {
  const loaded = runProbe(`
    const bytes = dl.randomBytes(32);
    console.log(JSON.stringify({ distinct: new Set(bytes).size, modules: loadedNow() }));`);
  assert.ok(loaded.distinct > 8, 'random bytes, not a constant');
  assert.ok(loaded.modules.includes('NativeModule crypto'), loaded.modules.join(' '));
});
