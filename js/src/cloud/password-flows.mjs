// The ticket flows: ask doorLock.passwordTicket, note when, and let the core turn ticket + PIN +
// schedule into the request (dl.buildPasswordRequest decrypts the ticket key, encrypts the PIN,
// expands the schedule, checks everything and refuses a ticket that has expired, so an expired
// ticket never reaches the network). The request is then sent once and its answer parsed.
// With a transport to the app's own server (transports/server.mjs), the server does all of that.
import { DoorlockError } from '../errors.mjs';

const TICKET_ACTIONS = {
  createTemporaryPassword: 'doorLock.createTemporaryPassword',
  createTemporaryPasswordWithoutName: 'doorLock.createTemporaryPasswordWithoutName',
  modifyTemporaryPassword: 'doorLock.modifyTemporaryPassword',
  openDoor: 'doorLock.openDoor',
};

export function passwordFlows({ dl, accessKey, serverEncrypts, clock, call, sendBuilt, settings }) {
  const seconds = () => clock() / 1000;

  async function withTicket(action, params, callOptions) {
    const current = settings(callOptions);
    if (params === null || typeof params !== 'object' || Array.isArray(params)) {
      throw new DoorlockError({ code: 'INVALID_ARGUMENT', field: 'params', message: `${action} takes an object of parameters` });
    }
    // The app's own server holds the key (docs/server.md): it gets the ticket and encrypts the
    // PIN, which travels in clear over the app's authenticated channel to it.
    if (serverEncrypts) {
      if (typeof current.lockType !== 'string') {
        throw new DoorlockError({
          code: 'INVALID_ARGUMENT',
          field: 'lockType',
          message: `${action} needs the lock type (createClient's or the call's lockType) to check the PIN`,
        });
      }
      return sendBuilt({ action, params, lockType: current.lockType }, current);
    }
    const key = accessKey();
    if (typeof key !== 'string' || key === '') {
      throw new DoorlockError({
        code: 'INVALID_ARGUMENT',
        field: 'accessKey',
        message: `${action} needs the cloud project's access key: keep it on a server of yours and use its transport (dl.cloud.transports.server or wxCloudFunction, docs/server.md), or pass accessKey to createCloudClient`,
      });
    }
    // The ticket's lifetime runs from when the cloud issued it, which is after we asked: counting
    // from the question errs on the safe side.
    const requestedAt = seconds();
    // A ticket request changes nothing on the lock: as a query it may be retried.
    const ticket = await call(
      'doorLock.passwordTicket',
      { device_id: params.device_id },
      { lockType: current.lockType, signal: current.signal, timeoutMs: current.timeoutMs },
    );
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
