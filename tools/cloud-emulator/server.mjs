// The emulator over HTTP on 127.0.0.1: POST { action, params } as JSON to any path, get the
// envelope back with status 200, as Tuya's function gateway answers. A request may carry an
// `x-request-id` header: the emulator tags what it did with it (emulator.executionsOf).
import http from 'node:http';
import { createCloudEmulator } from './emulator.mjs';

const MAX_BODY_BYTES = 1024 * 1024;

function reply(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startCloudEmulator(options = {}) {
  const { port = 0, emulator: given, ...emulatorOptions } = options;
  const emulator = given ?? createCloudEmulator(emulatorOptions);
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
    state: emulator.state,
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
