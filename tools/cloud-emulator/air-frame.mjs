// The air frame the cloud hands out for doorLock.bleOpenInstruction / unlockInstruction: a DP 71
// write (ble-protocol.md §6.5, §6b.3) framed for SN = bluetooth_sn and encrypted as the lock reads
// it (§1a, §3, §5), built here with node:crypto alone, apart from the SDK's codec.
//
// Key: SESSION_KEY md5(localKey[0:6] | srand), mode 5, when the emulator knows the srand of the
// lock's current connection (the emulated home links the emulator to its simulated locks);
// otherwise KEY_4 md5(localKey[0:6]), mode 4, which needs the local key alone.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';

const CMD_DP_WRITE_V3 = 0x0002;
const CMD_DP_WRITE_V4 = 0x0027;
const DP_UNLOCK_CHECK = 71;
const DP_TYPE_RAW = 0;

function crc16Modbus(bytes) {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

// DP 71: ffff | slaveId(2) | checkCode(8) | op (1 open, 0 lock) | timestamp(4) | 00 (phone) | member(1).
export function unlockCheckValue({ slaveId, checkCode, open, timestamp, memberId }) {
  const value = Buffer.alloc(19);
  value.writeUInt16BE(0xffff, 0);
  value.writeUInt16BE(slaveId, 2);
  Buffer.from(checkCode).copy(value, 4, 0, 8);
  value[12] = open ? 1 : 0;
  value.writeUInt32BE(timestamp >>> 0, 13);
  value[17] = 0;
  value[18] = memberId & 0xff;
  return value;
}

function dpWrite(protocol, sn, value) {
  if (protocol >= 4) {
    const head = Buffer.alloc(9);
    head[0] = 0; // ver
    head.writeUInt32BE(sn >>> 0, 1); // dp_sn
    head[5] = DP_UNLOCK_CHECK;
    head[6] = DP_TYPE_RAW;
    head.writeUInt16BE(value.length, 7);
    return { cmd: CMD_DP_WRITE_V4, data: Buffer.concat([head, value]) };
  }
  return { cmd: CMD_DP_WRITE_V3, data: Buffer.concat([Buffer.from([DP_UNLOCK_CHECK, DP_TYPE_RAW, value.length]), value]) };
}

// { localKey, srand?: Buffer(6), sn, protocol: 3|4, value } -> hex of mode | IV | AES-128-CBC(frame).
export function unlockAirFrame({ localKey, srand, sn, protocol, value }) {
  const { cmd, data } = dpWrite(protocol, sn, value);
  const header = Buffer.alloc(12);
  header.writeUInt32BE(sn >>> 0, 0);
  header.writeUInt32BE(0, 4);
  header.writeUInt16BE(cmd, 8);
  header.writeUInt16BE(data.length, 10);
  const body = Buffer.concat([header, data]);
  const crc = Buffer.alloc(2);
  crc.writeUInt16BE(crc16Modbus(body));
  const plain = Buffer.concat([body, crc]);
  const padded = Buffer.concat([plain, Buffer.alloc((16 - (plain.length % 16)) % 16)]);
  const loginKey = Buffer.from(localKey.slice(0, 6), 'latin1');
  const mode = srand ? 5 : 4;
  const key = createHash('md5')
    .update(srand ? Buffer.concat([loginKey, srand]) : loginKey)
    .digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
  const air = Buffer.concat([Buffer.from([mode]), iv, cipher.update(padded), cipher.final()]);
  key.fill(0);
  padded.fill(0);
  plain.fill(0);
  return air.toString('hex');
}
