// The four transports behind send({ action, params }) -> body: wx.cloud.callFunction and
// wx.request against fakes of the WeChat APIs, fetch and Node http against local servers on
// 127.0.0.1 (the cloud emulator, and servers that hang, fail or answer garbage on purpose).
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageDir } from './support/load.mjs';
import { answerJson, closedPort, emulatorModule, hang, pkg, rejectsWith, startServer, until } from './support/cloud.mjs';

const { createFetchTransport, createNodeHttpTransport, createWxCloudTransport, createWxRequestTransport, DoorlockError } = pkg;
const { createCloudEmulator, startCloudEmulator, DEVICE_IDS } = emulatorModule;

const STATUS = { action: 'device.status', params: { device_id: DEVICE_IDS.wifi } };

// --- wx.cloud.callFunction ---------------------------------------------------------------------

// A fake of wx.cloud: records each call; `respond(call)` decides what happens to it.
function fakeWxCloud(respond) {
  const calls = [];
  return {
    calls,
    wx: {
      cloud: {
        callFunction(call) {
          calls.push(call);
          respond(call);
        },
      },
    },
  };
}

test('wx.cloud: calls ty-service with { action, params } and hands back res.result untouched', async () => {
  const emulator = createCloudEmulator();
  const fake = fakeWxCloud((call) => setImmediate(() => call.success({ errMsg: 'cloud.callFunction:ok', result: emulator.handle(call.data) })));
  const transport = createWxCloudTransport({ wx: fake.wx });
  const body = await transport.send(STATUS);
  assert.equal(fake.calls.length, 1);
  assert.equal(fake.calls[0].name, 'ty-service');
  assert.deepEqual(fake.calls[0].data, STATUS);
  assert.equal(fake.calls[0].config, undefined);
  assert.equal(body.success, true);
  assert.ok(Array.isArray(body.result) && body.result.some((dp) => dp.code === 'residual_electricity'));

  // The demo function's envelope is not rewritten here: telling envelopes apart is parsing.
  const demoShape = { success: true, data: { ok: 1 }, errorCode: '', errorMsg: '', t: 1 };
  const demo = fakeWxCloud((call) => call.success({ result: demoShape }));
  assert.deepEqual(await createWxCloudTransport({ wx: demo.wx, name: 'my-function', env: 'ty-abc' }).send(STATUS), demoShape);
  assert.equal(demo.calls[0].name, 'my-function');
  assert.deepEqual(demo.calls[0].config, { env: 'ty-abc' });
});

test('wx.cloud: failures, timeouts and aborts', async () => {
  const failing = fakeWxCloud((call) => call.fail({ errMsg: 'cloud.callFunction:fail -404011 cloud function execution error' }));
  const error = await rejectsWith(createWxCloudTransport({ wx: failing.wx }).send(STATUS), 'NETWORK_ERROR');
  assert.ok(error instanceof DoorlockError);
  assert.match(error.message, /device\.status: .*-404011/);

  const timingOut = fakeWxCloud((call) => call.fail({ errMsg: 'cloud.callFunction:fail timeout' }));
  await rejectsWith(createWxCloudTransport({ wx: timingOut.wx }).send(STATUS), 'TIMEOUT');

  // Never answers: our timer ends it; the late answer is ignored.
  const silent = fakeWxCloud(() => {});
  const started = Date.now();
  const timeout = await rejectsWith(createWxCloudTransport({ wx: silent.wx, timeoutMs: 40 }).send(STATUS), 'TIMEOUT');
  assert.ok(Date.now() - started < 1000);
  assert.match(timeout.message, /40 ms/);
  assert.doesNotThrow(() => silent.calls[0].success({ result: { success: true } }));

  // Per-call timeout overrides the transport's.
  await rejectsWith(createWxCloudTransport({ wx: silent.wx, timeoutMs: 60000 }).send(STATUS, { timeoutMs: 20 }), 'TIMEOUT');

  const controller = new AbortController();
  const pending = createWxCloudTransport({ wx: silent.wx }).send(STATUS, { signal: controller.signal });
  controller.abort();
  await rejectsWith(pending, 'ABORTED');
  await rejectsWith(createWxCloudTransport({ wx: silent.wx }).send(STATUS, { signal: controller.signal }), 'ABORTED');
});

test('wx.cloud: bad options and bad requests fail before anything is called', async () => {
  const fake = fakeWxCloud(() => assert.fail('must not be called'));
  for (const [options, field] of [
    [{ wx: {} }, 'wx'],
    [{ wx: fake.wx, name: '' }, 'name'],
    [{ wx: fake.wx, env: 3 }, 'env'],
    [{ wx: fake.wx, timeoutMs: 0 }, 'timeoutMs'],
    [{ wx: fake.wx, timeoutMs: 1e9 }, 'timeoutMs'],
  ]) {
    let error;
    try {
      createWxCloudTransport(options);
    } catch (caught) {
      error = caught;
    }
    assert.equal(error && error.code, 'INVALID_ARGUMENT', JSON.stringify(Object.keys(options)));
    assert.equal(error.field, field);
  }
  const transport = createWxCloudTransport({ wx: fake.wx });
  assert.equal((await rejectsWith(transport.send({ params: {} }), 'INVALID_ARGUMENT')).field, 'action');
  assert.equal((await rejectsWith(transport.send({ action: 'device.status', params: 'x' }), 'INVALID_ARGUMENT')).field, 'params');
  assert.equal((await rejectsWith(transport.send(STATUS, { timeoutMs: -1 }), 'INVALID_ARGUMENT')).field, 'timeoutMs');
  assert.equal((await rejectsWith(transport.send(STATUS, { signal: 'stop' }), 'INVALID_ARGUMENT')).field, 'signal');
  assert.equal(fake.calls.length, 0);
});

// --- wx.request --------------------------------------------------------------------------------

function fakeWxRequest(respond) {
  const calls = [];
  return {
    calls,
    wx: {
      request(options) {
        const task = {
          aborted: false,
          abort() {
            task.aborted = true;
          },
        };
        calls.push({ options, task });
        respond(options, task);
        return task;
      },
    },
  };
}

test('wx.request: POSTs JSON to the endpoint and returns the parsed answer', async () => {
  const emulator = createCloudEmulator();
  const fake = fakeWxRequest((options) => setImmediate(() => options.success({ statusCode: 200, data: emulator.handle(options.data), header: {} })));
  const transport = createWxRequestTransport({ wx: fake.wx, url: 'https://cloud.example.com/faas', header: { 'x-token': 't1' }, timeoutMs: 5000 });
  const body = await transport.send(STATUS);
  assert.equal(body.success, true);
  const { options } = fake.calls[0];
  assert.equal(options.url, 'https://cloud.example.com/faas');
  assert.equal(options.method, 'POST');
  assert.deepEqual(options.data, STATUS);
  assert.equal(options.header['content-type'], 'application/json');
  assert.equal(options.header['x-token'], 't1');
  assert.equal(options.dataType, 'json');
  assert.ok(options.timeout >= 5000, "WeChat's own timer is set as a backstop");

  // WeChat hands over text when its JSON parsing gave up.
  const text = fakeWxRequest((opts) => opts.success({ statusCode: 200, data: '{"success":true,"result":1,"t":2}' }));
  assert.deepEqual(await createWxRequestTransport({ wx: text.wx, url: 'http://127.0.0.1:1/' }).send(STATUS), { success: true, result: 1, t: 2 });
  const garbage = fakeWxRequest((opts) => opts.success({ statusCode: 200, data: '<html>gateway</html>' }));
  await rejectsWith(createWxRequestTransport({ wx: garbage.wx, url: 'http://127.0.0.1:1/' }).send(STATUS), 'BAD_RESPONSE');
});

test('wx.request: HTTP errors, failures, timeouts (the task is aborted) and aborts', async () => {
  const url = 'https://cloud.example.com/';
  const status = fakeWxRequest((opts) => opts.success({ statusCode: 502, data: 'bad gateway' }));
  assert.match((await rejectsWith(createWxRequestTransport({ wx: status.wx, url }).send(STATUS), 'NETWORK_ERROR')).message, /HTTP 502/);

  const failing = fakeWxRequest((opts) => opts.fail({ errMsg: 'request:fail url not in domain list' }));
  assert.match((await rejectsWith(createWxRequestTransport({ wx: failing.wx, url }).send(STATUS), 'NETWORK_ERROR')).message, /domain list/);
  const wxTimeout = fakeWxRequest((opts) => opts.fail({ errMsg: 'request:fail timeout' }));
  await rejectsWith(createWxRequestTransport({ wx: wxTimeout.wx, url }).send(STATUS), 'TIMEOUT');

  const silent = fakeWxRequest(() => {});
  await rejectsWith(createWxRequestTransport({ wx: silent.wx, url, timeoutMs: 30 }).send(STATUS), 'TIMEOUT');
  assert.equal(silent.calls[0].task.aborted, true, 'the request task is aborted on timeout');

  const controller = new AbortController();
  const pending = createWxRequestTransport({ wx: silent.wx, url }).send(STATUS, { signal: controller.signal });
  controller.abort();
  await rejectsWith(pending, 'ABORTED');
  assert.equal(silent.calls[1].task.aborted, true);

  for (const options of [{ wx: silent.wx }, { wx: silent.wx, url: 'ftp://x' }, { wx: {}, url }, { wx: silent.wx, url, header: { a: 1 } }]) {
    assert.throws(
      () => createWxRequestTransport(options),
      (error) => error.code === 'INVALID_ARGUMENT',
    );
  }
});

// --- fetch and Node http, against real sockets on 127.0.0.1 ----------------------------------------

const httpTransports = [
  ['fetch', (options) => createFetchTransport(options)],
  ['node-http', (options) => createNodeHttpTransport(options)],
];

for (const [name, make] of httpTransports) {
  test(`${name}: round trip through the cloud emulator over HTTP`, async () => {
    const running = await startCloudEmulator();
    try {
      const transport = make({ url: running.url });
      const body = await transport.send(STATUS);
      assert.equal(body.success, true);
      assert.deepEqual(body.result, running.state.devices[DEVICE_IDS.wifi].status);
      const failure = await transport.send({ action: 'doorLock.noSuchAction', params: {} });
      assert.deepEqual([failure.success, failure.code], [false, 1108]);
      assert.deepEqual(
        running.state.requests.map((entry) => entry.action),
        ['device.status', 'doorLock.noSuchAction'],
      );
    } finally {
      await running.close();
    }
  });

  test(`${name}: a server that never answers ends in TIMEOUT and the request is closed`, async () => {
    const server = await startServer(hang);
    try {
      const started = Date.now();
      const error = await rejectsWith(make({ url: server.url, timeoutMs: 250 }).send(STATUS), 'TIMEOUT');
      assert.ok(Date.now() - started < 2000, 'ends quickly');
      assert.match(error.message, /^device\.status: no answer within 250 ms/);
      await until(() => server.seen.closedBeforeAnswer === 1);
      assert.equal(server.seen.requests, 1);
    } finally {
      await server.close();
    }
  });

  test(`${name}: abort by the caller closes the request`, async () => {
    const server = await startServer(hang);
    try {
      const controller = new AbortController();
      const pending = make({ url: server.url }).send(STATUS, { signal: controller.signal });
      await until(() => server.seen.requests === 1);
      controller.abort(new Error('user left the page'));
      assert.match((await rejectsWith(pending, 'ABORTED')).message, /user left the page/);
      await until(() => server.seen.closedBeforeAnswer === 1);
    } finally {
      await server.close();
    }
  });

  test(`${name}: refused connections, HTTP errors and non-JSON answers`, async () => {
    const port = await closedPort();
    const refused = await rejectsWith(make({ url: `http://127.0.0.1:${port}/` }).send(STATUS), 'NETWORK_ERROR');
    assert.match(refused.message, /^device\.status: request failed/);

    for (const [handler, code, pattern] of [
      [answerJson(500, { success: false, code: 500, msg: 'boom' }), 'NETWORK_ERROR', /HTTP 500/],
      [answerJson(404, 'not here'), 'NETWORK_ERROR', /HTTP 404/],
      [answerJson(200, '<html>proxy login</html>'), 'BAD_RESPONSE', /not JSON/],
    ]) {
      const server = await startServer(handler);
      try {
        const error = await rejectsWith(make({ url: server.url }).send(STATUS), code);
        assert.match(error.message, pattern);
        assert.equal(JSON.parse(server.seen.bodies[0]).action, 'device.status');
      } finally {
        await server.close();
      }
    }
  });

  test(`${name}: sends JSON with the configured headers`, async () => {
    const server = await startServer((req, res, text) =>
      answerJson(200, { success: true, t: 1, result: { headers: req.headers, body: JSON.parse(text) } })(req, res),
    );
    try {
      const body = await make({ url: server.url, headers: { 'x-project': 'doorlock' } }).send({ action: 'timer.currentTime', params: {} });
      assert.equal(body.result.headers['content-type'], 'application/json');
      assert.equal(body.result.headers['x-project'], 'doorlock');
      assert.deepEqual(body.result.body, { action: 'timer.currentTime', params: {} });
    } finally {
      await server.close();
    }
  });
}

test('node-http: an oversized answer is cut off', async () => {
  const server = await startServer(answerJson(200, { success: true, result: 'x'.repeat(5000), t: 1 }));
  try {
    const error = await rejectsWith(createNodeHttpTransport({ url: server.url, maxBodyBytes: 1000 }).send(STATUS), 'NETWORK_ERROR');
    assert.match(error.message, /larger than 1000 bytes/);
  } finally {
    await server.close();
  }
});

test('fetch: uses the fetch it is given', async () => {
  const seen = [];
  const fakeFetch = async (url, init) => {
    seen.push({ url, init });
    return { status: 200, text: async () => '{"success":true,"result":true,"t":3}' };
  };
  const body = await createFetchTransport({ url: 'https://cloud.example.com/x', fetch: fakeFetch }).send(STATUS);
  assert.deepEqual(body, { success: true, result: true, t: 3 });
  assert.equal(seen[0].init.method, 'POST');
  assert.deepEqual(JSON.parse(seen[0].init.body), STATUS);
  assert.ok(seen[0].init.signal, 'every request carries a signal so it can be cancelled');
  assert.throws(
    () => createFetchTransport({ url: 'https://x/', fetch: 'nope' }),
    (error) => error.field === 'fetch',
  );
});

// The mini-program build is lowered to ES2015 by the bundler: its copy of the wx transports
// must behave the same.
test('the mini-program build (dist/wechat) carries working wx transports', async () => {
  const wechat = createRequire(import.meta.url)(join(packageDir, 'dist', 'wechat', 'index.js'));
  assert.equal(typeof wechat.createCloudClient, 'function');
  assert.equal(wechat.createNodeHttpTransport, undefined, 'no Node transport in the mini-program build');
  const emulator = createCloudEmulator();
  const fake = fakeWxCloud((call) => setImmediate(() => call.success({ result: emulator.handle(call.data) })));
  const body = await wechat.createWxCloudTransport({ wx: fake.wx }).send(STATUS);
  assert.equal(body.success, true);
  const silent = fakeWxRequest(() => {});
  const error = await rejectsWith(wechat.createWxRequestTransport({ wx: silent.wx, url: 'https://x.example/', timeoutMs: 20 }).send(STATUS), 'TIMEOUT');
  assert.ok(error instanceof wechat.DoorlockError);
  assert.equal(silent.calls[0].task.aborted, true);
});
