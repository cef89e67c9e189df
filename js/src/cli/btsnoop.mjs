// An Android HCI snoop log (btsnoop_hci.log) down to the ATT writes and notifications it carries.
//
//   file header  "btsnoop\0" | version u32 BE (1) | datalink u32 BE (1002 = HCI UART, H4)
//   record       original length u32 | included length u32 | flags u32 | drops u32 |
//                timestamp i64 (microseconds since 0000-01-01) | included-length bytes   (all BE)
//                flags bit0: 0 sent by the host, 1 received; bit1: command/event
//   H4 packet    type byte: 0x02 = ACL data
//   ACL          handle u16 LE (bits 12-13: packet boundary, 0b01 = continuing fragment) | length u16 LE
//   L2CAP        length u16 LE | channel u16 LE (0x0004 = ATT) | payload
//   ATT          0x12 Write Request, 0x52 Write Command: handle u16 LE | value
//                0x1b Handle Value Notification, 0x1d Indication: handle u16 LE | value
//
// The handles of the Tuya write (0x2b11) and notify (0x2b10) characteristics are not in the log
// unless service discovery was captured: give them, or the first write / notification whose value
// starts like a Tuya sub-packet 0 picks its handle.
import { UsageError } from './output.mjs';

export const BTSNOOP_MAGIC = Buffer.from('btsnoop\0', 'latin1');
const DATALINK_H4 = 1002;
const HEADER_SIZE = 16;
const RECORD_HEADER_SIZE = 24;
const H4_ACL = 0x02;
const ATT_CID = 0x0004;
const ATT_WRITES = new Set([0x12, 0x52]);
const ATT_NOTIFICATIONS = new Set([0x1b, 0x1d]);
// Microseconds from 0000-01-01 to the Unix epoch, as btsnoop counts them.
const EPOCH_OFFSET_US = 0x00dcddb30f2f8000n;

function fail(message) {
  throw new UsageError(`btsnoop: ${message}`, 'capture');
}

export function readBtsnoop(bytes, { writeHandle, notifyHandle } = {}) {
  if (bytes.length < HEADER_SIZE || !bytes.subarray(0, 8).equals(BTSNOOP_MAGIC)) fail('no "btsnoop" file header');
  const version = bytes.readUInt32BE(8);
  const datalink = bytes.readUInt32BE(12);
  if (version !== 1) fail(`version ${version}, expected 1`);
  if (datalink !== DATALINK_H4) fail(`datalink ${datalink}, expected ${DATALINK_H4} (HCI H4)`);

  const att = [];
  const partial = new Map(); // ACL connection handle -> L2CAP bytes gathered so far
  let records = 0;
  for (let at = HEADER_SIZE; at < bytes.length; ) {
    if (at + RECORD_HEADER_SIZE > bytes.length) fail(`record ${records + 1} is cut short`);
    const included = bytes.readUInt32BE(at + 4);
    const flags = bytes.readUInt32BE(at + 8);
    const timestamp = bytes.readBigInt64BE(at + 16);
    const start = at + RECORD_HEADER_SIZE;
    if (start + included > bytes.length) fail(`record ${records + 1} is cut short`);
    const packet = bytes.subarray(start, start + included);
    at = start + included;
    records += 1;
    if (packet.length < 5 || packet[0] !== H4_ACL) continue;
    const handleField = packet.readUInt16LE(1);
    const connection = handleField & 0x0fff;
    const boundary = (handleField >> 12) & 0x3;
    const payload = packet.subarray(5, 5 + packet.readUInt16LE(3));
    let l2cap;
    if (boundary === 0x1) {
      const before = partial.get(connection);
      if (!before) continue; // a continuation of a start the log does not hold
      l2cap = Buffer.concat([before, payload]);
    } else {
      l2cap = payload;
    }
    if (l2cap.length < 4 || l2cap.length < 4 + l2cap.readUInt16LE(0)) {
      partial.set(connection, l2cap);
      continue;
    }
    partial.delete(connection);
    if (l2cap.readUInt16LE(2) !== ATT_CID) continue;
    const pdu = l2cap.subarray(4, 4 + l2cap.readUInt16LE(0));
    if (pdu.length < 3) continue;
    const opcode = pdu[0];
    const direction = ATT_WRITES.has(opcode) ? 'write' : ATT_NOTIFICATIONS.has(opcode) ? 'notify' : null;
    if (!direction) continue;
    att.push({
      direction,
      handle: pdu.readUInt16LE(1),
      bytes: Uint8Array.from(pdu.subarray(3)),
      received: (flags & 1) === 1,
      at: Number((timestamp - EPOCH_OFFSET_US) / 1000n),
      record: records,
    });
  }
  const chosenWrite = writeHandle ?? inferHandle(att, 'write');
  const chosenNotify = notifyHandle ?? inferHandle(att, 'notify');
  const packets = att
    .filter((item) => item.handle === (item.direction === 'write' ? chosenWrite : chosenNotify))
    .map(({ direction, bytes: value, at, record }) => ({ direction, bytes: value, at, record }));
  return { packets, records, writeHandle: chosenWrite ?? null, notifyHandle: chosenNotify ?? null };
}

// A Tuya sub-packet 0: number 0, a varint total length, then the version byte (protocol major 2..5
// in the high nibble).
function looksLikeFirstSubPacket(value) {
  if (value.length < 3 || value[0] !== 0) return false;
  let at = 1;
  while (at < value.length && at < 5 && value[at] & 0x80) at += 1;
  const version = value[at + 1];
  return version !== undefined && version >> 4 >= 2 && version >> 4 <= 5;
}

function inferHandle(att, direction) {
  return att.find((item) => item.direction === direction && looksLikeFirstSubPacket(item.bytes))?.handle;
}
