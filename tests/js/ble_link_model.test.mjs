// The simulator adapter's link model (js/src/ble/link-model.mjs): connection events, writes with
// and without response, and the counts bench/unlock.mjs reports. Expected figures are worked out
// by hand from the model's rules and from the frame sizes in ble-protocol.md.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadDoorlock, repoRoot } from './support/load.mjs';
import { pkg } from './support/ble.mjs';
import { loadLockSimulator } from '../../tools/lock-simulator/js/index.mjs';

const { LinkModel } = await import(join(repoRoot, 'js', 'src', 'ble', 'link-model.mjs'));
const dl = await loadDoorlock();
const { createLockSimulator } = await loadLockSimulator();
const KEYS = { localKey: 'abcdef0123456789', uuid: 'uuid0123456789ab', devId: 'vdevo1234567890123456' };
const START = Date.UTC(2026, 2, 2, 1, 0, 0);

test('writes with response take one connection event each; without response four share an event', async () => {
  const model = new LinkModel({ connectionIntervalMs: 30, packetsPerEvent: 4, notificationLatencyMs: 3 });
  assert.deepEqual(model.write(true), { arrivesAt: 0, completesAt: 30 });
  await model.wait(30);
  assert.deepEqual(model.write(true), { arrivesAt: 30, completesAt: 60 });
  await model.wait(60);
  const arrivals = [1, 2, 3, 4, 5].map(() => model.write(false).arrivesAt);
  assert.deepEqual(arrivals, [60, 60, 60, 60, 90]); // the fifth waits for the next event
  // The lock's answer shares the events: 90 has room for three more packets.
  assert.equal(model.notification(61), 93);
  assert.equal(model.stats.packetsWritten, 7);
});

test('presets are checked', () => {
  assert.throws(() => new LinkModel('symbian'), TypeError);
  assert.equal(new LinkModel('android').interval, 45);
});

async function unlockOn(writeType) {
  let adapter = null;
  const clock = { now: () => START + (adapter ? adapter.model.now : 0) };
  const sim = createLockSimulator({ ...KEYS, protocol: 3, mtu: 20, checkCode: '12345678', now: () => clock.now() / 1000 });
  adapter = await pkg.openSimulatorAdapter(sim, { mtu: 20, linkModel: 'ios', writeType });
  const lock = await pkg.connectLock({ dl, adapter, ...KEYS, protocol: 3, mtu: 20, clock, timeZone: 480 });
  const opened = await lock.unlock({ checkCode: '12345678', memberId: 1 });
  const figures = { packetsWritten: adapter.model.packetsWritten, roundTrips: adapter.model.roundTrips, ms: adapter.model.now };
  const writes = sim.events().filter((event) => event.type === 'dp_write').length;
  await lock.close();
  sim.close();
  return { opened, figures, writes };
}

test('connect and unlock on a modelled iOS link, protocol 3, MTU 20: packets, round trips, time', async () => {
  const withResponse = await unlockOn('write');
  const withoutResponse = await unlockOn('writeNoResponse');
  for (const run of [withResponse, withoutResponse]) {
    assert.equal(run.opened.ok, true);
    assert.ok(run.opened.record, 'the record of the opening came');
    assert.equal(run.writes, 1, 'one DP write reached the lock');
    // Device info 33 air bytes -> 2 packets, pair 81 -> 5, time answer 49 -> 3, DP 71 65 -> 4,
    // two report acks 33 -> 2 each: 18 packets. Round trips: device info, pair (the lock asks for
    // the time with its answer), DP 71, and the record after the reply's ack.
    assert.equal(run.figures.packetsWritten, 18);
    assert.equal(run.figures.roundTrips, 4);
  }
  // The record comes 200 ms after the reply, so both take longer than that; without response the
  // packets of a frame share connection events instead of one event each.
  assert.ok(withoutResponse.figures.ms > 200);
  assert.ok(
    withoutResponse.figures.ms < withResponse.figures.ms - 100,
    `${withoutResponse.figures.ms} ms without response, ${withResponse.figures.ms} ms with`,
  );
});
