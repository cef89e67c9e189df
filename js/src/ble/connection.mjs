// A connected, paired lock: an adapter (the bytes) plus a dl.ble.session (the protocol). All
// framing, crypto and DP encoding happen in the core; this file only moves packets, waits for the
// answers the session reports, and bounds every wait.
//
// connectLock runs the handshake (device info -> pair -> time sync), each step with its own
// timeout, and releases the connection if any step fails. Commands run one at a time: the lock
// answers DP writes with an ack (and, for most lock DPs, a report of the same DP carrying its
// reply), and two commands in flight would make those answers ambiguous.
import { DoorlockError } from '../errors.mjs';
import { bleError, disconnectedError, invalidArgument, timeoutError } from './errors.mjs';
import { deferred, withTimeout } from './timing.mjs';
import * as flows from './flows.mjs';

export const CONNECTION_DEFAULTS = Object.freeze({
  stepTimeoutMs: 10000, // each handshake step; the link is already up, so a sleeping lock is awake
  commandTimeoutMs: 10000, // from the first packet written to the last answer awaited
});

const REPORT_HISTORY = 64;
const KNOWN_OUTCOME_CODES = Object.freeze(['LOCK_REJECTED', 'BLE_ERROR', 'INVALID_ARGUMENT']);
const systemClock = Object.freeze({ now: () => Date.now() });

function coreError(code, message) {
  return new DoorlockError({ code: code || 'BAD_FRAME', message: message || `the lock sent something the session rejected (${code})` });
}

class LockConnection {
  constructor({ dl, adapter, session, clock, settings }) {
    this.dl = dl;
    this.adapter = adapter;
    this.clock = clock;
    this._session = session;
    this._settings = settings;
    this._state = 'connecting';
    this._endReason = null;
    this._timeSynced = false;
    this.deviceInfo = null; // the lock's device-info event: protocol, firmware, bound
    this._step = null; // { name, done: deferred }
    this._command = null;
    this._commandTail = Promise.resolve();
    this._reports = [];
    this._reportSeq = 0;
    this._reportWaiters = new Set();
    this._reportListeners = new Set();
    this._unsubscribe = [
      adapter.onNotify((packet) => this._onPacket(packet)),
      adapter.onDisconnect(({ reason } = {}) => this._onLinkEnded(reason || 'remote')),
    ];
  }

  get state() {
    return this._state;
  }

  get sessionState() {
    return this._session.state;
  }

  // ---- incoming ------------------------------------------------------------------------------

  _onPacket(packet) {
    if (this._state === 'closed') return;
    let result;
    try {
      result = this._session.receive(packet); // the session reads the time from `clock` when the lock asks
    } catch (error) {
      this._failWaiting(error);
      return;
    }
    let answered = Promise.resolve();
    if (result.write && result.write.length) {
      // Answers the protocol requires (pair request, time, report acks): written in order, ahead of
      // any later command packet because the link keeps call order.
      answered = this._writePackets(result.write);
      answered.catch((error) => this._failWaiting(error));
    }
    for (const event of result.events || []) this._onEvent(event, answered);
  }

  // `answered` settles once the session's answer to the same packet is written.
  _onEvent(event, answered) {
    switch (event.type) {
      case 'deviceInfo':
        this.deviceInfo = event;
        break;
      case 'ready':
        this._completeStep('ready');
        break;
      case 'time':
        // The time sync is done when the lock has the answer, not when the session made it.
        answered.then(() => {
          this._timeSynced = true;
          this._completeStep('time');
        }, () => {});
        break;
      case 'ack':
        if (this._command && this._command.sn === event.sn) {
          if (event.ok) this._command.ack.resolve(event);
          else this._command.fail.reject(bleError('LOCK_REJECTED', `the lock refused DP write ${event.sn}`, { ack: event }));
        }
        break;
      case 'dps':
        this._onReport(event);
        break;
      case 'error':
        this._onProblem(event);
        break;
      default:
        break; // 'frame': commands the session does not handle; nothing waits for them here
    }
  }

  // The session reports a packet it could not use and carries on. During the handshake nothing
  // else is coming, so the step fails with the core's code; a session that closed itself (pairing
  // refused, lock not bound) ends the connection. During a command one bad packet does not decide
  // the outcome (the ack may still come): it is kept and attached to a later TIMEOUT as `problem`.
  _onProblem(event) {
    const problem = coreError(event.code, event.message);
    if (this._session.state === 'closed') {
      this._failWaiting(() => coreError(event.code, event.message));
      this.close();
      return;
    }
    if (this._step) this._step.done.reject(problem);
    else if (this._command) this._command.problem = { code: event.code, message: event.message };
  }

  _onReport(event) {
    const report = { seq: ++this._reportSeq, dps: event.dps || [] };
    if (event.time !== undefined) report.time = event.time; // Unix seconds, for reports that carry one
    if (event.timeMs !== undefined) report.timeMs = event.timeMs;
    this._reports.push(report);
    if (this._reports.length > REPORT_HISTORY) this._reports.shift();
    const command = this._command;
    if (command && command.reply) {
      const dp = report.dps.find((candidate) => candidate.id === command.replyDp);
      if (dp) command.reply.resolve(dp);
    }
    for (const waiter of [...this._reportWaiters]) {
      if (waiter.matches(report)) waiter.done.resolve(report);
    }
    for (const listener of [...this._reportListeners]) {
      try { listener(report); } catch { /* a listener's failure is its own */ }
    }
  }

  _completeStep(name) {
    if (this._step && this._step.name === name) this._step.done.resolve();
  }

  // Each waiter gets its own error object: callers annotate what they receive.
  _failWaiting(makeError) {
    const fresh = typeof makeError === 'function' ? makeError : () => makeError;
    if (this._step) this._step.done.reject(fresh());
    if (this._command) this._command.fail.reject(fresh());
  }

  _onLinkEnded(reason) {
    if (this._state === 'closed') return;
    this._state = 'closed';
    this._endReason = reason;
    this._failWaiting(() => this._endError());
    for (const waiter of this._reportWaiters) waiter.done.reject(this._endError());
    this._reportWaiters.clear();
    this._freeSession();
  }

  _endError() {
    return disconnectedError('lock connection', this._endReason || 'closed');
  }

  // ---- outgoing ------------------------------------------------------------------------------

  async _writePackets(packets, onPacketWritten) {
    // Every packet is handed to the link at once (it queues them in order and keeps other writers
    // from interleaving); each is still awaited before progress is reported.
    const writes = packets.map((packet) => this.adapter.write(packet));
    writes.forEach((write) => write.catch(() => {}));
    for (let index = 0; index < writes.length; index++) {
      await writes[index];
      if (onPacketWritten) onPacketWritten(index + 1, writes.length);
    }
  }

  async _runStep(name, packets) {
    this._step = { name, done: deferred() };
    try {
      const written = packets ? this._writePackets(packets) : Promise.resolve();
      await withTimeout(Promise.all([written, this._step.done.promise]), this._settings.stepTimeoutMs,
        () => timeoutError(`the ${name} step of the lock handshake`, this._settings.stepTimeoutMs, { step: name }));
    } finally {
      this._step = null;
    }
  }

  async _handshake() {
    // device info -> pair: the session answers the device info with the pair request by itself;
    // 'ready' comes once the lock accepted it. Then the lock asks for the time and the session
    // answers; 'time' comes once that answer is written.
    await this._runStep('ready', this._session.start());
    if (this._settings.waitForTimeSync && !this._timeSynced) await this._runStep('time');
    this._state = 'ready';
  }

  _ensureOpen() {
    if (this._state === 'closed') throw this._endError();
  }

  // Runs commands one after the other, whatever the callers do.
  _enqueue(task) {
    const run = this._commandTail.then(() => {
      this._ensureOpen();
      return task();
    });
    this._commandTail = run.catch(() => {});
    return run;
  }

  // DPs as dl.ble.encodeDps takes them. Resolves once the lock acknowledged the write (and, with
  // replyDp, reported that DP back: lock DPs answer in the DP they were written to).
  writeDps(dps, options = {}) {
    return this._enqueue(() => this._sendFrame(() => this._session.writeDps(dps), options));
  }

  // A raw DP the cloud built ({ dp_id | dpId, ins, wake_up_ins? }, see flows.writeCloudDp).
  writeRawDp(config, options = {}) {
    return this._enqueue(() => this._sendFrame(() => this._session.writeRawDp(config), options));
  }

  // An air frame the cloud built (doorLock.bleOpenInstruction / unlockInstruction: the hex, or
  // the result { instruction, next_sn }). The cloud built it for SN = nextSn at the time it was
  // asked; `sn` is needed only when the session cannot read the frame's own.
  relayAirFrame(instruction, { sn, ...options } = {}) {
    return this._enqueue(() => this._sendFrame(() => this._session.relayAirFrame(instruction, sn === undefined ? undefined : { sn }), options));
  }

  // The SN the next frame will carry: what doorLock.bleOpenInstruction wants as bluetooth_sn.
  get nextSn() {
    return this._session.nextSn;
  }

  async _sendFrame(makeFrame, { timeoutMs = this._settings.commandTimeoutMs, onProgress, replyDp, changesLock = false } = {}) {
    if (onProgress !== undefined && typeof onProgress !== 'function') throw invalidArgument('onProgress', 'expected a function');
    const { sn, packets } = makeFrame(); // bad input throws here, before anything is sent
    const command = {
      sn,
      replyDp,
      ack: deferred(),
      reply: replyDp === undefined ? null : deferred(),
      fail: deferred(),
      sent: 0,
      problem: null,
      handedOver: false,
    };
    this._command = command;
    const work = (async () => {
      command.handedOver = true;
      await this._writePackets(packets, (sent, total) => {
        command.sent = sent;
        if (onProgress) {
          try { onProgress({ sent, total }); } catch { /* a progress display's failure does not stop the command */ }
        }
      });
      const ack = await command.ack.promise;
      const reply = command.reply ? await command.reply.promise : undefined;
      return reply === undefined ? { sn, ack } : { sn, ack, reply };
    })();
    try {
      return await withTimeout(Promise.race([work, command.fail.promise]), timeoutMs,
        () => timeoutError(`the command with SN ${sn}`, timeoutMs));
    } catch (error) {
      error.sn = sn;
      error.packetsSent = command.sent;
      if (command.problem && error.code === 'TIMEOUT') error.problem = command.problem;
      // Once the packets of a command that changes the lock were handed to the platform, only the
      // lock knows whether it acted (a write that never confirmed may still have gone out). Say
      // so, and never send it again. Known outcomes: the lock answered (LOCK_REJECTED), or the
      // platform refused a packet, so the lock cannot hold the whole frame (BLE_ERROR).
      if (changesLock && command.handedOver && !KNOWN_OUTCOME_CODES.includes(error.code)) error.outcomeUnknown = true;
      throw error;
    } finally {
      if (this._command === command) this._command = null;
    }
  }

  // ---- reports -------------------------------------------------------------------------------

  // Every DP report the lock sends: { seq, dps: [{ id, type, value }], time?, timeMs? }.
  onReport(callback) {
    this._reportListeners.add(callback);
    return () => this._reportListeners.delete(callback);
  }

  // The sequence number of the last report so far; pass it as `after` to wait for a later one.
  get reportCursor() {
    return this._reportSeq;
  }

  // The first report after `after` (already received, or still to come) for which match(report) is true.
  waitForReport(match, { after = this._reportSeq, timeoutMs = this._settings.commandTimeoutMs } = {}) {
    const seen = this._reports.find((report) => report.seq > after && match(report));
    if (seen) return Promise.resolve(seen);
    if (this._state === 'closed') return Promise.reject(this._endError());
    const waiter = { matches: (report) => report.seq > after && match(report), done: deferred() };
    this._reportWaiters.add(waiter);
    return withTimeout(waiter.done.promise, timeoutMs, () => timeoutError('waiting for a lock report', timeoutMs))
      .finally(() => this._reportWaiters.delete(waiter));
  }

  // ---- flows (flows.mjs) ---------------------------------------------------------------------

  createTemporaryPassword(params) { return flows.createTemporaryPassword(this, params); }
  unlock(params) { return flows.unlock(this, params); }
  pushT0(params) { return flows.pushT0(this, params); }
  syncUnlockMethods(params) { return flows.syncUnlockMethods(this, params); }
  writeCloudDp(instruction, options) { return flows.writeCloudDp(this, instruction, options); }
  relayUnlockInstruction(params) { return flows.relayUnlockInstruction(this, params); }

  // ---- end -----------------------------------------------------------------------------------

  _freeSession() {
    const session = this._session;
    if (session && typeof session.close === 'function') {
      try { session.close(); } catch { /* already freed */ }
    }
  }

  // Releases the Bluetooth connection (the lock stays bound: nothing is unbound here). Anything
  // still waiting fails with BLE_DISCONNECTED.
  async close() {
    for (const unsubscribe of this._unsubscribe) unsubscribe();
    this._onLinkEnded('closed');
    await this.adapter.close();
  }
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
  const { dl, clock = systemClock } = options;
  try {
    if (!dl || !dl.ble || typeof dl.ble.session !== 'function') throw invalidArgument('dl', 'expected the object loadDoorlock() resolves to');
    if (!clock || typeof clock.now !== 'function') throw invalidArgument('clock', 'expected { now() } returning Unix milliseconds');
    settings = {
      stepTimeoutMs: options.stepTimeoutMs || CONNECTION_DEFAULTS.stepTimeoutMs,
      commandTimeoutMs: options.commandTimeoutMs || CONNECTION_DEFAULTS.commandTimeoutMs,
      waitForTimeSync: options.waitForTimeSync !== false,
    };
    // The core checks localKey, uuid, devId, protocol, mtu and timeZone.
    const sessionOptions = {
      localKey: options.localKey, uuid: options.uuid, devId: options.devId, protocol: options.protocol ?? 3,
      mtu: Math.min(options.mtu || 20, adapter.mtu || 20), clock: () => clock.now(),
    };
    if (options.timeZone !== undefined) sessionOptions.timeZone = options.timeZone;
    session = dl.ble.session(sessionOptions);
  } catch (error) {
    await adapter.close();
    throw error;
  }
  const lock = new LockConnection({ dl, adapter, session, clock, settings });
  try {
    await lock._handshake();
  } catch (error) {
    await lock.close();
    throw error;
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
