// What every transport shares: one pending request with a deadline and an optional AbortSignal.
// Whichever of answer, failure, timeout or abort comes first settles the promise; the others are
// ignored, and on timeout or abort the host request is cancelled (or, where the host cannot
// cancel, its late answer is dropped) so that nothing is left waiting.
import { DoorlockError } from '../errors.mjs';

export const DEFAULT_TIMEOUT_MS = 15000;
// Past this a caller has almost certainly passed seconds or a timestamp by mistake.
const MAX_TIMEOUT_MS = 10 * 60 * 1000;

export function checkTimeout(value, field = 'timeoutMs') {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMEOUT_MS) {
    throw new DoorlockError({ code: 'INVALID_ARGUMENT', field, message: `${field} must be a number of milliseconds in (0, ${MAX_TIMEOUT_MS}]` });
  }
  return value;
}

export function checkRequest(request) {
  if (request === null || typeof request !== 'object' || typeof request.action !== 'string' || request.action === '') {
    throw new DoorlockError({ code: 'INVALID_ARGUMENT', field: 'action', message: 'send expects { action, params } as built by dl.buildRequest' });
  }
  if (request.params !== undefined && (request.params === null || typeof request.params !== 'object')) {
    throw new DoorlockError({ code: 'INVALID_ARGUMENT', field: 'params', message: 'params must be an object' });
  }
}

export function timeoutError(action, timeoutMs) {
  return new DoorlockError({
    code: 'TIMEOUT',
    message: `${action}: no answer within ${timeoutMs} ms (the cloud may still have carried it out)`,
  });
}

export function networkError(action, detail, cause) {
  return new DoorlockError({ code: 'NETWORK_ERROR', message: `${action}: ${detail}`, cause });
}

export function abortedError(action, signal) {
  const reason = signal && signal.reason;
  return new DoorlockError({
    code: 'ABORTED',
    message: `${action}: aborted by the caller${reason && reason.message ? ` (${reason.message})` : ''}`,
  });
}

export function badJsonError(action, cause) {
  return new DoorlockError({ code: 'BAD_RESPONSE', message: `${action}: the answer is not JSON`, cause });
}

function isAbortSignal(signal) {
  return signal !== null && typeof signal === 'object' && typeof signal.addEventListener === 'function';
}

// `start(resolve, reject)` begins the host request and returns a function that cancels it.
export function withDeadline(action, { timeoutMs, signal } = {}, start) {
  return new Promise((resolve, reject) => {
    let settled = false;
    let cancel = null;
    let timer = null;
    const cleanup = () => {
      if (timer !== null) clearTimeout(timer);
      if (isAbortSignal(signal)) signal.removeEventListener('abort', onAbort);
    };
    const settle = (fn, value) => {
      if (settled) return;
      settled = true;
      cleanup();
      fn(value);
    };
    const stop = (error) => {
      if (settled) return;
      settle(reject, error);
      if (typeof cancel === 'function') {
        try { cancel(); } catch { /* the request is being abandoned either way */ }
      }
    };
    function onAbort() { stop(abortedError(action, signal)); }

    if (signal !== undefined && signal !== null && !isAbortSignal(signal)) {
      reject(new DoorlockError({ code: 'INVALID_ARGUMENT', field: 'signal', message: 'signal must be an AbortSignal' }));
      return;
    }
    if (isAbortSignal(signal) && signal.aborted) {
      reject(abortedError(action, signal));
      return;
    }
    if (isAbortSignal(signal)) signal.addEventListener('abort', onAbort, { once: true });
    timer = setTimeout(() => stop(timeoutError(action, timeoutMs)), timeoutMs);
    try {
      cancel = start((value) => settle(resolve, value), (error) => settle(reject, error));
    } catch (error) {
      settle(reject, error instanceof DoorlockError ? error : networkError(action, String(error && error.message || error), error));
    }
  });
}
