// dl.ble.session(options): the app side of one BLE connection. The state machine and every key
// stay in the core; this object owns the core's session number and releases it deterministically
// on close() and unbind() (and, as a backstop, when it is garbage collected). It also supplies
// what only the host has: the current time for the lock's time requests (options.clock, default
// Date.now) and the host's zone when options.timeZone is not given.
import { DoorlockError } from '../errors.mjs';

const finalizer = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry(({ free, id }) => free(id)) : null;

function closedError(action) {
  return new DoorlockError({ code: 'INVALID_STATE', message: `${action} is not possible: the session is closed` });
}

export function createSessionFactory(core) {
  return function session(options = {}) {
    if (options === null || typeof options !== 'object') {
      throw new DoorlockError({ code: 'INVALID_ARGUMENT', message: 'session expects an options object' });
    }
    const { clock = Date.now, ...config } = options;
    if (typeof clock !== 'function') {
      throw new DoorlockError({ code: 'INVALID_ARGUMENT', message: 'clock must be a function returning Unix milliseconds', field: 'clock' });
    }
    if (config.timeZone === undefined) config.timeZone = -new Date().getTimezoneOffset();
    let id = core.sessionCreate(config);
    const release = () => {
      if (id === null) return;
      core.sessionFree(id);
      if (finalizer) finalizer.unregister(handle);
      id = null;
    };
    const live = (action) => {
      if (id === null) throw closedError(action);
      return id;
    };

    const handle = {
      get state() {
        return id === null ? 'closed' : core.sessionStatus(id).state;
      },
      // The SN of the next frame: what doorLock.bleOpenInstruction takes as bluetooth_sn.
      get nextSn() {
        return core.sessionStatus(live('nextSn')).nextSn;
      },
      start() {
        return core.sessionStart(live('start'));
      },
      // -> { write: Uint8Array[], events: [...] }
      receive(packet) {
        if (id === null) return { write: [], events: [] };
        return core.sessionReceive(id, packet, clock());
      },
      // -> { sn, packets }
      writeDps(dps) {
        return core.sessionWriteDps(live('writeDps'), dps);
      },
      // A getIssuedConfig / getSyncableOpmodeTypes item { dp_id, ins, wake_up_ins? } -> { sn, packets }
      writeRawDp(config) {
        return core.sessionWriteRawDp(live('writeRawDp'), config);
      },
      // A bleOpenInstruction / unlockInstruction frame (hex, bytes or the cloud result) -> { sn, packets }
      relayAirFrame(instruction, relayOptions) {
        return core.sessionRelay(live('relayAirFrame'), instruction, relayOptions);
      },
      unbind() {
        const packets = core.sessionUnbind(live('unbind'));
        release();
        return packets;
      },
      close() {
        release();
      },
    };
    if (finalizer) finalizer.register(handle, { free: core.sessionFree, id }, handle);
    return handle;
  };
}
