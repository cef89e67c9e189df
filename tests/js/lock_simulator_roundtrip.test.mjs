// App <-> simulated lock round trips for DP 1/2/3/51/52/53/70/71 at MTU 20 on protocols 3 and 4,
// through both .wasm modules: the app builds each DP with dl.ble.lockDp and writes it over
// connectLock and the simulator adapter; the lock reads it with its own firmware structs
// (tools/lock-simulator/src/firmware_dp.h). What the lock stored is compared with what was asked,
// field by field, and the lock's replies are read back with dl.ble.lockDp. The unlock record
// arrives about 200 ms after the DP 71 reply, delivered by the adapter's timer.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadDoorlock } from './support/load.mjs';
import { pkg } from './support/ble.mjs';
import { loadLockSimulator } from '../../tools/lock-simulator/js/index.mjs';

const { connectLock, openSimulatorAdapter } = pkg;
const dl = await loadDoorlock();
const { createLockSimulator } = await loadLockSimulator();

const KEYS = { localKey: 'abcdef0123456789', uuid: 'uuid0123456789ab', devId: 'vdevo1234567890123456' };
// 2023-11-01T00:00Z .. 2023-12-01T00:00Z; the lock's clock at Tuesday 2023-11-14 10:00 UTC+8.
const FROM = 1698796800;
const UNTIL = 1701388800;
const NOW = 1699927200;
const weekly = (start, end) => ({ effectiveTime: FROM, invalidTime: UNTIL, cycle: 'weekly', days: ['mon', 'wed', 'sat'], start, end });
const daily = (start, end) => ({ effectiveTime: FROM, invalidTime: UNTIL, cycle: 'daily', start, end });
const MON_WED_SAT = 2 + 8 + 64; // bit0 = Sunday
const minutes = (h, m) => h * 60 + m;

async function connectPair(protocol) {
  const clock = {
    seconds: NOW,
    now() {
      return this.seconds * 1000;
    },
  };
  const sim = createLockSimulator({ ...KEYS, protocol, mtu: 20, checkCode: '12345678', slaveId: 0x0203, now: () => clock.seconds });
  const adapter = await openSimulatorAdapter(sim, { mtu: 20 });
  const lock = await connectLock({ dl, adapter, ...KEYS, protocol, mtu: 20, clock, timeZone: 480 });
  return { clock, sim, adapter, lock };
}

function catchError(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

// Writes one DP and returns the lock's reply DP value.
async function call(lock, dp) {
  const { reply } = await lock.writeDps([dp], { replyDp: dp.id });
  return reply.value;
}

for (const protocol of [3, 4]) {
  test(`protocol ${protocol}, MTU 20: DP 1/2/3 unlock methods stored as asked`, async () => {
    const { sim, adapter, lock } = await connectPair(protocol);
    const after = lock.reportCursor;
    // The command resolves on the enrolment's final stage; the lock reported "started" before it.
    const outcome = dl.ble.lockDp.parseCreateUnlockMethodReply(
      await call(
        lock,
        dl.ble.lockDp.createUnlockMethod({
          method: 'password',
          memberId: 7,
          admin: true,
          validity: weekly('08:30', '18:15'),
          validNum: 3,
          password: '902468',
        }),
      ),
    );
    assert.equal(outcome.status, 'complete');
    const started = await lock.waitForReport((r) => r.dps.some((d) => d.id === 1 && d.value[1] === 0x00), { after });
    assert.equal(dl.ble.lockDp.parseCreateUnlockMethodReply(started.dps[0].value).stage, 0x00);
    assert.deepEqual([outcome.method, outcome.admin, outcome.memberId], [1, true, 7]);
    let [stored] = sim.passwords();
    assert.deepEqual(stored, {
      kind: 'password',
      hardId: outcome.hardId,
      memberId: 7,
      admin: true,
      validNum: 3,
      uses: 0,
      password: '902468',
      validity: { effectiveTime: FROM, invalidTime: UNTIL, cycle: 'weekly', days: MON_WED_SAT, start: minutes(8, 30), end: minutes(18, 15) },
    });

    const modified = dl.ble.lockDp.parseModifyUnlockMethodReply(
      await call(
        lock,
        dl.ble.lockDp.modifyUnlockMethod({
          method: 'password',
          memberId: 7,
          admin: true,
          hardId: outcome.hardId,
          validity: daily('06:10', '22:50'),
          password: '314159',
        }),
      ),
    );
    assert.deepEqual([modified.ok, modified.hardId, modified.memberId], [true, outcome.hardId, 7]);
    [stored] = sim.passwords();
    assert.equal(stored.password, '314159');
    assert.deepEqual(stored.validity, { effectiveTime: FROM, invalidTime: UNTIL, cycle: 'daily', start: minutes(6, 10), end: minutes(22, 50) });

    const deleted = dl.ble.lockDp.parseDeleteUnlockMethodReply(
      await call(
        lock,
        dl.ble.lockDp.deleteUnlockMethod({
          method: 'password',
          memberId: 7,
          hardId: outcome.hardId,
        }),
      ),
    );
    assert.deepEqual([deleted.ok, deleted.hardId, deleted.memberId], [true, outcome.hardId, 7]);
    assert.deepEqual(sim.passwords(), []);
    assert.ok(adapter.written.every((packet) => packet.length <= 20));
    await lock.close();
    sim.close();
  });

  test(`protocol ${protocol}, MTU 20: DP 51/52/53 temporary passwords stored as asked`, async () => {
    const { sim, lock } = await connectPair(protocol);
    const created = dl.ble.lockDp.parseTemporaryPasswordReply(
      await call(
        lock,
        dl.ble.lockDp.createTemporaryPassword({
          password: '5071938',
          validity: weekly('08:30', '18:15'),
          validNum: 4,
        }),
      ),
    );
    assert.equal(created.ok, true);
    let [stored] = sim.passwords();
    assert.deepEqual(
      { ...stored, type: undefined },
      {
        kind: 'temporary',
        hardId: created.hardId,
        type: undefined,
        validNum: 4,
        uses: 0,
        password: '5071938',
        validity: { effectiveTime: FROM, invalidTime: UNTIL, cycle: 'weekly', days: MON_WED_SAT, start: minutes(8, 30), end: minutes(18, 15) },
      },
    );
    // Tuesday 10:00 is not Mon/Wed/Sat: refused; the same PIN again is "already exists" (0x03).
    assert.equal(sim.pressKeypad('5071938').reason, 'outside_window');
    const again = await call(lock, dl.ble.lockDp.createTemporaryPassword({ password: '5071938', validity: weekly('08:30', '18:15') }));
    assert.deepEqual([...again], [0xff, 0x03]);
    // The app refuses a weak PIN before sending; let one through to see the lock's own 0x0a.
    assert.equal(catchError(() => dl.ble.lockDp.createTemporaryPassword({ password: '234567', validity: weekly('08:30', '18:15') })).field, 'password');
    const weak = await call(
      lock,
      dl.ble.lockDp.createTemporaryPassword({
        password: '234567',
        validity: weekly('08:30', '18:15'),
        allowWeakPassword: true,
      }),
    );
    assert.deepEqual([...weak], [0xff, 0x0a]);

    const modified = dl.ble.lockDp.parseTemporaryPasswordReply(
      await call(
        lock,
        dl.ble.lockDp.modifyTemporaryPassword({
          hardId: created.hardId,
          password: '864209',
          validity: daily('09:45', '17:20'),
          validNum: 2,
        }),
      ),
    );
    assert.deepEqual([modified.ok, modified.hardId], [true, created.hardId]);
    [stored] = sim.passwords();
    assert.equal(stored.password, '864209');
    assert.equal(stored.validNum, 2);
    assert.deepEqual(stored.validity, { effectiveTime: FROM, invalidTime: UNTIL, cycle: 'daily', start: minutes(9, 45), end: minutes(17, 20) });
    assert.equal(sim.pressKeypad('864209').opened, true); // Tuesday 10:00 local is inside 09:45-17:20

    const deleted = dl.ble.lockDp.parseTemporaryPasswordReply(await call(lock, dl.ble.lockDp.deleteTemporaryPassword({ hardId: created.hardId })));
    assert.deepEqual([deleted.ok, deleted.hardId], [true, created.hardId]);
    assert.deepEqual(sim.passwords(), []);
    await lock.close();
    sim.close();
  });

  test(`protocol ${protocol}, MTU 20: DP 70/71 check code and unlock; the record comes ~200 ms after the reply`, async () => {
    const { sim, lock } = await connectPair(protocol);
    const set = dl.ble.lockDp.parseCheckCodeReply(
      await call(
        lock,
        dl.ble.lockDp.setCheckCode({
          slaveId: 0x0203,
          checkCode: '12345678',
          operation: 'add',
          newMasterId: 0x1234,
          newCheckCode: '24681357',
        }),
      ),
    );
    assert.deepEqual([set.ok, set.slaveId, set.masterId, set.checkCode, set.operation, set.newMasterId], [true, 0x0203, 0xffff, '12345678', 0, 0x1234]);

    const after = lock.reportCursor;
    const writtenAt = Date.now();
    const reply = dl.ble.lockDp.parseUnlockCheckReply(
      await call(
        lock,
        dl.ble.lockDp.unlockCheck({
          masterId: 0x1234,
          slaveId: 0x0203,
          checkCode: '24681357',
          open: true,
          timestamp: NOW + 5,
          memberId: 9,
        }),
      ),
    );
    assert.deepEqual(
      [reply.ok, reply.slaveId, reply.masterId, reply.checkCode, reply.open, reply.timestamp, reply.method],
      [true, 0x0203, 0x1234, '24681357', true, NOW + 5, 0],
    );
    assert.equal(sim.state().pendingReports, 1, 'the record waits in the lock');
    const record = await lock.waitForReport((r) => r.dps.some((d) => d.id === 19), { after, timeoutMs: 2000 });
    const waited = Date.now() - writtenAt;
    assert.ok(waited >= 150, `the record came ${waited} ms after the write`);
    assert.deepEqual(record.dps, [{ id: 19, type: 'value', value: 9 }]);
    assert.equal(record.time, NOW);
    assert.equal(sim.state().unlocked, true);
    assert.equal(sim.log().at(-1).reported, true);
    await lock.close();
    sim.close();
  });
}
