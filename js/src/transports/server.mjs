// Transports to the app's own backend, which holds the access key (docs/server.md): the
// doorlock-wasm/server handler behind an HTTP endpoint (over fetch or wx.request), or the
// `doorlock` WeChat cloud function. They send what the other transports send, plus the lock type
// of a password action (whose PIN goes in clear over this authenticated channel: the server
// encrypts it), and turn the server's own error envelope back into the same DoorlockError,
// outcomeUnknown included. Deadlines, aborts and "may the request have left" are the inner
// transport's, so the outcome rules are those of fetch, wx.request and wx.cloud.
import { createFetchTransport } from './fetch.mjs';
import { createWxCloudTransport } from './wx-cloud.mjs';
import { createWxRequestTransport } from './wx-request.mjs';
import { invalid, requireObject } from './options.mjs';
import { errorFromEnvelope } from './server-envelope.mjs';

// The server's ticket read and the call itself both happen inside one of the phone's calls.
const DEFAULT_SERVER_TIMEOUT_MS = 30000;

function unwrapping(inner, name) {
  return {
    name,
    // createCloudClient: the server runs the ticket flows, so the phone holds no access key.
    encryptsPasswords: true,
    async send(request, callOptions) {
      const body = await inner.send(request, callOptions);
      const error = errorFromEnvelope(body);
      if (error) throw error;
      return body;
    },
  };
}

const hasWxRequest = (wxApi) => Boolean(wxApi) && typeof wxApi.request === 'function';
// Read without touching globalThis, which old WeChat base libraries lack.
const hostHasFetch = () => typeof fetch === 'function';

// { url, via?: 'fetch' | 'wxRequest', headers?, timeoutMs?, fetch?, wx? }. Without `via`: fetch
// where there is one, wx.request in a mini program.
export function createServerTransport(options) {
  const opts = requireObject(options, 'createServerTransport');
  const wxApi = opts.wx ?? (typeof wx !== 'undefined' ? wx : undefined);
  const via = opts.via ?? (typeof opts.fetch === 'function' || hostHasFetch() ? 'fetch' : hasWxRequest(wxApi) ? 'wxRequest' : 'fetch');
  if (via !== 'fetch' && via !== 'wxRequest') throw invalid('via', "via must be 'fetch' or 'wxRequest'");
  const timeoutMs = opts.timeoutMs ?? DEFAULT_SERVER_TIMEOUT_MS;
  const inner =
    via === 'wxRequest'
      ? createWxRequestTransport({ url: opts.url, header: opts.headers, timeoutMs, wx: wxApi })
      : createFetchTransport({ url: opts.url, headers: opts.headers, timeoutMs, fetch: opts.fetch });
  return unwrapping(inner, `server/${inner.name}`);
}

// { name = 'doorlock', env?, timeoutMs?, wx? }: wx.cloud.callFunction to the function made with
// createCloudFunctionMain (miniprogram-demo/cloudfunctions/doorlock).
export function createWxCloudFunctionTransport(options) {
  const opts = requireObject(options, 'createWxCloudFunctionTransport');
  const inner = createWxCloudTransport({
    wx: opts.wx,
    name: opts.name ?? 'doorlock',
    env: opts.env,
    timeoutMs: opts.timeoutMs ?? DEFAULT_SERVER_TIMEOUT_MS,
  });
  return unwrapping(inner, 'wx-cloud-function');
}
