// The BLE bridge (tools/home/ble-bridge.mjs) and its client (openBridgeAdapter): the home's
// simulated lock over HTTP. Raw protocol first (one central at a time, long-poll, close releases,
// idle sessions expire), then the SDK end to end: the handshake, the cloud's check code and an
// unlock through the bridge, and the cloud's session-key unlock instruction, which only works
// because the simulated lock's srand stays visible to the emulator in the home's process.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDoorlock, packageDir } from '../js/support/load.mjs';
import { strictTypeErrors } from '../js/support/tsc.mjs';
import { pkg, rejection } from '../js/support/ble.mjs';
import { createHome } from '../../tools/home/index.mjs';
import { startBleBridge } from '../../tools/home/ble-bridge.mjs';

const { connectLock, openBridgeAdapter } = pkg;
const dl = await loadDoorlock();
const ascii = (hex) => Buffer.from(hex, 'hex').toString('latin1');

async function openBridgedHome(options = {}) {
  const home = await createHome({ server: {} });
  const bridge = await startBleBridge({ locks: home.locks, ...options });
  const [device] = home.devices;
  const base = `${bridge.url}ble/${device.deviceId}`;
  const post = (verb, body) =>
    fetch(`${base}/${verb}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (res) => ({
      status: res.status,
      body: await res.json(),
    }));
  const poll = (session, after, wait) =>
    fetch(`${base}/notifications?session=${session}&after=${after}${wait === undefined ? '' : `&wait=${wait}`}`).then(async (res) => ({
      status: res.status,
      body: await res.json(),
    }));
  return {
    home,
    bridge,
    device,
    sim: home.locks[device.deviceId],
    post,
    poll,
    async close() {
      await bridge.close();
      await home.close();
    },
  };
}

test('bridge: one central at a time; close releases the lock; a second connect gets 409 LOCK_BUSY', async () => {
  const ctx = await openBridgedHome();
  try {
    const first = await ctx.post('connect', {});
    assert.equal(first.status, 200);
    assert.match(first.body.session, /^[0-9a-f]{32}$/);
    assert.equal(ctx.sim.state().connected, true);

    const second = await ctx.post('connect', {});
    assert.equal(second.status, 409);
    assert.equal(second.body.error.code, 'LOCK_BUSY');
    assert.match(second.body.error.message, /another central/);

    // Someone else's session cannot close or write on it.
    assert.deepEqual((await ctx.post('close', { session: 'f'.repeat(32) })).body, { closed: false });
    assert.equal((await ctx.post('write', { session: 'f'.repeat(32), hex: '00' })).status, 410);
    assert.equal(ctx.sim.state().connected, true);

    assert.deepEqual((await ctx.post('close', { session: first.body.session })).body, { closed: true });
    assert.equal(ctx.sim.state().connected, false);
    const third = await ctx.post('connect', {});
    assert.equal(third.status, 200);
    assert.notEqual(third.body.session, first.body.session);
    // The old session is over for good.
    assert.equal((await ctx.poll(first.body.session, 0, 0)).status, 410);
  } finally {
    await ctx.close();
  }
});

test('bridge: a poll is held until the lock notifies, then answers with the packets after `after`', async () => {
  const ctx = await openBridgedHome();
  try {
    const { session } = (await ctx.post('connect', {})).body;
    const empty = await ctx.poll(session, 0, 0);
    assert.deepEqual(empty.body, { packets: [] });

    const started = Date.now();
    const held = ctx.poll(session, 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // A device-info request (a real one, built by the SDK's session) makes the lock answer.
    const session1 = dl.ble.session({ localKey: ctx.device.localKey, uuid: ctx.device.uuid, devId: ctx.device.devId, protocol: 3, mtu: 20 });
    try {
      const packets = session1.start();
      for (const packet of packets) {
        assert.equal((await ctx.post('write', { session, hex: Buffer.from(packet).toString('hex') })).status, 200);
      }
    } finally {
      session1.close();
    }
    const answered = await held;
    assert.ok(Date.now() - started >= 250, 'the poll waited for the notification');
    assert.ok(answered.body.packets.length >= 1);
    assert.deepEqual(
      answered.body.packets.map((packet) => packet.seq),
      answered.body.packets.map((_, at) => at + 1),
    );
    const last = answered.body.packets.at(-1).seq;
    assert.deepEqual((await ctx.poll(session, last, 0)).body, { packets: [] });
    assert.equal((await ctx.poll(session, 0, 0)).body.packets.length, answered.body.packets.length);

    // Closing wakes a held poll with `ended`; writes on that session are refused.
    const waiting = ctx.poll(session, last);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await ctx.post('close', { session });
    assert.deepEqual((await waiting).body, { packets: [], ended: 'closed' });
    assert.equal((await ctx.post('write', { session, hex: '00' })).status, 410);
  } finally {
    await ctx.close();
  }
});

test('bridge: a session that neither writes nor polls expires and frees the lock', async () => {
  const ctx = await openBridgedHome({ idleTimeoutMs: 200 });
  try {
    assert.equal((await ctx.post('connect', {})).status, 200);
    assert.equal((await ctx.post('connect', {})).status, 409);
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(ctx.sim.state().connected, false);
    assert.equal((await ctx.post('connect', {})).status, 200);
  } finally {
    await ctx.close();
  }
});

test('bridge: refuses a packet that is not hex, and an unknown lock', async () => {
  const ctx = await openBridgedHome();
  try {
    const { session } = (await ctx.post('connect', {})).body;
    const bad = await ctx.post('write', { session, hex: 'xyz' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'BAD_PACKET');
    const unknown = await fetch(`${ctx.bridge.url}ble/nosuchlock/connect`, { method: 'POST', body: '{}' });
    assert.equal(unknown.status, 404);
  } finally {
    await ctx.close();
  }
});

test('openBridgeAdapter: handshake, the cloud check code and an unlock through the bridge; a second central is refused', async () => {
  const ctx = await openBridgedHome();
  const { device, sim } = ctx;
  const client = dl.cloud.createClient({
    transport: dl.cloud.transports.nodeHttp({ url: ctx.home.url, timeoutMs: 5000 }),
    lockType: 'ble',
    accessKey: ctx.home.accessKey,
  });
  let lock;
  try {
    const adapter = await openBridgeAdapter({ url: ctx.bridge.url, deviceId: device.deviceId });
    assert.equal(adapter.kind, 'bridge');
    const busy = await rejection(openBridgeAdapter({ url: ctx.bridge.url, deviceId: device.deviceId }));
    assert.equal(busy.code, 'BLE_ERROR');
    assert.equal(busy.bleCode, 'LOCK_BUSY');

    lock = await connectLock({ dl, adapter, localKey: device.localKey, uuid: device.uuid, devId: device.devId, protocol: 3, mtu: 20, timeZone: 480 });
    assert.equal(lock.state, 'ready');
    const config = await client.call('doorLock.getIssuedConfig', { device_id: device.deviceId });
    assert.equal((await lock.writeCloudDp(config.lock_random)).reply.ok, true);
    const opened = await lock.unlock({
      checkCode: ascii(config.lock_random.ins),
      slaveId: Number.parseInt(config.lock_random.dev_unlock_id, 16),
      memberId: device.memberId,
      recordTimeoutMs: 2000,
    });
    assert.equal(opened.ok, true);
    assert.ok(opened.record, 'the unlock record (a delayed report) came through the bridge');
    assert.equal(sim.state().unlocked, true);
    assert.equal(sim.log().filter((entry) => entry.event === 'unlock').length, 1);

    // The emulator reads the srand of the bridged connection: its instruction is in this session's key.
    const result = await client.call('doorLock.bleOpenInstruction', {
      device_id: device.deviceId,
      bluetooth_sn: lock.nextSn,
      device_random: config.lock_random.ins,
      open: true,
      bluetooth_major_version: 3,
    });
    assert.equal(Buffer.from(result.instruction, 'hex')[0], 5, 'mode 5: the session key of the bridged connection');
    const relayed = await lock.relayUnlockInstruction({ instruction: result });
    assert.equal(relayed.reply.ok, true);
    assert.equal(sim.log().filter((entry) => entry.event === 'unlock').length, 2);

    await lock.close();
    lock = null;
    assert.equal(sim.state().connected, false, 'close() released the lock');
    const again = await openBridgeAdapter({ url: ctx.bridge.url, deviceId: device.deviceId });
    await again.close();
  } finally {
    if (lock) await lock.close();
    await ctx.close();
  }
});

test('openBridgeAdapter: the lock going away ends the link (BLE_DISCONNECTED); a lost write answer is a dropped link, not "not sent"', async () => {
  const ctx = await openBridgedHome();
  try {
    const adapter = await openBridgeAdapter({ url: ctx.bridge.url, deviceId: ctx.device.deviceId });
    const ended = new Promise((resolve) => adapter.onDisconnect(resolve));
    ctx.bridge.bridge.close(); // the home ends every session
    assert.equal((await ended).reason, 'remote');
    assert.equal(adapter.connected, false);
    assert.equal((await rejection(adapter.write(new Uint8Array([1])))).code, 'BLE_DISCONNECTED');

    // A request function whose write answer is lost after sending.
    let writes = 0;
    const request = async (method, url, body, options) => {
      if (url.endsWith('/write')) {
        writes += 1;
        await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        throw new Error('socket hang up');
      }
      const res = await fetch(url, {
        method,
        signal: options.signal,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
      return res.json();
    };
    const lossy = await openBridgeAdapter({ url: ctx.bridge.url, deviceId: ctx.device.deviceId, request });
    const lost = await rejection(lossy.write(new Uint8Array([0, 1, 2])));
    assert.equal(lost.code, 'BLE_DISCONNECTED');
    assert.equal(writes, 1, 'never resent');
    assert.equal(lossy.connected, false);
    await lossy.close();
    assert.equal(ctx.sim.state().connected, false, 'the session was closed on the bridge');
  } finally {
    await ctx.close();
  }
});

test('openBridgeAdapter: an abort during the connect is ABORTED, and the session the bridge opened meanwhile is closed', async () => {
  const ctx = await openBridgedHome();
  try {
    const controller = new AbortController();
    let connected;
    const arrived = new Promise((resolve) => {
      connected = resolve;
    });
    // The connect reaches the bridge, and its answer comes only after the caller gave up.
    const request = async (method, url, body, options) => {
      const res = await fetch(url, {
        method,
        signal: options.signal,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
      const json = await res.json();
      if (url.endsWith('/connect')) {
        connected();
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return json;
    };
    const opening = openBridgeAdapter({ url: ctx.bridge.url, deviceId: ctx.device.deviceId, request, signal: controller.signal });
    await arrived;
    assert.equal(ctx.sim.state().connected, true);
    controller.abort();
    const error = await rejection(opening);
    assert.equal(error.code, 'ABORTED');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(ctx.sim.state().connected, false, 'the late session was closed: the lock is free');
    assert.equal((await ctx.post('connect', {})).status, 200);

    const already = new AbortController();
    already.abort();
    assert.equal((await rejection(openBridgeAdapter({ url: ctx.bridge.url, deviceId: ctx.device.deviceId, signal: already.signal }))).code, 'ABORTED');
  } finally {
    await ctx.close();
  }
});

test('openBridgeAdapter: bad options are INVALID_ARGUMENT naming the field', async () => {
  assert.equal((await rejection(openBridgeAdapter({ deviceId: 'x' }))).field, 'url');
  assert.equal((await rejection(openBridgeAdapter({ url: 'http://127.0.0.1:1/' }))).field, 'deviceId');
  assert.equal((await rejection(openBridgeAdapter({ url: 'http://127.0.0.1:1/', deviceId: 'x', request: 5 }))).field, 'request');
  const unreachable = await rejection(openBridgeAdapter({ url: 'http://127.0.0.1:1/', deviceId: 'x' }));
  assert.equal(unreachable.code, 'BLE_ERROR');
  assert.equal(unreachable.bleCode, 'BRIDGE_UNREACHABLE');
});

test("openBridgeAdapter is typed: a mini program's request function compiles, a wrong one does not", { timeout: 60000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-types-'));
  try {
    const file = join(dir, 'usage.ts');
    writeFileSync(
      file,
      `
      import { openBridgeAdapter, connectLock, loadDoorlock, BRIDGE_DEFAULTS } from ${JSON.stringify(packageDir)};
      import type { BridgeRequest } from ${JSON.stringify(packageDir)};
      declare const wx: { request(o: { url: string; method: string; data?: object; success(r: { data: unknown }): void; fail(e: unknown): void }): void };
      const request: BridgeRequest = (method, url, jsonBody) =>
        new Promise((resolve, reject) => wx.request({ url, method, data: jsonBody, success: (r) => resolve(r.data), fail: reject }));
      export async function usage(): Promise<number> {
        const dl = await loadDoorlock();
        const adapter = await openBridgeAdapter({ url: 'http://127.0.0.1:8790/', deviceId: 'vdev1', request, mtu: 20 });
        const kind: 'bridge' = adapter.kind;
        const lock = await connectLock({ dl, adapter, localKey: 'abcdef0123456789', uuid: 'uuid0123456789ab', devId: 'vdev1' });
        await lock.close();
        // @ts-expect-error deviceId is required
        await openBridgeAdapter({ url: 'http://127.0.0.1:8790/' });
        // @ts-expect-error request takes (method, url, body, options) and returns a promise
        await openBridgeAdapter({ url: 'x', deviceId: 'y', request: (url: number) => url });
        return BRIDGE_DEFAULTS.pollTimeoutMs + kind.length;
      }
    `,
    );
    assert.equal(strictTypeErrors(file), '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
