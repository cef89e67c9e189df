// `doorlock decode`: follows a captured connection as a sniffer would. Packets are reassembled per
// direction (dl.ble.reassembler), each air frame is decrypted with the key of its mode (mode 4 =
// md5(localKey[0:6]) for device info; mode 5 = md5(localKey[0:6] || srand) with the srand of the
// device-info answer seen earlier in the same capture), its CRC checked by the core
// (dl.ble.decodeFrame), and the frame read by the core (dl.ble.describeFrame): its command, sender,
// fields and DPs, named and redacted in frames.mjs. No key derived here is ever part of the output.
import { carriesSecret, cmdHex, describeFrame, dpCatalog, present, senderOfDirection } from './frames.mjs';
import { hex } from './output.mjs';

// Without --mtu a sniffer takes any packet the link carried; with it, packets longer than the
// lock accepts are reported (the lock would have dropped them).
const MAX_PACKET = 512;

// The protocol major in a sub-packet 0 (number 0 | varint total | version byte).
function protocolOfFirstPacket(bytes) {
  if (bytes.length < 3 || bytes[0] !== 0) return null;
  let at = 1;
  while (at < bytes.length && bytes[at] & 0x80) at += 1;
  const major = bytes[at + 1] >> 4;
  return major === 3 || major === 4 ? major : null;
}

export function decodeCapture(dl, packets, options = {}) {
  const { localKey, showSecrets = false, srand: givenSrand, mtu } = options;
  let protocol = options.protocol ?? null;
  const names = dpCatalog(dl);
  const loginKey = localKey ? dl.ble.deriveKey({ mode: 4, localKey }) : null;
  let sessionKey = localKey && givenSrand ? dl.ble.deriveKey({ mode: 5, localKey, srand: givenSrand }) : null;
  const reassemblers = new Map();
  const pending = new Map(); // direction -> packet indexes of the frame being reassembled
  const lastSn = new Map();
  const requests = new Map(); // `${sender}:${sn}` -> index in frames, for the current session
  const frames = [];
  const problems = [];

  const reassemblerFor = (direction) => {
    const key = direction ?? 'any';
    if (!reassemblers.has(key)) reassemblers.set(key, dl.ble.reassembler({ protocol: protocol ?? 3, maxPacket: mtu ?? MAX_PACKET }));
    return reassemblers.get(key);
  };

  packets.forEach((packet, index) => {
    if (protocol === null) protocol = protocolOfFirstPacket(packet.bytes);
    const key = packet.direction ?? 'any';
    const indexes = packet.bytes[0] === 0 ? [] : (pending.get(key) ?? []);
    indexes.push(index);
    pending.set(key, indexes);
    let air;
    try {
      air = reassemblerFor(packet.direction).push(packet.bytes);
    } catch (error) {
      problems.push({ packet: index, ...where(packet), code: error.code ?? 'INTERNAL', message: error.message });
      reassemblerFor(packet.direction).reset();
      pending.delete(key);
      return;
    }
    if (!air) return;
    pending.delete(key);
    // A frame is dated and placed by its first packet.
    const frame = decodeAir(air, packets[indexes[0]], indexes);
    frames.push(frame);
  });
  for (const [direction, indexes] of pending) {
    if (indexes.length)
      problems.push({ packets: indexes, direction: direction === 'any' ? null : direction, code: 'INCOMPLETE', message: 'the capture ends inside a frame' });
  }

  function decodeAir(air, packet, indexes) {
    const mode = air[0];
    const out = { direction: packet.direction ?? null, ...where(packet), packets: indexes, mode, bytes: air.length };
    const key = keyFor(mode);
    if (key.error) return { ...out, error: key.error };
    let frame;
    try {
      frame = dl.ble.decodeFrame(air, key.bytes ? { key: key.bytes } : {});
    } catch (error) {
      const hint =
        error.code === 'BAD_FRAME' || error.code === 'CRC_MISMATCH' ? ' (a wrong local key, or a frame of another connection, reads as garbage)' : '';
      return {
        ...out,
        key: key.name,
        crc: error.code === 'CRC_MISMATCH' ? 'mismatch' : undefined,
        error: { code: error.code ?? 'INTERNAL', message: error.message + hint },
      };
    }
    let description = null;
    let dataError = null;
    try {
      description = describeFrame(dl, frame, { protocol, direction: packet.direction });
    } catch (error) {
      dataError = { code: error.code ?? 'INTERNAL', message: error.message };
    }
    const from = description?.from ?? senderOfDirection(packet.direction);
    Object.assign(out, { key: key.name, crc: 'ok', from, sn: frame.sn, ackSn: frame.ackSn, cmd: cmdHex(frame.cmd), command: description?.command ?? null });
    const warnings = [];
    if (description?.command === 'deviceInfo' && description.role === 'request') {
      // A device-info request opens a connection: both SN counters and the session start afresh.
      lastSn.clear();
      requests.clear();
      sessionKey?.fill(0);
      sessionKey = null;
    }
    const previous = lastSn.get(from);
    if (previous !== undefined && frame.sn <= previous) warnings.push('SN_NOT_INCREASING');
    lastSn.set(from, frame.sn);
    if (description) Object.assign(out, present(description, { dl, names, showSecrets }));
    else out.dataError = dataError;
    // DATA that does not read may still hold a secret: it is shown only when asked.
    if (showSecrets || (description && !carriesSecret(description))) out.data = hex(frame.data);
    // An answer names its request by ACK_SN = the request's SN, counted by the other side.
    if (out.role === 'answer') {
      const asked = requests.get(`${from === 'app' ? 'lock' : 'app'}:${frame.ackSn}`);
      out.answers = asked ?? null;
      if (asked === undefined) warnings.push('ANSWER_WITHOUT_REQUEST');
      else if (frames[asked].cmd !== out.cmd) warnings.push('ANSWER_TO_ANOTHER_COMMAND');
    } else if (out.role === 'request') {
      requests.set(`${from}:${frame.sn}`, frames.length);
    }
    if (description?.srand && localKey) {
      sessionKey?.fill(0);
      sessionKey = dl.ble.deriveKey({ mode: 5, localKey, srand: description.srand });
    }
    frame.data.fill(0);
    if (warnings.length) out.warnings = warnings;
    return out;
  }

  function keyFor(mode) {
    if (mode === 0) return { name: 'none' };
    if (!localKey) return { error: { code: 'NO_KEY', message: 'give --local-key to decrypt' } };
    if (mode === 4) return { name: 'login', bytes: loginKey };
    if (mode === 5) {
      if (!sessionKey) {
        return {
          error: {
            code: 'NO_SESSION_KEY',
            message: 'a mode-5 frame before any device-info answer in this capture: its srand, and so the session key, is unknown (give --srand)',
          },
        };
      }
      return { name: 'session', bytes: sessionKey };
    }
    return { error: { code: 'UNSUPPORTED_MODE', message: `encryption mode ${mode} needs keys a capture and a local key do not give` } };
  }

  const decoded = frames.filter((frame) => !frame.error).length;
  const result = {
    protocol,
    frames,
    problems,
    summary: { packets: packets.length, frames: frames.length, decoded, failed: frames.length - decoded, problems: problems.length },
  };
  loginKey?.fill(0);
  sessionKey?.fill(0);
  return result;
}

function where(packet) {
  const out = {};
  if (packet.line !== undefined) out.line = packet.line;
  if (packet.time !== undefined) out.time = packet.time;
  if (packet.at !== undefined) out.at = new Date(packet.at).toISOString();
  if (packet.record !== undefined) out.record = packet.record;
  return out;
}
