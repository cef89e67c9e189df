// The lock's end of the BLE protocol written from the spec (ble-protocol.md §1a, §3, §4) with
// Node's crypto, a CRC and a sub-packet codec of its own: an independent counterpart for testing
// what the core builds. It is deliberately small and knows nothing of the core.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export const hex = (bytes) => Buffer.from(bytes).toString('hex');
export const fromHex = (text) => new Uint8Array(Buffer.from(text, 'hex'));

export function crc16Modbus(bytes) {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

export const md5 = (...parts) =>
  new Uint8Array(
    createHash('md5')
      .update(Buffer.concat(parts.map((p) => Buffer.from(p))))
      .digest(),
  );
export const key4 = (localKey) => md5(Buffer.from(localKey).subarray(0, 6));
export const sessionKey = (localKey, srand) => md5(Buffer.from(localKey).subarray(0, 6), srand);

export function plainFrame({ sn, ackSn = 0, cmd, data = new Uint8Array(0) }) {
  const out = Buffer.alloc(12 + data.length + 2);
  out.writeUInt32BE(sn, 0);
  out.writeUInt32BE(ackSn, 4);
  out.writeUInt16BE(cmd, 8);
  out.writeUInt16BE(data.length, 10);
  Buffer.from(data).copy(out, 12);
  out.writeUInt16BE(crc16Modbus(out.subarray(0, 12 + data.length)), 12 + data.length);
  return new Uint8Array(out);
}

// The lock's padding: n bytes of value n, none when aligned.
export function tuyaPad(bytes) {
  const n = (16 - (bytes.length % 16)) % 16;
  return Buffer.concat([Buffer.from(bytes), Buffer.alloc(n, n)]);
}

export function encrypt(frame, { mode, key, iv = randomBytes(16) }) {
  const cipher = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
  const body = Buffer.concat([cipher.update(tuyaPad(plainFrame(frame))), cipher.final()]);
  return new Uint8Array(Buffer.concat([Buffer.from([mode]), Buffer.from(iv), body]));
}

export function decrypt(air, key) {
  const decipher = createDecipheriv('aes-128-cbc', key, Buffer.from(air.subarray(1, 17))).setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(Buffer.from(air.subarray(17))), decipher.final()]);
  const length = plain.readUInt16BE(10);
  const crc = plain.readUInt16BE(12 + length);
  if (crc !== crc16Modbus(plain.subarray(0, 12 + length))) throw new Error('peer: CRC mismatch');
  return {
    mode: air[0],
    sn: plain.readUInt32BE(0),
    ackSn: plain.readUInt32BE(4),
    cmd: plain.readUInt16BE(8),
    data: new Uint8Array(plain.subarray(12, 12 + length)),
    padding: new Uint8Array(plain.subarray(14 + length)),
  };
}

export function varint(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return out;
}

export function split(air, { mtu = 20, protocol = 3 } = {}) {
  const packets = [];
  let offset = 0;
  for (let number = 0; offset < air.length; number++) {
    const head = number === 0 ? [...varint(number), ...varint(air.length), protocol << 4] : varint(number);
    const take = Math.min(mtu - head.length, air.length - offset);
    packets.push(new Uint8Array([...head, ...air.subarray(offset, offset + take)]));
    offset += take;
  }
  return packets;
}

// Joins the packets of one frame (in order, no loss) the way the lock reads them.
export function join(packets) {
  const readVarint = (bytes, at) => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++];
      value |= (byte & 0x7f) << shift;
      shift += 7;
      if (!(byte & 0x80)) return [value, at];
    }
  };
  let total = 0;
  const parts = [];
  packets.forEach((packet, index) => {
    let [number, at] = readVarint(packet, 0);
    if (number !== index) throw new Error(`peer: packet ${index} is numbered ${number}`);
    if (index === 0) {
      [total, at] = readVarint(packet, at);
      at += 1; // version byte
    }
    parts.push(packet.subarray(at));
  });
  const air = Buffer.concat(parts.map((p) => Buffer.from(p)));
  if (air.length < total) throw new Error('peer: frame incomplete');
  return new Uint8Array(air.subarray(0, total));
}

// A bound lock with one connection's worth of state: it answers device info, pairs and sends
// what a test asks it to.
export class LockPeer {
  constructor({ localKey, srand = fromHex('112233445566'), mtu = 20, protocol = 3 }) {
    this.localKey = localKey;
    this.srand = srand;
    this.mtu = mtu;
    this.protocol = protocol;
    this.sn = 1;
    this.key4 = key4(localKey);
    this.session = sessionKey(localKey, srand);
  }

  read(packets, key = this.session) {
    for (const packet of packets) if (packet.length > this.mtu) throw new Error('peer: packet longer than the MTU');
    return decrypt(join(packets), key);
  }

  send({ cmd, data = new Uint8Array(0), ackSn = 0, mode = 5, sn }) {
    const frame = { sn: sn ?? this.sn++, ackSn, cmd, data };
    return split(encrypt(frame, { mode, key: mode === 4 ? this.key4 : this.session }), { mtu: this.mtu, protocol: this.protocol });
  }

  deviceInfo(ackSn, { bound = true } = {}) {
    const data = Buffer.alloc(84);
    data[0] = 1;
    data[1] = 0;
    data[2] = this.protocol;
    data[3] = 2;
    data[5] = bound ? 1 : 0;
    Buffer.from(this.srand).copy(data, 6);
    return this.send({ cmd: 0x0000, data: new Uint8Array(data), ackSn, mode: 4 });
  }
}
