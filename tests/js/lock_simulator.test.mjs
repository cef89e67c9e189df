// The lock simulator module (tools/lock-simulator) through its .wasm, driven by an app side written
// here with node:crypto: frames, CRC, AES-CBC and packets are built independently of the project's
// codec, so the simulator is checked against the published vectors and not against itself.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { loadLockSimulator, DoorlockError } from '../../tools/lock-simulator/js/index.mjs';
// The app side written from the spec with node:crypto, shared with the other independent peer.
import { crc16Modbus as crc16, varint } from './support/ble_peer.mjs';

const LOCAL_KEY = 'abcdef0123456789';
const UUID = 'tuya1234567890ab';
const DEV_ID = 'bf0123456789abcdefghij';
const KEY4 = Buffer.from('e80b5017098950fc58aad83c8c14978e', 'hex'); // vectors.md §3

const { createLockSimulator } = await loadLockSimulator();

// ---- an app side from first principles (ble-protocol.md §1a, §3, §4) ----

function readVarint(bytes, at) {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = bytes[at.offset++];
    value |= (byte & 0x7f) << shift;
    if (!(byte & 0x80)) return value;
  }
}

function airFrame({ sn, cmd, data = Buffer.alloc(0), key, mode, iv }) {
  const header = Buffer.alloc(12);
  header.writeUInt32BE(sn, 0);
  header.writeUInt32BE(0, 4);
  header.writeUInt16BE(cmd, 8);
  header.writeUInt16BE(data.length, 10);
  const body = Buffer.concat([header, data]);
  const crc = Buffer.alloc(2);
  crc.writeUInt16BE(crc16(body));
  let plain = Buffer.concat([body, crc]);
  plain = Buffer.concat([plain, Buffer.alloc((16 - (plain.length % 16)) % 16)]);
  const cipher = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
  return Buffer.concat([Buffer.from([mode]), iv, cipher.update(plain), cipher.final()]);
}

function packets(air, mtu, version) {
  const out = [];
  let offset = 0;
  for (let number = 0; offset < air.length; number++) {
    const head = number === 0 ? [...varint(0), ...varint(air.length), version << 4] : varint(number);
    const take = Math.min(mtu - head.length, air.length - offset);
    out.push(Uint8Array.from([...head, ...air.subarray(offset, offset + take)]));
    offset += take;
  }
  return out;
}

// Notifications back into frames (each packet at most `mtu` bytes).
function frames(notifications, keyFor, mtu = 20) {
  const out = [];
  let air = [];
  let total = 0;
  for (const packet of notifications) {
    assert.ok(packet instanceof Uint8Array);
    assert.ok(packet.length <= mtu, `packet of ${packet.length} bytes`);
    const at = { offset: 0 };
    if (readVarint(packet, at) === 0) {
      total = readVarint(packet, at);
      at.offset++; // version | seq
      air = [];
    }
    air.push(...packet.subarray(at.offset));
    if (air.length < total) continue;
    const bytes = Buffer.from(air);
    const decipher = createDecipheriv('aes-128-cbc', keyFor(bytes[0]), bytes.subarray(1, 17)).setAutoPadding(false);
    const plain = Buffer.concat([decipher.update(bytes.subarray(17)), decipher.final()]);
    const length = plain.readUInt16BE(10);
    assert.equal(crc16(plain.subarray(0, 12 + length)), plain.readUInt16BE(12 + length), 'frame CRC');
    out.push({
      mode: bytes[0],
      sn: plain.readUInt32BE(0),
      ackSn: plain.readUInt32BE(4),
      cmd: plain.readUInt16BE(8),
      data: plain.subarray(12, 12 + length),
    });
  }
  return out;
}

const md5 = (...parts) => createHash('md5').update(Buffer.concat(parts)).digest();
const iv = (seed) => Buffer.from(Array.from({ length: 16 }, (_, i) => (seed + i) & 0xff));

// A bound v4 lock and an app session carried by hand through device info, pairing and time.
function pairedLock(clock, { pairData, ...options } = {}) {
  const lock = createLockSimulator({
    localKey: LOCAL_KEY,
    uuid: UUID,
    devId: DEV_ID,
    protocol: 4,
    mtu: 20,
    checkCode: '12345678',
    now: () => clock.now,
    ...options,
  });
  lock.connect();
  // vectors.md §5: the published v4 device-info packets.
  let out = [
    ...lock.receive(Buffer.from('00214004000102030405060708090a0b0c0d0e0f', 'hex')),
    ...lock.receive(Buffer.from('01547943f9450b76099bfb0b53cf4036e3', 'hex')),
  ];
  const [info] = frames(out, () => KEY4);
  const srand = info.data.subarray(6, 12);
  const session = md5(Buffer.from('abcdef'), srand);
  const keyFor = (mode) => (mode === 4 ? KEY4 : session);
  const pair = pairData || Buffer.concat([Buffer.from(UUID), Buffer.from('abcdef'), Buffer.from(DEV_ID), Buffer.from([0, 3])]);
  out = packets(airFrame({ sn: 2, cmd: 0x0001, data: pair, key: session, mode: 5, iv: iv(1) }), 20, 4).flatMap((p) => lock.receive(p));
  const answers = frames(out, keyFor);
  const time = Buffer.concat([Buffer.from(String(clock.phoneMs)), Buffer.from([0x03, 0x20])]); // +8 h
  packets(airFrame({ sn: 3, cmd: 0x8011, data: time, key: session, mode: 5, iv: iv(2) }), 20, 4).forEach((p) => assert.deepEqual(lock.receive(p), []));
  return { lock, info, answers, session, keyFor, sn: 4 };
}

function dpWrite(link, dps, dpSn) {
  const list = Buffer.concat(
    dps.map(({ id, type = 0, value }) => {
      const head = Buffer.from([id, type, value.length >> 8, value.length & 0xff]);
      return Buffer.concat([head, value]);
    }),
  );
  const data = Buffer.concat([Buffer.from([0, 0, 0, 0, dpSn]), list]);
  const sn = link.sn++;
  return frames(
    packets(airFrame({ sn, cmd: 0x0027, data, key: link.session, mode: 5, iv: iv(sn) }), 20, 4).flatMap((p) => link.lock.receive(p)),
    link.keyFor,
  );
}

// The DPs of a v4 report (0x8006 / 0x8007), with the time of 0x8007.
function reportDps(frame) {
  let offset = 7;
  let time;
  if (frame.cmd === 0x8007) {
    assert.equal(frame.data[7], 1); // time type: unix seconds
    time = frame.data.readUInt32BE(8);
    offset = 12;
  }
  const dps = [];
  while (offset < frame.data.length) {
    const length = frame.data.readUInt16BE(offset + 2);
    dps.push({ id: frame.data[offset], type: frame.data[offset + 1], value: frame.data.subarray(offset + 4, offset + 4 + length) });
    offset += 4 + length;
  }
  return { time, dps };
}

test('device info, pairing and the time sync against vectors.md, checked with node:crypto', () => {
  const clock = { now: 1600000000, phoneMs: 1699840800000 };
  const { lock, info, answers } = pairedLock(clock);
  assert.equal(info.mode, 4);
  assert.equal(info.ackSn, 1);
  assert.equal(info.data.length, 85);
  assert.equal(info.data[5], 1);
  assert.equal(info.data.subarray(55, 77).toString(), DEV_ID);
  assert.deepEqual(
    answers.map((f) => [f.cmd, f.ackSn, [...f.data]]),
    [
      [0x0001, 2, [2]],
      [0x8011, 0, []],
    ],
  );
  const state = lock.state();
  assert.equal(state.paired, true);
  assert.equal(state.timeSynced, true);
  assert.equal(state.rtc, 1699840800);
  assert.equal(state.timeZone, 800);
  assert.deepEqual([...state.srand], [...info.data.subarray(6, 12)]);
  lock.close();
});

test('a weekly temporary password, the keypad in local time, and the check-code unlock', () => {
  const clock = { now: 1699840800, phoneMs: 1699840800000 };
  const link = pairedLock(clock);

  // DP 51 (ble-protocol.md §6.4): type 0 | validity (§6.2) | valid_num 0 | 6 digits as values.
  const validity = Buffer.alloc(17);
  validity.writeUInt32BE(1698796800, 0); // 2023-11-01T00:00Z
  validity.writeUInt32BE(1701388800, 4); // 2023-12-01T00:00Z
  validity[8] = 2; // weekly
  validity.writeUInt32BE(0b0001010, 9); // Monday and Wednesday (bit0 = Sunday)
  validity.set([8, 0, 18, 0], 13); // 08:00-18:00
  const create = Buffer.concat([Buffer.from([0]), validity, Buffer.from([0, 6, 2, 4, 6, 8, 1, 0])]);
  let out = dpWrite(link, [{ id: 51, value: create }], 1);
  assert.equal(out.length, 2);
  assert.deepEqual([...out[0].data], [0, 0, 0, 0, 1, 0]); // ver | dp_sn echoed, status 0
  const reply = reportDps(out[1]).dps[0];
  assert.equal(reply.id, 51);
  assert.equal(reply.value[1], 0); // result ok
  const hardId = reply.value[0];

  const [stored] = link.lock.passwords();
  assert.equal(stored.kind, 'temporary');
  assert.equal(stored.password, '246810');
  assert.equal(stored.validity.cycle, 'weekly');
  assert.equal(stored.validity.days, 10);

  // 2023-11-13 02:00Z is Monday 10:00 at +8; 12:00Z is Monday 20:00 there.
  assert.deepEqual(link.lock.pressKeypad('246810', 1699876800), { opened: false, hardId, kind: 'temporary_password', reason: 'outside_window', packets: [] });
  const opened = link.lock.pressKeypad('246810', 1699840800);
  assert.equal(opened.opened, true);
  assert.equal(opened.kind, 'temporary_password');
  const [record] = frames(opened.packets, link.keyFor);
  assert.equal(record.cmd, 0x8007);
  const { time, dps } = reportDps(record);
  assert.equal(time, 1699840800);
  assert.deepEqual(
    dps.map((d) => [d.id, d.type, d.value.readUInt32BE(0)]),
    [[55, 2, hardId]],
  );

  // vectors.md §6: DP 71 with check code 12345678; the lock's reply at once, its DP 19 record
  // 200 ms later on the lock's clock.
  out = dpWrite(link, [{ id: 71, value: Buffer.from('ffff00013132333435363738016553f1000001', 'hex') }], 2);
  assert.equal(out.length, 2);
  assert.equal(out[1].cmd, 0x8006);
  assert.equal(Buffer.from(reportDps(out[1]).dps[0].value).toString('hex'), '0001ffff3132333435363738016553f1000000');
  const due = link.lock.nextDue();
  assert.deepEqual(due, { atMs: clock.now * 1000 + 200, inMs: 200 });
  assert.deepEqual(link.lock.takeDue(due.atMs - 1), []);
  const later = frames(link.lock.takeDue(due.atMs), link.keyFor);
  assert.equal(later.length, 1);
  assert.equal(later[0].cmd, 0x8007);
  assert.equal(later[0].ackSn, 0);
  assert.equal(later[0].sn, out[1].sn + 1);
  // ver | report sn 4 (after the DP 51 reply, the keypad record and the DP 71 reply) | flag | mode |
  // time type 1 | 1699840800 = 0x65518320, the lock's time of the opening | DP 19, value, length 4, member 1
  assert.equal(later[0].data.toString('hex'), '00' + '00000004' + '00' + '00' + '01' + '65518320' + '13020004' + '00000001');
  assert.equal(link.lock.nextDue(), null);
  const unlock = reportDps(later[0]);
  assert.equal(unlock.time, 1699840800);
  assert.deepEqual(
    unlock.dps.map((d) => [d.id, d.value.readUInt32BE(0)]),
    [[19, 1]],
  );
  assert.equal(link.lock.state().unlocked, true);
  assert.deepEqual(
    link.lock.log().map((e) => [e.event, e.method, e.recordDp, e.reported]),
    [
      ['refused', 'temporary_password', undefined, true],
      ['unlock', 'temporary_password', 55, true],
      ['unlock', 'ble', 19, true],
    ],
  );
  link.lock.close();
});

test('a protocol-4 lock reads the pair source at DATA[61] (§6b.5)', () => {
  const clock = { now: 1699840800, phoneMs: 1699840800000 };
  let link = pairedLock(clock); // 46 bytes, source at DATA[45]: the lock reads past the end
  assert.equal(link.lock.state().pairSource, null);
  assert.ok(link.lock.events().some((e) => e.reason === 'pair_source_missing'));
  link.lock.close();
  const pairData = Buffer.alloc(62);
  Buffer.concat([Buffer.from(UUID), Buffer.from('abcdef'), Buffer.from(DEV_ID)]).copy(pairData);
  pairData[45] = 3;
  pairData[61] = 3;
  link = pairedLock(clock, { pairData });
  assert.equal(link.lock.state().paired, true);
  assert.equal(link.lock.state().pairSource, 3);
  link.lock.close();
});

test('windowCheck firmware-demo compares hour and minute apart: a daily 08:30-18:15 never opens', () => {
  const block = Buffer.alloc(17);
  block.writeUInt32BE(1698796800, 0);
  block.writeUInt32BE(1701388800, 4);
  block[8] = 1; // daily
  block.set([8, 30, 18, 15], 13);
  for (const windowCheck of ['minutes', 'firmware-demo']) {
    const clock = { now: 1699840800, phoneMs: 1699840800000 }; // the time sync sets zone +8
    const link = pairedLock(clock, { windowCheck });
    const out = dpWrite(link, [{ id: 51, value: Buffer.concat([Buffer.from([1]), block, Buffer.from([0, 6, 2, 7, 1, 8, 2, 8])]) }], 1);
    assert.deepEqual([...reportDps(out[1]).dps[0].value], [0, 0]);
    let opened = 0;
    const localMidnight = 1699804800; // 2023-11-13 00:00 at UTC+8 (2023-11-12T16:00Z)
    for (let minute = 0; minute < 1440; minute++) {
      if (link.lock.pressKeypad('271828', localMidnight + minute * 60).opened) opened++;
    }
    assert.equal(opened, windowCheck === 'minutes' ? 18 * 60 + 15 - (8 * 60 + 30) + 1 : 0);
    link.lock.close();
  }
});

test('two DPs in one write: acknowledged, then dropped by the lock application (node:crypto frames)', () => {
  const clock = { now: 1699840800, phoneMs: 1699840800000 };
  const link = pairedLock(clock);
  const t0 = { id: 64, type: 3, value: Buffer.from('1700000000') };
  const unlock = { id: 71, value: Buffer.from('ffff00013132333435363738016553f1000001', 'hex') };
  let out = dpWrite(link, [t0, unlock], 1);
  assert.equal(out.length, 1, 'the acknowledgement only: no reply DP');
  assert.deepEqual([...out[0].data], [0, 0, 0, 0, 1, 0]);
  assert.equal(link.lock.state().t0, 0);
  assert.equal(link.lock.state().unlocked, false);
  assert.deepEqual(link.lock.events().at(-1), { type: 'dropped', reason: 'several_dps_in_one_write: 2 DPs', cmd: 0x0027 });
  out = dpWrite(link, [t0], 2);
  assert.equal(out.length, 1);
  assert.equal(link.lock.state().t0, 1700000000);
  link.lock.close();
});

test("DP 51 statuses of Tuya's panel: 0x0a for a weak PIN, 0x03 for one the lock holds; the v3.3 SDK takes both", () => {
  const block = Buffer.alloc(17);
  block.writeUInt32BE(1698796800, 0);
  block.writeUInt32BE(1701388800, 4);
  // type 01 | time[17] (non-repeating, 00:00-00:00) | count 00 | pwd_len 6 | digits
  const create = (digits) => Buffer.concat([Buffer.from([1]), block, Buffer.from([0, digits.length, ...digits])]);
  for (const firmware of ['current', 'lock-sdk-3.3']) {
    const clock = { now: 1699840800, phoneMs: 1699840800000 };
    const link = pairedLock(clock, { firmware });
    const status = (digits, dpSn) => [...reportDps(dpWrite(link, [{ id: 51, value: create(digits) }], dpSn)[1]).dps[0].value];
    const current = firmware === 'current';
    assert.deepEqual(status([1, 2, 3, 4, 5, 6], 1), current ? [0xff, 0x0a] : [0, 0]);
    assert.deepEqual(status([5, 5, 5, 5, 5, 5, 1], 2), current ? [0xff, 0x0a] : [1, 0]);
    assert.deepEqual(status([2, 7, 1, 8, 2, 8], 3), current ? [0, 0] : [2, 0]);
    assert.deepEqual(status([2, 7, 1, 8, 2, 8], 4), current ? [0xff, 0x03] : [3, 0]);
    assert.equal(link.lock.passwords().length, current ? 1 : 4);
    link.lock.close();
  }
});

test('a replayed frame drops the link and the lock says why', () => {
  const clock = { now: 1699840800, phoneMs: 1699840800000 };
  const link = pairedLock(clock);
  link.sn = 3; // the time answer's SN again
  assert.deepEqual(dpWrite(link, [{ id: 64, type: 3, value: Buffer.from('1700000000') }], 1), []);
  const state = link.lock.state();
  assert.equal(state.connected, false);
  assert.equal(state.t0, 0);
  assert.deepEqual(link.lock.events().at(-1), { type: 'disconnected', reason: 'replayed_sn' });
  link.lock.close();
});

test('bad calls throw DoorlockError and leave the simulator usable', () => {
  const lock = createLockSimulator({ localKey: LOCAL_KEY, uuid: UUID, devId: DEV_ID });
  const expectError = (fn, code, field) => {
    assert.throws(fn, (error) => error instanceof DoorlockError && error.code === code && error.field === field);
  };
  expectError(() => createLockSimulator({ uuid: UUID }), 'INVALID_ARGUMENT', 'localKey');
  expectError(() => createLockSimulator({ localKey: LOCAL_KEY, uuid: 'short' }), 'INVALID_ARGUMENT', 'uuid');
  expectError(() => createLockSimulator({ localKey: LOCAL_KEY, uuid: UUID, protocol: 5 }), 'INVALID_ARGUMENT', 'protocol');
  expectError(() => createLockSimulator({ localKey: LOCAL_KEY, uuid: UUID, checkCode: '123' }), 'INVALID_ARGUMENT', 'checkCode');
  expectError(() => createLockSimulator({ localKey: LOCAL_KEY, uuid: UUID, layout: 'other' }), 'INVALID_ARGUMENT', 'layout');
  expectError(() => createLockSimulator({ localKey: LOCAL_KEY, uuid: UUID, colour: 'red' }), 'INVALID_ARGUMENT', 'colour');
  expectError(() => createLockSimulator({ localKey: LOCAL_KEY, uuid: UUID, windowCheck: 'hours' }), 'INVALID_ARGUMENT', 'windowCheck');
  expectError(() => createLockSimulator({ localKey: LOCAL_KEY, uuid: UUID, firmware: 's4' }), 'INVALID_ARGUMENT', 'firmware');
  expectError(() => createLockSimulator({ localKey: LOCAL_KEY, uuid: UUID, recordDelayMs: -1 }), 'INVALID_ARGUMENT', 'recordDelayMs');
  expectError(() => createLockSimulator({ localKey: LOCAL_KEY, uuid: UUID, now: 5 }), 'INVALID_ARGUMENT', 'now');
  expectError(() => lock.receive('00'), 'INVALID_ARGUMENT', 'packet');
  expectError(() => lock.pressKeypad('12ab'), 'INVALID_ARGUMENT', 'pin');
  expectError(() => lock.report([{ id: 8, type: 'value', value: 1.5 }]), 'INVALID_ARGUMENT', 'dps[0].value');
  lock.connect();
  assert.deepEqual(lock.receive(new Uint8Array([0x05])), []); // a packet with no frame in progress
  assert.equal(lock.events().at(-1).type, 'dropped');
  assert.equal(lock.state().connected, true);
  lock.close();
  lock.close(); // closing twice is harmless
  expectError(() => lock.state(), 'INVALID_STATE', undefined);
});
