// One table, one run: each hot call of the module (wasm in Node) against the native core doing the
// same work (build/native/bench/native/doorlock_native_bench), and, for the AES parts, against
// node:crypto and the pure-JavaScript aes-js. Then parseResponse and reassembly at growing sizes,
// to show the cost grows linearly. A benchmark: it prints figures, it does not pass or fail.
//   node bench/table.mjs [budget ms per figure, default 300]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPackage, printTable, ratio, root, timeOp, us } from './support.mjs';
import { makeInputs, nativeInputs } from './inputs.mjs';
import * as base from './baselines.mjs';

const budgetMs = Number(process.argv[2] || 300);
const dl = await loadPackage().loadDoorlock();
const inputs = makeInputs(dl);

// The module's side of each operation.
const wasmOps = {
  encryptPassword: () => dl.encryptPassword(inputs.encryptPassword),
  decryptTicketKey: () => dl.decryptTicketKey(inputs.decryptTicketKey),
  buildSchedule: () => dl.buildSchedule(inputs.buildSchedule),
  buildRequest: () => dl.buildRequest(inputs.buildRequest.action, inputs.buildRequest.params, inputs.buildRequest.options),
  parseResponse: () => dl.parseResponse(inputs.parseResponse.action, inputs.parseResponse.body),
  dp51: () => encodeDp51(inputs.dp51),
  report: () => decodeReport(inputs.report),
};

function encodeDp51({ request, sn, cmd, mode, key, iv, mtu, protocol }) {
  const dp = dl.ble.lockDp.createTemporaryPassword(request);
  const data = dl.ble.encodeDps([dp], { protocol });
  const air = dl.ble.encodeFrame({ sn, cmd, data, mode, key, iv });
  return dl.ble.packetize(air, { mtu, protocol });
}

function decodeReport({ packets, key, protocol }) {
  const reassembler = dl.ble.reassembler({ protocol });
  let air = null;
  for (const packet of packets) air = reassembler.push(packet);
  const frame = dl.ble.decodeFrame(air, { key });
  return dl.ble.decodeDps(frame.data, { protocol });
}

// The answers must agree before anything is timed.
const { password, ticketKey, accessKey } = inputs.encryptPassword;
const expected = base.nodeEncryptPassword(password, ticketKey, accessKey);
if (wasmOps.encryptPassword() !== expected || base.aesjsEncryptPassword(password, ticketKey, accessKey) !== expected) {
  throw new Error('bench: the password encryptions disagree');
}
const ticketHex = Buffer.from(base.nodeDecryptTicketKey(ticketKey, accessKey)).toString('hex');
if (
  Buffer.from(wasmOps.decryptTicketKey()).toString('hex') !== ticketHex ||
  Buffer.from(base.aesjsDecryptTicketKey(ticketKey, accessKey)).toString('hex') !== ticketHex
) {
  throw new Error('bench: the ticket-key decryptions disagree');
}
if (decodeReport(inputs.report)[0].value.length === 0 || encodeDp51(inputs.dp51).length < 2) throw new Error('bench: the BLE steps failed');

// The AES part of the two BLE rows: CBC over as many bytes as the frame encrypts.
const cipherLength = (air) => air.length - 1 - 16; // mode byte and IV in front of the ciphertext
const { sn, cmd, mode, key, iv } = inputs.dp51;
const dp51Air = dl.ble.encodeFrame({ sn, cmd, mode, key, iv, data: dl.ble.encodeDps([dl.ble.lockDp.createTemporaryPassword(inputs.dp51.request)]) });
const dp51Plain = new Uint8Array(cipherLength(dp51Air));
const reportCipher = inputs.report.air.subarray(17);

const baselineOps = {
  encryptPassword: {
    aesjs: () => base.aesjsEncryptPassword(password, ticketKey, accessKey),
    node: () => base.nodeEncryptPassword(password, ticketKey, accessKey),
  },
  decryptTicketKey: {
    aesjs: () => base.aesjsDecryptTicketKey(ticketKey, accessKey),
    node: () => base.nodeDecryptTicketKey(ticketKey, accessKey),
  },
  dp51: { aesjs: () => base.aesjsCbc(key, iv, dp51Plain), node: () => base.nodeCbc(key, iv, dp51Plain) },
  report: { aesjs: () => base.aesjsCbc(key, iv, reportCipher, true), node: () => base.nodeCbc(key, iv, reportCipher, true) },
};

function runNative() {
  const binary = join(root, 'build', 'native', 'bench', 'native', 'doorlock_native_bench');
  if (!existsSync(binary)) {
    console.log(`(native bench not built: ${binary}; run scripts/build.sh)`);
    return { scaling: {} };
  }
  const dir = mkdtempSync(join(tmpdir(), 'doorlock-bench-'));
  try {
    const file = join(dir, 'inputs.json');
    writeFileSync(file, nativeInputs(inputs));
    return JSON.parse(execFileSync(binary, [file], { encoding: 'utf8' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const labels = {
  encryptPassword: 'encryptPassword',
  decryptTicketKey: 'decryptTicketKey',
  buildSchedule: 'buildSchedule (2 windows)',
  buildRequest: 'buildRequest (scheduled create)',
  parseResponse: 'parseResponse (listRecords, 100)',
  dp51: 'DP 51 encode + packetize (MTU 20)',
  report: 'reassemble + decode (10 packets)',
};

const wasm = {};
const aesjs = {};
const node = {};
for (const name of Object.keys(wasmOps)) {
  wasm[name] = timeOp(wasmOps[name], budgetMs);
  if (baselineOps[name]) {
    aesjs[name] = timeOp(baselineOps[name].aesjs, budgetMs);
    node[name] = timeOp(baselineOps[name].node, budgetMs);
  }
}
const native = runNative();

console.log(`hot calls, Node ${process.version}, µs of CPU time per call (ratios: wasm time / other time; lower is better for wasm)`);
printTable(
  ['operation', 'wasm', 'native', 'wasm/native', 'aes-js', 'wasm/aes-js', 'node:crypto', 'wasm/node:crypto'],
  Object.keys(wasmOps).map((name) => [
    labels[name],
    us(wasm[name]),
    us(native[name]),
    ratio(wasm[name], native[name]),
    us(aesjs[name]),
    ratio(wasm[name], aesjs[name]),
    us(node[name]),
    ratio(wasm[name], node[name]),
  ]),
);
console.log('(aes-js and node:crypto on the BLE rows: the AES-128-CBC part only, over the same bytes)');

console.log('\nscaling (wasm; native beside it), µs per call and per item');
const rows = [];
for (const item of inputs.parseResponseScaling) {
  const t = timeOp(() => dl.parseResponse(item.action, item.body), budgetMs);
  const n = native.scaling[`parseResponse:${item.n}`];
  rows.push([`parseResponse, ${item.n} compact records`, us(t), us(t / item.n), us(n), n === undefined ? '—' : us(n / item.n)]);
}
for (const item of inputs.reportScaling) {
  const t = timeOp(() => decodeReport(item), budgetMs);
  const n = native.scaling[`report:${item.n}`];
  rows.push([
    `reassemble + decode, ${item.packets.length} packets (v4)`,
    us(t),
    us(t / item.packets.length),
    us(n),
    n === undefined ? '—' : us(n / item.packets.length),
  ]);
}
printTable(['size', 'wasm', 'wasm per item', 'native', 'native per item'], rows);
