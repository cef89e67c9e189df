// The server half over plain Node HTTP: POST { action, params } as JSON, get the envelope back.
// Every answer the handler gives is HTTP 200, as the cloud's gateway answers; only a request that
// is not a JSON POST gets a 4xx (with the same error envelope).
import http from 'node:http';
import { DoorlockError } from '../errors.mjs';
import { errorEnvelope } from '../transports/server-envelope.mjs';
import { createServerHandler } from './handler.mjs';

// A phone's request is a few hundred bytes; this leaves room and refuses floods.
const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

function reply(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

const refusal = (message) => errorEnvelope(new DoorlockError({ code: 'INVALID_ARGUMENT', message }), Date.now());

// (req, res) for http.createServer or any framework that hands over Node's objects.
// `options`: the handler's options, or { handler } to share one; `context(req)` adds what the
// host knows about the caller (its session, its user) to what authorize receives.
export function createServerHttpListener(options) {
  const handler = typeof options?.handler === 'function' ? options.handler : createServerHandler(options);
  const maxBodyBytes = options?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const contextOf = options?.context ?? (() => ({}));
  if (typeof contextOf !== 'function')
    throw new DoorlockError({ code: 'INVALID_ARGUMENT', field: 'context', message: 'context must be a function (req) => object' });

  return function listener(req, res) {
    if (req.method !== 'POST') {
      reply(res, 405, refusal('POST { action, params } as JSON'));
      return;
    }
    const chunks = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk) => {
      if (refused) return;
      size += chunk.length;
      if (size > maxBodyBytes) {
        refused = true;
        reply(res, 413, refusal(`the request is larger than ${maxBodyBytes} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', async () => {
      if (refused) return;
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        reply(res, 400, refusal('the request is not JSON'));
        return;
      }
      let context;
      try {
        context = { ...(await contextOf(req)), req };
      } catch {
        context = { req };
      }
      reply(res, 200, await handler(body, context));
    });
  };
}

// A ready server on `host` (default 127.0.0.1) and `port` (default 0: any free port).
export async function startDoorlockServer(options = {}) {
  const { port = 0, host = '127.0.0.1', ...rest } = options;
  const server = http.createServer(createServerHttpListener(rest));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  return {
    url: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}/`,
    server,
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
