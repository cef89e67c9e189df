// The retry policy: read-only actions are retried after TIMEOUT or NETWORK_ERROR with bounded
// exponential backoff; anything that unlocks, creates, modifies or deletes is sent exactly once.
import test from 'node:test';
import assert from 'node:assert/strict';
import { hang, pkg, rejectsWith, startServer, until } from './support/cloud.mjs';

const { withRetry, createNodeHttpTransport, createFetchTransport, DoorlockError } = pkg;

const READ = { action: 'doorLock.getTemporaryPassword', params: { device_id: 'd1', password_id: 1 } };
const UNLOCK = { action: 'doorLock.passwordFreeOpen', params: { device_id: 'd1', ticket_id: 't1' } };
const readOnly = new Set(['doorLock.getTemporaryPassword', 'device.status']);

// A transport that fails with the given codes in turn, then answers.
function scripted(codes) {
  const calls = [];
  return {
    calls,
    name: 'scripted',
    async send(request) {
      calls.push(request.action);
      const code = codes[calls.length - 1];
      if (code) throw new DoorlockError({ code, message: `scripted ${code}` });
      return { success: true, result: calls.length, t: 1 };
    },
  };
}

test('read-only actions are retried after TIMEOUT and NETWORK_ERROR, up to the attempt limit', async () => {
  const recovering = scripted(['NETWORK_ERROR', 'TIMEOUT']);
  const body = await withRetry(recovering, { readOnly, baseDelayMs: 1 }).send(READ);
  assert.equal(body.result, 3);
  assert.equal(recovering.calls.length, 3);

  const down = scripted(['TIMEOUT', 'TIMEOUT', 'TIMEOUT', 'TIMEOUT', 'TIMEOUT']);
  const error = await rejectsWith(withRetry(down, { readOnly, attempts: 4, baseDelayMs: 1 }).send(READ), 'TIMEOUT');
  assert.match(error.message, /scripted TIMEOUT/);
  assert.equal(down.calls.length, 4);
});

test('writes are never retried, whatever the failure', async () => {
  for (const code of ['TIMEOUT', 'NETWORK_ERROR', 'BAD_RESPONSE']) {
    const transport = scripted([code, code, code]);
    await rejectsWith(withRetry(transport, { readOnly, attempts: 6, baseDelayMs: 1 }).send(UNLOCK), code);
    assert.equal(transport.calls.length, 1, `${code}: one attempt only`);
  }
  // An action the set does not know is treated as a write.
  const unknown = scripted(['TIMEOUT']);
  await rejectsWith(withRetry(unknown, { readOnly, baseDelayMs: 1 }).send({ action: 'doorLock.somethingNew', params: {} }), 'TIMEOUT');
  assert.equal(unknown.calls.length, 1);
});

test('answers and caller errors are not retried, even for reads', async () => {
  for (const code of ['BAD_RESPONSE', 'ABORTED', 'INVALID_ARGUMENT', 'CLOUD_ERROR']) {
    const transport = scripted([code, code]);
    await rejectsWith(withRetry(transport, { readOnly, baseDelayMs: 1 }).send(READ), code);
    assert.equal(transport.calls.length, 1, code);
  }
});

test('backoff doubles from baseDelayMs, is capped by maxDelayMs, and only its upper half is random', async () => {
  const delays = (random) => {
    const seen = [];
    const transport = scripted(['TIMEOUT', 'TIMEOUT', 'TIMEOUT', 'TIMEOUT', 'TIMEOUT']);
    return withRetry(transport, { readOnly, attempts: 6, baseDelayMs: 2, maxDelayMs: 5, random, onRetry: (info) => seen.push(info.delayMs) })
      .send(READ)
      .then(() => seen);
  };
  assert.deepEqual(await delays(() => 1), [2, 4, 5, 5, 5]);
  assert.deepEqual(await delays(() => 0), [1, 2, 3, 3, 3]);
});

test('an abort while waiting to retry stops at once', async () => {
  const transport = scripted(['TIMEOUT', 'TIMEOUT']);
  const controller = new AbortController();
  const pending = withRetry(transport, { readOnly, baseDelayMs: 10000, onRetry: () => controller.abort() }).send(READ, { signal: controller.signal });
  await rejectsWith(pending, 'ABORTED');
  assert.equal(transport.calls.length, 1);
});

test('options are checked', () => {
  const transport = scripted([]);
  for (const [options, field] of [
    [{}, 'readOnly'],
    [{ readOnly: 'all' }, 'readOnly'],
    [{ readOnly, attempts: 0 }, 'attempts'],
    [{ readOnly, attempts: 7 }, 'attempts'],
    [{ readOnly, baseDelayMs: -1 }, 'baseDelayMs'],
    [{ readOnly, maxDelayMs: 1e9 }, 'maxDelayMs'],
  ]) {
    assert.throws(
      () => withRetry(transport, options),
      (error) => error.code === 'INVALID_ARGUMENT' && error.field === field,
      JSON.stringify(options),
    );
  }
  assert.throws(
    () => withRetry({}, { readOnly }),
    (error) => error.field === 'transport',
  );
});

for (const [name, make] of [
  ['node-http', createNodeHttpTransport],
  ['fetch', createFetchTransport],
]) {
  test(`${name} against a silent server: 3 requests for a read, 1 for an unlock`, async () => {
    const server = await startServer(hang);
    try {
      const inner = make({ url: server.url, timeoutMs: 250 });
      let attempts = 0;
      const counted = {
        name,
        send: (request, options) => {
          attempts++;
          return inner.send(request, options);
        },
      };
      const transport = withRetry(counted, { readOnly, attempts: 3, baseDelayMs: 5 });
      await rejectsWith(transport.send(READ), 'TIMEOUT');
      assert.equal(attempts, 3);
      await until(() => server.seen.requests === 3);
      await rejectsWith(transport.send(UNLOCK), 'TIMEOUT');
      assert.equal(attempts, 4);
      await until(() => server.seen.bodies.length === 4);
      assert.equal(server.seen.requests, 4);
      assert.equal(JSON.parse(server.seen.bodies[3]).action, 'doorLock.passwordFreeOpen');
    } finally {
      await server.close();
    }
  });
}
