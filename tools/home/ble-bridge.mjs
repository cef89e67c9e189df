// The home's simulated Bluetooth locks over HTTP, for a page without Web Bluetooth or a mini
// program in development mode (the SDK's openBridgeAdapter is the other end). The simulated lock
// stays in this process, so the cloud emulator still reads the srand of its connection
// (bleOpenInstruction works over the bridge). The bridge moves packets only; the app speaks the
// whole protocol.
//
//   POST /ble/{deviceId}/connect                        -> { session }     (409 LOCK_BUSY while another central holds it)
//   POST /ble/{deviceId}/write { session, hex }         -> { ok: true }
//   GET  /ble/{deviceId}/notifications?session=&after=N -> { packets: [{ seq, hex }], ended? }
//        held until a packet after N exists or `wait` ms pass (default and most 25 000)
//   POST /ble/{deviceId}/close { session }              -> { closed: true }
// A refusal is { error: { code, message } } with a 4xx status. A session that neither writes nor
// polls for idleTimeoutMs (a page closed without closing) is ended and frees the lock.
import { randomBytes } from 'node:crypto';
import http from 'node:http';

const MAX_BODY_BYTES = 16 * 1024;
const MAX_WAIT_MS = 25000;
const DEFAULT_IDLE_TIMEOUT_MS = 40000;
// Packets kept for a session: a central far behind has lost its link anyway.
const MAX_QUEUED = 1024;

const CORS_HEADERS = Object.freeze({
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
  'access-control-max-age': '600',
});

function reply(res, status, body) {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...CORS_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

const refuse = (res, status, code, message) => reply(res, status, { error: { code, message } });

function readJson(req) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return resolve({ tooLarge: true });
      try {
        resolve({ body: size === 0 ? {} : JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      } catch {
        resolve({ invalid: true });
      }
    });
  });
}

// One lock's side of the bridge: at most one session, its notification queue and the waiting polls.
class BridgedLock {
  constructor(sim, idleTimeoutMs) {
    this.sim = sim;
    this.idleTimeoutMs = idleTimeoutMs;
    this.current = null; // { id, packets, seq, ended, waiters, idleTimer, dueTimer }
  }

  connect() {
    if (this.current && !this.current.ended) return null;
    this.sim.connect();
    this.current = { id: randomBytes(16).toString('hex'), packets: [], seq: 0, ended: null, waiters: new Set(), idleTimer: null, dueTimer: null };
    this.touch();
    return this.current.id;
  }

  sessionOf(id) {
    return this.current && typeof id === 'string' && this.current.id === id ? this.current : null;
  }

  touch() {
    const session = this.current;
    if (!session || session.ended) return;
    clearTimeout(session.idleTimer);
    session.idleTimer = setTimeout(() => this.end('idle'), this.idleTimeoutMs);
    session.idleTimer.unref?.();
  }

  queue(packets) {
    const session = this.current;
    if (!session || session.ended || packets.length === 0) return;
    for (const packet of packets) {
      session.seq += 1;
      session.packets.push({ seq: session.seq, hex: Buffer.from(packet).toString('hex') });
    }
    if (session.packets.length > MAX_QUEUED) session.packets.splice(0, session.packets.length - MAX_QUEUED);
    this.wake();
  }

  wake() {
    const session = this.current;
    for (const waiter of [...session.waiters]) waiter();
  }

  // The simulator's delayed reports (the unlock record ~200 ms after the reply), when they fall due.
  armDue() {
    const session = this.current;
    if (!session || session.ended || session.dueTimer || typeof this.sim.nextDue !== 'function') return;
    const due = this.sim.nextDue();
    if (!due) return;
    session.dueTimer = setTimeout(() => {
      session.dueTimer = null;
      if (session.ended) return;
      this.queue(this.sim.takeDue(due.atMs) || []);
      this.armDue();
    }, due.inMs);
  }

  write(bytes) {
    const notifications = this.sim.receive(bytes) || [];
    this.queue(notifications);
    this.armDue();
    // The lock ends the connection itself on some errors (a replayed SN, a failed pairing).
    const state = typeof this.sim.state === 'function' ? this.sim.state() : null;
    if (state && state.connected === false) this.end('remote', { lockHungUp: true });
  }

  end(reason, { lockHungUp = false } = {}) {
    const session = this.current;
    if (!session || session.ended) return;
    session.ended = reason;
    clearTimeout(session.idleTimer);
    clearTimeout(session.dueTimer);
    if (!lockHungUp) {
      try {
        this.sim.disconnect();
      } catch {
        /* the simulator is closed already */
      }
    }
    this.wake();
  }
}

// options: { locks: { [deviceId]: simulated lock }, idleTimeoutMs? }. Returns the request
// listener for a path under /ble/ (handle(req, res) -> false when the path is not the bridge's)
// and close(), which ends every session.
export function createBleBridge({ locks, idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS }) {
  const bridged = new Map(Object.entries(locks).map(([deviceId, sim]) => [deviceId, new BridgedLock(sim, idleTimeoutMs)]));

  async function route(req, res, lock, verb, url) {
    if (verb === 'notifications') {
      if (req.method !== 'GET') return refuse(res, 405, 'METHOD', 'GET the notifications');
      const session = lock.sessionOf(url.searchParams.get('session'));
      if (!session) return refuse(res, 410, 'SESSION_ENDED', 'this session is not connected to the lock (closed, taken over or expired)');
      lock.touch();
      const after = Number(url.searchParams.get('after') || 0);
      const asked = Number(url.searchParams.get('wait') ?? MAX_WAIT_MS);
      const waitMs = Number.isFinite(asked) ? Math.max(0, Math.min(asked, MAX_WAIT_MS)) : MAX_WAIT_MS;
      const answer = () => {
        const packets = session.packets.filter((packet) => packet.seq > after);
        reply(res, 200, session.ended ? { packets, ended: session.ended } : { packets });
      };
      if (session.packets.some((packet) => packet.seq > after) || session.ended || waitMs === 0) return answer();
      await new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          session.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, waitMs);
        session.waiters.add(done);
        res.on('close', done);
      });
      lock.touch();
      return answer();
    }
    if (req.method !== 'POST') return refuse(res, 405, 'METHOD', `POST ${verb}`);
    const { body, invalid, tooLarge } = await readJson(req);
    if (tooLarge) return refuse(res, 413, 'TOO_LARGE', `the request is larger than ${MAX_BODY_BYTES} bytes`);
    if (invalid || body === null || typeof body !== 'object') return refuse(res, 400, 'BAD_REQUEST', 'the request is not a JSON object');
    if (verb === 'connect') {
      const id = lock.connect();
      if (!id) return refuse(res, 409, 'LOCK_BUSY', 'the lock is connected to another central (it serves one at a time): close that connection first');
      return reply(res, 200, { session: id });
    }
    const session = lock.sessionOf(body.session);
    if (verb === 'close') {
      if (session) lock.end('closed');
      return reply(res, 200, { closed: Boolean(session) });
    }
    if (verb === 'write') {
      if (!session || session.ended) return refuse(res, 410, 'SESSION_ENDED', 'this session is not connected to the lock (closed, taken over or expired)');
      if (typeof body.hex !== 'string' || body.hex === '' || body.hex.length > 1024 || !/^([0-9a-fA-F]{2})+$/.test(body.hex)) {
        return refuse(res, 400, 'BAD_PACKET', 'hex must be the packet as an even number of hex digits (at most 512 bytes)');
      }
      lock.touch();
      lock.write(new Uint8Array(Buffer.from(body.hex, 'hex')));
      return reply(res, 200, { ok: true });
    }
    return refuse(res, 404, 'NOT_FOUND', `no ${verb} on the bridge`);
  }

  function handle(req, res) {
    const url = new URL(req.url, 'http://bridge.invalid');
    const match = /^\/ble\/([^/]+)\/([a-z]+)$/.exec(url.pathname);
    if (!url.pathname.startsWith('/ble/')) return false;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...CORS_HEADERS, 'content-length': 0 });
      res.end();
      return true;
    }
    const lock = match ? bridged.get(decodeURIComponent(match[1])) : null;
    if (!lock) {
      refuse(
        res,
        404,
        'NOT_FOUND',
        match ? `no simulated lock ${decodeURIComponent(match[1])} in this home` : 'use /ble/{deviceId}/{connect|write|notifications|close}',
      );
      return true;
    }
    route(req, res, lock, match[2], url).catch((error) => refuse(res, 500, 'INTERNAL', String(error && error.message)));
    return true;
  }

  return {
    handle,
    sessions: () => Object.fromEntries([...bridged].map(([id, lock]) => [id, lock.current && !lock.current.ended ? lock.current.id : null])),
    close() {
      for (const lock of bridged.values()) lock.end('closed');
    },
  };
}

// The bridge on its own HTTP server (127.0.0.1, any free port unless `port`).
export async function startBleBridge({ locks, port = 0, idleTimeoutMs } = {}) {
  const bridge = createBleBridge({ locks, idleTimeoutMs });
  const server = http.createServer((req, res) => {
    if (!bridge.handle(req, res)) refuse(res, 404, 'NOT_FOUND', 'use /ble/{deviceId}/{connect|write|notifications|close}');
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    bridge,
    close() {
      bridge.close();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
