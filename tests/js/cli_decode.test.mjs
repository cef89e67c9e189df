// `doorlock decode`, run as users run it (the package's bin in a child process), on captures this
// test builds itself without the project's codec: AES-128-CBC from node:crypto, its own CRC-16
// (MODBUS), its own sub-packets, and a btsnoop file and an nRF Connect log written byte by byte
// from their formats. A capture of the lock simulator (another implementation of the lock side)
// checks a whole real session.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/cli.mjs';
import { varint } from './support/ble_peer.mjs'; // test support, not the project's code

const LOCAL_KEY = 'abcdef0123456789';
const UUID = 'tuya1234567890ab';
const DEV_ID = 'bf0123456789zyxwvutsrq';
const SRAND = Buffer.from('a1b2c3d4e5f6', 'hex');
const CHECK_CODE = '87654321';
const md5 = (...parts) => createHash('md5').update(Buffer.concat(parts)).digest();
const LOGIN_KEY = md5(Buffer.from(LOCAL_KEY.slice(0, 6)));
const SESSION_KEY = md5(Buffer.from(LOCAL_KEY.slice(0, 6)), SRAND);

// CRC-16/MODBUS (reflected 0xA001, init 0xFFFF), sent high byte first (ble-protocol.md §1a).
function crc16(bytes) {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

let ivCounter = 0;
// mode | IV | AES-128-CBC(SN | ACK_SN | CMD | LEN | DATA | CRC16, zero-padded to 16 bytes)
function airFrame({ sn, ackSn = 0, cmd, data = [], mode, key, breakCrc = false }) {
  const body = Buffer.alloc(12 + data.length);
  body.writeUInt32BE(sn, 0);
  body.writeUInt32BE(ackSn, 4);
  body.writeUInt16BE(cmd, 8);
  body.writeUInt16BE(data.length, 10);
  Buffer.from(data).copy(body, 12);
  const crc = Buffer.alloc(2);
  crc.writeUInt16BE(crc16(body) ^ (breakCrc ? 0x0101 : 0));
  const plain = Buffer.concat([body, crc]);
  const padded = Buffer.concat([plain, Buffer.alloc((16 - (plain.length % 16)) % 16)]);
  ivCounter += 1;
  const iv = Buffer.alloc(16, ivCounter);
  const cipher = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
  return Buffer.concat([Buffer.from([mode]), iv, cipher.update(padded), cipher.final()]);
}

// Sub-packets: number | (packet 0: total length | version byte) | payload, each at most `mtu` bytes.
function subPackets(air, { mtu = 20, protocol = 3 } = {}) {
  const packets = [];
  let offset = 0;
  for (let number = 0; offset < air.length; number += 1) {
    const head = number === 0 ? [...varint(0), ...varint(air.length), protocol << 4] : varint(number);
    const take = Math.min(mtu - head.length, air.length - offset);
    packets.push(Buffer.concat([Buffer.from(head), air.subarray(offset, offset + take)]));
    offset += take;
  }
  return packets;
}

const ascii = (text) => [...Buffer.from(text, 'latin1')];
const u32 = (value) => [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
const padText = (text, size) => [...Buffer.from(text.padEnd(size, '\0'), 'latin1')];
const UNLOCK_TIME = 1_700_000_000;

// A bound lock's session, v3: device info (mode 4), pair, time sync, DP 71 unlock and its reply,
// a DP 51 reply, and one report whose CRC is broken.
function sessionFrames() {
  const deviceInfoAnswer = [0x01, 0x00, 3, 2, 0x00, 1, ...SRAND, 0x01, 0x00];
  const pair = [...padText(UUID, 16), ...ascii(LOCAL_KEY.slice(0, 6)), ...padText(DEV_ID, 22)];
  const timeAnswer = [...ascii('1700000000123'), 0x03, 0x20];
  const unlockDp = [0xff, 0xff, 0x00, 0x01, ...ascii(CHECK_CODE), 0x01, ...u32(UNLOCK_TIME), 0x00, 0x01];
  const unlockReply = [0x00, 0x01, 0xff, 0xff, ...ascii(CHECK_CODE), 0x01, ...u32(UNLOCK_TIME), 0x00, 0x00];
  const dp = (id, value) => [id, 0x00, value.length, ...value]; // v3 raw DP: id | type 0 | len(1) | value
  return [
    { direction: 'write', air: airFrame({ sn: 1, cmd: 0x0000, mode: 4, key: LOGIN_KEY }) },
    { direction: 'notify', air: airFrame({ sn: 1, ackSn: 1, cmd: 0x0000, data: deviceInfoAnswer, mode: 4, key: LOGIN_KEY }) },
    { direction: 'write', air: airFrame({ sn: 2, cmd: 0x0001, data: pair, mode: 5, key: SESSION_KEY }) },
    { direction: 'notify', air: airFrame({ sn: 2, ackSn: 2, cmd: 0x0001, data: [0x02], mode: 5, key: SESSION_KEY }) },
    { direction: 'notify', air: airFrame({ sn: 3, cmd: 0x8011, mode: 5, key: SESSION_KEY }) },
    { direction: 'write', air: airFrame({ sn: 3, ackSn: 3, cmd: 0x8011, data: timeAnswer, mode: 5, key: SESSION_KEY }) },
    { direction: 'write', air: airFrame({ sn: 4, cmd: 0x0002, data: dp(71, unlockDp), mode: 5, key: SESSION_KEY }) },
    { direction: 'notify', air: airFrame({ sn: 4, ackSn: 4, cmd: 0x0002, data: [0x00], mode: 5, key: SESSION_KEY }) },
    { direction: 'notify', air: airFrame({ sn: 5, cmd: 0x8001, data: dp(71, unlockReply), mode: 5, key: SESSION_KEY }) },
    { direction: 'write', air: airFrame({ sn: 5, ackSn: 5, cmd: 0x8001, data: [0x00], mode: 5, key: SESSION_KEY }) },
    { direction: 'notify', air: airFrame({ sn: 6, cmd: 0x8001, data: dp(51, [0x03, 0x00]), mode: 5, key: SESSION_KEY }) },
    { direction: 'notify', air: airFrame({ sn: 7, cmd: 0x8001, data: [19, 0x02, 4, ...u32(1)], mode: 5, key: SESSION_KEY, breakCrc: true }) },
  ];
}

const FRAMES = sessionFrames();
const PACKETS = FRAMES.flatMap(({ direction, air }) => subPackets(air).map((bytes) => ({ direction, bytes })));
const hexLines = (packets, withDirection = true) =>
  `# a capture built by the test\n${packets.map(({ direction, bytes }) => `${withDirection ? (direction === 'write' ? '> ' : '< ') : ''}${bytes.toString('hex')}`).join('\n')}\n`;

const work = mkdtempSync(join(tmpdir(), 'doorlock-cli-decode-'));
test.after(() => rmSync(work, { recursive: true, force: true }));
const file = (name, content) => {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
};

// What must not depend on the input format: the frames without their position in the source.
const comparable = (output) => output.frames.map(({ line, time, at, record, ...rest }) => rest);

function decodeOk(args, options) {
  const run = runCli(['decode', ...args], options);
  assert.equal(run.status, 0, run.stderrText);
  return run.json;
}

test('hex lines: every frame decrypted with its mode key, the session key from the srand in the capture', () => {
  const out = decodeOk([file('session.txt', hexLines(PACKETS)), '--local-key', LOCAL_KEY]);
  assert.equal(out.source.format, 'hex');
  assert.equal(out.protocol, 3);
  assert.deepEqual(out.summary, { packets: PACKETS.length, frames: FRAMES.length, decoded: FRAMES.length - 1, failed: 1, problems: 0 });
  const [info, infoAnswer, pair, pairAnswer, time, timeAnswer, write, ack, reply, reportAck, tempReply, broken] = out.frames;

  assert.deepEqual([info.key, info.mode, info.from, info.command, info.role, info.cmd, info.sn], ['login', 4, 'app', 'deviceInfo', 'request', '0x0000', 1]);
  assert.deepEqual(infoAnswer.deviceInfo, { protocol: '3.2', bound: true, sessionKeyDerived: true });
  assert.equal(pair.key, 'session');
  assert.deepEqual(pair.pair, { uuid: UUID, devId: DEV_ID });
  assert.equal(pair.data, undefined, 'the pair request carries the login key: no data unless --show-secrets');
  assert.equal(pairAnswer.status, 'alreadyBound');
  assert.deepEqual([time.command, time.from, time.role], ['timeRequest', 'lock', 'request']);
  assert.deepEqual(timeAnswer.time, { unixMs: 1700000000123, zone: 800 });

  assert.deepEqual([write.command, write.from, write.sn], ['dpWrite', 'app', 4]);
  assert.deepEqual(write.dps, [{ id: 71, name: 'unlockCheck', type: 'raw', value: '[redacted]', redacted: true }]);
  assert.equal(ack.status, 'ok');
  assert.equal(ack.ackSn, 4);
  assert.equal(reply.command, 'dpReport');
  const [replyDp] = reply.dps;
  assert.equal(replyDp.reply.kind, 'unlockCheck');
  assert.equal(replyDp.reply.ok, true);
  assert.equal(replyDp.reply.open, true);
  assert.equal(replyDp.reply.slaveId, 1);
  assert.equal(replyDp.reply.masterId, 0xffff);
  assert.equal(replyDp.reply.timestamp, UNLOCK_TIME);
  assert.equal(replyDp.reply.checkCode, '[redacted]');
  assert.deepEqual([reportAck.role, reportAck.from, reportAck.status], ['answer', 'app', 'ok']);
  assert.equal(tempReply.dps[0].name, 'createTemporaryPassword');
  assert.equal(tempReply.dps[0].reply.hardId, 3);
  assert.equal(tempReply.dps[0].reply.status, 'ok');

  assert.equal(broken.error.code, 'CRC_MISMATCH');
  assert.equal(broken.crc, 'mismatch');

  // Each answer names its request (ACK_SN = the request's SN on the other side).
  assert.deepEqual([infoAnswer.answers, pairAnswer.answers, timeAnswer.answers, ack.answers, reportAck.answers], [0, 2, 4, 6, 8]);
  assert.ok(
    out.frames.every((frame) => !frame.warnings),
    JSON.stringify(out.frames.map((frame) => frame.warnings)),
  );
});

test('--mtu: packets longer than the lock accepts are reported; an answer to nothing is flagged', () => {
  const wide = FRAMES.flatMap(({ direction, air }) => subPackets(air, { mtu: 40 }).map((bytes) => ({ direction, bytes })));
  const path = file('mtu.txt', hexLines(wide));
  assert.equal(decodeOk([path, '--local-key', LOCAL_KEY, '--mtu', '40']).summary.problems, 0);
  const out = decodeOk([path, '--local-key', LOCAL_KEY, '--mtu', '20']);
  assert.ok(out.problems.length > 0 && out.problems.every((problem) => problem.code === 'BAD_FRAME'), JSON.stringify(out.problems));
  // Without the DP write, its acknowledgement answers no request of this capture.
  const withoutWrite = PACKETS.filter((packet) => !FRAMES[6].air.equals(packet.bytes) && !subPackets(FRAMES[6].air).some((part) => part.equals(packet.bytes)));
  const orphan = decodeOk([file('orphan.txt', hexLines(withoutWrite)), '--local-key', LOCAL_KEY]);
  const ack = orphan.frames.find((frame) => frame.command === 'dpWrite' && frame.role === 'answer');
  assert.equal(ack.answers, null);
  assert.deepEqual(ack.warnings, ['ANSWER_WITHOUT_REQUEST']);
});

test('secrets: no local key, derived key, check code or login key in the output unless --show-secrets', () => {
  const path = file('secrets.txt', hexLines(PACKETS));
  const run = runCli(['decode', path, '--local-key', LOCAL_KEY]);
  assert.equal(run.status, 0);
  const text = run.stdout.toLowerCase();
  for (const secret of [
    LOCAL_KEY,
    LOCAL_KEY.slice(0, 6),
    CHECK_CODE,
    Buffer.from(CHECK_CODE).toString('hex'),
    Buffer.from(LOCAL_KEY.slice(0, 6)).toString('hex'),
    LOGIN_KEY.toString('hex'),
    SESSION_KEY.toString('hex'),
  ]) {
    assert.ok(!text.includes(secret.toLowerCase()), `"${secret}" must not be printed`);
  }
  const shown = runCli(['decode', path, '--local-key', LOCAL_KEY, '--show-secrets']);
  assert.equal(shown.status, 0);
  assert.ok(shown.stdout.includes(CHECK_CODE), 'the check code is shown when asked for');
  assert.ok(!shown.stdout.toLowerCase().includes(SESSION_KEY.toString('hex')), 'keys are never shown');
  assert.ok(!shown.stdout.includes(LOCAL_KEY), 'the local key is never shown');
});

test('the same capture as a btsnoop file (written from the format here) decodes to the same frames', () => {
  const expected = decodeOk([file('same.txt', hexLines(PACKETS)), '--local-key', LOCAL_KEY]);
  const WRITE_HANDLE = 0x0018;
  const NOTIFY_HANDLE = 0x0015;
  const EPOCH_US = 0x00dcddb30f2f8000n + 1_700_000_000_000_000n;
  const records = [];
  const record = (bytes, received, index) => {
    const head = Buffer.alloc(24);
    head.writeUInt32BE(bytes.length, 0); // original length
    head.writeUInt32BE(bytes.length, 4); // included length
    head.writeUInt32BE(received ? 1 : 0, 8); // flags: bit0 = received by the host
    head.writeUInt32BE(0, 12); // cumulative drops
    head.writeBigInt64BE(EPOCH_US + BigInt(index) * 1000n, 16);
    records.push(Buffer.concat([head, bytes]));
  };
  // H4 ACL: type 02 | handle+PB (LE) | ACL length (LE) | L2CAP length (LE) | CID 0004 | ATT PDU
  const acl = (payload, boundary = 0b10) => {
    const head = Buffer.alloc(5);
    head[0] = 0x02;
    head.writeUInt16LE(0x0040 | (boundary << 12), 1);
    head.writeUInt16LE(payload.length, 3);
    return Buffer.concat([head, payload]);
  };
  const l2capAtt = (pdu) => {
    const head = Buffer.alloc(4);
    head.writeUInt16LE(pdu.length, 0);
    head.writeUInt16LE(0x0004, 2);
    return Buffer.concat([head, pdu]);
  };
  const att = (opcode, handle, value) => {
    const head = Buffer.alloc(3);
    head[0] = opcode;
    head.writeUInt16LE(handle, 1);
    return Buffer.concat([head, value]);
  };
  let index = 0;
  record(Buffer.from([0x04, 0x0e, 0x04, 0x01, 0x05, 0x20, 0x00]), true, index++); // an HCI event: not ACL
  record(acl(l2capAtt(att(0x12, 0x0011, Buffer.from([0x01, 0x00])))), false, index++); // CCCD write: enable notifications
  record(acl(l2capAtt(Buffer.from([0x0b, 0x41, 0x42]))), true, index++); // a read response on ATT
  PACKETS.forEach(({ direction, bytes }, at) => {
    const pdu = direction === 'write' ? att(at % 2 ? 0x52 : 0x12, WRITE_HANDLE, bytes) : att(0x1b, NOTIFY_HANDLE, bytes);
    const l2cap = l2capAtt(pdu);
    if (at === 4) {
      // One L2CAP packet in two ACL fragments: start, then continuation (PB 01).
      record(acl(l2cap.subarray(0, 9)), direction === 'notify', index++);
      record(acl(l2cap.subarray(9), 0b01), direction === 'notify', index++);
    } else {
      record(acl(l2cap), direction === 'notify', index++);
    }
  });
  const header = Buffer.alloc(16);
  Buffer.from('btsnoop\0', 'latin1').copy(header, 0);
  header.writeUInt32BE(1, 8);
  header.writeUInt32BE(1002, 12);
  const path = file('btsnoop_hci.log', Buffer.concat([header, ...records]));

  const inferred = decodeOk([path, '--local-key', LOCAL_KEY]);
  assert.equal(inferred.source.format, 'btsnoop');
  assert.equal(inferred.source.writeHandle, WRITE_HANDLE);
  assert.equal(inferred.source.notifyHandle, NOTIFY_HANDLE);
  assert.equal(inferred.source.packets, PACKETS.length);
  assert.deepEqual(comparable(inferred), comparable(expected));
  assert.equal(inferred.frames[0].at, '2023-11-14T22:13:20.003Z');

  const given = decodeOk([path, '--local-key', LOCAL_KEY, '--write-handle', '0x0018', '--notify-handle', '21']);
  assert.deepEqual(comparable(given), comparable(expected));
  const wrongHandle = decodeOk([path, '--local-key', LOCAL_KEY, '--write-handle', '0x0011']);
  assert.equal(wrongHandle.summary.frames, FRAMES.filter((f) => f.direction === 'notify').length, 'only the notifications are left');

  const truncated = runCli(['decode', file('cut.log', Buffer.concat([header, ...records]).subarray(0, 16 + 30)), '--local-key', LOCAL_KEY]);
  assert.equal(truncated.status, 2);
  assert.equal(truncated.error.code, 'USAGE');
  assert.equal(truncated.error.field, 'capture');
  assert.match(truncated.error.message, /cut short/);
});

test('the same capture as an nRF Connect log decodes to the same frames', () => {
  const expected = decodeOk([file('same2.txt', hexLines(PACKETS)), '--local-key', LOCAL_KEY]);
  const dashed = (bytes) => [...bytes].map((byte) => byte.toString(16).toUpperCase().padStart(2, '0')).join('-');
  const WRITE = '00002b11-0000-1000-8000-00805f9b34fb';
  const NOTIFY = '00002b10-0000-1000-8000-00805f9b34fb';
  const lines = [
    'nRF Connect, 2026-12-07',
    'Tuya lock (DC:23:4D:00:00:01)',
    'V 10:00:00.000 Connecting to DC:23:4D:00:00:01...',
    'I 10:00:01.000 Connected to DC:23:4D:00:00:01',
    'D 10:00:01.200 gatt.setCharacteristicNotification(' + NOTIFY + ', true)',
    'I 10:00:01.300 Data written to descr. 00002902-0000-1000-8000-00805f9b34fb, value: (0x) 01-00',
    'I 10:00:01.301 Notifications enabled for ' + NOTIFY,
  ];
  PACKETS.forEach(({ direction, bytes }, at) => {
    const time = `10:00:${String(2 + at).padStart(2, '0')}.000`;
    if (direction === 'write') {
      lines.push(`D ${time} gatt.writeCharacteristic(${WRITE}, value=0x${bytes.toString('hex').toUpperCase()}, WRITE_TYPE_NO_RESPONSE)`);
      lines.push(`I ${time} Data written to ${WRITE}, value: (0x) ${dashed(bytes)}`);
      lines.push(`A ${time} "(0x) ${dashed(bytes)}" sent`);
    } else {
      lines.push(`I ${time} Notification received from ${NOTIFY}, value: (0x) ${dashed(bytes)}`);
      lines.push(`A ${time} "(0x) ${dashed(bytes)}" received`);
    }
  });
  const out = decodeOk([file('nrf-log.txt', `${lines.join('\n')}\n`), '--local-key', LOCAL_KEY]);
  assert.equal(out.source.format, 'nrf');
  assert.equal(out.source.packets, PACKETS.length);
  assert.deepEqual(comparable(out), comparable(expected));
  assert.equal(out.frames[0].time, '10:00:02.000');
});

test('hex lines without directions: the sender comes from the command and ACK_SN; stdin works', () => {
  const expected = decodeOk([file('same3.txt', hexLines(PACKETS)), '--local-key', LOCAL_KEY]);
  const out = decodeOk(['-', '--local-key', LOCAL_KEY, '--format', 'hex'], { input: hexLines(PACKETS, false) });
  assert.deepEqual(
    out.frames.map((frame) => [frame.from, frame.command, frame.role]),
    expected.frames.map((frame) => [frame.from, frame.command, frame.role]),
  );
  assert.equal(out.frames[0].direction, null);
});

test('what a capture cannot give is said per frame: no device info, a wrong key, no key, a cut frame', () => {
  const fromPair = decodeOk([
    file('late.txt', hexLines(PACKETS.slice(subPackets(FRAMES[0].air).length + subPackets(FRAMES[1].air).length))),
    '--local-key',
    LOCAL_KEY,
  ]);
  assert.ok(fromPair.frames.every((frame) => frame.error?.code === 'NO_SESSION_KEY'));
  const withSrand = decodeOk([
    file('late2.txt', hexLines(PACKETS.slice(subPackets(FRAMES[0].air).length + subPackets(FRAMES[1].air).length))),
    '--local-key',
    LOCAL_KEY,
    '--srand',
    SRAND.toString('hex'),
  ]);
  assert.equal(withSrand.frames[0].command, 'pair');
  assert.equal(withSrand.summary.failed, 1); // the broken CRC

  const path = file('wrong.txt', hexLines(PACKETS));
  const wrongKey = decodeOk([path, '--local-key', 'zzzzzz0123456789']);
  assert.equal(wrongKey.summary.decoded, 0);
  assert.ok(
    wrongKey.frames.every((frame) => frame.error),
    'every frame fails with the wrong key',
  );
  const strict = runCli(['decode', path, '--local-key', 'zzzzzz0123456789', '--strict']);
  assert.equal(strict.status, 1);

  const noKey = decodeOk([path]);
  assert.equal(noKey.frames.length, FRAMES.length);
  assert.ok(noKey.frames.every((frame) => frame.error?.code === 'NO_KEY'));

  const cut = decodeOk([file('cut.txt', hexLines(PACKETS.slice(0, 1))), '--local-key', LOCAL_KEY]);
  assert.equal(cut.frames.length, 0);
  assert.equal(cut.problems[0].code, 'INCOMPLETE');

  const notHex = runCli(['decode', file('nothex.txt', '> 00zz\n'), '--local-key', LOCAL_KEY]);
  assert.equal(notHex.status, 2);
  assert.equal(notHex.error.field, 'capture');
  assert.match(notHex.error.message, /line 1/);
});

test('a capture of the lock simulator (simulate --out) decodes whole, protocol 3 and 4', { timeout: 60000 }, () => {
  for (const [protocol, mtu] of [
    [3, 20],
    [4, 244],
  ]) {
    const capturePath = join(work, `sim-${protocol}.txt`);
    const sim = runCli(['simulate', '--protocol', String(protocol), '--mtu', String(mtu), '--out', capturePath]);
    assert.equal(sim.status, 0, sim.stderrText);
    assert.ok(
      sim.json.steps.every((step) => step.ok),
      JSON.stringify(sim.json.steps),
    );
    const out = decodeOk([capturePath, '--local-key', sim.json.device.localKey]);
    assert.equal(out.protocol, protocol);
    assert.equal(out.summary.failed, 0, JSON.stringify(out.frames.filter((frame) => frame.error)));
    assert.equal(out.summary.problems, 0, JSON.stringify(out.problems));
    const commands = out.frames.map((frame) => `${frame.from}:${frame.command}:${frame.role}`);
    const write = protocol === 3 ? 'dpWrite' : 'dpWriteV4';
    const report = protocol === 3 ? 'dpReport' : 'dpReportV4';
    assert.deepEqual(commands.slice(0, 6), [
      'app:deviceInfo:request',
      'lock:deviceInfo:answer',
      'app:pair:request',
      'lock:pair:answer',
      'lock:timeRequest:request',
      'app:timeRequest:answer',
    ]);
    assert.ok(commands.includes(`app:${write}:request`) && commands.includes(`lock:${report}:request`));
    const replies = out.frames.flatMap((frame) => (frame.from === 'lock' ? (frame.dps ?? []) : [])).filter((dp) => dp.reply);
    assert.deepEqual(
      replies.map((dp) => [dp.id, dp.reply.kind, dp.reply.ok]),
      [
        [70, 'setCheckCode', true],
        [71, 'unlockCheck', true],
      ],
    );
    const record = out.frames.find((frame) => frame.dps?.some((dp) => dp.id === 19));
    assert.equal(record.dps[0].name, 'unlockRecord');
    assert.ok(!JSON.stringify(out).includes(sim.json.device.localKey));
  }
});
