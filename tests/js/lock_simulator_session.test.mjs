// The app's dl.ble.session (doorlock_core.wasm) against the lock simulator (lock_simulator.wasm),
// packet by packet with no host layer between them: device info -> pair -> time sync -> a
// temporary password with a weekly schedule -> unlock with the check code -> the unlock report
// (200 ms later, taken from the simulator's queue),
// over 20-byte packets. Expected values are worked out from ble-protocol.md, not read from either side.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadDoorlock } from './support/load.mjs';
import { loadLockSimulator } from '../../tools/lock-simulator/js/index.mjs';

const dl = await loadDoorlock();
const { createLockSimulator } = await loadLockSimulator();

const KEYS = { localKey: 'abcdef0123456789', uuid: 'tuya1234567890ab', devId: 'bf0123456789abcdefghij' };
// 2023-11-13T02:00:00Z: Monday 10:00 at UTC+8.
const MONDAY_1000 = 1699840800;

// Carries the app's writes to the lock and the lock's notifications to the app until both are quiet.
function exchange(session, lock, writes, events = []) {
  const queue = [...writes];
  while (queue.length > 0) {
    const packet = queue.shift();
    assert.ok(packet.length <= 20, `app packet of ${packet.length} bytes`);
    for (const note of lock.receive(packet)) {
      assert.ok(note.length <= 20, `lock packet of ${note.length} bytes`);
      const { write, events: more } = session.receive(note);
      events.push(...more);
      queue.push(...write);
    }
  }
  return events;
}

const dpEvents = (events) => events.filter((event) => event.type === 'dps');

for (const protocol of [3, 4]) {
  test(`protocol ${protocol}, 20-byte packets: info -> pair -> time -> weekly temporary password -> check-code unlock -> report`, () => {
    const clock = { seconds: MONDAY_1000 - 7 * 86400 }; // the lock's own clock is a week behind
    const lock = createLockSimulator({ ...KEYS, protocol, mtu: 20, checkCode: '12345678', now: () => clock.seconds });
    const session = dl.ble.session({ ...KEYS, protocol, mtu: 20, timeZone: '+08:00', clock: () => MONDAY_1000 * 1000 });

    lock.connect();
    let events = exchange(session, lock, session.start());
    assert.deepEqual(
      events.map((e) => e.type),
      ['deviceInfo', 'ready', 'time'],
    );
    assert.equal(events[0].bound, true);
    assert.equal(events[0].virtualId, KEYS.devId);
    assert.equal(session.state, 'ready');
    let state = lock.state();
    assert.equal(state.paired, true);
    assert.equal(state.timeSynced, true);
    assert.equal(state.rtc, MONDAY_1000);
    assert.equal(state.timeZone, 800);

    // Monday, Wednesday and Friday 08:00-18:00 (local), for four weeks.
    const validity = {
      effectiveTime: MONDAY_1000 - 3600,
      invalidTime: MONDAY_1000 + 28 * 86400,
      cycle: 'weekly',
      days: ['mon', 'wed', 'fri'],
      start: '08:00',
      end: '18:00',
    };
    const create = session.writeDps([dl.ble.lockDp.createTemporaryPassword({ password: '482916', validity })]);
    assert.ok(create.packets.length > 1, 'the write spans several 20-byte packets');
    events = exchange(session, lock, create.packets);
    assert.deepEqual(
      events.filter((e) => e.type === 'ack'),
      [{ type: 'ack', sn: create.sn, ok: true }],
    );
    const [created] = dpEvents(events);
    const createdReply = dl.ble.lockDp.parseTemporaryPasswordReply(created.dps[0].value);
    assert.equal(createdReply.ok, true);
    const [stored] = lock.passwords();
    assert.deepEqual(stored.validity, {
      effectiveTime: MONDAY_1000 - 3600,
      invalidTime: MONDAY_1000 + 28 * 86400,
      cycle: 'weekly',
      days: 2 + 8 + 32,
      start: 480,
      end: 1080,
    });
    assert.equal(stored.hardId, createdReply.hardId);
    // The lock reads the window in its local time: Monday 10:00 opens, Tuesday 10:00 and Monday 19:00 do not.
    assert.equal(lock.pressKeypad('482916', MONDAY_1000 + 86400).reason, 'outside_window');
    assert.equal(lock.pressKeypad('482916', MONDAY_1000 + 9 * 3600).reason, 'outside_window');
    const typed = lock.pressKeypad('482916');
    assert.equal(typed.opened, true);
    const keypadEvents = [];
    const answers = typed.packets.flatMap((note) => {
      const out = session.receive(note);
      keypadEvents.push(...out.events);
      return out.write;
    });
    exchange(session, lock, answers);
    const [keypadRecord] = dpEvents(keypadEvents);
    assert.deepEqual(keypadRecord.dps, [{ id: 55, type: 'value', value: createdReply.hardId }]);
    assert.equal(keypadRecord.time, MONDAY_1000);

    // Unlock with the check code; the reply and the record arrive as reports.
    clock.seconds += 120;
    const unlock = session.writeDps([dl.ble.lockDp.unlockCheck({ checkCode: '12345678', open: true, timestamp: MONDAY_1000 + 120, memberId: 1 })]);
    events = exchange(session, lock, unlock.packets);
    assert.deepEqual(
      events.filter((e) => e.type === 'ack'),
      [{ type: 'ack', sn: unlock.sn, ok: true }],
    );
    const [replyEvent, early] = dpEvents(events);
    assert.equal(early, undefined, 'the record is not sent with the reply');
    // The lock application reports the opening 200 ms later (on the lock's clock).
    const due = lock.nextDue();
    assert.equal(due.inMs, 200);
    const laterEvents = [];
    const laterAnswers = lock.takeDue(due.atMs).flatMap((note) => {
      const out = session.receive(note);
      laterEvents.push(...out.events);
      return out.write;
    });
    exchange(session, lock, laterAnswers);
    const [recordEvent] = dpEvents(laterEvents);
    const reply = dl.ble.lockDp.parseUnlockCheckReply(replyEvent.dps[0].value);
    assert.deepEqual(
      [reply.ok, reply.status, reply.slaveId, reply.masterId, reply.checkCode, reply.timestamp],
      [true, 'ok', 1, 0xffff, '12345678', MONDAY_1000 + 120],
    );
    assert.deepEqual(recordEvent.dps, [{ id: 19, type: 'value', value: 1 }]);
    assert.equal(recordEvent.time, MONDAY_1000 + 120);
    state = lock.state();
    assert.equal(state.unlocked, true);
    assert.deepEqual(
      lock.log().map((entry) => [entry.event, entry.recordDp ?? null, entry.reported]),
      [
        ['refused', null, true],
        ['refused', null, true],
        ['unlock', 55, true],
        ['unlock', 19, true],
      ],
    );
    if (protocol === 4) {
      const acks = lock.events().filter((event) => event.type === 'report_ack');
      assert.equal(acks.length, 4, 'the app answered every v4 report');
    }

    events = exchange(session, lock, session.unbind());
    assert.equal(lock.state().bound, false);
    assert.equal(lock.state().connected, false);
    lock.close();
  });
}
