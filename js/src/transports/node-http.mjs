// Node's http / https modules: POST { action, params } as JSON. Only the Node entry exports this
// file, so browser and WeChat bundles never see a Node built-in.
import { deadlineTransport, headerObject, httpUrl, invalid, isSuccessStatus, requireObject } from './options.mjs';
import { badJsonError, checkTimeout, httpStatusError, networkError } from './deadline.mjs';

// Loaded on first use: most programs never make this transport, and loading http and https costs
// a few milliseconds of start-up. (This file is only ever bundled as CommonJS for Node.)
function httpModule(protocol) {
  const load = typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule : require;
  return load(protocol === 'https:' ? 'node:https' : 'node:http');
}

// The cloud's answers are small; anything far larger is not an answer to read into memory.
const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

export function createNodeHttpTransport(options) {
  const opts = requireObject(options, 'createNodeHttpTransport');
  const url = new URL(httpUrl(opts.url));
  const client = httpModule(url.protocol);
  const headers = headerObject(opts.headers, 'headers');
  const defaultTimeoutMs = checkTimeout(opts.timeoutMs);
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes <= 0) throw invalid('maxBodyBytes', 'maxBodyBytes must be a positive integer');
  // Headers computed per request from its body (the server half's request signing).
  const headersFor = opts.headersFor;
  if (headersFor !== undefined && typeof headersFor !== 'function') throw invalid('headersFor', 'headersFor must be a function (body) => headers');

  // Bytes of the request can only leave once the connection is up (for https: once TLS is
  // established). A failure before that (DNS, refused, unreachable, a timeout or abort while
  // connecting or waiting for a free socket) provably never reached the cloud.
  const connectedEvent = url.protocol === 'https:' ? 'secureConnect' : 'connect';

  return deadlineTransport('node-http', defaultTimeoutMs, ({ action, body }, resolve, reject, delivery) => {
    const payload = Buffer.from(JSON.stringify(body), 'utf8');
    const failed = (detail, cause) => reject(networkError(action, detail, cause, delivery.sent));
    const req = client.request(
      url,
      {
        method: 'POST',
        agent: opts.agent,
        headers: { 'content-type': 'application/json', ...headers, ...(headersFor ? headersFor(body) : {}), 'content-length': payload.length },
      },
      (res) => {
        const chunks = [];
        let size = 0;
        res.on('data', (chunk) => {
          size += chunk.length;
          if (size > maxBodyBytes) {
            failed(`answer larger than ${maxBodyBytes} bytes`);
            req.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (cause) => failed(`reading the answer failed: ${cause.message}`, cause));
        // A connection that ends inside the body: the answer is cut short.
        res.on('close', () => {
          if (!res.complete) failed('the connection closed before the whole answer arrived');
        });
        res.on('end', () => {
          if (!isSuccessStatus(res.statusCode)) {
            reject(httpStatusError(action, res.statusCode));
            return;
          }
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch (cause) {
            reject(badJsonError(action, cause));
          }
        });
      },
    );
    req.on('socket', (socket) => {
      // A kept-alive socket is already connected: the request goes out at once.
      if (!socket.connecting) delivery.sent = true;
      else
        socket.once(connectedEvent, () => {
          delivery.sent = true;
        });
    });
    req.on('error', (cause) => failed(`request failed: ${cause.code || cause.message}`, cause));
    req.end(payload);
    return () => req.destroy();
  });
}
