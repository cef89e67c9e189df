// A connected, paired lock: an adapter (the bytes) plus a dl.ble.session (the protocol). All
// framing, crypto and DP encoding happen in the core; this file only moves packets, waits for the
// answers the session reports, and bounds every wait. connect.mjs opens it (the handshake);
// report-history.mjs keeps the lock's reports and the waits for opening records.
//
// Commands run one at a time: the lock answers DP writes with an ack (and, for most lock DPs, a
// report of the same DP carrying its reply), and two commands in flight would make those answers
// ambiguous.
//
// A command is done when the lock's reply DP says so (the ack only says the frame arrived); the
// core's lock-DP facts say which DP that is, whether the command changes the lock, and which reply
// bytes repeat the request. A reply is taken as a command's own only when it can be: it repeats
// the request (DP 70/71/73), or nothing else can still be answered on this link. When a command
// ends without the reply it is owed, that reply may still come: a repeating one is recognised and
// set aside (counted in staleReplies); for one that repeats nothing the connection serves no
// further command (RECONNECT_REQUIRED) until the late reply has come or the caller reconnects.
import { DoorlockError } from '../errors.mjs';
import { bleError, disconnectedError, invalidArgument, reconnectRequiredError, timeoutError } from './errors.mjs';
import { abortedError, checkSignal, deferred, onAbort, throwIfAborted, withTimeout } from './timing.mjs';
import { commandFacts, readFacts } from './command-facts.mjs';
import { ReportHistory } from './report-history.mjs';
import * as flows from './flows.mjs';

const MAX_ORPHANS = 16;
// How long close() lets the answers to the lock's reports already queued go out (a report's
// acknowledgement: a few packets) before it releases the link anyway.
const ANSWER_FLUSH_MS = 1000;
// The lock answered (LOCK_REJECTED), or the platform refused a packet so the lock cannot hold the
// whole frame (BLE_ERROR), or nothing was sent (INVALID_ARGUMENT): the outcome is known.
const KNOWN_OUTCOME_CODES = Object.freeze(['LOCK_REJECTED', 'BLE_ERROR', 'INVALID_ARGUMENT']);

function coreError(code, message, field) {
  return new DoorlockError({ code: code || 'BAD_FRAME', message: message || `the lock sent something the session rejected (${code})`, field });
}

// Using a connection that already ended: the caller's mistake (or a lost race with a drop), not
// a link that dropped under a running command.
function closedConnectionError(action, reason) {
  return bleError('INVALID_STATE', `${action}: this lock connection is closed (${reason || 'closed'}); connect again`, { reason: reason || 'closed' });
}

function wipeRequest(owed) {
  if (owed.request && owed.request.value) owed.request.value.fill(0);
}

export class LockConnection {
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
    this._reached = new Set(); // handshake steps whose event came, even before their wait began
    this._handshakeAborted = null; // () => error, once the caller's signal fired during connectLock
    this._command = null;
    this._commandTail = Promise.resolve();
    this._answersInFlight = new Set(); // settle once the session's answers to a packet are written (or failed)
    this._history = new ReportHistory();
    this._facts = readFacts(dl);
    this._orphans = []; // commands that ended owing a reply that repeats their request
    this._tainted = null; // a command that ended owing a reply that repeats nothing
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
      const settled = answered.then(
        () => {},
        () => {},
      );
      this._answersInFlight.add(settled);
      settled.then(() => this._answersInFlight.delete(settled));
    }
    for (const event of result.events || []) this._onEvent(event, answered);
    // Past the device info: the lock could read our request, so it has our local key.
    const state = this._session.state;
    if (state === 'pairing' || state === 'ready') this._completeStep('deviceInfo');
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
        answered.then(
          () => {
            this._timeSynced = true;
            this._completeStep('time');
          },
          () => {},
        );
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
    const problem = coreError(event.code, event.message, event.field);
    if (this._session.state === 'closed') {
      this._failWaiting(() => coreError(event.code, event.message, event.field));
      this.close();
      return;
    }
    if (this._step) this._step.done.reject(problem);
    else if (this._command) this._command.problem = { code: event.code, message: event.message };
  }

  _onReport(event) {
    const report = this._history.add(event);
    for (const dp of report.dps) this._routeReply(dp);
    this._history.routeRecord(report, this._facts.recordDps);
    this._history.deliver(report);
  }

  // Whose reply a reply DP is: a late one to an earlier command (oldest first: the lock answers in
  // order), the running command's, or nobody's. Replies that repeat the request are checked by the
  // core; on a clean link nothing else can answer in the running command's reply DP.
  _routeReply(dp) {
    const orphanIndex = this._orphans.findIndex((orphan) => orphan.replyDp === dp.id && this._answers(orphan.request, dp) === true);
    if (orphanIndex >= 0) {
      const [orphan] = this._orphans.splice(orphanIndex, 1);
      wipeRequest(orphan);
      this._history.noteStale(dp, orphan.sn);
      this._settlePlaceholder(orphan, dp);
      return;
    }
    if (this._tainted && this._tainted.replyDp === dp.id && !this._command) {
      // The reply the link still owed: now nothing else is outstanding, and the link is clean again.
      this._history.noteStale(dp, this._tainted.sn);
      this._settlePlaceholder(this._tainted, dp);
      this._tainted = null;
      return;
    }
    const command = this._command;
    if (command && command.replyDp === dp.id && !command.replied) {
      if (command.request && this._answers(command.request, dp) === false) {
        this._history.noteStale(dp, null); // repeats another request than this command's
        return;
      }
      const { interim } = command;
      if (interim && dp.value && interim.values.includes(dp.value[interim.offset])) {
        command.interimReplies += 1; // still working (an enrolment stage): the command's, not its end
        return;
      }
      command.replied = true;
      // The record of an opening may come right behind the reply: its wait starts now.
      if (command.records.length) {
        const parsed = this._parseReply(dp);
        if (parsed && parsed.ok && parsed.open !== false) command.record = this._history.expectRecord(command.records, command.recordTimeoutMs);
      }
      command.reply.resolve(dp);
      return;
    }
    if (this._facts.replyDps.has(dp.id)) this._history.noteStale(dp, null); // a reply nobody waits for
  }

  _answers(request, reply) {
    if (!request) return null;
    return this.dl.ble.lockDp.replyAnswers(request, reply);
  }

  // A reply to a command that ended without it: if the lock opened, its record is still to come
  // and must not be taken by a later command; if it refused, no record comes.
  _settlePlaceholder(orphan, dp) {
    if (!orphan.placeholder) return;
    const reply = this._parseReply(dp);
    if (reply && reply.ok && reply.open !== false) return;
    this._history.dropRecordWait(orphan.placeholder);
  }

  _parseReply(dp) {
    const lockDp = this.dl.ble.lockDp;
    if (!lockDp || typeof lockDp.parseReply !== 'function') return null;
    try {
      return lockDp.parseReply(dp);
    } catch {
      return null; // a DP without a reply layout in the core
    }
  }

  _completeStep(name) {
    this._reached.add(name);
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
    this._history.end(() => this._endError());
    for (const orphan of this._orphans.splice(0)) wipeRequest(orphan);
    this._freeSession();
  }

  _endError() {
    return disconnectedError('lock connection', this._endReason || 'closed');
  }

  // ---- outgoing ------------------------------------------------------------------------------

  async _writePackets(packets, onPacketWritten, onFirstStart) {
    // Every packet is handed to the link at once (it queues them in order and keeps other writers
    // from interleaving); each is still awaited before progress is reported.
    const writes = packets.map((packet, index) =>
      index === 0 && onFirstStart ? this.adapter.write(packet, { onStart: onFirstStart }) : this.adapter.write(packet),
    );
    writes.forEach((write) => write.catch(() => {}));
    for (let index = 0; index < writes.length; index++) {
      await writes[index];
      if (onPacketWritten) onPacketWritten(index + 1, writes.length);
    }
  }

  async _runStep(name, packets, timeoutMs = this._settings.stepTimeoutMs, makeTimeoutError = null) {
    this._step = { name, done: deferred() };
    if (this._handshakeAborted) this._step.done.reject(this._handshakeAborted());
    else if (this._reached.has(name)) this._step.done.resolve();
    try {
      const written = packets ? this._writePackets(packets) : Promise.resolve();
      await withTimeout(
        Promise.all([written, this._step.done.promise]),
        timeoutMs,
        makeTimeoutError || (() => timeoutError(`the ${name} step of the lock handshake`, timeoutMs, { step: name })),
      );
    } finally {
      this._step = null;
    }
  }

  _handshakeDone() {
    this._state = 'ready';
  }

  _ensureOpen() {
    if (this._state === 'closed') throw this._endError();
  }

  // A call made on a connection that had already ended when it was made: a rejected promise, or null.
  _refuseIfClosed(action) {
    return this._state === 'closed' ? Promise.reject(closedConnectionError(action, this._endReason)) : null;
  }

  // Runs commands one after the other, whatever the callers do. A command whose turn comes while
  // an earlier reply is owed is refused before anything is built or sent.
  // A command aborted while it waits its turn is refused at once, and nothing of it is ever sent.
  _enqueue(task, callerSignal) {
    let signal;
    try {
      signal = checkSignal(callerSignal);
    } catch (error) {
      return Promise.reject(error);
    }
    let started = false;
    const run = this._commandTail.then(() => {
      this._ensureOpen();
      throwIfAborted(signal, 'the command (aborted before its turn came; nothing was sent)');
      started = true;
      if (this._tainted) {
        const { sn, replyDp } = this._tainted;
        throw reconnectRequiredError(
          `the lock has not yet answered the command with SN ${sn} (reply DP ${replyDp}), and its ` + "reply could be taken for the next command's",
          { pendingSn: sn, pendingDp: replyDp },
        );
      }
      return task();
    });
    this._commandTail = run.catch(() => {});
    if (!signal) return run;
    return new Promise((resolve, reject) => {
      const stop = onAbort(signal, () => {
        if (!started) reject(abortedError('the command (aborted before its turn came; nothing was sent)', signal));
      });
      run.then(resolve, reject).finally(stop);
    });
  }

  // DPs as dl.ble.encodeDps takes them. Resolves once the lock answered in the command's reply DP
  // ({ sn, ack, reply, record? }), or, for a DP the lock answers with its ack only, once the ack
  // came ({ sn, ack, ackOnly: true }). `record` (a promise of the opening's record or null) is
  // there when the reply says the lock opened.
  writeDps(dps, options = {}) {
    const refused = this._refuseIfClosed('writeDps');
    if (refused) return refused;
    const ids = Array.isArray(dps) ? dps.map((dp) => dp && dp.id) : [];
    const facts = commandFacts(this._facts, ids, options);
    const request = facts.echoes && dps.length === 1 ? dps[0] : null;
    return this._enqueue(() => this._sendFrame(() => this._session.writeDps(dps), { ...options, ...facts, request }), options.signal);
  }

  // A raw DP the cloud built ({ dp_id | dpId, ins, wake_up_ins? }, see flows.writeCloudDp). The
  // bytes are chosen by the core, so its reply is matched as one that repeats nothing.
  writeRawDp(config, options = {}) {
    const refused = this._refuseIfClosed('writeRawDp');
    if (refused) return refused;
    const id = config && typeof config === 'object' ? (config.dp_id ?? config.dpId) : undefined;
    const facts = commandFacts(this._facts, [id], options);
    return this._enqueue(() => this._sendFrame(() => this._session.writeRawDp(config), { ...options, ...facts, echoes: false }), options.signal);
  }

  // An air frame the cloud built (doorLock.bleOpenInstruction / unlockInstruction: the hex, or
  // the result { instruction, next_sn }). The cloud built it for SN = nextSn at the time it was
  // asked; `sn` is needed only when the session cannot read the frame's own. It changes the lock;
  // its reply (options.replyDp) is matched as one that repeats nothing.
  relayAirFrame(instruction, { sn, ...options } = {}) {
    const refused = this._refuseIfClosed('relayAirFrame');
    if (refused) return refused;
    const facts = commandFacts(this._facts, options.replyDp === undefined ? [] : [options.replyDp], { ...options, changesLock: true });
    return this._enqueue(
      () => this._sendFrame(() => this._session.relayAirFrame(instruction, sn === undefined ? undefined : { sn }), { ...options, ...facts, echoes: false }),
      options.signal,
    );
  }

  // The SN the next frame will carry: what doorLock.bleOpenInstruction wants as bluetooth_sn.
  get nextSn() {
    return this._session.nextSn;
  }

  // Replies that came for no running command (late, or repeating another request): { count, last }.
  get staleReplies() {
    return this._history.staleReplies;
  }

  // True while an earlier command's reply is owed and the next command would be refused.
  get needsReconnect() {
    return this._tainted !== null;
  }

  async _sendFrame(makeFrame, options) {
    const {
      timeoutMs = this._settings.commandTimeoutMs,
      recordTimeoutMs = this._settings.recordTimeoutMs,
      onProgress,
      replyDp,
      changesLock,
      echoes,
      request,
      records,
      interim,
      signal,
    } = options;
    if (onProgress !== undefined && typeof onProgress !== 'function') throw invalidArgument('onProgress', 'expected a function');
    const { sn, packets } = makeFrame(); // bad input throws here, before anything is sent
    const command = {
      sn,
      replyDp,
      request: echoes ? request : null,
      ack: deferred(),
      reply: replyDp === undefined ? null : deferred(),
      replied: false,
      interim: interim || null,
      interimReplies: 0,
      records: records || [],
      recordTimeoutMs,
      record: null,
      fail: deferred(),
      sent: 0,
      problem: null,
      // From the moment the first packet's platform write begins, the frame may be on the air.
      // An adapter that cannot say when that is counts from the hand-over.
      mayHaveLeft: false,
    };
    const reportsStart = this.adapter.reportsWriteStart === true;
    this._command = command;
    // An abort ends the wait like a timeout: once the first packet may have left, the outcome is
    // unknown and nothing is sent again; the reply, if it comes, is still recognised as this one's.
    const stopWatching = onAbort(signal, () => command.fail.reject(abortedError(`the command with SN ${sn}`, signal)));
    const work = (async () => {
      if (!reportsStart) command.mayHaveLeft = true;
      const written = this._writePackets(
        packets,
        (count, total) => {
          command.sent = count;
          if (onProgress) {
            try {
              onProgress({ sent: count, total });
            } catch {
              /* a progress display's failure does not stop the command */
            }
          }
        },
        () => {
          command.mayHaveLeft = true;
        },
      );
      if (command.reply) {
        // The reply is the lock's acceptance; the ack may even be lost on the way.
        written.catch(() => {});
        const reply = await Promise.race([command.reply.promise, written.then(() => new Promise(() => {}))]);
        const ack = await Promise.race([command.ack.promise, Promise.resolve(null)]);
        return { sn, ack, reply };
      }
      await written;
      const ack = await command.ack.promise;
      return { sn, ack, ackOnly: true };
    })();
    try {
      const result = await withTimeout(Promise.race([work, command.fail.promise]), timeoutMs, () => timeoutError(`the command with SN ${sn}`, timeoutMs));
      if (command.record) result.record = command.record.done.promise;
      return result;
    } catch (error) {
      error.sn = sn;
      error.packetsSent = command.sent;
      if (command.problem && error.code === 'TIMEOUT') error.problem = command.problem;
      const known = KNOWN_OUTCOME_CODES.includes(error.code);
      // Once the first packet may have left, only the lock knows whether it acted. Say so, and
      // never send it again.
      if (changesLock && command.mayHaveLeft && !known) error.outcomeUnknown = true;
      if (command.reply && !command.replied && command.mayHaveLeft && !known && this._state !== 'closed') {
        this._owe(command, records, recordTimeoutMs);
      }
      throw error;
    } finally {
      stopWatching();
      if (this._command === command) this._command = null;
    }
  }

  // The command ended while its reply may still come.
  _owe(command, records, recordTimeoutMs) {
    // A copy of the request (a DP 70/71 request holds the check code), wiped once its reply came
    // or the link ended: the caller's own may be wiped as soon as this command is over.
    const request = command.request && { id: command.request.id, type: command.request.type, value: Uint8Array.from(command.request.value) };
    const owed = { sn: command.sn, replyDp: command.replyDp, request, placeholder: null };
    if (records && records.length) owed.placeholder = this._history.expectRecord(records, recordTimeoutMs, true);
    if (request && this._orphans.length < MAX_ORPHANS) {
      this._orphans.push(owed);
    } else {
      if (request) wipeRequest(owed);
      this._tainted = { ...owed, request: null };
    }
  }

  // ---- reports -------------------------------------------------------------------------------

  // Every DP report the lock sends: { seq, dps: [{ id, type, value }], time?, timeMs? }.
  onReport(callback) {
    return this._history.listen(callback);
  }

  // The sequence number of the last report so far; pass it as `after` to wait for a later one.
  get reportCursor() {
    return this._history.cursor;
  }

  // The first report after `after` (already received, or still to come) for which match(report) is true.
  waitForReport(match, { after = this._history.cursor, timeoutMs = this._settings.commandTimeoutMs, signal } = {}) {
    try {
      checkSignal(signal);
      throwIfAborted(signal, 'waiting for a lock report');
    } catch (error) {
      return Promise.reject(error);
    }
    return this._history.waitFor(match, { after, timeoutMs, signal }, () =>
      this._state === 'closed' ? closedConnectionError('waitForReport', this._endReason) : null,
    );
  }

  // ---- flows (flows.mjs) ---------------------------------------------------------------------

  createTemporaryPassword(params) {
    return flows.createTemporaryPassword(this, params);
  }
  deleteTemporaryPassword(params) {
    return flows.deleteTemporaryPassword(this, params);
  }
  modifyTemporaryPassword(params) {
    return flows.modifyTemporaryPassword(this, params);
  }
  unlock(params) {
    return flows.unlock(this, params);
  }
  pushT0(params) {
    return flows.pushT0(this, params);
  }
  syncUnlockMethods(params) {
    return flows.syncUnlockMethods(this, params);
  }
  writeCloudDp(instruction, options) {
    return flows.writeCloudDp(this, instruction, options);
  }
  relayUnlockInstruction(params) {
    return flows.relayUnlockInstruction(this, params);
  }

  // ---- end -----------------------------------------------------------------------------------

  _freeSession() {
    const session = this._session;
    if (session && typeof session.close === 'function') {
      try {
        session.close();
      } catch {
        /* already freed */
      }
    }
  }

  // Releases the Bluetooth connection (the lock stays bound: nothing is unbound here). Anything
  // still waiting fails with BLE_DISCONNECTED. A command can resolve before the session's answer
  // to the lock's last report is written (an unlock's record comes with its acknowledgement
  // queued): such answers go out first, for at most ANSWER_FLUSH_MS. Not behind a running command,
  // whose remaining packets are queued ahead of them and must not be sent once it failed.
  async close() {
    for (const unsubscribe of this._unsubscribe) unsubscribe();
    const answers = this._command ? [] : [...this._answersInFlight];
    this._onLinkEnded('closed');
    if (answers.length) {
      await withTimeout(Promise.all(answers), ANSWER_FLUSH_MS, () => null).catch(() => {});
    }
    await this.adapter.close();
  }
}
