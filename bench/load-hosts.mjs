// Load to first encryptPassword in the two other hosts: headless Chromium (dist/browser.mjs, which
// fetches the .wasm; each run in a fresh browser context, so nothing is cached) and the emulated
// WeChat runtime of the tests (dist/wechat from the .wasm.br; each run in a fresh Node process).
// Prints the median and minimum of each step over the runs, in ms.
//   node bench/load-hosts.mjs [runs, default 15]
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { dist, printTable, require, root } from './support.mjs';

const runs = Number(process.argv[2] || 15);
const args =
  "{ password: '123456', lockType: 'ble', ticketKey: '676A3814D4512307E7A5EBBB3983D27C8AA36241FDE8DF054DC325C6C695B89E', accessKey: '0123456789abcdef0123456789abcdef' }";

function summarize(name, samples) {
  const rows = [];
  for (const key of Object.keys(samples[0])) {
    const sorted = samples.map((sample) => sample[key]).sort((a, b) => a - b);
    const median = sorted.length % 2 ? sorted[sorted.length >> 1] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    rows.push([`${name}: ${key}`, median.toFixed(2), sorted[0].toFixed(2)]);
  }
  return rows;
}

async function chromium() {
  const { chromium: browserType } = require('playwright-core');
  const page = `<!doctype html><meta charset="utf-8"><script type="module">
    const t0 = performance.now();
    window.results = import('/browser.mjs').then(async ({ loadDoorlock }) => {
      const t1 = performance.now();
      const dl = await loadDoorlock();
      const t2 = performance.now();
      dl.encryptPassword(${args});
      const t3 = performance.now();
      return { import: t1 - t0, loadDoorlock: t2 - t1, firstCall: t3 - t2, total: t3 - t0 };
    });
  </script>`;
  const types = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://127.0.0.1').pathname;
    if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    const file = normalize(join(dist, path));
    if (!file.startsWith(dist)) return res.writeHead(404).end();
    let body;
    try {
      body = readFileSync(file);
    } catch {
      return res.writeHead(404).end();
    }
    return res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' }).end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await browserType.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu'] });
  const samples = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext();
      const tab = await context.newPage();
      await tab.goto(`http://127.0.0.1:${server.address().port}/`);
      samples.push(await tab.evaluate(() => window.results));
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return samples;
}

function wechat() {
  const dir = mkdtempSync(join(tmpdir(), 'doorlock-load-wx-'));
  const file = join(dir, 'probe.mjs');
  writeFileSync(
    file,
    `
    const { miniProgramRuntime, withRandom } = await import(${JSON.stringify(join(root, 'tests', 'wechat', 'support', 'runtime.mjs'))});
    const t0 = performance.now();
    const { exports } = miniProgramRuntime({ wx: withRandom({}), packageFolder: ${JSON.stringify(join(dist, 'wechat'))} });
    const t1 = performance.now();
    const dl = await exports.loadDoorlock();
    const t2 = performance.now();
    dl.encryptPassword(${args});
    const t3 = performance.now();
    console.log(JSON.stringify({ require: t1 - t0, loadDoorlock: t2 - t1, firstCall: t3 - t2, total: t3 - t0 }));`,
  );
  try {
    return Array.from({ length: runs }, () => JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8' })));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`load to first encryptPassword in Chromium and the emulated WeChat runtime, ${runs} runs each (ms)`);
console.log('(the WeChat figures include brotli-decompressing the .wasm, which WeChat itself does for a package)');
printTable(['step', 'median', 'min'], [...summarize('chromium', await chromium()), ...summarize('wechat (emulated)', wechat())]);
