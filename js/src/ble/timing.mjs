// Timers for the Bluetooth side: every wait has a bound, and every timer is cleared when the wait
// ends so that a finished operation never keeps a host (Node, a mini program page) alive.
import { DoorlockError } from '../errors.mjs';

export function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Settles like `promise`, or rejects with makeError() after `ms`, whichever comes first; `onTimeout`
// runs when the timer wins (to release what the late operation holds).
export function withTimeout(promise, ms, makeError, onTimeout) {
  if (!(ms > 0) || ms === Infinity) return promise;
  let timer;
  const expiry = new Promise((resolve, reject) => {
    timer = setTimeout(() => {
      if (onTimeout) {
        try {
          onTimeout();
        } catch {
          /* releasing is best effort */
        }
      }
      reject(makeError());
    }, ms);
  });
  return Promise.race([promise, expiry]).finally(() => clearTimeout(timer));
}

// A promise with its settle functions, for waits resolved by events.
export function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export function toBytes(value) {
  // By tag rather than instanceof: host objects may come from another realm (a frame, a worker,
  // the host's own context), where instanceof ArrayBuffer is false.
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object Uint8Array]') return new Uint8Array(value);
  if (tag === '[object ArrayBuffer]') return new Uint8Array(value.slice(0));
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
  return null;
}

// A fresh ArrayBuffer holding exactly the packet's bytes (wx wants an ArrayBuffer, not a view).
export function toArrayBuffer(bytes) {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

// ---- the caller's AbortSignal -------------------------------------------------------------------

// ABORTED: the caller's signal fired; its reason is kept as the cause.
export function abortedError(what, signal, extra) {
  const error = new DoorlockError({ code: 'ABORTED', message: `${what}: aborted by the caller`, cause: signal && signal.reason });
  if (extra) Object.assign(error, extra);
  return error;
}

// INVALID_ARGUMENT unless `signal` is absent or an AbortSignal (anything with aborted and addEventListener).
export function checkSignal(signal) {
  if (signal === undefined || signal === null) return undefined;
  if (typeof signal !== 'object' || typeof signal.aborted !== 'boolean' || typeof signal.addEventListener !== 'function') {
    throw new DoorlockError({ code: 'INVALID_ARGUMENT', message: 'signal: expected an AbortSignal', field: 'signal' });
  }
  return signal;
}

export function throwIfAborted(signal, what) {
  if (signal && signal.aborted) throw abortedError(what, signal);
}

// Runs onAbort() once when the signal fires (at once if it already has); returns the unsubscribe.
export function onAbort(signal, callback) {
  if (!signal) return () => {};
  if (signal.aborted) {
    callback();
    return () => {};
  }
  const listener = () => callback();
  signal.addEventListener('abort', listener, { once: true });
  return () => signal.removeEventListener('abort', listener);
}

// Settles like `promise`, or rejects with ABORTED as soon as the signal fires. `abandon(promise)`
// then runs to give back what the late operation still produces (an opened connection).
export function withAbort(promise, signal, what, abandon) {
  if (!signal) return promise;
  return new Promise((resolve, reject) => {
    const stop = onAbort(signal, () => {
      reject(abortedError(what, signal));
      if (abandon) {
        try {
          abandon(promise);
        } catch {
          /* releasing is best effort */
        }
      }
    });
    promise.then(resolve, reject).finally(stop);
  });
}

// Opens an adapter with `open(options, signal)` under the caller's signal: an abort ends the wait
// at once, and a connection the platform completes afterwards is closed again, so that the lock
// (one central at a time) is not held.
export function openAbortable(open, options) {
  const what = 'opening the lock connection';
  let signal;
  try {
    signal = checkSignal(options.signal);
    throwIfAborted(signal, what);
  } catch (error) {
    return Promise.reject(error);
  }
  const closeWhenOpened = (opening) =>
    opening.then(
      (adapter) => adapter.close(),
      () => {},
    );
  return withAbort(open(options, signal), signal, what, closeWhenOpened);
}
