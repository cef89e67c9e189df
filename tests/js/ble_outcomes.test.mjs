// Every result is the command's own, and every unknown outcome is flagged: the app (the package's
// Node entry) against the lock simulator, through a flaky radio (support/faulty-adapter.mjs) that
// holds, drops and cuts packets where each case needs it. What the lock did is read from the
// simulator's own state, never from the app's answer.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadDoorlock } from './support/load.mjs';
import { pkg, rejection } from './support/ble.mjs';
import { faultyAdapter } from './support/faulty-adapter.mjs';
import { cloudUnlockInstruction as cloudInstruction } from './support/cloud-unlock-instruction.mjs';
import { decrypt, join, sessionKey } from './support/ble_peer.mjs';
import { loadLockSimulator } from '../../tools/lock-simulator/js/index.mjs';

const { connectLock, openSimulatorAdapter } = pkg;
const dl = await loadDoorlock();
const { createLockSimulator } = await loadLockSimulator();

const KEYS = { localKey: 'abcdef0123456789', uuid: 'uuid0123456789ab', devId: 'vdevo1234567890123456' };
const CHECK_CODE = '12345678';
const NOW = 1772413200; // 2026-03-02 01:00 UTC
const VALIDITY = { effectiveTime: NOW - 3600, invalidTime: NOW + 30 * 86400 };
const everyPacket = (dir, fault, extra = {}) => Array.from({ length: 64 }, (_, index) => ({ dir, index, fault, ...extra }));

async function connectFaulty({ protocol = 3, mtu = 20, delayToApp, simOptions = {} } = {}) {
  const clock = {
    seconds: NOW,
    now() {
      return this.seconds * 1000;
    },
  };
  const sim = createLockSimulator({ ...KEYS, protocol, mtu, checkCode: CHECK_CODE, now: () => clock.seconds, ...simOptions });
  const faulty = faultyAdapter(await openSimulatorAdapter(sim, { mtu }), { delayToApp: delayToApp && delayToApp(sim) });
  const lock = await connectLock({ dl, adapter: faulty, ...KEYS, protocol, mtu, clock, timeZone: 0, commandTimeoutMs: 2000 });
  return { clock, sim, faulty, lock };
}

const temporary = (sim) => sim.passwords().filter((item) => item.kind === 'temporary');
const openings = (sim) => sim.log().filter((entry) => entry.event === 'unlock').length;

test("a late reply is not the next command's: unlock #1 times out and its reply comes late; unlock #2 with a wrong code is refused, not ok", async () => {
  const { sim, faulty, lock } = await connectFaulty();
  // The lock acts on #1, but everything it says back is held until the app writes again.
  faulty.arm(everyPacket('toApp', 'hold', { ms: 5000 }));
  const first = await rejection(lock.unlock({ checkCode: CHECK_CODE, memberId: 1, timeoutMs: 150 }));
  assert.equal(first.code, 'TIMEOUT');
  assert.equal(first.outcomeUnknown, true);
  assert.equal(openings(sim), 1, 'the lock did open for #1');

  faulty.disarm();
  // #2's first write lets #1's ack, reply and record through, ahead of the lock's answer to #2.
  const second = await rejection(lock.unlock({ checkCode: '87654321', memberId: 1, timeoutMs: 1000 }));
  assert.equal(second.code, 'LOCK_REJECTED');
  assert.equal(second.reply.status, 'check_code_mismatch');
  assert.equal(second.outcomeUnknown, undefined);
  assert.equal(openings(sim), 1, 'the wrong code opened nothing');
  assert.equal(lock.staleReplies.count, 1, "#1's reply was recognised and set aside");
  assert.equal(lock.staleReplies.last.sn, first.sn);

  // The connection goes on: a right code opens, with its own reply.
  const third = await lock.unlock({ checkCode: CHECK_CODE, memberId: 1, timeoutMs: 1000 });
  assert.equal(third.ok, true);
  assert.equal(openings(sim), 2);
  await lock.close();
  sim.close();
});

test('a reply that repeats nothing: after a lost DP 51 reply the connection refuses the next command until it is clean', async () => {
  const { sim, faulty, lock } = await connectFaulty();
  faulty.arm(everyPacket('toApp', 'hold', { ms: 5000 }));
  const lost = await rejection(lock.createTemporaryPassword({ password: '730519', validity: VALIDITY, timeoutMs: 150 }));
  assert.equal(lost.code, 'TIMEOUT');
  assert.equal(lost.outcomeUnknown, true);
  assert.equal(temporary(sim).length, 1, 'the lock stored it');
  assert.equal(lock.needsReconnect, true);

  // Another DP 51 now could take the first one's reply as its own: it is refused, nothing is sent.
  const writtenBefore = faulty.inner.written.length;
  const refused = await rejection(lock.createTemporaryPassword({ password: '862047', validity: VALIDITY }));
  assert.equal(refused.code, 'RECONNECT_REQUIRED');
  assert.equal(refused.pendingSn, lost.sn);
  assert.equal(refused.pendingDp, 51);
  assert.match(refused.message, /connect again/);
  assert.equal(refused.outcomeUnknown, undefined);
  assert.equal(faulty.inner.written.length, writtenBefore, 'nothing was written');
  assert.equal(temporary(sim).length, 1);
  // Unlocks and T0 are refused too: the link is not known clean.
  assert.equal((await rejection(lock.unlock({ checkCode: CHECK_CODE, memberId: 1 }))).code, 'RECONNECT_REQUIRED');

  // Once the owed reply arrives, nothing is outstanding: the link is clean and serves again.
  faulty.disarm();
  faulty.releaseHeld();
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(lock.needsReconnect, false);
  assert.equal(lock.staleReplies.count, 1);
  const next = await lock.createTemporaryPassword({ password: '862047', validity: VALIDITY });
  assert.equal(next.ok, true);
  assert.deepEqual(
    temporary(sim)
      .map((item) => item.password)
      .sort(),
    ['730519', '862047'],
  );
  await lock.close();
  sim.close();
});

const cloudUnlockInstruction = ({ sn }) => cloudInstruction({ localKey: KEYS.localKey, sn, checkCode: CHECK_CODE, timestamp: NOW });

// Every command that changes the lock, with how to set it up, how to see whether the lock acted, and
// whether the link may serve the next command while its reply is owed (DP 70/71 replies identify
// their command; DP 64 owes none).
const methodPin = '294716';
const COMMANDS = [
  {
    name: 'DP 51 create temporary password',
    dp: 51,
    staysClean: false,
    run: (lock, o) => lock.createTemporaryPassword({ password: '503817', validity: VALIDITY, ...o }),
    acted: (sim) => temporary(sim).some((item) => item.password === '503817'),
  },
  {
    name: 'DP 52 delete temporary password',
    dp: 52,
    staysClean: false,
    setup: (lock) => lock.createTemporaryPassword({ password: '618204', validity: VALIDITY }),
    run: (lock, o, made) => lock.writeDps([dl.ble.lockDp.deleteTemporaryPassword({ hardId: made.hardId })], o),
    acted: (sim) => !temporary(sim).some((item) => item.password === '618204'),
  },
  {
    name: 'DP 53 modify temporary password',
    dp: 53,
    staysClean: false,
    setup: (lock) => lock.createTemporaryPassword({ password: '418305', validity: VALIDITY }),
    run: (lock, o, made) =>
      lock.writeDps(
        [
          dl.ble.lockDp.modifyTemporaryPassword({
            hardId: made.hardId,
            password: '418305',
            validity: { ...VALIDITY, invalidTime: NOW + 86400 },
          }),
        ],
        o,
      ),
    acted: (sim) => temporary(sim).some((item) => item.validity.invalidTime === NOW + 86400),
  },
  {
    name: 'DP 1 create unlock method',
    dp: 1,
    staysClean: false,
    run: (lock, o) => lock.writeDps([dl.ble.lockDp.createUnlockMethod({ method: 'password', memberId: 3, validity: VALIDITY, password: methodPin })], o),
    acted: (sim) => sim.passwords().some((item) => item.kind === 'password' && item.password === methodPin),
  },
  {
    name: 'DP 2 delete unlock method',
    dp: 2,
    staysClean: false,
    setup: async (lock) =>
      lock.dl.ble.lockDp.parseCreateUnlockMethodReply(
        (
          await lock.writeDps([
            dl.ble.lockDp.createUnlockMethod({
              method: 'password',
              memberId: 4,
              validity: VALIDITY,
              password: '380562',
            }),
          ])
        ).reply.value,
      ),
    run: (lock, o, made) => lock.writeDps([dl.ble.lockDp.deleteUnlockMethod({ method: 'password', memberId: 4, hardId: made.hardId })], o),
    acted: (sim) => !sim.passwords().some((item) => item.password === '380562'),
  },
  {
    name: 'DP 3 modify unlock method',
    dp: 3,
    staysClean: false,
    setup: async (lock) =>
      lock.dl.ble.lockDp.parseCreateUnlockMethodReply(
        (
          await lock.writeDps([
            dl.ble.lockDp.createUnlockMethod({
              method: 'password',
              memberId: 5,
              validity: VALIDITY,
              password: '570394',
            }),
          ])
        ).reply.value,
      ),
    run: (lock, o, made) =>
      lock.writeDps(
        [
          dl.ble.lockDp.modifyUnlockMethod({
            method: 'password',
            memberId: 5,
            hardId: made.hardId,
            validity: { ...VALIDITY, invalidTime: NOW + 7200 },
            password: '570394',
          }),
        ],
        o,
      ),
    acted: (sim) => sim.passwords().some((item) => item.password === '570394' && item.validity.invalidTime === NOW + 7200),
  },
  {
    name: 'DP 60 configure remote unlock',
    dp: 60,
    staysClean: false,
    run: (lock, o) =>
      lock.writeDps(
        [
          dl.ble.lockDp.configureRemoteUnlock({
            memberId: 1,
            effectiveTime: NOW - 60,
            invalidTime: NOW + 3600,
            validNum: 5,
            password: '3132333435363738',
          }),
        ],
        o,
      ),
    acted: (sim) => sim.events().some((event) => event.type === 'dp_write' && event.reason === '60'),
  },
  {
    name: 'DP 70 set check code',
    dp: 70,
    staysClean: true,
    run: (lock, o) => lock.writeDps([dl.ble.lockDp.setCheckCode({ checkCode: CHECK_CODE, newCheckCode: CHECK_CODE })], o),
    acted: (sim) => sim.events().some((event) => event.type === 'dp_write' && event.reason === '70'),
  },
  {
    name: 'DP 71 unlock',
    dp: 71,
    staysClean: true,
    run: (lock, o) => lock.unlock({ checkCode: CHECK_CODE, memberId: 1, ...o }),
    acted: (sim) => openings(sim) === 1,
  },
  {
    name: 'DP 64 T0 (answered by its ack only)',
    dp: 64,
    staysClean: true,
    run: (lock, o) => lock.pushT0({ activeTime: 1622000424, ...o }),
    acted: (sim) => sim.state().t0 === 1622000424,
  },
  {
    name: 'raw cloud DP 70 (getIssuedConfig lock_random)',
    dp: 70,
    staysClean: false,
    run: (lock, o) =>
      lock.writeCloudDp(
        {
          dp_id: 70,
          distributed: true,
          ins: '00',
          wake_up_ins: `ffff0001${Buffer.from(CHECK_CODE).toString('hex')}00ffff${Buffer.from(CHECK_CODE).toString('hex')}`,
        },
        o,
      ),
    acted: (sim) => sim.events().some((event) => event.type === 'dp_write' && event.reason === '70'),
  },
  {
    name: 'relayed cloud unlock frame',
    dp: 71,
    staysClean: false,
    run: (lock, o) => lock.relayUnlockInstruction({ instruction: cloudUnlockInstruction({ sn: lock.nextSn }), ...o }),
    acted: (sim) => openings(sim) === 1,
  },
];

for (const command of COMMANDS) {
  test(`${command.name}: lost answers -> outcomeUnknown and the lock acted; cut before the first packet -> known, nothing done`, async () => {
    // Every answer lost: the lock acted, only it knows.
    {
      const { sim, faulty, lock } = await connectFaulty();
      const made = command.setup ? await command.setup(lock) : undefined;
      sim.clearEvents();
      faulty.arm(everyPacket('toApp', 'drop'));
      const error = await rejection(command.run(lock, { timeoutMs: 120 }, made));
      assert.equal(error.code, 'TIMEOUT');
      assert.equal(error.outcomeUnknown, true);
      assert.equal(command.acted(sim), true, 'the lock did act');
      // The reply is still owed: a command whose reply repeats nothing leaves the link unusable;
      // DP 70/71 replies identify their command and DP 64 owes no reply.
      faulty.disarm();
      const next = lock.pushT0({ activeTime: 1600000000, timeoutMs: 500 });
      if (command.staysClean) assert.equal((await next).sn > 0, true);
      else assert.equal((await rejection(next)).code, 'RECONNECT_REQUIRED');
      await lock.close();
      sim.close();
    }
    // The link drops before the first packet's write begins: it provably never left.
    {
      const { sim, faulty, lock } = await connectFaulty();
      const made = command.setup ? await command.setup(lock) : undefined;
      sim.clearEvents();
      faulty.arm([{ dir: 'toLock', index: 0, fault: 'disconnect' }]);
      const error = await rejection(command.run(lock, { timeoutMs: 500 }, made));
      assert.equal(error.code, 'BLE_DISCONNECTED');
      assert.equal(error.outcomeUnknown, undefined);
      assert.equal(command.acted(sim), false, 'the lock did nothing');
      sim.close();
    }
  });
}

test('DP 64 has no reply DP: the result says only the ack was seen', async () => {
  const { sim, lock } = await connectFaulty();
  const result = await lock.pushT0({ activeTime: 1622000424 });
  assert.equal(result.ackOnly, true);
  const created = await lock.writeDps([dl.ble.lockDp.createTemporaryPassword({ password: '506172', validity: VALIDITY })]);
  assert.equal(created.ackOnly, undefined);
  assert.equal(created.reply.id, 51);
  await lock.close();
  sim.close();
});

test('a DP 51 ack without its reply is not success: the command waits for the reply and times out', async () => {
  // v4 at MTU 244: one packet per frame, so toApp packet 0 is the ack and 1 the reply.
  const { sim, faulty, lock } = await connectFaulty({ protocol: 4, mtu: 244 });
  faulty.arm([{ dir: 'toApp', index: 1, fault: 'drop' }]);
  const error = await rejection(lock.createTemporaryPassword({ password: '915038', validity: VALIDITY, timeoutMs: 150 }));
  assert.equal(error.code, 'TIMEOUT');
  assert.equal(error.outcomeUnknown, true);
  await lock.close();
  sim.close();
});

test('concurrent unlock() calls each get their own record, also when records come 200 ms after the reply', async () => {
  // Firmware reports the record about 200 ms after the reply, under a later SN, so the next
  // command's reply can come first. Modelled here: the simulator's record frame (a report with
  // time, 0x8007 on protocol 4, one packet per frame at MTU 244) is dropped, and 200 ms later the
  // simulator reports the same record afresh.
  let sim;
  let faulty;
  const reissued = new Set();
  const frameOf = (packet) => decrypt(join([packet]), sessionKey(KEYS.localKey, sim.state().srand));
  const recordsLate = (lockSim) => (packet) => {
    sim = lockSim;
    let frame;
    try {
      frame = frameOf(packet);
    } catch {
      return 0;
    }
    if (frame.cmd !== 0x8007 || reissued.has(frame.sn)) return 0;
    // The record DP ends the report: 19 | type 2 (value) | length 0004 | member (u32 BE), §5.
    const tail = [...frame.data.subarray(frame.data.length - 8)];
    if (tail[0] !== 19 || tail[1] !== 2 || tail[2] !== 0 || tail[3] !== 4) return 0;
    const member = tail[7];
    setTimeout(() => {
      const packets = sim.report([{ id: 19, type: 'value', value: member }], { withTime: true });
      for (const again of packets) reissued.add(frameOf(again).sn);
      faulty.inner.push(packets);
    }, 200);
    return 'drop';
  };
  const connected = await connectFaulty({ protocol: 4, mtu: 244, delayToApp: recordsLate });
  faulty = connected.faulty;
  const { lock } = connected;
  const order = [];
  lock.onReport((report) => order.push(report.dps[0].id));
  const [first, second, third] = await Promise.all([
    lock.unlock({ checkCode: CHECK_CODE, memberId: 7, recordTimeoutMs: 1000 }),
    lock.unlock({ checkCode: CHECK_CODE, memberId: 8, recordTimeoutMs: 1000 }),
    lock.unlock({ checkCode: CHECK_CODE, memberId: 9, recordTimeoutMs: 1000 }),
  ]);
  assert.deepEqual(order, [71, 71, 71, 19, 19, 19], 'every reply came before the first record');
  // DP 19 carries the member who opened (ble-protocol.md §6.1, §6.5).
  const member = (result) => result.record.dps.find((dp) => dp.id === 19).value;
  assert.deepEqual([member(first), member(second), member(third)], [7, 8, 9]);
  assert.equal(openings(sim), 3);
  // A lock command (operation 0) makes no record and takes none.
  const locked = await lock.unlock({ checkCode: CHECK_CODE, memberId: 7, open: false, recordTimeoutMs: 300 });
  assert.equal(locked.record, null);
  await lock.close();
  sim.close();
});

test('SN exhaustion: a cloud frame for SN 0xFFFFFFFE is refused before sending, saying to reconnect', async () => {
  const { sim, faulty, lock } = await connectFaulty();
  const before = faulty.inner.written.length;
  for (const sn of [0xfffffffe, 0xffffffff]) {
    const error = await rejection(lock.relayUnlockInstruction({ instruction: cloudUnlockInstruction({ sn }) }));
    assert.equal(error.code, 'INVALID_ARGUMENT');
    assert.equal(error.field, 'sn');
    assert.match(error.message, /reconnect/);
    assert.equal(error.outcomeUnknown, undefined);
  }
  assert.equal(faulty.inner.written.length, before, 'nothing was sent');
  assert.equal(openings(sim), 0);
  // The session goes on as before.
  const opened = await lock.relayUnlockInstruction({ instruction: cloudUnlockInstruction({ sn: lock.nextSn }) });
  assert.equal(opened.reply.ok, true);
  assert.equal((await lock.unlock({ checkCode: CHECK_CODE, memberId: 1 })).ok, true);
  await lock.close();
  sim.close();
});

test('the lock-DP facts come from the core: reply DPs, changes, records', () => {
  const facts = dl.ble.lockDp.facts();
  const byDp = new Map(facts.commands.map((item) => [item.dp, item]));
  assert.equal(byDp.get(71).replyDp, 71);
  assert.deepEqual(byDp.get(71).records, [19, 72]);
  assert.equal(byDp.get(64).replyDp, null);
  assert.equal(byDp.get(54).changesLock, false);
  assert.ok(facts.unlockRecordDps.includes(19) && facts.unlockRecordDps.includes(72));
  const request = dl.ble.lockDp.unlockCheck({ checkCode: CHECK_CODE, open: true, timestamp: NOW, memberId: 1 });
  const own = { id: 71, type: 'raw', value: Uint8Array.from([0, 1, 0xff, 0xff, ...Buffer.from(CHECK_CODE), 1, ...request.value.slice(13, 18), 0]) };
  assert.equal(dl.ble.lockDp.replyAnswers(request, own), true);
  const other = { ...own, value: Uint8Array.from(own.value).fill(0x39, 4, 12) };
  assert.equal(dl.ble.lockDp.replyAnswers(request, other), false);
  const created = dl.ble.lockDp.createTemporaryPassword({ password: '503817', validity: VALIDITY });
  assert.equal(dl.ble.lockDp.replyAnswers(created, { id: 51, type: 'raw', value: Uint8Array.of(1, 0) }), null);
});
