// Load to first result, from fresh Node processes: each probe is a script file (as a user's program
// is: `node -e` would hide the cost of built-in modules such as node:crypto, which eval mode loads
// at start-up). Probes run interleaved, so that every figure sees the same machine load:
//   doorlock        require('doorlock-wasm'), loadDoorlock(), the first encryptPassword
//   breakdown       the same load in parts, in the loader's order: read the .wasm; start its compile
//                   (V8's background threads) and parse the Emscripten glue meanwhile; wait for the
//                   rest of the compile; instantiate; runtime start (constructors, Embind registration)
//   aes-js, crypto-js, node:crypto   require + the same two AES steps (the baselines)
//   doorlock (before)   with a second argument: the doorlock probe on another build's dist folder
//   node bench/load.mjs [runs, default 30] [dist folder of the build before a change]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dist, printTable, root } from './support.mjs';

const runs = Number(process.argv[2] || 30);
const distBefore = process.argv[3];
const ticketKey = '676A3814D4512307E7A5EBBB3983D27C8AA36241FDE8DF054DC325C6C695B89E';
const accessKey = '0123456789abcdef0123456789abcdef';
const modules = join(root, 'js', 'node_modules');
const args = JSON.stringify({ password: '123456', lockType: 'ble', ticketKey, accessKey });

// require('doorlock-wasm') from a dist folder, loadDoorlock(), the first encryptPassword.
const doorlockProbe = (distFolder) => `
    const t0 = performance.now();
    const { loadDoorlock } = require(${JSON.stringify(join(distFolder, 'node.cjs'))});
    const t1 = performance.now();
    loadDoorlock().then((dl) => {
      const t2 = performance.now();
      dl.encryptPassword(${args});
      const t3 = performance.now();
      console.log(JSON.stringify({ require: t1 - t0, loadDoorlock: t2 - t1, firstCall: t3 - t2, total: t3 - t0 }));
    });`;

const probes = {
  doorlock: doorlockProbe(dist),
  ...(distBefore ? { 'doorlock (before)': doorlockProbe(distBefore) } : {}),
  breakdown: `
    const t0 = performance.now();
    const bytes = require('node:fs').readFileSync(${JSON.stringify(join(dist, 'core', 'doorlock_core.wasm'))});
    const t1 = performance.now();
    const compiled = WebAssembly.compile(bytes);
    const createCore = require(${JSON.stringify(join(dist, 'core', 'doorlock_core.js'))});
    const t2 = performance.now();
    let t4 = 0;
    compiled.then((module) => {
      const t3 = performance.now();
      return createCore({ print() {}, printErr() {}, hostEntropy: () => false, instantiateWasm(imports, done) {
        const instance = new WebAssembly.Instance(module, imports);
        t4 = performance.now();
        done(instance, module);
        return {};
      } }).then(() => {
        const t5 = performance.now();
        console.log(JSON.stringify({ readWasm: t1 - t0, glueWhileCompiling: t2 - t1, compileLeft: t3 - t2, instantiate: t4 - t3, runtimeStart: t5 - t4 }));
      });
    });`,
  'aes-js': `
    const t0 = performance.now();
    const aesjs = require(${JSON.stringify(join(modules, 'aes-js'))});
    const t1 = performance.now();
    const ticket = new aesjs.ModeOfOperation.ecb(aesjs.utils.utf8.toBytes(${JSON.stringify(accessKey)})).decrypt(aesjs.utils.hex.toBytes(${JSON.stringify(ticketKey)}));
    const block = new Uint8Array(16).fill(10); block.set(aesjs.utils.utf8.toBytes('123456'));
    aesjs.utils.hex.fromBytes(new aesjs.ModeOfOperation.ecb(ticket.subarray(0, 16)).encrypt(block)).toUpperCase();
    const t2 = performance.now();
    console.log(JSON.stringify({ require: t1 - t0, firstCall: t2 - t1, total: t2 - t0 }));`,
  'crypto-js': `
    const t0 = performance.now();
    const CryptoJS = require(${JSON.stringify(join(modules, 'crypto-js'))});
    const t1 = performance.now();
    const key = CryptoJS.AES.decrypt({ ciphertext: CryptoJS.enc.Hex.parse(${JSON.stringify(ticketKey)}) }, CryptoJS.enc.Latin1.parse(${JSON.stringify(accessKey)}), { mode: CryptoJS.mode.ECB });
    CryptoJS.AES.encrypt('123456', CryptoJS.lib.WordArray.create(key.words.slice(0, 4), 16), { mode: CryptoJS.mode.ECB }).ciphertext.toString().toUpperCase();
    const t2 = performance.now();
    console.log(JSON.stringify({ require: t1 - t0, firstCall: t2 - t1, total: t2 - t0 }));`,
  'node:crypto': `
    const t0 = performance.now();
    const { createCipheriv, createDecipheriv } = require('node:crypto');
    const t1 = performance.now();
    const d = createDecipheriv('aes-256-ecb', Buffer.from(${JSON.stringify(accessKey)}, 'latin1'), null);
    const key = Buffer.concat([d.update(Buffer.from(${JSON.stringify(ticketKey)}, 'hex')), d.final()]);
    const c = createCipheriv('aes-128-ecb', key, null);
    Buffer.concat([c.update('123456', 'latin1'), c.final()]).toString('hex').toUpperCase();
    const t2 = performance.now();
    console.log(JSON.stringify({ require: t1 - t0, firstCall: t2 - t1, total: t2 - t0 }));`,
};

const dir = mkdtempSync(join(tmpdir(), 'doorlock-load-'));
const samples = Object.fromEntries(Object.keys(probes).map((name) => [name, []]));
try {
  const files = {};
  for (const [name, source] of Object.entries(probes)) {
    files[name] = join(dir, `${name.replace(/[^a-z]/g, '-')}.cjs`);
    writeFileSync(files[name], source);
  }
  for (let i = 0; i < runs; i++) {
    for (const name of Object.keys(probes)) samples[name].push(JSON.parse(execFileSync(process.execPath, [files[name]], { encoding: 'utf8' })));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[sorted.length >> 1] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};
const stats = (name, key) => {
  const values = samples[name].map((sample) => sample[key]);
  return { median: median(values), min: Math.min(...values) };
};
const ms = (value) => value.toFixed(2);

console.log(`load to first encryptPassword, Node ${process.version}, ${runs} fresh processes per probe (ms)`);
const rows = [];
for (const name of Object.keys(probes)) {
  for (const key of Object.keys(samples[name][0])) {
    const { median: m, min } = stats(name, key);
    rows.push([`${name}: ${key}`, ms(m), ms(min)]);
  }
}
printTable(['step', 'median', 'min'], rows);
const total = stats('doorlock', 'total');
const aes = stats('aes-js', 'total');
console.log(`doorlock total / aes-js total: ${(total.median / aes.median).toFixed(2)}× by median, ${(total.min / aes.min).toFixed(2)}× by min`);
if (distBefore) {
  const before = stats('doorlock (before)', 'total');
  console.log(`doorlock total, after / before: ${(total.median / before.median).toFixed(2)}× by median; before / aes-js: ${(before.median / aes.median).toFixed(2)}×`);
}
