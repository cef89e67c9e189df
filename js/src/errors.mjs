// DoorlockError: the one error type of the SDK. `code` is stable and meant for programs;
// `message` is for people; `field` names the offending parameter path; `cloudCode` carries the
// cloud's own code on CLOUD_ERROR.

export class DoorlockError extends Error {
  constructor({ code, message, field, cloudCode, cause } = {}) {
    super(message || code || 'doorlock error', cause === undefined ? undefined : { cause });
    this.name = 'DoorlockError';
    this.code = code || 'INTERNAL';
    if (field !== undefined) this.field = field;
    if (cloudCode !== undefined) this.cloudCode = cloudCode;
  }
}
// Minifiers rename classes; the name users print and compare stays the class's own.
Object.defineProperty(DoorlockError, 'name', { value: 'DoorlockError' });

// Codes raised by the JS side itself (the core raises the others).
export const HOST_ERROR_CODES = Object.freeze({
  TIMEOUT: 'TIMEOUT',
  // The request never got an answer: connection refused or reset, DNS, TLS, HTTP status outside 2xx.
  NETWORK_ERROR: 'NETWORK_ERROR',
  // The caller's AbortSignal fired before the answer arrived.
  ABORTED: 'ABORTED',
  BLE_DISCONNECTED: 'BLE_DISCONNECTED',
  NO_SECURE_RANDOM: 'NO_SECURE_RANDOM',
  LOAD_FAILED: 'LOAD_FAILED',
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  INTERNAL: 'INTERNAL',
  // The app's own server (doorlock-wasm/server): an action off its allow list, a caller its
  // authorize() refused.
  NOT_ALLOWED: 'NOT_ALLOWED',
  UNAUTHORIZED: 'UNAUTHORIZED',
});
