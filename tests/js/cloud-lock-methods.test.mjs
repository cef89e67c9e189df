// The named client methods of a lock app's day against the emulated home: each sends its own
// action (the emulator's request log says so) and does what it says there; the page iterators
// visit every record once across pages, stop after the last page without an extra request, and
// stop on an aborted signal; refusals come from the core with the field's name and send nothing;
// codes are displayed as the lock's keypad expects them, checked against conversions written
// out by hand or made with BigInt, never with dl.displayPassword itself.
import test from 'node:test';
import assert from 'node:assert/strict';
import { emulatorModule, pkg } from './support/cloud.mjs';

const { createCloudClient } = pkg;
const { APP_SCHEMA, DEVICE_IDS: ids, OWNER_UID, USERS, createCloudEmulator, createInProcessTransport } = emulatorModule;

const dl = await pkg.loadDoorlock();
// doorLock.openingLogs takes a period in Unix milliseconds; this one holds the whole history.
const PERIOD = { start_time: 1600000000000, end_time: 1800000000000 };

function setup({ lockType = 'ble', intercept = {} } = {}) {
  const emulator = createCloudEmulator();
  const inner = createInProcessTransport(emulator);
  const sent = [];
  const transport = {
    send(request, options) {
      sent.push(JSON.parse(JSON.stringify(request)));
      const hook = intercept[request.action];
      return hook ? hook(request, options, () => inner.send(request, options)) : inner.send(request, options);
    },
  };
  const client = createCloudClient({ dl, transport, lockType, retry: { baseDelayMs: 1, random: () => 0 } });
  const lock = (type = lockType) => emulator.state.devices[ids[type]];
  // What the emulator carried out, in order (action names of successful requests).
  const executed = () => emulator.state.requests.filter((entry) => entry.ok).map((entry) => entry.action);
  return { emulator, client, sent, lock, executed };
}

// `count` more unlock records on the lock, a minute apart, after the fixture's history.
function addUnlockRecords(lock, count) {
  const last = Math.max(...lock.records.map((record) => record.time));
  for (let i = 1; i <= count; i++) {
    lock.records.push({ id: 200 + i, kind: 'unlock', time: last + i * 60000, dp_code: 'unlock_password', value: 2, user_id: '1002' });
  }
}

async function collect(iterable) {
  const pages = [];
  for await (const page of iterable) pages.push(page);
  return pages;
}

async function rejectsWith(promise, expected) {
  await assert.rejects(promise, (error) => {
    for (const [key, value] of Object.entries(expected)) assert.equal(error[key], value, `${key} of ${error.message}`);
    return true;
  });
}

test('unlock logs: pages by page_no visit every record once, newest first, and stop at the last page', async () => {
  const { client, lock, executed } = setup();
  addUnlockRecords(lock(), 23);
  const expected = lock()
    .records.filter((record) => record.kind === 'unlock')
    .sort((a, b) => b.time - a.time)
    .map((record) => Math.floor(record.time / 1000));
  assert.equal(expected.length, 26);

  const pages = await collect(client.listUnlockLogs.pages({ device_id: ids.ble, page_size: 5, ...PERIOD }));
  assert.deepEqual(
    pages.map((page) => page.logs.length),
    [5, 5, 5, 5, 5, 1],
  );
  assert.deepEqual(
    pages.flatMap((page) => page.logs.map((log) => log.update_time)),
    expected,
  );
  // Six pages, six requests: the total ends it, no empty seventh page is asked for.
  assert.equal(executed().filter((action) => action === 'doorLock.openingLogs').length, 6);

  // One page alone, as the action answers it.
  const second = await client.listUnlockLogs({ device_id: ids.ble, page_no: 2, page_size: 5, ...PERIOD });
  assert.equal(second.total, 26);
  assert.deepEqual(
    second.logs.map((log) => log.update_time),
    expected.slice(5, 10),
  );
});

test('alarm logs and unlock-and-alarm records page by page_no as well', async () => {
  const { client, lock, executed } = setup({ lockType: 'wifi' });
  addUnlockRecords(lock(), 7);
  const alarms = await collect(client.listAlarmLogs.pages({ device_id: ids.wifi, page_size: 1, codes: ['hijack', 'alarm_lock'] }));
  assert.deepEqual(
    alarms.map((page) => page.records[0].status[0].code),
    ['alarm_lock', 'hijack'],
  );
  assert.equal(executed().filter((action) => action === 'doorLock.alarmLogs').length, 2);

  const records = await collect(
    client.listUnlockAndAlarmRecords.pages({
      device_id: ids.wifi,
      target_standard_dp_codes: ['unlock_password', 'hijack'],
      start_time: 0,
      end_time: 0,
      page_size: 3,
    }),
  );
  // 1 password unlock in the fixture + 7 added + 1 hijack alarm = 9 = three full pages.
  assert.deepEqual(
    records.map((page) => page.records.length),
    [3, 3, 3],
  );
  assert.equal(new Set(records.flatMap((page) => page.records.map((record) => record.record_id))).size, 9);
  assert.equal(executed().filter((action) => action === 'doorLock.listRecords').length, 3);
});

test('operation logs page by lastRowKey until hasMore is false', async () => {
  const { client, lock, sent, executed } = setup();
  addUnlockRecords(lock(), 23);
  const all = lock().records.length;
  assert.equal(all, 29);
  const pages = await collect(client.listOperationLogs.pages({ device_id: ids.ble, startTime: 0, endTime: 0, pageSize: 4 }));
  assert.deepEqual(
    pages.map((page) => page.records.length),
    [4, 4, 4, 4, 4, 4, 4, 1],
  );
  const logIds = pages.flatMap((page) => page.records.map((record) => record.log_id));
  assert.equal(new Set(logIds).size, all);
  assert.equal(pages.at(-1).hasMore, false);
  assert.equal(executed().filter((action) => action === 'doorLock.operateRecords').length, 8);
  // Each request after the first continues from the row the previous answer named.
  const keys = sent.filter((request) => request.action === 'doorLock.operateRecords').map((request) => request.params.lastRowKey);
  assert.deepEqual(keys, [undefined, ...pages.slice(0, -1).map((page) => page.lastRowKey)]);
});

test('an answer that says "more" without a new row key ends the iteration with BAD_RESPONSE', async () => {
  const { client } = setup({
    intercept: {
      // The first answer is true to the home; the second repeats the key it was asked with.
      'doorLock.operateRecords': async (request, options, forward) => {
        const body = await forward();
        body.result.hasMore = true;
        if (request.params.lastRowKey !== undefined) body.result.lastRowKey = request.params.lastRowKey;
        return body;
      },
    },
  });
  const seen = [];
  await rejectsWith(
    (async () => {
      for await (const page of client.listOperationLogs.pages({ device_id: ids.ble, startTime: 0, endTime: 0, pageSize: 2 })) seen.push(page);
    })(),
    { code: 'BAD_RESPONSE' },
  );
  assert.equal(seen.length, 2, 'the pages that arrived were handed out first');
});

test('users and unlock methods page by page_no; a full last page costs one empty look', async () => {
  const { client, executed } = setup();
  const users = await collect(client.listUsers.pages({ device_id: ids.ble, target_standard_dp_codes: 'unlock_fingerprint,unlock_password', page_size: 2 }));
  assert.deepEqual(
    users.map((page) => page.map((user) => user.nick_name)),
    [['Owner', 'Alice'], ['Bob']],
  );
  assert.equal(executed().filter((action) => action === 'doorLock.listUsers').length, 2);

  // Two unallocated methods (card 3, fingerprint 4) in pages of two: the list has no total, so
  // an empty second page is what says it ended; it is not yielded.
  const free = await collect(client.listUnallocatedUnlockMethods.pages({ device_id: ids.ble, page_size: 2 }));
  assert.equal(free.length, 1);
  assert.equal(executed().filter((action) => action === 'doorLock.listUnallocatedOpmodes').length, 2);

  const mine = await collect(
    client.listUserUnlockMethods.pages({
      device_id: ids.ble,
      user_id: '1001',
      target_unlock_standard_dp_codes: 'unlock_fingerprint,unlock_password,unlock_card',
      page_size: 1,
    }),
  );
  assert.deepEqual(
    mine.map((page) => page.records.map((record) => record.unlock_sn)),
    [[1]],
  );
  assert.equal(executed().filter((action) => action === 'doorLock.listUserOpmodes').length, 1, 'has_more false ends it');
});

test('abort: between pages no further request is sent; a signal aborted up front sends nothing', async () => {
  const { client, lock, executed } = setup();
  addUnlockRecords(lock(), 23);
  const controller = new AbortController();
  const seen = [];
  await rejectsWith(
    (async () => {
      for await (const page of client.listUnlockLogs.pages({ device_id: ids.ble, page_size: 5, ...PERIOD }, { signal: controller.signal })) {
        seen.push(page);
        if (seen.length === 2) controller.abort();
      }
    })(),
    { code: 'ABORTED' },
  );
  assert.equal(seen.length, 2);
  assert.equal(executed().filter((action) => action === 'doorLock.openingLogs').length, 2);

  const before = executed().length;
  const aborted = AbortSignal.abort();
  await rejectsWith(collect(client.listOperationLogs.pages({ device_id: ids.ble, startTime: 0, endTime: 0, pageSize: 4 }, { signal: aborted })), {
    code: 'ABORTED',
  });
  assert.equal(executed().length, before);
});

test('abort while a page is in flight rejects with ABORTED and asks for no further page', async () => {
  const controller = new AbortController();
  let calls = 0;
  const { client, lock } = setup({
    intercept: {
      'doorLock.openingLogs': (request, options, forward) => {
        calls++;
        if (calls === 1) return forward();
        return new Promise((resolve, reject) => {
          options.signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'DoorlockError', code: 'ABORTED' })));
          controller.abort();
        });
      },
    },
  });
  addUnlockRecords(lock(), 23);
  await rejectsWith(collect(client.listUnlockLogs.pages({ device_id: ids.ble, page_size: 5, ...PERIOD }, { signal: controller.signal })), { code: 'ABORTED' });
  assert.equal(calls, 2);
});

test('every method sends its own action and the emulated home changes accordingly', async () => {
  const { client, lock, executed } = setup();
  const ble = { device_id: ids.ble };
  const steps = [
    ['getLatestLog', ble, 'doorLock.loglatest', (result) => assert.equal(result.logId, 6)],
    ['getUser', { ...ble, user_id: '1002' }, 'doorLock.getUser', (result) => assert.equal(result.nick_name, 'Alice')],
    [
      'allocateUnlockMethods',
      { ...ble, user_id: '1003', unlock_list: [{ dp_code: 'unlock_card', unlock_sn: 3 }] },
      'doorLock.allocateOpmode',
      () => assert.equal(lock().opmodes.find((entry) => entry.unlock_sn === 3).user_id, '1003'),
    ],
    [
      'deallocateUnlockMethod',
      { ...ble, user_id: '1003', dp_code: 'unlock_card', unlock_sn: 3 },
      'doorLock.deallocateOpmode',
      () => assert.equal(lock().opmodes.find((entry) => entry.unlock_sn === 3).user_id, null),
    ],
    [
      'enableDuressAlarm',
      { ...ble, unlock_no: 4, unlock_type: 'fingerprint' },
      'doorLock.setHijack',
      () => assert.equal(lock().opmodes.find((entry) => entry.unlock_sn === 4).unlock_attr, 1),
    ],
    [
      'disableDuressAlarm',
      { ...ble, unlock_no: 4, unlock_type: 'fingerprint' },
      'doorLock.removeHijack',
      () => assert.equal(lock().opmodes.find((entry) => entry.unlock_sn === 4).unlock_attr, 0),
    ],
    [
      'listRemoteUnlockMethods',
      ble,
      'doorLock.remoteUnlocks',
      (result) =>
        assert.deepEqual(
          result.map((entry) => [entry.remote_unlock_type, entry.open]),
          [
            ['remoteUnlockWithoutPwd', true],
            ['remoteUnlockWithPwd', true],
          ],
        ),
    ],
    [
      'setRemoteUnlock',
      { ...ble, remote_unlock_type: 'remoteUnlockWithPwd', open: false },
      'doorLock.remoteUnlockConfig',
      () => assert.equal(lock().remoteUnlock.remoteUnlockWithPwd, false),
    ],
    [
      'rejectRemoteUnlock',
      { device_id: ids.wifi, type: 1 },
      'doorLock.cancelPasswordFreeOpen',
      () => assert.equal(lock('wifi').pendingRemoteRequest, false),
      { lockType: 'wifi' },
    ],
    [
      'getUnlockMethodSync',
      { ...ble, target_standard_dp_codes: 'unlock_fingerprint,unlock_password' },
      'doorLock.getSyncableOpmodeTypes',
      (result) => assert.deepEqual([result.dp_id, result.distributed, result.ins], [54, true, '03']),
    ],
    [
      'deleteOfflinePassword',
      { ...ble, password_id: 5021 },
      'doorLock.deleteOfflinePassword',
      () =>
        assert.deepEqual(
          lock().offlinePasswords.map((entry) => entry.password_id),
          [5022],
        ),
    ],
    [
      'listTemporaryPasswords',
      { ...ble, valid: true },
      'doorLock.getTemporaryPasswordList',
      (result) =>
        assert.deepEqual(
          result.map((entry) => entry.password_id),
          [1021],
        ),
    ],
    ['getTemporaryPassword', { ...ble, password_id: 1021 }, 'doorLock.getTemporaryPassword', (result) => assert.equal(result.name, 'Cleaner')],
    [
      'renameTemporaryPassword',
      { ...ble, password_id: 1021, name: 'Window cleaner' },
      'doorLock.modifyTemporaryPassword',
      () => assert.equal(lock().tempPasswords.find((entry) => entry.password_id === 1021).name, 'Window cleaner'),
    ],
    [
      'deleteTemporaryPassword',
      { ...ble, password_id: 1021 },
      'doorLock.deleteTemporaryPassword',
      () => assert.equal(lock().tempPasswords.find((entry) => entry.password_id === 1021).deleted, true),
    ],
    [
      'removeInvalidTemporaryPasswords',
      ble,
      'doorLock.removalInvalidTempPasswords',
      () => assert.equal(lock().tempPasswords.find((entry) => entry.password_id === 1022).purged, true),
    ],
  ];
  for (const [method, params, action, check, options] of steps) {
    const before = emulatorCount(executed(), action);
    const result = await client[method](params, options);
    assert.equal(emulatorCount(executed(), action), before + 1, `${method} carries out ${action} once`);
    check(result);
  }
});

function emulatorCount(actions, action) {
  return actions.filter((entry) => entry === action).length;
}

test('sharing links: create, verify, accept; and create, cancel', async () => {
  const { client, emulator, executed } = setup();
  const detail = { biz_type: 'unlock_ble', available_times: 2, name: 'Jane' };
  const link = await client.createSharingLink({ device_id: ids.ble, app_schema: APP_SCHEMA, sharer: OWNER_UID, permission_detail: detail });
  const verified = await client.verifySharingLink({ sharing_ticket: link.sharing_ticket });
  assert.equal(verified.sharing_id, link.sharing_id);
  const accepted = await client.acceptSharingLink({
    sharing_id: link.sharing_id,
    app_schema: APP_SCHEMA,
    sharing_ticket: link.sharing_ticket,
    receiver: USERS[1].uid,
  });
  assert.equal(accepted.available_times, 2);
  const other = await client.createSharingLink({ device_id: ids.ble, app_schema: APP_SCHEMA, sharer: OWNER_UID, permission_detail: detail });
  assert.equal(await client.cancelSharingLink({ sharing_id: other.sharing_id, sharing_ticket: other.sharing_ticket }), true);
  assert.equal(emulator.state.sharings.get(other.sharing_id).state, 'cancelled');
  assert.deepEqual(executed(), [
    'doorLock.createPermissionSharing',
    'doorLock.verifyPermissionSharing',
    'doorLock.confirmPermissionSharing',
    'doorLock.createPermissionSharing',
    'doorLock.cancelPermissionSharing',
  ]);
});

test('unlockWithoutPassword: a fresh ticket, then doorLock.passwordFreeOpen once; the lock logs an app unlock', async () => {
  const { client, emulator, lock, sent } = setup();
  assert.equal(await client.unlockWithoutPassword({ device_id: ids.ble }), true);
  assert.deepEqual(
    sent.map((request) => request.action),
    ['doorLock.passwordTicket', 'doorLock.passwordFreeOpen'],
  );
  const [ticketId] = emulator.state.tickets.keys();
  assert.equal(sent[1].params.ticket_id, ticketId);
  assert.equal(emulator.state.tickets.get(ticketId).used, true);
  assert.equal(lock().records.at(-1).dp_code, 'unlock_app');

  // Switched off: the cloud's verdict, not an unknown outcome.
  lock().remoteUnlock.remoteUnlockWithoutPwd = false;
  await assert.rejects(client.unlockWithoutPassword({ device_id: ids.ble }), (error) => error.code === 'CLOUD_ERROR' && !error.outcomeUnknown);
});

test('changes are sent once: a lost answer is outcomeUnknown, a lost read answer is retried', async () => {
  let remoteUnlockSends = 0;
  let readSends = 0;
  const lost = () => Object.assign(new Error('connection reset'), { name: 'DoorlockError', code: 'NETWORK_ERROR', outcomeUnknown: true });
  const { client, executed } = setup({
    intercept: {
      'doorLock.remoteUnlockConfig': async (request, options, forward) => {
        remoteUnlockSends++;
        await forward();
        throw lost();
      },
      'doorLock.remoteUnlocks': async (request, options, forward) => {
        readSends++;
        if (readSends === 1) throw lost();
        return forward();
      },
      'doorLock.passwordFreeOpen': async () => ({ not: 'an envelope' }),
    },
  });
  await assert.rejects(
    client.setRemoteUnlock({ device_id: ids.ble, remote_unlock_type: 'remoteUnlockWithoutPwd', open: false }),
    (error) => error.code === 'NETWORK_ERROR' && error.outcomeUnknown === true,
  );
  assert.equal(remoteUnlockSends, 1);
  assert.equal(emulatorCount(executed(), 'doorLock.remoteUnlockConfig'), 1);

  const methods = await client.listRemoteUnlockMethods({ device_id: ids.ble });
  assert.equal(methods.length, 2);
  assert.equal(readSends, 2);

  await assert.rejects(client.unlockWithoutPassword({ device_id: ids.ble }), (error) => error.code === 'BAD_RESPONSE' && error.outcomeUnknown === true);
});

test('refusals come from the core with the field named, and nothing is sent', async () => {
  const { client, sent } = setup();
  const cases = [
    [() => client.listUnlockLogs({ device_id: ids.ble, page_no: 0, page_size: 5, ...PERIOD }), 'page_no'],
    [() => collect(client.listUnlockLogs.pages({ device_id: ids.ble, ...PERIOD })), 'page_size'],
    [() => collect(client.listOperationLogs.pages({ device_id: ids.ble, startTime: 0, endTime: 0, pageSize: 101 })), 'pageSize'],
    [() => client.allocateUnlockMethods({ device_id: ids.ble, unlock_list: [{ dp_code: 'unlock_card', unlock_sn: 3 }] }), 'user_id'],
    [() => client.enableDuressAlarm({ device_id: ids.ble, unlock_no: 4, unlock_type: 'iris' }), 'unlock_type'],
    [() => client.setRemoteUnlock({ device_id: ids.ble, remote_unlock_type: 'remoteUnlockWithoutPwd', open: 'yes' }), 'open'],
    [() => client.getUser({ device_id: ids.ble, user_id: '1002', extra: 1 }), 'extra'],
    [() => client.unlockWithoutPassword({ device_id: '' }), 'device_id'],
    [() => client.unlockWithoutPassword({ device_id: ids.ble, channel_id: 'door1' }), 'channel_id', 'UNSUPPORTED_FOR_LOCK_TYPE'],
    [() => client.getActivationTime({}), 'device_id'],
    [() => client.getDynamicPassword({ device_id: ids.ble }, { digitalBase: 3 }), 'digitalBase'],
    [() => client.getDynamicPassword({ device_id: ids.ble }, { digitalBase: 10, hideZero: true }), 'hideZero'],
  ];
  for (const [run, field, code = 'INVALID_ARGUMENT'] of cases) {
    await assert.rejects(run(), (error) => {
      assert.equal(error.name, 'DoorlockError');
      assert.equal(error.code, code, error.message);
      assert.equal(error.field, field, error.message);
      return true;
    });
  }
  // Operation logs exist on Wi-Fi and BLE locks only: refused for Zigbee by the catalog.
  await rejectsWith(client.listOperationLogs({ device_id: ids.zigbee, startTime: 0, endTime: 0, pageSize: 4 }, { lockType: 'zigbee' }), {
    code: 'UNSUPPORTED_FOR_LOCK_TYPE',
  });
  assert.deepEqual(sent, []);
});

test("T0: getActivationTime returns the lock's active_time, the value lock.pushT0 takes", async () => {
  const { client, lock, sent } = setup();
  const t0 = await client.getActivationTime({ device_id: ids.ble });
  assert.deepEqual(t0, { device_id: ids.ble, activeTime: 1700000000 });
  assert.equal(t0.activeTime, lock().active_time);
  assert.deepEqual(
    sent.map((request) => [request.action, request.params.device_ids]),
    [['device.getListByIds', ids.ble]],
  );
});

// Written out by hand from §6b.4: the code's value in the keypad's base, then each digit +1
// when the keypad has no 0.
const HAND_WORKED = [
  { password: '0123456789', digitalBase: 10, expected: '0123456789' },
  { password: '100', digitalBase: 8, expected: '144' }, // 1*64 + 4*8 + 4
  { password: '100', digitalBase: 8, hideZero: true, expected: '255' },
  { password: '255', digitalBase: 4, expected: '3333' }, // 3*64 + 3*16 + 3*4 + 3
  { password: '255', digitalBase: 4, hideZero: true, expected: '4444' },
  { password: '0123', digitalBase: 8, expected: '173' }, // the value 123: the leading 0 goes
  { password: '80', digitalBase: 9, hideZero: true, expected: '99' }, // 8*9 + 8
  { password: '0', digitalBase: 5, hideZero: true, expected: '1' },
];

test('dl.displayPassword matches conversions worked out by hand', () => {
  for (const { expected, ...args } of HAND_WORKED) assert.equal(dl.displayPassword(args), expected, JSON.stringify(args));
});

// BigInt's own base conversion, then +1 per digit: independent of the core.
function byBigInt(password, base, hideZero) {
  const digits = base === 10 ? password : BigInt(password).toString(base);
  return hideZero ? [...digits].map((digit) => String(Number(digit) + 1)).join('') : digits;
}

test("getDynamicPassword adds `display` in the keypad's base, checked against BigInt", async () => {
  const { client, sent } = setup();
  for (const [digitalBase, hideZero] of [
    [undefined, undefined],
    [10, false],
    [8, false],
    [9, true],
    [4, true],
    [6, false],
  ]) {
    const options = {};
    if (digitalBase !== undefined) options.digitalBase = digitalBase;
    if (hideZero !== undefined) options.hideZero = hideZero;
    const result = await client.getDynamicPassword({ device_id: ids.ble }, options);
    assert.match(result.dynamic_password, /^[0-9]{8}$/);
    assert.equal(result.display, byBigInt(result.dynamic_password, digitalBase ?? 10, hideZero ?? false), JSON.stringify(options));
  }
  assert.ok(sent.every((request) => request.action === 'doorLock.getDynamicPassword' && !('digitalBase' in request.params)));
  // Long codes are converted exactly, where a double would round.
  const long = '98765432109876543210';
  assert.equal(dl.displayPassword({ password: long, digitalBase: 7 }), byBigInt(long, 7, false));
  assert.equal(dl.displayPassword({ password: long, digitalBase: 5, hideZero: true }), byBigInt(long, 5, true));
});

test('dl.displayPassword refuses bad input by field and never echoes the code', () => {
  const cases = [
    [{ password: '12a45', digitalBase: 8 }, 'password'],
    [{ password: '', digitalBase: 8 }, 'password'],
    [{ password: 12345, digitalBase: 8 }, 'password'],
    [{ digitalBase: 8 }, 'password'],
    [{ password: '1'.repeat(33) }, 'password'],
    [{ password: '123', digitalBase: 11 }, 'digitalBase'],
    [{ password: '123', digitalBase: 8.5 }, 'digitalBase'],
    [{ password: '123', hideZero: 'yes', digitalBase: 8 }, 'hideZero'],
    [{ password: '123', hideZero: true }, 'hideZero'],
    [{ password: '123', base: 8 }, 'base'],
  ];
  for (const [args, field] of cases) {
    assert.throws(
      () => dl.displayPassword(args),
      (error) => {
        assert.equal(error.code, 'INVALID_ARGUMENT', error.message);
        assert.equal(error.field, field, error.message);
        assert.ok(!error.message.includes('12a45'));
        return true;
      },
      JSON.stringify(args),
    );
  }
});

test('the declarations name exactly the methods the client has', async () => {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { repoRoot } = await import('./support/load.mjs');
  const text = readFileSync(join(repoRoot, 'js', 'types', 'cloud-lock-methods.d.ts'), 'utf8');
  const body = text.slice(text.indexOf('export interface CloudLockMethods'));
  const declared = [...body.matchAll(/^ {2}(\w+)[:(]/gm)].map((match) => match[1]).sort();
  const { client } = setup();
  const base = new Set([
    'lockType',
    'transport',
    'readOnlyActions',
    'call',
    'createTemporaryPassword',
    'createTemporaryPasswordWithoutName',
    'modifyTemporaryPassword',
    'openDoor',
  ]);
  const present = Object.keys(client)
    .filter((name) => !base.has(name))
    .sort();
  assert.deepEqual(declared, present);
  for (const name of present) assert.equal(typeof client[name], 'function', name);
});

test("unlockWithoutPassword checks against the client's lock type before asking for a ticket", async () => {
  const { client, sent } = setup({ lockType: 'wifi_access_control' });
  await rejectsWith(client.unlockWithoutPassword({ device_id: ids.wifi_access_control }), { code: 'INVALID_ARGUMENT', field: 'channel_id' });
  assert.deepEqual(sent, []);
});

test("a dynamic password that is not digits is the cloud's bad answer, not the caller's mistake", async () => {
  const { client } = setup({
    intercept: { 'doorLock.getDynamicPassword': async () => ({ success: true, t: 1, result: { dynamic_password: 'vvvvvvvv' } }) },
  });
  await rejectsWith(client.getDynamicPassword({ device_id: ids.ble }, { digitalBase: 8 }), { code: 'BAD_RESPONSE' });
});
