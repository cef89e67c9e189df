// The ticket flows: ask doorLock.passwordTicket, note when the ticket arrived, let the core turn
// ticket + PIN + schedule into the request (it decrypts the ticket key, encrypts the PIN, encodes
// the schedule and refuses an expired ticket), send it once, parse the answer.
import { DoorlockError } from '../errors.mjs';

const TICKET_ACTIONS = {
  createTemporaryPassword: 'doorLock.createTemporaryPassword',
  createTemporaryPasswordWithoutName: 'doorLock.createTemporaryPasswordWithoutName',
  modifyTemporaryPassword: 'doorLock.modifyTemporaryPassword',
  openDoor: 'doorLock.openDoor',
};

export function passwordFlows({ dl, accessKey, clock, call, sendBuilt, settings }) {
  async function withTicket(action, params, callOptions) {
    const current = settings(callOptions);
    const key = accessKey();
    if (typeof key !== 'string' || key === '') {
      throw new DoorlockError({ code: 'INVALID_ARGUMENT', field: 'accessKey', message: `${action} needs the cloud project's access key: pass accessKey to createCloudClient` });
    }
    if (params === null || typeof params !== 'object') {
      throw new DoorlockError({ code: 'INVALID_ARGUMENT', field: '', message: `${action} takes an object of parameters` });
    }
    const ticket = await call('doorLock.passwordTicket', { device_id: params.device_id }, callOptions);
    const receivedAt = Math.floor(clock() / 1000);
    const request = dl.buildTicketRequest(action, params, {
      lockType: current.lockType, ticket, receivedAt, now: Math.floor(clock() / 1000), accessKey: key,
    });
    return sendBuilt(request, current);
  }

  const flows = {};
  for (const [method, action] of Object.entries(TICKET_ACTIONS)) {
    flows[method] = (params, callOptions) => withTicket(action, params, callOptions);
  }
  return flows;
}
