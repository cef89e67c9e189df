// The cloud client and the ticket flows end to end against the emulator: the PIN the user chose
// is what the cloud holds, an expired ticket is refused before anything is sent, writes and
// unlocks go out exactly once whatever happens, reads are retried, bad input never reaches the
// network, and the WeChat cloud-function path works with the client.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createDecipheriv } from 'node:crypto';
import { emulatorModule, pkg, rejectsWith } from './support/cloud.mjs';

const { createCloudClient, createWxCloudTransport, readOnlyActions, DoorlockError } = pkg;
const { DEVICE_IDS: ids, DOOR_PINS, EMULATOR_ACCESS_KEY, createCloudEmulator, createInProcessTransport } = emulatorModule;

const dl = await pkg.loadDoorlock();
const nowSeconds = () => Math.floor(Date.now() / 1000);

// Wraps a transport: records every request as sent (JSON, as on the wire) and lets a test
// intercept by action.
function recording(inner, intercept = {}) {
  const sent = [];
  return {
    sent,
    actions: () => sent.map((request) => request.action),
    count: (action) => sent.filter((request) => request.action === action).length,
    async send(request, options) {
      sent.push(JSON.parse(JSON.stringify(request)));
      const hook = intercept[request.action];
      if (hook) return hook(request, options, () => inner.send(request, options));
      return inner.send(request, options);
    },
  };
}

function setup({ emulatorOptions, clientOptions, intercept } = {}) {
  const emulator = createCloudEmulator(emulatorOptions);
  const wire = recording(createInProcessTransport(emulator), intercept);
  const client = createCloudClient({ dl, transport: wire, accessKey: EMULATOR_ACCESS_KEY, ...clientOptions });
  return { emulator, wire, client };
}

function innerKeyOf(emulator, ticketId) {
  return emulator.state.tickets.get(ticketId).innerKey;
}

test('createTemporaryPassword on each lock type: the cloud holds the PIN that was chosen', async () => {
  const pins = { wifi: '7301946', zigbee: '730194', ble: '730195', wifi_access_control: '7301947' };
  for (const [lockType, pin] of Object.entries(pins)) {
    const { emulator, wire, client } = setup({ clientOptions: { lockType } });
    const result = await client.createTemporaryPassword({
      device_id: ids[lockType],
      name: `Guest on ${lockType}`,
      password: pin,
      ...(lockType === 'zigbee' ? { type: 0 } : {}),
      schedule: {
        effectiveTime: nowSeconds(),
        invalidTime: nowSeconds() + 86400,
        timeZone: '+08:00',
        windows: [{ start: '09:00', end: '17:30', days: ['sat', 'sun'] }],
      },
    });
    assert.deepEqual(wire.actions(), ['doorLock.passwordTicket', 'doorLock.createTemporaryPassword'], lockType);
    const stored = emulator.state.devices[ids[lockType]].tempPasswords.find((entry) => entry.password_id === result.id);
    assert.equal(stored.pin, pin, lockType);
    assert.deepEqual(stored.schedule_list, [{ effective_time: 540, invalid_time: 1050, working_day: 65 }]);

    // On the wire: the ticket's id, "ticket", and an upper-case AES block that node:crypto
    // decrypts to the PIN with the ticket's key; neither PIN nor access key in clear.
    const create = wire.sent[1];
    assert.equal(create.params.password_type, 'ticket');
    assert.equal(create.params.ticket_id, [...emulator.state.tickets.keys()][0]);
    assert.match(create.params.password, /^[0-9A-F]{32}$/);
    const decipher = createDecipheriv('aes-128-ecb', innerKeyOf(emulator, create.params.ticket_id), null);
    assert.equal(Buffer.concat([decipher.update(Buffer.from(create.params.password, 'hex')), decipher.final()]).toString(), pin);
    const text = JSON.stringify(wire.sent);
    assert.ok(!text.includes(EMULATOR_ACCESS_KEY));
    assert.ok(!text.includes(`"${pin}"`));
  }
});

test('an expired ticket is refused before the password request is sent', async () => {
  let now = Date.now();
  const { wire, emulator, client } = setup({
    clientOptions: { lockType: 'wifi', clock: () => now },
    // The ticket arrives, then the phone sleeps for five minutes and a second.
    intercept: {
      'doorLock.passwordTicket': async (request, options, forward) => {
        const body = await forward();
        now += 301000;
        return body;
      },
    },
  });
  const error = await rejectsWith(
    client.createTemporaryPassword({
      device_id: ids.wifi,
      name: 'Late',
      password: '1212121',
      effective_time: nowSeconds(),
      invalid_time: nowSeconds() + 60,
    }),
    'INVALID_ARGUMENT',
  );
  assert.equal(error.field, 'ticket');
  assert.match(error.message, /expired/);
  assert.deepEqual(wire.actions(), ['doorLock.passwordTicket']);
  assert.deepEqual(
    emulator.state.requests.map((entry) => entry.action),
    ['doorLock.passwordTicket'],
  );

  // A ticket that is about to run out is refused too (it would expire on the way).
  const short = setup({ emulatorOptions: { ticketLifetimeSeconds: 3 }, clientOptions: { lockType: 'zigbee' } });
  assert.equal((await rejectsWith(short.client.openDoor({ device_id: ids.zigbee, password: DOOR_PINS.zigbee }), 'INVALID_ARGUMENT')).field, 'ticket');
  assert.deepEqual(short.wire.actions(), ['doorLock.passwordTicket']);
});

test('a timed-out create is reported, not repeated', async () => {
  const { wire, emulator, client } = setup({
    clientOptions: { lockType: 'wifi', timeoutMs: 50, retry: { attempts: 6, baseDelayMs: 1 } },
    intercept: {
      'doorLock.createTemporaryPassword': (request, options) =>
        new Promise((resolve, reject) => {
          setTimeout(() => reject(new DoorlockError({ code: 'TIMEOUT', message: `no answer within ${options.timeoutMs} ms` })), options.timeoutMs);
        }),
    },
  });
  await rejectsWith(
    client.createTemporaryPassword({
      device_id: ids.wifi,
      name: 'Once',
      password: '5656565',
      effective_time: nowSeconds(),
      invalid_time: nowSeconds() + 60,
    }),
    'TIMEOUT',
  );
  assert.equal(wire.count('doorLock.createTemporaryPassword'), 1);
  assert.equal(emulator.state.devices[ids.wifi].tempPasswords.length, 2, 'nothing was created');
});

test('unlocks are never repeated: a failed or refused unlock is reported once', async () => {
  const failing = (code) => () => Promise.reject(new DoorlockError({ code, message: `simulated ${code}` }));
  const { wire, client } = setup({
    clientOptions: { retry: { attempts: 6, baseDelayMs: 1 } },
    intercept: { 'doorLock.openDoor': failing('NETWORK_ERROR'), 'doorLock.passwordFreeOpen': failing('TIMEOUT') },
  });
  await rejectsWith(client.openDoor({ device_id: ids.zigbee, password: DOOR_PINS.zigbee }, { lockType: 'zigbee' }), 'NETWORK_ERROR');
  assert.equal(wire.count('doorLock.openDoor'), 1);
  await rejectsWith(client.call('doorLock.passwordFreeOpen', { device_id: ids.wifi, ticket_id: 'abc123' }, { lockType: 'wifi' }), 'TIMEOUT');
  assert.equal(wire.count('doorLock.passwordFreeOpen'), 1);

  // The cloud says no: CLOUD_ERROR with its code, and nothing is tried again.
  const refused = setup({ clientOptions: { lockType: 'zigbee' } });
  const error = await rejectsWith(refused.client.openDoor({ device_id: ids.zigbee, password: '000000' }), 'CLOUD_ERROR');
  assert.equal(error.cloudCode, 1109);
  assert.equal(refused.wire.count('doorLock.openDoor'), 1);
});

test('reads are retried by the client after network failures; retry: false turns that off', async () => {
  let failures = 2;
  const flaky = {
    'device.status': (request, options, forward) =>
      failures-- > 0 ? Promise.reject(new DoorlockError({ code: 'NETWORK_ERROR', message: 'reset' })) : forward(),
  };
  const { wire, client } = setup({ clientOptions: { retry: { baseDelayMs: 1 } }, intercept: flaky });
  const status = await client.call('device.status', { device_id: ids.wifi });
  assert.ok(status.some((dp) => dp.code === 'residual_electricity'));
  assert.equal(wire.count('device.status'), 3);

  failures = 1;
  const once = setup({ clientOptions: { retry: false }, intercept: flaky });
  await rejectsWith(once.client.call('device.status', { device_id: ids.wifi }), 'NETWORK_ERROR');
  assert.equal(once.wire.count('device.status'), 1);
});

test('the catalog marks no action that unlocks, creates, modifies or deletes as read-only', () => {
  const writes = [
    'doorLock.passwordFreeOpen',
    'doorLock.openDoor',
    'doorLock.unlockInstruction',
    'doorLock.bleOpenInstruction',
    'doorLock.createTemporaryPassword',
    'doorLock.createTemporaryPasswordWithoutName',
    'doorLock.modifyTemporaryPassword',
    'doorLock.deleteTemporaryPassword',
    'doorLock.removalInvalidTempPasswords',
    'doorLock.deleteOfflinePassword',
    'device.control',
    'doorLock.remoteUnlockConfig',
    'doorLock.allocateOpmode',
    'doorLock.deallocateOpmode',
    'doorLock.setHijack',
    'doorLock.removeHijack',
    'doorLock.createPermissionSharing',
    'doorLock.confirmPermissionSharing',
    'doorLock.cancelPermissionSharing',
    'doorLock.cancelPasswordFreeOpen',
  ];
  const readOnly = readOnlyActions(dl);
  for (const action of writes) assert.ok(!readOnly.has(action), `${action} must not be retried`);
  for (const action of ['device.status', 'doorLock.getTemporaryPassword', 'doorLock.listUsers', 'timer.currentTime']) {
    assert.ok(readOnly.has(action), action);
  }
});

test('bad input and unsupported lock types fail before anything is sent', async () => {
  const { wire, client } = setup();
  const bad = await rejectsWith(client.call('doorLock.alarmLogs', { device_id: ids.wifi, page_no: 0, page_size: 20, codes: 'hijack' }), 'INVALID_ARGUMENT');
  assert.equal(bad.field, 'page_no');
  await rejectsWith(client.call('doorLock.openDoor', { device_id: ids.wifi }, { lockType: 'wifi' }), 'UNSUPPORTED_FOR_LOCK_TYPE');
  await rejectsWith(client.call('doorLock.noSuchThing', {}), 'INVALID_ARGUMENT');
  assert.equal((await rejectsWith(client.call('device.status', { device_id: ids.wifi }, { timeoutMs: 0 }), 'INVALID_ARGUMENT')).field, 'timeoutMs');
  // A PIN of the wrong length is caught by the core, after the ticket and before the request.
  const pin = await rejectsWith(
    client.createTemporaryPassword(
      {
        device_id: ids.ble,
        name: 'x',
        password: '1234567',
        effective_time: nowSeconds(),
        invalid_time: nowSeconds() + 60,
      },
      { lockType: 'ble' },
    ),
    'INVALID_ARGUMENT',
  );
  assert.equal(pin.field, 'password');
  assert.deepEqual(wire.actions(), ['doorLock.passwordTicket']);
});

test('the access key: required by the ticket flows, never in messages', async () => {
  const emulator = createCloudEmulator();
  const wire = recording(createInProcessTransport(emulator));
  const withoutKey = createCloudClient({ dl, transport: wire, lockType: 'wifi' });
  const missing = await rejectsWith(withoutKey.openDoor({ device_id: ids.zigbee, password: '123456' }), 'INVALID_ARGUMENT');
  assert.equal(missing.field, 'accessKey');
  assert.equal(wire.sent.length, 0);

  const wrongKey = 'WrongAccessKey_0123456789abcdefg';
  const wrong = createCloudClient({ dl, transport: wire, lockType: 'wifi', accessKey: wrongKey });
  const error = await rejectsWith(
    wrong.createTemporaryPassword({
      device_id: ids.wifi,
      name: 'x',
      password: '1234567',
      effective_time: nowSeconds(),
      invalid_time: nowSeconds() + 60,
    }),
    'INVALID_ARGUMENT',
  );
  assert.equal(error.field, 'ticket.ticket_key');
  assert.ok(!error.message.includes(wrongKey));
  assert.deepEqual(wire.actions(), ['doorLock.passwordTicket']);
  assert.ok(!JSON.stringify(wrong).includes(wrongKey), 'the client object does not carry the key');
});

test('abort from the caller ends a call with ABORTED', async () => {
  const { client } = setup();
  const controller = new AbortController();
  controller.abort();
  await rejectsWith(client.call('device.status', { device_id: ids.wifi }, { signal: controller.signal }), 'ABORTED');
});

test('dl.cloud: the client and the transports from loadDoorlock alone', async () => {
  const emulator = createCloudEmulator();
  const client = dl.cloud.createClient({ transport: createInProcessTransport(emulator), lockType: 'ble', accessKey: EMULATOR_ACCESS_KEY });
  const { id } = await client.createTemporaryPasswordWithoutName({
    device_id: ids.ble,
    password: '246813',
    effective_time: nowSeconds(),
    invalid_time: nowSeconds() + 60,
  });
  assert.equal(emulator.state.devices[ids.ble].tempPasswords.find((entry) => entry.password_id === id).pin, '246813');
  assert.deepEqual(Object.keys(dl.cloud.transports).sort(), ['fetch', 'nodeHttp', 'server', 'wxCloud', 'wxCloudFunction', 'wxRequest']);
  assert.ok(dl.cloud.readOnlyActions().has('doorLock.listUsers'));
  assert.throws(
    () => dl.cloud.createClient({}),
    (error) => error.code === 'INVALID_ARGUMENT' && error.field === 'transport',
  );
  assert.throws(
    () => createCloudClient({ transport: { send() {} } }),
    (error) => error.field === 'dl',
  );
});

// A fake of wx.cloud whose ty-service answers what `answer(data)` returns.
function fakeTyService(answer) {
  return { cloud: { callFunction: ({ name, data, success }) => setImmediate(() => success({ result: answer(name, data) })) } };
}

test('WeChat cloud function path: client over wx.cloud.callFunction with the reference envelope', async () => {
  const emulator = createCloudEmulator();
  const names = new Set();
  const wx = fakeTyService((name, data) => {
    names.add(name);
    return emulator.handle(data);
  });
  const client = createCloudClient({ dl, transport: createWxCloudTransport({ wx }), lockType: 'wifi', accessKey: EMULATOR_ACCESS_KEY });
  const { id } = await client.createTemporaryPassword({
    device_id: ids.wifi,
    name: 'Via WeChat',
    password: '9080706',
    effective_time: nowSeconds(),
    invalid_time: nowSeconds() + 60,
  });
  assert.equal(emulator.state.devices[ids.wifi].tempPasswords.find((entry) => entry.password_id === id).pin, '9080706');
  assert.deepEqual([...names], ['ty-service']);
  const error = await rejectsWith(client.call('doorLock.getTemporaryPassword', { device_id: ids.wifi, password_id: 999 }), 'CLOUD_ERROR');
  assert.equal(error.cloudCode, 1000);
});

// Tuya's demo function answers { success, data, errorCode, errorMsg, t }. The transport hands it
// over untouched; reading it is dl.parseResponse's job.
test("WeChat cloud function path: the demo function's { success, data, errorCode, errorMsg } envelope", async () => {
  const emulator = createCloudEmulator();
  const demoEnvelope = (name, data) => {
    const body = emulator.handle(data);
    return body.success ? { success: true, data: body.result, t: body.t } : { success: false, errorCode: String(body.code), errorMsg: body.msg, t: body.t };
  };
  const client = createCloudClient({ dl, transport: createWxCloudTransport({ wx: fakeTyService(demoEnvelope) }) });
  const status = await client.call('device.status', { device_id: ids.wifi });
  assert.ok(status.some((dp) => dp.code === 'residual_electricity'));
  const error = await rejectsWith(client.call('device.status', { device_id: 'not-in-this-home' }), 'CLOUD_ERROR');
  assert.equal(error.cloudCode, 1106);
});
