// Every entry of dl.actions() round-trips through the cloud emulator: dl.buildRequest (or the
// ticket flow) -> transport -> the emulator's own checks and model -> dl.parseResponse. The
// emulator reads the reference independently of the catalog, so a request the SDK builds wrongly
// or an answer it parses wrongly fails here. Each step also checks the emulator's state, so a
// request that "succeeds" without doing what it says fails too. Run twice: in process and over HTTP.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './support/load.mjs';
import { emulatorModule, pkg } from './support/cloud.mjs';

const { createCloudClient, createNodeHttpTransport } = pkg;
const {
  APP_SCHEMA,
  DEVICE_IDS: ids,
  DOOR_PINS,
  EMULATOR_ACCESS_KEY,
  HOME_ID,
  OWNER_UID,
  USERS,
  createCloudEmulator,
  createInProcessTransport,
  startCloudEmulator,
} = emulatorModule;

const dl = await pkg.loadDoorlock();
const nowSeconds = () => Math.floor(Date.now() / 1000);
const device = (ctx, lockType) => ctx.state.devices[ids[lockType]];
const temp = (ctx, lockType, id) => device(ctx, lockType).tempPasswords.find((entry) => entry.password_id === id);

// One step per catalog entry ("name" or "name/form"), in an order where each finds what it needs.
// `run(ctx)` returns the parsed result; `check(result, ctx)` looks at it and at the emulator.
const STEPS = [
  [
    'doorLock.alarmLogs',
    {
      run: (ctx) => ctx.call('doorLock.alarmLogs', { device_id: ids.wifi, page_no: 1, page_size: 20, codes: 'hijack,alarm_lock' }, 'wifi'),
      check(result) {
        assert.equal(result.total, 2);
        assert.equal(result.records.length, 2);
        assert.ok(result.records.every((record) => typeof record.update_time === 'number'));
      },
    },
  ],
  [
    'doorLock.listRecords',
    {
      run: (ctx) =>
        ctx.call(
          'doorLock.listRecords',
          {
            device_id: ids.ble,
            target_standard_dp_codes: ['unlock_fingerprint', 'unlock_password'],
            start_time: 0,
            end_time: 0,
            page_no: 1,
            page_size: 10,
          },
          'ble',
        ),
      check(result) {
        assert.equal(result.total, 2);
        assert.deepEqual(
          result.records.map((record) => record.record_type),
          ['normal', 'normal'],
        );
      },
    },
  ],
  [
    'doorLock.operateRecords',
    {
      run: (ctx) => ctx.call('doorLock.operateRecords', { device_id: ids.wifi, startTime: 0, endTime: 0, logCategories: 'unlock_record', pageSize: 2 }, 'wifi'),
      check(result) {
        assert.equal(result.records.length, 2);
        assert.equal(result.hasMore, true);
        assert.ok(result.records.every((record) => record.log_category === 'unlock_record'));
      },
    },
  ],
  [
    'doorLock.loglatest',
    {
      run: (ctx) => ctx.call('doorLock.loglatest', { device_id: ids.ble }, 'ble'),
      check: (result) => assert.equal(result.logId, 6),
    },
  ],
  [
    'doorLock.getAvailableInstructions',
    {
      run: (ctx) => ctx.call('doorLock.getAvailableInstructions', { device_id: ids.wifi }, 'wifi'),
      check: (result) => assert.ok(result.some((entry) => entry.dp_code === 'unlock_password' && entry.dp_id === 13)),
    },
  ],
  [
    'doorLock.passwordTicket',
    {
      run: (ctx) => ctx.call('doorLock.passwordTicket', { device_id: ids.wifi }, 'wifi'),
      check(result, ctx) {
        assert.match(result.ticket_key, /^[0-9A-F]{64}$/);
        assert.equal(result.expire_time, 300);
        assert.ok(ctx.state.tickets.has(result.ticket_id));
      },
    },
  ],
  [
    'doorLock.passwordFreeOpen',
    {
      async run(ctx) {
        const ticket = await ctx.call('doorLock.passwordTicket', { device_id: ids.standard_wifi }, 'standard_wifi');
        ctx.unlocksBefore = device(ctx, 'standard_wifi').records.length;
        ctx.ticketId = ticket.ticket_id;
        return ctx.call('doorLock.passwordFreeOpen', { device_id: ids.standard_wifi, ticket_id: ticket.ticket_id }, 'standard_wifi');
      },
      check(result, ctx) {
        assert.equal(result, true);
        assert.equal(device(ctx, 'standard_wifi').records.length, ctx.unlocksBefore + 1);
        assert.equal(ctx.state.tickets.get(ctx.ticketId).used, true);
      },
    },
  ],
  [
    'doorLock.openingLogs',
    {
      run: (ctx) =>
        ctx.call('doorLock.openingLogs', { device_id: ids.zigbee, page_no: 1, page_size: 20, start_time: 1700000000000, end_time: Date.now() }, 'zigbee'),
      check(result) {
        assert.equal(result.total, 3);
        assert.ok(result.logs.some((log) => JSON.stringify(log.status).includes('unlock_finger')));
      },
    },
  ],
  [
    'doorLock.getDynamicPassword',
    {
      run: (ctx) => ctx.call('doorLock.getDynamicPassword', { device_id: ids.ble }, 'ble'),
      check: (result) => assert.match(result.dynamic_password, /^\d{8}$/),
    },
  ],
  [
    'doorLock.getTemporaryPassword',
    {
      run: (ctx) => ctx.call('doorLock.getTemporaryPassword', { device_id: ids.wifi_access_control, password_id: 1041 }, 'wifi_access_control'),
      check(result) {
        assert.equal(result.password_id, 1041);
        assert.equal(result.name, 'Cleaner');
        assert.deepEqual(result.schedule_list, [{ effective_time: 540, invalid_time: 720, working_day: 42 }]);
      },
    },
  ],
  [
    'doorLock.getTemporaryPasswordList',
    {
      run: (ctx) => ctx.call('doorLock.getTemporaryPasswordList', { device_id: ids.zigbee, valid: true }, 'zigbee'),
      check: (result) =>
        assert.deepEqual(
          result.map((entry) => entry.password_id),
          [1011],
        ),
    },
  ],
  [
    'doorLock.createTemporaryPassword',
    {
      run: (ctx) =>
        ctx.client.createTemporaryPassword(
          {
            device_id: ids.wifi,
            name: 'Plumber',
            password: '4815162',
            effective_time: nowSeconds(),
            invalid_time: nowSeconds() + 3600,
            phone: '13800000009',
          },
          { lockType: 'wifi' },
        ),
      check(result, ctx) {
        const stored = temp(ctx, 'wifi', result.id);
        assert.equal(stored.pin, '4815162');
        assert.equal(stored.name, 'Plumber');
        assert.equal(stored.phone, '13800000009');
      },
    },
  ],
  [
    'doorLock.createTemporaryPasswordWithoutName',
    {
      run: (ctx) =>
        ctx.client.createTemporaryPasswordWithoutName(
          {
            device_id: ids.ble,
            password: '481516',
            schedule: {
              effectiveTime: nowSeconds(),
              invalidTime: nowSeconds() + 7 * 86400,
              timeZone: 'Asia/Shanghai',
              windows: [{ start: '07:30', end: '18:00', days: ['mon', 'tue', 'fri'] }],
            },
          },
          { lockType: 'ble' },
        ),
      check(result, ctx) {
        const stored = temp(ctx, 'ble', result.id);
        assert.equal(stored.pin, '481516');
        assert.equal(stored.time_zone, 'Asia/Shanghai');
        assert.deepEqual(stored.schedule_list, [{ effective_time: 450, invalid_time: 1080, working_day: 38 }]);
      },
    },
  ],
  [
    'doorLock.modifyTemporaryPassword/modify',
    {
      run: (ctx) =>
        ctx.client.modifyTemporaryPassword(
          {
            device_id: ids.zigbee,
            password_id: 1011,
            password: '112358',
            effective_time: nowSeconds(),
            invalid_time: nowSeconds() + 600,
            type: 1,
          },
          { lockType: 'zigbee' },
        ),
      check(result, ctx) {
        assert.equal(result, true);
        const stored = temp(ctx, 'zigbee', 1011);
        assert.equal(stored.pin, '112358');
        assert.equal(stored.type, 1);
      },
    },
  ],
  [
    'doorLock.modifyTemporaryPassword/rename',
    {
      run: (ctx) => ctx.call('doorLock.modifyTemporaryPassword', { device_id: ids.ble, password_id: 1021, name: 'Window cleaner' }, 'ble'),
      check(result, ctx) {
        assert.equal(result, true);
        assert.equal(temp(ctx, 'ble', 1021).name, 'Window cleaner');
        assert.equal(temp(ctx, 'ble', 1021).pin, '135791', 'renaming keeps the PIN');
      },
    },
  ],
  [
    'doorLock.deleteTemporaryPassword',
    {
      run: (ctx) => ctx.call('doorLock.deleteTemporaryPassword', { device_id: ids.wifi_access_control, password_id: 1041 }, 'wifi_access_control'),
      check: (result, ctx) => assert.equal(temp(ctx, 'wifi_access_control', 1041).deleted, true),
    },
  ],
  [
    'doorLock.removalInvalidTempPasswords',
    {
      run: (ctx) => ctx.call('doorLock.removalInvalidTempPasswords', { device_id: ids.wifi }, 'wifi'),
      check(result, ctx) {
        assert.equal(result, true);
        assert.equal(temp(ctx, 'wifi', 1002).purged, true, 'the expired password is gone');
        assert.notEqual(temp(ctx, 'wifi', 1001).purged, true, 'the valid one stays');
      },
    },
  ],
  [
    'device.status',
    {
      run: (ctx) => ctx.call('device.status', { device_id: ids.standard_wifi }, 'standard_wifi'),
      check: (result) => assert.ok(result.some((dp) => dp.code === 'residual_electricity' && dp.value === 87)),
    },
  ],
  [
    'device.control',
    {
      run: (ctx) => ctx.call('device.control', { device_id: ids.wifi, commands: [{ code: 'automatic_lock', value: false }] }, 'wifi'),
      check: (result, ctx) => assert.equal(device(ctx, 'wifi').status.find((dp) => dp.code === 'automatic_lock').value, false),
    },
  ],
  [
    'doorLock.remoteUnlocks',
    {
      run: (ctx) => ctx.call('doorLock.remoteUnlocks', { device_id: ids.zigbee }, 'zigbee'),
      check: (result) => assert.deepEqual(result.map((entry) => entry.remote_unlock_type).sort(), ['remoteUnlockWithPwd', 'remoteUnlockWithoutPwd']),
    },
  ],
  [
    'doorLock.remoteUnlockConfig',
    {
      run: (ctx) => ctx.call('doorLock.remoteUnlockConfig', { device_id: ids.ble, remote_unlock_type: 'remoteUnlockWithoutPwd', open: false }, 'ble'),
      check: (result, ctx) => assert.equal(device(ctx, 'ble').remoteUnlock.remoteUnlockWithoutPwd, false),
    },
  ],
  [
    'doorLock.listUnallocatedOpmodes',
    {
      run: (ctx) => ctx.call('doorLock.listUnallocatedOpmodes', { device_id: ids.wifi, page_no: 1, page_size: 10 }, 'wifi'),
      check: (result) => assert.deepEqual(result.map((group) => group.standard_dp).sort(), ['unlock_card', 'unlock_fingerprint']),
    },
  ],
  [
    'doorLock.allocateOpmode',
    {
      run: (ctx) =>
        ctx.call('doorLock.allocateOpmode', { device_id: ids.ble, user_id: '1003', unlock_list: [{ dp_code: 'unlock_card', unlock_sn: 3 }] }, 'ble'),
      check: (result, ctx) => assert.equal(device(ctx, 'ble').opmodes.find((entry) => entry.unlock_sn === 3).user_id, '1003'),
    },
  ],
  [
    'doorLock.deallocateOpmode',
    {
      run: (ctx) => ctx.call('doorLock.deallocateOpmode', { device_id: ids.ble, user_id: '1002', dp_code: 'unlock_password', unlock_sn: 2 }, 'ble'),
      check: (result, ctx) => assert.equal(device(ctx, 'ble').opmodes.find((entry) => entry.unlock_sn === 2).user_id, null),
    },
  ],
  [
    'doorLock.createPermissionSharing',
    {
      async run(ctx) {
        const result = await ctx.call(
          'doorLock.createPermissionSharing',
          {
            device_id: ids.wifi,
            app_schema: APP_SCHEMA,
            sharer: OWNER_UID,
            permission_detail: {
              biz_type: 'unlock_ble',
              available_times: -1,
              name: 'Jane',
              effective_time: Date.now(),
              invalid_time: Date.now() + 86400000,
              schedule_start_time: 450,
              schedule_end_time: 510,
              working_day: 38,
            },
          },
          'wifi',
        );
        ctx.sharing = result;
        return result;
      },
      check(result, ctx) {
        assert.equal(result.expire_time, 300);
        assert.equal(ctx.state.sharings.get(result.sharing_id).state, 'open');
      },
    },
  ],
  [
    'doorLock.verifyPermissionSharing',
    {
      run: (ctx) => ctx.call('doorLock.verifyPermissionSharing', { sharing_ticket: ctx.sharing.sharing_ticket }),
      check(result, ctx) {
        assert.equal(result.sharing_id, ctx.sharing.sharing_id);
        assert.ok(result.expire_time > 0 && result.expire_time <= 300);
      },
    },
  ],
  [
    'doorLock.confirmPermissionSharing',
    {
      run: (ctx) =>
        ctx.call('doorLock.confirmPermissionSharing', {
          sharing_id: ctx.sharing.sharing_id,
          app_schema: APP_SCHEMA,
          sharing_ticket: ctx.sharing.sharing_ticket,
          receiver: USERS[1].uid,
        }),
      check(result, ctx) {
        assert.equal(result.biz_type, 'unlock_ble');
        assert.equal(result.working_day, 38);
        assert.equal(ctx.state.sharings.get(ctx.sharing.sharing_id).state, 'confirmed');
      },
    },
  ],
  [
    'doorLock.cancelPermissionSharing',
    {
      async run(ctx) {
        ctx.second = await ctx.call(
          'doorLock.createPermissionSharing',
          {
            device_id: ids.ble,
            app_schema: APP_SCHEMA,
            sharer: OWNER_UID,
            permission_detail: { biz_type: 'unlock_fingerprint', available_times: 3 },
          },
          'ble',
        );
        return ctx.call('doorLock.cancelPermissionSharing', { sharing_id: ctx.second.sharing_id, sharing_ticket: ctx.second.sharing_ticket });
      },
      check: (result, ctx) => assert.equal(ctx.state.sharings.get(ctx.second.sharing_id).state, 'cancelled'),
    },
  ],
  [
    'doorLock.setHijack',
    {
      run: (ctx) => ctx.call('doorLock.setHijack', { device_id: ids.wifi, unlock_no: 4, unlock_type: 'fingerprint' }, 'wifi'),
      check: (result, ctx) => assert.equal(device(ctx, 'wifi').opmodes.find((entry) => entry.unlock_sn === 4).unlock_attr, 1),
    },
  ],
  [
    'doorLock.removeHijack',
    {
      run: (ctx) => ctx.call('doorLock.removeHijack', { device_id: ids.wifi, unlock_no: 4, unlock_type: 'fingerprint' }, 'wifi'),
      check: (result, ctx) => assert.equal(device(ctx, 'wifi').opmodes.find((entry) => entry.unlock_sn === 4).unlock_attr, 0),
    },
  ],
  [
    'doorLock.unlockInstruction',
    {
      run: (ctx) => ctx.call('doorLock.unlockInstruction', { device_id: ids.ble, bluetooth_sn: 7, device_random: '3532373737393530' }, 'ble'),
      check(result) {
        assert.equal(result.next_sn, 8);
        assert.match(result.instruction, /^[0-9a-f]+$/i);
      },
    },
  ],
  [
    'doorLock.bleOpenInstruction',
    {
      run: (ctx) =>
        ctx.call(
          'doorLock.bleOpenInstruction',
          {
            device_id: ids.ble,
            bluetooth_sn: 8,
            device_random: '760a57c866b113f63ef702bb2e914ad4',
            open: false,
            bluetooth_major_version: 3,
          },
          'ble',
        ),
      check: (result, ctx) => {
        assert.equal(result.next_sn, 9);
        assert.equal(device(ctx, 'ble').bleSn, 9);
      },
    },
  ],
  [
    'device.pairingAuthKey',
    {
      run: (ctx) => ctx.call('device.pairingAuthKey', { home_id: HOME_ID, uuid: device(ctx, 'ble').uuid, uid: OWNER_UID }),
      check(result) {
        assert.match(result.encrypted_auth_key, /^[0-9a-f]{32}$/);
        assert.match(result.random, /^[0-9a-f]{16}$/);
      },
    },
  ],
  [
    'timer.currentTime',
    {
      run: (ctx) => ctx.call('timer.currentTime', {}),
      check: (result) => assert.ok(Math.abs(result - Date.now()) < 60000),
    },
  ],
  [
    'doorLock.getIssuedConfig',
    {
      run: (ctx) => ctx.call('doorLock.getIssuedConfig', { device_id: ids.ble }, 'ble'),
      check(result, ctx) {
        assert.equal(result.lock_random.distributed, true);
        assert.equal(Buffer.from(result.lock_random.ins, 'hex').toString('latin1'), device(ctx, 'ble').issuedRandom);
      },
    },
  ],
  [
    'device.getListByIds',
    {
      run: (ctx) => ctx.call('device.getListByIds', { device_ids: `${ids.wifi},${ids.ble}` }),
      check(result, ctx) {
        assert.deepEqual(
          result.map((entry) => entry.id),
          [ids.wifi, ids.ble],
        );
        assert.equal(result[1].active_time, device(ctx, 'ble').active_time);
      },
    },
  ],
  [
    'doorLock.getSyncableOpmodeTypes',
    {
      run: (ctx) => ctx.call('doorLock.getSyncableOpmodeTypes', { device_id: ids.ble, target_standard_dp_codes: 'unlock_fingerprint,unlock_password' }, 'ble'),
      check: (result) => assert.deepEqual([result.dp_id, result.distributed, result.ins], [54, true, '03']),
    },
  ],
  [
    'doorLock.openDoor',
    {
      async run(ctx) {
        ctx.unlocksBefore = device(ctx, 'zigbee').records.length;
        return ctx.client.openDoor({ device_id: ids.zigbee, password: DOOR_PINS.zigbee }, { lockType: 'zigbee' });
      },
      check(result, ctx) {
        assert.equal(result, true);
        assert.equal(device(ctx, 'zigbee').records.length, ctx.unlocksBefore + 1);
      },
    },
  ],
  [
    'doorLock.cancelPasswordFreeOpen',
    {
      run: (ctx) => ctx.call('doorLock.cancelPasswordFreeOpen', { device_id: ids.wifi, type: 1 }, 'wifi'),
      check: (result, ctx) => assert.equal(device(ctx, 'wifi').pendingRemoteRequest, false),
    },
  ],
  [
    'doorLock.deleteOfflinePassword',
    {
      run: (ctx) => ctx.call('doorLock.deleteOfflinePassword', { device_id: ids.ble, password_id: 5021 }, 'ble'),
      check: (result, ctx) =>
        assert.deepEqual(
          device(ctx, 'ble').offlinePasswords.map((entry) => entry.password_id),
          [5022],
        ),
    },
  ],
  [
    'doorLock.getMediaUrl',
    {
      run: (ctx) => ctx.call('doorLock.getMediaUrl', { device_id: ids.wifi, file_type: 1 }, 'wifi'),
      check: (result) => assert.match(result.file_url, /^https:\/\/emulator\.invalid\/media\//),
    },
  ],
  [
    'doorLock.getUser',
    {
      run: (ctx) => ctx.call('doorLock.getUser', { device_id: ids.wifi, user_id: '0' }, 'wifi'),
      check: (result) => assert.deepEqual([result.user_id, result.nick_name, result.user_type], ['1001', 'Owner', 50]),
    },
  ],
  [
    'doorLock.listUserOpmodes',
    {
      run: (ctx) =>
        ctx.call(
          'doorLock.listUserOpmodes',
          {
            device_id: ids.ble,
            user_id: '1001',
            target_unlock_standard_dp_codes: 'unlock_fingerprint,unlock_password,unlock_card',
            page_no: 1,
            page_size: 100,
          },
          'ble',
        ),
      check: (result) =>
        assert.deepEqual(
          result.records.map((record) => [record.dp_code, record.unlock_sn]),
          [['unlock_fingerprint', 1]],
        ),
    },
  ],
  [
    'doorLock.listUsers',
    {
      run: (ctx) =>
        ctx.call(
          'doorLock.listUsers',
          { device_id: ids.standard_wifi, target_standard_dp_codes: 'unlock_fingerprint,unlock_password', page_no: 1, page_size: 10 },
          'standard_wifi',
        ),
      check(result) {
        assert.deepEqual(
          result.map((user) => user.nick_name),
          ['Owner', 'Alice', 'Bob'],
        );
        assert.equal(result[1].unlock_detail[0].unlock_list[0].unlock_sn, 2);
      },
    },
  ],
];

const catalogEntries = dl.actions().map((entry) => (entry.form ? `${entry.name}/${entry.form}` : entry.name));

test('the round trip covers every catalog entry, each once', () => {
  assert.equal(catalogEntries.length, 44);
  assert.equal(new Set(catalogEntries.map((entry) => entry.split('/')[0])).size, 43);
  assert.deepEqual(STEPS.map(([key]) => key).sort(), [...catalogEntries].sort());
});

async function roundTrip(transport, emulator) {
  const client = createCloudClient({ dl, transport, accessKey: EMULATOR_ACCESS_KEY, retry: false });
  const ctx = {
    client,
    state: emulator.state,
    call: (action, params, lockType) => client.call(action, params, lockType ? { lockType } : undefined),
  };
  for (const [key, step] of STEPS) {
    const sentBefore = emulator.state.requests.length;
    let result;
    try {
      result = await step.run(ctx);
    } catch (error) {
      const last = emulator.state.requests.at(-1);
      throw new Error(`${key}: ${error.code} ${error.field ?? ''} ${error.message}${last && !last.ok ? ` (emulator: ${last.code} ${last.msg})` : ''}`, {
        cause: error,
      });
    }
    const sent = emulator.state.requests.slice(sentBefore);
    assert.ok(sent.length >= 1 && sent.every((entry) => entry.ok), `${key}: ${JSON.stringify(sent)}`);
    assert.equal(sent.at(-1).action, key.split('/')[0]);
    step.check(result, ctx);
  }
}

test('every action round-trips in process', async () => {
  const emulator = createCloudEmulator();
  await roundTrip(createInProcessTransport(emulator), emulator);
  assert.ok(emulator.state.requests.length >= 44);
});

test('every action round-trips over HTTP (Node http transport)', async () => {
  const running = await startCloudEmulator();
  try {
    await roundTrip(createNodeHttpTransport({ url: running.url, timeoutMs: 5000 }), running.emulator);
  } finally {
    await running.close();
  }
});

// The samples of the reference (fixed where they contradict its own tables), built by the SDK,
// pass the emulator's independent parameter checks: two readings of the reference agree.
test("every fixed sample request of the reference, as dl.buildRequest builds it, passes the emulator's checks", () => {
  const fixtures = JSON.parse(readFileSync(join(repoRoot, 'tests', 'fixtures', 'cloud-api-samples.json'), 'utf8'));
  const emulator = createCloudEmulator();
  const seen = new Set();
  for (const sample of fixtures.requests) {
    const request = dl.buildRequest(sample.action, sample.params, sample.options);
    assert.equal(emulator.validate(request), null, `${sample.reference}: ${JSON.stringify(emulator.validate(request))}`);
    seen.add(sample.action);
  }
  assert.equal(seen.size, 43);
});
