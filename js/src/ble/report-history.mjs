// What a lock connection remembers of the lock's DP reports: the recent ones (so a caller that
// asks after a report came still finds it), the waits for a later one, the listeners, the count of
// replies nobody was owed, and the waits for the records openings make (DP 19 / 72).
import { abortedError, deferred, onAbort, withTimeout } from './timing.mjs';
import { timeoutError } from './errors.mjs';

const REPORT_HISTORY = 64;

export class ReportHistory {
  constructor() {
    this._reports = [];
    this._seq = 0;
    this._waiters = new Set();
    this._listeners = new Set();
    this._recordWaiters = [];
    this._stale = { count: 0, last: null };
  }

  // The sequence number of the last report so far.
  get cursor() {
    return this._seq;
  }

  // Logs a DP report event as { seq, dps, time?, timeMs? } and returns it.
  add(event) {
    const report = { seq: ++this._seq, dps: event.dps || [] };
    if (event.time !== undefined) report.time = event.time; // Unix seconds, for reports that carry one
    if (event.timeMs !== undefined) report.timeMs = event.timeMs;
    this._reports.push(report);
    if (this._reports.length > REPORT_HISTORY) this._reports.shift();
    return report;
  }

  // Hands a logged report to the waits it matches, then to every listener.
  deliver(report) {
    for (const waiter of [...this._waiters]) {
      if (waiter.matches(report)) waiter.done.resolve(report);
    }
    for (const listener of [...this._listeners]) {
      try {
        listener(report);
      } catch {
        /* a listener's failure is its own */
      }
    }
  }

  listen(callback) {
    this._listeners.add(callback);
    return () => this._listeners.delete(callback);
  }

  // The first report after `after` for which match(report) is true: one already logged, or the
  // next to come. `closedError()` says (an error, or null) whether no report can come any more.
  waitFor(match, { after, timeoutMs, signal }, closedError) {
    const seen = this._reports.find((report) => report.seq > after && match(report));
    if (seen) return Promise.resolve(seen);
    const closed = closedError();
    if (closed) return Promise.reject(closed);
    const waiter = { matches: (report) => report.seq > after && match(report), done: deferred() };
    this._waiters.add(waiter);
    const stop = onAbort(signal, () => waiter.done.reject(abortedError('waiting for a lock report', signal)));
    return withTimeout(waiter.done.promise, timeoutMs, () => timeoutError('waiting for a lock report', timeoutMs)).finally(() => {
      stop();
      this._waiters.delete(waiter);
    });
  }

  // A reply that came for no running command (late, or repeating another request).
  noteStale(dp, sn) {
    this._stale.count += 1;
    this._stale.last = { dp: dp.id, sn };
  }

  get staleReplies() {
    return { count: this._stale.count, last: this._stale.last && { ...this._stale.last } };
  }

  // An opening is logged by the lock after its reply (DP 19 / 72, some 200 ms later): each goes to
  // the oldest command still waiting for one, in the order the lock acted.
  routeRecord(report, recordDps) {
    for (const dp of report.dps) {
      if (!recordDps.has(dp.id)) continue;
      const index = this._recordWaiters.findIndex((waiter) => waiter.dps.includes(dp.id));
      if (index < 0) continue;
      const [waiter] = this._recordWaiters.splice(index, 1);
      clearTimeout(waiter.timer);
      const { seq, ...record } = report;
      waiter.done.resolve(waiter.placeholder ? null : record);
      return;
    }
  }

  // Registers a wait for the record an opening makes; resolves with the record or null. A
  // placeholder holds the place of a command that ended before its reply: the record it takes is
  // nobody's, and a later command must not get it.
  expectRecord(dps, timeoutMs, placeholder = false) {
    const waiter = { dps, placeholder, done: deferred(), timer: null };
    waiter.timer = setTimeout(() => {
      const index = this._recordWaiters.indexOf(waiter);
      if (index >= 0) this._recordWaiters.splice(index, 1);
      waiter.done.resolve(null);
    }, timeoutMs);
    this._recordWaiters.push(waiter);
    return waiter;
  }

  // No record is coming for this wait (the late reply said the lock did not open).
  dropRecordWait(waiter) {
    const index = this._recordWaiters.indexOf(waiter);
    if (index >= 0) {
      this._recordWaiters.splice(index, 1);
      clearTimeout(waiter.timer);
      waiter.done.resolve(null);
    }
  }

  // The link ended: report waits fail with makeError(), record waits end without a record.
  end(makeError) {
    for (const waiter of this._waiters) waiter.done.reject(makeError());
    this._waiters.clear();
    for (const waiter of this._recordWaiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.done.resolve(null);
    }
  }
}
