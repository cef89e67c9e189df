// The cloud's check of a signed request, as the function gateway makes it for the `ty-service`
// cloud function (cloud-crypto-and-wechat.md §2.2): headers client_id, t (milliseconds),
// sign_method: HMAC-SHA256 and
//   sign = upper-case hex HMAC-SHA256(secret, client_id + JSON(params, top-level keys sorted) + t).
// Written here with Node's crypto, apart from the SDK's server code, so that a test that passes
// proves the SDK signs the way this reading of the reference does.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { CloudFailure } from './failures.mjs';

// How far the request's t may be from the emulator's clock (the cloud's own window is not
// published; 1013 is its answer to a stale or future t).
export const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;

const header = (headers, name) => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function sortedJson(params) {
  const sorted = {};
  for (const name of Object.keys(params).sort()) sorted[name] = params[name];
  return JSON.stringify(sorted);
}

export function expectedSign({ clientId, secret, params, t }) {
  return createHmac('sha256', Buffer.from(secret, 'latin1'))
    .update(`${clientId}${sortedJson(params)}${t}`, 'utf8')
    .digest('hex')
    .toUpperCase();
}

// Throws the cloud's failure for a request whose signature does not hold; returns nothing when it
// does. `headers`: Node's lower-cased request headers; `body`: the parsed { action, params }.
export function checkSignature(headers, body, { accessId, secret, nowMs }) {
  for (const name of ['client_id', 't', 'sign', 'sign_method']) {
    if (typeof header(headers, name) !== 'string' || header(headers, name) === '') {
      throw new CloudFailure(1105, `missing the header: ${name}`);
    }
  }
  if (header(headers, 'client_id') !== accessId) throw new CloudFailure(1005, 'clientId invalid');
  const t = header(headers, 't');
  if (!/^\d{13}$/.test(t) || Math.abs(Number(t) - nowMs) > SIGNATURE_WINDOW_MS) {
    throw new CloudFailure(1013, 'request time is invalid');
  }
  if (header(headers, 'sign_method') !== 'HMAC-SHA256') throw new CloudFailure(1004, 'sign invalid: sign_method must be HMAC-SHA256');
  const params = body !== null && typeof body === 'object' && body.params !== null && typeof body.params === 'object' ? body.params : {};
  const expected = Buffer.from(expectedSign({ clientId: accessId, secret, params, t }), 'latin1');
  const given = Buffer.from(header(headers, 'sign'), 'latin1');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new CloudFailure(1004, 'sign invalid');
}
