// The server half: holds the cloud project's access key and id, takes { action, params } from
// the phone, and answers with the cloud's envelope (docs/server.md).
//
// - Password actions (those whose catalog entry has an encrypted `password`) arrive with the
//   plain PIN: the server asks for a ticket, and the core decrypts the ticket key and encrypts
//   the PIN (dl.buildPasswordRequest), so the phone never holds the key.
// - Every other action is checked with dl.buildRequest and forwarded as it is.
// - Only actions on the allow list pass, and only for callers `authorize` accepts: who the user
//   is and which locks are theirs is the host's knowledge, not the SDK's.
// - Outcomes follow docs/cloud-outcomes.md: a forwarded call is sent once (the phone's client
//   retries its own reads); only the server's own ticket request is retried. A write whose answer
//   is lost comes back with outcomeUnknown in the error envelope.
// The handler never logs, and never puts the key into an answer or an error.
import { DoorlockError } from '../errors.mjs';
import { checkTimeout } from '../transports/deadline.mjs';
import { createNodeHttpTransport } from '../transports/node-http.mjs';
import { readOnlyActions, withRetry } from '../transports/retry.mjs';
import { errorEnvelope } from '../transports/server-envelope.mjs';
import { loadDoorlock } from '../loaders/node.mjs';
import { signatureHeaders } from './sign.mjs';

// Actions a phone has no business calling through the server unless the app says so:
// device.pairingAuthKey hands out the secret used to pair new devices into a home.
export const EXCLUDED_BY_DEFAULT = Object.freeze(['device.pairingAuthKey']);

const TICKET_ACTION = 'doorLock.passwordTicket';
// Upstream calls of the server: the ticket's read and the call itself must both fit in the
// phone's own deadline (30 s for the server transports).
const DEFAULT_UPSTREAM_TIMEOUT_MS = 10000;

const invalid = (field, message) => new DoorlockError({ code: 'INVALID_ARGUMENT', field, message });
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
// By name and code, not class: a module loaded from another bundle (the package's main entry,
// passed in as `dl`) throws its own DoorlockError class.
const isDoorlockError = (error) => error instanceof DoorlockError || (isObject(error) && error.name === 'DoorlockError' && typeof error.code === 'string');

function nonEmptyString(value, field, what) {
  if (typeof value !== 'string' || value === '') throw invalid(field, `${field} must be ${what}`);
  return value;
}

// The upstream that signs every request as the ty-service cloud function does.
export function createSignedTransport(options) {
  if (!isObject(options)) throw invalid('', 'createSignedTransport takes { url, accessId, accessKey, appId?, timeoutMs?, clock? }');
  const accessId = nonEmptyString(options.accessId, 'accessId', "the cloud project's access id (client_id)");
  const secret = nonEmptyString(options.accessKey, 'accessKey', "the cloud project's access secret");
  const clock = options.clock ?? (() => Date.now());
  if (typeof clock !== 'function') throw invalid('clock', 'clock must be a function returning milliseconds since 1970');
  const { appId } = options;
  if (appId !== undefined) nonEmptyString(appId, 'appId', 'the mini program AppID');
  return createNodeHttpTransport({
    url: options.url,
    headers: options.headers,
    agent: options.agent,
    timeoutMs: options.timeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS,
    headersFor: (body) => signatureHeaders({ accessId, secret, params: body.params, t: Math.floor(clock()), appId }),
  });
}

function upstreamTransport(options) {
  const { upstream } = options;
  if (isObject(upstream) && typeof upstream.send === 'function') return upstream;
  if (isObject(upstream) && typeof upstream.url === 'string') {
    return createSignedTransport({ ...upstream, accessId: options.accessId, accessKey: options.accessKey, appId: options.appId, clock: options.clock });
  }
  throw invalid('upstream', 'upstream must be { url } (the cloud gateway, signed with the access key) or a transport with send()');
}

// Names of the actions whose params carry an encrypted PIN (any form of them).
function passwordActionNames(dl) {
  const names = new Set();
  for (const entry of dl.actions()) {
    if (entry.params.some((param) => param.format === 'encryptedPassword')) names.add(entry.name);
  }
  return names;
}

function allowedActions(dl, allowActions) {
  const catalog = new Set(dl.actions().map((entry) => entry.name));
  if (allowActions === undefined) return new Set([...catalog].filter((name) => !EXCLUDED_BY_DEFAULT.includes(name)));
  if (!Array.isArray(allowActions)) throw invalid('allowActions', 'allowActions must be an array of action names from dl.actions()');
  allowActions.forEach((name, index) => {
    if (!catalog.has(name)) throw invalid(`allowActions[${index}]`, `${JSON.stringify(String(name))} is not an action of dl.actions()`);
  });
  return new Set(allowActions);
}

// What the phone sent, checked for shape only: { action, params?, lockType?, form? }.
function readRequest(body) {
  if (!isObject(body)) throw invalid('', 'the request must be an object { action, params }');
  const action = nonEmptyString(body.action, 'action', 'an action name');
  if (body.params !== undefined && !isObject(body.params)) throw invalid('params', 'params must be an object');
  const request = { action, params: body.params ?? {} };
  if (body.lockType !== undefined) request.lockType = nonEmptyString(body.lockType, 'lockType', 'a lock type name');
  if (body.form !== undefined) request.form = nonEmptyString(body.form, 'form', "'modify' or 'rename'");
  return request;
}

export function createServerHandler(options) {
  if (!isObject(options)) throw invalid('', 'createServerHandler takes { accessKey, accessId, upstream, authorize, allowActions?, dl? }');
  nonEmptyString(options.accessKey, 'accessKey', "the cloud project's 32-character access secret");
  nonEmptyString(options.accessId, 'accessId', "the cloud project's access id (client_id)");
  if (typeof options.authorize !== 'function') {
    throw invalid(
      'authorize',
      'authorize(request, context) must decide who may call: the server holds the key to every lock of the project. ' +
        'Pass () => true only behind authentication of your own',
    );
  }
  const clock = options.clock ?? (() => Date.now());
  if (typeof clock !== 'function') throw invalid('clock', 'clock must be a function returning milliseconds since 1970');
  if (options.timeoutMs !== undefined) checkTimeout(options.timeoutMs);
  const upstream = upstreamTransport(options);
  // Kept in this closure only.
  const { accessKey, authorize } = options;
  const loadDl = options.dl ? Promise.resolve(options.dl) : null;
  let ready = null;

  // The module and everything derived from its catalog, on first use.
  function setUp() {
    if (!ready) {
      ready = (async () => {
        const dl = await (loadDl ?? loadDoorlock());
        const readOnly = readOnlyActions(dl);
        return {
          dl,
          readOnly,
          allowed: allowedActions(dl, options.allowActions),
          passwordActions: passwordActionNames(dl),
          // Only the server's own ticket read is retried.
          ticketSender: options.retry === false ? upstream : withRetry(upstream, { ...(options.retry || {}), readOnly: [TICKET_ACTION] }),
        };
      })();
      ready.catch(() => {
        ready = null;
      });
    }
    return ready;
  }

  const sendOptions = { timeoutMs: options.timeoutMs };

  // Sends once and checks that the answer is the cloud's envelope; returns it untouched.
  async function forward(env, request) {
    const changes = !env.readOnly.has(request.action);
    let body;
    try {
      body = await upstream.send(request, sendOptions);
    } catch (error) {
      if (!changes && isObject(error)) delete error.outcomeUnknown;
      throw error;
    }
    try {
      env.dl.parseResponse(request.action, body);
    } catch (error) {
      // The cloud's refusal goes back as it came, for the phone's dl.parseResponse.
      if (isObject(error) && error.code === 'CLOUD_ERROR') return body;
      if (changes && isObject(error)) error.outcomeUnknown = true;
      throw error;
    }
    return body;
  }

  async function withTicket(env, request) {
    if (request.lockType === undefined) throw invalid('lockType', `${request.action} needs the lock type to check the PIN`);
    const requestedAt = clock() / 1000;
    const ticketRequest = env.dl.buildRequest(TICKET_ACTION, { device_id: request.params.device_id }, { lockType: request.lockType });
    let answer;
    try {
      answer = await env.ticketSender.send(ticketRequest, sendOptions);
    } catch (error) {
      // The password action itself was never sent.
      if (isObject(error)) delete error.outcomeUnknown;
      throw error;
    }
    const ticket = env.dl.parseResponse(TICKET_ACTION, answer);
    const built = env.dl.buildPasswordRequest(request.action, request.params, {
      lockType: request.lockType,
      ticket,
      obtainedAt: requestedAt,
      now: clock() / 1000,
      accessKey,
    });
    return forward(env, built);
  }

  return async function handle(body, context = {}) {
    try {
      const env = await setUp();
      const request = readRequest(body);
      if (!env.allowed.has(request.action)) {
        throw new DoorlockError({ code: 'NOT_ALLOWED', field: 'action', message: `${request.action} is not among the actions this server forwards` });
      }
      let verdict;
      try {
        verdict = await authorize(request, context);
      } catch (error) {
        // The host's own refusal, if it gave one with a code; never its internals.
        if (isDoorlockError(error)) throw error;
        verdict = false;
      }
      if (verdict !== true) throw new DoorlockError({ code: 'UNAUTHORIZED', message: `${request.action}: this user may not make this call` });
      if (env.passwordActions.has(request.action) && isObject(request.params) && request.params.password !== undefined) {
        return await withTicket(env, request);
      }
      const options = {};
      if (request.lockType !== undefined) options.lockType = request.lockType;
      if (request.form !== undefined) options.form = request.form;
      return await forward(env, env.dl.buildRequest(request.action, request.params, options));
    } catch (error) {
      // Only the SDK's own errors are passed on; anything else could carry internals.
      const known = isDoorlockError(error) ? error : new DoorlockError({ code: 'INTERNAL', message: 'the server failed to handle the request' });
      return errorEnvelope(known, Math.floor(clock()));
    }
  };
}
