// Shared by the bench scripts: where the package is, how an operation is timed, how a table prints.
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// DOORLOCK_DIST times another build of the package (for example the one before a change).
export const dist = process.env.DOORLOCK_DIST || join(root, 'js', 'dist');
export const require = createRequire(join(root, 'js', 'package.json'));

export function loadPackage() {
  return require(join(dist, 'node.cjs'));
}

// Nanoseconds of CPU time per call of fn(), run for at least budgetMs of CPU time after a warm-up
// (the same scheme as the native bench: batches that double until the budget is spent). CPU time,
// not wall time: on a shared machine the time a process waits for a core is not the call's cost.
// It includes the process's other threads (V8's compiler and garbage collector), which the call
// causes.
const cpuNs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) * 1000;
};

export function timeOp(fn, budgetMs = 300) {
  for (let i = 0; i < 200; i++) fn();
  let calls = 0;
  let batch = 16;
  const start = cpuNs();
  let elapsed = 0;
  while (elapsed < budgetMs * 1e6) {
    for (let i = 0; i < batch; i++) fn();
    calls += batch;
    elapsed = cpuNs() - start;
    if (batch < 65536) batch *= 2;
  }
  return elapsed / calls;
}

export const us = (ns) => (ns === undefined ? '—' : (ns / 1000).toFixed(ns < 10000 ? 2 : 1));
export const ratio = (a, b) => (a === undefined || b === undefined ? '—' : `${(a / b).toFixed(2)}×`);

export function printTable(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) => cells.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join('  ');
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

export const fromHex = (hex) => Uint8Array.from(hex.match(/../g) || [], (pair) => parseInt(pair, 16));
export const toHex = (bytes) => Buffer.from(bytes).toString('hex');
