// dl.encryptPassword for its common argument shapes, { password, ticketKey, accessKey, lockType? }
// and { password, key, lockType? }, and dl.decryptTicketKey for { ticketKey, accessKey }, without
// the general call path: the inputs go straight into a
// scratch area of wasm memory, one plain export computes the result (wasm/fast_password.cpp), and
// the bytes that held secrets are zeroed before the call returns. Anything else (another shape or
// type, non-ASCII text, any refusal) takes the general path, which alone makes DoorlockErrors: a
// refused call fails exactly as it would without this file.
const typedArrayTag = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag).get;
const toStringTag = Object.prototype.toString;

// The scratch area (512 bytes in wasm/fast_password.cpp): every slot is larger than any value
// the call accepts (7 digits, 64 hex digits, 32 characters, a lock type name), so the general
// path gets all longer input and makes its refusal.
const PASSWORD_AT = 0;
const PASSWORD_MAX = 32;
const KEY_AT = 32; // ticketKey, or key (16 bytes or 32 hex digits)
const KEY_MAX = 128;
const ACCESS_KEY_AT = 160;
const ACCESS_KEY_MAX = 64;
const LOCK_TYPE_AT = 224;
const LOCK_TYPE_MAX = 32;
const OUT_AT = 256;
const OUT_SIZE = 32; // the password's hex, or the 16-byte inner key
const SCRATCH_USED = OUT_AT + OUT_SIZE;

const MEMBERS = new Set(['password', 'ticketKey', 'accessKey', 'lockType', 'key']);
const INNER_KEY_SIZE = 16;

function isUint8Array(value) {
  return ArrayBuffer.isView(value) && typedArrayTag.call(value) === 'Uint8Array';
}

// Writes ASCII text at `at`; -1 (and nothing the caller must keep) when it is longer than `max`
// or not ASCII, whose UTF-8 form this path leaves to the general one.
function writeAscii(heap, at, max, text) {
  const length = text.length;
  if (length > max) return -1;
  for (let i = 0; i < length; i++) {
    const unit = text.charCodeAt(i);
    if (unit > 0x7f) return -1;
    heap[at + i] = unit;
  }
  return length;
}

// `general`: the wrapped general-path function. Returns it unchanged when the module has no fast
// exports (the test tools' modules).
export function fastEncryptPassword(core, general) {
  if (
    typeof core._dl_password_scratch !== 'function' ||
    typeof core._dl_encrypt_password !== 'function' ||
    typeof core._dl_encrypt_password_with_key !== 'function' ||
    core._dl_password_scratch_size() < SCRATCH_USED
  ) {
    return general;
  }
  const base = core._dl_password_scratch();

  // The values are read once, here; a call that falls back passes the general path a plain copy.
  function run(password, ticketKey, accessKey, lockType, key) {
    const heap = core.HEAPU8;
    try {
      const passwordSize = writeAscii(heap, base + PASSWORD_AT, PASSWORD_MAX, password);
      if (passwordSize < 0) return undefined;
      let lockTypeAt = 0;
      let lockTypeSize = 0;
      if (lockType !== undefined) {
        lockTypeSize = writeAscii(heap, base + LOCK_TYPE_AT, LOCK_TYPE_MAX, lockType);
        if (lockTypeSize < 0) return undefined;
        lockTypeAt = base + LOCK_TYPE_AT;
      }
      let status;
      if (key === undefined) {
        const ticketKeySize = writeAscii(heap, base + KEY_AT, KEY_MAX, ticketKey);
        const accessKeySize = writeAscii(heap, base + ACCESS_KEY_AT, ACCESS_KEY_MAX, accessKey);
        if (ticketKeySize < 0 || accessKeySize < 0) return undefined;
        status = core._dl_encrypt_password(
          base + PASSWORD_AT,
          passwordSize,
          base + KEY_AT,
          ticketKeySize,
          base + ACCESS_KEY_AT,
          accessKeySize,
          lockTypeAt,
          lockTypeSize,
          base + OUT_AT,
        );
      } else {
        let keySize;
        const hex = typeof key === 'string';
        if (hex) {
          keySize = writeAscii(heap, base + KEY_AT, KEY_MAX, key);
        } else {
          keySize = key.length;
          if (keySize > KEY_MAX) return undefined;
          heap.set(key, base + KEY_AT);
        }
        if (keySize < 0) return undefined;
        status = core._dl_encrypt_password_with_key(
          base + PASSWORD_AT,
          passwordSize,
          base + KEY_AT,
          keySize,
          hex ? 1 : 0,
          lockTypeAt,
          lockTypeSize,
          base + OUT_AT,
        );
      }
      if (status !== 0) return undefined;
      const out = core.HEAPU8; // the export allocates nothing, but a grown memory would have a new view
      let result = '';
      for (let i = 0; i < OUT_SIZE; i++) result += String.fromCharCode(out[base + OUT_AT + i]);
      return result;
    } finally {
      core.HEAPU8.fill(0, base, base + SCRATCH_USED);
    }
  }

  return function encryptPassword(...args) {
    const options = args[0];
    if (args.length !== 1 || options === null || typeof options !== 'object' || toStringTag.call(options) !== '[object Object]') {
      return general(...args);
    }
    const names = Object.keys(options);
    for (let i = 0; i < names.length; i++) {
      if (!MEMBERS.has(names[i])) return general(options);
    }
    const plain = {};
    for (let i = 0; i < names.length; i++) plain[names[i]] = options[names[i]];
    const { password, ticketKey, accessKey, lockType, key } = plain;
    const textOrAbsent = (value) => value === undefined || typeof value === 'string';
    const shaped =
      typeof password === 'string' &&
      textOrAbsent(lockType) &&
      (key === undefined
        ? typeof ticketKey === 'string' && typeof accessKey === 'string'
        : ticketKey === undefined && accessKey === undefined && (typeof key === 'string' || isUint8Array(key)));
    const result = shaped ? run(password, ticketKey, accessKey, lockType, key) : undefined;
    return result === undefined ? general(plain) : result;
  };
}

// dl.decryptTicketKey({ ticketKey, accessKey }) with both as ASCII text: the inner key as a fresh
// Uint8Array, as the general path returns it. Anything else, and every refusal, takes `general`.
export function fastDecryptTicketKey(core, general) {
  if (typeof core._dl_password_scratch !== 'function' || typeof core._dl_decrypt_ticket_key !== 'function' || core._dl_password_scratch_size() < SCRATCH_USED) {
    return general;
  }
  const base = core._dl_password_scratch();

  function run(ticketKey, accessKey) {
    const heap = core.HEAPU8;
    try {
      const ticketKeySize = writeAscii(heap, base + KEY_AT, KEY_MAX, ticketKey);
      const accessKeySize = writeAscii(heap, base + ACCESS_KEY_AT, ACCESS_KEY_MAX, accessKey);
      if (ticketKeySize < 0 || accessKeySize < 0) return undefined;
      const status = core._dl_decrypt_ticket_key(base + KEY_AT, ticketKeySize, base + ACCESS_KEY_AT, accessKeySize, base + OUT_AT);
      if (status !== 0) return undefined;
      return core.HEAPU8.slice(base + OUT_AT, base + OUT_AT + INNER_KEY_SIZE);
    } finally {
      core.HEAPU8.fill(0, base, base + SCRATCH_USED);
    }
  }

  return function decryptTicketKey(...args) {
    const options = args[0];
    if (args.length !== 1 || options === null || typeof options !== 'object' || toStringTag.call(options) !== '[object Object]') {
      return general(...args);
    }
    const names = Object.keys(options);
    if (names.length !== 2) return general(options);
    const plain = {};
    for (let i = 0; i < names.length; i++) plain[names[i]] = options[names[i]];
    const { ticketKey, accessKey } = plain;
    const result = typeof ticketKey === 'string' && typeof accessKey === 'string' ? run(ticketKey, accessKey) : undefined;
    return result === undefined ? general(plain) : result;
  };
}
