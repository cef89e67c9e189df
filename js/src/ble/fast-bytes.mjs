// dl.ble.crc16, packetize, encodeFrame, decodeFrame, encodeDps (raw DPs), decodeDps and the
// reassembler for their common argument shapes, without the general call path: the bytes go straight into a scratch area of
// wasm memory, one plain export does the work (wasm/fast_ble.cpp) and the scratch is zeroed before
// the call returns (keys, IVs and plaintext pass through it). Anything else (another shape or
// type, an input larger than the scratch, an encodeFrame without an IV, any refusal) takes the
// general path, which alone makes DoorlockErrors: a refused call fails exactly as it would
// without this file. The results have the general path's shapes and types.
const typedArrayTag = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag).get;
const toStringTag = Object.prototype.toString;

const TAKE_GENERAL_PATH = -1;
const KEY_SIZE = 16;
const IV_SIZE = 16;
const MAX_AIR = 1536; // the longest air frame a lock reassembles (protocol 4): longer ones are refused
const MAX_PACKET = 512;
const MODE_NONE = 0;
// Reassembler::Status (src/doorlock/ble/packets.h)
const COMPLETE = 0;
const PENDING = 1;
const DUPLICATE = 2;
const STATE_HEADER = 13;

// The scratch layouts (8192 bytes in wasm/fast_ble.cpp), one per call.
const CRC_MAX = 8192;
const PACKETIZE = { air: 0, sizes: 1536, maxCount: 256, out: 2048 };
const ENCODE = { key: 0, iv: 16, data: 64, dataMax: 3072, out: 3136 };
const DECODE = { key: 0, header: 16, air: 64, airMax: 4032, plain: 4096 };
const PUSH = { sizes: 0, packet: 16, state: 16 + MAX_PACKET };
const STEP = { out: 0, header: 16, packet: 32 };
const DPS = { data: 0, dataMax: 4096, records: 4096, recordSize: 24, maxRecords: 170 };
// encodeDps: the records' descriptions, their values, the encoded bytes.
const ENCODE_DPS = { records: 0, maxRecords: 40, values: 1024, valuesMax: 3072, out: 4096 };
// DpType (src/doorlock/ble/dp.h) by number, as the general path names the types.
const DP_TYPES = ['raw', 'bool', 'value', 'string', 'enum', 'bitmap'];
const DP_RAW = 0;
const DP_BOOL = 1;
const DP_STRING = 3;
const DEFAULT_PROTOCOL = 3;

function isUint8Array(value) {
  return ArrayBuffer.isView(value) && typedArrayTag.call(value) === 'Uint8Array';
}

function isPlainObject(value) {
  return value !== null && typeof value === 'object' && toStringTag.call(value) === '[object Object]';
}

// The members of a plain object, read once: the general path gets this copy when the call falls back.
function membersOf(object) {
  const keys = Object.keys(object);
  const plain = {};
  for (let i = 0; i < keys.length; i++) plain[keys[i]] = object[keys[i]];
  return plain;
}

function onlyMembers(plain, names) {
  for (const name of Object.keys(plain)) if (!names.includes(name)) return false;
  return true;
}

const isWhole = (value, max) => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;

function u32At(heap, at) {
  return (heap[at] | (heap[at + 1] << 8) | (heap[at + 2] << 16) | (heap[at + 3] << 24)) >>> 0;
}

function hasExports(core) {
  return (
    typeof core._dl_ble_scratch === 'function' &&
    typeof core._dl_ble_scratch_size === 'function' &&
    typeof core._dl_ble_crc16 === 'function' &&
    typeof core._dl_ble_packetize === 'function' &&
    typeof core._dl_ble_encode_frame === 'function' &&
    typeof core._dl_ble_decode_frame === 'function' &&
    typeof core._dl_ble_reassembler_push === 'function' &&
    typeof core._dl_ble_reassembler_create === 'function' &&
    typeof core._dl_ble_decode_dps === 'function' &&
    typeof core._dl_ble_encode_dps === 'function' &&
    core._dl_ble_scratch_size() >= CRC_MAX
  );
}

// Replaces dl.ble's byte functions with their fast paths, each falling back to the general one it
// replaces. Leaves dl.ble as it is when the module has no fast exports (the test tools' modules).
export function installFastBytes(dl, core) {
  if (!dl.ble || !hasExports(core)) return;
  const base = core._dl_ble_scratch();
  const ble = dl.ble;

  // Runs `work(heap)` and zeroes the first `used` bytes of the scratch afterwards, whatever happens.
  function withScratch(used, work) {
    try {
      return work(core.HEAPU8);
    } finally {
      core.HEAPU8.fill(0, base, base + used);
    }
  }

  if (ble.crc16) {
    const general = ble.crc16;
    ble.crc16 = function crc16(...args) {
      const bytes = args[0];
      if (args.length !== 1 || !isUint8Array(bytes) || bytes.length > CRC_MAX) return general(...args);
      return withScratch(bytes.length, (heap) => {
        heap.set(bytes, base);
        return core._dl_ble_crc16(base, bytes.length);
      });
    };
  }

  if (ble.packetize) {
    const general = ble.packetize;
    ble.packetize = function packetize(...args) {
      const [air, options] = args;
      if (args.length < 1 || args.length > 2 || !isUint8Array(air) || air.length > MAX_AIR) return general(...args);
      let mtu = 20;
      let protocol = 3;
      let plainOptions = options;
      if (options !== undefined) {
        if (!isPlainObject(options)) return general(...args);
        plainOptions = membersOf(options);
        if (!onlyMembers(plainOptions, ['mtu', 'protocol'])) return general(air, plainOptions);
        if (plainOptions.mtu !== undefined) mtu = plainOptions.mtu;
        if (plainOptions.protocol !== undefined) protocol = plainOptions.protocol;
      }
      if (!isWhole(mtu, 65535) || !isWhole(protocol, 15)) return general(air, plainOptions);
      // At most the frame, 4 header bytes in packet 0 and 2 in each of the others (at least 16 bytes each).
      const used = Math.min(core._dl_ble_scratch_size(), PACKETIZE.out + 2 * air.length + 16);
      const packets = withScratch(used, (heap) => {
        heap.set(air, base + PACKETIZE.air);
        const capacity = core._dl_ble_scratch_size() - PACKETIZE.out;
        const count = core._dl_ble_packetize(base, air.length, mtu, protocol, base + PACKETIZE.out, capacity, base + PACKETIZE.sizes, PACKETIZE.maxCount);
        if (count === TAKE_GENERAL_PATH) return undefined;
        const view = core.HEAPU8;
        const out = new Array(count);
        let at = base + PACKETIZE.out;
        for (let i = 0; i < count; i++) {
          const size = view[base + PACKETIZE.sizes + 2 * i] | (view[base + PACKETIZE.sizes + 2 * i + 1] << 8);
          out[i] = view.slice(at, at + size);
          at += size;
        }
        return out;
      });
      return packets === undefined ? general(air, plainOptions) : packets;
    };
  }

  if (ble.encodeFrame) {
    const general = ble.encodeFrame;
    const names = ['sn', 'ackSn', 'cmd', 'data', 'mode', 'key', 'iv', 'padding'];
    ble.encodeFrame = function encodeFrame(...args) {
      const options = args[0];
      if (args.length !== 1 || !isPlainObject(options)) return general(...args);
      const plain = membersOf(options);
      if (!onlyMembers(plain, names)) return general(plain);
      const { sn, ackSn, cmd, data, mode, key, iv, padding } = plain;
      const shaped =
        isWhole(sn, 0xffffffff) &&
        (ackSn === undefined || isWhole(ackSn, 0xffffffff)) &&
        isWhole(cmd, 0xffff) &&
        (data === undefined || (isUint8Array(data) && data.length <= ENCODE.dataMax)) &&
        isWhole(mode, 255) &&
        (padding === undefined || padding === 'tuya' || padding === 'zero') &&
        (key === undefined || isUint8Array(key)) &&
        (iv === undefined || isUint8Array(iv)) &&
        // An encrypting mode needs the key and an IV; without one the module draws it (general path).
        (mode === MODE_NONE || (key !== undefined && key.length === KEY_SIZE && iv !== undefined && iv.length === IV_SIZE));
      if (!shaped) return general(plain);
      const size = data === undefined ? 0 : data.length;
      // The air frame: mode, IV, header, DATA, CRC and at most 15 bytes of padding.
      const air = withScratch(ENCODE.out + size + 64, (heap) => {
        if (mode !== MODE_NONE) {
          heap.set(key, base + ENCODE.key);
          heap.set(iv, base + ENCODE.iv);
        }
        if (size > 0) heap.set(data, base + ENCODE.data);
        const capacity = core._dl_ble_scratch_size() - ENCODE.out;
        const written = core._dl_ble_encode_frame(
          sn,
          ackSn === undefined ? 0 : ackSn,
          cmd,
          base + ENCODE.data,
          size,
          mode,
          base + ENCODE.key,
          base + ENCODE.iv,
          padding === 'zero' ? 1 : 0,
          base + ENCODE.out,
          capacity,
        );
        if (written === TAKE_GENERAL_PATH) return undefined;
        return core.HEAPU8.slice(base + ENCODE.out, base + ENCODE.out + written);
      });
      return air === undefined ? general(plain) : air;
    };
  }

  if (ble.decodeFrame) {
    const general = ble.decodeFrame;
    ble.decodeFrame = function decodeFrame(...args) {
      const [air, options] = args;
      if (args.length < 1 || args.length > 2 || !isUint8Array(air) || air.length === 0 || air.length > DECODE.airMax) {
        return general(...args);
      }
      let key;
      let plainOptions = options;
      if (options !== undefined) {
        if (!isPlainObject(options)) return general(...args);
        plainOptions = membersOf(options);
        if (!onlyMembers(plainOptions, ['key'])) return general(air, plainOptions);
        key = plainOptions.key;
      }
      const mode = air[0];
      const shaped = key === undefined ? mode === MODE_NONE : isUint8Array(key) && (mode === MODE_NONE || key.length === KEY_SIZE);
      if (!shaped) return general(air, plainOptions);
      const used = DECODE.plain + air.length;
      const frame = withScratch(used, (heap) => {
        if (mode !== MODE_NONE) heap.set(key, base + DECODE.key);
        heap.set(air, base + DECODE.air);
        const status = core._dl_ble_decode_frame(base + DECODE.air, air.length, base + DECODE.key, base + DECODE.plain, base + DECODE.header);
        if (status !== 0) return undefined;
        const view = core.HEAPU8;
        const header = base + DECODE.header;
        const dataAt = u32At(view, header + 12);
        return {
          sn: u32At(view, header),
          ackSn: u32At(view, header + 4),
          cmd: u32At(view, header + 8),
          data: view.slice(dataAt, dataAt + u32At(view, header + 16)),
          mode,
        };
      });
      return frame === undefined ? general(air, plainOptions) : frame;
    };
  }

  if (ble.encodeDps) {
    const general = ble.encodeDps;
    const names = ['id', 'type', 'value'];
    ble.encodeDps = function encodeDps(...args) {
      const [given, options] = args;
      if (args.length < 1 || args.length > 2 || !Array.isArray(given)) return general(...args);
      const length = given.length; // read once: a Proxy may answer anything, and differently each time
      if (!Number.isSafeInteger(length) || length < 0 || length > ENCODE_DPS.maxRecords) return general(...args);
      // Read once, into plain copies: the general path gets these when the call falls back.
      const dps = new Array(length);
      let shaped = true;
      let valuesSize = 0;
      for (let i = 0; i < dps.length; i++) {
        const dp = given[i];
        if (!isPlainObject(dp)) {
          dps[i] = dp;
          shaped = false;
          continue;
        }
        const plain = membersOf(dp);
        dps[i] = plain;
        // Raw DPs with bytes: the lock DPs' form. Other types convert their values; the general path does that.
        shaped = shaped && onlyMembers(plain, names) && isWhole(plain.id, 255) && plain.type === 'raw' && isUint8Array(plain.value);
        if (shaped) valuesSize += plain.value.length;
      }
      let protocol = DEFAULT_PROTOCOL;
      let plainOptions = options;
      if (options !== undefined) {
        if (!isPlainObject(options)) return general(dps, options);
        plainOptions = membersOf(options);
        shaped = shaped && onlyMembers(plainOptions, ['protocol']);
        if (plainOptions.protocol !== undefined) protocol = plainOptions.protocol;
      }
      if (!shaped || !isWhole(protocol, 15) || valuesSize > ENCODE_DPS.valuesMax) return general(dps, plainOptions);
      const out = withScratch(ENCODE_DPS.out + valuesSize + 4 * dps.length, (heap) => {
        let at = base + ENCODE_DPS.values;
        for (let i = 0; i < dps.length; i++) {
          const record = base + ENCODE_DPS.records + i * DPS.recordSize;
          const value = dps[i].value;
          heap[record] = dps[i].id;
          heap[record + 1] = DP_RAW;
          heap.set(value, at);
          for (let k = 0; k < 4; k++) {
            heap[record + 4 + k] = (at >>> (8 * k)) & 0xff;
            heap[record + 8 + k] = (value.length >>> (8 * k)) & 0xff;
          }
          at += value.length;
        }
        const capacity = core._dl_ble_scratch_size() - ENCODE_DPS.out;
        const size = core._dl_ble_encode_dps(base + ENCODE_DPS.records, dps.length, protocol, base + ENCODE_DPS.out, capacity);
        if (size === TAKE_GENERAL_PATH) return undefined;
        return core.HEAPU8.slice(base + ENCODE_DPS.out, base + ENCODE_DPS.out + size);
      });
      return out === undefined ? general(dps, plainOptions) : out;
    };
  }

  if (ble.decodeDps) {
    const general = ble.decodeDps;
    ble.decodeDps = function decodeDps(...args) {
      const [data, options] = args;
      if (args.length < 1 || args.length > 2 || !isUint8Array(data) || data.length > DPS.dataMax) return general(...args);
      let protocol = DEFAULT_PROTOCOL;
      let plainOptions = options;
      if (options !== undefined) {
        if (!isPlainObject(options)) return general(...args);
        plainOptions = membersOf(options);
        if (!onlyMembers(plainOptions, ['protocol'])) return general(data, plainOptions);
        if (plainOptions.protocol !== undefined) protocol = plainOptions.protocol;
      }
      if (!isWhole(protocol, 15)) return general(data, plainOptions);
      const dps = withScratch(DPS.records + DPS.maxRecords * DPS.recordSize, (heap) => {
        heap.set(data, base + DPS.data);
        const count = core._dl_ble_decode_dps(base + DPS.data, data.length, protocol, base + DPS.records, DPS.maxRecords);
        if (count === TAKE_GENERAL_PATH) return undefined;
        const view = core.HEAPU8;
        const numbers = new DataView(view.buffer, view.byteOffset + base + DPS.records);
        const out = new Array(count);
        for (let i = 0; i < count; i++) {
          const at = base + DPS.records + i * DPS.recordSize;
          const type = view[at + 1];
          const valueAt = u32At(view, at + 4);
          const size = u32At(view, at + 8);
          let value;
          if (type === DP_RAW) {
            value = view.slice(valueAt, valueAt + size);
          } else if (type === DP_STRING) {
            value = '';
            for (let j = 0; j < size; j++) {
              const unit = view[valueAt + j];
              // UTF-8 beyond ASCII: the general path decodes it.
              if (unit > 0x7f) return undefined;
              value += String.fromCharCode(unit);
            }
          } else {
            const number = numbers.getFloat64(i * DPS.recordSize + 16, true);
            value = type === DP_BOOL ? number !== 0 : number;
          }
          out[i] = { id: view[at], type: DP_TYPES[type], value };
        }
        return out;
      });
      return dps === undefined ? general(data, plainOptions) : dps;
    };
  }
}

// The reassembler's state as the fast paths keep it: the core's state header, and the frame in
// progress in an array of exactly its announced size, filled up to `filled`. A push then costs no
// array of its own (V8 pays an off-heap allocation for every array of more than 64 bytes, which
// was half the cost of a push), and the completed frame is handed out as it is. The general path
// gets the snapshot bytes it knows (snapshotOf) and gives them back; a state without frame bytes
// (13 bytes: a new or reset reassembler) is taken over again at the next push.
class FastState {
  constructor(header, frame, filled) {
    this.header = header;
    this.frame = frame;
    this.filled = filled;
  }
}

function snapshotOf(state) {
  if (!(state instanceof FastState)) return state;
  const out = new Uint8Array(STATE_HEADER + state.filled);
  out.set(state.header);
  if (state.filled > 0) out.set(state.frame.subarray(0, state.filled), STATE_HEADER);
  return out;
}

// The reassembler's state-passing push ({ state, frame, duplicate? } as the general path returns
// it), over `general`; a discarded packet takes the general path, which says why.
export function fastReassemblerPush(core, general) {
  if (!hasExports(core) || typeof core._dl_ble_reassembler_step !== 'function') return general;
  const base = core._dl_ble_scratch();
  const capacity = core._dl_ble_scratch_size() - PUSH.state;

  // A state of snapshot bytes with a frame in progress (from the general path): the core reads
  // and writes the bytes in the scratch area, and the result is snapshot bytes again.
  function pushSnapshot(state, packet) {
    if (state.length < STATE_HEADER || state.length > capacity) return undefined;
    let used = PUSH.state + state.length + packet.length;
    try {
      const heap = core.HEAPU8;
      heap.set(packet, base + PUSH.packet);
      heap.set(state, base + PUSH.state);
      const status = core._dl_ble_reassembler_push(base + PUSH.state, state.length, capacity, base + PUSH.packet, packet.length, base + PUSH.sizes);
      if (status !== COMPLETE && status !== PENDING && status !== DUPLICATE) return undefined;
      const view = core.HEAPU8;
      const stateSize = u32At(view, base + PUSH.sizes);
      const frameSize = u32At(view, base + PUSH.sizes + 4);
      used = Math.max(used, PUSH.state + STATE_HEADER + frameSize, PUSH.state + stateSize);
      const at = base + PUSH.state;
      const result = {
        state: view.slice(at, at + stateSize),
        frame: status === COMPLETE ? view.slice(at + STATE_HEADER, at + STATE_HEADER + frameSize) : null,
      };
      if (status === DUPLICATE) result.duplicate = true;
      return result;
    } finally {
      core.HEAPU8.fill(0, base, base + used);
    }
  }

  function pushFast(state, packet) {
    try {
      const heap = core.HEAPU8;
      heap.set(state.header, base + STEP.header);
      heap.set(packet, base + STEP.packet);
      const status = core._dl_ble_reassembler_step(base + STEP.header, state.filled, base + STEP.packet, packet.length, base + STEP.out);
      if (status !== COMPLETE && status !== PENDING && status !== DUPLICATE) return undefined;
      const view = core.HEAPU8;
      const offset = u32At(view, base + STEP.out + 4);
      const take = u32At(view, base + STEP.out + 8);
      let frame = state.frame;
      let filled = state.filled;
      if (view[base + STEP.out] !== 0) {
        frame = null;
        filled = 0;
      }
      if (take > 0) {
        if (frame === null) frame = new Uint8Array(u32At(view, base + STEP.out + 12));
        frame.set(view.subarray(base + STEP.packet + offset, base + STEP.packet + offset + take), filled);
        filled += take;
      }
      const header = view.slice(base + STEP.header, base + STEP.header + STATE_HEADER);
      if (status === COMPLETE) return { state: new FastState(header, null, 0), frame };
      const result = { state: new FastState(header, frame, filled), frame: null };
      if (status === DUPLICATE) result.duplicate = true;
      return result;
    } finally {
      core.HEAPU8.fill(0, base, base + STEP.packet + packet.length);
    }
  }

  return function reassemblerPush(state, packet) {
    if (!isUint8Array(packet) || packet.length > MAX_PACKET) return general(snapshotOf(state), packet);
    let result;
    if (state instanceof FastState) result = pushFast(state, packet);
    else if (isUint8Array(state) && state.length === STATE_HEADER) result = pushFast(new FastState(state.slice(), null, 0), packet);
    else if (isUint8Array(state)) result = pushSnapshot(state, packet);
    return result === undefined ? general(snapshotOf(state), packet) : result;
  };
}

// The reassembler's first state (a FastState), over `general`, for options { protocol?,
// maxPacket? } given as whole numbers; anything else, and every refusal, takes `general`.
export function fastReassemblerCreate(core, general) {
  if (!hasExports(core) || typeof core._dl_ble_reassembler_step !== 'function') return general;
  const base = core._dl_ble_scratch();
  return function reassemblerCreate(...args) {
    const options = args[0];
    let protocol = DEFAULT_PROTOCOL;
    let maxPacket = MAX_PACKET;
    let plain = options;
    if (args.length > 1) return general(...args);
    if (options !== undefined) {
      if (!isPlainObject(options)) return general(...args);
      plain = membersOf(options);
      if (!onlyMembers(plain, ['protocol', 'maxPacket'])) return general(plain);
      if (plain.protocol !== undefined) protocol = plain.protocol;
      if (plain.maxPacket !== undefined) maxPacket = plain.maxPacket;
    }
    if (!isWhole(protocol, 15) || !isWhole(maxPacket, MAX_PACKET)) return general(plain);
    let state;
    try {
      const size = core._dl_ble_reassembler_create(protocol, maxPacket, base);
      if (size !== TAKE_GENERAL_PATH) state = new FastState(core.HEAPU8.slice(base, base + size), null, 0);
    } finally {
      core.HEAPU8.fill(0, base, base + STATE_HEADER);
    }
    return state === undefined ? general(plain) : state;
  };
}
