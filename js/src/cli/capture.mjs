// Captured GATT traffic in, packets out: [{ direction: 'write' | 'notify' | null, bytes, at?, line? }].
//   hex      one packet per line, optionally prefixed with its direction: `>` / `W` / `write` for
//            the app's writes, `<` / `N` / `notify` for the lock's notifications; `#` comments
//   nrf      the text log nRF Connect (Android) exports: `Data written to <uuid>, value: (0x) 00-21-...`
//            and `Notification received from <uuid>, value: (0x) ...`
//   btsnoop  an Android HCI snoop log (btsnoop.mjs)
import { UsageError } from './output.mjs';
import { readBtsnoop, BTSNOOP_MAGIC } from './btsnoop.mjs';

export const FORMATS = ['auto', 'hex', 'nrf', 'btsnoop'];

export function detectFormat(bytes) {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(BTSNOOP_MAGIC)) return 'btsnoop';
  return /value: \(0x\)/.test(bytes.toString('utf8')) ? 'nrf' : 'hex';
}

export function readCapture(bytes, { format = 'auto', writeHandle, notifyHandle } = {}) {
  const chosen = format === 'auto' ? detectFormat(bytes) : format;
  if (chosen === 'btsnoop') return { format: chosen, ...readBtsnoop(bytes, { writeHandle, notifyHandle }) };
  const text = bytes.toString('utf8');
  return { format: chosen, packets: chosen === 'nrf' ? readNrfLog(text) : readHexLines(text) };
}

const DIRECTIONS = [
  [/^(?:>|w(?:rite)?\b|tx\b)\s*:?\s*/i, 'write'],
  [/^(?:<|n(?:otify)?\b|rx\b)\s*:?\s*/i, 'notify'],
];

function hexBytes(text, line) {
  const digits = text.replace(/0x/gi, '').replace(/[\s:,-]/g, '');
  if (digits.length === 0 || digits.length % 2 !== 0 || /[^0-9a-f]/i.test(digits)) {
    throw new UsageError(`capture line ${line}: not a packet in hex ("${text.slice(0, 40)}")`, 'capture');
  }
  return Uint8Array.from(Buffer.from(digits, 'hex'));
}

export function readHexLines(text) {
  const packets = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    let rest = raw.replace(/#.*$/, '').trim();
    if (!rest) return;
    let direction = null;
    for (const [prefix, name] of DIRECTIONS) {
      const match = prefix.exec(rest);
      if (match) {
        direction = name;
        rest = rest.slice(match[0].length);
        break;
      }
    }
    packets.push({ direction, bytes: hexBytes(rest, index + 1), line: index + 1 });
  });
  return packets;
}

// nRF Connect writes each operation once as an `I` (info) line with `value: (0x) ..` and repeats
// it as an `A` (application) line ("(0x) ... sent / received"), which has no `value:` and is skipped.
const NRF_LINE = /^\s*[VDIAWE]?\s*([\d:.]+)?\s*(.*?)\bvalue: \(0x\)\s*([0-9A-Fa-f-]*)/;

export function readNrfLog(text) {
  const packets = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const match = NRF_LINE.exec(raw);
    if (!match) return;
    const what = match[2];
    let direction = null;
    if (/written|write/i.test(what)) direction = 'write';
    else if (/(notification|indication) received/i.test(what)) direction = 'notify';
    else return; // reads and descriptor values are not Tuya traffic
    if (/descr|\b0000?2902\b|0x2902/i.test(what)) return;
    if (!match[3]) return;
    const characteristic = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|0x[0-9a-f]{4})/i.exec(what);
    packets.push({
      direction,
      bytes: hexBytes(match[3], index + 1),
      line: index + 1,
      ...(match[1] ? { time: match[1] } : {}),
      ...(characteristic ? { characteristic: characteristic[1].toLowerCase() } : {}),
    });
  });
  if (packets.length === 0) throw new UsageError('nRF Connect log: no "value: (0x)" line of a write or notification', 'capture');
  return packets;
}
