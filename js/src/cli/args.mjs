// Command-line arguments of the doorlock CLI: positionals, `--name value`, `--name=value` and
// boolean switches. Values stay text; each command converts and checks what it takes.
import { readFileSync } from 'node:fs';
import { UsageError } from './output.mjs';

// `switches`: names that take no value. Everything else after `--name` takes the next argument.
export function parseArgs(argv, { switches = [] } = {}) {
  const positionals = [];
  const flags = {};
  const isSwitch = new Set(['help', ...switches]);
  for (let at = 0; at < argv.length; at += 1) {
    const arg = argv[at];
    if (arg === '-h') {
      flags.help = true;
    } else if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      const name = camel(eq === -1 ? arg.slice(2) : arg.slice(2, eq));
      if (eq !== -1) {
        flags[name] = arg.slice(eq + 1);
      } else if (isSwitch.has(name)) {
        flags[name] = true;
      } else {
        if (at + 1 >= argv.length) throw new UsageError(`--${arg.slice(2)} needs a value`, arg.slice(2));
        flags[name] = argv[at + 1];
        at += 1;
      }
    } else {
      positionals.push(arg);
    }
  }
  return { positionals, flags };
}

const camel = (name) => name.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase());

// Standard input, read once: several arguments may say `-`, only one of them can have it.
let stdinTaken = null;
export function readStdin(what) {
  if (stdinTaken !== null) throw new UsageError(`standard input is already read for ${stdinTaken}`, what);
  stdinTaken = what;
  return readFileSync(0);
}

// A JSON argument: inline text, `-` (standard input) or `@file`.
export function jsonArg(text, field) {
  if (text === undefined) return undefined;
  let source = text;
  if (text === '-') source = readStdin(field).toString('utf8');
  else if (text.startsWith('@')) source = readFile(text.slice(1), field).toString('utf8');
  try {
    return JSON.parse(source);
  } catch (error) {
    throw new UsageError(`${field}: not valid JSON (${error.message})`, field);
  }
}

export function readFile(path, field) {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UsageError(`${field}: cannot read ${path} (${error.code ?? error.message})`, field);
  }
}

// An integer flag ("12", "0x2b"), or `fallback` when absent.
export function intArg(text, field, fallback) {
  if (text === undefined) return fallback;
  if (typeof text === 'number') return text;
  const value = /^0x[0-9a-f]+$/i.test(text) ? Number.parseInt(text, 16) : /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value)) throw new UsageError(`${field}: must be an integer, got "${text}"`, field);
  return value;
}

export function oneOf(text, field, values, fallback) {
  if (text === undefined) return fallback;
  const match = values.find((value) => String(value) === String(text));
  if (match === undefined) throw new UsageError(`${field}: must be one of ${values.join(', ')}`, field);
  return match;
}

// The input object of a command: `--json` (inline, `-` or `@file`) merged under the flags given.
export function inputObject(flags, field = 'json') {
  const base = jsonArg(flags.json, field);
  if (base !== undefined && (base === null || typeof base !== 'object' || Array.isArray(base))) {
    throw new UsageError(`${field}: must be a JSON object`, field);
  }
  return base ?? {};
}
