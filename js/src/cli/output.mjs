// What the doorlock CLI prints: one JSON document on stdout, or `{ "error": {...} }` on stderr
// with an exit code that says which kind of failure it was.
export const EXIT = Object.freeze({
  OK: 0,
  DOORLOCK_ERROR: 1, // the SDK refused the input or the operation failed (a DoorlockError)
  USAGE: 2, // the command line itself is wrong (unknown command, missing flag, bad JSON)
  INTERNAL: 3, // anything else: a bug
});

// A mistake in the command line, reported with code USAGE and the flag or argument it concerns.
export class UsageError extends Error {
  constructor(message, field) {
    super(message);
    this.name = 'UsageError';
    this.code = 'USAGE';
    if (field !== undefined) this.field = field;
  }
}

// Uint8Arrays become lower-case hex; everything else is JSON as is.
export function toJson(value) {
  return JSON.stringify(value, (key, item) => (item instanceof Uint8Array ? hex(item) : item), 2);
}

export const hex = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

export function isDoorlockError(error) {
  return error !== null && typeof error === 'object' && error.name === 'DoorlockError' && typeof error.code === 'string';
}

// The error document and the exit code for any thrown value.
export function describeError(error) {
  if (error instanceof UsageError) {
    return { exit: EXIT.USAGE, body: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) } };
  }
  if (isDoorlockError(error)) {
    const body = { code: error.code, message: error.message };
    for (const key of ['field', 'cloudCode', 'outcomeUnknown', 'reason', 'step', 'explanation']) {
      if (error[key] !== undefined) body[key] = error[key];
    }
    return { exit: EXIT.DOORLOCK_ERROR, body };
  }
  return { exit: EXIT.INTERNAL, body: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) } };
}
