// Request signing for the cloud's function gateway, as Tuya's `ty-service` cloud function does it
// (cloud-crypto-and-wechat.md §2.2): headers client_id, t (milliseconds), sign_method and
//   sign = upper-case hex HMAC-SHA256(secret, client_id + JSON(params, top-level keys sorted) + t).
// Node only: the server half runs where the access key may live, never on the phone.
import { createHash, createHmac } from 'node:crypto';

export const SIGN_METHOD = 'HMAC-SHA256';

// The gateway signs the parameters with their top-level keys in sorted order; nested objects
// keep their own order (the demo function sorts one level).
export function sortedParamsJson(params) {
  const sorted = {};
  for (const name of Object.keys(params ?? {}).sort()) sorted[name] = params[name];
  return JSON.stringify(sorted);
}

// The headers of one signed request. `secret` is read into a buffer that is wiped once the HMAC
// has its key.
export function signatureHeaders({ accessId, secret, params, t, appId }) {
  const key = Buffer.from(secret, 'utf8');
  let sign;
  try {
    sign = createHmac('sha256', key)
      .update(`${accessId}${sortedParamsJson(params)}${t}`, 'utf8')
      .digest('hex')
      .toUpperCase();
  } finally {
    key.fill(0);
  }
  const headers = { client_id: accessId, t: String(t), sign, sign_method: SIGN_METHOD };
  // The demo function identifies the mini program by md5 of its AppID.
  if (appId) headers.wxAppId = createHash('md5').update(appId, 'utf8').digest('hex');
  return headers;
}
