// The cloud emulator's request handling: { action, params } in, the reference's envelope out
// ({ success: true, t, result } or { success: false, code, msg, t }). It never throws.
import { checkFields } from './checks.mjs';
import { CloudFailure, fail } from './failures.mjs';
import { DEVICE_IDS, EMULATOR_ACCESS_KEY, createHome } from './home.mjs';
import { deviceActions } from './actions/devices.mjs';
import { memberActions } from './actions/members.mjs';
import { passwordActions } from './actions/passwords.mjs';
import { recordActions } from './actions/records.mjs';
import { unlockingActions } from './actions/unlocking.mjs';

const HANDLERS = Object.freeze({ ...recordActions, ...unlockingActions, ...passwordActions, ...memberActions, ...deviceActions });

export const EMULATED_ACTIONS = Object.freeze(Object.keys(HANDLERS).sort());

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

export function createCloudEmulator(options = {}) {
  const accessKey = options.accessKey ?? EMULATOR_ACCESS_KEY;
  if (typeof accessKey !== 'string' || accessKey.length !== 32) throw new TypeError('accessKey must be 32 ASCII characters');
  const clock = options.clock ?? (() => Date.now());
  const ticketLifetimeSeconds = options.ticketLifetimeSeconds ?? 300;
  const state = createHome();

  const ctx = {
    state,
    accessKey,
    ticketLifetimeSeconds,
    nowMs: () => Math.floor(clock()),
    nowSeconds: () => Math.floor(clock() / 1000),
    device: null,
  };

  // The parameter checks alone: names, required fields, types and ranges of one request.
  function check(body) {
    if (!isObject(body)) throw fail.type('body', 'an object { action, params }');
    const { action } = body;
    if (typeof action !== 'string' || action === '') throw fail.empty('action');
    const handler = Object.prototype.hasOwnProperty.call(HANDLERS, action) ? HANDLERS[action] : null;
    if (!handler) throw fail.uri(action);
    const raw = body.params === undefined ? {} : body.params;
    const spec = handler.form ? handler.form(raw) : handler;
    return { action, spec, params: checkFields(spec.params, raw) };
  }

  function run(body) {
    const { action, spec, params } = check(body);
    let lock = null;
    if ('device_id' in spec.params) {
      lock = state.devices[params.device_id];
      if (!lock) throw fail.denied(`device ${params.device_id} is not in this home`);
      if (spec.lockTypes && !spec.lockTypes.includes(lock.lockType)) {
        const refusal = lock.lockType === 'ble' && spec.refusal ? spec.refusal : `${action} is not available on ${lock.lockType} locks`;
        throw fail.device(refusal);
      }
    }
    return spec.handle(params, { ...ctx, device: lock });
  }

  // `requestId` (optional) tags the entry in state.requests, so that a test can count how often
  // the emulator carried out one request of its own (executionsOf).
  function handle(body, { requestId } = {}) {
    const t = ctx.nowMs();
    const action = isObject(body) && typeof body.action === 'string' ? body.action : '';
    const tag = requestId === undefined ? {} : { requestId };
    try {
      const result = run(body);
      state.requests.push({ action, ok: true, ...tag });
      return { success: true, t, result };
    } catch (error) {
      const failure = error instanceof CloudFailure ? error : fail.system(error && error.message);
      state.requests.push({ action, ok: false, code: failure.code, msg: failure.msg, ...tag });
      return { success: false, code: failure.code, msg: failure.msg, t };
    }
  }

  // The requests handled under `requestId`, optionally of one action: { action, ok, code? }[].
  // An entry with ok: true is an execution (the action was carried out).
  function executionsOf(requestId, action) {
    return state.requests.filter((entry) => entry.requestId === requestId && (action === undefined || entry.action === action));
  }

  // Whether the parameters of `body` pass the reference's tables, without touching the home:
  // null, or the failure envelope the cloud would answer.
  function validate(body) {
    try {
      check(body);
      return null;
    } catch (error) {
      if (!(error instanceof CloudFailure)) throw error;
      return { success: false, code: error.code, msg: error.msg, t: ctx.nowMs() };
    }
  }

  return { accessKey, deviceIds: DEVICE_IDS, homeId: state.homeId, state, handle, validate, executionsOf };
}
