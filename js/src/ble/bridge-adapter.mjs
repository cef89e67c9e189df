// BLE adapter over an HTTP bridge to a lock that another process holds: the emulated home's
// simulated locks (tools/home/ble-bridge.mjs) for a browser page without Web Bluetooth, or a
// mini program in development mode. The same interface and Link as the other adapters; the bridge
// only moves packets, every byte of the protocol is still the app's.
//
// The bridge's protocol, per lock:
//   POST {url}/ble/{deviceId}/connect                        -> { session }
//   POST {url}/ble/{deviceId}/write { session, hex }         -> { ok: true }
//   GET  {url}/ble/{deviceId}/notifications?session=&after=N -> { packets: [{ seq, hex }], ended? }
//        (held up to 25 s while nothing is new)
//   POST {url}/ble/{deviceId}/close { session }              -> { closed }
// A refusal is { error: { code, message } } (with an HTTP 4xx); the lock serves one central at a
// time, so a second connect is refused with LOCK_BUSY while a session holds it.
//
// `request(method, url, jsonBody, { signal })` makes one HTTP call and resolves with the parsed
// JSON body whatever the HTTP status (fetch by default; a mini program passes one over
// wx.request). It rejects only when no answer was read.
import { DoorlockError } from '../errors.mjs';
import { bleError, disconnectedError, invalidArgument, timeoutError } from './errors.mjs';
import { Link } from './link.mjs';
import { openAbortable, withTimeout } from './timing.mjs';

export const BRIDGE_DEFAULTS = Object.freeze({
  connectTimeoutMs: 10000,
  writeTimeoutMs: 3000,
  closeTimeoutMs: 3000,
  // The bridge holds a poll up to 25 s; a poll unanswered for longer means the bridge is gone.
  pollTimeoutMs: 30000,
});

async function fetchRequest(method, url, body, { signal } = {}) {
  const init = { method, signal, headers: {} };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url, init);
  return response.json();
}

// A minimal AbortSignal for hosts without AbortController (older WeChat base libraries).
function abortController() {
  if (typeof AbortController === 'function') return new AbortController();
  const listeners = new Set();
  const signal = {
    aborted: false,
    addEventListener: (type, listener) => {
      if (type === 'abort') listeners.add(listener);
    },
    removeEventListener: (type, listener) => listeners.delete(listener),
  };
  return {
    signal,
    abort() {
      if (signal.aborted) return;
      signal.aborted = true;
      for (const listener of [...listeners]) listener();
    },
  };
}

function toHex(bytes) {
  let out = '';
  for (const byte of bytes) out += (byte < 16 ? '0' : '') + byte.toString(16);
  return out;
}

function fromHex(hex) {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

// The bridge's refusal, as the error of this adapter: a busy lock or an ended session are what a
// Bluetooth stack would report as a refused connect or a dropped link.
function refusalOf(body, what) {
  const refusal = body && typeof body === 'object' ? body.error : undefined;
  if (!refusal) return null;
  const code = typeof refusal.code === 'string' ? refusal.code : 'BRIDGE_ERROR';
  const message = typeof refusal.message === 'string' ? refusal.message : 'refused';
  if (code === 'SESSION_ENDED') return disconnectedError(what, 'remote', { bleCode: code });
  return bleError('BLE_ERROR', `${what}: the BLE bridge refused: ${message}`, { bleCode: code });
}

function unreachable(what, url, cause) {
  if (cause instanceof DoorlockError) return cause;
  return bleError('BLE_ERROR', `${what}: the BLE bridge at ${url} did not answer (${(cause && cause.message) || cause})`, {
    bleCode: 'BRIDGE_UNREACHABLE',
    cause,
  });
}

export function openBridgeAdapter(options = {}) {
  return openAbortable(openBridge, options);
}

// The caller's signal is not passed to the connect request: a connect the bridge completed after an
// abort must come back as a session, so that openAbortable can close it and free the lock.
async function openBridge(options) {
  const { url, deviceId } = options;
  if (typeof url !== 'string' || url === '') throw invalidArgument('url', "expected the bridge's base URL");
  if (typeof deviceId !== 'string' || deviceId === '') throw invalidArgument('deviceId', "expected the lock's device id");
  const request = options.request === undefined ? fetchRequest : options.request;
  if (typeof request !== 'function') throw invalidArgument('request', 'expected (method, url, jsonBody, { signal }) => Promise<json>');
  if (options.request === undefined && typeof fetch !== 'function') {
    throw bleError('BLE_UNAVAILABLE', 'openBridgeAdapter needs fetch, or a request function (wx.request in a mini program)');
  }
  const settings = { ...BRIDGE_DEFAULTS };
  for (const key of Object.keys(BRIDGE_DEFAULTS)) if (options[key] !== undefined) settings[key] = options[key];
  const base = `${url.replace(/\/+$/, '')}/ble/${encodeURIComponent(deviceId)}`;

  const opened = await withTimeout(
    Promise.resolve().then(() => request('POST', `${base}/connect`, {}, {})),
    settings.connectTimeoutMs,
    () => timeoutError('connecting through the BLE bridge', settings.connectTimeoutMs),
  ).catch((cause) => {
    throw unreachable('connecting to the lock', base, cause);
  });
  const refused = refusalOf(opened, 'connecting to the lock');
  if (refused) throw refused;
  const session = opened && opened.session;
  if (typeof session !== 'string' || session === '') throw bleError('BLE_ERROR', 'the BLE bridge answered the connect without a session');

  let link = null;
  const polling = abortController();
  const closeSession = () =>
    Promise.resolve()
      .then(() => request('POST', `${base}/close`, { session }, {}))
      .catch(() => {}); // best effort: the bridge also frees a session nobody polls

  // Notifications, in order, for as long as the link is up.
  const poll = async () => {
    let after = 0;
    while (link.connected) {
      let body;
      try {
        body = await withTimeout(
          Promise.resolve().then(() =>
            request('GET', `${base}/notifications?session=${encodeURIComponent(session)}&after=${after}`, undefined, { signal: polling.signal }),
          ),
          settings.pollTimeoutMs,
          () => timeoutError('waiting for notifications', settings.pollTimeoutMs),
        );
      } catch {
        if (link.connected) link.end('bridge-lost');
        return;
      }
      if (!link.connected) return;
      if (refusalOf(body, 'notifications')) {
        link.end('remote');
        return;
      }
      for (const packet of body && Array.isArray(body.packets) ? body.packets : []) {
        if (!(packet.seq > after)) continue;
        after = packet.seq;
        const bytes = fromHex(packet.hex);
        if (bytes && bytes.length) link.deliver(bytes);
      }
      if (body && body.ended) {
        link.end('remote');
        return;
      }
    }
  };

  const send = async (bytes) => {
    let body;
    try {
      body = await request('POST', `${base}/write`, { session, hex: toHex(bytes) }, {});
    } catch (cause) {
      // The packet may have reached the lock: a dropped link, never "not sent".
      link.end('bridge-lost');
      throw disconnectedError('write', 'bridge-lost', { cause });
    }
    const refusal = refusalOf(body, 'write');
    if (refusal) {
      if (refusal.code === 'BLE_DISCONNECTED') link.end('remote');
      throw refusal;
    }
  };

  const release = async (reason) => {
    polling.abort();
    if (reason !== 'remote') await closeSession();
  };

  link = new Link({
    mtu: options.mtu || 20,
    send,
    release,
    writeTimeoutMs: settings.writeTimeoutMs,
    closeTimeoutMs: settings.closeTimeoutMs,
    info: { kind: 'bridge', deviceId },
  });
  poll();
  return link.toAdapter();
}
