// The server half (doorlock-wasm/server) end to end: a "phone" (createClient with the server
// transport, no access key) -> the server over HTTP on 127.0.0.1 -> the cloud emulator checking
// every request's signature. The signing is cross-checked against the OpenSSL CLI, and the
// emulator's check is written apart from the server's signing code.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import http from 'node:http';
import { join } from 'node:path';
import { loadDoorlock, packageDir } from './support/load.mjs';
import { startFaultProxy } from './support/fault-proxy.mjs';
import { DEVICE_IDS, DOOR_PINS, EMULATOR_ACCESS_ID, EMULATOR_ACCESS_KEY, expectedSign, startCloudEmulator } from '../../tools/cloud-emulator/index.mjs';

const require = createRequire(import.meta.url);
const server = require(join(packageDir, 'dist', 'server.cjs'));

const NOW_S = () => Math.floor(Date.now() / 1000);
const period = () => ({ effective_time: NOW_S() + 60, invalid_time: NOW_S() + 7200 });

// Everything the phone's fetch sends and receives, as text.
function recordingFetch() {
  const wire = [];
  const fetchImpl = async (url, init) => {
    wire.push(String(init.body));
    const response = await fetch(url, init);
    const text = await response.text();
    wire.push(text);
    return { status: response.status, text: async () => text };
  };
  return { wire, fetch: fetchImpl };
}

// The access key in every spelling a leak could take.
const KEY_SPELLINGS = [
  EMULATOR_ACCESS_KEY,
  Buffer.from(EMULATOR_ACCESS_KEY).toString('hex'),
  Buffer.from(EMULATOR_ACCESS_KEY).toString('hex').toUpperCase(),
  Buffer.from(EMULATOR_ACCESS_KEY).toString('base64'),
  JSON.stringify(Array.from(Buffer.from(EMULATOR_ACCESS_KEY))).slice(1, -1),
];

async function home({ serverOptions = {}, emulatorOptions = {}, between } = {}) {
  const cloud = await startCloudEmulator({ accessId: EMULATOR_ACCESS_ID, ...emulatorOptions });
  const upstreamUrl = between ? (await between(cloud)).url : cloud.url;
  const authorized = [];
  const backend = await server.startDoorlockServer({
    accessKey: EMULATOR_ACCESS_KEY,
    accessId: EMULATOR_ACCESS_ID,
    upstream: { url: upstreamUrl },
    // The host's own user check: a session header names the user, who may use the emulated home.
    context: (req) => ({ user: req.headers['x-session'] }),
    authorize: (request, context) => {
      authorized.push({ action: request.action, user: context.user });
      return context.user === 'alice';
    },
    ...serverOptions,
  });
  const dl = await loadDoorlock();
  const phone = recordingFetch();
  const transport = dl.cloud.transports.server({ url: backend.url, fetch: phone.fetch, headers: { 'x-session': 'alice' } });
  return {
    cloud,
    backend,
    dl,
    phone,
    transport,
    authorized,
    close: async () => {
      await backend.close();
      await cloud.close();
    },
  };
}

test('signing: upper-case hex HMAC-SHA256(secret, client_id + sorted params JSON + t), as OpenSSL computes it', () => {
  const params = { name: 'front door', device_id: 'vdev1', effective_time: 1800000000, schedule_list: [{ working_day: 38, b: 1, a: 2 }] };
  const t = 1765000000123;
  const headers = server.signatureHeaders({ accessId: 'myclientid', secret: EMULATOR_ACCESS_KEY, params, t, appId: 'wx0123456789abcdef' });
  // Top-level keys sorted, nested objects as given (the demo function sorts one level).
  const text = 'myclientid{"device_id":"vdev1","effective_time":1800000000,"name":"front door","schedule_list":[{"working_day":38,"b":1,"a":2}]}1765000000123';
  const openssl = execFileSync('openssl', ['dgst', '-sha256', '-hmac', EMULATOR_ACCESS_KEY], { input: text }).toString().trim().split(' ').pop();
  assert.equal(headers.sign, openssl.toUpperCase());
  assert.equal(headers.client_id, 'myclientid');
  assert.equal(headers.t, '1765000000123');
  assert.equal(headers.sign_method, 'HMAC-SHA256');
  const md5 = execFileSync('openssl', ['dgst', '-md5'], { input: 'wx0123456789abcdef' }).toString().trim().split(' ').pop();
  assert.equal(headers.wxAppId, md5);
  // The emulator's own reading agrees.
  assert.equal(expectedSign({ clientId: 'myclientid', secret: EMULATOR_ACCESS_KEY, params, t }), headers.sign);
});

function postSigned(url, body, headers) {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': data.length, ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
    });
    req.on('error', reject);
    req.end(data);
  });
}

test("the emulator refuses unsigned and badly signed requests with the cloud's codes, and acts on none of them", async () => {
  const cloud = await startCloudEmulator({ accessId: EMULATOR_ACCESS_ID });
  try {
    const body = { action: 'doorLock.passwordFreeOpen', params: { device_id: DEVICE_IDS.wifi, ticket_id: 'x' } };
    const t = Date.now();
    const good = server.signatureHeaders({ accessId: EMULATOR_ACCESS_ID, secret: EMULATOR_ACCESS_KEY, params: body.params, t });
    const cases = [
      [{}, 1105],
      [{ ...good, sign: good.sign.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) }, 1004],
      [server.signatureHeaders({ accessId: EMULATOR_ACCESS_ID, secret: 'WrongAccessKey_0123456789abcdefg', params: body.params, t }), 1004],
      [server.signatureHeaders({ accessId: EMULATOR_ACCESS_ID, secret: EMULATOR_ACCESS_KEY, params: { ...body.params, ticket_id: 'y' }, t }), 1004],
      [{ ...good, client_id: 'someoneelse000000001' }, 1005],
      [{ ...good, sign_method: 'MD5' }, 1004],
      [server.signatureHeaders({ accessId: EMULATOR_ACCESS_ID, secret: EMULATOR_ACCESS_KEY, params: body.params, t: t - 3600000 }), 1013],
    ];
    for (const [headers, code] of cases) {
      const answer = await postSigned(cloud.url, body, headers);
      assert.equal(answer.success, false);
      assert.equal(answer.code, code, JSON.stringify(headers));
    }
    assert.equal(cloud.state.requests.filter((entry) => entry.ok).length, 0);
    // The same request signed right is carried out (and refused for its made-up ticket).
    const answer = await postSigned(cloud.url, body, good);
    assert.notEqual(answer.code, 1004);
    assert.equal(cloud.state.requests.at(-1).action, 'doorLock.passwordFreeOpen');
  } finally {
    await cloud.close();
  }
});

test('phone -> server -> cloud: temporary passwords are created and modified with the PIN the phone chose, and the key never reaches the phone', async () => {
  const h = await home();
  try {
    const { dl, transport, cloud } = h;
    assert.equal(transport.encryptsPasswords, true);
    const client = dl.cloud.createClient({ transport, lockType: 'ble' });

    const created = await client.createTemporaryPassword({ device_id: DEVICE_IDS.ble, name: 'Courier', password: '135790', ...period() });
    const bleLock = cloud.state.devices[DEVICE_IDS.ble];
    const stored = bleLock.tempPasswords.find((entry) => entry.name === 'Courier');
    assert.equal(stored.pin, '135790');
    assert.equal(String(stored.password_id), String(created.id ?? created.password_id ?? created));

    const wifi = dl.cloud.createClient({ transport, lockType: 'wifi' });
    const made = await wifi.createTemporaryPassword({ device_id: DEVICE_IDS.wifi, name: 'Gardener', password: '7395173', ...period() });
    const wifiLock = cloud.state.devices[DEVICE_IDS.wifi];
    const entry = wifiLock.tempPasswords.find((item) => item.name === 'Gardener');
    assert.equal(entry.pin, '7395173');
    await wifi.modifyTemporaryPassword({ device_id: DEVICE_IDS.wifi, password_id: entry.password_id, name: 'Gardener', password: '5173951', ...period() });
    assert.equal(wifiLock.tempPasswords.find((item) => item.password_id === entry.password_id).pin, '5173951');
    assert.ok(made !== undefined);

    // Zigbee: opening with a PIN, encrypted on the server too.
    const zigbee = dl.cloud.createClient({ transport, lockType: 'zigbee' });
    await zigbee.openDoor({ device_id: DEVICE_IDS.zigbee, password: DOOR_PINS.zigbee });

    // Plain actions pass through, checked on both sides.
    const list = await client.call('doorLock.getTemporaryPasswordList', { device_id: DEVICE_IDS.ble, valid: true });
    assert.ok(JSON.stringify(list).includes('Courier'));

    // What the phone sent and received: its PINs in clear to its own server, never the key.
    const wire = h.phone.wire.join('\n');
    assert.ok(wire.includes('"password":"135790"'), 'the PIN goes to the server in clear');
    for (const spelling of KEY_SPELLINGS) assert.ok(!wire.includes(spelling), `the phone saw the key (${spelling.slice(0, 8)}...)`);
    // Nor any ticket: the server asked for it, the phone never did.
    assert.ok(!wire.includes('ticket_key'));
    assert.ok(!wire.includes('passwordTicket'));
    // Every call went through the host's authorize, with the host's context.
    assert.deepEqual(
      h.authorized.map((call) => call.action),
      [
        'doorLock.createTemporaryPassword',
        'doorLock.createTemporaryPassword',
        'doorLock.modifyTemporaryPassword',
        'doorLock.openDoor',
        'doorLock.getTemporaryPasswordList',
      ],
    );
    assert.ok(h.authorized.every((call) => call.user === 'alice'));
  } finally {
    await h.close();
  }
});

test('a phone client refuses an access key next to a server transport, and a server flow needs a lock type', async () => {
  const h = await home();
  try {
    assert.throws(
      () => h.dl.cloud.createClient({ transport: h.transport, accessKey: EMULATOR_ACCESS_KEY }),
      (error) => error.code === 'INVALID_ARGUMENT' && error.field === 'accessKey' && !error.message.includes(EMULATOR_ACCESS_KEY),
    );
    const client = h.dl.cloud.createClient({ transport: h.transport });
    await assert.rejects(
      client.createTemporaryPassword({ device_id: DEVICE_IDS.ble, name: 'x', password: '135790', ...period() }),
      (error) => error.code === 'INVALID_ARGUMENT' && error.field === 'lockType',
    );
    // The server's own checks come back as the same DoorlockError: a 7-digit PIN on a BLE lock.
    const ble = h.dl.cloud.createClient({ transport: h.transport, lockType: 'ble' });
    await assert.rejects(
      ble.createTemporaryPassword({ device_id: DEVICE_IDS.ble, name: 'x', password: '1357913', ...period() }),
      (error) => error.code === 'INVALID_ARGUMENT' && error.field === 'password' && error.outcomeUnknown === undefined,
    );
    assert.equal(
      h.cloud.state.devices[DEVICE_IDS.ble].tempPasswords.some((entry) => entry.name === 'x'),
      false,
    );
    // A client without a key and without a server transport says where the key belongs.
    const direct = h.dl.cloud.createClient({ transport: h.dl.cloud.transports.fetch({ url: h.cloud.url }), lockType: 'ble' });
    await assert.rejects(
      direct.createTemporaryPassword({ device_id: DEVICE_IDS.ble, name: 'y', password: '135790', ...period() }),
      (error) => error.code === 'INVALID_ARGUMENT' && error.field === 'accessKey' && /server/.test(error.message),
    );
  } finally {
    await h.close();
  }
});

test('a server with the wrong secret is refused by the cloud (1004 sign invalid) and nothing is carried out', async () => {
  const h = await home({ serverOptions: { accessKey: 'WrongAccessKey_0123456789abcdefg' } });
  try {
    const client = h.dl.cloud.createClient({ transport: h.transport, lockType: 'ble' });
    await assert.rejects(
      client.call('device.status', { device_id: DEVICE_IDS.ble }),
      (error) => error.code === 'CLOUD_ERROR' && error.cloudCode === 1004 && error.outcomeUnknown === undefined,
    );
    await assert.rejects(
      client.createTemporaryPassword({ device_id: DEVICE_IDS.ble, name: 'z', password: '135790', ...period() }),
      (error) => error.code === 'CLOUD_ERROR' && error.cloudCode === 1004 && error.outcomeUnknown === undefined,
    );
    assert.equal(h.cloud.state.requests.filter((entry) => entry.ok).length, 0);
    assert.ok(h.cloud.state.requests.every((entry) => entry.code === 1004));
  } finally {
    await h.close();
  }
});

test('actions off the allow list and callers authorize refuses are turned away before the cloud', async () => {
  const h = await home({ serverOptions: { allowActions: ['device.status', 'doorLock.passwordTicket', 'doorLock.createTemporaryPassword'] } });
  try {
    const client = h.dl.cloud.createClient({ transport: h.transport, lockType: 'wifi' });
    await assert.rejects(
      client.call('doorLock.passwordFreeOpen', { device_id: DEVICE_IDS.wifi, ticket_id: 'abc' }),
      (error) => error.code === 'NOT_ALLOWED' && error.field === 'action' && error.outcomeUnknown === undefined,
    );
    assert.ok(!h.cloud.state.requests.some((entry) => entry.action === 'doorLock.passwordFreeOpen'));
    assert.equal((await client.call('device.status', { device_id: DEVICE_IDS.wifi })).length > 0, true);

    // Someone else's session.
    const stranger = h.dl.cloud.createClient({
      transport: h.dl.cloud.transports.server({ url: h.backend.url, headers: { 'x-session': 'mallory' } }),
      lockType: 'wifi',
    });
    const before = h.cloud.state.requests.length;
    await assert.rejects(stranger.call('device.status', { device_id: DEVICE_IDS.wifi }), (error) => error.code === 'UNAUTHORIZED');
    await assert.rejects(
      stranger.createTemporaryPassword({ device_id: DEVICE_IDS.wifi, name: 'm', password: '1357913', ...period() }),
      (error) => error.code === 'UNAUTHORIZED',
    );
    assert.equal(h.cloud.state.requests.length, before);
  } finally {
    await h.close();
  }

  // The default list: the catalog without device.pairingAuthKey.
  const d = await home();
  try {
    const client = d.dl.cloud.createClient({ transport: d.transport });
    await assert.rejects(client.call('device.pairingAuthKey', { home_id: 1, uuid: 'u', uid: 'x' }), (error) => error.code === 'NOT_ALLOWED');
    assert.deepEqual(server.EXCLUDED_BY_DEFAULT, ['device.pairingAuthKey']);
  } finally {
    await d.close();
  }
});

test('a write whose answer is lost between server and cloud reaches the phone as outcomeUnknown; a read does not', async () => {
  let proxy;
  const h = await home({
    between: async (cloud) => {
      proxy = await startFaultProxy({
        target: cloud.url,
        // Every change is carried out by the cloud, then the connection to the server is reset.
        plan: ({ action }) =>
          ['doorLock.createTemporaryPassword', 'doorLock.passwordFreeOpen'].includes(action)
            ? 'reset-after'
            : action === 'device.status'
              ? 'reset-before'
              : 'pass',
      });
      return proxy;
    },
  });
  try {
    const client = h.dl.cloud.createClient({ transport: h.transport, lockType: 'ble', retry: false });
    await assert.rejects(client.createTemporaryPassword({ device_id: DEVICE_IDS.ble, name: 'Lost', password: '246813', ...period() }), (error) => {
      assert.equal(error.code, 'NETWORK_ERROR');
      assert.equal(error.outcomeUnknown, true);
      return true;
    });
    // It was carried out: the phone must not send it again blindly.
    assert.equal(h.cloud.state.devices[DEVICE_IDS.ble].tempPasswords.filter((entry) => entry.name === 'Lost').length, 1);
    await assert.rejects(client.call('doorLock.passwordFreeOpen', { device_id: DEVICE_IDS.ble, ticket_id: 'abc' }), (error) => error.outcomeUnknown === true);
    await assert.rejects(
      client.call('device.status', { device_id: DEVICE_IDS.ble }),
      (error) => error.code === 'NETWORK_ERROR' && error.outcomeUnknown === undefined,
    );
  } finally {
    await h.close();
    await proxy.close();
  }
});

test("the server's answers never carry the key, whatever fails", async () => {
  const handler = server.createServerHandler({
    accessKey: EMULATOR_ACCESS_KEY,
    accessId: EMULATOR_ACCESS_ID,
    upstream: { url: 'http://127.0.0.1:9/' },
    authorize: () => true,
    dl: await loadDoorlock(),
  });
  const answers = [
    await handler({ action: 'device.status', params: { device_id: DEVICE_IDS.ble } }),
    await handler({
      action: 'doorLock.createTemporaryPassword',
      lockType: 'ble',
      params: { device_id: DEVICE_IDS.ble, name: 'n', password: '123456', ...period() },
    }),
    await handler({ action: 'nope' }),
    await handler(null),
    await handler({ action: 'device.status', params: 'x' }),
  ];
  for (const answer of answers) {
    assert.equal(answer.success, false);
    assert.equal(typeof answer.doorlockError.code, 'string');
    for (const spelling of KEY_SPELLINGS) assert.ok(!JSON.stringify(answer).includes(spelling));
  }
  assert.equal(answers[0].doorlockError.code, 'NETWORK_ERROR');
  assert.equal(answers[2].doorlockError.code, 'NOT_ALLOWED');
  assert.equal(answers[3].doorlockError.code, 'INVALID_ARGUMENT');
  assert.equal(answers[4].doorlockError.field, 'params');
  // Without authorize there is no server: deciding who may open doors is the host's job.
  assert.throws(
    () => server.createServerHandler({ accessKey: EMULATOR_ACCESS_KEY, accessId: EMULATOR_ACCESS_ID, upstream: { url: 'http://127.0.0.1:9/' } }),
    (error) => error.code === 'INVALID_ARGUMENT' && error.field === 'authorize',
  );
  assert.throws(
    () => server.createServerHandler({ accessKey: EMULATOR_ACCESS_KEY, accessId: EMULATOR_ACCESS_ID, upstream: {}, authorize: () => true }),
    (error) => error.field === 'upstream',
  );
});

test("between phone and server, the transport's own rules: refused before sending is known, a server that goes quiet is unknown", async () => {
  const dl = await loadDoorlock();
  // Nothing listens here: the request never left.
  const closed = await server.startDoorlockServer({
    accessKey: EMULATOR_ACCESS_KEY,
    accessId: EMULATOR_ACCESS_ID,
    upstream: { url: 'http://127.0.0.1:9/' },
    authorize: () => true,
  });
  const url = closed.url;
  await closed.close();
  const down = dl.cloud.createClient({ transport: dl.cloud.transports.server({ url }), lockType: 'ble', retry: false });
  await assert.rejects(
    down.createTemporaryPassword({ device_id: DEVICE_IDS.ble, name: 'x', password: '135790', ...period() }),
    (error) => error.code === 'NETWORK_ERROR' && error.outcomeUnknown === undefined,
  );

  // A server whose cloud never answers: the phone's deadline passes after its request arrived.
  const silent = http.createServer(() => {});
  await new Promise((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const backend = await server.startDoorlockServer({
    accessKey: EMULATOR_ACCESS_KEY,
    accessId: EMULATOR_ACCESS_ID,
    upstream: { url: `http://127.0.0.1:${silent.address().port}/` },
    authorize: () => true,
  });
  try {
    const phone = dl.cloud.createClient({ transport: dl.cloud.transports.server({ url: backend.url, timeoutMs: 300 }), lockType: 'wifi', retry: false });
    await assert.rejects(
      phone.call('doorLock.passwordFreeOpen', { device_id: DEVICE_IDS.wifi, ticket_id: 'abc' }),
      (error) => error.code === 'TIMEOUT' && error.outcomeUnknown === true,
    );
    await assert.rejects(
      phone.call('device.status', { device_id: DEVICE_IDS.wifi }),
      (error) => error.code === 'TIMEOUT' && error.outcomeUnknown === undefined,
    );
  } finally {
    await backend.close();
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  }
});
