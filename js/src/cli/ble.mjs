// The frame-level commands of the doorlock CLI: schedule (cloud schedule fields and the BLE
// validity block), frame encode|decode, packetize. Thin wrappers of dl.buildSchedule,
// dl.validityBlock, dl.ble.encodeFrame / decodeFrame / packetize.
import { inputObject, intArg, jsonArg, oneOf, readStdin } from './args.mjs';
import { carriesSecret, cmdHex, dpCatalog, present } from './frames.mjs';
import { hex, UsageError } from './output.mjs';

const hexText = (text) => (typeof text === 'string' ? text.replace(/0x/gi, '').replace(/[\s:-]/g, '') : text);
const days = (text) => (typeof text === 'string' && !/^\d+$/.test(text) ? text.split(',').map((day) => day.trim()) : intArg(text, 'days'));

export const schedule = {
  name: 'schedule',
  summary: 'cloud schedule fields (buildSchedule) or the 17-byte BLE validity block (validity)',
  help: `doorlock schedule --effective-time S --invalid-time S [--time-zone Z] [--windows JSON]
doorlock schedule validity --effective-time S --invalid-time S [--cycle none|daily|weekly]
                           [--days mon,fri] [--start HH:MM] [--end HH:MM]
Either form also takes --json '{ "effectiveTime": ..., ... }' (or - / @file).

  schedule            dl.buildSchedule: { effective_time, invalid_time, time_zone, schedule_list }
                      windows: [{ "start": "08:00", "end": "18:00", "days": ["mon", "fri"] }]
  schedule validity   dl.validityBlock: { validity: "<17 bytes hex>" }`,
  run(dl, { positionals, flags }) {
    const input = inputObject(flags);
    const merged = { ...input };
    if (flags.effectiveTime !== undefined) merged.effectiveTime = intArg(flags.effectiveTime, 'effective-time');
    if (flags.invalidTime !== undefined) merged.invalidTime = intArg(flags.invalidTime, 'invalid-time');
    const kind = positionals[0] ?? 'cloud';
    if (kind === 'cloud') {
      if (flags.timeZone !== undefined) merged.timeZone = flags.timeZone;
      if (flags.windows !== undefined) merged.windows = jsonArg(flags.windows, 'windows');
      return { output: dl.buildSchedule(merged) };
    }
    if (kind === 'validity') {
      if (flags.cycle !== undefined) merged.cycle = flags.cycle;
      if (flags.days !== undefined) merged.days = days(flags.days);
      if (flags.start !== undefined) merged.start = flags.start;
      if (flags.end !== undefined) merged.end = flags.end;
      return { output: { validity: dl.validityBlock(merged) } };
    }
    throw new UsageError(`schedule ${kind}: expected nothing (cloud fields) or "validity"`, 'kind');
  },
};

// The AES key of a frame: --key, or derived from --local-key (and --srand for mode 5).
function frameKey(dl, flags, mode) {
  if (flags.key !== undefined) return { key: hexText(flags.key) };
  const localKey = flags.localKey ?? process.env.DOORLOCK_LOCAL_KEY;
  if (mode === 0) return {};
  if (localKey === undefined) throw new UsageError('give --local-key (or --key HEX, the 16-byte AES key)', 'local-key');
  if (mode === 5 && flags.srand === undefined) throw new UsageError('mode 5 needs --srand (bytes 6-11 of the device-info answer)', 'srand');
  const args = { mode, localKey };
  if (mode === 5) args.srand = hexText(flags.srand);
  return { key: dl.ble.deriveKey(args) };
}

const wipe = (key) => key instanceof Uint8Array && key.fill(0);

function bytesArg(positionals, flags, name) {
  const text = positionals[1] ?? flags[name];
  if (text === undefined) throw new UsageError(`give the ${name} in hex, or - for standard input`, name);
  return hexText(text === '-' ? readStdin(name).toString('utf8').trim() : text);
}

export const frame = {
  name: 'frame',
  summary: 'encode or decode one air frame (mode | IV | AES-CBC(SN | ACK_SN | CMD | LEN | DATA | CRC))',
  switches: ['showSecrets'],
  help: `doorlock frame encode --sn N --cmd C [--ack-sn N] [--data HEX] --mode 4|5
                      (--local-key K [--srand HEX] | --key HEX) [--iv HEX] [--padding tuya|zero] [--mtu N]
doorlock frame decode <air-hex|-> (--local-key K [--srand HEX] | --key HEX) [--protocol 3|4] [--show-secrets]

  encode   { air } (and { packets } with --mtu); the IV comes from the CSPRNG unless --iv
  decode   { sn, ackSn, cmd, command, mode, data, ... } with the CRC checked by the core and DATA
           read by it (dl.ble.describeFrame); --protocol only matters to a device-info request
Keys: mode 4 = md5(localKey[0:6]); mode 5 = md5(localKey[0:6] || srand). Never printed.`,
  run(dl, { positionals, flags }) {
    const action = positionals[0];
    if (action === 'encode') {
      const mode = intArg(flags.mode, 'mode');
      if (mode === undefined) throw new UsageError('give --mode (4 device info, 5 session)', 'mode');
      const { key } = frameKey(dl, flags, mode);
      const args = {
        sn: intArg(flags.sn, 'sn'),
        ackSn: intArg(flags.ackSn, 'ack-sn', 0),
        cmd: intArg(flags.cmd, 'cmd'),
        data: Uint8Array.from(Buffer.from(hexText(flags.data ?? ''), 'hex')),
        mode,
      };
      if (key !== undefined) args.key = key;
      if (flags.iv !== undefined) args.iv = hexText(flags.iv);
      if (flags.padding !== undefined) args.padding = oneOf(flags.padding, 'padding', ['tuya', 'zero']);
      try {
        const air = dl.ble.encodeFrame(args);
        const output = { air };
        if (flags.mtu !== undefined) output.packets = dl.ble.packetize(air, { mtu: intArg(flags.mtu, 'mtu'), protocol: intArg(flags.protocol, 'protocol', 3) });
        return { output };
      } finally {
        wipe(key);
      }
    }
    if (action === 'decode') {
      const air = bytesArg(positionals, flags, 'air');
      const mode = Number.parseInt(air.slice(0, 2), 16);
      const { key } = frameKey(dl, flags, mode);
      const protocol = oneOf(flags.protocol, 'protocol', [3, 4]);
      let decoded;
      try {
        decoded = dl.ble.decodeFrame(air, key !== undefined ? { key } : {});
        const output = { mode: decoded.mode, sn: decoded.sn, ackSn: decoded.ackSn, cmd: cmdHex(decoded.cmd), crc: 'ok' };
        const showSecrets = flags.showSecrets === true;
        let description;
        try {
          description = dl.ble.describeFrame(decoded, protocol === undefined ? {} : { protocol });
        } catch (error) {
          if (error?.code !== 'BAD_FRAME') throw error;
          // The frame itself is sound (its CRC matched): what does not read is its DATA.
          output.dataError = { code: error.code, message: error.message };
          if (showSecrets) output.data = hex(decoded.data);
          return { output };
        }
        Object.assign(output, { command: description.command, from: description.from });
        Object.assign(output, present(description, { dl, names: dpCatalog(dl), showSecrets }));
        if (showSecrets || !carriesSecret(description)) output.data = hex(decoded.data);
        return { output };
      } finally {
        decoded?.data.fill(0);
        wipe(key);
      }
    }
    throw new UsageError('frame needs "encode" or "decode"', 'action');
  },
};

export const packetize = {
  name: 'packetize',
  summary: 'an air frame split into GATT sub-packets',
  help: `doorlock packetize <air-hex|-> [--mtu 20] [--protocol 3|4]

Prints { packets: [hex...] } from dl.ble.packetize: sub-packet number, total length and version
byte in the first, then as much of the frame as each write of --mtu bytes holds.`,
  run(dl, { positionals, flags }) {
    const air = bytesArg(['', ...positionals], flags, 'air');
    const options = { mtu: intArg(flags.mtu, 'mtu', 20), protocol: intArg(flags.protocol, 'protocol', 3) };
    return { output: { packets: dl.ble.packetize(air, options) } };
  },
};
