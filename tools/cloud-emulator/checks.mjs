// The emulator's own reading of the reference's parameter tables: a small vocabulary of value
// rules and a checker. It is deliberately independent of the SDK's catalog so that the two can
// disagree, and a disagreement shows up as a failing test.
import { fail } from './failures.mjs';

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

// A rule is (value, path) => value, throwing a CloudFailure. `blankIsAbsent` marks rules for which
// an empty string means "not given" (the reference's samples send "" for unused optional fields).
function rule(check, { blankIsAbsent = true } = {}) {
  check.blankIsAbsent = blankIsAbsent;
  return check;
}

export const text = () =>
  rule(
    (value, path) => {
      if (typeof value !== 'string') throw fail.type(path, 'a string');
      return value;
    },
    { blankIsAbsent: false },
  );

export const integer = (min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) =>
  rule((value, path) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) throw fail.type(path, 'an integer');
    if (value < min || value > max) throw fail.range(path, `must be in [${min}, ${max}]`);
    return value;
  });

// A 10-digit Unix timestamp in seconds.
export const seconds = () =>
  rule((value, path) => {
    integer(0)(value, path);
    if (value < 1e9 || value >= 1e10) throw fail.range(path, 'must be a 10-digit Unix time in seconds');
    return value;
  });

// Milliseconds since 1970, or 0 for "no bound".
export const millisOrZero = () =>
  rule((value, path) => {
    integer(0)(value, path);
    if (value !== 0 && (value < 1e12 || value >= 1e13)) throw fail.range(path, 'must be a 13-digit Unix time in milliseconds (or 0)');
    return value;
  });

export const bool = () =>
  rule((value, path) => {
    if (typeof value !== 'boolean') throw fail.type(path, 'a boolean');
    return value;
  });

export const oneOf = (...values) =>
  rule((value, path) => {
    if (!values.includes(value)) {
      const sameType = values.some((allowed) => typeof allowed === typeof value);
      if (!sameType) throw fail.type(path, `one of ${values.join(', ')}`);
      throw fail.range(path, `must be one of ${values.join(', ')}`);
    }
    return value;
  });

// Identifiers the reference types as String but samples as numbers (password_id, file_type...).
export const idLike = () =>
  rule((value, path) => {
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return String(value);
    if (typeof value === 'string' && value !== '') return value;
    throw fail.type(path, 'an id (string or whole number)');
  });

// Comma-separated DP codes such as "unlock_fingerprint,unlock_password".
export const codeList = ({ allowEmpty = false } = {}) =>
  rule(
    (value, path) => {
      if (typeof value !== 'string') throw fail.type(path, 'a comma-separated string');
      if (value === '' && allowEmpty) return [];
      if (!/^[a-z][a-z0-9_]*(,[a-z][a-z0-9_]*)*$/.test(value)) throw fail.illegal(path, 'must be identifiers separated by commas');
      return value.split(',');
    },
    { blankIsAbsent: false },
  );

// Comma-separated ids such as "1001,1002".
export const idList = () =>
  rule((value, path) => {
    if (typeof value !== 'string') throw fail.type(path, 'a comma-separated string');
    if (!/^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$/.test(value)) throw fail.illegal(path, 'must be ids separated by commas');
    return value.split(',');
  });

export const list = (item, { min = 0, max = 100 } = {}) =>
  rule((value, path) => {
    if (!Array.isArray(value)) throw fail.type(path, 'a list');
    if (value.length < min || value.length > max) throw fail.range(path, `must hold ${min}..${max} entries`);
    return value.map((entry, index) => item(entry, `${path}[${index}]`));
  });

export const object = (fields) =>
  rule((value, path) => {
    if (!isObject(value)) throw fail.type(path, 'an object');
    return checkFields(fields, value, path);
  });

export const required = (check) => ({ check, required: true });
export const optional = (check) => ({ check, required: false });

// Checks `params` against `fields` ({ name: required(rule) | optional(rule) }), rejecting names
// the reference does not list. Returns the checked values; absent optional fields are left out.
export function checkFields(fields, params, prefix = '') {
  if (!isObject(params)) throw fail.type(prefix || 'params', 'an object');
  const at = (name) => (prefix ? `${prefix}.${name}` : name);
  for (const name of Object.keys(params)) {
    if (!Object.prototype.hasOwnProperty.call(fields, name)) throw fail.illegal(at(name), 'is not a parameter of this action');
  }
  const out = {};
  for (const [name, field] of Object.entries(fields)) {
    let value = params[name];
    if (value === '' && field.check.blankIsAbsent) value = undefined;
    if (value === undefined || value === null || (value === '' && field.required)) {
      if (field.required) throw fail.empty(at(name));
      continue;
    }
    out[name] = field.check(value, at(name));
  }
  return out;
}
