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

test('the first result parses only the core entry: the cloud, transports and Bluetooth host load on first use', () => {
  const loaded = runProbe(`
    const entry = require(${JSON.stringify(join(packageDir, 'dist', 'node.cjs'))});
    const hostLoaded = () => Object.keys(require.cache).some((file) => file.endsWith('node-host.cjs'));
    dl.encryptPassword({ password: '123456', lockType: 'ble',
      ticketKey: '676A3814D4512307E7A5EBBB3983D27C8AA36241FDE8DF054DC325C6C695B89E', accessKey: '0123456789abcdef0123456789abcdef' });
    const afterFirstCall = hostLoaded();
    const keysOfDl = Object.keys(dl);
    const cloudType = typeof dl.cloud.createClient;
    const afterDlCloud = hostLoaded();
    const exportTypes = Object.fromEntries(Object.keys(entry).map((name) => [name, typeof entry[name]]));
    let sameErrorClass = false;
    try { entry.createCloudClient({}); } catch (error) { sameErrorClass = error instanceof entry.DoorlockError && error.code === 'INVALID_ARGUMENT'; }
    console.log(JSON.stringify({ afterFirstCall, keysOfDl, cloudType, afterDlCloud, flowsType: typeof dl.flows.forLock, exportTypes, sameErrorClass }));`);
  assert.equal(loaded.afterFirstCall, false, 'node-host.cjs was loaded before anything asked for it');
  assert.ok(loaded.keysOfDl.includes('cloud') && loaded.keysOfDl.includes('flows'), 'dl lists cloud and flows before they load');
  assert.equal(loaded.cloudType, 'function');
  assert.equal(loaded.afterDlCloud, true);
  assert.equal(loaded.flowsType, 'function');
  assert.equal(loaded.sameErrorClass, true, 'an error thrown by the lazily loaded part is the entry DoorlockError');
  // Every export of the entry, lazy or not, is there and is what it names.
  for (const name of ['loadDoorlock', 'createCloudClient', 'createNodeHttpTransport', 'connectLock', 'withLock', 'openWxAdapter', 'openSimulatorAdapter', 'withRetry', 'createServerTransport']) {
    assert.equal(loaded.exportTypes[name], 'function', name);
  }
  for (const name of ['TUYA_GATT_PROFILES', 'CONNECTION_DEFAULTS', 'BLE_ERROR_CODES', 'WX_DEFAULTS']) assert.equal(loaded.exportTypes[name], 'object', name);
  assert.equal(loaded.exportTypes.attachNodeHost, undefined, 'the internal hook is not a package export');
});
