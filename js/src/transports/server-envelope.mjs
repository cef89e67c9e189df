// The answer format between the phone and its own backend (docs/server.md). A success, or a
// refusal by the cloud, is the cloud's envelope passed through untouched, for dl.parseResponse.
// A failure the backend itself reports (bad input, an action it does not allow, a user it does
// not authorise, or an upstream call that failed) is a cloud-shaped failure envelope that also
// carries the DoorlockError, so that the phone rebuilds the same error, outcomeUnknown included:
//   { success: false, code, msg, t, doorlockError: { code, message, field?, cloudCode?, outcomeUnknown? } }
// `code`/`msg` are there for clients that only know the cloud's envelope.
import { DoorlockError } from '../errors.mjs';

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

export function errorEnvelope(error, t) {
  const record = {
    code: typeof error?.code === 'string' && error.code !== '' ? error.code : 'INTERNAL',
    message: typeof error?.message === 'string' ? error.message : 'internal error',
  };
  if (typeof error?.field === 'string') record.field = error.field;
  if (Number.isInteger(error?.cloudCode)) record.cloudCode = error.cloudCode;
  if (error?.outcomeUnknown === true) record.outcomeUnknown = true;
  return { success: false, code: record.cloudCode ?? record.code, msg: record.message, t, doorlockError: record };
}

// The DoorlockError an answer carries, or null when it is not one of the backend's own failures.
export function errorFromEnvelope(body) {
  if (!isObject(body) || body.success !== false || !isObject(body.doorlockError)) return null;
  const record = body.doorlockError;
  const error = new DoorlockError({
    code: typeof record.code === 'string' && record.code !== '' ? record.code : 'INTERNAL',
    message: typeof record.message === 'string' ? record.message : 'the server reported a failure',
    field: typeof record.field === 'string' ? record.field : undefined,
    cloudCode: Number.isInteger(record.cloudCode) ? record.cloudCode : undefined,
  });
  if (record.outcomeUnknown === true) error.outcomeUnknown = true;
  return error;
}
