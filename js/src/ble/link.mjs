// The part every adapter shares: one interface over a platform's GATT write and notify.
// - write(packet) is queued behind the previous write and resolves when the platform confirms it;
//   two platform writes are never in flight together (WeChat: parallel writes may fail).
// - write(packet, { onStart }) calls onStart() when the platform write of this packet begins: from
//   then on the packet may be on the air, whatever the platform answers later.
// - every platform write is bounded by writeTimeoutMs. A write that never completes (iOS may give
//   no callback at all) leaves the stack in an unknown state, so the link is then released and
//   reported ended ('write-timeout'): the lock accepts one central at a time and must not stay held.
// - when the link ends (dropped, closed, timed out) the write in flight and every queued write
//   reject at once with BLE_DISCONNECTED, and onDisconnect listeners run once.
import { disconnectedError, invalidArgument, timeoutError } from './errors.mjs';
import { deferred, withTimeout } from './timing.mjs';

export const DEFAULT_WRITE_TIMEOUT_MS = 3000;
export const DEFAULT_CLOSE_TIMEOUT_MS = 3000;

export class Link {
  // send(bytes, packetsWritten) -> Promise: one platform write. release() -> Promise: give the
  // platform connection back (called once, whatever ended the link).
  constructor({ mtu, send, release, writeTimeoutMs = DEFAULT_WRITE_TIMEOUT_MS, closeTimeoutMs = DEFAULT_CLOSE_TIMEOUT_MS, info = {} }) {
    this.mtu = mtu;
    this.info = info;
    this.packetsWritten = 0;
    this._send = send;
    this._release = release;
    this._writeTimeoutMs = writeTimeoutMs;
    this._closeTimeoutMs = closeTimeoutMs;
    this._notifyListeners = new Set();
    this._disconnectListeners = new Set();
    this._tail = Promise.resolve();
    this._abortWrite = null;
    this._endReason = null;
    this._released = null;
  }

  get connected() {
    return this._endReason === null;
  }

  write(packet, { onStart } = {}) {
    if (!(packet instanceof Uint8Array) || packet.length === 0) {
      return Promise.reject(invalidArgument('packet', 'expected a non-empty Uint8Array'));
    }
    if (packet.length > this.mtu) {
      return Promise.reject(invalidArgument('packet', `${packet.length} bytes exceed this link's ${this.mtu}-byte packet size`));
    }
    if (this._endReason !== null) return Promise.reject(disconnectedError('write', this._endReason));
    const bytes = new Uint8Array(packet); // the caller may reuse its buffer while the write waits
    const job = this._tail.then(() => this._writeNow(bytes, onStart));
    this._tail = job.catch(() => {});
    return job;
  }

  async _writeNow(bytes, onStart) {
    if (this._endReason !== null) throw disconnectedError('write', this._endReason);
    if (onStart) {
      try {
        onStart();
      } catch {
        /* the caller's bookkeeping does not stop the write */
      }
    }
    const abort = deferred();
    this._abortWrite = abort.reject;
    const attempt = Promise.resolve().then(() => this._send(bytes, this.packetsWritten));
    try {
      await withTimeout(Promise.race([attempt, abort.promise]), this._writeTimeoutMs, () => timeoutError('a Bluetooth write', this._writeTimeoutMs));
    } catch (error) {
      if (error.code === 'TIMEOUT') this.end('write-timeout');
      throw error;
    } finally {
      this._abortWrite = null;
    }
    this.packetsWritten += 1;
  }

  onNotify(callback) {
    this._notifyListeners.add(callback);
    return () => this._notifyListeners.delete(callback);
  }

  onDisconnect(callback) {
    this._disconnectListeners.add(callback);
    return () => this._disconnectListeners.delete(callback);
  }

  // Called by the platform code for every notification packet.
  deliver(bytes) {
    if (this._endReason !== null) return;
    for (const listener of [...this._notifyListeners]) {
      try {
        listener(bytes);
      } catch {
        /* a listener's failure is its own; the link goes on */
      }
    }
  }

  // Ends the link once: fails what waits on it, tells the listeners, gives the connection back.
  end(reason) {
    if (this._endReason !== null) return this._released;
    this._endReason = reason;
    if (this._abortWrite) this._abortWrite(disconnectedError('write', reason));
    this._released = withTimeout(
      Promise.resolve().then(() => this._release(reason)),
      this._closeTimeoutMs,
      () => timeoutError('releasing the Bluetooth connection', this._closeTimeoutMs),
    ).catch(() => {});
    const listeners = [...this._disconnectListeners];
    this._notifyListeners.clear();
    this._disconnectListeners.clear();
    for (const listener of listeners) {
      try {
        listener({ reason });
      } catch {
        /* as above */
      }
    }
    return this._released;
  }

  close() {
    return this.end('closed');
  }

  // The adapter object handed to users: the interface only, no internals.
  toAdapter(extra = {}) {
    const link = this;
    return Object.assign(
      {
        get mtu() {
          return link.mtu;
        },
        get connected() {
          return link.connected;
        },
        write: (packet, options) => link.write(packet, options),
        reportsWriteStart: true, // write(packet, { onStart }) is honoured
        onNotify: (callback) => link.onNotify(callback),
        onDisconnect: (callback) => link.onDisconnect(callback),
        close: () => link.close(),
      },
      link.info,
      extra,
    );
  }
}
