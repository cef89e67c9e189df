// Password encryption throughput: dl.encryptPassword (ticket decrypt + PIN encrypt in the .wasm)
// against Node's own crypto doing the same two AES steps, plus the module heap before and after.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { loadDoorlock } = require(join(dirname(fileURLToPath(import.meta.url)), '..', 'js', 'dist', 'node.cjs'));

const accessKey = '0123456789abcdef0123456789abcdef';
const ticketKey = '676A3814D4512307E7A5EBBB3983D27C8AA36241FDE8DF054DC325C6C695B89E';
const iterations = Number(process.argv[2] || 100000);

function nodeCrypto(password) {
  const decipher = createDecipheriv('aes-256-ecb', Buffer.from(accessKey, 'latin1'), null);
  const key = Buffer.concat([decipher.update(Buffer.from(ticketKey, 'hex')), decipher.final()]);
  const cipher = createCipheriv('aes-128-ecb', key, null);
  return Buffer.concat([cipher.update(password, 'latin1'), cipher.final()]).toString('hex').toUpperCase();
}

function measure(name, fn) {
  for (let i = 0; i < 2000; i++) fn('123456'); // warm-up
  const start = process.hrtime.bigint();
  let last;
  for (let i = 0; i < iterations; i++) last = fn(i % 2 ? '123456' : '654321');
  const ns = Number(process.hrtime.bigint() - start) / iterations;
  console.log(`  ${name.padEnd(34)} ${(ns / 1000).toFixed(2).padStart(7)} us/op ${Math.round(1e9 / ns).toString().padStart(9)} ops/s`);
  return { ns, last };
}

const dl = await loadDoorlock();
const wasmEncrypt = (password) => dl.encryptPassword({ password, ticketKey, accessKey, lockType: 'ble' });
if (wasmEncrypt('123456') !== nodeCrypto('123456')) throw new Error('the two implementations disagree');

console.log(`password encryption, ${iterations} iterations, Node ${process.version}`);
const heapBefore = dl.diagnostics.heapInUse();
const memoryBefore = dl.diagnostics.memoryBytes();
const wasm = measure('dl.encryptPassword (wasm)', wasmEncrypt);
const heapAfter = dl.diagnostics.heapInUse();
const memoryAfter = dl.diagnostics.memoryBytes();
const node = measure('node:crypto, same two AES steps', nodeCrypto);
console.log(`  wasm / node:crypto time ratio      ${(wasm.ns / node.ns).toFixed(2)}`);
console.log(`  module heap in use                 ${heapBefore} bytes before, ${heapAfter} after (${heapAfter - heapBefore >= 0 ? '+' : ''}${heapAfter - heapBefore})`);
console.log(`  module linear memory               ${memoryBefore} bytes before, ${memoryAfter} after`);
