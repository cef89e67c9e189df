// dl.flows.forLock against the lock simulator and a stand-in cloud client whose answers each test
// chooses: a check code mismatch refreshes the code exactly once; a lost DP 71 answer is
// outcomeUnknown and never resent; a cloud that refuses a bluetooth_symbolic record gets the PIN
// rolled back on the lock (DP 52), a cloud whose answer is lost does not; a gateway lock never
// touches Bluetooth. The end-to-end day against the emulated home is lock-day.test.mjs.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadDoorlock } from './support/load.mjs';
import { pkg, rejection } from './support/ble.mjs';
import { loadLockSimulator } from '../../tools/lock-simulator/js/index.mjs';

const { connectLock, openSimulatorAdapter, DoorlockError } = pkg;
const dl = await loadDoorlock();
const { createLockSimulator } = await loadLockSimulator();

const KEYS = { localKey: 'abcdef0123456789', uuid: 'uuid0123456789ab', devId: 'vdevo1234567890123456' };
const DEVICE = 'vdevflows0000000001';
const SLOT = 5;
const hex = (text) => Buffer.from(text, 'latin1').toString('hex');
const OLD_CODE = '11112222';
const NEW_CODE = '33334444';

// doorLock.getIssuedConfig as the cloud answers it, for the code `code` in host slot 5.
const issued = (code) => ({
  lock_random: {
    dev_unlock_id: SLOT.toString(16).padStart(4, '0'),
    dp_id: 70,
    distributed: true,
    ins: hex(code),
    wake_up_ins: `ffff${SLOT.toString(16).padStart(4, '0')}${'00'.repeat(8)}00ffff${hex(code)}`,
  },
  lock_record: { dpId: 56, distributed: false, ins: '' },
});

// A cloud client whose answers are scripted: `answers[action]` is a function (params) => result
// (or throws). Every call is recorded.
function scriptedClient(answers = {}) {
  const calls = [];
  const answer = async (action, params) => {
    calls.push({ action, params: JSON.parse(JSON.stringify(params)) });
    const handler = answers[action];
    if (!handler) throw new DoorlockError({ code: 'CLOUD_ERROR', cloudCode: 1106, message: `${action}: not scripted` });
    return handler(params);
  };
  return {
    calls,
    lockType: 'ble',
    call: (action, params) => answer(action, params),
    createTemporaryPassword: (params) => answer('doorLock.createTemporaryPassword', params),
    modifyTemporaryPassword: (params) => answer('doorLock.modifyTemporaryPassword', params),
    count: (action) => calls.filter((entry) => entry.action === action).length,
  };
}

async function connected({ checkCode = OLD_CODE, commandTimeoutMs } = {}) {
  const sim = createLockSimulator({ ...KEYS, protocol: 3, mtu: 20, checkCode, slaveId: SLOT });
  const adapter = await openSimulatorAdapter(sim, { mtu: 20 });
  const lock = await connectLock({ dl, adapter, ...KEYS, protocol: 3, mtu: 20, timeZone: 480, commandTimeoutMs });
  // Every DP the app writes, by id, as the connection is asked to send it.
  // Every DP the app writes, by id, as the connection is asked to send it; and the buffers that
  // carried a check code (the DP 71 values, the codes handed to lock.unlock), to see them wiped.
  const written = [];
  const carried = [];
  const writeDps = lock.writeDps.bind(lock);
  lock.writeDps = (dps, options) => {
    written.push(...dps.map((dp) => dp.id));
    carried.push(...dps.filter((dp) => dp.id === 71).map((dp) => dp.value));
    return writeDps(dps, options);
  };
  const unlock = lock.unlock.bind(lock);
  lock.unlock = (params) => {
    if (params.checkCode instanceof Uint8Array) carried.push(params.checkCode);
    return unlock(params);
  };
  return {
    sim,
    adapter,
    lock,
    written,
    carried,
    async close() {
      await lock.close();
      sim.close();
    },
  };
}

const openings = (sim) => sim.log().filter((entry) => entry.event === 'unlock');
const dp71Sent = (pair) => pair.written.filter((id) => id === 71).length;

test('check_code_mismatch: the code is fetched from the cloud once more, DP 71 sent once more, and the result says refreshed', async () => {
  const pair = await connected({ checkCode: NEW_CODE });
  const codes = [OLD_CODE, NEW_CODE];
  const client = scriptedClient({ 'doorLock.getIssuedConfig': () => issued(codes.shift()) });
  try {
    const door = dl.flows.forLock({ client, deviceId: DEVICE, lock: pair.lock, memberId: 1 });
    const opened = await door.unlock({ recordTimeoutMs: 1000 });
    assert.equal(opened.ok, true);
    assert.equal(opened.refreshed, true);
    assert.equal(client.count('doorLock.getIssuedConfig'), 2);
    assert.equal(pair.sim.state().unlocked, true);
    assert.equal(dp71Sent(pair), 2, 'one refused DP 71, one that opened');
    assert.equal(openings(pair.sim).length, 1);
    assert.ok(opened.record, 'the opening record of the second DP 71');
    const shown = JSON.stringify(opened);
    for (const code of [OLD_CODE, NEW_CODE, hex(OLD_CODE), hex(NEW_CODE)]) assert.ok(!shown.includes(code), 'no check code in the result');
    assert.equal(pair.carried.length, 4, 'two codes handed over, two DP 71 values');
    for (const buffer of pair.carried)
      assert.ok(
        buffer.every((byte) => byte === 0),
        'every buffer that carried a check code is wiped',
      );
  } finally {
    await pair.close();
  }
});

test('a second mismatch after the refresh fails with refreshed: true and nothing more is sent', async () => {
  const pair = await connected({ checkCode: NEW_CODE });
  const client = scriptedClient({ 'doorLock.getIssuedConfig': () => issued(OLD_CODE) });
  try {
    const door = dl.flows.forLock({ client, deviceId: DEVICE, lock: pair.lock, memberId: 1 });
    const error = await rejection(door.unlock());
    assert.equal(error.code, 'LOCK_REJECTED');
    assert.equal(error.reply.status, 'check_code_mismatch');
    assert.equal(error.refreshed, true);
    assert.equal(error.outcomeUnknown, undefined);
    assert.equal(client.count('doorLock.getIssuedConfig'), 2);
    assert.equal(dp71Sent(pair), 2);
    assert.equal(pair.sim.state().unlocked, false);
    const shown = `${error.message} ${JSON.stringify(error)} ${JSON.stringify(error.reply)}`;
    for (const code of [OLD_CODE, hex(OLD_CODE)]) assert.ok(!shown.includes(code), 'no check code in the error');
  } finally {
    await pair.close();
  }
});

test('another refusal (slave id mismatch) is not a reason to refresh', async () => {
  const pair = await connected({ checkCode: OLD_CODE });
  const client = scriptedClient({
    'doorLock.getIssuedConfig': () => ({ lock_random: { ...issued(OLD_CODE).lock_random, dev_unlock_id: '0006', distributed: false } }),
  });
  try {
    const door = dl.flows.forLock({ client, deviceId: DEVICE, lock: pair.lock, memberId: 1 });
    const error = await rejection(door.unlock());
    assert.equal(error.code, 'LOCK_REJECTED');
    assert.equal(error.reply.status, 'slave_id_mismatch');
    assert.equal(error.refreshed, undefined);
    assert.equal(client.count('doorLock.getIssuedConfig'), 1);
    assert.equal(dp71Sent(pair), 1);
  } finally {
    await pair.close();
  }
});

test('a lost DP 71 answer is outcomeUnknown: no refresh, no second DP 71', async () => {
  const pair = await connected({ checkCode: OLD_CODE, commandTimeoutMs: 600 });
  const client = scriptedClient({ 'doorLock.getIssuedConfig': () => issued(OLD_CODE) });
  try {
    const door = dl.flows.forLock({ client, deviceId: DEVICE, lock: pair.lock, memberId: 1 });
    const prepared = await door.prepareCheckCode();
    assert.equal(prepared.distributed, true);
    assert.equal(prepared.checkCodeSet.sent, true);
    assert.equal(prepared.checkCodeSet.status, 'check_code_mismatch', 'the lock already holds a code: the first-code DP 70 is refused, and that is no failure');
    assert.ok(!JSON.stringify(prepared).includes(hex(OLD_CODE)));
    pair.adapter.faults.dropNotifications = 1000; // every answer of the lock is lost from here on
    const error = await rejection(door.unlock());
    assert.equal(error.code, 'TIMEOUT');
    assert.equal(error.outcomeUnknown, true);
    assert.equal(error.refreshed, undefined);
    assert.equal(client.count('doorLock.getIssuedConfig'), 1);
    assert.equal(dp71Sent(pair), 1, 'exactly one DP 71 was sent');
    assert.equal(openings(pair.sim).length, 1, 'and the lock did open: only the lock knew');
  } finally {
    await pair.close();
  }
});

const NOW = Math.floor(Date.now() / 1000);
const VALIDITY = { effectiveTime: NOW - 60, invalidTime: NOW + 86400, cycle: 'none' };
const temporary = (sim) => sim.passwords().filter((entry) => entry.kind === 'temporary');

test('bluetooth_symbolic create: DP 51, then the cloud record with sn = hard_id and bluetooth_symbolic', async () => {
  const pair = await connected();
  const client = scriptedClient({ 'doorLock.createTemporaryPassword': () => ({ id: 4242 }) });
  try {
    const door = dl.flows.forLock({ client, deviceId: DEVICE, lock: pair.lock });
    const created = await door.createPassword({ name: 'Courier', password: '739152', validity: VALIDITY });
    const [stored] = temporary(pair.sim);
    assert.equal(stored.password, '739152');
    assert.deepEqual(created, { passwordId: 4242, hardId: stored.hardId, steps: { lock: 'done', cloud: 'done' } });
    const [record] = client.calls;
    assert.deepEqual(record.params, {
      device_id: DEVICE,
      name: 'Courier',
      password: '739152',
      effective_time: NOW - 60,
      invalid_time: NOW + 86400,
      bluetooth_symbolic: true,
      sn: stored.hardId,
    });
  } finally {
    await pair.close();
  }
});

test('the cloud refuses the record after DP 51: DP 52 rolls the PIN back on the lock, and the error has both steps', async () => {
  const pair = await connected();
  const client = scriptedClient({
    'doorLock.createTemporaryPassword': () => {
      throw new DoorlockError({ code: 'CLOUD_ERROR', cloudCode: 1109, message: 'sn: hard id already holds a password' });
    },
  });
  try {
    const door = dl.flows.forLock({ client, deviceId: DEVICE, lock: pair.lock });
    const error = await rejection(door.createPassword({ name: 'Courier', password: '739152', validity: VALIDITY }));
    assert.equal(error.code, 'CLOUD_ERROR');
    assert.equal(error.cloudCode, 1109);
    assert.deepEqual(error.steps, { lock: 'done', cloud: 'refused', rollback: 'done' });
    assert.equal(typeof error.hardId, 'number');
    assert.equal(error.outcomeUnknown, undefined);
    assert.deepEqual(pair.written, [51, 52], 'DP 51, then the rollback DP 52');
    assert.deepEqual(temporary(pair.sim), [], 'the lock no longer holds the PIN');
    assert.equal(pair.sim.pressKeypad('739152').opened, false);
    assert.ok(!error.message.includes('739152'));
  } finally {
    await pair.close();
  }
});

test('the cloud answer is lost after DP 51: no rollback, outcomeUnknown, and findCloudPassword settles it', async () => {
  const pair = await connected();
  const list = [];
  const client = scriptedClient({
    'doorLock.createTemporaryPassword': (params) => {
      list.push({ password_id: 77, sn: params.sn, name: params.name }); // the cloud did record it
      throw Object.assign(new DoorlockError({ code: 'TIMEOUT', message: 'no answer within 30000 ms' }), { outcomeUnknown: true });
    },
    'doorLock.getTemporaryPasswordList': () => list,
  });
  try {
    const door = dl.flows.forLock({ client, deviceId: DEVICE, lock: pair.lock });
    const error = await rejection(door.createPassword({ name: 'Courier', password: '739152', validity: VALIDITY }));
    assert.equal(error.code, 'TIMEOUT');
    assert.equal(error.outcomeUnknown, true);
    assert.deepEqual(error.steps, { lock: 'done', cloud: 'unknown' });
    const [stored] = temporary(pair.sim);
    assert.equal(stored.hardId, error.hardId, 'the PIN stays on the lock');
    assert.deepEqual(pair.written, [51], 'no rollback');
    assert.equal(client.count('doorLock.createTemporaryPassword'), 1, 'the record is not resent');
    const found = await door.findCloudPassword({ hardId: error.hardId });
    assert.equal(found.password_id, 77);
    assert.equal(await door.findCloudPassword({ hardId: error.hardId + 1 }), null);
  } finally {
    await pair.close();
  }
});

test('the lock refuses DP 51 (a weak PIN): the cloud is never asked', async () => {
  const pair = await connected();
  const client = scriptedClient({ 'doorLock.createTemporaryPassword': () => ({ id: 1 }) });
  try {
    const door = dl.flows.forLock({ client, deviceId: DEVICE, lock: pair.lock });
    const error = await rejection(door.createPassword({ name: 'Weak', password: '123456', validity: VALIDITY, allowWeakPassword: true }));
    assert.equal(error.code, 'LOCK_REJECTED');
    assert.deepEqual(error.steps, { lock: 'refused', cloud: 'not_sent' });
    assert.equal(client.calls.length, 0);
  } finally {
    await pair.close();
  }
});

test('delete: DP 52 first, then the cloud; a cloud refusal leaves the lock step done and cloudOnly finishes it', async () => {
  const pair = await connected();
  let refuse = true;
  const client = scriptedClient({
    'doorLock.createTemporaryPassword': () => ({ id: 9 }),
    'doorLock.deleteTemporaryPassword': () => {
      if (refuse) throw new DoorlockError({ code: 'CLOUD_ERROR', cloudCode: 500, message: 'system error' });
      return true;
    },
  });
  try {
    const door = dl.flows.forLock({ client, deviceId: DEVICE, lock: pair.lock });
    const { passwordId, hardId } = await door.createPassword({ name: 'Guest', password: '739152', validity: VALIDITY });
    const error = await rejection(door.deletePassword({ passwordId, hardId }));
    assert.deepEqual(error.steps, { lock: 'done', cloud: 'refused' });
    assert.deepEqual(temporary(pair.sim), []);
    refuse = false;
    const done = await door.deletePassword({ passwordId, hardId, cloudOnly: true });
    assert.deepEqual(done.steps, { lock: 'skipped', cloud: 'done' });
    const deletes = client.calls.filter((entry) => entry.action === 'doorLock.deleteTemporaryPassword');
    assert.deepEqual(
      deletes.map((entry) => entry.params),
      [1, 2].map(() => ({ device_id: DEVICE, password_id: '9', bluetooth_symbolic: true })),
    );
  } finally {
    await pair.close();
  }
});

test("delivery 'gateway': passwords through the cloud alone, never over Bluetooth", async () => {
  const pair = await connected();
  const client = scriptedClient({
    'doorLock.createTemporaryPassword': () => ({ id: 31 }),
    'doorLock.modifyTemporaryPassword': () => true,
    'doorLock.deleteTemporaryPassword': () => true,
  });
  try {
    const writtenBefore = pair.adapter.written.length;
    // A lock is even given: a gateway lock's flows must not use it.
    const door = dl.flows.forLock({ client, deviceId: DEVICE, lock: pair.lock, delivery: 'gateway' });
    const created = await door.createPassword({ name: 'Cleaner', password: '739152', validity: VALIDITY });
    assert.deepEqual(created, { passwordId: 31, steps: { lock: 'skipped', cloud: 'done' } });
    await door.modifyPassword({ passwordId: 31, name: 'Cleaner (new)', validity: { ...VALIDITY, invalidTime: NOW + 7200 } });
    await door.deletePassword({ passwordId: 31 });
    assert.equal(pair.adapter.written.length, writtenBefore, 'no packet went to the lock');
    assert.deepEqual(temporary(pair.sim), []);
    assert.equal(client.calls[0].params.bluetooth_symbolic, undefined);
    assert.equal(client.calls[0].params.sn, undefined);
    assert.deepEqual(
      client.calls.map((entry) => entry.action),
      ['doorLock.createTemporaryPassword', 'doorLock.modifyTemporaryPassword', 'doorLock.deleteTemporaryPassword'],
    );
    // And without any lock at all.
    const cloudOnly = dl.flows.forLock({ client, deviceId: DEVICE, delivery: 'gateway' });
    assert.equal((await cloudOnly.createPassword({ name: 'Nanny', password: '951739', validity: VALIDITY })).passwordId, 31);
  } finally {
    await pair.close();
  }
});

test('bad input: a DoorlockError with the field, and nothing sent', async () => {
  const client = scriptedClient({});
  const bad = (fn) => {
    try {
      fn();
    } catch (error) {
      return error;
    }
    return null;
  };
  assert.equal(bad(() => dl.flows.forLock({ client, deviceId: '' })).field, 'deviceId');
  assert.equal(bad(() => dl.flows.forLock({ client, deviceId: DEVICE, delivery: 'wifi' })).field, 'delivery');
  assert.equal(bad(() => dl.flows.forLock({ client: {}, deviceId: DEVICE })).field, 'client');
  const door = dl.flows.forLock({ client, deviceId: DEVICE });
  assert.equal((await rejection(door.unlock({ memberId: 1 }))).field, 'lock');
  assert.equal((await rejection(door.unlock())).field, 'memberId');
  assert.equal(
    (
      await rejection(
        door.createPassword({ name: 'x', password: '739152', validity: { ...VALIDITY, cycle: 'weekly', days: ['mon'], start: '08:00', end: '18:00' } }),
      )
    ).field,
    'timeZone',
  );
  assert.equal(client.calls.length, 0);
});

test('an aborted unlock sends nothing and is not refreshed', async () => {
  const pair = await connected({ checkCode: OLD_CODE });
  const client = scriptedClient({ 'doorLock.getIssuedConfig': () => issued(OLD_CODE) });
  try {
    const door = dl.flows.forLock({ client, deviceId: DEVICE, lock: pair.lock, memberId: 1 });
    await door.prepareCheckCode();
    assert.equal(door.hasCheckCode, true);
    const controller = new AbortController();
    controller.abort();
    const packetsBefore = pair.adapter.written.length;
    const error = await rejection(door.unlock({ signal: controller.signal }));
    assert.equal(error.code, 'ABORTED');
    assert.equal(error.outcomeUnknown, undefined);
    assert.equal(error.refreshed, undefined);
    assert.equal(pair.adapter.written.length, packetsBefore, 'no packet left');
    assert.equal(client.count('doorLock.getIssuedConfig'), 1);
    door.forgetCheckCode();
    assert.equal(door.hasCheckCode, false);
    assert.equal(pair.sim.state().unlocked, false);
  } finally {
    await pair.close();
  }
});
