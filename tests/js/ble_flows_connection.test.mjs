// connectLock's own rules against a scripted session and lock (support/scripted-lock.mjs):
// handshake steps with timeouts, one command at a time, ack and reply matching, progress,
// TIMEOUT, BLE_DISCONNECTED without waiting, the unknown outcome of an unlock-like command, and
// that every failure releases the connection.
import test from 'node:test';
import assert from 'node:assert/strict';
import { pkg, rejection, sleep } from './support/ble.mjs';
import { scriptedDl, scriptedLock, T } from './support/scripted-lock.mjs';

const { connectLock, withLock, openSimulatorAdapter } = pkg;
const IDS = { localKey: 'abcdef0123456789', uuid: 'uuid0123456789ab', devId: 'vdevo1234567890123456' };
const rawDp = (id, length) => ({ id, type: 'raw', value: new Uint8Array(length) });

async function setup({ lock = scriptedLock(), connect = {}, adapter = {} } = {}) {
  const dl = scriptedDl();
  const link = await openSimulatorAdapter(lock, adapter);
  const conn = await connectLock({ dl, adapter: link, ...IDS, stepTimeoutMs: 200, commandTimeoutMs: 200, ...connect });
  return { dl, link, lock, conn };
}

test('the handshake writes device info, the pair request and the time answer, then the lock is ready', async () => {
  const { dl, lock, conn } = await setup();
  assert.equal(conn.state, 'ready');
  assert.deepEqual(
    lock.packets.map((packet) => packet[0]),
    [T.INFO, T.PAIR, T.TIME_ANSWER],
  );
  const { clock, ...sessionOptions } = dl.sessions[0].options;
  assert.deepEqual(sessionOptions, { ...IDS, protocol: 3, mtu: 20 });
  assert.equal(typeof clock, 'function', 'the session reads the time through the connection clock');
  await conn.close();
  assert.equal(dl.sessions[0].closed, true, 'the session is freed');
  assert.equal(lock.connected, false, 'the link is released');
});

test('a handshake step that gets no answer times out, names the step, and releases the link', async () => {
  for (const [lockOptions, step] of [
    [{ handshake: false }, 'deviceInfo'],
    [{ timeRequest: false }, 'time'],
  ]) {
    const lock = scriptedLock(lockOptions);
    const link = await openSimulatorAdapter(lock);
    const started = Date.now();
    const error = await rejection(connectLock({ dl: scriptedDl(), adapter: link, ...IDS, stepTimeoutMs: 60 }));
    assert.equal(error.code, 'TIMEOUT');
    assert.equal(error.step, step);
    assert.ok(Date.now() - started < 300);
    assert.equal(link.connected, false);
    assert.equal(lock.connected, false);
  }
  // A lock that never asks for the time can be accepted explicitly.
  const lock = scriptedLock({ timeRequest: false });
  const conn = await connectLock({ dl: scriptedDl(), adapter: await openSimulatorAdapter(lock), ...IDS, waitForTimeSync: false });
  assert.equal(conn.state, 'ready');
  await conn.close();
});

test('writeDps resolves with the ack and the reply of the same DP, and reports progress per packet', async () => {
  const { conn, lock } = await setup();
  const progress = [];
  const result = await conn.writeDps([rawDp(51, 10)], { replyDp: 51, onProgress: (event) => progress.push(event) });
  assert.equal(result.sn, 1);
  assert.equal(result.ack.ok, true);
  assert.equal(result.reply.id, 51);
  assert.deepEqual([...result.reply.value], [0xaa]);
  assert.deepEqual(progress, [
    { sent: 1, total: 3 },
    { sent: 2, total: 3 },
    { sent: 3, total: 3 },
  ]);
  assert.ok(
    lock.packets.some((packet) => packet[0] === T.REPORT_ACK),
    'the report was acknowledged',
  );
  await conn.close();
});

test('commands run one at a time, each matched to its own ack', async () => {
  const order = [];
  const lock = scriptedLock({
    answer: (sn, id) => {
      order.push(`lock saw ${sn}`);
      return [Uint8Array.of(T.ACK, sn, 1), Uint8Array.of(T.REPORT, id, sn)];
    },
  });
  const { conn } = await setup({ lock, adapter: { latencyMs: 3 } });
  const results = await Promise.all(
    [1, 2, 3].map((n) =>
      conn.writeDps([rawDp(40 + n, 6)], { replyDp: 40 + n }).then((result) => {
        order.push(`done ${result.sn}`);
        return result;
      }),
    ),
  );
  assert.deepEqual(
    results.map((result) => [result.sn, result.reply.id, result.reply.value[0]]),
    [
      [1, 41, 1],
      [2, 42, 2],
      [3, 43, 3],
    ],
  );
  assert.deepEqual(order, ['lock saw 1', 'done 1', 'lock saw 2', 'done 2', 'lock saw 3', 'done 3']);
  await conn.close();
});

test('a refused write is LOCK_REJECTED; a bad DP list fails before anything is sent', async () => {
  const lock = scriptedLock({ answer: (sn) => [Uint8Array.of(T.ACK, sn, 0)] });
  const { conn } = await setup({ lock });
  const refused = await rejection(conn.writeDps([rawDp(33, 1)]));
  assert.equal(refused.code, 'LOCK_REJECTED');
  const before = lock.packets.length;
  await assert.rejects(conn.writeDps([]), (error) => error.code === 'INVALID_ARGUMENT');
  assert.equal(lock.packets.length, before);
  assert.equal(conn.state, 'ready', 'the connection stays usable');
  await conn.close();
});

test('no answer: TIMEOUT per command; for a command that changes the lock the outcome is unknown', async () => {
  const lock = scriptedLock({ answer: () => [] });
  const { conn } = await setup({ lock });
  const started = Date.now();
  const plain = await rejection(conn.writeDps([rawDp(64, 4)], { timeoutMs: 50, changesLock: false }));
  assert.equal(plain.code, 'TIMEOUT');
  assert.ok(Date.now() - started < 250);
  assert.equal(plain.outcomeUnknown, undefined, 'declared not to change the lock');
  // A DP nothing is known about is taken to change the lock.
  const unknownDp = await rejection(conn.writeDps([rawDp(33, 1)], { timeoutMs: 50 }));
  assert.equal(unknownDp.outcomeUnknown, true);
  const unlockLike = await rejection(conn.writeDps([rawDp(71, 19)], { timeoutMs: 50, replyDp: 71, changesLock: true }));
  assert.equal(unlockLike.code, 'TIMEOUT');
  assert.equal(unlockLike.outcomeUnknown, true);
  assert.equal(unlockLike.packetsSent, 5);
  const dpPackets = lock.packets.filter((packet) => packet[0] === T.DP && packet[4] === 71);
  assert.equal(dpPackets.length, 5, 'sent once, never retried');
  await conn.close();
});

test('the link dropping mid-command fails it at once with BLE_DISCONNECTED, and everything after it too', async () => {
  const lock = scriptedLock({ answer: () => [] });
  const { conn, link } = await setup({ lock, connect: { commandTimeoutMs: 5000 } });
  const pending = conn.writeDps([rawDp(71, 8)], { changesLock: true, replyDp: 71 });
  const queued = conn.writeDps([rawDp(33, 1)]);
  const waitingReport = conn.waitForReport(() => true, { timeoutMs: 5000 });
  await sleep(10);
  const started = Date.now();
  link.dropLink();
  const [first, second, third] = await Promise.all([rejection(pending), rejection(queued), rejection(waitingReport)]);
  assert.ok(Date.now() - started < 50, 'nobody waited for a timeout');
  assert.equal(first.code, 'BLE_DISCONNECTED');
  assert.equal(first.outcomeUnknown, true);
  assert.equal(second.code, 'BLE_DISCONNECTED');
  assert.equal(third.code, 'BLE_DISCONNECTED');
  assert.equal(conn.state, 'closed');
  // A call made after the connection ended uses a closed connection: INVALID_STATE, nothing sent.
  const late = await rejection(conn.writeDps([rawDp(33, 1)]));
  assert.equal(late.code, 'INVALID_STATE');
  assert.match(late.message, /closed.*connect again/);
});

test('a connection the caller closed refuses every later call with INVALID_STATE and sends nothing', async () => {
  const { conn, lock } = await setup();
  await conn.close();
  const before = lock.packets.length;
  for (const call of [
    () => conn.writeDps([rawDp(33, 1)]),
    () => conn.writeRawDp({ dp_id: 71, ins: '0001' }),
    () => conn.relayAirFrame('00', { sn: 9 }),
    () => conn.waitForReport(() => true),
  ]) {
    const error = await rejection(call());
    assert.equal(error.code, 'INVALID_STATE');
    assert.equal(error.reason, 'closed');
  }
  assert.equal(lock.packets.length, before);
});

test('a drop while the first packet is still unconfirmed also leaves the outcome unknown; a refused packet does not', async () => {
  const { conn, link } = await setup({ connect: { commandTimeoutMs: 5000 } });
  link.faults.stallWrites = true;
  const pending = conn.writeDps([rawDp(71, 8)], { changesLock: true });
  await sleep(5);
  link.dropLink();
  const error = await rejection(pending);
  assert.equal(error.code, 'BLE_DISCONNECTED');
  assert.equal(error.packetsSent, 0);
  assert.equal(error.outcomeUnknown, true, 'the unconfirmed packet may have reached the lock');

  const second = await setup();
  second.link.faults.failWrites = 10008;
  const refusedWrite = await rejection(second.conn.writeDps([rawDp(71, 8)], { changesLock: true }));
  assert.equal(refusedWrite.code, 'BLE_ERROR');
  assert.equal(refusedWrite.outcomeUnknown, undefined, 'the platform refused the packet: the lock has no whole frame');
  await second.conn.close();
});

test('a command whose first packet was still queued behind another write when the link dropped never left: outcome known', async () => {
  const { conn, link, lock } = await setup({ connect: { commandTimeoutMs: 5000 } });
  // The lock reports something; the app's answer to it hangs in the platform, and the unlock's
  // packets queue behind it.
  link.faults.stallWrites = true;
  link.push([Uint8Array.of(T.REPORT, 8, 90)]);
  await sleep(10);
  const pending = conn.writeDps([rawDp(71, 8)], { changesLock: true, replyDp: 71 });
  await sleep(10);
  link.dropLink();
  const error = await rejection(pending);
  assert.equal(error.code, 'BLE_DISCONNECTED');
  assert.equal(error.packetsSent, 0);
  assert.equal(error.outcomeUnknown, undefined, 'no write of this command had begun');
  assert.equal(
    lock.packets.some((packet) => packet[0] === T.DP),
    false,
  );
});

test('a reply DP that comes while no command waits for it is counted as stale, never handed to the next command', async () => {
  const lock = scriptedLock({ answer: () => [] });
  const { conn, link } = await setup({ lock });
  const lost = await rejection(conn.writeDps([rawDp(51, 4)], { replyDp: 51, timeoutMs: 40 }));
  assert.equal(lost.outcomeUnknown, true);
  assert.equal(conn.needsReconnect, true);
  assert.equal((await rejection(conn.writeDps([rawDp(52, 1)], { replyDp: 52 }))).code, 'RECONNECT_REQUIRED');
  link.push([Uint8Array.of(T.REPORT, 51, 0)]); // the late reply of the first command
  await sleep(10);
  assert.equal(conn.needsReconnect, false);
  assert.deepEqual(conn.staleReplies, { count: 1, last: { dp: 51, sn: lost.sn } });
  await conn.close();
});

test('a packet the session rejects mid-command does not decide it: the ack still counts, a timeout names the problem', async () => {
  let garbageOnly = false;
  const lock = scriptedLock({
    answer: (sn) => (garbageOnly ? [Uint8Array.of(T.GARBAGE)] : [Uint8Array.of(T.GARBAGE), Uint8Array.of(T.ACK, sn, 1)]),
  });
  const { conn } = await setup({ lock });
  const result = await conn.writeDps([rawDp(33, 1)]);
  assert.equal(result.ack.ok, true);
  garbageOnly = true;
  const error = await rejection(conn.writeDps([rawDp(33, 1)], { timeoutMs: 40 }));
  assert.equal(error.code, 'TIMEOUT');
  assert.equal(error.problem.code, 'CRC_MISMATCH');
  await conn.close();
});

test("a rejected packet during the handshake fails it with the core's code and releases the link", async () => {
  const lock = scriptedLock();
  const receive = lock.receive;
  lock.receive = (packet) => (packet[0] === T.INFO ? [Uint8Array.of(T.GARBAGE)] : receive(packet));
  const adapter = await openSimulatorAdapter(lock);
  const error = await rejection(connectLock({ dl: scriptedDl(), adapter, ...IDS, stepTimeoutMs: 500 }));
  assert.equal(error.code, 'CRC_MISMATCH');
  assert.equal(adapter.connected, false);
});

test('reports: listeners see every one, waitForReport finds past and future ones', async () => {
  const { conn, link } = await setup();
  const seen = [];
  conn.onReport((report) => seen.push(report.dps[0].id));
  const cursor = conn.reportCursor;
  link.push([Uint8Array.of(T.REPORT, 8, 90)]);
  const battery = await conn.waitForReport((report) => report.dps[0].id === 8, { after: cursor });
  assert.equal(battery.dps[0].value[0], 90);
  const again = await conn.waitForReport((report) => report.dps[0].id === 8, { after: cursor });
  assert.equal(again.seq, battery.seq, 'a report that already came is found');
  assert.equal((await rejection(conn.waitForReport((report) => report.dps[0].id === 9, { timeoutMs: 30 }))).code, 'TIMEOUT');
  assert.deepEqual(seen, [8]);
  await conn.close();
});

test('withLock always releases the connection, also when the task throws', async () => {
  const lock = scriptedLock();
  const adapter = await openSimulatorAdapter(lock);
  await assert.rejects(
    withLock({ dl: scriptedDl(), adapter, ...IDS }, async (conn) => {
      assert.equal(conn.state, 'ready');
      throw new Error('task failed');
    }),
    /task failed/,
  );
  assert.equal(adapter.connected, false);
  assert.equal(lock.connected, false);
});

test('bad arguments to connectLock name the field and release the adapter they came with', async () => {
  const cases = [
    [{ dl: {} }, 'dl'],
    [{ clock: {} }, 'clock'],
    [{ onProgress: 1, dl: null }, 'dl'],
  ];
  for (const [override, field] of cases) {
    const lock = scriptedLock();
    const adapter = await openSimulatorAdapter(lock);
    const error = await rejection(connectLock({ dl: scriptedDl(), adapter, ...IDS, ...override }));
    assert.equal(error.code, 'INVALID_ARGUMENT');
    assert.equal(error.field, field);
    assert.equal(adapter.connected, false);
    assert.equal(lock.connected, false);
  }
  const error = await rejection(connectLock({ dl: scriptedDl(), adapter: {}, ...IDS }));
  assert.equal(error.field, 'adapter');
});

// A session whose answer to every report takes two packets, as a real report ack can at MTU 20.
function twoPacketAnswers(dl) {
  const makeSession = dl.ble.session;
  dl.ble.session = (options) => {
    const session = makeSession(options);
    const receive = session.receive;
    session.receive = (packet) => {
      const result = receive(packet);
      return packet[0] === T.REPORT ? { ...result, write: [Uint8Array.of(T.REPORT_ACK, 1), Uint8Array.of(T.REPORT_ACK, 2)] } : result;
    };
    return session;
  };
  return dl;
}

test("close() right after a command lets the queued answers to the lock's report go out, then releases the link", async () => {
  const lock = scriptedLock();
  const link = await openSimulatorAdapter(lock, { latencyMs: 5 });
  const conn = await connectLock({ dl: twoPacketAnswers(scriptedDl()), adapter: link, ...IDS, stepTimeoutMs: 200, commandTimeoutMs: 200 });
  const result = await conn.writeDps([rawDp(51, 4)], { replyDp: 51 });
  assert.equal(result.reply.id, 51, 'the command resolved on its reply, before the answer to that report was written');
  await conn.close();
  assert.deepEqual(
    lock.packets.filter((packet) => packet[0] === T.REPORT_ACK),
    [
      [T.REPORT_ACK, 1],
      [T.REPORT_ACK, 2],
    ],
    'both packets of the answer reached the lock',
  );
  assert.equal(link.connected, false);
  assert.equal(lock.connected, false, 'the link is released afterwards');
});

test('close() waits for queued answers only a short while: a stalled answer write does not hold the link', async () => {
  const lock = scriptedLock();
  const link = await openSimulatorAdapter(lock, { latencyMs: 5 });
  const conn = await connectLock({ dl: twoPacketAnswers(scriptedDl()), adapter: link, ...IDS, stepTimeoutMs: 200, commandTimeoutMs: 200 });
  // From the reply's report on, every platform write hangs (the answer's included).
  conn.onReport(() => {
    link.faults.stallWrites = true;
  });
  await conn.writeDps([rawDp(51, 4)], { replyDp: 51 });
  const started = Date.now();
  await conn.close();
  const tookMs = Date.now() - started;
  assert.ok(tookMs < 2000, `close() took ${tookMs} ms, less than the 3000 ms a write may take`);
  assert.equal(link.connected, false);
  assert.equal(lock.connected, false);
});
