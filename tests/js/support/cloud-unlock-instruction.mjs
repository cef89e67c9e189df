// What doorLock.bleOpenInstruction returns, built the way the cloud would, with node:crypto: a v3
// DP write (0x0002) of DP 71 for SN `sn`, in mode 4 (key md5(localKey[0:6]), which the cloud can
// derive), as hex (ble-protocol.md §1a, §3, §5, §6.5). Independent of the code under test.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { crc16Modbus } from './ble_peer.mjs';

export function cloudUnlockInstruction({ localKey, sn, checkCode, timestamp, memberId = 1, open = true }) {
  const value = Buffer.alloc(19);
  value.writeUInt16BE(0xffff, 0); // masterid
  value.writeUInt16BE(0x0001, 2); // slaveid
  value.write(checkCode, 4, 'ascii');
  value[12] = open ? 1 : 0;
  value.writeUInt32BE(timestamp, 13);
  value[17] = 0; // phone
  value[18] = memberId;
  const data = Buffer.concat([Buffer.from([71, 0, value.length]), value]);
  const header = Buffer.alloc(12);
  header.writeUInt32BE(sn, 0);
  header.writeUInt32BE(0, 4);
  header.writeUInt16BE(0x0002, 8);
  header.writeUInt16BE(data.length, 10);
  const body = Buffer.concat([header, data]);
  const crc = crc16Modbus(body);
  const plain = Buffer.concat([body, Buffer.from([crc >> 8, crc & 0xff])]);
  const padded = Buffer.concat([plain, Buffer.alloc((16 - (plain.length % 16)) % 16)]);
  const key = createHash('md5').update(localKey.slice(0, 6)).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
  return Buffer.concat([Buffer.from([4]), iv, cipher.update(padded), cipher.final()]).toString('hex');
}
