// What every transport shares: one pending request with a deadline and an optional AbortSignal.
// Whichever of answer, failure, timeout or abort comes first settles the promise; the others are
// ignored, and on timeout or abort the host request is cancelled (or, where the host cannot
// cancel, its late answer is dropped) so that nothing is left waiting.
//
// Every failure also says whether the request may have reached the cloud: `outcomeUnknown: true`
// unless the transport can prove that no byte of it left this host (docs/cloud-outcomes.md). A
// transport cannot tell reads from writes; the cloud client clears the flag on read-only actions.
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

// Marks `error` as a failure after which the cloud may or may not have carried the request out.
export function withOutcome(error, unknown) {
  if (unknown) error.outcomeUnknown = true;
  return error;
}

const sentNote = (sent) => (sent ? ' (the request was sent: the cloud may have carried it out)' : ' (the request never left)');

export function timeoutError(action, timeoutMs, sent = true) {
  return withOutcome(
    new DoorlockError({
      code: 'TIMEOUT',
      message: `${action}: no answer within ${timeoutMs} ms${sentNote(sent)}`,
    }),
    sent,
  );
}

// `sent`: whether the request may have left this host. Only a transport that can prove it did not
// passes false.
export function networkError(action, detail, cause, sent = true) {
  return withOutcome(new DoorlockError({ code: 'NETWORK_ERROR', message: `${action}: ${detail}`, cause }), sent);
}

export function abortedError(action, signal, sent = false) {
  const reason = signal && signal.reason;
  return withOutcome(
    new DoorlockError({
      code: 'ABORTED',
      message: `${action}: aborted by the caller${reason && reason.message ? ` (${reason.message})` : ''}${sentNote(sent)}`,
    }),
    sent,
  );
}

// The cloud answered, so the request arrived; what it did is unreadable.
export function badJsonError(action, cause) {
  return withOutcome(new DoorlockError({ code: 'BAD_RESPONSE', message: `${action}: the answer is not JSON`, cause }), true);
}

export function httpStatusError(action, status) {
  return withOutcome(new DoorlockError({ code: 'NETWORK_ERROR', message: `${action}: HTTP ${status}` }), true);
}

function isAbortSignal(signal) {
  return signal !== null && typeof signal === 'object' && typeof signal.addEventListener === 'function';
}

// `start(resolve, reject, delivery)` begins the host request and returns a function that cancels
// it. The transport sets `delivery.sent = true` from the moment any byte of the request may have
// been handed to the network; a timeout or abort before that is a request that never left.
export function withDeadline(action, { timeoutMs, signal } = {}, start) {
  return new Promise((resolve, reject) => {
    const delivery = { sent: false };
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
        try {
          cancel();
        } catch {
          /* the request is being abandoned either way */
        }
      }
    };
    function onAbort() {
      stop(abortedError(action, signal, delivery.sent));
    }

    if (signal !== undefined && signal !== null && !isAbortSignal(signal)) {
      reject(new DoorlockError({ code: 'INVALID_ARGUMENT', field: 'signal', message: 'signal must be an AbortSignal' }));
      return;
    }
    if (isAbortSignal(signal) && signal.aborted) {
      reject(abortedError(action, signal));
      return;
    }
    if (isAbortSignal(signal)) signal.addEventListener('abort', onAbort, { once: true });
    timer = setTimeout(() => stop(timeoutError(action, timeoutMs, delivery.sent)), timeoutMs);
    try {
      cancel = start(
        (value) => settle(resolve, value),
        (error) => settle(reject, error),
        delivery,
      );
    } catch (error) {
      settle(reject, error instanceof DoorlockError ? error : networkError(action, String((error && error.message) || error), error, delivery.sent));
    }
  });
}
