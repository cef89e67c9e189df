// The cloud emulator on its own, with raw requests: it covers every action named in the
// reference, answers in the reference's envelopes, issues tickets that the SDK's crypto reads,
// and refuses what the reference forbids (so that it can catch SDK bugs in the round-trip tests).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCipheriv } from 'node:crypto';
import { referenceDir } from './support/load.mjs';
import { emulatorModule, pkg } from './support/cloud.mjs';

const { createCloudEmulator, EMULATED_ACTIONS, DEVICE_IDS, EMULATOR_ACCESS_KEY, DOOR_PINS, startCloudEmulator, createInProcessTransport } = emulatorModule;

const referenceText = readFileSync(join(referenceDir, 'doorlock-cloud-api.txt'), 'utf8');
const referenceActions = [...new Set(referenceText.match(/\b(?:doorLock|device|timer)\.[A-Za-z]+/g))].sort();

function ecbEncrypt(bits, key, data) {
  const cipher = createCipheriv(`aes-${bits}-ecb`, key, null);
  return Buffer.concat([cipher.update(data), cipher.final()])
    .toString('hex')
    .toUpperCase();
}

function ticketFor(emulator, lockType) {
  const answer = emulator.handle({ action: 'doorLock.passwordTicket', params: { device_id: DEVICE_IDS[lockType] } });
  assert.equal(answer.success, true, answer.msg);
  return answer.result;
}

let dl;
test.before(async () => {
  dl = await pkg.loadDoorlock();
});

function encrypt(ticket, pin) {
  return dl.encryptPassword({ password: pin, ticketKey: ticket.ticket_key, accessKey: EMULATOR_ACCESS_KEY });
}

function expectFailure(answer, code, pattern) {
  assert.equal(answer.success, false, `expected failure ${code}, got ${JSON.stringify(answer).slice(0, 200)}`);
  assert.equal(answer.code, code, answer.msg);
  if (pattern) assert.match(answer.msg, pattern);
  assert.equal(typeof answer.t, 'number');
  assert.deepEqual(Object.keys(answer).sort(), ['code', 'msg', 'success', 't']);
}

test('the emulator serves exactly the 43 action names of the reference', () => {
  assert.equal(referenceActions.length, 43);
  assert.deepEqual([...EMULATED_ACTIONS], referenceActions);
});

test('envelopes: { success: true, t, result } and { success: false, code, msg, t }', () => {
  const emulator = createCloudEmulator({ clock: () => 1700000123456 });
  const ok = emulator.handle({ action: 'timer.currentTime', params: {} });
  assert.deepEqual(ok, { success: true, t: 1700000123456, result: 1700000123456 });
  expectFailure(emulator.handle({ action: 'doorLock.nope', params: {} }), 1108, /doorLock\.nope/);
  expectFailure(emulator.handle('text'), 1104);
  expectFailure(emulator.handle({ params: {} }), 1100, /action/);
  assert.deepEqual(
    emulator.state.requests.map((entry) => entry.ok),
    [true, false, false, false],
  );
});

test("tickets: the SDK decrypts the emulator's ticket key to the key that decrypts the password", () => {
  const emulator = createCloudEmulator();
  const ticket = ticketFor(emulator, 'wifi');
  assert.equal(ticket.expire_time, 300);
  assert.match(ticket.ticket_key, /^[0-9A-F]{64}$/);
  const inner = Buffer.from(dl.decryptTicketKey({ ticketKey: ticket.ticket_key, accessKey: EMULATOR_ACCESS_KEY }));
  // Independent check of both sides with node:crypto.
  assert.equal(ecbEncrypt(256, Buffer.from(EMULATOR_ACCESS_KEY, 'latin1'), inner), ticket.ticket_key);
  assert.equal(encrypt(ticket, '7654321'), ecbEncrypt(128, inner, Buffer.from('7654321')));
});

const now = () => Math.floor(Date.now() / 1000);

function createParams(lockType, ticket, pin, extra = {}) {
  return {
    device_id: DEVICE_IDS[lockType],
    name: 'Guest',
    password: encrypt(ticket, pin),
    effective_time: now(),
    invalid_time: now() + 86400,
    password_type: 'ticket',
    ticket_id: ticket.ticket_id,
    ...(lockType === 'zigbee' ? { type: 0 } : {}),
    ...extra,
  };
}

test('temporary passwords: the emulator stores the PIN that was encrypted, per lock type', () => {
  const emulator = createCloudEmulator();
  for (const [lockType, pin] of [
    ['wifi', '5551234'],
    ['zigbee', '555123'],
    ['ble', '555124'],
    ['wifi_access_control', '5551235'],
  ]) {
    const ticket = ticketFor(emulator, lockType);
    const answer = emulator.handle({ action: 'doorLock.createTemporaryPassword', params: createParams(lockType, ticket, pin) });
    assert.equal(answer.success, true, `${lockType}: ${answer.msg}`);
    const stored = emulator.state.devices[DEVICE_IDS[lockType]].tempPasswords.find((entry) => entry.password_id === answer.result.id);
    assert.equal(stored.pin, pin);
  }
});

test('temporary passwords: wrong PIN length, reused or foreign or expired tickets are refused', () => {
  let clock = Date.now();
  const emulator = createCloudEmulator({ clock: () => clock });
  const create = (params) => emulator.handle({ action: 'doorLock.createTemporaryPassword', params });

  let ticket = ticketFor(emulator, 'zigbee');
  expectFailure(create(createParams('zigbee', ticket, '1234567')), 1109, /password must be 6 digits on a zigbee lock/);
  ticket = ticketFor(emulator, 'wifi');
  expectFailure(create(createParams('wifi', ticket, '123456')), 1109, /7 digits/);

  ticket = ticketFor(emulator, 'wifi');
  assert.equal(create(createParams('wifi', ticket, '3141592')).success, true);
  expectFailure(create(createParams('wifi', ticket, '3141593')), 1109, /already been used/);

  const bleTicket = ticketFor(emulator, 'ble');
  expectFailure(create(createParams('wifi', bleTicket, '3141594')), 1109, /not a ticket of this device/);

  ticket = ticketFor(emulator, 'wifi');
  clock += 301 * 1000;
  expectFailure(
    create(createParams('wifi', ticket, '3141595', { effective_time: Math.floor(clock / 1000), invalid_time: Math.floor(clock / 1000) + 60 })),
    1109,
    /expired/,
  );

  // Encrypted under some other key: padding does not check out.
  ticket = ticketFor(emulator, 'wifi');
  const otherKey = '676A3814D4512307E7A5EBBB3983D27C8AA36241FDE8DF054DC325C6C695B89E';
  const foreign = dl.encryptPassword({ password: '1234567', ticketKey: otherKey, accessKey: '0123456789abcdef0123456789abcdef' });
  expectFailure(create({ ...createParams('wifi', ticket, '1234567'), password: foreign }), 1109, /password/);
});

test('temporary passwords: fields the reference requires, types and schedules', () => {
  const emulator = createCloudEmulator();
  const cases = [
    [
      (p) => {
        delete p.name;
      },
      1100,
      /name/,
    ],
    [
      (p) => {
        p.effective_time = p.effective_time * 1000;
      },
      1101,
      /effective_time must be a 10-digit/,
    ],
    [
      (p) => {
        p.invalid_time = p.effective_time;
      },
      1109,
      /invalid_time must be after/,
    ],
    [
      (p) => {
        p.password_type = 'plain';
      },
      1109,
      /password_type/,
    ],
    [
      (p) => {
        p.schedule_list = [{ effective_time: 450, invalid_time: 1080, working_day: 38 }];
      },
      1100,
      /time_zone/,
    ],
    [
      (p) => {
        p.time_zone = 'Asia/Shanghai';
        p.schedule_list = [{ effective_time: 1080, invalid_time: 450, working_day: 38 }];
      },
      1109,
      /schedule_list\[0\]\.invalid_time/,
    ],
    [
      (p) => {
        p.time_zone = 'Asia/Shanghai';
        p.schedule_list = [{ effective_time: 450, invalid_time: 1080, working_day: 128 }];
      },
      1101,
      /schedule_list\[0\]\.working_day/,
    ],
    [
      (p) => {
        p.time_zone = 'Asia/Shanghai';
        p.schedule_list = [{ effective_time: 450, invalid_time: 1080, working_day: 38, all_day: true }];
      },
      1109,
      /schedule_list\[0\]\.all_day/,
    ],
    [
      (p) => {
        p.time_zone = 'Shanghai time';
      },
      1109,
      /time_zone/,
    ],
    [
      (p) => {
        p.phone = 11233213;
      },
      1104,
      /phone/,
    ],
    [
      (p) => {
        p.unlock_sn = 2;
      },
      1109,
      /unlock_sn is not a parameter/,
    ],
  ];
  for (const [mutate, code, pattern] of cases) {
    const params = createParams('wifi', ticketFor(emulator, 'wifi'), '2718281');
    mutate(params);
    expectFailure(emulator.handle({ action: 'doorLock.createTemporaryPassword', params }), code, pattern);
  }
  const zigbee = createParams('zigbee', ticketFor(emulator, 'zigbee'), '271828');
  delete zigbee.type;
  expectFailure(emulator.handle({ action: 'doorLock.createTemporaryPassword', params: zigbee }), 1100, /type/);
});

test('lock types, devices and the two forms of modifyTemporaryPassword', () => {
  const emulator = createCloudEmulator();
  expectFailure(
    emulator.handle({ action: 'doorLock.openDoor', params: { device_id: DEVICE_IDS.wifi, password: 'A'.repeat(32), password_type: 'ticket', ticket_id: 'x' } }),
    2009,
    /openDoor is not available on wifi locks/,
  );
  expectFailure(emulator.handle({ action: 'device.status', params: { device_id: 'someone-elses-lock' } }), 1106);
  expectFailure(emulator.handle({ action: 'doorLock.getMediaUrl', params: { device_id: DEVICE_IDS.ble, file_type: 1 } }), 2009);

  const bleId = DEVICE_IDS.ble;
  const [existing] = emulator.state.devices[bleId].tempPasswords;
  const ticket = ticketFor(emulator, 'ble');
  const change = {
    device_id: bleId,
    password_id: existing.password_id,
    password: encrypt(ticket, '909090'),
    effective_time: now(),
    invalid_time: now() + 60,
    password_type: 'ticket',
    ticket_id: ticket.ticket_id,
  };
  expectFailure(emulator.handle({ action: 'doorLock.modifyTemporaryPassword', params: change }), 2009, /Bluetooth locks do not support changing/);
  const rename = {
    device_id: bleId,
    password_id: existing.password_id,
    name: 'Renamed',
    phone: '',
    effective_time: '',
    invalid_time: '',
    password: '',
    password_type: '',
    ticket_id: '',
  };
  assert.equal(emulator.handle({ action: 'doorLock.modifyTemporaryPassword', params: rename }).success, true);
  assert.equal(existing.name, 'Renamed');
});

test("openDoor opens with the lock's PIN, not with another", () => {
  const emulator = createCloudEmulator();
  const open = (pin) => {
    const ticket = ticketFor(emulator, 'zigbee');
    return emulator.handle({
      action: 'doorLock.openDoor',
      params: { device_id: DEVICE_IDS.zigbee, password: encrypt(ticket, pin), password_type: 'ticket', ticket_id: ticket.ticket_id },
    });
  };
  expectFailure(open('000000'), 1109, /does not open this lock/);
  const before = emulator.state.devices[DEVICE_IDS.zigbee].records.length;
  assert.deepEqual(open(DOOR_PINS.zigbee).result, true);
  assert.equal(emulator.state.devices[DEVICE_IDS.zigbee].records.length, before + 1);
});

test('HTTP server and in-process transport serve the same emulator', async () => {
  const running = await startCloudEmulator();
  try {
    const inProcess = createInProcessTransport(running);
    const request = { action: 'doorLock.getDynamicPassword', params: { device_id: DEVICE_IDS.wifi } };
    const viaMemory = await inProcess.send(request);
    assert.match(viaMemory.result.dynamic_password, /^\d{8}$/);
    const response = await fetch(running.url, { method: 'POST', body: JSON.stringify(request), headers: { 'content-type': 'application/json' } });
    assert.equal(response.status, 200);
    assert.match((await response.json()).result.dynamic_password, /^\d{8}$/);
    assert.equal((await fetch(running.url)).status, 405);
    const garbage = await (await fetch(running.url, { method: 'POST', body: '{oops' })).json();
    assert.deepEqual([garbage.success, garbage.code], [false, 1109]);
    assert.equal(running.state.requests.length, 2);
    assert.match(running.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  } finally {
    await running.close();
  }
});

test('executions are counted per request id, in process and from the x-request-id header', async () => {
  const emulator = createCloudEmulator();
  emulator.handle({ action: 'device.status', params: { device_id: DEVICE_IDS.wifi } }, { requestId: 'a' });
  emulator.handle({ action: 'doorLock.passwordFreeOpen', params: { device_id: DEVICE_IDS.standard_wifi, ticket_id: 'nope' } }, { requestId: 'a' });
  emulator.handle({ action: 'device.status', params: { device_id: DEVICE_IDS.wifi } });
  assert.deepEqual(
    emulator.executionsOf('a').map((entry) => [entry.action, entry.ok]),
    [
      ['device.status', true],
      ['doorLock.passwordFreeOpen', false],
    ],
  );
  assert.equal(emulator.executionsOf('a', 'device.status').length, 1);
  assert.deepEqual(emulator.executionsOf('b'), []);
  assert.equal(emulator.state.requests.length, 3);
  assert.equal('requestId' in emulator.state.requests[2], false);

  const running = await startCloudEmulator();
  try {
    const post = (headers) =>
      fetch(running.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ action: 'device.control', params: { device_id: DEVICE_IDS.wifi, commands: [{ code: 'automatic_lock', value: false }] } }),
      });
    assert.equal((await (await post({ 'x-request-id': 'call-7' })).json()).success, true);
    await post({ 'x-request-id': 'call-7' });
    await post({});
    assert.deepEqual(
      running.emulator.executionsOf('call-7', 'device.control').map((entry) => entry.ok),
      [true, true],
    );
    assert.equal(running.state.requests.length, 3);
  } finally {
    await running.close();
  }
});
