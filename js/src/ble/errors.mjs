// Errors raised by the Bluetooth side of the shim. All are DoorlockError with a stable code:
//   TIMEOUT           a scan, connect, write, handshake step or command did not finish in time
//   BLE_DISCONNECTED  the link ended (dropped by the lock or the phone, or closed) while something waited on it
//   INVALID_STATE     a call on a connection that had already ended (closed, or its link dropped) when it was made
//   BLE_UNAVAILABLE   no Bluetooth API on this host, or the adapter is off / not authorized
//   BLE_ERROR         the platform refused an operation; `bleCode` carries its own code (wx errCode, DOMException name)
//   LOCK_REJECTED     the lock answered, and its answer is a refusal; `reply` carries the parsed answer
//   ABORTED           the caller's AbortSignal fired (with outcomeUnknown once a lock-changing frame may have left)
//   RECONNECT_REQUIRED  an earlier command's reply is still owed and could not be told from the next
//                     command's: nothing was sent; close the connection and connect again
// `outcomeUnknown: true` marks a failure after a command that changes the lock may have reached the
// lock (its first packet went to the platform): the lock may or may not have acted, and nothing is
// retried.
import { DoorlockError } from '../errors.mjs';

export const BLE_ERROR_CODES = Object.freeze({
  TIMEOUT: 'TIMEOUT',
  BLE_DISCONNECTED: 'BLE_DISCONNECTED',
  BLE_UNAVAILABLE: 'BLE_UNAVAILABLE',
  BLE_ERROR: 'BLE_ERROR',
  LOCK_REJECTED: 'LOCK_REJECTED',
  RECONNECT_REQUIRED: 'RECONNECT_REQUIRED',
  INVALID_STATE: 'INVALID_STATE',
  ABORTED: 'ABORTED',
});

export function bleError(code, message, extra) {
  const error = new DoorlockError({ code, message });
  if (extra) {
    for (const key of Object.keys(extra)) if (extra[key] !== undefined) error[key] = extra[key];
  }
  return error;
}

export const timeoutError = (what, ms, extra) => bleError('TIMEOUT', `${what} did not finish within ${ms} ms`, extra);
export const disconnectedError = (what, reason, extra) => bleError('BLE_DISCONNECTED', `${what}: the Bluetooth link ended (${reason})`, { reason, ...extra });

export function invalidArgument(field, message) {
  return new DoorlockError({ code: 'INVALID_ARGUMENT', message: `${field}: ${message}`, field });
}

export const reconnectRequiredError = (why, extra) =>
  bleError('RECONNECT_REQUIRED', `${why}; nothing was sent: close this connection and connect again`, extra);
