// The emulator over HTTP on 127.0.0.1: POST { action, params } as JSON to any path, get the
// envelope back with status 200, as Tuya's function gateway answers. A request may carry an
// `x-request-id` header: the emulator tags what it did with it (emulator.executionsOf).
// Given `accessId`, it also checks each request's signature as the cloud does for a cloud
// function (signature.mjs), with the emulator's access key as the secret, and refuses a bad one
// with the cloud's code (1004 sign invalid, 1005 clientId invalid, 1013, 1105) without acting.
import http from 'node:http';
import { createCloudEmulator } from './emulator.mjs';
import { CloudFailure } from './failures.mjs';
import { checkSignature } from './signature.mjs';

const MAX_BODY_BYTES = 1024 * 1024;

function reply(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startCloudEmulator(options = {}) {
  const { port = 0, emulator: given, accessId, ...emulatorOptions } = options;
  const emulator = given ?? createCloudEmulator(emulatorOptions);
  if (accessId !== undefined && (typeof accessId !== 'string' || accessId === '')) throw new TypeError('accessId must be the client_id to expect');
  const clock = emulatorOptions.clock ?? (() => Date.now());
  // The cloud's refusal of a badly signed request, or null.
  function refusal(req, body) {
    if (accessId === undefined) return null;
    try {
      checkSignature(req.headers, body, { accessId, secret: emulator.accessKey, nowMs: Math.floor(clock()) });
      return null;
    } catch (error) {
      if (!(error instanceof CloudFailure)) throw error;
      const action = body && typeof body.action === 'string' ? body.action : '';
      const requestId = req.headers['x-request-id'];
      emulator.state.requests.push({ action, ok: false, code: error.code, msg: error.msg, ...(requestId === undefined ? {} : { requestId }) });
      return { success: false, code: error.code, msg: error.msg, t: Math.floor(clock()) };
    }
  }
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST') {
      reply(res, 405, { success: false, code: 1108, msg: 'uri path invalid: POST { action, params }', t: Date.now() });
      return;
    }
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reply(res, 413, { success: false, code: 1109, msg: 'param is illegal, please check it: body too large', t: Date.now() });
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.headersSent) return;
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        reply(res, 200, { success: false, code: 1109, msg: 'param is illegal, please check it: body is not JSON', t: Date.now() });
        return;
      }
      const refused = refusal(req, body);
      if (refused) {
        reply(res, 200, refused);
        return;
      }
      const requestId = req.headers['x-request-id'];
      reply(res, 200, emulator.handle(body, requestId === undefined ? {} : { requestId }));
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: bound } = server.address();
  return {
    url: `http://127.0.0.1:${bound}/`,
    emulator,
    accessId,
    state: emulator.state,
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
