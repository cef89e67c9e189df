// The BLE codec through the .wasm: every vector of vectors.md §1-§8 and cross-checks of the
// AES-CBC, MD5 and CRC work against Node's crypto and an independent JS CRC on random frames.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createHash, randomBytes, randomInt } from 'node:crypto';
import { loadDoorlock, catchDoorlockError } from './support/load.mjs';
import { crc16Modbus, decrypt, encrypt, fromHex, hex, plainFrame, split } from './support/ble_peer.mjs';

const dl = await loadDoorlock();
const IV = fromHex('000102030405060708090a0b0c0d0e0f');
const LOCAL_KEY = 'abcdef0123456789';
const KEY4 = fromHex('e80b5017098950fc58aad83c8c14978e');

test('vectors §1: CRC-16/MODBUS', () => {
  assert.equal(dl.ble.crc16(new TextEncoder().encode('123456789')), 0x4b37);
  assert.equal(dl.ble.crc16('313233343536373839'), 0x4b37);
  assert.equal(dl.ble.crc16(new Uint8Array(0)), 0xffff);
});

test('vectors §3: keys of modes 4 and 5', () => {
  assert.equal(hex(dl.ble.deriveKey({ mode: 4, localKey: LOCAL_KEY })), 'e80b5017098950fc58aad83c8c14978e');
  assert.equal(hex(dl.ble.deriveKey({ mode: 5, localKey: LOCAL_KEY, srand: '112233445566' })), '15802df1b2bc922b4293b500fd3704e5');
  assert.equal(hex(dl.ble.deriveKey({ mode: 5, localKey: LOCAL_KEY, srand: fromHex('112233445566') })), '15802df1b2bc922b4293b500fd3704e5');
  assert.equal(catchDoorlockError(() => dl.ble.deriveKey({ mode: 5, localKey: LOCAL_KEY })).field, 'srand');
  assert.equal(catchDoorlockError(() => dl.ble.deriveKey({ mode: 4 })).field, 'localKey');
  assert.equal(catchDoorlockError(() => dl.ble.deriveKey({ mode: 3, localKey: LOCAL_KEY })).field, 'mode');
  assert.equal(catchDoorlockError(() => dl.ble.deriveKey({ mode: 4, localKey: LOCAL_KEY, extra: 1 })).field, 'extra');
  // cryption v2: md5(localKey || secKey [|| srand]); 11/12/16 need an explicit opt-in.
  const secKey = '0123456789abcdef';
  assert.equal(
    hex(dl.ble.deriveKey({ mode: 14, localKey: LOCAL_KEY, secKey })),
    createHash('md5')
      .update(LOCAL_KEY + secKey)
      .digest('hex'),
  );
  const authKey = 'A'.repeat(32);
  const uuid = '0123456789abcdef';
  const serviceRand = randomBytes(16);
  assert.equal(catchDoorlockError(() => dl.ble.deriveKey({ mode: 11, authKey, uuid, serviceRand })).field, 'experimental');
  assert.equal(
    hex(dl.ble.deriveKey({ mode: 11, authKey, uuid, serviceRand, experimental: true })),
    createHash('md5')
      .update(Buffer.concat([Buffer.from(authKey), Buffer.from(uuid), serviceRand]))
      .digest('hex'),
  );
});

test('vectors §2 and §4: plaintext and air frames with a fixed IV', () => {
  const v4 = dl.ble.encodeFrame({ sn: 1, ackSn: 0, cmd: 0, data: fromHex('0014'), mode: 4, key: KEY4, iv: IV });
  assert.equal(hex(v4), '04000102030405060708090a0b0c0d0e0f547943f9450b76099bfb0b53cf4036e3');
  const zero = dl.ble.encodeFrame({ sn: 1, cmd: 0, mode: 4, key: KEY4, iv: IV, padding: 'zero' });
  assert.equal(hex(zero), '04000102030405060708090a0b0c0d0e0ff8bc69d43b1f0e3bf28ac34ec4aa2723');
  const tuya = dl.ble.encodeFrame({ sn: 1, cmd: 0, mode: 4, key: KEY4, iv: IV });
  assert.equal(hex(tuya), '04000102030405060708090a0b0c0d0e0fb5d360c1a093a92a12ccf2c70fa460ac');
  // The plaintexts of §2, read back with Node's AES.
  assert.equal(hex(decrypt(tuya, KEY4).padding), '0202');
  for (const air of [v4, zero, tuya]) {
    const frame = dl.ble.decodeFrame(air, { key: KEY4 });
    assert.equal(frame.sn, 1);
    assert.equal(frame.ackSn, 0);
    assert.equal(frame.cmd, 0);
    assert.equal(frame.mode, 4);
  }
  assert.equal(hex(dl.ble.decodeFrame(hex(v4), { key: hex(KEY4) }).data), '0014');
  assert.equal(hex(plainFrame({ sn: 4, cmd: 2, data: fromHex('21010101') })), '00000004000000000002000421010101d8f9');
  const dp33 = dl.ble.encodeFrame({
    sn: 4,
    cmd: 2,
    data: dl.ble.encodeDps([{ id: 33, type: 'bool', value: true }], { protocol: 3 }),
    mode: 5,
    key: KEY4,
    iv: IV,
  });
  assert.equal(hex(decrypt(dp33, KEY4).data), '21010101');
});

test('vectors §5: sub-packets at MTU 20, and reassembly', () => {
  const v4 = fromHex('04000102030405060708090a0b0c0d0e0f547943f9450b76099bfb0b53cf4036e3');
  assert.deepEqual(dl.ble.packetize(v4, { mtu: 20, protocol: 4 }).map(hex), ['00214004000102030405060708090a0b0c0d0e0f', '01547943f9450b76099bfb0b53cf4036e3']);
  const v3 = fromHex('04000102030405060708090a0b0c0d0e0ff8bc69d43b1f0e3bf28ac34ec4aa2723');
  const packets = dl.ble.packetize(v3);
  assert.deepEqual(packets.map(hex), ['00213004000102030405060708090a0b0c0d0e0f', '01f8bc69d43b1f0e3bf28ac34ec4aa2723']);
  const reassembler = dl.ble.reassembler();
  assert.equal(reassembler.push(packets[0]), null);
  assert.equal(hex(reassembler.push(packets[1])), hex(v3));
});

test('vectors §6: the v4 DP 71 write', () => {
  const value = dl.ble.lockDp.unlockCheck({ checkCode: '12345678', open: true, timestamp: 1700000000, memberId: 1 });
  assert.deepEqual({ ...value, value: hex(value.value) }, { id: 71, type: 'raw', value: 'ffff00013132333435363738016553f1000001' });
  const list = dl.ble.encodeDps([value], { protocol: 4 });
  assert.equal(hex(list), '47000013ffff00013132333435363738016553f1000001');
  const data = new Uint8Array([0, 0, 0, 0, 2, ...list]);
  const air = dl.ble.encodeFrame({ sn: 3, cmd: 0x27, data, mode: 5, key: KEY4, iv: IV });
  const frame = decrypt(air, KEY4);
  assert.equal(hex(plainFrame(frame)), '00000003000000000027001c000000000247000013ffff00013132333435363738016553f10000015a6c');
  assert.deepEqual(
    dl.ble.decodeDps(list, { protocol: 4 }).map((dp) => ({ ...dp, value: hex(dp.value) })),
    [{ id: 71, type: 'raw', value: 'ffff00013132333435363738016553f1000001' }],
  );
});

test('vectors §7 and §8: validity block, MTU, zone, minutes and weekdays', () => {
  const dp = dl.ble.lockDp.createTemporaryPassword({
    password: '192837',
    validity: { effectiveTime: 946656000, invalidTime: 1924963199, start: '00:00', end: '23:59' },
  });
  assert.equal(hex(dp.value).slice(2, 36), '386cd30072bc9b7f00000000000000173b');
  assert.equal(
    hex(dl.validityBlock({ effectiveTime: 946656000, invalidTime: 1924963199, cycle: 'none', start: '00:00', end: '23:59' })),
    '386cd30072bc9b7f00000000000000173b',
  );
  assert.equal(dl.minuteOfDay('07:30'), 450);
  assert.equal(dl.workingDayMask(['mon', 'tue', 'fri']), 0x26);
  // The device-info request of a v4 session carries the MTU (20 -> 0014, 243 -> 00f3).
  for (const [mtu, wire] of [
    [20, '0014'],
    [243, '00f3'],
  ]) {
    const s = dl.ble.session({ localKey: LOCAL_KEY, uuid: '0123456789abcdef', devId: 'vdevo15345926009', protocol: 4, mtu });
    const packets = s.start();
    const reassembler = dl.ble.reassembler({ protocol: 4 });
    let air = null;
    for (const packet of packets) air = reassembler.push(packet);
    assert.equal(hex(decrypt(air, KEY4).data), wire);
    s.close();
  }
  // The zone of the time answer (+8 h = 0320) is checked in ble_session.test.mjs.
});

test('AES-CBC and MD5 agree with Node crypto on random frames, keys and IVs', () => {
  for (let round = 0; round < 100; round++) {
    const localKey = randomBytes(8).toString('hex');
    const srand = randomBytes(6);
    const key4 = dl.ble.deriveKey({ mode: 4, localKey });
    const key5 = dl.ble.deriveKey({ mode: 5, localKey, srand });
    assert.equal(hex(key4), createHash('md5').update(localKey.slice(0, 6)).digest('hex'));
    assert.equal(
      hex(key5),
      createHash('md5')
        .update(Buffer.concat([Buffer.from(localKey.slice(0, 6)), srand]))
        .digest('hex'),
    );
    const mode = round % 2 ? 4 : 5;
    const key = mode === 4 ? key4 : key5;
    const frame = { sn: randomInt(2 ** 32), ackSn: randomInt(2 ** 32), cmd: randomInt(65536), data: randomBytes(randomInt(300)) };
    const iv = randomBytes(16);
    const air = dl.ble.encodeFrame({ ...frame, mode, key, iv });
    // Node's AES over the core's bytes: the plaintext must be the frame, its CRC and the lock's padding.
    const plain = plainFrame(frame);
    const padded = Buffer.concat([Buffer.from(plain), Buffer.alloc((16 - (plain.length % 16)) % 16, (16 - (plain.length % 16)) % 16)]);
    const cipher = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
    assert.equal(hex(air), hex(Buffer.concat([Buffer.from([mode]), iv, cipher.update(padded), cipher.final()])));
    // And the other way: Node builds, the core reads.
    const back = dl.ble.decodeFrame(encrypt(frame, { mode, key, iv: randomBytes(16) }), { key });
    assert.deepEqual({ ...back, data: hex(back.data) }, { ...frame, data: hex(frame.data), mode });
    assert.equal(dl.ble.crc16(plain.subarray(0, plain.length - 2)), crc16Modbus(plain.subarray(0, plain.length - 2)));
  }
});

test('IVs come from the CSPRNG when none is given', () => {
  const a = dl.ble.encodeFrame({ sn: 1, cmd: 0, mode: 4, key: KEY4 });
  const b = dl.ble.encodeFrame({ sn: 1, cmd: 0, mode: 4, key: KEY4 });
  assert.notEqual(hex(a.subarray(1, 17)), hex(b.subarray(1, 17)));
  assert.equal(decrypt(a, KEY4).sn, 1);
});

test('decodeFrame checks lengths and the checksum, and the instance keeps working', () => {
  const air = fromHex('04000102030405060708090a0b0c0d0e0f547943f9450b76099bfb0b53cf4036e3');
  assert.equal(catchDoorlockError(() => dl.ble.decodeFrame(air.subarray(0, 30), { key: KEY4 })).code, 'BAD_FRAME');
  assert.equal(catchDoorlockError(() => dl.ble.decodeFrame(new Uint8Array(0), { key: KEY4 })).code, 'BAD_FRAME');
  assert.equal(catchDoorlockError(() => dl.ble.decodeFrame(air, { key: KEY4.subarray(0, 8) })).field, 'key');
  // A checksum that does not match: a frame whose last CRC byte is flipped, encrypted properly.
  const plain = Buffer.from('0000000100000000000000020014320f', 'hex');
  const cipher = createCipheriv('aes-128-cbc', KEY4, IV).setAutoPadding(false);
  const badCrc = new Uint8Array(Buffer.concat([Buffer.from([4]), IV, cipher.update(plain), cipher.final()]));
  assert.equal(catchDoorlockError(() => dl.ble.decodeFrame(badCrc, { key: KEY4 })).code, 'CRC_MISMATCH');
  const corrupted = air.slice();
  corrupted[20] ^= 1;
  assert.match(catchDoorlockError(() => dl.ble.decodeFrame(corrupted, { key: KEY4 })).code, /^(BAD_FRAME|CRC_MISMATCH)$/);
  assert.equal(catchDoorlockError(() => dl.ble.encodeFrame({ sn: -1, cmd: 0, mode: 4, key: KEY4 })).field, 'sn');
  assert.equal(catchDoorlockError(() => dl.ble.encodeFrame({ sn: 1, cmd: 0, mode: 9, key: KEY4 })).field, 'mode');
  assert.equal(catchDoorlockError(() => dl.ble.encodeFrame({ sn: 1, cmd: 0, mode: 4, key: KEY4, iv: IV.subarray(1) })).field, 'iv');
  assert.equal(catchDoorlockError(() => dl.ble.encodeFrame({ sn: 1, cmd: 0, mode: 4 })).field, 'key');
  assert.equal(dl.ble.decodeFrame(air, { key: KEY4 }).sn, 1);
});

test('packetize and reassemble at MTU 20, 23, 100, 244 and 512', () => {
  for (const mtu of [20, 23, 100, 244, 512]) {
    for (const size of [1, 33, 129, 700, 1024]) {
      const air = randomBytes(size);
      const packets = dl.ble.packetize(air, { mtu });
      // The test's own splitter produces the same packets.
      assert.deepEqual(packets.map(hex), split(air, { mtu }).map(hex), `mtu ${mtu} size ${size}`);
      assert.ok(packets.every((p) => p.length <= mtu));
      const reassembler = dl.ble.reassembler();
      const frames = packets.map((p) => reassembler.push(p)).filter(Boolean);
      assert.equal(frames.length, 1);
      assert.equal(hex(frames[0]), hex(air));
    }
  }
  assert.equal(dl.ble.packetize(randomBytes(1536), { mtu: 244, protocol: 4 }).length, 7);
  assert.equal(catchDoorlockError(() => dl.ble.packetize(randomBytes(1025), { mtu: 20 })).field, 'air');
  assert.equal(catchDoorlockError(() => dl.ble.packetize(randomBytes(10), { mtu: 19 })).field, 'mtu');
  assert.equal(catchDoorlockError(() => dl.ble.packetize(randomBytes(10), { mtu: 513 })).field, 'mtu');
  assert.equal(catchDoorlockError(() => dl.ble.packetize(randomBytes(10), { size: 20 })).field, 'options.size');
});

test('the reassembler follows the lock rules: duplicates, gaps, reordering, truncation, over-long totals', () => {
  const air = randomBytes(100);
  const packets = dl.ble.packetize(air, { mtu: 20 });
  // Duplicates are ignored.
  let r = dl.ble.reassembler();
  const doubled = packets
    .flatMap((p) => [p, p])
    .map((p) => r.push(p))
    .filter(Boolean);
  assert.deepEqual(doubled.map(hex), [hex(air)]);
  // A gap or a step back throws BAD_FRAME and drops the frame; the next frame still assembles.
  r = dl.ble.reassembler();
  r.push(packets[0]);
  assert.equal(catchDoorlockError(() => r.push(packets[2])).code, 'BAD_FRAME');
  assert.equal(catchDoorlockError(() => r.push(packets[3])).code, 'BAD_FRAME');
  assert.equal(hex(packets.map((p) => r.push(p)).filter(Boolean)[0]), hex(air));
  r.push(packets[0]);
  r.push(packets[1]);
  r.push(packets[2]);
  assert.match(catchDoorlockError(() => r.push(packets[1])).message, /went back/);
  // Reordered packets never produce a frame.
  r = dl.ble.reassembler();
  const swapped = [packets[0], packets[2], packets[1], ...packets.slice(3)];
  const results = [];
  for (const p of swapped) {
    try {
      results.push(r.push(p));
    } catch (error) {
      results.push(error.code);
    }
  }
  assert.ok(!results.some((x) => x instanceof Uint8Array));
  // Truncated: no frame until the last packet arrives.
  r = dl.ble.reassembler();
  assert.deepEqual(
    packets.slice(0, -1).map((p) => r.push(p)),
    packets.slice(0, -1).map(() => null),
  );
  // Over-long totals: 1025 for v3, 1537 for v4.
  r = dl.ble.reassembler();
  assert.equal(catchDoorlockError(() => r.push(fromHex('00810830aa'))).code, 'BAD_FRAME');
  const v4 = dl.ble.reassembler({ protocol: 4 });
  assert.equal(v4.push(fromHex('00800c40aa')), null);
  assert.equal(catchDoorlockError(() => v4.push(fromHex('00810c40aa'))).code, 'BAD_FRAME');
  // Packets longer than a declared maximum.
  const small = dl.ble.reassembler({ maxPacket: 20 });
  assert.equal(catchDoorlockError(() => small.push(new Uint8Array(21))).code, 'BAD_FRAME');
});

test('DP codec: all six types, both length widths, exact error fields', () => {
  const dps = [
    { id: 1, type: 'raw', value: fromHex('0102') },
    { id: 2, type: 'bool', value: false },
    { id: 3, type: 'value', value: -2 },
    { id: 4, type: 'string', value: 'hi' },
    { id: 5, type: 'enum', value: 200 },
    { id: 6, type: 'bitmap', value: 0x80000001 },
  ];
  assert.equal(hex(dl.ble.encodeDps(dps, { protocol: 3 })), '0100020102' + '02010100' + '030204fffffffe' + '0403026869' + '050401c8' + '06050480000001');
  assert.equal(
    hex(dl.ble.encodeDps(dps, { protocol: 4 })),
    '010000020102' + '02010001' + '00' + '03020004fffffffe' + '040300026869' + '05040001c8' + '0605000480000001',
  );
  for (const protocol of [3, 4]) {
    const back = dl.ble.decodeDps(dl.ble.encodeDps(dps, { protocol }), { protocol });
    assert.deepEqual(
      back.map((dp) => (dp.type === 'raw' ? { ...dp, value: hex(dp.value) } : dp)),
      dps.map((dp) => (dp.type === 'raw' ? { ...dp, value: hex(dp.value) } : dp)),
    );
  }
  assert.equal(catchDoorlockError(() => dl.ble.encodeDps([{ id: 1, type: 'raw', value: new Uint8Array(256) }], { protocol: 3 })).field, 'dps[0].value');
  assert.equal(catchDoorlockError(() => dl.ble.encodeDps([dps[0], { id: 2, type: 'bool', value: 'yes' }])).field, 'dps[1].value');
  assert.equal(catchDoorlockError(() => dl.ble.encodeDps([{ id: 2, type: 'float', value: 1 }])).field, 'dps[0].type');
  assert.equal(catchDoorlockError(() => dl.ble.encodeDps([{ id: 2, type: 'value', value: 2 ** 31 }])).field, 'dps[0].value');
  assert.equal(catchDoorlockError(() => dl.ble.decodeDps(fromHex('210101'))).code, 'BAD_FRAME');
  assert.equal(catchDoorlockError(() => dl.ble.decodeDps(fromHex('21020200'))).code, 'BAD_FRAME');
});
