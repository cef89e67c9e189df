// Every argument of a core function is copied here, on the JavaScript side, into plain data before
// the call enters the module: fresh objects, arrays, strings, numbers, booleans, null and Uint8Array
// copies. Getters and Proxy traps of the caller's values therefore run (and throw) here, never
// while C++ frames are on the stack, where an exception would skip their cleanup (leaking wasm
// stack and heap and leaving secrets unwiped). Sizes are checked during the copy,
// before anything is written into wasm memory, so an oversized call is refused with wasm memory
// exactly as it was. docs/wasm-boundary.md lists the limits.
import { DoorlockError } from './errors.mjs';

export const MAX_DEPTH = 32;
// A maximal BLE air frame (65,535 data bytes plus header, IV, padding and CRC) fits, and so does its hex.
export const DEFAULT_LIMITS = Object.freeze({
  bytes: 65792, // one Uint8Array / ArrayBuffer
  string: 131584, // one string, in UTF-16 code units
  items: 4096, // one array
  keys: 1024, // one object's own enumerable keys
  total: 1048576, // the whole argument, in units: VALUE_UNITS per value, plus one per character and byte
});
// What one value costs inside the module (a JSON node and its bookkeeping) compared with one
// character: a million tiny values take far more memory than a million characters of text.
export const VALUE_UNITS = 16;

const typedArrayLength = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), 'length').get;
const typedArrayTag = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag).get;
const arrayBufferLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength').get;
const toStringTag = Object.prototype.toString;

function fieldOf(argument, path) {
  if (argument.prefix === undefined) return path ? `${argument.name}${path[0] === '[' ? '' : '.'}${path}` : argument.name;
  if (!path) return argument.name;
  if (!argument.prefix) return path;
  return `${argument.prefix}${path[0] === '[' ? '' : '.'}${path}`;
}

// Where a value sits, as a chain of { up, key } built only for containers: its text ('a.b[2]') is
// made only when a refusal names it, so that accepted calls build no path strings.
function pathText(at) {
  const keys = [];
  for (let node = at; node; node = node.up) keys.push(node.key);
  let text = '';
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i];
    text += typeof key === 'number' ? `[${key}]` : text ? `.${key}` : key;
  }
  return text;
}

function refuse(argument, at, message) {
  const field = fieldOf(argument, pathText(at));
  return new DoorlockError({ code: 'INVALID_ARGUMENT', field, message: `${field} ${message}` });
}

function isUint8Array(value) {
  return ArrayBuffer.isView(value) && typedArrayTag.call(value) === 'Uint8Array';
}

function isArrayBuffer(value) {
  try {
    arrayBufferLength.call(value);
    return true;
  } catch {
    return false;
  }
}

// `argument`: { name, prefix?, limits } (see core-api.mjs). `copies` collects the byte arrays made
// here so that the caller can wipe them once the call is over. What the caller's getters and Proxy
// traps throw comes back to the caller unchanged, as it does from every JavaScript-side function of
// the SDK that reads its options: it is the caller's own error, raised before anything entered wasm.
export function snapshot(value, argument, copies) {
  const walk = { argument, limits: argument.limits, total: 0, copies };
  return copyValue(walk, value, undefined, undefined, 0);
}

function spend(walk, amount) {
  walk.total += amount;
  if (walk.total > walk.limits.total) {
    throw refuse(walk.argument, undefined, `is too large: at most ${walk.limits.total} units (${VALUE_UNITS} per value, 1 per character or byte)`);
  }
}

// Where the value under `up` at `key` sits (`key` undefined: the argument itself). Made only for
// containers and refusals: most members are strings and numbers, which need no node of their own.
const placeOf = (up, key) => (key === undefined ? up : { up, key });

function copyValue(walk, item, up, key, depth) {
  if (depth > MAX_DEPTH) throw refuse(walk.argument, placeOf(up, key), 'is nested too deeply');
  spend(walk, VALUE_UNITS);
  switch (typeof item) {
    case 'undefined':
    case 'boolean':
    case 'number':
      return item;
    case 'string':
      if (item.length > walk.limits.string) throw refuse(walk.argument, placeOf(up, key), `is too long: at most ${walk.limits.string} characters`);
      spend(walk, item.length);
      return item;
    case 'bigint':
      throw refuse(walk.argument, placeOf(up, key), 'BigInt is not accepted: pass a number or a numeric string');
    case 'object':
      if (item === null) return null;
      return copyObject(walk, item, placeOf(up, key), depth);
    default:
      throw refuse(walk.argument, placeOf(up, key), `must be plain data, got a ${typeof item}`);
  }
}

function copyObject(walk, item, at, depth) {
  const { argument, limits } = walk;
  if (ArrayBuffer.isView(item)) {
    if (!isUint8Array(item)) throw refuse(argument, at, `must be plain data, got ${typedArrayTag.call(item) || 'DataView'}`);
    return copyBytes(walk, item, typedArrayLength.call(item), at);
  }
  if (Array.isArray(item)) {
    const length = item.length; // a Proxy may answer anything here
    if (!Number.isSafeInteger(length) || length < 0) throw refuse(argument, at, 'must be plain data: its length is not a count');
    if (length > limits.items) throw refuse(argument, at, `is too long: at most ${limits.items} items`);
    const out = new Array(length);
    for (let i = 0; i < length; i++) out[i] = copyValue(walk, item[i], at, i, depth + 1);
    return out;
  }
  const tag = toStringTag.call(item);
  // The tag can be faked with Symbol.toStringTag; the byteLength getter cannot.
  if (tag === '[object ArrayBuffer]' && isArrayBuffer(item)) {
    return copyBytes(walk, new Uint8Array(item), arrayBufferLength.call(item), at);
  }
  if (tag !== '[object Object]') throw refuse(argument, at, `must be plain data, got ${tag}`);
  const keys = Object.keys(item);
  if (keys.length > limits.keys) throw refuse(argument, at, `has too many members: at most ${limits.keys}`);
  const out = {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    spend(walk, key.length);
    const member = copyValue(walk, item[key], at, key, depth + 1);
    if (member === undefined) continue; // undefined is JavaScript's "not given"
    // A key named __proto__ stays an ordinary member; it never sets the copy's prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value: member, writable: true, enumerable: true, configurable: true });
    else out[key] = member;
  }
  return out;
}

function copyBytes(walk, view, length, at) {
  if (length > walk.limits.bytes) throw refuse(walk.argument, at, `is too large: at most ${walk.limits.bytes} bytes`);
  spend(walk, length);
  const out = new Uint8Array(length);
  out.set(view);
  walk.copies.push(out);
  return out;
}
