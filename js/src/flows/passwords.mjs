// Temporary passwords of one lock, as Tuya's own panel does them (ble-protocol.md §6b.1, §6b.2).
//
// delivery 'ble' (a Bluetooth-only lock, bluetooth_symbolic): the lock first, the cloud second.
//   create = DP 51 -> the lock's hard_id -> doorLock.createTemporaryPassword { bluetooth_symbolic:
//            true, sn: hard_id } with the PIN through the client's ticket flow (the cloud only records it)
//   modify = DP 53 (validity; the PIN again where given) -> doorLock.modifyTemporaryPassword, rename
//            form (name and period: the cloud changes no PIN of a Bluetooth lock)
//   delete = DP 52 -> doorLock.deleteTemporaryPassword { bluetooth_symbolic: true }
// delivery 'gateway' (the cloud reaches the lock itself): the cloud alone, no Bluetooth.
//
// When the lock step is done and the cloud step is not (docs/flows.md):
//   - the cloud refused, or the request provably never left: a create is rolled back on the lock
//     (DP 52), so that the lock holds no PIN the cloud does not list; a modify or delete is not
//     (the SDK knows neither the old validity nor the PIN): rerun it with cloudOnly: true;
//   - the cloud's answer was lost (outcomeUnknown): nothing is rolled back or resent; the error
//     says outcomeUnknown and findCloudPassword({ hardId }) tells whether the record exists.
// Every error of these flows carries `steps` ({ lock, cloud, rollback? }: 'done' | 'refused' |
// 'failed' | 'unknown' | 'skipped' | 'not_sent'), and the hard id once the lock gave one.
import { DoorlockError } from '../errors.mjs';

const invalid = (field, message) => new DoorlockError({ code: 'INVALID_ARGUMENT', field, message: `${field}: ${message}` });
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const ALL_DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

// What a failed step means for the state it may have changed.
function outcomeOf(error) {
  if (isObject(error) && error.outcomeUnknown === true) return 'unknown';
  if (isObject(error) && (error.code === 'CLOUD_ERROR' || error.code === 'LOCK_REJECTED')) return 'refused';
  return 'failed';
}

function annotated(error, steps, extra = {}) {
  if (!isObject(error)) return error;
  error.steps = steps;
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) error[key] = value;
  if (steps.cloud === 'unknown' || steps.lock === 'unknown' || steps.rollback === 'unknown') error.outcomeUnknown = true;
  const shown = Object.entries(steps)
    .map(([step, outcome]) => `${step}: ${outcome}`)
    .join(', ');
  if (typeof error.message === 'string' && !error.message.includes('(steps ')) error.message = `${error.message} (steps ${shown})`;
  return error;
}

function checkParams(params, what) {
  if (!isObject(params)) throw invalid('params', `${what} takes an object of parameters`);
  return params;
}

// The cloud's period fields for the lock's validity: one window a day (daily) or on the given days
// (weekly); the core builds and checks them. The lock's validity block is built from the same input.
function cloudPeriod(dl, validity, timeZone) {
  if (!isObject(validity)) throw invalid('validity', 'expected { effectiveTime, invalidTime, cycle?, days?, start?, end? }');
  const cycle = validity.cycle ?? 'none';
  const schedule = { effectiveTime: validity.effectiveTime, invalidTime: validity.invalidTime };
  if (timeZone !== undefined) schedule.timeZone = timeZone;
  if (cycle === 'daily' || cycle === 'weekly') {
    if (timeZone === undefined) throw invalid('timeZone', `a ${cycle} validity needs the lock's time zone for the cloud's schedule (an IANA name or +08:00)`);
    schedule.windows = [{ start: validity.start, end: validity.end, days: cycle === 'daily' ? ALL_DAYS : validity.days }];
  }
  return dl.buildSchedule(schedule);
}

export function passwordFlows(ctx) {
  const { dl, client, deviceId, delivery } = ctx;
  const viaLock = delivery === 'ble';
  const callOptions = (signal) => ({ lockType: ctx.lockType, signal });

  function cloudCreate(params, period, hardId, signal) {
    const request = { device_id: deviceId, name: params.name, password: params.password, ...period };
    if (params.phone !== undefined) request.phone = params.phone;
    if (params.type !== undefined) request.type = params.type;
    if (viaLock) Object.assign(request, { bluetooth_symbolic: true, sn: hardId });
    return client.createTemporaryPassword(request, callOptions(signal));
  }

  // Undoes a create on the lock after the cloud definitely did not record it. No signal: the
  // caller's may already have fired, and a PIN the cloud does not list must not stay behind.
  async function rollBack(lock, hardId, timeoutMs) {
    try {
      await lock.deleteTemporaryPassword({ hardId, timeoutMs });
      return { outcome: 'done' };
    } catch (error) {
      return { outcome: outcomeOf(error), error };
    }
  }

  async function createPassword(params) {
    const { password, validity, timeZone, signal, timeoutMs, allowWeakPassword, cloudOnly = false } = checkParams(params, 'createPassword');
    const period = cloudPeriod(dl, validity, timeZone);
    if (!viaLock) {
      try {
        const { id } = await cloudCreate(params, period, undefined, signal);
        return { passwordId: id, steps: { lock: 'skipped', cloud: 'done' } };
      } catch (error) {
        throw annotated(error, { lock: 'skipped', cloud: outcomeOf(error) });
      }
    }
    let hardId;
    let lockStep = 'skipped';
    let lock = null;
    if (cloudOnly) {
      hardId = params.hardId;
      if (!Number.isInteger(hardId) || hardId < 0 || hardId > 255)
        throw invalid('hardId', 'cloudOnly records a password the lock already holds: give its hard id (0..255)');
    } else {
      lock = ctx.lock('createPassword');
      const request = { password, validity, signal, timeoutMs };
      if (allowWeakPassword !== undefined) request.allowWeakPassword = allowWeakPassword;
      try {
        ({ hardId } = await lock.createTemporaryPassword(request));
      } catch (error) {
        throw annotated(error, { lock: outcomeOf(error), cloud: 'not_sent' });
      }
      lockStep = 'done';
    }
    try {
      const { id } = await cloudCreate(params, period, hardId, signal);
      return { passwordId: id, hardId, steps: { lock: lockStep, cloud: 'done' } };
    } catch (error) {
      const cloud = outcomeOf(error);
      if (cloud === 'unknown' || !lock) throw annotated(error, { lock: lockStep, cloud }, { hardId });
      const undo = await rollBack(lock, hardId, timeoutMs);
      throw annotated(error, { lock: 'done', cloud, rollback: undo.outcome }, { hardId, rollbackError: undo.error });
    }
  }

  async function modifyPassword(params) {
    const { passwordId, hardId, name, password, validity, timeZone, signal, timeoutMs, cloudOnly = false } = checkParams(params, 'modifyPassword');
    const period = cloudPeriod(dl, validity, timeZone);
    const base = { device_id: deviceId, password_id: passwordId };
    if (!viaLock && password !== undefined) {
      // A lock the cloud delivers to: the modify form, PIN through the ticket flow.
      try {
        await client.modifyTemporaryPassword({ ...base, name, password, ...period }, callOptions(signal));
        return { steps: { lock: 'skipped', cloud: 'done' } };
      } catch (error) {
        throw annotated(error, { lock: 'skipped', cloud: outcomeOf(error) });
      }
    }
    let lockStep = 'skipped';
    let warnings;
    if (viaLock && !cloudOnly) {
      const lock = ctx.lock('modifyPassword');
      const request = { hardId, validity, signal, timeoutMs };
      if (password !== undefined) request.password = password;
      try {
        const reply = await lock.modifyTemporaryPassword(request);
        warnings = reply.warnings;
      } catch (error) {
        throw annotated(error, { lock: outcomeOf(error), cloud: 'not_sent' }, { hardId });
      }
      lockStep = 'done';
    }
    const rename = { ...base, name, ...period };
    if (viaLock) rename.bluetooth_symbolic = true;
    try {
      await client.call('doorLock.modifyTemporaryPassword', rename, { ...callOptions(signal), form: 'rename' });
    } catch (error) {
      throw annotated(error, { lock: lockStep, cloud: outcomeOf(error) }, { hardId });
    }
    const result = { steps: { lock: lockStep, cloud: 'done' } };
    if (warnings && warnings.length) result.warnings = warnings;
    return result;
  }

  async function deletePassword(params) {
    const { passwordId, hardId, signal, timeoutMs, cloudOnly = false } = checkParams(params, 'deletePassword');
    if (passwordId === undefined || passwordId === null) throw invalid('passwordId', "the cloud's password_id");
    let lockStep = 'skipped';
    if (viaLock && !cloudOnly) {
      const lock = ctx.lock('deletePassword');
      try {
        await lock.deleteTemporaryPassword({ hardId, signal, timeoutMs });
      } catch (error) {
        throw annotated(error, { lock: outcomeOf(error), cloud: 'not_sent' }, { hardId });
      }
      lockStep = 'done';
    }
    const request = { device_id: deviceId, password_id: String(passwordId) };
    if (viaLock) request.bluetooth_symbolic = true;
    try {
      await client.call('doorLock.deleteTemporaryPassword', request, callOptions(signal));
    } catch (error) {
      throw annotated(error, { lock: lockStep, cloud: outcomeOf(error) }, { hardId });
    }
    return { steps: { lock: lockStep, cloud: 'done' } };
  }

  // The cloud's record of the password the lock holds under hardId (its `sn`), or null: how to
  // settle a create whose cloud answer was lost.
  async function findCloudPassword(params) {
    const { hardId, signal } = checkParams(params, 'findCloudPassword');
    if (!Number.isInteger(hardId)) throw invalid('hardId', 'the hard id the lock gave the password');
    const list = await client.call('doorLock.getTemporaryPasswordList', { device_id: deviceId, valid: true }, callOptions(signal));
    return (Array.isArray(list) ? list : []).find((entry) => Number(entry.sn) === hardId) ?? null;
  }

  return { createPassword, modifyPassword, deletePassword, findCloudPassword };
}
