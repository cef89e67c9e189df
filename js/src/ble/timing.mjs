// Timers for the Bluetooth side: every wait has a bound, and every timer is cleared when the wait
// ends so that a finished operation never keeps a host (Node, a mini program page) alive.

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
        try { onTimeout(); } catch { /* releasing is best effort */ }
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
  const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
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
