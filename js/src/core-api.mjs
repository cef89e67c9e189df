// Turns the raw Embind module into the public `dl` object. The bindings register every public
// function as `dl$name` (or `dl$ble$name` for dl.ble.name) and return either a value or an error
// record; this file nests the names, copies every argument into plain data first (plain-data.mjs:
// no caller code runs once wasm is entered, and oversized input never reaches wasm memory), and
// rethrows error records as DoorlockError. It holds no lock logic.
import { DoorlockError } from './errors.mjs';
import { installBle } from './ble/index.mjs';
import { DEFAULT_LIMITS, snapshot } from './plain-data.mjs';
import { fastDecryptTicketKey, fastEncryptPassword } from './fast-password.mjs';
import { installFastBytes } from './ble/fast-bytes.mjs';

const PREFIX = 'dl$';
const INTERNAL_PREFIX = 'dl$$'; // raw functions behind JS-side objects (js/src/ble/)

function isErrorRecord(value) {
  return value !== null && typeof value === 'object' && value.$doorlockError === true;
}

// What each argument is called in errors and how large it may be (docs/wasm-boundary.md). `prefix`
// '' means the argument's members are named bare (`device_id`), as the core names them; without a
// prefix they are named after the argument (`days[2]`). Limits not given are DEFAULT_LIMITS.
const OPTIONS = { name: 'options', prefix: '' };
const NAMED_OPTIONS = { name: 'options', prefix: 'options' };
const SESSION = { name: 'session' };
const PACKET = { name: 'packet', limits: { bytes: 512, string: 1024 } }; // one BLE packet: at most the largest MTU
const LOCK_DP_PARSER = [{ name: 'value' }, NAMED_OPTIONS];
const ARGUMENTS = {
  buildRequest: [{ name: 'action' }, { name: 'params', prefix: '' }, NAMED_OPTIONS],
  buildPasswordRequest: [{ name: 'action' }, { name: 'params', prefix: '' }, NAMED_OPTIONS],
  // A cloud answer may be a long list; it is still bounded so that it cannot take the memory.
  parseResponse: [{ name: 'action' }, { name: 'body', prefix: 'body', limits: { items: 10000, keys: 4096, total: 2097152 } }],
  cloudCodeMeaning: [{ name: 'code' }],
  decryptTicketKey: [OPTIONS],
  encryptPassword: [OPTIONS],
  generatePassword: [OPTIONS],
  randomBytes: [{ name: 'length' }],
  workingDayMask: [{ name: 'days', limits: { items: 7 } }],
  workingDays: [{ name: 'mask' }],
  minuteOfDay: [{ name: 'time' }],
  timeOfDay: [{ name: 'minute' }],
  buildSchedule: [OPTIONS],
  validityBlock: [OPTIONS],
  displayPassword: [OPTIONS],
  'ble.crc16': [{ name: 'bytes' }],
  'ble.deriveKey': [OPTIONS],
  'ble.encodeFrame': [OPTIONS],
  'ble.decodeFrame': [{ name: 'air' }, NAMED_OPTIONS],
  'ble.describeFrame': [{ name: 'frame' }, NAMED_OPTIONS],
  'ble.packetize': [{ name: 'air' }, NAMED_OPTIONS],
  'ble.encodeDps': [{ name: 'dps' }, NAMED_OPTIONS],
  'ble.decodeDps': [{ name: 'bytes' }, NAMED_OPTIONS],
  'ble.lockDp.parseReply': [{ name: 'dp' }, NAMED_OPTIONS],
  '.ble.reassemblerCreate': [NAMED_OPTIONS],
  '.ble.reassemblerPush': [{ name: 'state' }, PACKET],
  '.ble.sessionCreate': [OPTIONS],
  '.ble.sessionStatus': [SESSION],
  '.ble.sessionStart': [SESSION],
  '.ble.sessionReceive': [SESSION, PACKET, { name: 'now' }],
  '.ble.sessionWriteDps': [SESSION, { name: 'dps' }],
  '.ble.sessionWriteRawDp': [SESSION, { name: 'config', prefix: '' }],
  '.ble.sessionRelay': [SESSION, { name: 'instruction' }, NAMED_OPTIONS],
  '.ble.sessionUnbind': [SESSION],
  '.ble.sessionFree': [SESSION],
};

function argumentsOf(publicName, arity) {
  const given = ARGUMENTS[publicName] || (publicName.startsWith('ble.lockDp.parse') ? LOCK_DP_PARSER : publicName.startsWith('ble.lockDp.') ? [OPTIONS] : []);
  const out = [];
  for (let i = 0; i < arity; i++) {
    const argument = given[i] || { name: `argument ${i + 1}` };
    out.push({ ...argument, limits: { ...DEFAULT_LIMITS, ...argument.limits } });
  }
  return out;
}

function wrapRaw(name, raw) {
  // Embind records the C++ parameter count on the function it exposes.
  const arity = raw.argCount ?? raw.numArguments ?? raw.length;
  const publicName = name.slice(PREFIX.length).split('$').join('.');
  // Worked out on the first call, not at load: most programs call a few of these functions.
  let argumentSpecs = null;
  return function callCore(...args) {
    if (argumentSpecs === null) argumentSpecs = argumentsOf(publicName, arity);
    if (args.length > arity) {
      throw new DoorlockError({ code: 'INVALID_ARGUMENT', message: `${publicName} takes ${arity} argument(s), got ${args.length}` });
    }
    // Optional trailing arguments arrive in C++ as undefined, where the core decides what is missing.
    const plain = new Array(arity);
    const copies = []; // byte arrays copied from the caller's, wiped after the call (they may hold keys)
    let result;
    try {
      for (let i = 0; i < arity; i++) plain[i] = snapshot(args[i], argumentSpecs[i], copies);
      try {
        result = raw(...plain);
      } catch (cause) {
        // Only Embind's own argument checks can throw here (the bindings catch everything else).
        throw new DoorlockError({ code: 'INTERNAL', message: `${publicName}: ${cause && cause.message}`, cause });
      }
    } finally {
      for (const bytes of copies) bytes.fill(0);
    }
    if (isErrorRecord(result)) throw new DoorlockError(result);
    return result;
  };
}

export function wrapCore(core) {
  const dl = {};
  for (const name of Object.keys(core)) {
    if (!name.startsWith(PREFIX) || name.startsWith(INTERNAL_PREFIX) || typeof core[name] !== 'function') continue;
    const path = name.slice(PREFIX.length).split('$');
    let target = dl;
    for (const part of path.slice(0, -1)) target = target[part] || (target[part] = {});
    target[path[path.length - 1]] = wrapRaw(name, core[name]);
  }
  if (dl.encryptPassword) dl.encryptPassword = fastEncryptPassword(core, dl.encryptPassword);
  if (dl.decryptTicketKey) dl.decryptTicketKey = fastDecryptTicketKey(core, dl.decryptTicketKey);
  // Other modules wrapped the same way (the lock simulator) have no BLE session functions.
  if (core[`${INTERNAL_PREFIX}ble$sessionCreate`]) {
    installBle(dl, (name) => wrapRaw(`${INTERNAL_PREFIX}ble$${name}`, core[`${INTERNAL_PREFIX}ble$${name}`]), core);
  }
  installFastBytes(dl, core);
  return dl;
}
