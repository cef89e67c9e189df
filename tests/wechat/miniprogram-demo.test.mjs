// miniprogram-demo/ run as WeChat would run it, in the emulated runtime: App() and Page() are
// WeChat's, wx.cloud.callFunction runs the demo's doorlock cloud function, which holds the access
// key and calls the cloud emulator over HTTP with signed requests, and wx's Bluetooth API reaches
// the lock simulator. The mini program has no access key. Tapping the three buttons must encrypt,
// create a temporary password the cloud can decrypt, and open the lock with the check code the
// cloud issued.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from '../js/support/load.mjs';
import { miniProgramRuntime, withRandom } from './support/runtime.mjs';
import { createFakeWx } from '../js/support/fake-wx.mjs';
import { loadCloudFunction, wxCloudFor } from './support/cloud-function.mjs';
import { createCloudEmulator, startCloudEmulator, DEVICE_IDS, EMULATOR_ACCESS_ID, EMULATOR_ACCESS_KEY } from '../../tools/cloud-emulator/index.mjs';
import { loadLockSimulator } from '../../tools/lock-simulator/js/index.mjs';

const demoDir = join(repoRoot, 'miniprogram-demo');
const BLE = { localKey: 'abcdef0123456789', uuid: 'uuid0123456789ab', devId: 'vdevo1234567890123456', deviceId: 'AA:BB' };

test('the demo mini program: encrypt, create a temporary password in the cloud, unlock over Bluetooth', { timeout: 30000 }, async () => {
  const emulator = createCloudEmulator();
  const cloud = await startCloudEmulator({ emulator, accessId: EMULATOR_ACCESS_ID });
  const owner = 'oOWNER0000000000000000000001';
  const doorlockFunction = loadCloudFunction({
    caller: { openId: owner },
    collection: [{ accessId: EMULATOR_ACCESS_ID, accessKey: EMULATOR_ACCESS_KEY, upstreamUrl: cloud.url, allowedOpenIds: [owner] }],
  });
  const wire = [];
  const { createLockSimulator } = await loadLockSimulator();
  // A bound lock that has no check code yet: the cloud's DP 70 (lock_random) sets it, for slave id 5.
  const sim = createLockSimulator({ localKey: BLE.localKey, uuid: BLE.uuid, devId: BLE.devId, protocol: 3, mtu: 20, slaveId: 5 });

  const bluetooth = createFakeWx({ peripheral: (bytes) => sim.receive(bytes) });
  const wx = withRandom({
    ...bluetooth.wx,
    // The page's realm makes the ArrayBuffer; the fake checks against its own.
    writeBLECharacteristicValue: (params) => bluetooth.wx.writeBLECharacteristicValue({ ...params, value: new Uint8Array(params.value).slice().buffer }),
    createBLEConnection: (params) => { sim.connect(); bluetooth.wx.createBLEConnection(params); },
    closeBLEConnection: (params) => { sim.disconnect(); bluetooth.wx.closeBLEConnection(params); },
    cloud: wxCloudFor(doorlockFunction, wire),
  });

  let app;
  let page;
  const { load } = miniProgramRuntime({
    wx,
    globals: {
      App: (definition) => { app = definition; },
      getApp: () => app,
      Page: (definition) => { page = definition; },
    },
    files: {
      [join(demoDir, 'config.js')]: {
        lockType: 'ble', deviceId: DEVICE_IDS.ble, ble: BLE,
      },
    },
  });
  load(join(demoDir, 'app.js'));
  app.onLaunch();
  load(join(demoDir, 'pages', 'index', 'index.js'));
  // What WeChat does with a page definition: data becomes this.data, setData merges into it.
  page.setData = function setData(update) { this.data = { ...this.data, ...update }; };
  await page.onLoad();
  assert.equal(page.data.status, 'Ready');

  page.onEncryptSample();
  assert.match(page.data.log[0], /^PIN \d{6} -> [0-9A-F]{32}$/);

  await page.onCreateTemporaryPassword();
  const created = page.data.log[0].match(/^Temporary password (\d{6}) created \(id (\d+)\)$/);
  assert.ok(created, page.data.log[0]);
  const stored = emulator.state.devices[DEVICE_IDS.ble].tempPasswords.find((entry) => entry.password_id === Number(created[2]));
  assert.equal(stored.pin, created[1], 'the cloud decrypted the PIN the page chose');
  // Mon..Fri = 2+4+8+16+32; compared as JSON because the page's objects come from its own realm.
  assert.equal(JSON.stringify(stored.schedule_list), JSON.stringify([{ effective_time: 480, invalid_time: 1080, working_day: 62 }]));

  await page.onUnlockOverBluetooth();
  assert.equal(page.data.log[0], 'Unlocked: ok');
  assert.equal(sim.state().unlocked, true);
  assert.equal(sim.state().connected, false, 'the page released the lock');
  assert.equal(bluetooth.overlaps, 0, 'writes never overlapped');
  assert.ok(bluetooth.writes.every((packet) => packet.length <= 20));
  sim.close();
  await cloud.close();
  // The key never crossed between the mini program and its cloud function.
  assert.ok(wire.length > 0 && !wire.join('\n').includes(EMULATOR_ACCESS_KEY));
});
