// An HTTP proxy on 127.0.0.1 that misbehaves on purpose, in front of the cloud emulator (or any
// HTTP server). For every request it asks `plan({ requestId, action, attempt })` for a fault:
//
//   pass             forward and relay the answer
//   slow             forward, wait, then relay the answer in two pieces with a pause between
//   hang-before      never forward, never answer
//   hang-after       forward (the cloud acts), never answer
//   reset-before     reset the connection without forwarding
//   reset-after      forward, then reset the connection
//   5xx-before       answer 503 without forwarding
//   5xx-after        forward, then answer 500 instead of the cloud's answer
//   truncated        forward, send half of the answer under its full content-length, then reset
//   truncated-close  forward, send half of the answer without a length, then close normally
//   malformed        forward, then answer 200 with a body that is not JSON
//   not-envelope     forward, then answer 200 with JSON that is not the cloud's envelope
//   success-false    answer { success: false, code: 1106 } without forwarding
//   abort-after      forward, call onForwarded(requestId) (the test aborts its call), never answer
//
// `attempt` counts the requests of one requestId and action (1 = first), so that a retry of a
// read can be let through. Requests are identified by their `x-request-id` header, which the
// proxy forwards so that the emulator can count what it carried out under each.
import http from 'node:http';

export const PROXY_FAULTS = Object.freeze([
  'pass',
  'slow',
  'hang-before',
  'hang-after',
  'reset-before',
  'reset-after',
  '5xx-before',
  '5xx-after',
  'truncated',
  'truncated-close',
  'malformed',
  'not-envelope',
  'success-false',
  'abort-after',
]);

// Faults after which the cloud has carried the request out (if it was valid).
export const FORWARDING_FAULTS = new Set([
  'pass',
  'slow',
  'hang-after',
  'reset-after',
  '5xx-after',
  'truncated',
  'truncated-close',
  'malformed',
  'not-envelope',
  'abort-after',
]);

const later = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function reset(socket) {
  // An RST rather than a FIN where Node can (18.3+), as a crashed middlebox would send.
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

function forward(target, req, body) {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', 'content-length': body.length };
    // The request id, and a signed request's signature (the server half signs, the emulator checks).
    for (const name of ['x-request-id', 'client_id', 't', 'sign', 'sign_method']) {
      if (req.headers[name] !== undefined) headers[name] = req.headers[name];
    }
    const upstream = http.request(target, { method: 'POST', headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    upstream.on('error', reject);
    upstream.end(body);
  });
}

function answer(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

export async function startFaultProxy({ target, plan, onForwarded = () => {}, slowMs = 30 }) {
  const log = [];
  const attempts = new Map();
  const sockets = new Set();

  async function serve(req, res, body) {
    let action = '';
    try {
      action = JSON.parse(body.toString('utf8')).action;
    } catch {
      /* the plan sees '' */
    }
    const requestId = req.headers['x-request-id'];
    const key = `${requestId}\u0000${action}`;
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    const fault = plan({ requestId, action, attempt }) ?? 'pass';
    const entry = { requestId, action, attempt, fault, forwarded: false };
    log.push(entry);

    switch (fault) {
      case 'hang-before':
        return;
      case 'reset-before':
        reset(req.socket);
        return;
      case '5xx-before':
        answer(res, 503, '<html>503 Service Unavailable</html>', { 'content-type': 'text/html' });
        return;
      case 'success-false':
        answer(res, 200, JSON.stringify({ success: false, code: 1106, msg: 'permission deny', t: Date.now() }));
        return;
      default:
        break;
    }

    const upstream = await forward(target, req, body);
    entry.forwarded = true;
    const text = upstream.body;
    switch (fault) {
      case 'pass':
        answer(res, upstream.status, text);
        return;
      case 'slow': {
        await later(slowMs);
        res.writeHead(upstream.status, { 'content-type': 'application/json', 'content-length': text.length });
        const half = Math.floor(text.length / 2);
        res.write(text.subarray(0, half));
        await later(slowMs);
        res.end(text.subarray(half));
        return;
      }
      case 'hang-after':
        return;
      case 'abort-after':
        onForwarded(requestId);
        return;
      case 'reset-after':
        reset(req.socket);
        return;
      case '5xx-after':
        answer(res, 500, JSON.stringify({ message: 'internal server error' }));
        return;
      case 'truncated':
        res.writeHead(upstream.status, { 'content-type': 'application/json', 'content-length': text.length });
        res.write(text.subarray(0, Math.floor(text.length / 2)));
        // Let the half reach the client before the connection dies.
        await later(5);
        reset(req.socket);
        return;
      case 'truncated-close':
        res.writeHead(upstream.status, { 'content-type': 'application/json', connection: 'close' });
        res.end(text.subarray(0, Math.floor(text.length / 2)));
        return;
      case 'malformed':
        answer(res, 200, '<html><body>Gateway login</body></html>', { 'content-type': 'text/html' });
        return;
      case 'not-envelope':
        answer(res, 200, JSON.stringify({ status: 'ok', data: null }));
        return;
      default:
        throw new Error(`fault proxy: unknown fault ${fault}`);
    }
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      serve(req, res, Buffer.concat(chunks)).catch((error) => {
        log.push({ requestId: req.headers['x-request-id'], proxyError: String(error && error.message) });
        reset(req.socket);
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    log,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
