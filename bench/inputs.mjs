// The inputs every implementation in bench/table.mjs works on, also written to a JSON file for the
// native bench (bench/native/core_bench.cpp), which reads the same values in the core's own form.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, fromHex, toHex } from './support.mjs';

export const ACCESS_KEY = '0123456789abcdef0123456789abcdef';
export const TICKET_KEY = '676A3814D4512307E7A5EBBB3983D27C8AA36241FDE8DF054DC325C6C695B89E';
export const FRAME_KEY = fromHex('000102030405060708090a0b0c0d0e0f');
export const FRAME_IV = fromHex('a0a1a2a3a4a5a6a7a8a9aaabacadaeaf');
const CMD_DP_WRITE = 0x0002;
const CMD_DP_REPORT = 0x8001;
const MODE_SESSION = 5;

const samples = JSON.parse(readFileSync(join(root, 'tests', 'fixtures', 'cloud-api-samples.json'), 'utf8'));
const sample = (reference) => {
  const found = [...samples.requests, ...samples.responses].find((item) => item.reference === reference);
  if (!found) throw new Error(`bench: no sample "${reference}" in tests/fixtures/cloud-api-samples.json`);
  return found;
};

// A listRecords answer with `count` records (the documented record, each with its own id and time).
// `compact`: records of four members, so that 10,000 of them stay within parseResponse's size limit.
export function listRecordsBody(count, compact = false) {
  const { body } = sample('doorLock.listRecords / Sample response on success');
  const full = body.result.records[0];
  const record = compact ? { dps: [{ unlock_password: '97' }], gmt_create: full.gmt_create, status: 1 } : full;
  const records = Array.from({ length: count }, (_, i) => ({
    ...record,
    record_id: `1579330005${String(i).padStart(8, '0')}`,
    gmt_create: record.gmt_create + i * 1000,
  }));
  return { ...body, result: { ...body.result, total: count, records } };
}

// A DP report frame split into `count` packets (or the next count the padding allows) at MTU 20 (protocol 3 frames stop at 1024
// bytes, about 50 packets: the scaling rows use protocol 4).
export function reportPackets(dl, count, protocol = 3) {
  for (let size = 1; size < 2048; size++) {
    // Protocol 3 carries at most 255 bytes per DP: a long report is several DPs.
    const dps = [];
    for (let left = size, id = 101; left > 0; left -= 200, id++) dps.push({ id, type: 'raw', value: new Uint8Array(Math.min(200, left)).fill(7) });
    const data = dl.ble.encodeDps(dps, { protocol });
    const air = dl.ble.encodeFrame({ sn: 9, cmd: CMD_DP_REPORT, data, mode: MODE_SESSION, key: FRAME_KEY, iv: FRAME_IV });
    const packets = dl.ble.packetize(air, { mtu: 20, protocol });
    if (packets.length >= count) return { packets, air }; // padding may step past one count: the rows say how many
  }
  throw new Error(`bench: no report size gives ${count} packets`);
}

export function makeInputs(dl) {
  const request = sample('doorLock.createTemporaryPassword / Sample request');
  const inputs = {
    encryptPassword: { password: '123456', ticketKey: TICKET_KEY, accessKey: ACCESS_KEY, lockType: 'ble' },
    decryptTicketKey: { ticketKey: TICKET_KEY, accessKey: ACCESS_KEY },
    buildSchedule: {
      effectiveTime: 1579156726,
      invalidTime: 1610692726,
      timeZone: 'Asia/Shanghai',
      windows: [
        { start: '07:30', end: '18:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
        { start: '09:00', end: '12:00', days: ['sat'] },
      ],
    },
    buildRequest: { action: request.action, params: request.params, options: request.options },
    parseResponse: { action: 'doorLock.listRecords', body: listRecordsBody(100) },
    dp51: {
      request: {
        password: '192837',
        validity: { effectiveTime: 946656000, invalidTime: 1924963199, cycle: 'weekly', days: ['mon', 'wed', 'fri'], start: '08:00', end: '20:00' },
      },
      sn: 5,
      cmd: CMD_DP_WRITE,
      mode: MODE_SESSION,
      key: FRAME_KEY,
      iv: FRAME_IV,
      mtu: 20,
      protocol: 3,
    },
    report: { ...reportPackets(dl, 10), key: FRAME_KEY, protocol: 3 },
    parseResponseScaling: [10, 100, 1000, 10000].map((n) => ({ n, action: 'doorLock.listRecords', body: listRecordsBody(n, true) })),
    reportScaling: [1, 10, 25, 50].map((n) => ({ n, ...reportPackets(dl, n, 4), key: FRAME_KEY, protocol: 4 })),
  };
  return inputs;
}

// The inputs as the native bench reads them: bytes as hex.
export function nativeInputs(inputs) {
  return JSON.stringify(inputs, (key, value) => (value instanceof Uint8Array ? toHex(value) : value));
}
