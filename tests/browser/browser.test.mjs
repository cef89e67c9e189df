// The browser entry in headless Chromium, as a panel page would use it without a bundler:
// <script type="module"> importing dist/browser.mjs, which fetches dist/core/doorlock_core.wasm.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize, extname } from 'node:path';
import { createRequire } from 'node:module';
import { packageDir } from '../js/support/load.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require(join(packageDir, 'node_modules', 'playwright-core'));

const types = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
const page = `<!doctype html><meta charset="utf-8"><title>doorlock-wasm</title>
<script type="module">
  import { loadDoorlock, DoorlockError } from '/dist/browser.mjs';
  window.results = (async () => {
    const dl = await loadDoorlock();
    const out = {};
    out.cipher = dl.encryptPassword({ password: '1234567', lockType: 'wifi',
      ticketKey: '676A3814D4512307E7A5EBBB3983D27C8AA36241FDE8DF054DC325C6C695B89E',
      accessKey: '0123456789abcdef0123456789abcdef' });
    out.pin = dl.generatePassword({ lockType: 'ble' });
    out.mask = dl.workingDayMask(['mon', 'tue', 'fri']);
    try { dl.minuteOfDay('25:00'); } catch (e) { out.error = [e instanceof DoorlockError, e.code].join(' '); }
    try { await loadDoorlock({ locateFile: () => '/missing.wasm' }); } catch (e) { out.missing = e.code; out.missingMessage = e.message; }
    return out;
  })().catch((e) => ({ failed: String(e && e.stack || e) }));
</script>`;

async function serve() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(page);
      return;
    }
    const file = normalize(join(packageDir, url.pathname));
    if (!file.startsWith(join(packageDir, 'dist'))) return res.writeHead(404).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

test('dist/browser.mjs loads in Chromium and answers like Node', { timeout: 60000 }, async () => {
  const server = await serve();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const tab = await browser.newPage();
    const problems = [];
    tab.on('pageerror', (error) => problems.push(String(error)));
    await tab.goto(`http://127.0.0.1:${server.address().port}/`);
    const results = await tab.evaluate(() => window.results);
    assert.deepEqual(problems, []);
    assert.equal(results.failed, undefined, results.failed);
    assert.equal(results.cipher, '12A879A76363F4BEB8458B9529C9CEE7');
    assert.match(results.pin, /^\d{6}$/);
    assert.equal(results.mask, 38);
    assert.equal(results.error, 'true INVALID_ARGUMENT');
    assert.equal(results.missing, 'LOAD_FAILED');
    assert.match(results.missingMessage, /\/missing\.wasm/, 'the message names the URL that failed');
  } finally {
    await browser.close();
    server.close();
  }
});
