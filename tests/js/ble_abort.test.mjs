// The caller's AbortSignal on the Bluetooth side: scan, connect and every lock command. Aborting
// rejects with ABORTED at once; a command still waiting its turn is never sent; one whose first
// packet may have left and that changes the lock carries outcomeUnknown; nothing is ever resent.
import test from 'node:test';
import assert from 'node:assert/strict';
import { pkg, rejection, sleep } from './support/ble.mjs';
import { scriptedDl, scriptedLock, T } from './support/scripted-lock.mjs';
import { createFakeWx } from './support/fake-wx.mjs';

const { connectLock, openSimulatorAdapter, openWxAdapter, openWebBluetoothAdapter } = pkg;
const IDS = { localKey: 'abcdef0123456789', uuid: 'uuid0123456789ab', devId: 'vdevo1234567890123456' };
const rawDp = (id, length) => ({ id, type: 'raw', value: new Uint8Array(length) });
const dpPackets = (lock, id) => lock.packets.filter((packet) => packet[0] === T.DP && packet[4] === id);

async function setup({ lock = scriptedLock(), connect = {} } = {}) {
  const link = await openSimulatorAdapter(lock);
  const conn = await connectLock({ dl: scriptedDl(), adapter: link, ...IDS, stepTimeoutMs: 500, commandTimeoutMs: 5000, ...connect });
  return { link, lock, conn };
}

test('connectLock: an aborted signal refuses at once, an abort mid-handshake fails it and releases the lock', async () => {
  const before = scriptedLock();
  const link = await openSimulatorAdapter(before);
  const error = await rejection(connectLock({ dl: scriptedDl(), adapter: link, ...IDS, signal: AbortSignal.abort() }));
  assert.equal(error.code, 'ABORTED');
  assert.equal(before.packets.length, 0, 'nothing was sent');
  assert.equal(link.connected, false, 'the adapter is released');

  const silent = scriptedLock({ handshake: false });
  const silentLink = await openSimulatorAdapter(silent);
  const controller = new AbortController();
  const started = Date.now();
  const pending = connectLock({ dl: scriptedDl(), adapter: silentLink, ...IDS, signal: controller.signal });
  setTimeout(() => controller.abort(), 20);
  const aborted = await rejection(pending);
  assert.equal(aborted.code, 'ABORTED');
  assert.equal(aborted.outcomeUnknown, undefined, 'the handshake changes nothing on a bound lock');
  assert.ok(Date.now() - started < 500, 'no step timeout was waited for');
  assert.equal(silentLink.connected, false);
  assert.equal(silent.connected, false);

  // A later step (the lock paired but never asks for the time) stops on abort too.
  const noTime = scriptedLock({ timeRequest: false });
  const noTimeLink = await openSimulatorAdapter(noTime);
  const late = new AbortController();
  const pairing = connectLock({ dl: scriptedDl(), adapter: noTimeLink, ...IDS, stepTimeoutMs: 5000, signal: late.signal });
  setTimeout(() => late.abort(), 30);
  const lateStarted = Date.now();
  assert.equal((await rejection(pairing)).code, 'ABORTED');
  assert.ok(Date.now() - lateStarted < 500);
  assert.ok(
    noTime.packets.some((packet) => packet[0] === T.PAIR),
    'the abort came after pairing',
  );
  assert.equal(noTimeLink.connected, false);

  assert.equal(
    (await rejection(connectLock({ dl: scriptedDl(), adapter: await openSimulatorAdapter(scriptedLock()), ...IDS, signal: 'stop' }))).field,
    'signal',
  );
});

test('a lock-changing command aborted after its first packet left: ABORTED with outcomeUnknown, sent once', async () => {
  const lock = scriptedLock({ answer: () => [] }); // the lock never answers
  const { conn } = await setup({ lock });
  const controller = new AbortController();
  const pending = conn.writeDps([rawDp(71, 8)], { changesLock: true, replyDp: 71, signal: controller.signal });
  await sleep(20);
  const started = Date.now();
  controller.abort();
  const error = await rejection(pending);
  assert.ok(Date.now() - started < 50);
  assert.equal(error.code, 'ABORTED');
  assert.equal(error.outcomeUnknown, true);
  assert.equal(error.packetsSent, 2);
  await sleep(20);
  assert.equal(dpPackets(lock, 71).length, 2, 'never resent');
  await conn.close();
});

test('a read-only command aborted after sending is ABORTED without outcomeUnknown', async () => {
  const lock = scriptedLock({ answer: () => [] });
  const { conn } = await setup({ lock });
  const controller = new AbortController();
  const pending = conn.writeDps([rawDp(33, 1)], { changesLock: false, signal: controller.signal });
  await sleep(20);
  controller.abort();
  const error = await rejection(pending);
  assert.equal(error.code, 'ABORTED');
  assert.equal(error.outcomeUnknown, undefined);
  await conn.close();
});

test('a command aborted while it waits its turn is refused at once and never sent; the one before it goes on', async () => {
  const { conn, lock } = await setup();
  const controller = new AbortController();
  const first = conn.writeDps([rawDp(71, 8)], { changesLock: true, replyDp: 71 });
  const queued = conn.writeDps([rawDp(72, 8)], { changesLock: true, replyDp: 72, signal: controller.signal });
  controller.abort();
  const error = await rejection(queued);
  assert.equal(error.code, 'ABORTED');
  assert.equal(error.outcomeUnknown, undefined, 'nothing of it was sent');
  assert.equal((await first).reply.id, 71);
  await sleep(20);
  assert.equal(dpPackets(lock, 72).length, 0);
  // An already aborted signal: refused before anything is built.
  assert.equal((await rejection(conn.writeDps([rawDp(71, 8)], { signal: AbortSignal.abort() }))).code, 'ABORTED');
  assert.equal((await rejection(conn.writeDps([rawDp(71, 8)], { signal: {} }))).field, 'signal');
  assert.equal((await rejection(conn.waitForReport(() => true, { signal: AbortSignal.abort() }))).code, 'ABORTED');
  const waiting = new AbortController();
  const report = conn.waitForReport(() => false, { timeoutMs: 5000, signal: waiting.signal });
  waiting.abort();
  assert.equal((await rejection(report)).code, 'ABORTED');
  await conn.close();
});

test('opening an adapter: the simulator, a wx scan and a Web Bluetooth connect stop on abort and give the lock back', async () => {
  const sim = scriptedLock();
  assert.equal((await rejection(openSimulatorAdapter(sim, { signal: AbortSignal.abort() }))).code, 'ABORTED');
  assert.equal(sim.connected, false);

  // A scan that sees nothing: aborted long before its timeout; discovery is stopped.
  const fake = createFakeWx({ advertising: [] });
  const controller = new AbortController();
  const started = Date.now();
  const scanning = openWxAdapter({ wx: fake.wx, scanTimeoutMs: 5000, signal: controller.signal });
  setTimeout(() => controller.abort(), 30);
  const error = await rejection(scanning);
  assert.equal(error.code, 'ABORTED');
  assert.ok(Date.now() - started < 1000);
  await sleep(20);
  assert.equal(fake.callsOf('stopBluetoothDevicesDiscovery').length, 1);
  assert.equal(fake.callsOf('createBLEConnection').length, 0, 'no connection after the abort');
  assert.equal(fake.listenerCount(), 0);

  // Web Bluetooth: a connect that hangs; the abort rejects at once and disconnects the device.
  let disconnects = 0;
  const device = {
    id: 'dev',
    name: 'lock',
    gatt: {
      connected: false,
      connect: () => new Promise(() => {}),
      disconnect: () => {
        disconnects += 1;
      },
    },
    addEventListener() {},
    removeEventListener() {},
  };
  const web = new AbortController();
  const connecting = openWebBluetoothAdapter({ device, signal: web.signal, connectTimeoutMs: 5000 });
  setTimeout(() => web.abort(), 20);
  assert.equal((await rejection(connecting)).code, 'ABORTED');
  assert.equal(disconnects, 1, 'the aborted connect disconnected the device');
  assert.equal((await rejection(openWebBluetoothAdapter({ device, signal: AbortSignal.abort() }))).code, 'ABORTED');
});
