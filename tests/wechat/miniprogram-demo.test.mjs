// miniprogram-demo/ run as WeChat would run it, in the emulated runtime: app.js builds the service
// layer the pages use (miniprogram-demo/services), wx.cloud.callFunction runs the demo's doorlock
// cloud function, which holds the access key and calls the emulated home's cloud over HTTP with
// signed requests, and wx's Bluetooth API reaches the home's simulated lock. The mini program has
// no access key. The service layer must list the locks with their state, store a temporary
// password on the Bluetooth lock and record it in the cloud, create one on a Wi-Fi lock through
// the cloud, and open the Bluetooth lock with the check code the cloud issued.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from '../js/support/load.mjs';
import { miniProgramRuntime, withRandom } from './support/runtime.mjs';
import { createFakeWx, wxOnSimulatedLock } from '../js/support/fake-wx.mjs';
import { loadCloudFunction, wxCloudFor } from './support/cloud-function.mjs';
import { wxOverHttp } from '../js/support/wx-over-http.mjs';
import { DEVICE_IDS, EMULATOR_ACCESS_ID } from '../../tools/cloud-emulator/index.mjs';
import { createHome } from '../../tools/home/index.mjs';

const demoDir = join(repoRoot, 'miniprogram-demo');
const BLE_ID = 'AA:BB'; // the lock's id on this phone (what a scan reports; the fake notifies as it)
const OWNER = 'oOWNER0000000000000000000001';
// The same JSON in, plain objects out: the runtime's objects come from another realm.
const plain = (value) => JSON.parse(JSON.stringify(value));

// A WeChat whose Bluetooth reaches `sim` and whose cloud runs the doorlock function.
function wechat({ sim, doorlockFunction, wire, peripheral }) {
  const bluetooth = createFakeWx({
    peripheral: peripheral || ((bytes) => sim.receive(bytes)),
    advertising: [
      { deviceId: 'CC:DD', name: 'Headphones', localName: 'Headphones', RSSI: -40, advertisServiceUUIDs: ['0000180F-0000-1000-8000-00805F9B34FB'] },
      { deviceId: BLE_ID, name: 'Garage', localName: 'Garage', RSSI: -52, advertisServiceUUIDs: ['0000A201-0000-1000-8000-00805F9B34FB'] },
    ],
  });
  const storage = new Map();
  const wx = withRandom({
    ...wxOnSimulatedLock(bluetooth, sim),
    getStorageSync: (key) => storage.get(key) ?? '',
    setStorageSync: (key, value) => storage.set(key, value),
    onNeedPrivacyAuthorization: () => {},
    cloud: doorlockFunction ? wxCloudFor(doorlockFunction, wire) : undefined,
  });
  return { wx, bluetooth };
}

function launch({ wx, config }) {
  let app;
  const { load, calls, exports } = miniProgramRuntime({
    wx,
    globals: {
      App: (definition) => {
        app = definition;
      },
      getApp: () => app,
    },
    files: { [join(demoDir, 'config.js')]: config },
  });
  load(join(demoDir, 'app.js'));
  app.onLaunch();
  return { services: app.services, wasmCalls: calls, sdk: exports, load };
}

const CONFIG = {
  mode: 'production',
  production: { cloudEnv: '', functionName: 'doorlock' },
  locks: [
    { deviceId: DEVICE_IDS.ble, lockType: 'ble' },
    { deviceId: DEVICE_IDS.wifi, lockType: 'wifi' },
  ],
  timeZone: '+08:00',
};
// Whether the package has the lock-app flows (dl.flows); without them the service layer's fallback
// cannot change or delete a password on a Bluetooth lock, and says so.
const hasFlows = typeof (await (await import('../../js/dist/node.mjs')).loadDoorlock()).flows === 'object';
const FORM = { name: 'Cleaner', startDate: '2030-03-04', endDate: '2030-03-31', startTime: '08:00', endTime: '18:00', days: ['mon', 'wed', 'fri'] };

test("the mini program's services: locks, a Bluetooth password recorded in the cloud, a cloud password, a Bluetooth unlock", { timeout: 30000 }, async () => {
  const home = await createHome({ protocol: 3, mtu: 20, server: { accessId: EMULATOR_ACCESS_ID } });
  const [device] = home.devices;
  const sim = home.locks[device.deviceId];
  const wire = [];
  const doorlockFunction = loadCloudFunction({
    caller: { openId: OWNER },
    collection: [{ accessId: home.accessId, accessKey: home.accessKey, upstreamUrl: home.url, allowedOpenIds: [OWNER] }],
  });
  const { wx, bluetooth } = wechat({ sim, doorlockFunction, wire });
  const { services, wasmCalls } = launch({ wx, config: CONFIG });
  try {
    const locks = plain(await services.listLocks());
    assert.deepEqual(
      locks.map((lock) => [lock.deviceId, lock.online, lock.battery, lock.bluetoothOnly]),
      [
        [DEVICE_IDS.ble, true, 87, true],
        [DEVICE_IDS.wifi, true, 87, false],
      ].filter(([id]) => locks.some((lock) => lock.deviceId === id)),
    );
    assert.equal(locks.length, 2);
    assert.ok(!JSON.stringify(locks).includes(device.localKey), 'the local key stays in the service layer');
    assert.deepEqual(wasmCalls, ['/miniprogram_npm/doorlock-wasm/doorlock_core.wasm.br']);

    const nearby = plain(await services.scanLocks({ durationMs: 40 }));
    assert.deepEqual(nearby, [{ bleId: BLE_ID, name: 'Garage', rssi: -52 }], 'Tuya locks only');

    // Bluetooth-only lock: the PIN goes to the lock over Bluetooth (DP 51), the cloud records it
    // under the lock's hard id (bluetooth_symbolic).
    const progress = [];
    const created = await services.createPassword(DEVICE_IDS.ble, FORM, { bleId: BLE_ID, onProgress: (step) => progress.push(step) });
    assert.match(created.password, /^\d{6}$/);
    assert.deepEqual(progress, ['connecting', 'writing']);
    const onLock = sim.passwords();
    assert.equal(onLock.length, 1, JSON.stringify(onLock));
    assert.equal(onLock[0].password, created.password);
    // Mon, Wed, Fri on the lock too, 08:00-18:00.
    assert.deepEqual(
      { ...onLock[0].validity, effectiveTime: undefined, invalidTime: undefined },
      { cycle: 'weekly', days: 42, start: 480, end: 1080, effectiveTime: undefined, invalidTime: undefined },
    );
    const record = home.emulator.state.devices[DEVICE_IDS.ble].tempPasswords.find((entry) => entry.password_id === created.id);
    assert.ok(record, 'the cloud recorded the password');
    assert.equal(record.bluetooth_symbolic, true);
    assert.equal(record.pin, created.password);
    assert.equal(sim.state().connected, false, 'the lock was released');

    const listed = plain(await services.listPasswords(DEVICE_IDS.ble));
    assert.deepEqual(
      listed.map((entry) => [entry.id, entry.name, entry.from, entry.to, entry.onLockId]),
      [[created.id, 'Cleaner', '2030-03-04', '2030-03-31', onLock[0].hardId]],
    );

    // Without the lock at hand a Bluetooth lock's password cannot change: nothing is sent.
    await assert.rejects(services.deletePassword(DEVICE_IDS.ble, created.id, { hardId: onLock[0].hardId }), { code: 'BLE_ID_REQUIRED' });
    assert.equal(record.deleted, false);
    if (hasFlows) {
      // Changed on the lock (DP 53), then renamed in the cloud; deleted on the lock (DP 52), then in the cloud.
      await services.modifyPassword(DEVICE_IDS.ble, created.id, { ...FORM, name: 'Cleaner (Sat)', days: ['sat'] }, { bleId: BLE_ID, hardId: onLock[0].hardId });
      assert.equal(record.name, 'Cleaner (Sat)');
      assert.equal(sim.passwords()[0].validity.days, 64);
      await services.deletePassword(DEVICE_IDS.ble, created.id, { bleId: BLE_ID, hardId: onLock[0].hardId });
      assert.equal(record.deleted, true);
      assert.equal(sim.passwords().length, 0, 'gone from the lock');
    } else {
      await assert.rejects(services.deletePassword(DEVICE_IDS.ble, created.id, { bleId: BLE_ID, hardId: onLock[0].hardId }), { code: 'UNSUPPORTED' });
    }

    // Wi-Fi lock: through the cloud function, which gets the ticket and encrypts the PIN.
    const cloudCreated = await services.createPassword(DEVICE_IDS.wifi, FORM);
    const stored = home.emulator.state.devices[DEVICE_IDS.wifi].tempPasswords.find((entry) => entry.password_id === cloudCreated.id);
    assert.equal(stored.pin, cloudCreated.password, 'the cloud decrypted the PIN the app chose');
    // Mon, Wed, Fri = 2 + 8 + 32; 08:00-18:00 = minutes 480-1080.
    assert.equal(JSON.stringify(stored.schedule_list), JSON.stringify([{ effective_time: 480, invalid_time: 1080, working_day: 42 }]));
    assert.equal(stored.effective_time, Date.parse('2030-03-04T00:00:00+08:00') / 1000);

    await services.modifyPassword(DEVICE_IDS.wifi, cloudCreated.id, { ...FORM, name: 'Cleaner (weekends)', days: ['sat', 'sun'] });
    assert.equal(stored.name, 'Cleaner (weekends)');
    assert.equal(stored.pin, cloudCreated.password, 'a rename keeps the PIN');
    // Sat + Sun = 64 + 1.
    assert.equal(JSON.stringify(stored.schedule_list), JSON.stringify([{ effective_time: 480, invalid_time: 1080, working_day: 65 }]));
    await services.deletePassword(DEVICE_IDS.wifi, cloudCreated.id);
    assert.equal(stored.deleted, true);

    const unlockSteps = [];
    const opened = plain(await services.unlock(DEVICE_IDS.ble, { bleId: BLE_ID, onProgress: (step) => unlockSteps.push(step) }));
    assert.deepEqual(opened, { status: 'ok' });
    assert.deepEqual(unlockSteps, ['connecting', 'unlocking']);
    assert.equal(sim.state().unlocked, true);
    assert.equal(sim.state().connected, false, 'the lock was released');
    assert.equal(bluetooth.overlaps, 0, 'writes never overlapped');
    assert.ok(bluetooth.writes.every((packet) => packet.length <= 20));

    const logs = plain(await services.listLogs(DEVICE_IDS.ble, { page: 1, pageSize: 2 }));
    assert.equal(logs.rows.length, 2);
    assert.equal(logs.hasMore, logs.total > 2);
    const members = plain(await services.listMembers(DEVICE_IDS.ble));
    assert.deepEqual(
      members.map((member) => [member.name, member.role]),
      [
        ['Owner', 'owner'],
        ['Alice', 'admin'],
        ['Bob', 'member'],
      ],
    );
    assert.match(await services.dynamicPassword(DEVICE_IDS.ble), /^\d{8}$/);
  } finally {
    await home.close();
  }
  // The key never crossed between the mini program and its cloud function.
  assert.ok(wire.length > 0 && !wire.join('\n').includes(home.accessKey));
});

test('an unlock whose answer is lost fails with outcomeUnknown and is not sent again', { timeout: 30000 }, async () => {
  const home = await createHome({ protocol: 3, mtu: 20, server: { accessId: EMULATOR_ACCESS_ID } });
  const sim = home.locks[home.devices[0].deviceId];
  const doorlockFunction = loadCloudFunction({
    caller: { openId: OWNER },
    collection: [{ accessId: home.accessId, accessKey: home.accessKey, upstreamUrl: home.url, allowedOpenIds: [OWNER] }],
  });
  // The lock acts on everything, but once it has opened its answers no longer reach the phone.
  const peripheral = (bytes) => {
    const answer = sim.receive(bytes);
    return sim.state().unlocked ? [] : answer;
  };
  const { wx } = wechat({ sim, doorlockFunction, wire: [], peripheral });
  const { services } = launch({ wx, config: { ...CONFIG, bluetooth: { commandTimeoutMs: 1500 } } });
  try {
    await assert.rejects(services.unlock(DEVICE_IDS.ble, { bleId: BLE_ID }), (error) => {
      assert.equal(error.outcomeUnknown, true, `${error.code}: ${error.message}`);
      return true;
    });
    assert.equal(sim.state().unlocked, true, 'the door did open');
    // One DP 71 reached the lock, one opening in its log: nothing was sent again.
    assert.equal(sim.events().filter((event) => event.type === 'dp_write' && event.reason === '71').length, 1);
    assert.equal(sim.log().filter((entry) => entry.event === 'unlock').length, 1);
    assert.equal(sim.state().connected, false, 'the lock was released');
  } finally {
    await home.close();
  }
});

test('development mode: the cloud through the server half over wx.request, Bluetooth through the BLE bridge adapter', { timeout: 30000 }, async () => {
  const home = await createHome({ protocol: 3, mtu: 20, server: { accessId: EMULATOR_ACCESS_ID } });
  const { startDoorlockServer } = await import('../../js/dist/server.mjs');
  const serverHalf = await startDoorlockServer({
    accessId: home.accessId,
    accessKey: home.accessKey,
    upstream: { url: home.url },
    authorize: () => true,
  });
  const http = wxOverHttp();
  const storage = new Map();
  const wx = withRandom({ ...http, getStorageSync: (key) => storage.get(key) ?? '', setStorageSync: (key, value) => storage.set(key, value) });
  const { services, sdk } = launch({
    wx,
    config: { ...CONFIG, mode: 'development', development: { serverUrl: serverHalf.url, bridgeUrl: 'http://127.0.0.1:1' } },
  });
  try {
    const locks = plain(await services.listLocks());
    assert.equal(locks.length, 2);
    const created = await services.createPassword(DEVICE_IDS.wifi, FORM);
    const stored = home.emulator.state.devices[DEVICE_IDS.wifi].tempPasswords.find((entry) => entry.password_id === created.id);
    assert.equal(stored.pin, created.password);
    // Bluetooth goes to the bridge (here: nothing listens); a package without the bridge adapter
    // says what is missing.
    await assert.rejects(services.unlock(DEVICE_IDS.ble, { bleId: DEVICE_IDS.ble }), (error) => {
      if (typeof sdk.openBridgeAdapter === 'function')
        assert.match(error.message, /BLE bridge at http:\/\/127\.0\.0\.1:1\/ble\/vdevemuble0000000003 did not answer/);
      else assert.match(error.message, /development mode needs openBridgeAdapter/);
      return true;
    });
  } finally {
    await serverHalf.close();
    await home.close();
  }
});

test("the bridge adapter's requests over wx.request: JSON both ways, any HTTP status answers, only a failure rejects", async () => {
  const sent = [];
  const answers = [
    (params) => params.success({ statusCode: 200, data: { session: 's1' } }),
    (params) => params.success({ statusCode: 409, data: { error: { code: 'LOCK_BUSY', message: 'busy' } } }),
    (params) => params.fail({ errMsg: 'request:fail timeout' }),
    () => {},
  ];
  const aborted = [];
  const wx = {
    request(params) {
      sent.push({ method: params.method, url: params.url, data: params.data, header: params.header, timeout: params.timeout });
      const answer = answers.shift();
      setTimeout(() => answer(params));
      return {
        abort: () => {
          aborted.push(params.url);
          params.fail({ errMsg: 'request:fail abort' });
        },
      };
    },
  };
  const { load } = launch({ wx: withRandom({ ...wx, getStorageSync: () => '', setStorageSync: () => {} }), config: CONFIG });
  const { wxJsonRequest } = load(join(demoDir, 'services', 'wx-http.js'));
  const request = wxJsonRequest(wx);
  assert.deepEqual(plain(await request('POST', 'http://127.0.0.1:8787/ble/d/connect', {})), { session: 's1' });
  assert.deepEqual(plain(await request('GET', 'http://127.0.0.1:8787/ble/d/notifications?session=s1&after=0', undefined)), {
    error: { code: 'LOCK_BUSY', message: 'busy' },
  });
  await assert.rejects(request('POST', 'http://127.0.0.1:8787/ble/d/write', { session: 's1', hex: '00' }), /request:fail timeout/);
  const controller = new AbortController();
  const polling = request('GET', 'http://127.0.0.1:8787/ble/d/notifications?session=s1&after=1', undefined, { signal: controller.signal });
  controller.abort();
  await assert.rejects(polling, /abort/);
  assert.deepEqual(aborted, ['http://127.0.0.1:8787/ble/d/notifications?session=s1&after=1']);
  assert.deepEqual(
    sent.map((r) => [r.method, r.data === undefined ? null : r.data, r.header['content-type'] ?? null]),
    [
      ['POST', {}, 'application/json'],
      ['GET', null, null],
      ['POST', { session: 's1', hex: '00' }, 'application/json'],
      ['GET', null, null],
    ],
  );
  assert.ok(
    sent.every((r) => r.timeout >= 30000),
    'longer than the bridge holds a poll',
  );
});
