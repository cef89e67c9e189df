// The ticket flows: ask doorLock.passwordTicket, note when, and let the core turn ticket + PIN +
// schedule into the request (dl.buildPasswordRequest decrypts the ticket key, encrypts the PIN,
// expands the schedule, checks everything and refuses a ticket that has expired, so an expired
// ticket never reaches the network). The request is then sent once and its answer parsed.
import { DoorlockError } from '../errors.mjs';

const TICKET_ACTIONS = {
  createTemporaryPassword: 'doorLock.createTemporaryPassword',
  createTemporaryPasswordWithoutName: 'doorLock.createTemporaryPasswordWithoutName',
  modifyTemporaryPassword: 'doorLock.modifyTemporaryPassword',
  openDoor: 'doorLock.openDoor',
};

export function passwordFlows({ dl, accessKey, clock, call, sendBuilt, settings }) {
  const seconds = () => clock() / 1000;

  async function withTicket(action, params, callOptions) {
    const current = settings(callOptions);
    const key = accessKey();
    if (typeof key !== 'string' || key === '') {
      throw new DoorlockError({ code: 'INVALID_ARGUMENT', field: 'accessKey', message: `${action} needs the cloud project's access key: pass accessKey to createCloudClient` });
    }
    if (params === null || typeof params !== 'object' || Array.isArray(params)) {
      throw new DoorlockError({ code: 'INVALID_ARGUMENT', field: 'params', message: `${action} takes an object of parameters` });
    }
    // The ticket's lifetime runs from when the cloud issued it, which is after we asked: counting
    // from the question errs on the safe side.
    const requestedAt = seconds();
    // A ticket request changes nothing on the lock: as a query it may be retried.
    const ticket = await call('doorLock.passwordTicket', { device_id: params.device_id },
      { lockType: current.lockType, signal: current.signal, timeoutMs: current.timeoutMs });
    const request = dl.buildPasswordRequest(action, params, {
      lockType: current.lockType,
      ticket,
      obtainedAt: requestedAt,
      now: seconds(),
      accessKey: key,
    });
    return sendBuilt(request, current);
  }

  const flows = {};
  for (const [method, action] of Object.entries(TICKET_ACTIONS)) {
    flows[method] = (params, callOptions) => withTicket(action, params, callOptions);
  }
  return flows;
}
