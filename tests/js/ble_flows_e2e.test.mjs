// The end-to-end test of the BLE work: the app side (the .wasm through the package's Node entry)
// and the lock simulator (its own test-only .wasm) talk over the simulator adapter in 20-byte
// packets (and 244-byte packets on protocol 4): device info -> pair -> time sync -> temporary
// password with a weekly schedule -> unlock with the check code -> the unlock record. The
// simulator's own state is checked too: the stored password and its validity (and that the keypad
// honours the schedule), the time it was given, and its log of the unlock.
//
// Expected values are worked out by hand from ble-protocol.md, not taken from the code under test.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadDoorlock } from './support/load.mjs';
import { pkg, rejection } from './support/ble.mjs';
import { loadLockSimulator } from '../../tools/lock-simulator/js/index.mjs';
import { cloudUnlockInstruction as cloudInstruction } from './support/cloud-unlock-instruction.mjs';

const { connectLock, withLock, openSimulatorAdapter } = pkg;
const dl = await loadDoorlock();
const { createLockSimulator } = await loadLockSimulator();

const KEYS = { localKey: 'abcdef0123456789', uuid: 'uuid0123456789ab', devId: 'vdevo1234567890123456' };
const CHECK_CODE = '12345678';
const PASSWORD = '482916';
const HOUR = 3600;
// Monday 2026-03-02 09:00 at UTC+08:00 (2026-01-01 is a Thursday; March 2 is 60 days later).
const MONDAY_0900 = Date.UTC(2026, 2, 2, 1, 0, 0) / 1000;
const ZONE_MINUTES = 480;
const WEEKLY = {
  effectiveTime: MONDAY_0900 - HOUR, // Monday 08:00
  invalidTime: MONDAY_0900 + 28 * 24 * HOUR,
  cycle: 'weekly',
  days: ['mon', 'wed', 'fri'],
  start: '08:00',
  end: '18:00',
};

// A simulated lock and a connected app over the simulator adapter, sharing one fake clock.
async function connectPair({ protocol, mtu }) {
  const clock = {
    seconds: MONDAY_0900,
    now() {
      return this.seconds * 1000;
    },
  };
  const sim = createLockSimulator({ ...KEYS, protocol, mtu, checkCode: CHECK_CODE, now: () => clock.seconds });
  const adapter = await openSimulatorAdapter(sim, { mtu });
  const lock = await connectLock({ dl, adapter, ...KEYS, protocol, mtu, clock, timeZone: ZONE_MINUTES });
  return { clock, sim, adapter, lock };
}

const CASES = [
  // Air frame of the DP 51 write: 1 + 16 IV + 16·k. v3: plaintext 12 + DATA (51 | 00 | len | 26) 29
  // + CRC 2 = 43 -> 48, air 65 = 17 + 19 + 19 + 10 -> 4 packets. v4: DATA 5 + 4 + 26 = 35,
  // plaintext 49 -> 64, air 81 -> 1 packet of up to 241 payload bytes.
  { protocol: 3, mtu: 20, createPackets: 4 },
  { protocol: 4, mtu: 244, createPackets: 1 },
];

for (const { protocol, mtu, createPackets } of CASES) {
  test(`protocol ${protocol}, ${mtu}-byte packets: info -> pair -> time -> weekly temporary password -> unlock -> record`, async () => {
    const { clock, sim, adapter, lock } = await connectPair({ protocol, mtu });

    // Handshake: paired, and the lock took our time and zone (UTC+8 = 800 hundredths of an hour).
    assert.equal(lock.state, 'ready');
    assert.equal(lock.sessionState, 'ready');
    const afterHandshake = sim.state();
    assert.equal(afterHandshake.paired, true);
    assert.equal(afterHandshake.timeSynced, true);
    assert.equal(afterHandshake.rtc, MONDAY_0900);
    assert.equal(afterHandshake.timeZone, 800);
    assert.equal(lock.deviceInfo.bound, true);

    // Temporary password with a weekly schedule, progress per packet.
    const progress = [];
    const created = await lock.createTemporaryPassword({ password: PASSWORD, validity: WEEKLY, onProgress: (p) => progress.push(p) });
    assert.equal(created.ok, true);
    assert.equal(typeof created.hardId, 'number');
    assert.deepEqual(
      progress,
      Array.from({ length: createPackets }, (_, index) => ({ sent: index + 1, total: createPackets })),
    );
    const stored = sim.passwords().filter((item) => item.kind === 'temporary');
    assert.equal(stored.length, 1);
    assert.equal(stored[0].password, PASSWORD);
    assert.equal(stored[0].hardId, created.hardId);
    // days: bit0 = Sunday, so Mon | Wed | Fri = 2 + 8 + 32.
    assert.deepEqual(stored[0].validity, {
      effectiveTime: MONDAY_0900 - HOUR,
      invalidTime: MONDAY_0900 + 28 * 24 * HOUR,
      cycle: 'weekly',
      days: 42,
      start: 480,
      end: 1080,
    });
    // The lock applies the schedule in its local time: Monday 10:00 yes, Tuesday 10:00 no, Wednesday 19:00 no.
    assert.equal(sim.pressKeypad(PASSWORD, MONDAY_0900 + HOUR).opened, true);
    assert.equal(sim.pressKeypad(PASSWORD, MONDAY_0900 + 25 * HOUR).opened, false);
    assert.equal(sim.pressKeypad(PASSWORD, MONDAY_0900 + 58 * HOUR).opened, false);

    // Unlock with the check code; the lock's reply, then its record of the opening.
    clock.seconds += 60;
    const logBefore = sim.log().length;
    const opened = await lock.unlock({ checkCode: CHECK_CODE, memberId: 1 });
    assert.equal(opened.ok, true);
    assert.equal(opened.status, 'ok');
    // The lock's reply repeats the code; the result leaves it out.
    assert.equal('checkCode' in opened, false);
    assert.equal(JSON.stringify(opened).includes(CHECK_CODE), false);
    assert.equal(opened.timestamp, MONDAY_0900 + 60);
    assert.ok(opened.record, 'the lock reported the opening');
    assert.ok(
      opened.record.dps.some((dp) => dp.id === 19),
      'a BLE opening is logged in DP 19',
    );
    assert.equal(opened.record.time, MONDAY_0900 + 60);
    assert.equal(sim.state().unlocked, true);
    const newLog = sim.log().slice(logBefore);
    assert.equal(newLog.length, 1);
    assert.equal(newLog[0].time, MONDAY_0900 + 60);
    assert.equal(newLog[0].recordDp, 19);
    assert.equal(newLog[0].reported, true);

    // Every packet the app wrote fits the link.
    assert.ok(adapter.written.every((packet) => packet.length <= mtu));
    if (mtu === 20)
      assert.ok(
        adapter.written.some((packet) => packet.length === 20),
        'long frames fill whole packets',
      );
    else
      assert.ok(
        adapter.written.some((packet) => packet.length > 20),
        'frames go out in packets longer than 20 bytes',
      );

    await lock.close();
    assert.equal(sim.state().connected, false, 'the connection is released');
    assert.equal(lock.state, 'closed');
    sim.close();
  });
}

test('a wrong check code is refused by the lock (LOCK_REJECTED, nothing opened) and is not retried', async () => {
  const { sim, lock } = await connectPair({ protocol: 3, mtu: 20 });
  const error = await rejection(lock.unlock({ checkCode: '87654321', memberId: 1 }));
  assert.equal(error.code, 'LOCK_REJECTED');
  assert.equal(error.reply.status, 'check_code_mismatch');
  assert.equal(error.outcomeUnknown, undefined, 'the lock answered: the outcome is known');
  assert.equal(sim.state().unlocked, false);
  assert.equal(sim.events().filter((event) => event.type === 'dp_write').length, 1);
  await lock.close();
  sim.close();
});

test('no answer after the unlock frame went out: TIMEOUT with an unknown outcome, sent exactly once', async () => {
  const { sim, adapter, lock } = await connectPair({ protocol: 3, mtu: 20 });
  adapter.faults.dropNotifications = 1000; // the lock acts, its answers are lost
  const error = await rejection(lock.unlock({ checkCode: CHECK_CODE, memberId: 1, timeoutMs: 150 }));
  assert.equal(error.code, 'TIMEOUT');
  assert.equal(error.outcomeUnknown, true);
  assert.equal(sim.state().unlocked, true, 'the lock did open: only the lock knew');
  assert.equal(sim.events().filter((event) => event.type === 'dp_write').length, 1, 'never sent again');
  await lock.close();
  sim.close();
});

test('the link dropping mid-command ends it at once with BLE_DISCONNECTED', async () => {
  const { sim, adapter, lock } = await connectPair({ protocol: 3, mtu: 20 });
  adapter.faults.stallWrites = true;
  const pending = lock.createTemporaryPassword({ password: PASSWORD, validity: WEEKLY, timeoutMs: 10000 });
  await new Promise((resolve) => setTimeout(resolve, 5));
  const started = Date.now();
  adapter.dropLink();
  const error = await rejection(pending);
  assert.equal(error.code, 'BLE_DISCONNECTED');
  assert.ok(Date.now() - started < 100);
  assert.equal(lock.state, 'closed');
  assert.equal(sim.state().connected, false);
  assert.equal(sim.passwords().filter((item) => item.kind === 'temporary').length, 0);
  sim.close();
});

test('the keypad opening the lock while connected reaches the app as a report', async () => {
  const { sim, adapter, lock } = await connectPair({ protocol: 4, mtu: 244 });
  await lock.createTemporaryPassword({ password: PASSWORD, validity: WEEKLY });
  const after = lock.reportCursor;
  const typed = sim.pressKeypad(PASSWORD);
  assert.equal(typed.opened, true);
  adapter.push(typed.packets);
  const report = await lock.waitForReport((candidate) => candidate.dps.length > 0, { after, timeoutMs: 1000 });
  assert.equal(report.time, MONDAY_0900);
  await lock.close();
  sim.close();
});

test('T0, unlock-method sync and cloud-built DPs over the same connection; withLock releases it', async () => {
  const clock = { now: () => MONDAY_0900 * 1000 };
  const sim = createLockSimulator({ ...KEYS, protocol: 3, mtu: 20, checkCode: CHECK_CODE, now: () => MONDAY_0900 });
  const adapter = await openSimulatorAdapter(sim);
  await withLock({ dl, adapter, ...KEYS, clock, timeZone: ZONE_MINUTES }, async (lock) => {
    await lock.pushT0({ activeTime: 1622000424 });
    assert.equal(sim.state().t0, 1622000424);

    await lock.createTemporaryPassword({ password: PASSWORD, validity: WEEKLY });
    const synced = await lock.syncUnlockMethods({ types: ['password'] });
    assert.ok(Array.isArray(synced.methods));

    // doorLock.getIssuedConfig: lock_record with distributed false sends nothing.
    assert.deepEqual(await lock.writeCloudDp({ dpId: 56, ins: '00', distributed: false }), { sent: false });
    // doorLock.getSyncableOpmodeTypes: { dp_id: 54, ins: '01', distributed: true }.
    const written = await lock.writeCloudDp({ dp_id: 54, ins: '01', distributed: true });
    assert.equal(written.sent, true);

    // doorLock.getIssuedConfig lock_random: DP 70 from wake_up_ins = masterid ffff | slaveid 0001 |
    // current code | op 00 | new masterid ffff | new code (ble-protocol.md §6.5); then the new code opens.
    const ascii = (text) => Buffer.from(text, 'ascii').toString('hex');
    const lockRandom = {
      dp_id: 70,
      distributed: true,
      ins: ascii('87654321'),
      wake_up_ins: `ffff0001${ascii(CHECK_CODE)}00ffff${ascii('87654321')}`,
    };
    const configured = await lock.writeCloudDp(lockRandom);
    assert.equal(configured.sent, true);
    assert.equal(configured.reply.ok, true);
    assert.equal(configured.reply.dp, 70);
    const opened = await lock.unlock({ checkCode: '87654321', memberId: 1, recordTimeoutMs: 500 });
    assert.equal(opened.ok, true);
  });
  assert.equal(sim.state().connected, false);
  sim.close();
});

// What doorLock.bleOpenInstruction returns, as the cloud emulator builds it (node:crypto).
const cloudUnlockInstruction = ({ sn, checkCode, timestamp, memberId }) => cloudInstruction({ localKey: KEYS.localKey, sn, checkCode, timestamp, memberId });

test('a cloud-built unlock instruction is relayed for bluetooth_sn = nextSn, answered and logged once', async () => {
  const { sim, lock } = await connectPair({ protocol: 3, mtu: 20 });
  const bluetoothSn = lock.nextSn;
  const instruction = cloudUnlockInstruction({ sn: bluetoothSn, checkCode: CHECK_CODE, timestamp: MONDAY_0900, memberId: 1 });
  const result = await lock.relayUnlockInstruction({ instruction: { instruction, next_sn: bluetoothSn + 1 } });
  assert.equal(result.sn, bluetoothSn);
  assert.equal(result.reply.ok, true);
  assert.equal(result.reply.dp, 71);
  assert.ok(result.record && result.record.dps.some((dp) => dp.id === 19));
  assert.equal(sim.state().unlocked, true);
  assert.equal(lock.nextSn > bluetoothSn, true, 'the session continues after the relayed SN');

  // An instruction built for an SN the session already used is refused before anything is sent.
  const written = sim.events().filter((event) => event.type === 'dp_write').length;
  const stale = cloudUnlockInstruction({ sn: bluetoothSn, checkCode: CHECK_CODE, timestamp: MONDAY_0900, memberId: 1 });
  const error = await rejection(lock.relayUnlockInstruction({ instruction: stale }));
  assert.equal(error.code, 'REPLAYED_SN');
  assert.equal(sim.events().filter((event) => event.type === 'dp_write').length, written);
  await lock.close();
  sim.close();
});

test('handshake failures come back as clear errors and release the lock: bad key, wrong uuid, wrong local key', async () => {
  const attempt = async (overrides) => {
    const sim = createLockSimulator({ ...KEYS, protocol: 3, mtu: 20, checkCode: CHECK_CODE, now: () => MONDAY_0900 });
    const adapter = await openSimulatorAdapter(sim);
    const started = Date.now();
    const error = await rejection(connectLock({ dl, adapter, ...KEYS, stepTimeoutMs: 3000, ...overrides }));
    const elapsed = Date.now() - started;
    const connected = sim.state().connected;
    sim.close();
    return { error, elapsed, connected, adapter };
  };

  const badKey = await attempt({ localKey: 'short' });
  assert.equal(badKey.error.code, 'INVALID_ARGUMENT');
  assert.equal(badKey.error.field, 'localKey');
  assert.ok(!badKey.error.message.includes('short'), 'the key stays out of the message');
  assert.equal(badKey.connected, false);

  // The lock refuses a pair request for another uuid (ble-protocol.md §2.2) and hangs up: the lock
  // said no, and the error names the uuid.
  const otherLock = await attempt({ uuid: 'uuid0123456789XX' });
  assert.equal(otherLock.error.code, 'LOCK_REJECTED');
  assert.equal(otherLock.error.field, 'uuid');
  assert.match(otherLock.error.message, /refused pairing.*check uuid/);
  assert.equal(otherLock.connected, false);

  // With the wrong local key the lock cannot read the device-info request and drops it, as a real
  // lock does (keys use localKey[0:6], so the first six characters differ). The device-info step
  // has a short bound of its own (not the 10 s of the other steps), and the error says what to check.
  const wrongKey = await attempt({ localKey: 'zzzzzz0123456789', deviceInfoTimeoutMs: 300 });
  assert.equal(wrongKey.error.code, 'TIMEOUT');
  assert.equal(wrongKey.error.step, 'deviceInfo');
  assert.equal(wrongKey.error.field, 'localKey');
  assert.match(wrongKey.error.message, /check localKey \/ uuid/);
  assert.ok(!wrongKey.error.message.includes('zzzzzz'), 'the key stays out of the message');
  // Far below the 10 s of the other steps (generous: a loaded machine delays timers).
  assert.ok(wrongKey.elapsed < 5000, `failed after ${wrongKey.elapsed} ms`);
  assert.equal(wrongKey.connected, false);
});

test('an unlock aborted once its first packet is on its way: ABORTED with outcomeUnknown, sent once, the lock still usable', async () => {
  const clock = {
    seconds: MONDAY_0900,
    now() {
      return this.seconds * 1000;
    },
  };
  const sim = createLockSimulator({ ...KEYS, protocol: 3, mtu: 20, checkCode: CHECK_CODE, now: () => clock.seconds });
  // Each packet takes 30 ms to write: the abort comes while the frame's packets are going out.
  const adapter = await openSimulatorAdapter(sim, { mtu: 20, latencyMs: 30 });
  const lock = await connectLock({ dl, adapter, ...KEYS, clock, timeZone: ZONE_MINUTES });
  const controller = new AbortController();
  const pending = lock.unlock({ checkCode: CHECK_CODE, memberId: 1, signal: controller.signal });
  await new Promise((resolve) => setTimeout(resolve, 40));
  controller.abort();
  const error = await rejection(pending);
  assert.equal(error.code, 'ABORTED');
  assert.equal(error.outcomeUnknown, true);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const unlockWrites = sim.events().filter((event) => event.type === 'dp_write');
  assert.ok(unlockWrites.length <= 1, 'never sent again');
  // An already aborted signal: nothing is built or sent, and the connection goes on.
  const before = sim.events().filter((event) => event.type === 'dp_write').length;
  assert.equal((await rejection(lock.pushT0({ activeTime: MONDAY_0900, signal: AbortSignal.abort() }))).code, 'ABORTED');
  assert.equal(sim.events().filter((event) => event.type === 'dp_write').length, before);
  assert.equal(lock.state, 'ready');
  await lock.close();
  sim.close();
});
