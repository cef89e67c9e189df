// Connecting to a lock: a session on a connected adapter, then the handshake (device info -> pair
// -> time sync), each step with its own timeout; the connection is released if any step fails.
// What a connected lock then does is connection.mjs.
import { invalidArgument, timeoutError } from './errors.mjs';
import { LockConnection } from './connection.mjs';
import { abortedError, checkSignal, onAbort, throwIfAborted } from './timing.mjs';

export const CONNECTION_DEFAULTS = Object.freeze({
  stepTimeoutMs: 10000, // each handshake step; the link is already up, so a sleeping lock is awake
  // The device-info answer, the first of the handshake. A lock drops every frame it cannot
  // decrypt, and the request is encrypted with md5(localKey[0:6]): a lock that stays silent here
  // almost always has another local key than the one given (or is another lock).
  deviceInfoTimeoutMs: 3000,
  commandTimeoutMs: 10000, // from the first packet written to the last answer awaited
  recordTimeoutMs: 3000, // how long an opening's record (DP 19 / 72) is awaited after the reply
});

const systemClock = Object.freeze({ now: () => Date.now() });

async function handshake(lock, settings) {
  // device info -> pair: the session answers the device info with the pair request by itself;
  // 'ready' comes once the lock accepted it. Then the lock asks for the time and the session
  // answers; 'time' comes once that answer is written.
  const infoTimeoutMs = Math.min(settings.deviceInfoTimeoutMs, settings.stepTimeoutMs);
  await lock._runStep('deviceInfo', lock._session.start(), infoTimeoutMs, () => {
    const error = timeoutError('the device-info step of the lock handshake', infoTimeoutMs, { step: 'deviceInfo', field: 'localKey' });
    error.message +=
      ': the lock drops every frame it cannot decrypt, so a silent lock usually means a wrong localKey' +
      ' (its first 6 characters make the key) or another lock than this uuid names: check localKey / uuid';
    return error;
  });
  await lock._runStep('ready');
  if (settings.waitForTimeSync && !lock._timeSynced) await lock._runStep('time');
  lock._handshakeDone();
}

// Opens a session on a connected adapter and runs the handshake. The adapter is released on
// every failure here, bad arguments included: a lock that serves one central at a time must not
// stay held by a connection nobody will use.
export async function connectLock(options = {}) {
  const { adapter } = options;
  if (!adapter || typeof adapter.write !== 'function' || typeof adapter.onNotify !== 'function' || typeof adapter.close !== 'function') {
    throw invalidArgument('adapter', 'expected a BLE adapter (openWxAdapter, openWebBluetoothAdapter, openSimulatorAdapter)');
  }
  let session;
  let settings;
  let signal;
  const { dl, clock = systemClock } = options;
  try {
    signal = checkSignal(options.signal);
    throwIfAborted(signal, 'connecting to the lock');
    if (!dl || !dl.ble || typeof dl.ble.session !== 'function') throw invalidArgument('dl', 'expected the object loadDoorlock() resolves to');
    if (!clock || typeof clock.now !== 'function') throw invalidArgument('clock', 'expected { now() } returning Unix milliseconds');
    settings = {
      stepTimeoutMs: options.stepTimeoutMs || CONNECTION_DEFAULTS.stepTimeoutMs,
      deviceInfoTimeoutMs: options.deviceInfoTimeoutMs || CONNECTION_DEFAULTS.deviceInfoTimeoutMs,
      commandTimeoutMs: options.commandTimeoutMs || CONNECTION_DEFAULTS.commandTimeoutMs,
      recordTimeoutMs: options.recordTimeoutMs || CONNECTION_DEFAULTS.recordTimeoutMs,
      waitForTimeSync: options.waitForTimeSync !== false,
    };
    // The core checks localKey, uuid, devId, protocol, mtu and timeZone.
    const sessionOptions = {
      localKey: options.localKey,
      uuid: options.uuid,
      devId: options.devId,
      protocol: options.protocol ?? 3,
      mtu: Math.min(options.mtu || 20, adapter.mtu || 20),
      clock: () => clock.now(),
    };
    if (options.timeZone !== undefined) sessionOptions.timeZone = options.timeZone;
    session = dl.ble.session(sessionOptions);
  } catch (error) {
    await adapter.close();
    throw error;
  }
  const lock = new LockConnection({ dl, adapter, session, clock, settings });
  // The handshake changes nothing on a bound lock: an abort fails the step waiting and releases the link.
  const stopWatching = onAbort(signal, () => {
    lock._handshakeAborted = () => abortedError('connecting to the lock (handshake)', signal);
    lock._failWaiting(lock._handshakeAborted); // the step waiting now; a later step refuses at its start
  });
  try {
    await handshake(lock, settings);
  } catch (error) {
    await lock.close();
    throw error;
  } finally {
    stopWatching();
  }
  return lock;
}

// Connects, runs task(lock), and always releases the connection afterwards, whatever happened:
// the way to hold a lock (which serves one central at a time) no longer than needed.
export async function withLock(options, task) {
  if (typeof task !== 'function') throw invalidArgument('task', 'expected an async function (lock) => result');
  const lock = await connectLock(options);
  try {
    return await task(lock);
  } finally {
    await lock.close();
  }
}
