// Shared pieces of the cloud tests: the package's cloud exports (from the built Node entry, as
// users get them), the emulator, and small local HTTP servers that misbehave on purpose.
import http from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageDir, repoRoot } from './load.mjs';

const require = createRequire(import.meta.url);
export const pkg = require(join(packageDir, 'dist', 'node.cjs'));

export const emulatorModule = await import(join(repoRoot, 'tools', 'cloud-emulator', 'index.mjs'));

// A server on 127.0.0.1 whose handler decides per request; counts requests and tracks sockets
// so that tests can see a request being cancelled and close everything at the end.
export async function startServer(handler) {
  const seen = { requests: 0, closedBeforeAnswer: 0, bodies: [] };
  const server = http.createServer((req, res) => {
    seen.requests++;
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      seen.bodies.push(text);
      res.on('close', () => {
        if (!res.writableEnded) seen.closedBeforeAnswer++;
      });
      handler(req, res, text);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// Never answers: the client's timeout has to end the request.
export const hang = () => {};

export function answerJson(status, body) {
  return (req, res) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(text);
  };
}

// A port nothing listens on (bound, then released).
export async function closedPort() {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function rejectsWith(promise, code) {
  try {
    await promise;
  } catch (error) {
    if (error && error.code === code) return error;
    throw new Error(`expected ${code}, got ${error && error.code}: ${error && error.message}`, { cause: error });
  }
  throw new Error(`expected ${code}, the promise resolved`);
}

// Waits until `condition()` holds, polling briefly; fails after `ms`.
export async function until(condition, ms = 1000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
