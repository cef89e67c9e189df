// The fast paths of dl.ble.crc16, packetize, encodeFrame, decodeFrame and the reassembler's push
// (js/src/ble/fast-bytes.mjs over wasm/fast_ble.cpp) against the general call path of the same
// module and against an independent computation written here (CRC-16/MODBUS, the packet split and
// join of ble-protocol.md §4, AES-128-CBC from node:crypto): the same results, of the same types,
// on random input at the edge sizes; the same refusals; no byte left in the scratch area.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, randomBytes, randomInt } from 'node:crypto';
import { rawCoreModule } from './support/load.mjs';
import { wrapCore } from '../../js/src/core-api.mjs';
import { nodeEntropy } from '../../js/src/node-entropy.mjs';

const core = await rawCoreModule(nodeEntropy);

// The same module through a copy that counts the fast exports' calls, and through one without them.
const FAST_EXPORTS = [
  '_dl_ble_crc16',
  '_dl_ble_packetize',
  '_dl_ble_encode_frame',
  '_dl_ble_decode_frame',
  '_dl_ble_decode_dps',
  '_dl_ble_encode_dps',
  '_dl_ble_reassembler_create',
  '_dl_ble_reassembler_push',
  '_dl_ble_reassembler_step',
];
const fastCalls = Object.fromEntries(FAST_EXPORTS.map((name) => [name, 0]));
const counted = { ...core };
for (const name of FAST_EXPORTS) {
  counted[name] = (...a) => {
    fastCalls[name]++;
    return core[name](...a);
  };
}
const generalOnly = { ...core, _dl_ble_scratch: undefined };
for (const view of [counted, generalOnly]) Object.defineProperty(view, 'HEAPU8', { get: () => core.HEAPU8 });
const fast = wrapCore(counted);
const general = wrapCore(generalOnly);

const MODES = [0, 4, 5, 11, 12, 14, 15, 16];
const pick = (items) => items[randomInt(items.length)];
const bytes = (n) => new Uint8Array(randomBytes(n));

// --- the independent computation -------------------------------------------------------------
function crc16(data) {
  let crc = 0xffff;
  for (let i = 0; i < data.length; i++) {
    crc ^= data[i];
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

function varint(value) {
  const out = [];
  for (;;) {
    const low = value % 128;
    value = Math.floor(value / 128);
    out.push(value > 0 ? low | 0x80 : low);
    if (value === 0) return out;
  }
}

function split(air, mtu, protocol) {
  const packets = [];
  for (let number = 0, offset = 0; offset < air.length; number++) {
    const head = number === 0 ? [...varint(0), ...varint(air.length), protocol << 4] : varint(number);
    const take = Math.min(mtu - head.length, air.length - offset);
    packets.push(Uint8Array.from([...head, ...air.subarray(offset, offset + take)]));
    offset += take;
  }
  return packets;
}

function plainFrame(sn, ackSn, cmd, data) {
  const out = Buffer.alloc(14 + data.length);
  out.writeUInt32BE(sn, 0);
  out.writeUInt32BE(ackSn, 4);
  out.writeUInt16BE(cmd, 8);
  out.writeUInt16BE(data.length, 10);
  out.set(data, 12);
  out.writeUInt16BE(crc16(out.subarray(0, 12 + data.length)), 12 + data.length);
  return out;
}

function airFrame({ sn, ackSn = 0, cmd, data = new Uint8Array(0), mode, key, iv, padding = 'tuya' }) {
  const plain = plainFrame(sn, ackSn, cmd, data);
  if (mode === 0) return Uint8Array.from([0, ...plain]);
  const n = (16 - (plain.length % 16)) % 16;
  const padded = Buffer.concat([plain, Buffer.alloc(n, padding === 'tuya' ? n : 0)]);
  const cipher = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
  return new Uint8Array(Buffer.concat([Buffer.from([mode]), Buffer.from(iv), cipher.update(padded), cipher.final()]));
}

function readAir(air, key) {
  let plain = Buffer.from(air.subarray(1));
  if (air[0] !== 0) {
    const decipher = createDecipheriv('aes-128-cbc', key, air.subarray(1, 17)).setAutoPadding(false);
    plain = Buffer.concat([decipher.update(air.subarray(17)), decipher.final()]);
  }
  const length = plain.readUInt16BE(10);
  return {
    sn: plain.readUInt32BE(0),
    ackSn: plain.readUInt32BE(4),
    cmd: plain.readUInt16BE(8),
    data: new Uint8Array(plain.subarray(12, 12 + length)),
    mode: air[0],
  };
}

// DP records (ble-protocol.md §5): id | type | length (1 byte up to protocol 3, 2 bytes BE from 4) | value.
const DP_TYPES = ['raw', 'bool', 'value', 'string', 'enum', 'bitmap'];
function dpRecord(id, type, value, protocol) {
  const length = protocol >= 4 ? [value.length >> 8, value.length & 0xff] : [value.length];
  return [id, type, ...length, ...value];
}

// A random DP of each type: its wire value and the value decodeDps should give.
function randomDp(protocol) {
  const type = randomInt(6);
  const id = randomInt(256);
  const be = (n, width) => Array.from({ length: width }, (_, i) => (n >>> (8 * (width - 1 - i))) & 0xff);
  switch (type) {
    case 0: {
      const value = bytes(randomInt(0, protocol >= 4 ? 600 : 256));
      return { id, type, wire: [...value], value };
    }
    case 1: {
      const byte = pick([0, 1, 1, 2, 255]);
      return { id, type, wire: [byte], value: byte !== 0 };
    }
    case 2: {
      const n = pick([0, 1, -1, 2 ** 31 - 1, -(2 ** 31), randomInt(2 ** 32) - 2 ** 31]);
      return { id, type, wire: be(n, 4), value: n };
    }
    case 3: {
      const text = Array.from({ length: randomInt(0, 40) }, () => String.fromCharCode(randomInt(0x20, 0x7f))).join('') + (randomInt(4) === 0 ? 'é✓' : '');
      return { id, type, wire: [...Buffer.from(text, 'utf8')], value: text };
    }
    case 4: {
      const n = randomInt(256);
      return { id, type, wire: [n], value: n };
    }
    default: {
      const width = pick([1, 2, 4]);
      const n = randomInt(2 ** (8 * width));
      return { id, type, wire: be(n, width), value: n };
    }
  }
}

function outcome(fn) {
  try {
    return { value: fn() };
  } catch (error) {
    return { error: { name: error.name, code: error.code, field: error.field, message: error.message } };
  }
}

// The data sizes around AES block and packet boundaries, and random ones.
const EDGE_DATA = [0, 1, 2, 15, 16, 17, 18, 19, 31, 32, 33, 34, 47, 48, 49, 100, 255, 256, 1000, 1490, 1491, 1492, 1502];
// Air frame sizes around the packet boundaries of an MTU: packet 0 carries mtu - 4 bytes (mtu - 3
// below 128 bytes of frame), each later one mtu - 1 (mtu - 2 from packet 128 on).
function edgeAirSizes(mtu, max) {
  const sizes = new Set([1, 2, 15, 16, 17, 127, 128, 129, max - 1, max]);
  for (let k = 0; k < 6; k++) {
    for (const head of [3, 4]) {
      const boundary = mtu - head + k * (mtu - 1);
      for (const d of [-1, 0, 1]) sizes.add(boundary + d);
    }
  }
  return [...sizes].filter((n) => n >= 1 && n <= max);
}

const fastCount = (name) => fastCalls[name];

test('crc16: fast path, general path and a CRC written here agree, from empty to 8 KB', () => {
  const before = fastCount('_dl_ble_crc16');
  const sizes = [0, 1, 2, 7, 8, 9, 16, 100, 511, 512, 513, 1536, 4096, 8191, 8192];
  for (let i = 0; i < 200; i++) sizes.push(randomInt(0, 2000));
  for (const size of sizes) {
    const data = bytes(size);
    const want = crc16(data);
    assert.equal(fast.ble.crc16(data), want, `size ${size}`);
    assert.equal(general.ble.crc16(data), want, `size ${size}`);
  }
  assert.equal(fastCount('_dl_ble_crc16') - before, sizes.length);
  assert.equal(fast.ble.crc16(new TextEncoder().encode('123456789')), 0x4b37);
  // Larger than the scratch, and other argument types: the general path, the same answer.
  const large = bytes(9000);
  assert.equal(fast.ble.crc16(large), crc16(large));
  assert.equal(fast.ble.crc16('313233343536373839'), 0x4b37);
});

test('packetize: fast path, general path and the split of §4 agree at every MTU edge, protocols 3 and 4', () => {
  const before = fastCount('_dl_ble_packetize');
  let calls = 0;
  for (const protocol of [3, 4]) {
    const max = protocol === 4 ? 1536 : 1024;
    for (const mtu of [20, 21, 23, 64, 185, 244, 247, 512]) {
      const sizes = edgeAirSizes(mtu, max);
      for (let i = 0; i < 10; i++) sizes.push(randomInt(1, max + 1));
      for (const size of sizes) {
        const air = bytes(size);
        const want = split(air, mtu, protocol);
        const options = protocol === 3 && mtu === 20 && size % 2 ? undefined : { mtu, protocol };
        const got = fast.ble.packetize(air, options);
        calls++;
        assert.deepEqual(got, want, `protocol ${protocol} mtu ${mtu} size ${size}`);
        assert.deepEqual(general.ble.packetize(air, options), got);
        assert.ok(got.every((packet) => Object.getPrototypeOf(packet) === Uint8Array.prototype && packet.length <= mtu));
      }
    }
  }
  assert.equal(fastCount('_dl_ble_packetize') - before, calls);
  // 1..N packets at MTU 20.
  for (let n = 1; n <= 60; n++) {
    const size = 16 + (n - 1) * 19;
    assert.equal(fast.ble.packetize(bytes(size), { protocol: 4 }).length, n);
  }
});

test('encodeFrame: fast path, general path and node:crypto agree on random frames of every mode and padding', () => {
  const before = fastCount('_dl_ble_encode_frame');
  let calls = 0;
  const sizes = [...EDGE_DATA, 3000, 3072];
  for (let i = 0; i < 150; i++) sizes.push(randomInt(0, 400));
  for (const size of sizes) {
    const mode = pick(MODES);
    const options = { sn: randomInt(2 ** 32), cmd: randomInt(0x10000), mode };
    if (size > 0 || randomInt(2)) options.data = bytes(size);
    if (randomInt(2)) options.ackSn = pick([0, 1, 2 ** 32 - 1, randomInt(2 ** 32)]);
    if (randomInt(2)) options.padding = pick(['tuya', 'zero']);
    if (mode !== 0 || randomInt(2)) {
      options.key = bytes(16);
      options.iv = bytes(16);
    }
    const want = airFrame(options);
    const got = fast.ble.encodeFrame(options);
    calls++;
    assert.ok(Object.getPrototypeOf(got) === Uint8Array.prototype);
    assert.deepEqual(got, want, `mode ${mode} size ${size}`);
    assert.deepEqual(general.ble.encodeFrame(options), want);
  }
  assert.equal(fastCount('_dl_ble_encode_frame') - before, calls);
  // Without an IV the module draws one: the general path, a frame that decrypts to the same content.
  const key = bytes(16);
  const air = fast.ble.encodeFrame({ sn: 5, cmd: 2, data: bytes(40), mode: 5, key });
  assert.equal(readAir(air, key).sn, 5);
  assert.equal(fastCount('_dl_ble_encode_frame') - before, calls);
});

test('decodeFrame: fast path, general path and node:crypto agree on random frames of every mode', () => {
  const before = fastCount('_dl_ble_decode_frame');
  let calls = 0;
  const sizes = [...EDGE_DATA, 2000, 3000];
  for (let i = 0; i < 150; i++) sizes.push(randomInt(0, 400));
  for (const size of sizes) {
    const mode = pick(MODES);
    const key = bytes(16);
    const frame = {
      sn: randomInt(2 ** 32),
      ackSn: randomInt(2 ** 32),
      cmd: randomInt(0x10000),
      data: bytes(size),
      mode,
      key,
      iv: bytes(16),
      padding: pick(['tuya', 'zero']),
    };
    const air = airFrame(frame);
    const want = { sn: frame.sn, ackSn: frame.ackSn, cmd: frame.cmd, data: frame.data, mode };
    const options = mode === 0 && randomInt(2) ? undefined : { key };
    const got = fast.ble.decodeFrame(air, options);
    calls++;
    assert.deepEqual(got, want, `mode ${mode} size ${size}`);
    assert.deepEqual(readAir(air, key), want);
    assert.deepEqual(general.ble.decodeFrame(air, options), got);
    assert.ok(Object.getPrototypeOf(got.data) === Uint8Array.prototype);
  }
  assert.equal(fastCount('_dl_ble_decode_frame') - before, calls);
});

test('the reassembler: fast and general pushes give the same results and frames, at every MTU edge, protocols 3 and 4', () => {
  const before = fastCount('_dl_ble_reassembler_step');
  let pushes = 0;
  for (const protocol of [3, 4]) {
    const max = protocol === 4 ? 1536 : 1024;
    for (const mtu of [20, 23, 100, 244, 512]) {
      const sizes = edgeAirSizes(mtu, max);
      for (let i = 0; i < 5; i++) sizes.push(randomInt(1, max + 1));
      const a = fast.ble.reassembler({ protocol });
      const b = general.ble.reassembler({ protocol });
      for (const size of sizes) {
        const air = bytes(size);
        const packets = split(air, mtu, protocol);
        // Duplicates as a lock's retransmissions make them: a repeat of the packet just pushed.
        const sent = [];
        for (const packet of packets) {
          sent.push(packet);
          if (randomInt(5) === 0) sent.push(packet);
        }
        let got = null;
        for (let i = 0; i < sent.length; i++) {
          const fromFast = outcome(() => a.push(sent[i]));
          pushes++;
          assert.deepEqual(
            fromFast,
            outcome(() => b.push(sent[i])),
            `protocol ${protocol} mtu ${mtu} size ${size} push ${i}`,
          );
          if (fromFast.value) got = fromFast.value;
        }
        assert.deepEqual(got, air, `protocol ${protocol} mtu ${mtu} size ${size}`);
      }
    }
  }
  assert.equal(fastCount('_dl_ble_reassembler_step') - before, pushes);
});

test('the reassembler: packets given as hex take the general path mid-frame, and the fast path carries on from its state', () => {
  const beforeSnapshot = fastCount('_dl_ble_reassembler_push');
  for (let round = 0; round < 60; round++) {
    const protocol = pick([3, 4]);
    const air = bytes(randomInt(1, protocol === 4 ? 1537 : 1025));
    const packets = split(air, pick([20, 23, 244]), protocol);
    const a = fast.ble.reassembler({ protocol });
    const b = general.ble.reassembler({ protocol });
    let got = null;
    for (const packet of packets) {
      const given = randomInt(3) === 0 ? Buffer.from(packet).toString('hex') : packet;
      const fromFast = outcome(() => a.push(given));
      assert.deepEqual(
        fromFast,
        outcome(() => b.push(given)),
      );
      if (fromFast.value) got = fromFast.value;
    }
    assert.deepEqual(got, air);
  }
  assert.ok(fastCount('_dl_ble_reassembler_push') > beforeSnapshot, 'a state of snapshot bytes was pushed on the fast path');
});

test('the reassembler: broken sequences raise the same BAD_FRAME on both paths and leave the same state', () => {
  const sequences = [];
  for (let round = 0; round < 120; round++) {
    const protocol = pick([3, 4]);
    const mtu = pick([20, 40, 244]);
    const packets = split(bytes(randomInt(1, protocol === 4 ? 1537 : 1025)), mtu, protocol);
    const sequence = [...packets];
    switch (round % 8) {
      case 0:
        sequence.splice(1 + randomInt(Math.max(1, sequence.length - 1)), 1);
        break; // a gap
      case 1:
        sequence.reverse();
        break; // numbers going back
      case 2:
        sequence.unshift(packets[packets.length - 1]);
        break; // no frame in progress
      case 3:
        sequence.splice(randomInt(sequence.length + 1), 0, new Uint8Array(0));
        break; // empty
      case 4:
        sequence.splice(randomInt(sequence.length + 1), 0, bytes(mtu + 1 + randomInt(600)));
        break; // over-long
      case 5:
        sequence.unshift(Uint8Array.from([0, ...varint(protocol === 4 ? 1537 : 1025), 0x30, 1]));
        break; // total too large
      case 6:
        sequence.unshift(Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x01]));
        break; // malformed number
      default:
        sequence.splice(randomInt(sequence.length + 1), 0, bytes(randomInt(1, 30)));
        break; // noise
    }
    sequences.push({ protocol, sequence });
  }
  for (const { protocol, sequence } of sequences) {
    const a = fast.ble.reassembler({ protocol });
    const b = general.ble.reassembler({ protocol });
    for (const packet of sequence)
      assert.deepEqual(
        outcome(() => a.push(packet)),
        outcome(() => b.push(packet)),
      );
    // After whatever the sequence left, a whole frame still comes through both alike.
    const air = bytes(randomInt(1, 300));
    let got = null;
    for (const packet of split(air, 20, protocol)) {
      const fromFast = outcome(() => a.push(packet));
      assert.deepEqual(
        fromFast,
        outcome(() => b.push(packet)),
      );
      if (fromFast.value) got = fromFast.value;
    }
    assert.deepEqual(got, air);
  }
  // Not bytes: the same refusal.
  for (const packet of ['00', [0, 1], null, 7, new Uint16Array(4)]) {
    assert.deepEqual(
      outcome(() => fast.ble.reassembler().push(packet)),
      outcome(() => general.ble.reassembler().push(packet)),
    );
  }
});

test('decodeDps: fast path, general path and a DP reader written here agree on random records of every type, protocols 3 and 4', () => {
  const before = fastCount('_dl_ble_decode_dps');
  let calls = 0;
  for (let round = 0; round < 400; round++) {
    const protocol = pick([2, 3, 4, 5]);
    const dps = Array.from({ length: round % 20 === 0 ? 0 : randomInt(1, 8) }, () => randomDp(protocol));
    const data = Uint8Array.from(dps.flatMap((dp) => dpRecord(dp.id, dp.type, dp.wire, protocol)));
    const want = dps.map((dp) => ({ id: dp.id, type: DP_TYPES[dp.type], value: dp.value }));
    const options = protocol === 3 && randomInt(2) ? undefined : { protocol };
    const got = fast.ble.decodeDps(data, options);
    calls++;
    assert.deepEqual(got, want, `round ${round}`);
    assert.deepEqual(general.ble.decodeDps(data, options), got, `round ${round}`);
  }
  assert.equal(fastCount('_dl_ble_decode_dps') - before, calls);
});

test('decodeDps: string DPs with any ASCII byte, control bytes and NUL included, come out whole, as on the general path', () => {
  for (let byte = 0; byte < 0x80; byte++) {
    const data = Uint8Array.from([7, 3, 3, 0x41, byte, 0x42]);
    const want = [{ id: 7, type: 'string', value: `A${String.fromCharCode(byte)}B` }];
    assert.deepEqual(fast.ble.decodeDps(data), want, `byte ${byte}`);
    assert.deepEqual(general.ble.decodeDps(data), want, `byte ${byte}`);
  }
  // NULs at either end and in a row, beside text beyond ASCII (which only the general path decodes).
  const wire = [0, 0x41, 0, 0, ...Buffer.from('é'), 0];
  const want = [{ id: 9, type: 'string', value: '\0A\0\0é\0' }];
  assert.deepEqual(general.ble.decodeDps(Uint8Array.from(dpRecord(9, 3, wire, 3))), want);
  assert.deepEqual(fast.ble.decodeDps(Uint8Array.from(dpRecord(9, 3, wire, 3))), want);
  for (let round = 0; round < 100; round++) {
    const wire = Array.from({ length: randomInt(0, 30) }, () => randomInt(0x80));
    const data = Uint8Array.from(dpRecord(9, 3, wire, 3));
    assert.deepEqual(fast.ble.decodeDps(data), general.ble.decodeDps(data));
  }
});

test('encodeDps: fast path, general path and a DP writer written here agree on raw DPs, protocols 3 and 4', () => {
  const before = fastCount('_dl_ble_encode_dps');
  let calls = 0;
  for (let round = 0; round < 300; round++) {
    const protocol = pick([2, 3, 4, 5]);
    const largest = protocol >= 4 ? 600 : 255;
    const count = round % 25 === 0 ? 0 : randomInt(1, 6);
    const dps = Array.from({ length: count }, () => ({ id: randomInt(256), type: 'raw', value: bytes(pick([0, 1, largest, randomInt(0, largest + 1)])) }));
    const want = Uint8Array.from(dps.flatMap((dp) => dpRecord(dp.id, 0, [...dp.value], protocol)));
    const options = protocol === 3 && randomInt(2) ? undefined : { protocol };
    const got = fast.ble.encodeDps(dps, options);
    calls++;
    assert.deepEqual(got, want, `round ${round}`);
    assert.deepEqual(general.ble.encodeDps(dps, options), want, `round ${round}`);
  }
  assert.equal(fastCount('_dl_ble_encode_dps') - before, calls);
  // Other types take the general path, with the same bytes as before.
  const mixed = [
    { id: 1, type: 'bool', value: true },
    { id: 2, type: 'value', value: -5 },
    { id: 3, type: 'raw', value: bytes(3) },
  ];
  assert.deepEqual(fast.ble.encodeDps(mixed), general.ble.encodeDps(mixed));
  // A lock DP as the builders make it (with its hidden warnings).
  const dp = fast.ble.lockDp.createTemporaryPassword({ password: '192837', validity: { effectiveTime: 946656000, invalidTime: 1924963199 } });
  assert.deepEqual(fast.ble.encodeDps([dp], { protocol: 3 }), Uint8Array.from(dpRecord(dp.id, 0, [...dp.value], 3)));
});

test('the reassembler: the fast first state behaves as the general one, options refused alike', () => {
  const before = fastCount('_dl_ble_reassembler_create');
  for (const options of [
    undefined,
    {},
    { protocol: 2 },
    { protocol: 4 },
    { protocol: 15 },
    { maxPacket: 20 },
    { maxPacket: 512 },
    { protocol: 4, maxPacket: 100 },
  ]) {
    const protocol = options?.protocol ?? 3;
    const maxPacket = options?.maxPacket ?? 512;
    const a = fast.ble.reassembler(options);
    const b = general.ble.reassembler(options);
    const largest = protocol >= 4 ? 1536 : 1024;
    for (const size of [largest, largest + 1]) {
      for (const mtu of [maxPacket, Math.min(512, maxPacket + 1)]) {
        const packets = [Uint8Array.from([0, ...varint(size), protocol << 4, ...bytes(Math.max(0, mtu - 2 - varint(size).length))])];
        for (const packet of packets)
          assert.deepEqual(
            outcome(() => a.push(packet)),
            outcome(() => b.push(packet)),
            JSON.stringify({ options, size, mtu }),
          );
      }
    }
  }
  assert.equal(fastCount('_dl_ble_reassembler_create') - before, 8);
  for (const options of [
    { protocol: 1 },
    { protocol: 16 },
    { protocol: 3.5 },
    { protocol: '4' },
    { maxPacket: 19 },
    { maxPacket: 513 },
    { maxPacket: -1 },
    { extra: 1 },
    null,
    'x',
    4,
  ]) {
    const want = outcome(() => general.ble.reassembler(options));
    assert.ok(want.error || options === null, JSON.stringify(options)); // null is "no options"
    assert.deepEqual(outcome(() => fast.ble.reassembler(options)).error, want.error, JSON.stringify(options));
  }
});

test('every refusal of the byte functions is the same DoorlockError on both paths', () => {
  const key = bytes(16);
  const iv = bytes(16);
  const good = fast.ble.encodeFrame({ sn: 1, cmd: 2, data: bytes(20), mode: 5, key, iv });
  const flipped = good.slice();
  flipped[good.length - 1] ^= 1;
  const plainOnly = airFrame({ sn: 1, cmd: 2, data: bytes(3), mode: 0 });
  const badCrc = plainOnly.slice();
  badCrc[badCrc.length - 1] ^= 1;
  const cases = {
    crc16: [[], [null], [undefined], [new Uint16Array(3)], [[1, 2, 300]], ['zz'], [bytes(3), 1]],
    packetize: [
      [new Uint8Array(0)],
      [bytes(1025)],
      [bytes(1025), { protocol: 3 }],
      [bytes(1537), { protocol: 4 }],
      [bytes(100), { mtu: 19 }],
      [bytes(100), { mtu: 513 }],
      [bytes(100), { mtu: 70000 }],
      [bytes(100), { mtu: 20.5 }],
      [bytes(100), { mtu: -1 }],
      [bytes(100), { mtu: '20' }],
      [bytes(100), { protocol: 1 }],
      [bytes(100), { protocol: 16 }],
      [bytes(100), { protocol: 4, extra: 1 }],
      [bytes(100), null],
      [bytes(100), 'x'],
      [null],
      ['abc'],
      [bytes(10), {}, 3],
    ],
    encodeFrame: [
      [{ sn: 1, cmd: 2, mode: 5, key, iv: bytes(15) }],
      [{ sn: 1, cmd: 2, mode: 5, key: bytes(15), iv }],
      [{ sn: 1, cmd: 2, mode: 5, iv }],
      [{ sn: 1, cmd: 2, mode: 3, key, iv }],
      [{ sn: 1, cmd: 2, mode: 256, key, iv }],
      [{ sn: -1, cmd: 2, mode: 5, key, iv }],
      [{ sn: 2 ** 32, cmd: 2, mode: 5, key, iv }],
      [{ sn: 1.5, cmd: 2, mode: 5, key, iv }],
      [{ sn: 1, cmd: 0x10000, mode: 5, key, iv }],
      [{ sn: 1, ackSn: -2, cmd: 2, mode: 5, key, iv }],
      [{ cmd: 2, mode: 5, key, iv }],
      [{ sn: 1, mode: 5, key, iv }],
      [{ sn: 1, cmd: 2, key, iv }],
      [{ sn: 1, cmd: 2, mode: 5, key, iv, padding: 'pkcs7' }],
      [{ sn: 1, cmd: 2, mode: 5, key, iv, extra: true }],
      [{ sn: 1, cmd: 2, mode: 5, key, iv, data: bytes(65536) }],
      [{ sn: 1, cmd: 2, mode: 5, key, iv, data: 'zz' }],
      [{ sn: 1, cmd: 2, mode: 5, key, iv, data: [1, 2, 999] }],
      [{ sn: 1, cmd: 2, mode: 0, padding: 3 }],
      [null],
      [],
      [{ sn: 1, cmd: 2, mode: 0 }, 1],
    ],
    decodeFrame: [
      [new Uint8Array(0), { key }],
      [good.subarray(0, 17), { key }],
      [good.subarray(0, good.length - 1), { key }],
      [flipped, { key }],
      [good, { key: bytes(16) }],
      [good, { key: bytes(15) }],
      [good],
      [good, {}],
      [good, null],
      [good, { key: 'zz' }],
      [Uint8Array.from([3, ...good.subarray(1)]), { key }],
      [badCrc],
      [plainOnly.subarray(0, 10)],
      [Uint8Array.from([0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0, 9, 1, 2])],
      ['00'],
      [good, { key }, 3],
    ],
    encodeDps: [
      [[{ id: 256, type: 'raw', value: bytes(2) }]],
      [[{ id: -1, type: 'raw', value: bytes(2) }]],
      [[{ id: 1, type: 'raw', value: bytes(256) }], { protocol: 3 }],
      [[{ id: 1, type: 'raw', value: bytes(256) }]],
      [[{ id: 1, type: 'raw', value: bytes(2) }], { protocol: 1 }],
      [[{ id: 1, type: 'raw', value: bytes(2) }], { protocol: 3, mtu: 20 }],
      [[{ id: 1, type: 'raw', value: bytes(2), width: 2 }]],
      [[{ id: 1, type: 'RAW', value: bytes(2) }]],
      [[{ id: 1, type: 'raw' }]],
      [[{ id: 1, type: 'raw', value: 'zz' }]],
      [[{ id: 1, type: 'raw', value: bytes(2) }, null]],
      [[{ id: 1, type: 'raw', value: bytes(2) }, 7]],
      [{ id: 1, type: 'raw', value: bytes(2) }],
      [[{ id: 1, type: 'raw', value: bytes(2) }], null],
      [[], {}, 1],
    ],
    decodeDps: [
      [Uint8Array.from([1, 1])],
      [Uint8Array.from([1, 1, 1])],
      [Uint8Array.from([1, 1, 0, 1]), { protocol: 4 }],
      [Uint8Array.from([1, 6, 1, 0])],
      [Uint8Array.from([1, 255, 1, 0])],
      [Uint8Array.from([1, 0, 5, 1, 2])],
      [Uint8Array.from([1, 1, 2, 1, 1])],
      [Uint8Array.from([1, 2, 3, 1, 1, 1])],
      [Uint8Array.from([1, 4, 0])],
      [Uint8Array.from([1, 5, 3, 1, 2, 3])],
      [Uint8Array.from([1, 1, 1, 1, 2])],
      [Uint8Array.from([1, 1, 1, 1]), { protocol: 1 }],
      [Uint8Array.from([1, 1, 1, 1]), { protocol: 16 }],
      [Uint8Array.from([1, 1, 1, 1]), { protocol: '3' }],
      [Uint8Array.from([1, 1, 1, 1]), { protocol: 3, extra: 1 }],
      [Uint8Array.from([1, 1, 1, 1]), null],
      ['01010101'],
      [null],
      [Uint8Array.from([1, 1, 1, 1]), {}, 1],
    ],
  };
  for (const [name, list] of Object.entries(cases)) {
    for (const args of list) {
      const want = outcome(() => general.ble[name](...args));
      assert.deepEqual(
        outcome(() => fast.ble[name](...args)),
        want,
        `${name} ${args.map((a) => (a && a.length > 40 ? `[${a.length}]` : JSON.stringify(a))).join(', ')}`,
      );
    }
  }
});

test('the scratch area holds nothing after a call, accepted or refused', () => {
  const base = core._dl_ble_scratch();
  const size = core._dl_ble_scratch_size();
  const isClean = () => core.HEAPU8.subarray(base, base + size).every((byte) => byte === 0);
  const key = bytes(16);
  const calls = [
    () => fast.ble.crc16(bytes(8192)),
    () => fast.ble.packetize(bytes(1536), { protocol: 4 }),
    () => fast.ble.packetize(bytes(1536), { protocol: 3 }),
    () => fast.ble.encodeFrame({ sn: 1, cmd: 2, data: bytes(3072), mode: 5, key, iv: bytes(16) }),
    () => fast.ble.encodeFrame({ sn: 1, cmd: 2, data: bytes(30), mode: 0 }),
    () => fast.ble.decodeDps(Uint8Array.from([...dpRecord(1, 0, [...bytes(1000)], 4), ...dpRecord(2, 2, [1, 2, 3, 4], 4)]), { protocol: 4 }),
    () => fast.ble.encodeDps([{ id: 51, type: 'raw', value: bytes(3000) }], { protocol: 4 }),
    () => fast.ble.encodeDps([{ id: 51, type: 'raw', value: bytes(300) }], { protocol: 3 }),
    () => fast.ble.decodeDps(Uint8Array.from([...dpRecord(1, 3, [...Buffer.from('é')], 3), 1]), { protocol: 3 }),
    () => fast.ble.decodeFrame(fast.ble.encodeFrame({ sn: 1, cmd: 2, data: bytes(3000), mode: 5, key, iv: bytes(16) }), { key }),
    () => fast.ble.decodeFrame(fast.ble.encodeFrame({ sn: 1, cmd: 2, data: bytes(300), mode: 5, key, iv: bytes(16) }), { key: bytes(16) }),
    () => {
      const r = fast.ble.reassembler({ protocol: 4 });
      for (const packet of split(bytes(1536), 20, 4)) r.push(packet);
    },
    () => {
      const r = fast.ble.reassembler({ protocol: 4 });
      for (const packet of split(bytes(1000), 512, 4).reverse()) r.push(packet);
    },
  ];
  for (const call of calls) {
    outcome(call);
    assert.ok(isClean(), String(call));
  }
});

test('encodeDps: arrays behind a Proxy, whose length may be anything, give a value or a DoorlockError, as on the general path', () => {
  const proxy = (lengths) => {
    let reads = 0;
    const target = [{ id: 1, type: 'raw', value: Uint8Array.of(7, 8) }];
    return new Proxy(target, { get: (t, key) => (key === 'length' ? lengths[Math.min(reads++, lengths.length - 1)] : t[key]) });
  };
  // A length that stays the same: the same outcome on both paths.
  for (const length of [1, 0, 5, 2 ** 40, -1, 1.5, 41]) {
    assert.deepEqual(
      outcome(() => fast.ble.encodeDps(proxy([length]))),
      outcome(() => general.ble.encodeDps(proxy([length]))),
      String(length),
    );
  }
  // A length that changes between reads: never anything but a value or a DoorlockError.
  for (const lengths of [
    [1, 2 ** 40],
    [1, -1],
    [2 ** 40, 1],
    [1, 1.5],
    [5, 0],
  ]) {
    const fromFast = outcome(() => fast.ble.encodeDps(proxy(lengths)));
    assert.ok(!fromFast.error || fromFast.error.name === 'DoorlockError', JSON.stringify(fromFast.error));
  }
});

test("the caller's option values are read once, also when the call falls back", () => {
  const key = bytes(16);
  let reads = 0;
  const options = { sn: 1, cmd: 2, mode: 5, key, iv: bytes(16) };
  Object.defineProperty(options, 'data', { enumerable: true, get: () => (reads++, bytes(10)) });
  fast.ble.encodeFrame(options);
  assert.equal(reads, 1);
  const refused = { sn: 1, cmd: 2, mode: 5, key, iv: bytes(15) };
  Object.defineProperty(refused, 'data', { enumerable: true, get: () => (reads++, bytes(10)) });
  outcome(() => fast.ble.encodeFrame(refused));
  assert.equal(reads, 2);
});
