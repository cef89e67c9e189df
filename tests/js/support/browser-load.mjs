// Used by loader.test.mjs: loads the browser bundle (argv[2]) as a page would, against a .wasm URL that
// answers 404 (or, with argv[3] = "refused", a port nothing listens on), and prints the outcome as JSON.
import http from 'node:http';
const [bundle, mode] = [process.argv[2], process.argv[3]];
const server = http.createServer((req, res) => { res.statusCode = 404; res.end('nope'); });
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = mode === 'refused' ? 'http://127.0.0.1:1/missing.wasm' : `http://127.0.0.1:${server.address().port}/missing.wasm`;
const log = console.log;
globalThis.window = globalThis;
const saved = globalThis.process;
globalThis.process = undefined;
let result;
try {
  const { loadDoorlock } = await import(bundle);
  await loadDoorlock({ locateFile: () => url });
  result = { loaded: true };
} catch (error) {
  result = { name: error && error.name, code: error && error.code, message: String(error && error.message) };
}
globalThis.process = saved;
server.close();
log(JSON.stringify(result));
