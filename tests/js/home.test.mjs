// The emulated home (tools/home): the cloud emulator and the simulated Bluetooth lock built from one
// device record, driven with the package's public API only (loadDoorlock, connectLock,
// openSimulatorAdapter, dl.cloud). The cloud's check code is what the lock takes in DP 70 and
// opens with in DP 71; the cloud's unlock instruction is an air frame the lock reads (checked
// apart from both with node:crypto); a bluetooth_symbolic password created on the lock is in
// the cloud's list under its hard id; the HTTP emulator answers CORS; serve.mjs starts it all.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createDecipheriv, createHash } from 'node:crypto';
import { join } from 'node:path';
import { loadDoorlock, repoRoot } from './support/load.mjs';
import { pkg, rejection } from './support/ble.mjs';
import { createHome } from '../../tools/home/index.mjs';

const { connectLock, openSimulatorAdapter } = pkg;
const dl = await loadDoorlock();
const ZONE_MINUTES = 480;
const ascii = (hex) => Buffer.from(hex, 'hex').toString('latin1');

// A home served over HTTP, a cloud client on it (the access key in the client: a test), and an
// app connected over BLE to the home's Bluetooth lock.
async function openHome({ protocol = 3, mtu = 20 } = {}) {
  const home = await createHome({ protocol, mtu, server: {} });
  const [device] = home.devices;
  const sim = home.locks[device.deviceId];
  const client = dl.cloud.createClient({
    transport: dl.cloud.transports.nodeHttp({ url: home.url, timeoutMs: 5000 }),
    lockType: 'ble',
    accessKey: home.accessKey,
  });
  const adapter = await openSimulatorAdapter(sim, { mtu });
  const lock = await connectLock({ dl, adapter, localKey: device.localKey, uuid: device.uuid, devId: device.devId, protocol, mtu, timeZone: ZONE_MINUTES });
  return { home, device, sim, client, lock };
}

async function closeHome({ home, lock }) {
  await lock.close();
  await home.close();
}

test('one device record: the cloud lists the simulated lock with the keys the app pairs with', async () => {
  const home = await createHome();
  try {
    assert.equal(home.devices.length, 1);
    const [device] = home.devices;
    assert.equal(device.lockType, 'ble');
    assert.equal(device.uuid.length, 16);
    const [listed] = await home.transport.send({ action: 'device.getListByIds', params: { device_ids: device.deviceId } }).then((body) => body.result);
    assert.equal(listed.id, device.deviceId);
    assert.equal(listed.local_key, device.localKey);
    assert.equal(listed.uuid, device.uuid);
    assert.deepEqual(Object.keys(home.locks), [device.deviceId]);
    // Credentials: none on the lock, none recorded in the cloud.
    assert.deepEqual(home.locks[device.deviceId].passwords(), []);
    const recorded = await home.transport.send({ action: 'doorLock.getTemporaryPasswordList', params: { device_id: device.deviceId, valid: true } });
    assert.deepEqual(recorded.result, []);
  } finally {
    await home.close();
  }
});

for (const { protocol, mtu } of [
  { protocol: 3, mtu: 20 },
  { protocol: 4, mtu: 244 },
]) {
  test(`protocol ${protocol}: getIssuedConfig -> DP 70 (wake_up_ins) -> DP 71 with ins and dev_unlock_id opens the simulated lock`, async () => {
    const ctx = await openHome({ protocol, mtu });
    const { device, sim, client, lock } = ctx;
    try {
      const config = await client.call('doorLock.getIssuedConfig', { device_id: device.deviceId });
      const random = config.lock_random;
      assert.equal(random.distributed, true);
      assert.equal(random.dp_id, 70);
      assert.match(ascii(random.ins), /^[0-9]{8}$/);
      // wake_up_ins = masterid ffff | slaveid dev_unlock_id | current code 0*8 (first set) | op 00 add |
      // new masterid ffff | new code ins (ble-protocol.md §6.5).
      assert.equal(random.wake_up_ins, `ffff${random.dev_unlock_id}${'00'.repeat(8)}00ffff${random.ins}`);
      const configured = await lock.writeCloudDp(random);
      assert.equal(configured.sent, true);
      assert.equal(configured.reply.dp, 70);
      assert.equal(configured.reply.ok, true);

      // A wrong slave id is refused by the lock: the slot is the cloud's dev_unlock_id.
      const slaveId = Number.parseInt(random.dev_unlock_id, 16);
      const wrongSlot = await rejection(lock.unlock({ checkCode: ascii(random.ins), slaveId: slaveId + 1, memberId: device.memberId }));
      assert.equal(wrongSlot.code, 'LOCK_REJECTED');
      assert.equal(wrongSlot.reply.result, 3); // slave id mismatch (ble-protocol.md §6.5)
      assert.equal(sim.state().unlocked, false);

      const opened = await lock.unlock({ checkCode: ascii(random.ins), slaveId, memberId: device.memberId, recordTimeoutMs: 1000 });
      assert.equal(opened.ok, true);
      assert.equal(sim.state().unlocked, true);
      const unlocks = sim.log().filter((entry) => entry.event === 'unlock');
      assert.equal(unlocks.length, 1);
      assert.equal(unlocks[0].id, device.memberId);
    } finally {
      await closeHome(ctx);
    }
  });

  test(`protocol ${protocol}: the emulator's bleOpenInstruction is a session-key air frame the lock opens with when relayed`, async () => {
    const ctx = await openHome({ protocol, mtu });
    const { device, sim, client, lock } = ctx;
    try {
      const config = await client.call('doorLock.getIssuedConfig', { device_id: device.deviceId });
      await lock.writeCloudDp(config.lock_random);

      const bluetoothSn = lock.nextSn;
      const result = await client.call('doorLock.bleOpenInstruction', {
        device_id: device.deviceId,
        bluetooth_sn: bluetoothSn,
        device_random: config.lock_random.ins,
        open: true,
        bluetooth_major_version: protocol,
      });
      assert.equal(result.next_sn, bluetoothSn + 1);

      // Read apart from the SDK and the simulator: mode 5, SESSION_KEY = md5(localKey[0:6] | srand),
      // plaintext sn | ack 0 | cmd (0x0002 v3, 0x0027 v4) | len | DP 71 raw with the cloud's code.
      const air = Buffer.from(result.instruction, 'hex');
      assert.equal(air[0], 5);
      const srand = Buffer.from(sim.state().srand);
      const key = createHash('md5')
        .update(Buffer.concat([Buffer.from(device.localKey.slice(0, 6), 'latin1'), srand]))
        .digest();
      const decipher = createDecipheriv('aes-128-cbc', key, air.subarray(1, 17)).setAutoPadding(false);
      const plain = Buffer.concat([decipher.update(air.subarray(17)), decipher.final()]);
      assert.equal(plain.readUInt32BE(0), bluetoothSn);
      assert.equal(plain.readUInt16BE(8), protocol === 3 ? 0x0002 : 0x0027);
      const dpAt = 12 + (protocol === 3 ? 0 : 5);
      assert.equal(plain[dpAt], 71);
      const valueAt = dpAt + (protocol === 3 ? 3 : 4);
      assert.equal(plain.subarray(valueAt + 4, valueAt + 12).toString('hex'), config.lock_random.ins);

      const relayed = await lock.relayUnlockInstruction({ instruction: result });
      assert.equal(relayed.sn, bluetoothSn);
      assert.equal(relayed.reply.ok, true);
      assert.equal(relayed.reply.dp, 71);
      assert.equal(sim.state().unlocked, true);
      assert.equal(sim.log().filter((entry) => entry.event === 'unlock').length, 1);

      // The same SN again is a replay: the cloud refuses it.
      const replay = await rejection(
        client.call('doorLock.bleOpenInstruction', {
          device_id: device.deviceId,
          bluetooth_sn: bluetoothSn,
          device_random: config.lock_random.ins,
        }),
      );
      assert.equal(replay.code, 'CLOUD_ERROR');
    } finally {
      await closeHome(ctx);
    }
  });
}

test('a later connection: the lock already holds the code, refuses the first-code DP 70 (result 4) and opens with it', async () => {
  const ctx = await openHome();
  const { home, device, sim, client } = ctx;
  try {
    const first = await client.call('doorLock.getIssuedConfig', { device_id: device.deviceId });
    assert.equal((await ctx.lock.writeCloudDp(first.lock_random)).reply.ok, true);
    await ctx.lock.close();
    const adapter = await openSimulatorAdapter(sim, { mtu: 20 });
    ctx.lock = await connectLock({
      dl,
      adapter,
      localKey: device.localKey,
      uuid: device.uuid,
      devId: device.devId,
      protocol: 3,
      mtu: 20,
      timeZone: ZONE_MINUTES,
    });
    const again = await client.call('doorLock.getIssuedConfig', { device_id: device.deviceId });
    assert.equal(again.lock_random.ins, first.lock_random.ins);
    const rewritten = await ctx.lock.writeCloudDp(again.lock_random);
    assert.equal(rewritten.reply.ok, false);
    assert.equal(rewritten.reply.result, 4);
    const opened = await ctx.lock.unlock({
      checkCode: ascii(again.lock_random.ins),
      slaveId: Number.parseInt(again.lock_random.dev_unlock_id, 16),
      memberId: device.memberId,
    });
    assert.equal(opened.ok, true);
    assert.equal(home.locks[device.deviceId].state().unlocked, true);
  } finally {
    await closeHome(ctx);
  }
});

test('with no BLE connection to the lock the instruction is a KEY_4 frame (mode 4, md5(localKey[0:6]))', async () => {
  const home = await createHome();
  try {
    const [device] = home.devices;
    const body = await home.transport.send({
      action: 'doorLock.unlockInstruction',
      params: { device_id: device.deviceId, bluetooth_sn: 3, device_random: '3532373737393530' },
    });
    assert.equal(body.success, true);
    const air = Buffer.from(body.result.instruction, 'hex');
    assert.equal(air[0], 4);
    const key = createHash('md5').update(device.localKey.slice(0, 6), 'latin1').digest();
    const decipher = createDecipheriv('aes-128-cbc', key, air.subarray(1, 17)).setAutoPadding(false);
    const plain = Buffer.concat([decipher.update(air.subarray(17)), decipher.final()]);
    assert.equal(plain.readUInt32BE(0), 3);
    assert.equal(plain[12], 71);
    assert.equal(plain.subarray(19, 27).toString('latin1'), device.checkCode);
  } finally {
    await home.close();
  }
});

test('bluetooth_symbolic: a PIN created on the lock (DP 51 -> hard_id) and recorded in the cloud is in the cloud list', async () => {
  const ctx = await openHome();
  const { device, sim, client, lock } = ctx;
  try {
    const now = Math.floor(Date.now() / 1000);
    const validity = { effectiveTime: now - 60, invalidTime: now + 86400, cycle: 'none' };
    const created = await lock.createTemporaryPassword({ password: '739152', validity });
    assert.equal(created.ok, true);
    const onLock = sim.passwords().find((item) => item.kind === 'temporary' && item.password === '739152');
    assert.equal(onLock.hardId, created.hardId);

    const record = {
      device_id: device.deviceId,
      name: 'Courier',
      password: '739152',
      effective_time: now - 60,
      invalid_time: now + 86400,
      bluetooth_symbolic: true,
      sn: created.hardId,
    };
    const { id } = await client.createTemporaryPassword(record);
    const listed = await client.call('doorLock.getTemporaryPasswordList', { device_id: device.deviceId, valid: true });
    const entry = listed.find((item) => item.password_id === id);
    assert.ok(entry, 'the recorded password is in the cloud list');
    assert.equal(entry.sn, created.hardId);
    assert.equal(entry.name, 'Courier');
    assert.equal(sim.pressKeypad('739152').opened, true);

    // A second record for the same hard id is refused and adds nothing.
    const again = await rejection(client.createTemporaryPassword({ ...record, name: 'Twice', password: '951739' }));
    assert.equal(again.code, 'CLOUD_ERROR');
    assert.equal(again.cloudCode, 1109);
    const after = await client.call('doorLock.getTemporaryPasswordList', { device_id: device.deviceId, valid: true });
    assert.equal(after.length, listed.length);
  } finally {
    await closeHome(ctx);
  }
});

test('CORS: the preflight and every answer allow a browser page', async () => {
  const home = await createHome({ server: {} });
  try {
    const preflight = await fetch(home.url, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-request-id' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    assert.match(preflight.headers.get('access-control-allow-methods'), /POST/);
    assert.match(preflight.headers.get('access-control-allow-headers'), /content-type/);
    assert.match(preflight.headers.get('access-control-allow-headers'), /x-request-id/);
    const answer = await fetch(home.url, {
      method: 'POST',
      headers: { origin: 'http://localhost:5173', 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'timer.currentTime', params: {} }),
    });
    assert.equal(answer.headers.get('access-control-allow-origin'), '*');
    assert.equal((await answer.json()).success, true);
  } finally {
    await home.close();
  }
});

test('node tools/home/serve.mjs prints the URL and the devices as JSON and serves the home', async () => {
  const child = spawn(process.execPath, [join(repoRoot, 'tools', 'home', 'serve.mjs'), '--protocol', '4'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const line = await new Promise((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (chunk) => {
        text += chunk;
        if (text.includes('\n')) resolve(text.slice(0, text.indexOf('\n')));
      });
      child.once('exit', (code) => reject(new Error(`serve.mjs exited with ${code}`)));
    });
    const printed = JSON.parse(line);
    assert.match(printed.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(printed.devices.length, 1);
    assert.equal(printed.devices[0].protocol, 4);
    const answer = await fetch(printed.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'doorLock.getIssuedConfig', params: { device_id: printed.devices[0].deviceId } }),
    }).then((response) => response.json());
    assert.equal(ascii(answer.result.lock_random.ins), printed.devices[0].checkCode);
  } finally {
    child.kill('SIGTERM');
  }
});
