// Retrying belongs to read-only actions only. A query that timed out or hit a network failure can
// be asked again; an unlock, create, modify or delete that timed out may already have happened on
// the lock, and repeating it could open a door twice or create a second password, so those fail
// at once with the original error and the caller decides.
import { DoorlockError } from '../errors.mjs';
import { invalid, requireObject } from './options.mjs';

// Only failures where no answer arrived; a cloud answer (even success:false) is never retried.
const RETRIABLE_CODES = new Set(['TIMEOUT', 'NETWORK_ERROR']);
const MAX_ATTEMPTS = 6;
const MAX_DELAY_MS = 30000;

function whole(value, field, min, max) {
  if (!Number.isInteger(value) || value < min || value > max) throw invalid(field, `${field} must be a whole number in [${min}, ${max}]`);
  return value;
}

function readOnlyTest(readOnly) {
  if (readOnly instanceof Set) return (action) => readOnly.has(action);
  if (Array.isArray(readOnly)) return readOnlyTest(new Set(readOnly));
  if (typeof readOnly === 'function') return (action) => readOnly(action) === true;
  throw invalid('readOnly', 'readOnly must be the set of read-only action names (see readOnlyActions(dl)) or a predicate');
}

// Names of the actions that only read. An action listed in several forms counts as read-only only
// if every form is.
export function readOnlyActions(dl) {
  if (!dl || typeof dl.actions !== 'function') throw invalid('dl', 'readOnlyActions needs the loaded module (dl.actions)');
  const verdict = new Map();
  for (const entry of dl.actions()) {
    verdict.set(entry.name, (verdict.get(entry.name) ?? true) && entry.readOnly === true);
  }
  return new Set([...verdict].filter(([, readOnly]) => readOnly).map(([name]) => name));
}

function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal && signal.aborted) {
      reject(new DoorlockError({ code: 'ABORTED', message: 'aborted by the caller while waiting to retry' }));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new DoorlockError({ code: 'ABORTED', message: 'aborted by the caller while waiting to retry' }));
    };
    const timer = setTimeout(() => {
      if (signal) signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
  });
}

// Wraps a transport: same send(), with retries for read-only actions. Delay before attempt n+1 is
// min(maxDelayMs, baseDelayMs * 2^(n-1)), of which the upper half is random so that many clients
// failing together do not come back together.
export function withRetry(transport, options) {
  if (!transport || typeof transport.send !== 'function') throw invalid('transport', 'withRetry wraps a transport with send({ action, params })');
  const opts = requireObject(options, 'withRetry');
  const isReadOnly = readOnlyTest(opts.readOnly);
  const attempts = whole(opts.attempts ?? 3, 'attempts', 1, MAX_ATTEMPTS);
  const baseDelayMs = whole(opts.baseDelayMs ?? 200, 'baseDelayMs', 0, MAX_DELAY_MS);
  const maxDelayMs = whole(opts.maxDelayMs ?? 2000, 'maxDelayMs', 0, MAX_DELAY_MS);
  const random = opts.random ?? Math.random;
  const onRetry = opts.onRetry;

  return {
    name: `${transport.name || 'transport'}+retry`,
    inner: transport,
    async send(request, callOptions) {
      const action = request && request.action;
      if (!isReadOnly(action)) return transport.send(request, callOptions);
      const signal = callOptions && callOptions.signal;
      for (let attempt = 1; ; attempt++) {
        try {
          return await transport.send(request, callOptions);
        } catch (error) {
          // By code, not class: transports from other bundles (tests, tools) throw look-alikes.
          const retriable = Boolean(error) && RETRIABLE_CODES.has(error.code);
          if (!retriable || attempt >= attempts || (signal && signal.aborted)) throw error;
          const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
          const delayMs = Math.round(ceiling / 2 + (ceiling / 2) * random());
          if (typeof onRetry === 'function') onRetry({ action, attempt, delayMs, error });
          await sleep(delayMs, signal);
        }
      }
    },
  };
}
