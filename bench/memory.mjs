// The module's heap after a warm-up and after a million mixed calls (every hot call of
// bench/table.mjs, a generated PIN, and refused calls): equal figures mean no call leaks.
//   node bench/memory.mjs [calls, default 1000000]
import { loadPackage } from './support.mjs';
import { listRecordsBody, makeInputs } from './inputs.mjs';

const calls = Number(process.argv[2] || 1000000);
const dl = await loadPackage().loadDoorlock();
const inputs = makeInputs(dl);
const smallPage = listRecordsBody(10);
const { sn, cmd, mode, key, iv, mtu, protocol } = inputs.dp51;

const refused = (fn) => () => {
  try {
    fn();
  } catch (error) {
    if (error.code) return;
    throw error;
  }
  throw new Error('bench: expected a refusal');
};

const operations = [
  () => dl.encryptPassword(inputs.encryptPassword),
  () => dl.decryptTicketKey(inputs.decryptTicketKey),
  () => dl.buildSchedule(inputs.buildSchedule),
  () => dl.buildRequest(inputs.buildRequest.action, inputs.buildRequest.params, inputs.buildRequest.options),
  () => dl.parseResponse('doorLock.listRecords', smallPage),
  () =>
    dl.ble.packetize(
      dl.ble.encodeFrame({ sn, cmd, mode, key, iv, data: dl.ble.encodeDps([dl.ble.lockDp.createTemporaryPassword(inputs.dp51.request)], { protocol }) }),
      { mtu, protocol },
    ),
  () => {
    const reassembler = dl.ble.reassembler({ protocol: 3 });
    let air = null;
    for (const packet of inputs.report.packets) air = reassembler.push(packet);
    dl.ble.decodeDps(dl.ble.decodeFrame(air, { key }).data);
  },
  () => dl.generatePassword({ lockType: 'ble' }),
  refused(() => dl.encryptPassword({ ...inputs.encryptPassword, password: '12ab' })),
  refused(() => dl.buildRequest('doorLock.noSuchAction', {})),
];

for (let i = 0; i < 2000; i++) operations[i % operations.length]();
const warm = { heap: dl.diagnostics.heapInUse(), memory: dl.diagnostics.memoryBytes(), stack: dl.diagnostics.stackPointer() };
const start = process.hrtime.bigint();
for (let i = 0; i < calls; i++) operations[i % operations.length]();
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const after = { heap: dl.diagnostics.heapInUse(), memory: dl.diagnostics.memoryBytes(), stack: dl.diagnostics.stackPointer() };

console.log(`module memory, ${calls} mixed calls (${operations.length} kinds) in ${seconds.toFixed(1)} s`);
console.log(
  `  heap in use      after warm-up ${warm.heap} bytes, after the calls ${after.heap} bytes (${after.heap - warm.heap >= 0 ? '+' : ''}${after.heap - warm.heap})`,
);
console.log(`  linear memory    after warm-up ${warm.memory} bytes, after the calls ${after.memory} bytes`);
console.log(`  stack pointer    after warm-up ${warm.stack}, after the calls ${after.stack}`);
console.log(after.heap === warm.heap && after.memory === warm.memory ? '  equal: no growth' : '  NOT EQUAL: the heap grew');
