// dl.ble.session through the .wasm against a lock written in the test from the spec with Node's
// crypto (support/ble_peer.mjs): every step of a connection, replayed SNs and broken packets.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadDoorlock, catchDoorlockError } from './support/load.mjs';
import { LockPeer, encrypt, fromHex, hex, key4, split } from './support/ble_peer.mjs';

const dl = await loadDoorlock();
const LOCAL_KEY = 'abcdef0123456789';
const UUID = '0123456789abcdef';
const DEV_ID = 'vdevo15345926009';
const NOW = 1700000000123;

function feed(session, packets) {
  const out = { write: [], events: [] };
  for (const packet of packets) {
    const { write, events } = session.receive(packet);
    out.write.push(...write);
    out.events.push(...events);
  }
  return out;
}

// device info -> pair -> time sync; returns the ready session and its peer.
function connect({ protocol = 3, mtu = 20, timeZone = '+08:00' } = {}) {
  const session = dl.ble.session({ localKey: LOCAL_KEY, uuid: UUID, devId: DEV_ID, protocol, mtu, timeZone, clock: () => NOW });
  const lock = new LockPeer({ localKey: LOCAL_KEY, mtu, protocol });
  assert.equal(session.state, 'idle');
  const info = lock.read(session.start(), lock.key4);
  assert.equal(session.state, 'info');
  assert.deepEqual([info.mode, info.sn, info.cmd, hex(info.data)], [4, 1, 0x0000, protocol >= 4 ? mtu.toString(16).padStart(4, '0') : '']);

  let out = feed(session, lock.deviceInfo(info.sn));
  assert.equal(out.events[0].type, 'deviceInfo');
  assert.equal(out.events[0].bound, true);
  assert.equal(session.state, 'pairing');
  const pair = lock.read(out.write);
  assert.deepEqual([pair.mode, pair.sn, pair.cmd], [5, 2, 0x0001]);
  const data = Buffer.from(pair.data);
  assert.equal(data.subarray(0, 16).toString(), UUID);
  assert.equal(data.subarray(16, 22).toString(), LOCAL_KEY.slice(0, 6));
  assert.equal(data.subarray(22, 44).toString().replace(/\0+$/, ''), DEV_ID);
  // §6b.5: the source at DATA[45] and DATA[61], so TuyaOS finds it with or without a beacon key.
  assert.equal(data.length, 62);
  assert.equal(data[44], 0, 'beacon-key length 0');
  assert.equal(data[45], 3, 'connection source: mini program');
  assert.equal(data[61], 3, 'connection source where protocol-4 TuyaOS reads it');

  out = feed(session, lock.send({ cmd: 0x0001, data: Uint8Array.of(0x00), ackSn: pair.sn }));
  assert.deepEqual(out.events, [{ type: 'ready' }]);
  assert.equal(session.state, 'ready');

  out = feed(session, lock.send({ cmd: 0x8011 }));
  const time = lock.read(out.write);
  assert.equal(time.cmd, 0x8011);
  assert.equal(time.ackSn, lock.sn - 1);
  assert.equal(Buffer.from(time.data.subarray(0, 13)).toString(), String(NOW));
  assert.equal(hex(time.data.subarray(13)), '0320');
  assert.deepEqual(out.events, [{ type: 'time', now: NOW, zone: 800 }]);
  return { session, lock };
}

for (const mtu of [20, 244]) {
  test(`a whole connection at MTU ${mtu}: temporary password, unlock, report, unbind`, () => {
    const { session, lock } = connect({ mtu });
    // The date form of the time request (0x8012): local date at +8 h.
    const date = lock.read(feed(session, lock.send({ cmd: 0x8012 })).write);
    assert.equal(hex(date.data), '170b0f060d1403' + '0320');

    const weekly = { effectiveTime: 1700000000, invalidTime: 1700600000, cycle: 'weekly', days: ['mon', 'tue', 'fri'], start: '07:30', end: '18:00' };
    const create = session.writeDps([dl.ble.lockDp.createTemporaryPassword({ password: '192837', validity: weekly })]);
    assert.equal(create.sn, 5); // 1 device info, 2 pair, 3 and 4 the time answers
    assert.ok(create.packets.every((p) => p.length <= mtu));
    const written = lock.read(create.packets);
    assert.equal(written.cmd, 0x0002);
    assert.equal(hex(written.data), '33' + '00' + '1a' + '01' + '6553f100655d18c00200000026071e1200' + '00' + '06' + '010902080307');
    let out = feed(session, lock.send({ cmd: 0x0002, data: Uint8Array.of(0), ackSn: written.sn }));
    assert.deepEqual(out.events, [{ type: 'ack', sn: 5, ok: true }]);
    out = feed(session, lock.send({ cmd: 0x8001, data: fromHex('33' + '00' + '02' + '0500') }));
    const reply = dl.ble.lockDp.parseReply(out.events[0].dps[0]);
    assert.deepEqual([reply.kind, reply.hardId, reply.ok], ['createTemporaryPassword', 5, true]);
    assert.equal(hex(lock.read(out.write).data), '00');

    const unlock = session.writeDps([dl.ble.lockDp.unlockCheck({ checkCode: '12345678', open: true, timestamp: 1700000000, memberId: 1 })]);
    const unlockFrame = lock.read(unlock.packets);
    assert.equal(hex(unlockFrame.data), '47' + '00' + '13' + 'ffff00013132333435363738016553f1000001');
    out = feed(session, lock.send({ cmd: 0x0002, data: Uint8Array.of(0), ackSn: unlockFrame.sn }));
    assert.deepEqual(out.events, [{ type: 'ack', sn: unlock.sn, ok: true }]);
    // The unlock report with its time (0x8003): the reply in DP 71 and the BLE unlock record (DP 19).
    out = feed(
      session,
      lock.send({
        cmd: 0x8003,
        data: fromHex('01' + '6553f101' + '47' + '00' + '13' + '0001ffff3132333435363738016553f1000000' + '13' + '02' + '04' + '00000001'),
      }),
    );
    assert.equal(out.events[0].time, 1700000001);
    const [dp71, dp19] = out.events[0].dps;
    assert.equal(dl.ble.lockDp.parseUnlockCheckReply(dp71.value).status, 'ok');
    assert.deepEqual(dp19, { id: 19, type: 'value', value: 1 });

    const unbind = lock.read(session.unbind());
    assert.equal(unbind.cmd, 0x0005);
    assert.equal(session.state, 'closed');
    assert.equal(catchDoorlockError(() => session.writeDps([{ id: 1, type: 'bool', value: true }])).code, 'INVALID_STATE');
    assert.deepEqual(session.receive(lock.send({ cmd: 0x0005, data: Uint8Array.of(0), ackSn: unbind.sn })[0]), { write: [], events: [] });
  });
}

test('v4: DP writes with dp_sn and the 8-byte report answers', () => {
  const { session, lock } = connect({ protocol: 4, mtu: 20 });
  const write = session.writeDps([{ id: 33, type: 'bool', value: true }]);
  const frame = lock.read(write.packets);
  assert.equal(frame.cmd, 0x0027);
  assert.equal(hex(frame.data), '00' + '00000001' + '21010001' + '01');
  let out = feed(session, lock.send({ cmd: 0x0027, data: fromHex('000000000100'), ackSn: frame.sn }));
  assert.deepEqual(out.events, [{ type: 'ack', sn: write.sn, ok: true }]);
  out = feed(session, lock.send({ cmd: 0x8006, data: fromHex('00' + '00000007' + '00' + '00' + '2f01000101') }));
  assert.deepEqual(out.events[0].dps, [{ id: 47, type: 'bool', value: true }]);
  assert.equal(hex(lock.read(out.write).data), '0000000007000000');
  session.close();
});

test('replayed, stale, corrupted, truncated, reordered and duplicated packets', () => {
  const { session, lock } = connect();
  const report = lock.send({ cmd: 0x8001, data: fromHex('2f010101' + '08020400000050') });
  let out = feed(session, report);
  assert.equal(out.events[0].type, 'dps');
  // The same frame again: REPLAYED_SN, nothing written.
  out = feed(session, report);
  assert.deepEqual(
    out.events.map((e) => e.code),
    ['REPLAYED_SN'],
  );
  assert.deepEqual(out.write, []);
  // A stale SN below the last one.
  out = feed(session, lock.send({ cmd: 0x8001, data: fromHex('2f010100'), sn: 2 }));
  assert.deepEqual(
    out.events.map((e) => e.code),
    ['REPLAYED_SN'],
  );
  // Corrupted ciphertext.
  const corrupted = lock.send({ cmd: 0x8001, data: fromHex('2f010101') });
  corrupted[corrupted.length - 1][corrupted[corrupted.length - 1].length - 1] ^= 1;
  out = feed(session, corrupted);
  assert.match(out.events[0].code, /^(CRC_MISMATCH|BAD_FRAME)$/);
  // Reordered packets.
  const long = lock.send({ cmd: 0x8001, data: fromHex('2f010101'.repeat(8)) });
  out = feed(session, [long[0], long[2], long[1], ...long.slice(3)]);
  assert.ok(out.events.length > 0 && out.events.every((e) => e.code === 'BAD_FRAME'));
  // Duplicated packets are ignored; the frame arrives once.
  const twice = lock.send({ cmd: 0x8001, data: fromHex('2f010100'.repeat(8)) });
  out = feed(
    session,
    twice.flatMap((p) => [p, p]),
  );
  assert.deepEqual(
    out.events.map((e) => e.type),
    ['dps'],
  );
  // Truncated: nothing happens until the rest arrives.
  const cut = lock.send({ cmd: 0x8001, data: fromHex('2f010101'.repeat(8)) });
  assert.deepEqual(feed(session, cut.slice(0, -1)), { write: [], events: [] });
  assert.equal(feed(session, cut.slice(-1)).events[0].type, 'dps');
  // A frame encrypted with the wrong key, and an unencrypted one.
  const wrong = split(encrypt({ sn: 50, cmd: 0x8001, data: fromHex('2f010101') }, { mode: 5, key: key4(LOCAL_KEY) }));
  assert.match(feed(session, wrong).events[0].code, /^(CRC_MISMATCH|BAD_FRAME)$/);
  assert.equal(session.state, 'ready');
  assert.equal(catchDoorlockError(() => session.receive('zz')).field, 'packet');
  session.close();
});

test('relay of cloud-built frames and raw DP instructions', () => {
  const { session, lock } = connect();
  // doorLock.bleOpenInstruction is asked with bluetooth_sn = session.nextSn and returns a mode-4 frame.
  const bluetoothSn = session.nextSn;
  assert.equal(bluetoothSn, 4);
  const instruction = hex(
    encrypt({ sn: bluetoothSn, cmd: 0x0002, data: fromHex('470013ffff00013132333435363738016553f1000001') }, { mode: 4, key: key4(LOCAL_KEY) }),
  );
  const relayed = session.relayAirFrame({ instruction, next_sn: bluetoothSn + 1 });
  assert.equal(relayed.sn, bluetoothSn);
  assert.deepEqual(relayed.packets.map(hex), split(fromHex(instruction)).map(hex));
  assert.equal(session.nextSn, bluetoothSn + 1);
  const out = feed(session, lock.send({ cmd: 0x0002, data: Uint8Array.of(0), ackSn: bluetoothSn }));
  assert.deepEqual(out.events, [{ type: 'ack', sn: bluetoothSn, ok: true }]);
  // The same instruction again would reuse an SN: refused before anything is sent.
  assert.equal(catchDoorlockError(() => session.relayAirFrame(instruction)).code, 'REPLAYED_SN');
  assert.equal(catchDoorlockError(() => session.relayAirFrame('9wxxoLM')).field, 'instruction');
  // A cloud frame that writes two DPs is not relayed: the lock would acknowledge and drop it.
  const two = hex(
    encrypt({ sn: session.nextSn, cmd: 0x0002, data: fromHex('470013ffff00013132333435363738016553f1000001' + '21010101') }, { mode: 4, key: key4(LOCAL_KEY) }),
  );
  const refused = catchDoorlockError(() => session.relayAirFrame(two));
  assert.deepEqual([refused.code, refused.field], ['INVALID_ARGUMENT', 'instruction']);
  assert.equal(session.nextSn, bluetoothSn + 1);

  // getIssuedConfig lock_random: wake_up_ins is the DP 70 value.
  const raw = session.writeRawDp({
    dev_unlock_id: '0005',
    dp_id: 70,
    wake_up_ins: 'ffff0005000000000000000000ffff3532373737393530',
    distributed: true,
    ins: '3532373737393530',
  });
  assert.equal(hex(lock.read(raw.packets).data), '46' + '00' + '17' + 'ffff0005000000000000000000ffff3532373737393530');
  const sync = session.writeRawDp({ dp_id: 54, distributed: true, ins: '03' });
  assert.equal(hex(lock.read(sync.packets).data), '36000103');
  assert.equal(catchDoorlockError(() => session.writeRawDp({ dp_id: 54, distributed: false, ins: '03' })).field, 'distributed');
  session.close();
  assert.equal(session.state, 'closed');
  assert.equal(catchDoorlockError(() => session.nextSn).code, 'INVALID_STATE');
});

test('an unbound lock and a refused pair end the session; bad options name the field', () => {
  let session = dl.ble.session({ localKey: LOCAL_KEY, uuid: UUID, devId: DEV_ID });
  let lock = new LockPeer({ localKey: LOCAL_KEY });
  let out = feed(session, lock.deviceInfo(lock.read(session.start(), lock.key4).sn, { bound: false }));
  assert.equal(out.events.at(-1).code, 'INVALID_STATE');
  assert.equal(session.state, 'closed');
  session.close();

  session = dl.ble.session({ localKey: LOCAL_KEY, uuid: UUID, devId: DEV_ID });
  lock = new LockPeer({ localKey: LOCAL_KEY });
  const pair = lock.read(feed(session, lock.deviceInfo(lock.read(session.start(), lock.key4).sn)).write);
  out = feed(session, lock.send({ cmd: 0x0001, data: Uint8Array.of(1), ackSn: pair.sn }));
  // The lock compares the pair request's uuid with its own: it said no, and the uuid is named.
  assert.equal(out.events[0].code, 'LOCK_REJECTED');
  assert.equal(out.events[0].field, 'uuid');
  assert.equal(session.state, 'closed');
  session.close();

  // A device-info answer made with another local key: named, and no pair request goes out.
  session = dl.ble.session({ localKey: LOCAL_KEY, uuid: UUID, devId: DEV_ID });
  lock = new LockPeer({ localKey: LOCAL_KEY });
  const other = new LockPeer({ localKey: 'zzzzzz0123456789' });
  out = feed(session, other.deviceInfo(lock.read(session.start(), lock.key4).sn));
  assert.ok(['CRC_MISMATCH', 'BAD_FRAME'].includes(out.events[0].code), out.events[0].code);
  assert.equal(out.events[0].field, 'localKey');
  assert.match(out.events[0].message, /check localKey \/ uuid/);
  assert.ok(!out.events[0].message.includes('zzzzzz') && !out.events[0].message.includes(LOCAL_KEY));
  assert.equal(out.write.length, 0);
  session.close();

  const base = { localKey: LOCAL_KEY, uuid: UUID, devId: DEV_ID };
  for (const [options, field] of [
    [{ ...base, uuid: 'short' }, 'uuid'],
    [{ ...base, mtu: 19 }, 'mtu'],
    [{ ...base, protocol: 1 }, 'protocol'],
    [{ ...base, timeZone: 'Mars/Base' }, 'timeZone'],
    [{ ...base, localKey: undefined }, 'localKey'],
    [{ ...base, devId: 'x'.repeat(23) }, 'devId'],
    [{ ...base, clock: 5 }, 'clock'],
    [{ ...base, colour: 'red' }, 'colour'],
  ]) {
    assert.equal(catchDoorlockError(() => dl.ble.session(options)).field, field);
  }
  // Secrets never appear in messages.
  const error = catchDoorlockError(() => dl.ble.session({ ...base, localKey: 'abc' }));
  assert.ok(!error.message.includes('abc'));
});

test('many sessions come and go without leaking', () => {
  const before = dl.diagnostics.heapInUse();
  for (let i = 0; i < 200; i++) {
    const { session } = connect();
    session.writeDps([{ id: 33, type: 'bool', value: true }]);
    if (i % 2) session.unbind();
    else session.close();
  }
  assert.ok(dl.diagnostics.heapInUse() - before < 64 * 1024);
});

test('one DP per write: a write of several is refused before anything is framed', () => {
  for (const protocol of [3, 4]) {
    const { session, lock } = connect({ protocol });
    const next = session.nextSn;
    const t0 = dl.ble.lockDp.setT0({ activeTime: 1700000000 });
    const remove = dl.ble.lockDp.deleteTemporaryPassword({ hardId: 7 });
    const error = catchDoorlockError(() => session.writeDps([t0, remove]));
    assert.equal(error.code, 'INVALID_ARGUMENT');
    assert.equal(error.field, 'dps');
    assert.match(error.message, /one DP per write/);
    assert.equal(
      catchDoorlockError(() =>
        session.writeDps([
          { id: 33, type: 'bool', value: true },
          { id: 46, type: 'bool', value: true },
        ]),
      ).field,
      'dps',
    );
    assert.equal(session.nextSn, next);
    const single = session.writeDps([remove]);
    assert.equal(single.sn, next);
    assert.equal(hex(lock.read(single.packets).data), protocol >= 4 ? '00' + '00000001' + '34000001' + '07' : '340001' + '07');
    session.close();
  }
});

test('deviceInfo shows the full firmware version from DATA[46..48], DATA[0..1] when the answer is short', () => {
  for (const [size, firmware, hardware] of [
    [84, '1.2.3', '1.0.5'],
    [46, '2.3', '0.5'],
  ]) {
    const session = dl.ble.session({ localKey: LOCAL_KEY, uuid: UUID, devId: DEV_ID });
    const lock = new LockPeer({ localKey: LOCAL_KEY });
    const request = lock.read(session.start(), lock.key4);
    const data = new Uint8Array(84);
    data.set([0x02, 0x03, 3, 2, 0, 1], 0); // firmware low 16 bits 02 03, protocol 3.2, bound
    data.set(lock.srand, 6);
    data.set([0x00, 0x05], 12);
    data.set([1, 2, 3, 1, 0, 5], 46); // tuya_ble_firmware_version 0x010203, hardware 0x010005
    const out = feed(session, lock.send({ cmd: 0x0000, data: data.subarray(0, size), ackSn: request.sn, mode: 4 }));
    assert.equal(out.events[0].type, 'deviceInfo');
    assert.equal(out.events[0].firmware, firmware, `${size} bytes`);
    assert.equal(out.events[0].hardware, hardware);
    session.close();
  }
});

test('pairLayout: auto writes both offsets, the overrides stay', () => {
  for (const [pairLayout, size] of [
    [undefined, 62],
    ['auto', 62],
    ['both', 62],
    ['fixed44', 44],
    ['source45', 46],
    ['source61', 62],
  ]) {
    const session = dl.ble.session({ localKey: LOCAL_KEY, uuid: UUID, devId: DEV_ID, protocol: 4, ...(pairLayout ? { pairLayout } : {}) });
    const lock = new LockPeer({ localKey: LOCAL_KEY, protocol: 4 });
    const pair = lock.read(feed(session, lock.deviceInfo(lock.read(session.start(), lock.key4).sn)).write);
    assert.equal(pair.data.length, size, String(pairLayout));
    if (pairLayout === 'source61') assert.deepEqual([pair.data[45], pair.data[61]], [0, 3]);
    session.close();
  }
  assert.equal(catchDoorlockError(() => dl.ble.session({ localKey: LOCAL_KEY, uuid: UUID, devId: DEV_ID, pairLayout: 'source46' })).field, 'pairLayout');
  assert.equal(catchDoorlockError(() => dl.ble.session({ localKey: LOCAL_KEY, uuid: UUID, devId: DEV_ID, padding: 'pkcs7' })).field, 'padding');
});
