// miniprogram-demo's development mode end to end, as a developer runs it in DevTools: the stack
// `node miniprogram-demo/scripts/dev-home.mjs` starts (panel/dev-server.mjs: the emulated home
// checking every signature, the server half holding the emulator's key, the BLE bridge to the
// simulated locks, on one origin), config.js with the development lines that script prints, and
// the service layer in the emulated WeChat runtime with a wx.request that really goes over HTTP.
// Every byte between the mini program and the stack is recorded: the access key is never in it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from '../js/support/load.mjs';
import { miniProgramRuntime, withRandom } from './support/runtime.mjs';
import { wxOverHttp } from '../js/support/wx-over-http.mjs';
import { DEVICE_IDS } from '../../tools/cloud-emulator/index.mjs';
import { DEFAULT_PORT, developmentConfig, startDevHome } from '../../miniprogram-demo/scripts/dev-home.mjs';

const require = createRequire(import.meta.url);
const demoDir = join(repoRoot, 'miniprogram-demo');
const shippedConfig = require(join(demoDir, 'config.js'));
const { openBridgeAdapter } = await import('../../js/dist/node.mjs');
const plain = (value) => JSON.parse(JSON.stringify(value));
const FORM = { name: 'Cleaner', startDate: '2030-03-04', endDate: '2030-03-31', startTime: '08:00', endTime: '18:00', days: ['mon', 'wed', 'fri'] };
const BLE = DEVICE_IDS.ble;

const devHome = await startDevHome({ port: 0 });
const { home, bridge } = devHome.panel;
const sim = home.locks[BLE];
// What config.js holds once the developer has pasted the script's lines (its locks kept).
const CONFIG = { ...shippedConfig, mode: devHome.config.mode, development: devHome.config.development };
test.after(() => devHome.close());
// Everything every phone below sent and received.
const everyExchange = [];
const wireText = (exchanges) => exchanges.map((exchange) => `${exchange.url}\n${exchange.body}\n${exchange.text}`).join('\n');

// One phone running the mini program: its wx.request over HTTP, every exchange recorded, and
// `hold(params)` able to keep a request back until the test lets it go.
function launch({ exchanges = [], hold } = {}) {
  const http = wxOverHttp({
    onExchange: (exchange) => {
      exchanges.push(exchange);
      everyExchange.push(exchange);
    },
  });
  const storage = new Map();
  const wx = withRandom({
    request: (params) => (hold && hold(params) ? hold.keep(() => http.request(params)) : http.request(params)),
    getStorageSync: (key) => storage.get(key) ?? '',
    setStorageSync: (key, value) => storage.set(key, value),
    onNeedPrivacyAuthorization: () => {},
  });
  let app;
  const { load } = miniProgramRuntime({
    wx,
    globals: {
      App: (definition) => {
        app = definition;
      },
      getApp: () => app,
    },
    files: { [join(demoDir, 'config.js')]: CONFIG },
  });
  load(join(demoDir, 'app.js'));
  app.onLaunch();
  // What a page shows for a failure (utils/page.js, the pages' one way to word it).
  const page = load(join(demoDir, 'utils', 'page.js'));
  const words = load(join(demoDir, 'i18n', 'index.js')).words;
  return { services: app.services, exchanges, page, words };
}

const unlocksLogged = () => sim.log().filter((entry) => entry.event === 'unlock').length;
const released = () => assert.equal(bridge.sessions()[BLE], null, 'the mini program released the lock');

test('config.js as shipped points at what dev-home.mjs serves by default, and names locks of the home', () => {
  assert.deepEqual(shippedConfig.development, developmentConfig(`http://127.0.0.1:${DEFAULT_PORT}/`, []).development);
  for (const lock of shippedConfig.locks) {
    assert.ok(
      devHome.config.locks.some((homeLock) => homeLock.deviceId === lock.deviceId && homeLock.lockType === lock.lockType),
      lock.deviceId,
    );
  }
  assert.ok(
    shippedConfig.locks.some((lock) => lock.lockType === 'ble'),
    'a Bluetooth lock to reach over the bridge',
  );
});

test('the cloud behind the server half checks signatures: a mini program calling it directly is refused', { timeout: 10000 }, async () => {
  const { services } = launch();
  const http = wxOverHttp();
  const answer = await new Promise((resolve, reject) =>
    http.request({
      url: home.url,
      method: 'POST',
      data: { action: 'device.getListByIds', params: { device_ids: BLE } },
      header: { 'content-type': 'application/json' },
      success: resolve,
      fail: reject,
    }),
  );
  assert.equal(answer.data.success, false);
  assert.ok([1004, 1005, 1013, 1105].includes(answer.data.code), JSON.stringify(answer.data));
  // Through the server half, which signs with the key it holds, the same question is answered.
  assert.equal(plain(await services.listLocks()).length, CONFIG.locks.length);
});

test(
  'development mode over HTTP: list, a bluetooth_symbolic password through the bridge, rename, unlock, delete; no access key on the wire',
  { timeout: 30000 },
  async () => {
    const { services, exchanges } = launch();

    const locks = plain(await services.listLocks());
    assert.deepEqual(
      locks.map((lock) => [lock.deviceId, lock.online, lock.bluetoothOnly]).sort(),
      CONFIG.locks.map((lock) => [lock.deviceId, true, lock.lockType === 'ble']).sort(),
    );
    // In development the "scan" offers the bridged locks under their cloud ids.
    const [nearby] = plain(await services.scanLocks());
    assert.deepEqual(nearby, { bleId: BLE, name: BLE, rssi: null });

    // The PIN goes to the simulated lock through the bridge (DP 51), the cloud records it under the
    // lock's hard id through the server half.
    const progress = [];
    const created = await services.createPassword(BLE, FORM, { bleId: nearby.bleId, onProgress: (step) => progress.push(step) });
    assert.deepEqual(progress, ['connecting', 'writing']);
    assert.match(created.password, /^\d{6}$/);
    const onLock = sim.passwords();
    assert.equal(onLock.length, 1, JSON.stringify(onLock));
    assert.equal(onLock[0].password, created.password);
    assert.equal(onLock[0].hardId, created.hardId);
    assert.deepEqual([onLock[0].validity.cycle, onLock[0].validity.days, onLock[0].validity.start, onLock[0].validity.end], ['weekly', 2 + 8 + 32, 480, 1080]);
    const record = home.emulator.state.devices[BLE].tempPasswords.find((entry) => entry.password_id === created.id);
    assert.ok(record, 'the cloud recorded it');
    assert.equal(record.bluetooth_symbolic, true);
    assert.equal(Number(record.sn), onLock[0].hardId);
    released();
    const listed = plain(await services.listPasswords(BLE));
    assert.deepEqual(
      listed.map((entry) => [entry.id, entry.name, entry.from, entry.to, entry.onLockId]),
      [[created.id, 'Cleaner', '2030-03-04', '2030-03-31', onLock[0].hardId]],
    );

    // The check code the cloud issued (DP 70), then the opening (DP 71), logged by the lock.
    const steps = [];
    assert.equal(unlocksLogged(), 0);
    assert.deepEqual(plain(await services.unlock(BLE, { bleId: BLE, onProgress: (step) => steps.push(step) })), { status: 'ok' });
    assert.deepEqual(steps, ['connecting', 'unlocking']);
    assert.equal(sim.state().unlocked, true);
    assert.equal(unlocksLogged(), 1);
    released();

    // A new schedule on the lock (DP 53), then in the cloud; the PIN stays.
    await services.modifyPassword(BLE, created.id, { ...FORM, name: 'Cleaner (Sat)', days: ['sat'] }, { bleId: BLE, hardId: listed[0].onLockId });
    assert.equal(sim.passwords()[0].validity.days, 64);
    assert.equal(sim.passwords()[0].password, created.password);
    assert.equal(record.name, 'Cleaner (Sat)');
    released();

    await services.deletePassword(BLE, created.id, { bleId: BLE, hardId: listed[0].onLockId });
    assert.equal(sim.passwords().length, 0, 'gone from the lock');
    assert.equal(record.deleted, true, 'gone from the cloud');
    assert.deepEqual(plain(await services.listPasswords(BLE)), []);
    released();

    // It all went over HTTP: the server half for the cloud, the bridge for Bluetooth.
    const paths = new Set(exchanges.map((exchange) => `${exchange.method} ${new URL(exchange.url).pathname}`));
    for (const path of ['POST /api', `POST /ble/${BLE}/connect`, `POST /ble/${BLE}/write`, `GET /ble/${BLE}/notifications`, `POST /ble/${BLE}/close`]) {
      assert.ok(paths.has(path), `${path} in ${[...paths].join(', ')}`);
    }
    assert.ok(
      exchanges.every((exchange) => exchange.status === 200 || exchange.status === null),
      JSON.stringify(exchanges.filter((e) => e.status !== 200).slice(0, 2)),
    );
    assert.ok(typeof home.accessKey === 'string' && home.accessKey.length >= 16);
    const wire = wireText(exchanges);
    assert.ok(wire.length > 1000 && wire.includes(created.password), 'the recording holds what was sent');
    assert.ok(!wire.includes(home.accessKey), 'the access key never reached the mini program');
    assert.ok(!wire.includes(Buffer.from(home.accessKey).toString('hex')), 'not even as hex');
  },
);

test(
  'another central holds the lock: the bridge\'s LOCK_BUSY is the page\'s "lock busy", nothing reaches the lock or the cloud',
  { timeout: 30000 },
  async () => {
    const { services, page, words } = launch();
    await services.listLocks();
    // Another app (the browser panel, say) on the lock.
    const other = await openBridgeAdapter({ url: devHome.url, deviceId: BLE });
    const events = sim.events().length;
    const records = home.emulator.state.devices[BLE].tempPasswords.length;
    try {
      for (const attempt of [() => services.unlock(BLE, { bleId: BLE }), () => services.createPassword(BLE, FORM, { bleId: BLE })]) {
        await assert.rejects(attempt(), (error) => {
          assert.equal(error.code, 'LOCK_BUSY', `${error.code}: ${error.message}`);
          assert.ok(!error.outcomeUnknown, 'a refused connect changed nothing');
          assert.match(error.message, /another phone or app/);
          assert.deepEqual(plain(page.failure(error)), { state: 'error', errorText: words().lockBusy });
          return true;
        });
      }
      assert.equal(sim.events().length, events, 'nothing reached the lock');
      assert.equal(home.emulator.state.devices[BLE].tempPasswords.length, records, 'nothing reached the cloud');
    } finally {
      await other.close();
    }
    // Once the other app lets go, the same phone opens the lock.
    const before = unlocksLogged();
    assert.deepEqual(plain(await services.unlock(BLE, { bleId: BLE })), { status: 'ok' });
    assert.equal(unlocksLogged(), before + 1);
    released();
  },
);

test("the mini program holds the lock: a second phone gets LOCK_BUSY, the first one's unlock goes through once", { timeout: 30000 }, async () => {
  // Phone A's first packet to the lock waits until phone B has been refused.
  let heldOnce = false;
  let letGo;
  const gate = new Promise((resolve) => {
    letGo = resolve;
  });
  let reached;
  const connected = new Promise((resolve) => {
    reached = resolve;
  });
  const hold = (params) => !heldOnce && /\/ble\/[^/]+\/write$/.test(params.url) && (heldOnce = true);
  hold.keep = (send) => {
    reached();
    let task = null;
    gate.then(() => {
      task = send();
    });
    return { abort: () => task && task.abort() };
  };
  const phoneA = launch({ hold });
  const phoneB = launch();
  await Promise.all([phoneA.services.listLocks(), phoneB.services.listLocks()]);
  const before = unlocksLogged();

  const unlocking = phoneA.services.unlock(BLE, { bleId: BLE });
  await connected;
  assert.notEqual(bridge.sessions()[BLE], null, 'phone A holds the lock');
  await assert.rejects(phoneB.services.unlock(BLE, { bleId: BLE }), (error) => {
    assert.equal(error.code, 'LOCK_BUSY', `${error.code}: ${error.message}`);
    assert.deepEqual(plain(phoneB.page.failure(error)), { state: 'error', errorText: phoneB.words().lockBusy });
    return true;
  });
  letGo();
  assert.deepEqual(plain(await unlocking), { status: 'ok' });
  assert.equal(unlocksLogged(), before + 1, "one opening, phone A's");
  released();
});

test('no phone above sent or received the access key', () => {
  const wire = wireText(everyExchange);
  assert.ok(everyExchange.length > 50 && wire.includes(BLE));
  assert.ok(!wire.includes(home.accessKey));
});
