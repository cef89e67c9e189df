// fetch() (browsers, workers, Node 18+): POST { action, params } as JSON. Timeouts and the caller's
// signal abort the underlying request, body download included.
import { deadlineTransport, headerObject, httpUrl, invalid, isSuccessStatus, requireObject } from './options.mjs';
import { badJsonError, checkTimeout, networkError } from './deadline.mjs';

export function createFetchTransport(options) {
  const opts = requireObject(options, 'createFetchTransport');
  const fetchImpl = opts.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') throw invalid('fetch', 'fetch is not available: pass options.fetch');
  if (typeof AbortController !== 'function') throw invalid('fetch', 'AbortController is not available, so requests could not be cancelled');
  const url = httpUrl(opts.url);
  const headers = headerObject(opts.headers, 'headers');
  const defaultTimeoutMs = checkTimeout(opts.timeoutMs);

  return deadlineTransport('fetch', defaultTimeoutMs, ({ action, body }, resolve, reject) => {
    const controller = new AbortController();
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: controller.signal,
    };
    Promise.resolve()
      .then(() => fetchImpl(url, init))
      .then(async (response) => {
        const text = await response.text();
        if (!isSuccessStatus(response.status)) {
          reject(networkError(action, `HTTP ${response.status}`));
          return;
        }
        try {
          resolve(JSON.parse(text));
        } catch (cause) {
          reject(badJsonError(action, cause));
        }
      })
      .catch((cause) => reject(networkError(action, `request failed: ${cause && cause.message || cause}`, cause)));
    return () => controller.abort();
  });
}
