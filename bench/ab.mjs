// Two builds of the package in one process, timed in alternation (20 rounds of 50 ms each per
// call and build), so that both see the same machine load: the before/after comparison of a change
// on a shared machine. Prints the median CPU time per call of each build and their ratio.
//   node bench/ab.mjs <dist A (before)> [dist B (after), default js/dist]
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { printTable, root, timeOp, us } from './support.mjs';
import { makeInputs } from './inputs.mjs';

const require = createRequire(import.meta.url);
const [distA, distB = join(root, 'js', 'dist')] = process.argv.slice(2);
if (!distA) throw new Error('usage: node bench/ab.mjs <dist before> [dist after]');
const builds = [];
for (const dist of [distA, distB]) builds.push(await require(join(dist, 'node.cjs')).loadDoorlock());
const inputs = makeInputs(builds[1]);

const calls = {
  encryptPassword: (dl) => dl.encryptPassword(inputs.encryptPassword),
  decryptTicketKey: (dl) => dl.decryptTicketKey(inputs.decryptTicketKey),
  buildSchedule: (dl) => dl.buildSchedule(inputs.buildSchedule),
  buildRequest: (dl) => dl.buildRequest(inputs.buildRequest.action, inputs.buildRequest.params, inputs.buildRequest.options),
  'parseResponse (100)': (dl) => dl.parseResponse(inputs.parseResponse.action, inputs.parseResponse.body),
  'DP 51 createTemporaryPassword': (dl) => dl.ble.lockDp.createTemporaryPassword(inputs.dp51.request),
  'decodeFrame (10 packets)': (dl) => dl.ble.decodeFrame(inputs.report.air, { key: inputs.report.key }),
};

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const rows = [];
for (const [name, call] of Object.entries(calls)) {
  const samples = [[], []];
  for (let round = 0; round < 20; round++) {
    for (let b = 0; b < 2; b++) samples[b].push(timeOp(() => call(builds[b]), 50));
  }
  const [a, b] = samples.map(median);
  rows.push([name, us(a), us(b), `${(b / a).toFixed(2)}×`]);
}
console.log(`A: ${distA}\nB: ${distB}\nµs of CPU time per call, median of 20 alternating rounds`);
printTable(['call', 'A', 'B', 'B/A'], rows);
