// Names and reads the DATA of a decrypted Tuya BLE frame for `doorlock decode`: which command it
// is, who sent it, and the fields a person reading a capture wants. The layouts are those of the
// core's dp_messages.h / handshake.h (ble-protocol.md §2, §5); the DP lists themselves, the DP
// names and the lock's replies come from the core (dl.ble.decodeDps, dl.ble.lockDp).
import { hex } from './output.mjs';

export const COMMAND_NAMES = Object.freeze({
  0x0000: 'deviceInfo',
  0x0001: 'pair',
  0x0002: 'dpWrite',
  0x0003: 'stateQuery',
  0x0005: 'unbind',
  0x0006: 'deviceReset',
  0x0014: 'anomalyUnbind',
  0x0027: 'dpWriteV4',
  0x8001: 'dpReport',
  0x8003: 'dpReportWithTime',
  0x8006: 'dpReportV4',
  0x8007: 'dpReportV4WithTime',
  0x8011: 'timeRequest',
  0x8012: 'timeDateRequest',
});

// DPs whose bytes carry a check code (69, 70, 71, 73) or a PIN (1, 3, 51, 53, 60, 61, 73).
export const SECRET_DPS = new Set([1, 3, 51, 53, 60, 61, 69, 70, 71, 73]);
const SECRET_REPLY_FIELDS = ['checkCode', 'newCheckCode', 'password', 'srand'];
const REDACTED = '[redacted]';

const u16 = (b, at) => (b[at] << 8) | b[at + 1];
const u32 = (b, at) => ((b[at] << 24) >>> 0) + (b[at + 1] << 16) + (b[at + 2] << 8) + b[at + 3];
const ascii = (b) => String.fromCharCode(...b);
const textWithoutZeros = (b) => ascii(b).replace(/\0+$/, '');
export const cmdHex = (cmd) => `0x${cmd.toString(16).padStart(4, '0')}`;

// Who sent a frame when the capture does not say: requests of 0x0xxx commands come from the app,
// of 0x8xxx from the lock; an answer (ACK_SN != 0) comes from the other side.
export function senderOf(frame, direction) {
  if (direction === 'write') return 'app';
  if (direction === 'notify') return 'lock';
  const answer = frame.ackSn !== 0;
  return (frame.cmd < 0x8000) !== answer ? 'app' : 'lock';
}

// The lock-DP catalog as names by DP id, from the core.
export function dpCatalog(dl) {
  const names = new Map();
  for (const command of dl.ble.lockDp.facts().commands) names.set(command.dp, command.name);
  for (const message of dl.ble.lockDp.messages().messages) if (!names.has(message.dp)) names.set(message.dp, message.name);
  for (const dp of dl.ble.lockDp.facts().unlockRecordDps) if (!names.has(dp)) names.set(dp, 'unlockRecord');
  return names;
}

// Reads `frame.data` for its command. `context`: { dl, names, from, showSecrets }.
// Returns the fields to add to the frame's description.
export function describeData(frame, context) {
  const { cmd, data } = frame;
  const { from } = context;
  const answer = cmd < 0x8000 ? from === 'lock' : from === 'app';
  const out = { role: answer ? 'answer' : 'request' };
  switch (cmd) {
    case 0x0000:
      if (!answer) {
        if (data.length === 2) out.mtu = u16(data, 0);
      } else if (data.length >= 12) {
        out.deviceInfo = {
          protocol: `${data[2]}.${data[3]}`,
          bound: data[5] === 1,
          // srand (bytes 6-11) with the local key gives the session key: the rest of the capture.
          sessionKeyDerived: true,
        };
      }
      return out;
    case 0x0001:
      if (!answer) {
        out.pair = { uuid: textWithoutZeros(data.subarray(0, 16)), devId: textWithoutZeros(data.subarray(22, 44)) };
        out.secrets = 'loginKey';
      } else if (data.length >= 1) {
        out.status = { 0: 'paired', 1: 'refused', 2: 'alreadyBound' }[data[0]] ?? `0x${data[0].toString(16)}`;
      }
      return out;
    case 0x0002:
      if (!answer) out.dps = dps(data, 3, context);
      else if (data.length >= 1) out.status = statusName(data[0]);
      return out;
    case 0x0027:
      if (data.length < 5) return out;
      out.dpSn = u32(data, 1);
      if (!answer) out.dps = dps(data.subarray(5), 4, context);
      else if (data.length >= 6) out.status = statusName(data[5]);
      return out;
    case 0x8001:
      if (!answer) out.dps = dps(data, 3, context);
      else if (data.length >= 1) out.status = statusName(data[0]);
      return out;
    case 0x8003: {
      if (answer) {
        if (data.length >= 1) out.status = statusName(data[0]);
        return out;
      }
      const { time, next } = reportTime(data, 0);
      Object.assign(out, time);
      out.dps = dps(data.subarray(next), 3, context);
      return out;
    }
    case 0x8006:
    case 0x8007: {
      if (data.length < 7) return out;
      out.report = { sn: u32(data, 1), flag: data[5], wantsAnswer: (data[5] & 0x80) === 0, mode: data[6] };
      if (answer) {
        if (data.length >= 8) out.status = statusName(data[7]);
        return out;
      }
      let next = 7;
      if (cmd === 0x8007) {
        const read = reportTime(data, 7);
        Object.assign(out, read.time);
        next = read.next;
      }
      out.dps = dps(data.subarray(next), 4, context);
      return out;
    }
    case 0x8011:
      if (answer && data.length >= 15) out.time = { unixMs: Number(ascii(data.subarray(0, 13))), zone: (u16(data, 13) << 16) >> 16 };
      return out;
    case 0x8012:
      if (answer && data.length >= 9) {
        const [yy, mm, dd, h, m, s, weekday] = data;
        out.time = { date: `20${String(yy).padStart(2, '0')}-${pad(mm)}-${pad(dd)} ${pad(h)}:${pad(m)}:${pad(s)}`, weekday, zone: (u16(data, 7) << 16) >> 16 };
      }
      return out;
    default:
      return out;
  }
}

const pad = (n) => String(n).padStart(2, '0');
const statusName = (byte) => (byte === 0 ? 'ok' : byte === 1 ? 'error' : `0x${byte.toString(16)}`);

// time_type 1: u32 unix seconds; 0: 13 ASCII digits of milliseconds.
function reportTime(data, at) {
  if (data[at] === 1) return { time: { timeMs: u32(data, at + 1) * 1000 }, next: at + 5 };
  if (data[at] === 0) return { time: { timeMs: Number(ascii(data.subarray(at + 1, at + 14))) }, next: at + 14 };
  return { time: { timeType: data[at] }, next: data.length };
}

// A DP list through the core, each DP named and, when the lock sent it, its reply parsed.
function dps(bytes, protocol, { dl, names, from, showSecrets }) {
  const list = dl.ble.decodeDps(bytes, { protocol });
  return list.map((dp) => {
    const secret = SECRET_DPS.has(dp.id) && !showSecrets;
    const out = { id: dp.id, name: names.get(dp.id) ?? null, type: dp.type };
    if (secret) {
      out.value = REDACTED;
      out.redacted = true;
    } else {
      out.value = dp.value instanceof Uint8Array ? hex(dp.value) : dp.value;
    }
    if (from === 'lock' && dp.type === 'raw') {
      try {
        const reply = dl.ble.lockDp.parseReply(dp);
        if (secret) for (const field of SECRET_REPLY_FIELDS) if (field in reply) reply[field] = REDACTED;
        out.reply = reply;
      } catch (error) {
        // Not every raw DP has a reply layout (records, sync streams): the DP stays as it is.
        if (error?.field !== 'dp.id') out.replyError = { code: error.code, message: error.message };
      }
    }
    return out;
  });
}
