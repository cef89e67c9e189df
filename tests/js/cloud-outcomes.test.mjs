// The outcome rule, case by case and per transport (docs/cloud-outcomes.md): a failure carries
// `outcomeUnknown: true` when the request may have reached the cloud and no readable verdict came
// back, and leaves it out only where the transport proves the request never left; the cloud client
// clears it on read-only actions and adds it when an answer to a write cannot be read.
// tests/js/cloud-faults.test.mjs runs the same rule against hundreds of randomized faults.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { answerJson, closedPort, emulatorModule, hang, pkg, rejectsWith, startServer, until } from './support/cloud.mjs';

const { createCloudClient, createFetchTransport, createNodeHttpTransport, createWxCloudTransport, createWxRequestTransport, DoorlockError } = pkg;
const { DEVICE_IDS: ids, EMULATOR_ACCESS_KEY, createCloudEmulator, createInProcessTransport, startCloudEmulator } = emulatorModule;
const dl = await pkg.loadDoorlock();

const UNLOCK = { action: 'doorLock.passwordFreeOpen', params: { device_id: ids.standard_wifi, ticket_id: 't' } };

function assertUnknown(error, expected, what) {
  assert.ok(error instanceof DoorlockError, what);
  if (expected) assert.equal(error.outcomeUnknown, true, `${what}: outcomeUnknown expected (${error.code}: ${error.message})`);
  else assert.ok(!('outcomeUnknown' in error), `${what}: no outcomeUnknown expected (${error.code}: ${error.message})`);
}

// An agent whose name lookup fails (DNS) or never finishes (a connection that cannot start).
const agentWithLookup = (lookup) => new http.Agent({ lookup });
const failingLookup = (hostname, options, callback) =>
  setImmediate(() => callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })));
const endlessLookup = () => {};

// --- Node http -------------------------------------------------------------------------------------

test('node-http: refused, DNS failure, and a timeout or abort while connecting never left', async () => {
  const port = await closedPort();
  assertUnknown(await rejectsWith(createNodeHttpTransport({ url: `http://127.0.0.1:${port}/` }).send(UNLOCK), 'NETWORK_ERROR'), false, 'refused');
  const dns = await rejectsWith(
    createNodeHttpTransport({ url: 'http://cloud.doorlock.invalid/', agent: agentWithLookup(failingLookup) }).send(UNLOCK),
    'NETWORK_ERROR',
  );
  assertUnknown(dns, false, 'DNS');
  assert.match(dns.message, /ENOTFOUND/);

  const connecting = createNodeHttpTransport({ url: 'http://cloud.doorlock.invalid/', agent: agentWithLookup(endlessLookup), timeoutMs: 50 });
  const timeout = await rejectsWith(connecting.send(UNLOCK), 'TIMEOUT');
  assertUnknown(timeout, false, 'timeout while connecting');
  assert.match(timeout.message, /never left/);
  const controller = new AbortController();
  const pending = connecting.send(UNLOCK, { signal: controller.signal });
  setTimeout(() => controller.abort(), 10);
  assertUnknown(await rejectsWith(pending, 'ABORTED'), false, 'abort while connecting');
  assertUnknown(await rejectsWith(connecting.send(UNLOCK, { signal: AbortSignal.abort() }), 'ABORTED'), false, 'abort before sending');
});

test('node-http: once connected, a timeout, abort, reset, HTTP error, cut or garbled answer may have been delivered', async () => {
  const hanging = await startServer(hang);
  try {
    assertUnknown(await rejectsWith(createNodeHttpTransport({ url: hanging.url, timeoutMs: 100 }).send(UNLOCK), 'TIMEOUT'), true, 'timeout');
    const controller = new AbortController();
    const pending = createNodeHttpTransport({ url: hanging.url }).send(UNLOCK, { signal: controller.signal });
    await until(() => hanging.seen.requests === 2);
    controller.abort();
    assertUnknown(await rejectsWith(pending, 'ABORTED'), true, 'abort after sending');
  } finally {
    await hanging.close();
  }

  const cases = [
    ['reset', (req) => req.socket.resetAndDestroy(), 'NETWORK_ERROR'],
    ['HTTP 500', answerJson(500, { message: 'boom' }), 'NETWORK_ERROR'],
    ['HTTP 404', answerJson(404, 'not here'), 'NETWORK_ERROR'],
    ['not JSON', answerJson(200, '<html>login</html>'), 'BAD_RESPONSE'],
    [
      'cut under its content-length',
      (req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': 100 });
        res.write('{"success":true,"res');
        setTimeout(() => req.socket.destroy(), 5);
      },
      'NETWORK_ERROR',
    ],
    [
      'cut without a length',
      (req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', connection: 'close' });
        res.end('{"success":true,"res');
      },
      'BAD_RESPONSE',
    ],
  ];
  for (const [what, handler, code] of cases) {
    const server = await startServer(handler);
    try {
      const started = Date.now();
      assertUnknown(await rejectsWith(createNodeHttpTransport({ url: server.url, timeoutMs: 5000 }).send(UNLOCK), code), true, what);
      assert.ok(Date.now() - started < 2000, `${what}: fails at once, not at the timeout`);
    } finally {
      await server.close();
    }
  }
});

test('node-http: a reset on a kept-alive socket may have been delivered', async () => {
  let served = 0;
  const server = await startServer((req, res) => {
    served++;
    if (served === 1) answerJson(200, { success: true, result: true, t: 1 })(req, res);
    else req.socket.resetAndDestroy();
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const transport = createNodeHttpTransport({ url: server.url, agent });
    await transport.send(UNLOCK);
    assertUnknown(await rejectsWith(transport.send(UNLOCK), 'NETWORK_ERROR'), true, 'reset on a reused socket');
  } finally {
    agent.destroy();
    await server.close();
  }
});

// --- fetch -----------------------------------------------------------------------------------------

test('fetch: only the connection failures Node names prove that nothing left', async () => {
  const port = await closedPort();
  const refused = await rejectsWith(createFetchTransport({ url: `http://127.0.0.1:${port}/` }).send(UNLOCK), 'NETWORK_ERROR');
  assertUnknown(refused, false, 'refused (undici: ECONNREFUSED)');
  assert.match(refused.message, /ECONNREFUSED/);

  const failWith = (error) => createFetchTransport({ url: 'https://cloud.example/', fetch: () => Promise.reject(error) });
  const dns = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('getaddrinfo ENOTFOUND cloud.example'), { code: 'ENOTFOUND' }) });
  assertUnknown(await rejectsWith(failWith(dns).send(UNLOCK), 'NETWORK_ERROR'), false, 'DNS (undici)');
  // A browser says "Failed to fetch" for a refused connection and a reset alike.
  assertUnknown(await rejectsWith(failWith(new TypeError('Failed to fetch')).send(UNLOCK), 'NETWORK_ERROR'), true, 'browser failure');
  const reset = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
  assertUnknown(await rejectsWith(failWith(reset).send(UNLOCK), 'NETWORK_ERROR'), true, 'reset (undici)');

  // The body fails after the status arrived: the request was delivered whatever the cause says.
  const cutBody = createFetchTransport({ url: 'https://cloud.example/', fetch: async () => ({ status: 200, text: () => Promise.reject(dns) }) });
  assertUnknown(await rejectsWith(cutBody.send(UNLOCK), 'NETWORK_ERROR'), true, 'body failed');
  const status = createFetchTransport({ url: 'https://cloud.example/', fetch: async () => ({ status: 502, text: async () => 'bad gateway' }) });
  assertUnknown(await rejectsWith(status.send(UNLOCK), 'NETWORK_ERROR'), true, 'HTTP 502');
  const garbled = createFetchTransport({ url: 'https://cloud.example/', fetch: async () => ({ status: 200, text: async () => '{"succ' }) });
  assertUnknown(await rejectsWith(garbled.send(UNLOCK), 'BAD_RESPONSE'), true, 'not JSON');
});

test('fetch: an abort before fetch is called sends nothing; after, the request may have left', async () => {
  let called = 0;
  const never = createFetchTransport({
    url: 'https://cloud.example/',
    fetch: (url, init) => {
      called++;
      return new Promise((resolve, reject) => init.signal.addEventListener('abort', () => reject(new Error('aborted'))));
    },
  });
  const early = new AbortController();
  const pending = never.send(UNLOCK, { signal: early.signal });
  early.abort();
  assertUnknown(await rejectsWith(pending, 'ABORTED'), false, 'abort in the same turn');
  assert.equal(called, 0, 'fetch was never called');

  const late = new AbortController();
  const sent = never.send(UNLOCK, { signal: late.signal });
  await until(() => called === 1);
  late.abort();
  assertUnknown(await rejectsWith(sent, 'ABORTED'), true, 'abort after fetch was called');
  assertUnknown(await rejectsWith(never.send(UNLOCK, { timeoutMs: 20 }), 'TIMEOUT'), true, 'timeout after fetch was called');
});

// --- WeChat ----------------------------------------------------------------------------------------

function fakeWx(respond) {
  return {
    request(params) {
      respond(params);
      return { abort() {} };
    },
    cloud: {
      callFunction(params) {
        respond(params);
      },
    },
  };
}

test('wx.request: every failure once handed over may have been delivered, except a URL outside the legal domains', async () => {
  const url = 'https://cloud.example/';
  const failing = (errMsg) => createWxRequestTransport({ url, wx: fakeWx((params) => setImmediate(() => params.fail({ errMsg }))) });
  assertUnknown(await rejectsWith(failing('request:fail url not in domain list').send(UNLOCK), 'NETWORK_ERROR'), false, 'domain list');
  // WeChat reports a refused connection and a reset in the same way, without a reliable code.
  assertUnknown(await rejectsWith(failing('request:fail -102:net::ERR_CONNECTION_REFUSED').send(UNLOCK), 'NETWORK_ERROR'), true, 'refused');
  assertUnknown(await rejectsWith(failing('request:fail -101:net::ERR_CONNECTION_RESET').send(UNLOCK), 'NETWORK_ERROR'), true, 'reset');
  assertUnknown(await rejectsWith(failing('request:fail timeout').send(UNLOCK), 'TIMEOUT'), true, 'WeChat timeout');
  const answering = (res) => createWxRequestTransport({ url, wx: fakeWx((params) => setImmediate(() => params.success(res))) });
  assertUnknown(await rejectsWith(answering({ statusCode: 503, data: 'busy' }).send(UNLOCK), 'NETWORK_ERROR'), true, 'HTTP 503');
  assertUnknown(await rejectsWith(answering({ statusCode: 200, data: '{"succ' }).send(UNLOCK), 'BAD_RESPONSE'), true, 'not JSON');
  const silent = createWxRequestTransport({ url, wx: fakeWx(() => {}) });
  assertUnknown(await rejectsWith(silent.send(UNLOCK, { timeoutMs: 20 }), 'TIMEOUT'), true, 'our timeout');
  assertUnknown(await rejectsWith(silent.send(UNLOCK, { signal: AbortSignal.abort() }), 'ABORTED'), false, 'aborted before');
  const throwing = createWxRequestTransport({
    url,
    wx: {
      request() {
        throw new Error('bad parameter');
      },
    },
  });
  assertUnknown(await rejectsWith(throwing.send(UNLOCK), 'NETWORK_ERROR'), false, 'wx.request threw: nothing was handed over');
});

test('wx.cloud: every failure of a called function may have been delivered', async () => {
  const failing = (errMsg) => createWxCloudTransport({ wx: fakeWx((params) => setImmediate(() => params.fail({ errMsg }))) });
  assertUnknown(await rejectsWith(failing('cloud.callFunction:fail -504002 functions execute fail').send(UNLOCK), 'NETWORK_ERROR'), true, 'function failed');
  assertUnknown(await rejectsWith(failing('cloud.callFunction:fail -501001 resource system error').send(UNLOCK), 'NETWORK_ERROR'), true, 'system error');
  assertUnknown(await rejectsWith(failing('cloud.callFunction:fail timeout').send(UNLOCK), 'TIMEOUT'), true, 'WeChat timeout');
  const controller = new AbortController();
  const pending = createWxCloudTransport({ wx: fakeWx(() => {}) }).send(UNLOCK, { signal: controller.signal });
  controller.abort();
  assertUnknown(await rejectsWith(pending, 'ABORTED'), true, 'abort after handing over');
  const throwing = createWxCloudTransport({
    wx: {
      cloud: {
        callFunction() {
          throw new Error('not initialised');
        },
      },
    },
  });
  assertUnknown(await rejectsWith(throwing.send(UNLOCK), 'NETWORK_ERROR'), false, 'callFunction threw');
});

// --- the client ------------------------------------------------------------------------------------

test('client: reads never carry the flag, CLOUD_ERROR never does, an unreadable answer to a write does', async () => {
  const server = await startServer(answerJson(500, { message: 'boom' }));
  try {
    const client = createCloudClient({ dl, transport: createNodeHttpTransport({ url: server.url }), retry: false });
    assertUnknown(await rejectsWith(client.call('device.status', { device_id: ids.wifi }), 'NETWORK_ERROR'), false, 'read');
    assertUnknown(
      await rejectsWith(client.call('device.control', { device_id: ids.wifi, commands: [{ code: 'automatic_lock', value: true }] }), 'NETWORK_ERROR'),
      true,
      'write',
    );
  } finally {
    await server.close();
  }

  // A JSON answer that is not the cloud's envelope: the write may have happened.
  const odd = { name: 'odd', send: async () => ({ status: 'ok' }) };
  const oddClient = createCloudClient({ dl, transport: odd });
  assertUnknown(
    await rejectsWith(oddClient.call('device.control', { device_id: ids.wifi, commands: [{ code: 'automatic_lock', value: true }] }), 'BAD_RESPONSE'),
    true,
    'write, not an envelope',
  );
  assertUnknown(await rejectsWith(oddClient.call('device.status', { device_id: ids.wifi }), 'BAD_RESPONSE'), false, 'read, not an envelope');

  // The cloud's own refusal is a known outcome.
  const emulator = createCloudEmulator();
  const client = createCloudClient({ dl, transport: createInProcessTransport(emulator), accessKey: EMULATOR_ACCESS_KEY });
  const refused = await rejectsWith(
    client.call('doorLock.passwordFreeOpen', { device_id: ids.standard_wifi, ticket_id: 'nope' }, { lockType: 'standard_wifi' }),
    'CLOUD_ERROR',
  );
  assertUnknown(refused, false, 'CLOUD_ERROR');
  assert.equal(refused.cloudCode, 1109);
});

test('client: a write whose answer is lost is sent once and reported with outcomeUnknown, even with generous retries', async () => {
  const running = await startCloudEmulator();
  // Forwards to the emulator, then resets instead of answering.
  const server = await startServer((req, res, text) => {
    const upstream = http.request(running.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'once' } }, (answer) => {
      answer.resume();
      answer.on('end', () => req.socket.resetAndDestroy());
    });
    upstream.end(text);
  });
  try {
    const client = createCloudClient({
      dl,
      transport: createNodeHttpTransport({ url: server.url }),
      retry: { attempts: 6, baseDelayMs: 1 },
      accessKey: EMULATOR_ACCESS_KEY,
    });
    const before = running.state.devices[ids.wifi].records.length;
    const error = await rejectsWith(client.call('doorLock.cancelPasswordFreeOpen', { device_id: ids.wifi, type: 1 }, { lockType: 'wifi' }), 'NETWORK_ERROR');
    assertUnknown(error, true, 'reset after the cloud acted');
    assert.equal(server.seen.requests, 1, 'sent once');
    assert.deepEqual(
      running.emulator.executionsOf('once').map((entry) => [entry.action, entry.ok]),
      [['doorLock.cancelPasswordFreeOpen', true]],
    );
    assert.equal(running.state.devices[ids.wifi].records.length, before + 1, 'the cloud did act');
  } finally {
    await server.close();
    await running.close();
  }
});
