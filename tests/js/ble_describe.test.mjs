// dl.ble.describeFrame and dl.cloudCodeMeaning through the .wasm. The frames are written here byte
// by byte from ble-protocol.md §2 / vectors.md §2, §6, §8 (and one air frame built with
// node:crypto and an independent CRC), not by the project's encoders.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createHash } from 'node:crypto';
import { loadDoorlock, catchDoorlockError } from './support/load.mjs';

const dl = await loadDoorlock();
const fromHex = (text) => Uint8Array.from(Buffer.from(text, 'hex'));
const ascii = (text) => Buffer.from(text, 'latin1').toString('hex');

function crc16Modbus(bytes) {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

test('a frame decodeFrame returned describes as it is: the v4 DP write of vectors.md §6', () => {
  // SN 3 | ACK_SN 0 | CMD 0027 | LEN 001c | DATA | CRC, zero-padded, AES-128-CBC under md5(localKey[0:6] || srand).
  const data = '000000000247000013ffff00013132333435363738016553f1000001';
  const body = Buffer.from(`00000003000000000027001c${data}`, 'hex');
  const crc = Buffer.alloc(2);
  crc.writeUInt16BE(crc16Modbus(body));
  assert.equal(crc.toString('hex'), '5a6c', 'vectors.md §2');
  const plain = Buffer.concat([body, crc]);
  const padded = Buffer.concat([plain, Buffer.alloc((16 - (plain.length % 16)) % 16)]);
  const key = createHash('md5').update('abcdef').update(Buffer.from('112233445566', 'hex')).digest();
  const iv = Buffer.alloc(16, 7);
  const cipher = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
  const air = Buffer.concat([Buffer.from([5]), iv, cipher.update(padded), cipher.final()]);

  const frame = dl.ble.decodeFrame(air, { key });
  const described = dl.ble.describeFrame(frame, { protocol: 4 });
  assert.equal(described.command, 'dpWriteV4');
  assert.equal(described.cmd, 0x0027);
  assert.equal(described.from, 'app');
  assert.equal(described.role, 'request');
  assert.equal(described.dpSn, 2);
  assert.equal(described.dps.length, 1);
  assert.equal(described.dps[0].id, 71);
  assert.equal(described.dps[0].type, 'raw');
  assert.equal(Buffer.from(described.dps[0].value).toString('hex'), 'ffff00013132333435363738016553f1000001');
  assert.deepEqual([...frame.data], [...fromHex(data)], "the caller's bytes are left as they were");
});

test('who sent it: options.from, else ACK_SN (an answer comes from the other side)', () => {
  assert.equal(dl.ble.describeFrame({ cmd: 0x0002, ackSn: 4, data: '00' }).role, 'answer');
  assert.equal(dl.ble.describeFrame({ cmd: 0x0002, ackSn: 4, data: '00' }).from, 'lock');
  assert.equal(dl.ble.describeFrame({ cmd: 0x8011, ackSn: 0 }).from, 'lock');
  const answer = dl.ble.describeFrame({ cmd: 0x8011, data: `${ascii('1700000000123')}0320` }, { from: 'app' });
  assert.deepEqual(answer, { command: 'timeRequest', cmd: 0x8011, from: 'app', role: 'answer', time: { unixMs: 1700000000123, zone: 800 } });
  assert.equal(catchDoorlockError(() => dl.ble.describeFrame({ cmd: 2, data: '00' })).field, 'options.from');
  assert.equal(catchDoorlockError(() => dl.ble.describeFrame({ cmd: 2 }, { from: 'phone' })).field, 'options.from');
  assert.equal(catchDoorlockError(() => dl.ble.describeFrame({ cmd: 2, ackSn: 0, crc: 1 })).field, 'frame.crc');
  assert.equal(catchDoorlockError(() => dl.ble.describeFrame({ data: '00' }, { from: 'app' })).field, 'frame.cmd');
  assert.equal(catchDoorlockError(() => dl.ble.describeFrame({ cmd: 2, ackSn: 0 }, { mtu: 20 })).field, 'options.mtu');
});

test('device info: the v4 request is the MTU (vectors.md §8), the answer its fields and srand', () => {
  assert.equal(dl.ble.describeFrame({ cmd: 0, ackSn: 0, data: '0014' }, { protocol: 4 }).mtu, 20);
  assert.equal(dl.ble.describeFrame({ cmd: 0, ackSn: 0, data: '0014' }).mtu, 20, 'without the protocol, 2 bytes are the MTU');
  assert.equal(dl.ble.describeFrame({ cmd: 0, ackSn: 0, data: '0014' }, { protocol: 3 }).mtu, undefined);
  assert.equal(catchDoorlockError(() => dl.ble.describeFrame({ cmd: 0, ackSn: 0, data: '' }, { protocol: 4 })).code, 'BAD_FRAME');

  const info = dl.ble.describeFrame({ cmd: 0, ackSn: 1, data: '01020302100111223344556600070000' });
  assert.equal(info.role, 'answer');
  assert.equal(info.protocol, '3.2');
  assert.equal(info.firmware, '1.2');
  assert.equal(info.hardware, '0.7');
  assert.equal(info.bound, true);
  assert.equal(info.flags, 0x10);
  assert.ok(info.srand instanceof Uint8Array);
  assert.equal(Buffer.from(info.srand).toString('hex'), '112233445566');
  assert.equal(catchDoorlockError(() => dl.ble.describeFrame({ cmd: 0, ackSn: 1, data: '0102030210011122334455' })).code, 'BAD_FRAME');
});

test('the pair request: uuid and devId, never the login key', () => {
  const data = `${ascii('tuya1234567890ab')}${ascii('abcdef')}${ascii('bf0123456789zyxwvutsrq')}0003`;
  const described = dl.ble.describeFrame({ cmd: 1, ackSn: 0, data });
  assert.deepEqual(described, {
    command: 'pair',
    cmd: 1,
    from: 'app',
    role: 'request',
    uuid: 'tuya1234567890ab',
    devId: 'bf0123456789zyxwvutsrq',
    loginKey: '[redacted]',
  });
  const text = JSON.stringify(described);
  assert.ok(!text.includes('abcdef') && !text.includes(ascii('abcdef')));
  assert.equal(dl.ble.describeFrame({ cmd: 1, ackSn: 2, data: '02' }).status, 'alreadyBound');
  const bad = catchDoorlockError(() => dl.ble.describeFrame({ cmd: 1, ackSn: 2, data: '0200' }));
  assert.equal(bad.code, 'BAD_FRAME');
  assert.match(bad.message, /pair answer is not 1 byte/);
});

test('reports with time and v4 headers; an unknown command is named unknown', () => {
  const v3 = dl.ble.describeFrame({ cmd: 0x8003, ackSn: 0, data: '016553f10008020400000064' });
  assert.deepEqual(v3.time, { unixMs: 1700000000000, encoding: 'unixSeconds' });
  assert.deepEqual(v3.dps, [{ id: 8, type: 'value', value: 100 }]);
  const v4 = dl.ble.describeFrame({ cmd: 0x8006, ackSn: 0, data: '00000000078003' });
  assert.deepEqual(v4.report, { sn: 7, flag: 0x80, mode: 3, wantsAnswer: false });
  const v4Answer = dl.ble.describeFrame({ cmd: 0x8006, ackSn: 7, data: '0000000007800300' });
  assert.deepEqual([v4Answer.from, v4Answer.role, v4Answer.report.sn, v4Answer.status], ['app', 'answer', 7, 'ok']);
  assert.deepEqual(dl.ble.describeFrame({ cmd: 0x8004, ackSn: 0, data: '000100' }), { command: 'unknown', cmd: 0x8004, from: 'lock', role: 'request' });
});

test('dl.cloudCodeMeaning: the global table, nothing made up', () => {
  assert.match(dl.cloudCodeMeaning(1106), /permission denied/);
  assert.match(dl.cloudCodeMeaning(2001), /offline/);
  assert.equal(dl.cloudCodeMeaning(40000123), null);
  assert.equal(dl.cloudCodeMeaning(0), null);
  assert.equal(catchDoorlockError(() => dl.cloudCodeMeaning('x')).field, 'code');
  assert.equal(catchDoorlockError(() => dl.cloudCodeMeaning(1.5)).field, 'code');
});
