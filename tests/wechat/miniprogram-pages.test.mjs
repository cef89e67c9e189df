// Every page of miniprogram-demo rendered by miniprogram-simulate (exparser and the official WXML
// compiler, tdesign-miniprogram's components) under Node with jsdom. The pages get the real
// service layer over the emulated home: the doorlock cloud function in front of the cloud
// emulator, and wx Bluetooth reaching the simulated lock. Failures, empty answers and a lost
// unlock answer come from services with one method replaced.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildProject, loadSimulate, renderPage, demoDir, tap } from './support/simulate.mjs';
import { loadCloudFunction, wxCloudFor } from './support/cloud-function.mjs';
import { createFakeWx, wxOnSimulatedLock } from '../js/support/fake-wx.mjs';
import { packageDir } from '../js/support/load.mjs';
import { DEVICE_IDS, EMULATOR_ACCESS_ID } from '../../tools/cloud-emulator/index.mjs';
import { createHome } from '../../tools/home/index.mjs';
import { startDevHome } from '../../miniprogram-demo/scripts/dev-home.mjs';
import { wxOverHttp } from '../js/support/wx-over-http.mjs';

const require = createRequire(import.meta.url);
const BLE_ID = 'AA:BB';
const OWNER = 'oOWNER0000000000000000000001';
const CONFIG = {
  mode: 'production',
  production: { functionName: 'doorlock' },
  locks: [
    { deviceId: DEVICE_IDS.ble, lockType: 'ble' },
    { deviceId: DEVICE_IDS.wifi, lockType: 'wifi' },
  ],
  timeZone: '+08:00',
};

const simulate = loadSimulate();
const project = buildProject();
const home = await createHome({ protocol: 3, mtu: 20, server: { accessId: EMULATOR_ACCESS_ID } });
const sim = home.locks[DEVICE_IDS.ble];
const doorlockFunction = loadCloudFunction({
  caller: { openId: OWNER },
  collection: [{ accessId: home.accessId, accessKey: home.accessKey, upstreamUrl: home.url, allowedOpenIds: [OWNER] }],
});
const bluetooth = createFakeWx({
  peripheral: (bytes) => sim.receive(bytes),
  advertising: [
    { deviceId: BLE_ID, name: 'Garage', localName: 'Garage', RSSI: -52, serviceData: { '0000A201-0000-1000-8000-00805F9B34FB': new ArrayBuffer(2) } },
  ],
});
// What the service layer calls: WeChat's Bluetooth (reaching the simulated lock) and cloud.
const serviceWx = {
  ...wxOnSimulatedLock(bluetooth, sim),
  cloud: wxCloudFor(doorlockFunction),
};
const { createServices } = require(join(demoDir, 'services', 'index.js'));
const sdk = require(join(packageDir, 'dist', 'node.cjs'));
const services = createServices({ config: CONFIG, wx: serviceWx, sdk });

// What the pages call on wx (navigation, modals, storage, settings), recorded.
const pageWx = { navigations: [], toasts: [], modals: [], modalAnswer: true, authSetting: { 'scope.bluetooth': true }, storage: new Map() };
Object.assign(globalThis.wx, {
  navigateTo: ({ url }) => pageWx.navigations.push(url),
  navigateBack: () => pageWx.navigations.push('back'),
  showToast: ({ title }) => pageWx.toasts.push(title),
  showModal: (params) => {
    pageWx.modals.push(params.content || params.title);
    setTimeout(() => params.success && params.success({ confirm: pageWx.modalAnswer, cancel: !pageWx.modalAnswer }));
  },
  getSetting: (params) => setTimeout(() => params.success({ authSetting: pageWx.authSetting })),
  authorize: (params) => setTimeout(() => params.fail({ errMsg: 'authorize:fail auth deny' })),
  openSetting: (params) => setTimeout(() => params.success({ authSetting: pageWx.authSetting })),
  getStorageSync: (key) => pageWx.storage.get(key) ?? '',
  setStorageSync: (key, value) => pageWx.storage.set(key, value),
  stopPullDownRefresh: () => {},
  setNavigationBarTitle: ({ title }) => {
    pageWx.title = title;
  },
});
let current = services;
globalThis.getApp = () => ({ services: current });
// The project copy's own modules (the ones the pages required).
const i18n = require(join(project.root, 'i18n', 'index.js'));

test.after(async () => {
  await home.close();
  project.cleanup();
});

function withServices(overrides, run) {
  current = { ...services, ...overrides };
  return run().finally(() => {
    current = services;
  });
}

async function waitFor(check, what) {
  const deadline = Date.now() + 8000;
  for (;;) {
    if (check()) return;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await simulate.sleep(10);
  }
}

const text = (page) => page.dom.textContent.replace(/\s+/g, ' ');
const all = (page, selector) => page.querySelectorAll(selector);

function failure(message, extra = {}) {
  return Object.assign(new Error(message), { name: 'DoorlockError', code: 'NETWORK_ERROR', ...extra });
}

test('locks: each lock with online state and battery, then English', async () => {
  const page = renderPage(project.root, 'pages/locks/index');
  const loading = page.instance.onLoad({});
  assert.match(text(page), /加载中/);
  await loading;
  await waitFor(() => page.data.state === 'ready', 'the locks');
  const rows = all(page, '.lock');
  assert.equal(rows.length, 2);
  const garage = rows.find((row) => row.dom.textContent.includes('Garage (BLE)'));
  assert.ok(garage, text(page));
  assert.match(garage.dom.textContent, /电量 87%/);
  assert.match(garage.dom.textContent, /在线/);
  assert.match(garage.dom.textContent, /蓝牙锁/);
  assert.match(garage.dom.textContent, /蓝牙开锁/);
  const wifi = rows.find((row) => row !== garage);
  assert.doesNotMatch(wifi.dom.textContent, /蓝牙锁|蓝牙开锁/, 'a Wi-Fi lock has no Bluetooth unlock here');

  tap(page.querySelector(`#passwords-${rows.indexOf(garage)}`));
  await waitFor(() => pageWx.navigations.length > 0, 'a navigation');
  assert.equal(pageWx.navigations.pop(), `/packages/lock/passwords/index?deviceId=${DEVICE_IDS.ble}`);

  tap(page.querySelector('#language'));
  await waitFor(() => /My locks/.test(text(page)) && page.data.state === 'ready', 'English');
  assert.match(text(page), /Battery 87%/);
  assert.match(text(page), /Online/);
  await page.instance.onLoad({});
  assert.equal(pageWx.title, 'My locks', 'the navigation bar follows the language');
  assert.equal(pageWx.storage.get('doorlock.language'), 'en');
  i18n.setLanguage('zh');
});

test('locks: empty, error and retry', async () => {
  await withServices({ listLocks: async () => [] }, async () => {
    const page = renderPage(project.root, 'pages/locks/index');
    await page.instance.onLoad({});
    await waitFor(() => page.data.state === 'empty', 'the empty state');
    assert.match(text(page), /还没有门锁/);
    assert.equal(all(page, '.lock').length, 0);
  });
  let calls = 0;
  await withServices(
    {
      listLocks: async () => {
        calls++;
        if (calls === 1) throw failure('wx.cloud.callFunction failed: timeout');
        return services.listLocks();
      },
    },
    async () => {
      const page = renderPage(project.root, 'pages/locks/index');
      await page.instance.onLoad({});
      await waitFor(() => page.data.state === 'error', 'the error state');
      assert.match(text(page), /出错了/);
      assert.match(text(page), /NETWORK_ERROR: wx.cloud.callFunction failed: timeout/);
      tap(page.querySelector('#state').querySelector('#retry'));
      await waitFor(() => page.data.state === 'ready', 'the retried list');
      assert.equal(all(page, '.lock').length, 2);
    },
  );
});

test('temporary passwords: create with date, time and weekday pickers, list, edit, delete', async () => {
  const edit = renderPage(project.root, 'packages/lock/password-edit/index');
  await edit.instance.onLoad({ deviceId: DEVICE_IDS.wifi });
  const labels = text(edit);
  for (const day of ['日', '一', '二', '三', '四', '五', '六']) assert.ok(labels.includes(day), `weekday ${day}`);
  assert.equal(all(edit, '.picker').length, 4, 'two date pickers and two time pickers');
  edit.instance.onName({ detail: { value: 'Dog walker' } });
  edit.instance.onPick({ currentTarget: { dataset: { field: 'startDate' } }, detail: { value: '2030-03-04' } });
  edit.instance.onPick({ currentTarget: { dataset: { field: 'endDate' } }, detail: { value: '2030-03-31' } });
  edit.instance.onPick({ currentTarget: { dataset: { field: 'startTime' } }, detail: { value: '09:00' } });
  edit.instance.onDays({ detail: { value: ['mon', 'wed', 'fri'] } });
  await simulate.sleep(0);
  assert.match(text(edit), /2030-03-04/);
  assert.match(text(edit), /09:00/);
  tap(edit.querySelector('#save'));
  await waitFor(() => edit.data.createdText || edit.data.errorText, 'the created password');
  assert.equal(edit.data.errorText, '');
  const pin = /已创建，密码 (\d{7})/.exec(text(edit));
  assert.ok(pin, text(edit));
  const stored = home.emulator.state.devices[DEVICE_IDS.wifi].tempPasswords.find((entry) => entry.name === 'Dog walker' && !entry.deleted);
  assert.equal(stored.pin, pin[1], 'the cloud holds the PIN the page showed');
  assert.equal(JSON.stringify(stored.schedule_list), JSON.stringify([{ effective_time: 540, invalid_time: 1080, working_day: 42 }]));

  const list = renderPage(project.root, 'packages/lock/passwords/index');
  await list.instance.onLoad({ deviceId: DEVICE_IDS.wifi });
  await waitFor(() => list.data.state === 'ready', 'the list');
  const row = all(list, '.password').find((node) => node.dom.textContent.includes('Dog walker'));
  assert.ok(row, text(list));
  assert.match(row.dom.textContent, /2030-03-04 至 2030-03-31/);
  assert.match(row.dom.textContent, /一 三 五 09:00-18:00/);

  // Edit: the page opens with the password's values and saves a new name.
  const editing = renderPage(project.root, 'packages/lock/password-edit/index');
  await editing.instance.onLoad({ deviceId: DEVICE_IDS.wifi, passwordId: String(stored.password_id) });
  assert.equal(editing.data.form.name, 'Dog walker');
  assert.deepEqual([...editing.data.form.days], ['mon', 'wed', 'fri']);
  editing.instance.onName({ detail: { value: 'Dog walker (new)' } });
  tap(editing.querySelector('#save'));
  await waitFor(() => pageWx.navigations.at(-1) === 'back', 'the edit to be saved');
  assert.equal(stored.name, 'Dog walker (new)');
  assert.equal(stored.pin, pin[1]);

  // Delete, confirmed in the modal: the list reloads without it.
  await list.instance.load();
  const index = all(list, '.password').findIndex((node) => node.dom.textContent.includes('Dog walker (new)'));
  const before = list.data.passwords.length;
  tap(list.querySelector(`#delete-${index}`));
  await waitFor(() => stored.deleted === true && list.data.passwords.length === before - 1, 'the deletion');
  assert.doesNotMatch(text(list), /Dog walker \(new\)/);
});

test('temporary passwords on a Bluetooth-only lock: stored on the lock; deleting needs the lock at hand', async () => {
  const form = { name: 'Gardener', startDate: '2030-05-01', endDate: '2030-05-31', startTime: '07:00', endTime: '12:00', days: ['tue', 'thu'] };
  const created = await services.createPassword(DEVICE_IDS.ble, form, { bleId: BLE_ID });
  const page = renderPage(project.root, 'packages/lock/passwords/index');
  // Opened from the locks list: no Bluetooth connection chosen yet.
  await page.instance.onLoad({ deviceId: DEVICE_IDS.ble });
  await waitFor(() => page.data.state === 'ready', 'the list');
  const index = all(page, '.password').findIndex((node) => node.dom.textContent.includes('Gardener'));
  assert.ok(index >= 0, text(page));
  assert.match(all(page, '.password')[index].dom.textContent, /已存入门锁.*二 四 07:00-12:00/);
  const modals = pageWx.modals.length;
  tap(page.querySelector(`#delete-${index}`));
  await waitFor(() => pageWx.modals.length === modals + 2, 'the confirmation, then the refusal');
  assert.match(pageWx.modals.at(-1), /蓝牙锁的密码存在门锁上/);
  assert.equal(page.data.state, 'ready', 'the list stays');
  const record = home.emulator.state.devices[DEVICE_IDS.ble].tempPasswords.find((entry) => entry.password_id === created.id);
  assert.equal(record.deleted, false, 'nothing was deleted');
  assert.ok(
    sim.passwords().some((entry) => entry.password === created.password),
    'the lock still holds it',
  );
});

test('temporary passwords: empty and error states', async () => {
  await withServices({ listPasswords: async () => [] }, async () => {
    const page = renderPage(project.root, 'packages/lock/passwords/index');
    await page.instance.onLoad({ deviceId: DEVICE_IDS.ble });
    assert.match(text(page), /还没有临时密码/);
  });
  await withServices(
    {
      listPasswords: async () => {
        throw failure('cloud code 1106: permission deny', { code: 'CLOUD_ERROR' });
      },
    },
    async () => {
      const page = renderPage(project.root, 'packages/lock/passwords/index');
      await page.instance.onLoad({ deviceId: DEVICE_IDS.ble });
      assert.match(text(page), /出错了/);
      assert.match(text(page), /CLOUD_ERROR: cloud code 1106/);
    },
  );
});

test('temporary passwords: a create whose answer was lost says it may have been made', async () => {
  let creates = 0;
  const lost = async () => {
    creates++;
    throw failure('no answer from the cloud', { code: 'TIMEOUT', outcomeUnknown: true });
  };
  await withServices({ createPassword: lost }, async () => {
    const edit = renderPage(project.root, 'packages/lock/password-edit/index');
    await edit.instance.onLoad({ deviceId: DEVICE_IDS.wifi });
    tap(edit.querySelector('#save'));
    await waitFor(() => edit.data.errorText, 'the outcome');
    assert.match(text(edit), /结果未知：操作可能已经生效，请刷新后确认再重试 \(TIMEOUT\)/);
    assert.equal(edit.data.createdText, '');
    assert.equal(creates, 1);
  });
});

test('Bluetooth unlock: scan list, progress, unlocked', async () => {
  const page = renderPage(project.root, 'packages/lock/unlock/index');
  page.instance.onLoad({ deviceId: DEVICE_IDS.ble });
  tap(page.querySelector('#scan'));
  await waitFor(() => page.data.phase === 'scanned', 'the scan');
  assert.ok(page.querySelector('#device-0'));
  assert.equal(page.querySelector('#device-1'), undefined, 'one lock nearby');
  assert.match(text(page), /Garage\s*-52 dBm/);
  tap(page.querySelector('#device-0'));
  await waitFor(() => page.data.phase === 'unlocking', 'the unlock to start');
  assert.match(text(page), /正在/);
  await waitFor(() => page.data.phase !== 'unlocking', 'the unlock');
  assert.equal(page.data.phase, 'unlocked', page.data.errorText);
  assert.match(text(page), /已开锁/);
  assert.equal(sim.state().unlocked, true);
});

test('Bluetooth unlock: a lost answer shows "the door may have opened", not an error', async () => {
  let unlocks = 0;
  const lost = async () => {
    unlocks++;
    throw failure('no reply to the unlock within 5000 ms', { code: 'TIMEOUT', outcomeUnknown: true });
  };
  await withServices({ unlock: lost, scanLocks: async () => [{ bleId: BLE_ID, name: 'Garage', rssi: -60 }] }, async () => {
    const page = renderPage(project.root, 'packages/lock/unlock/index');
    page.instance.onLoad({ deviceId: DEVICE_IDS.ble });
    tap(page.querySelector('#scan'));
    await waitFor(() => page.data.phase === 'scanned', 'the scan');
    tap(page.querySelector('#device-0'));
    await waitFor(() => page.data.phase === 'outcomeUnknown', 'the unknown outcome');
    assert.match(text(page), /门可能已打开/);
    assert.match(text(page), /请先查看门是否已打开/);
    assert.doesNotMatch(text(page), /出错了|已开锁/);
    assert.equal(unlocks, 1, 'the page does not try again by itself');
  });
  await withServices(
    {
      unlock: async () => {
        throw failure('the lock refused the unlock (check code)', { code: 'LOCK_REJECTED' });
      },
      scanLocks: async () => [{ bleId: BLE_ID, name: 'Garage', rssi: -60 }],
    },
    async () => {
      const page = renderPage(project.root, 'packages/lock/unlock/index');
      page.instance.onLoad({ deviceId: DEVICE_IDS.ble });
      tap(page.querySelector('#scan'));
      await waitFor(() => page.data.phase === 'scanned', 'the scan');
      tap(page.querySelector('#device-0'));
      await waitFor(() => page.data.phase === 'error', 'the refusal');
      assert.match(text(page), /LOCK_REJECTED: the lock refused the unlock/);
      assert.doesNotMatch(text(page), /门可能已打开/);
    },
  );
});

test('Bluetooth unlock in development mode: another app holds the bridged lock, the page says the lock is busy', async () => {
  const devHome = await startDevHome({ port: 0 });
  const other = await sdk.openBridgeAdapter({ url: devHome.url, deviceId: DEVICE_IDS.ble });
  const devServices = createServices({ config: { ...CONFIG, ...devHome.config, locks: CONFIG.locks }, wx: wxOverHttp(), sdk });
  try {
    await withServices(devServices, async () => {
      const page = renderPage(project.root, 'packages/lock/unlock/index');
      page.instance.onLoad({ deviceId: DEVICE_IDS.ble });
      tap(page.querySelector('#scan'));
      await waitFor(() => page.data.phase === 'scanned', 'the scan');
      tap(page.querySelector('#device-0'));
      await waitFor(() => page.data.phase === 'error', 'the refusal');
      assert.match(text(page), /门锁正与其他手机或应用连接/);
      assert.doesNotMatch(text(page), /门可能已打开|已开锁/);
    });
    assert.equal(devHome.panel.home.locks[DEVICE_IDS.ble].state().unlocked, false, 'nothing reached the lock');
  } finally {
    await other.close();
    await devHome.close();
  }
});

test('Bluetooth unlock: scope.bluetooth refused, the user declines the settings page', async () => {
  pageWx.authSetting = { 'scope.bluetooth': false };
  pageWx.modalAnswer = false;
  try {
    const page = renderPage(project.root, 'packages/lock/unlock/index');
    page.instance.onLoad({ deviceId: DEVICE_IDS.ble });
    tap(page.querySelector('#scan'));
    await waitFor(() => page.data.phase === 'error', 'the refusal');
    assert.match(text(page), /需要蓝牙权限才能连接门锁/);
    assert.equal(page.data.devices.length, 0);
  } finally {
    pageWx.authSetting = { 'scope.bluetooth': true };
    pageWx.modalAnswer = true;
  }
});

test('records: a page at a time, then no more', async () => {
  const page = renderPage(project.root, 'packages/lock/logs/index');
  await page.instance.onLoad({ deviceId: DEVICE_IDS.wifi });
  await waitFor(() => page.data.state === 'ready', 'the records');
  const rows = all(page, '.log');
  assert.ok(rows.length >= 2, text(page));
  assert.match(text(page), /Alice PIN/);
  assert.match(text(page), /没有更多了/);

  const pages = {
    1: { rows: [{ id: 'r1', who: 'Alice', method: 'Alice PIN', time: '2030-03-04 08:01' }], hasMore: true, total: 2 },
    2: { rows: [{ id: 'r2', who: 'Bob', method: 'Card 3', time: '2030-03-04 07:00' }], hasMore: false, total: 2 },
  };
  await withServices({ listLogs: async (deviceId, { page: number }) => pages[number] }, async () => {
    const paged = renderPage(project.root, 'packages/lock/logs/index');
    await paged.instance.onLoad({ deviceId: DEVICE_IDS.ble });
    assert.equal(all(paged, '.log').length, 1);
    assert.match(text(paged), /加载更多/);
    tap(paged.querySelector('#more'));
    await waitFor(() => all(paged, '.log').length === 2, 'the second page');
    assert.match(text(paged), /Card 3/);
    assert.match(text(paged), /没有更多了/);
  });
  await withServices({ listLogs: async () => ({ rows: [], hasMore: false, total: 0 }) }, async () => {
    const empty = renderPage(project.root, 'packages/lock/logs/index');
    await empty.instance.onLoad({ deviceId: DEVICE_IDS.ble });
    assert.match(text(empty), /还没有开门记录/);
  });
});

test('members and their unlock methods', async () => {
  const page = renderPage(project.root, 'packages/lock/members/index');
  await page.instance.onLoad({ deviceId: DEVICE_IDS.wifi });
  await waitFor(() => page.data.state === 'ready', 'the members');
  const members = all(page, '.member');
  assert.equal(members.length, 3);
  assert.match(members[0].dom.textContent, /Owner.*管理员（主人）.*Owner thumb.*指纹/);
  assert.match(members[1].dom.textContent, /Alice.*Alice PIN.*密码/);
  await withServices(
    {
      listMembers: async () => {
        throw failure('request:fail timeout');
      },
    },
    async () => {
      const failed = renderPage(project.root, 'packages/lock/members/index');
      await failed.instance.onLoad({ deviceId: DEVICE_IDS.wifi });
      assert.match(text(failed), /出错了/);
    },
  );
});

test('offline and dynamic passwords', async () => {
  const page = renderPage(project.root, 'packages/lock/offline/index');
  page.instance.onLoad({ deviceId: DEVICE_IDS.wifi });
  tap(page.querySelector('#get-dynamic'));
  await waitFor(() => page.data.dynamic || page.data.errorText, 'the dynamic password');
  assert.match(page.querySelector('.dynamic').dom.textContent, /^\d{8}$/);
  page.instance.onOfflineId({ detail: { value: '999' } });
  tap(page.querySelector('#delete-offline'));
  await waitFor(() => page.data.errorText, 'the refusal');
  assert.match(text(page), /999/, 'the cloud says there is no offline password 999');
});

test('privacy: WeChat asks, the pop-up shows, agreeing answers WeChat', async () => {
  const privacy = require(join(project.root, 'utils', 'privacy.js'));
  const page = renderPage(project.root, 'packages/lock/unlock/index');
  page.instance.onLoad({ deviceId: DEVICE_IDS.ble });
  assert.doesNotMatch(text(page), /隐私保护提示/);
  const answers = [];
  privacy.request((answer) => answers.push(answer));
  await waitFor(() => /隐私保护提示/.test(text(page)), 'the pop-up');
  const agree = page.querySelector('#privacy').querySelector('#privacy-agree');
  agree.dispatchEvent('agreeprivacyauthorization');
  await waitFor(() => answers.length === 1, 'the answer');
  assert.deepEqual(answers, [{ buttonId: 'privacy-agree', event: 'agree' }]);
});
