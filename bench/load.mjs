// Load to first result: fresh Node processes, each timing require('doorlock-wasm') + loadDoorlock()
// + the first encryptPassword. Prints the distribution over the runs.
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const entry = join(dirname(fileURLToPath(import.meta.url)), '..', 'js', 'dist', 'node.cjs');
const runs = Number(process.argv[2] || 30);
const probe = `
  const t0 = performance.now();
  const { loadDoorlock } = require(${JSON.stringify(entry)});
  const t1 = performance.now();
  loadDoorlock().then((dl) => {
    const t2 = performance.now();
    dl.encryptPassword({ password: '123456', lockType: 'ble',
      ticketKey: '676A3814D4512307E7A5EBBB3983D27C8AA36241FDE8DF054DC325C6C695B89E',
      accessKey: '0123456789abcdef0123456789abcdef' });
    const t3 = performance.now();
    console.log(JSON.stringify([t1 - t0, t2 - t1, t3 - t2, t3 - t0]));
  });`;

const samples = [];
for (let i = 0; i < runs; i++) samples.push(JSON.parse(execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' })));
const column = (k) => samples.map((s) => s[k]).sort((a, b) => a - b);
const pick = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
console.log(`load to first encryptPassword, Node ${process.version}, ${runs} fresh processes (ms)`);
console.log('                      median    p90    min');
for (const [name, k] of [['require', 0], ['loadDoorlock()', 1], ['first encryptPassword', 2], ['total', 3]]) {
  const c = column(k);
  console.log(`  ${name.padEnd(20)} ${pick(c, 0.5).toFixed(2).padStart(6)} ${pick(c, 0.9).toFixed(2).padStart(6)} ${c[0].toFixed(2).padStart(6)}`);
}
