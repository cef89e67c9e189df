// The cloud client: call(action, params) = dl.buildRequest -> transport.send -> dl.parseResponse.
// Validation, encryption and parsing happen in the core; this file only sequences host work.
// Read-only actions go through the retry wrapper; everything else is sent exactly once.
// Outcomes (docs/cloud-outcomes.md): a failed action that changes something carries
// `outcomeUnknown: true` when its request may have reached the cloud and no readable verdict came
// back; a read-only action never does (nothing to be unsure about), and neither does CLOUD_ERROR
// (the cloud's own verdict).
import { DoorlockError } from '../errors.mjs';
import { checkTimeout } from '../transports/deadline.mjs';
import { readOnlyActions, withRetry } from '../transports/retry.mjs';
import { lockMethods } from './lock-methods.mjs';
import { passwordFlows } from './password-flows.mjs';

const invalid = (field, message) => new DoorlockError({ code: 'INVALID_ARGUMENT', field, message });
const isObject = (value) => value !== null && typeof value === 'object';

function knownOutcome(error) {
  if (isObject(error) && 'outcomeUnknown' in error) delete error.outcomeUnknown;
  return error;
}

function checkDl(dl) {
  for (const name of ['actions', 'buildRequest', 'parseResponse', 'buildPasswordRequest']) {
    if (!dl || typeof dl[name] !== 'function') throw invalid('dl', `createCloudClient needs the loaded module (dl.${name} is missing)`);
  }
  return dl;
}

function callSettings(callOptions, defaultTimeoutMs) {
  if (callOptions === undefined) return { timeoutMs: defaultTimeoutMs };
  if (callOptions === null || typeof callOptions !== 'object') throw invalid('', 'call options must be an object { lockType?, form?, signal?, timeoutMs? }');
  return {
    lockType: callOptions.lockType,
    form: callOptions.form,
    signal: callOptions.signal,
    timeoutMs: checkTimeout(callOptions.timeoutMs) ?? defaultTimeoutMs,
  };
}

export function createCloudClient(options) {
  if (options === null || typeof options !== 'object')
    throw invalid('', 'createCloudClient takes { dl, transport, lockType?, accessKey?, retry?, timeoutMs? }');
  const dl = checkDl(options.dl);
  const { transport } = options;
  if (!transport || typeof transport.send !== 'function') throw invalid('transport', 'transport must have send({ action, params }, { signal, timeoutMs })');
  const defaultLockType = options.lockType;
  if (defaultLockType !== undefined && typeof defaultLockType !== 'string') throw invalid('lockType', 'lockType must be a lock type name');
  const defaultTimeoutMs = checkTimeout(options.timeoutMs);
  const clock = options.clock ?? (() => Date.now());
  if (typeof clock !== 'function') throw invalid('clock', 'clock must be a function returning milliseconds since 1970');
  // Kept in this closure only, so that logging the client never prints it.
  const { accessKey } = options;
  // A transport to the app's own server, which holds the key and encrypts PINs (docs/server.md).
  const serverEncrypts = transport.encryptsPasswords === true;
  if (serverEncrypts && accessKey !== undefined) {
    throw invalid(
      'accessKey',
      `the ${transport.name || 'server'} transport's server holds the access key and encrypts PINs: leave accessKey out of the client`,
    );
  }

  const readOnly = readOnlyActions(dl);
  const retrying = options.retry === false ? transport : withRetry(transport, { ...(options.retry || {}), readOnly });

  function build(action, params, lockType, form) {
    const buildOptions = {};
    if (lockType !== undefined) buildOptions.lockType = lockType;
    if (form !== undefined) buildOptions.form = form;
    return dl.buildRequest(action, params, buildOptions);
  }

  // Sends a request the core has built and parses the answer. Only read-only actions are retried.
  async function sendBuilt(request, settings) {
    const changes = !readOnly.has(request.action);
    let body;
    try {
      body = await retrying.send(request, { signal: settings.signal, timeoutMs: settings.timeoutMs });
    } catch (error) {
      // The transport says whether the request may have left; only a change makes that matter.
      throw changes ? error : knownOutcome(error);
    }
    try {
      return dl.parseResponse(request.action, body);
    } catch (error) {
      // An answer arrived that is not the cloud's verdict: it may have acted.
      if (changes && isObject(error) && error.code !== 'CLOUD_ERROR') error.outcomeUnknown = true;
      throw error;
    }
  }

  async function call(action, params, callOptions) {
    const settings = callSettings(callOptions, defaultTimeoutMs);
    const request = build(action, params, settings.lockType ?? defaultLockType, settings.form);
    return sendBuilt(request, settings);
  }

  const flows = passwordFlows({
    dl,
    accessKey: () => accessKey,
    serverEncrypts,
    clock,
    call,
    sendBuilt,
    settings: (callOptions) => {
      const settings = callSettings(callOptions, defaultTimeoutMs);
      return { ...settings, lockType: settings.lockType ?? defaultLockType };
    },
  });

  const methods = lockMethods({
    dl,
    call,
    check(action, params, callOptions) {
      const settings = callSettings(callOptions, defaultTimeoutMs);
      build(action, params, settings.lockType ?? defaultLockType, settings.form);
    },
  });

  return {
    lockType: defaultLockType,
    transport,
    readOnlyActions: readOnly,
    call,
    ...methods,
    ...flows,
  };
}
