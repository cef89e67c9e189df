// fetch() (browsers, workers, Node 18+): POST { action, params } as JSON. Timeouts and the caller's
// signal abort the underlying request, body download included. fetch hides when its request leaves,
// so once it is called every failure may have been delivered, except the connection failures
// Node's fetch names (below).
import { deadlineTransport, headerObject, httpUrl, invalid, isSuccessStatus, requireObject } from './options.mjs';
import { badJsonError, checkTimeout, httpStatusError, networkError } from './deadline.mjs';

export function createFetchTransport(options) {
  const opts = requireObject(options, 'createFetchTransport');
  const fetchImpl = opts.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') throw invalid('fetch', 'fetch is not available: pass options.fetch');
  if (typeof AbortController !== 'function') throw invalid('fetch', 'AbortController is not available, so requests could not be cancelled');
  const url = httpUrl(opts.url);
  const headers = headerObject(opts.headers, 'headers');
  const defaultTimeoutMs = checkTimeout(opts.timeoutMs);

  return deadlineTransport('fetch', defaultTimeoutMs, ({ action, body }, resolve, reject, delivery) => {
    const controller = new AbortController();
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: controller.signal,
    };
    let answered = false;
    Promise.resolve()
      .then(() => {
        // Cancelled before fetch was called: nothing was sent.
        if (controller.signal.aborted) return undefined;
        // fetch does not tell when its request leaves: from here on it may have.
        delivery.sent = true;
        return fetchImpl(url, init).then(async (response) => {
          answered = true;
          const text = await response.text();
          if (!isSuccessStatus(response.status)) {
            reject(httpStatusError(action, response.status));
            return;
          }
          try {
            resolve(JSON.parse(text));
          } catch (cause) {
            reject(badJsonError(action, cause));
          }
        });
      })
      .catch((cause) => reject(networkError(action, `request failed: ${describe(cause)}`, cause, answered || !neverConnected(cause))));
    return () => controller.abort();
  });
}

// Node's fetch (undici) names the failure in error.cause.code. These codes come from resolving
// the name or opening the connection, before any byte of the request is written. Browsers give
// no reason at all ("Failed to fetch"), so there every failure counts as possibly delivered.
const NOT_CONNECTED_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function neverConnected(error) {
  const cause = error && error.cause;
  return Boolean(cause && typeof cause === 'object' && NOT_CONNECTED_CODES.has(cause.code));
}

function describe(error) {
  const message = (error && error.message) || String(error);
  const cause = error && error.cause;
  return cause && cause.code ? `${message} (${cause.code})` : message;
}
