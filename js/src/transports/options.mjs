// Option checks shared by the transport factories. Only host concerns are checked here (URLs,
// callables, timeouts); what goes inside a request is the core's business.
import { DoorlockError } from '../errors.mjs';
import { DEFAULT_TIMEOUT_MS, checkRequest, checkTimeout, withDeadline } from './deadline.mjs';

export function invalid(field, message) {
  return new DoorlockError({ code: 'INVALID_ARGUMENT', field, message });
}

export function requireObject(options, what) {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object') throw invalid('', `${what} takes an options object`);
  return options;
}

export function httpUrl(value, field = 'url') {
  if (typeof value !== 'string' || !/^https?:\/\/[^\s]+$/i.test(value)) {
    throw invalid(field, `${field} must be an http:// or https:// URL`);
  }
  return value;
}

export function headerObject(value, field) {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(field, `${field} must be an object of header names to strings`);
  for (const [name, text] of Object.entries(value)) {
    if (typeof text !== 'string') throw invalid(`${field}.${name}`, 'header values must be strings');
  }
  return { ...value };
}

// The per-call view of a send: the request checked, and the timeout that applies to this call.
export function callSettings(request, callOptions, defaultTimeoutMs) {
  checkRequest(request);
  const options = requireObject(callOptions, 'send');
  const timeoutMs = checkTimeout(options.timeoutMs) ?? defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const body = { action: request.action, params: request.params ?? {} };
  // A password action for the app's own server carries the lock type the server needs to check
  // the PIN (transports/server.mjs); requests built for the cloud never have one.
  if (typeof request.lockType === 'string') body.lockType = request.lockType;
  return { action: request.action, body, timeoutMs, signal: options.signal };
}

export function isSuccessStatus(status) {
  return typeof status === 'number' && status >= 200 && status < 300;
}

// The transport object every factory returns: send() checks the call, then runs `start` under the
// call's deadline and signal. `start(settings, resolve, reject, delivery)` begins the request and
// returns a function that cancels it (or null when the host cannot cancel); it sets
// `delivery.sent` once the request may have left (see withDeadline).
export function deadlineTransport(name, defaultTimeoutMs, start) {
  return {
    name,
    send(request, callOptions) {
      let settings;
      try {
        settings = callSettings(request, callOptions, defaultTimeoutMs);
      } catch (error) {
        return Promise.reject(error);
      }
      const { action, timeoutMs, signal } = settings;
      return withDeadline(action, { timeoutMs, signal }, (resolve, reject, delivery) => start(settings, resolve, reject, delivery));
    },
  };
}
