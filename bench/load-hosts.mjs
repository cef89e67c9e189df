// Load to first encryptPassword in the two other hosts: headless Chromium (dist/browser.mjs, which
// fetches the .wasm; each run in a fresh browser context, so nothing is cached; beside it aes-js doing
// the same two AES steps, the baseline) and the emulated
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

// aes-js as an ES module for the browser baseline: its UMD source, given a CommonJS `module`.
const aesJsModule = () =>
  `const module = { exports: {} };\n(function (module, exports) {\n${readFileSync(require.resolve('aes-js'), 'utf8')}\n}).call(globalThis, module, module.exports);\nexport default module.exports;\n`;

// Each page times one import and the same first result: doorlock-wasm's encryptPassword, or the
// baseline, aes-js doing the same two AES steps (served by the same server, so that both pay the
// same fetch).
const pages = {
  doorlock: `
    const { loadDoorlock } = await import('/browser.mjs');
    const t1 = performance.now();
    const dl = await loadDoorlock();
    const t2 = performance.now();
    dl.encryptPassword(${args});
    const t3 = performance.now();
    return { import: t1 - t0, loadDoorlock: t2 - t1, firstCall: t3 - t2, total: t3 - t0 };`,
  'aes-js': `
    const { default: aesjs } = await import('/aes-js.mjs');
    const t1 = performance.now();
    const ticket = new aesjs.ModeOfOperation.ecb(aesjs.utils.utf8.toBytes('0123456789abcdef0123456789abcdef')).decrypt(aesjs.utils.hex.toBytes('676A3814D4512307E7A5EBBB3983D27C8AA36241FDE8DF054DC325C6C695B89E'));
    const block = new Uint8Array(16).fill(10); block.set(aesjs.utils.utf8.toBytes('123456'));
    aesjs.utils.hex.fromBytes(new aesjs.ModeOfOperation.ecb(ticket.subarray(0, 16)).encrypt(block)).toUpperCase();
    const t2 = performance.now();
    return { import: t1 - t0, firstCall: t2 - t1, total: t2 - t0 };`,
};

async function chromium() {
  const { chromium: browserType } = require('playwright-core');
  const html = (name) => `<!doctype html><meta charset="utf-8"><script type="module">
    const t0 = performance.now();
    window.results = (async () => {${pages[name]}
    })();
  </script>`;
  const types = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://127.0.0.1').pathname;
    if (path.startsWith('/page/')) return res.writeHead(200, { 'content-type': 'text/html' }).end(html(decodeURIComponent(path.slice(6))));
    if (path === '/aes-js.mjs') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(aesJsModule());
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
  const browser = await browserType.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'] });
  const samples = Object.fromEntries(Object.keys(pages).map((name) => [name, []]));
  try {
    // Interleaved, so that both see the same machine load.
    for (let i = 0; i < runs; i++) {
      for (const name of Object.keys(pages)) {
        const context = await browser.newContext();
        const tab = await context.newPage();
        await tab.goto(`http://127.0.0.1:${server.address().port}/page/${encodeURIComponent(name)}`);
        samples[name].push(await tab.evaluate(() => window.results));
        await context.close();
      }
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

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[sorted.length >> 1] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};
console.log(`load to first encryptPassword in Chromium and the emulated WeChat runtime, ${runs} runs each (ms)`);
console.log('(the WeChat figures include brotli-decompressing the .wasm, which WeChat itself does for a package)');
const browserSamples = await chromium();
printTable(
  ['step', 'median', 'min'],
  [...summarize('chromium', browserSamples.doorlock), ...summarize('chromium, aes-js', browserSamples['aes-js']), ...summarize('wechat (emulated)', wechat())],
);
const ratio = median(browserSamples.doorlock.map((sample) => sample.total)) / median(browserSamples['aes-js'].map((sample) => sample.total));
console.log(`chromium: doorlock total / aes-js total: ${ratio.toFixed(2)}× by median`);
