// A model of a BLE connection's timing, for the simulator adapter: what a real link adds between the
// app and the lock, on a modelled clock (no real waiting). Packets travel only at connection events,
// one every connectionIntervalMs, at most packetsPerEvent packets per event (both directions
// together). A write with response completes one event after its packet went (the ATT response
// comes in the next event); a write without response completes when the stack took the packet.
// A notification sent by the lock reaches the app notificationLatencyMs after its event.
//
// The model runs its events in time order, one per macrotask, so that whatever the app does in
// answer to one event (its promise chains) is done, at that event's time, before the next one.
const nextTurn = typeof setImmediate === 'function' ? setImmediate : (run) => setTimeout(run, 0);

export const LINK_PRESETS = Object.freeze({
  // iOS picks the interval (30 ms is its usual one for an app in the foreground) and the MTU itself.
  ios: Object.freeze({ connectionIntervalMs: 30, packetsPerEvent: 4, notificationLatencyMs: 3, mtuExchangeMs: 0 }),
  // Android's "balanced" connection priority; an MTU above 23 costs an exchange (wx.setBLEMTU) first.
  android: Object.freeze({ connectionIntervalMs: 45, packetsPerEvent: 4, notificationLatencyMs: 5, mtuExchangeMs: 90 }),
});

export class LinkModel {
  constructor(settings) {
    const preset = typeof settings === 'string' ? LINK_PRESETS[settings] : settings;
    if (!preset || !(preset.connectionIntervalMs > 0) || !(preset.packetsPerEvent >= 1)) {
      throw new TypeError('linkModel: expected "ios", "android" or { connectionIntervalMs, packetsPerEvent, notificationLatencyMs }');
    }
    this.interval = preset.connectionIntervalMs;
    this.perEvent = preset.packetsPerEvent;
    this.latency = preset.notificationLatencyMs || 0;
    this.mtuExchangeMs = preset.mtuExchangeMs || 0;
    this.now = 0;
    this.stats = { packetsWritten: 0, notifications: 0, roundTrips: 0 };
    this._used = new Map(); // connection event time -> packets already in it
    this._queue = [];
    this._order = 0;
    this._pumping = false;
    this._wroteSinceNotification = false;
  }

  // The first connection event at or after `time` with room for one more packet, which it takes.
  _slot(time) {
    let event = Math.max(0, Math.ceil(time / this.interval - 1e-9) * this.interval);
    while ((this._used.get(event) || 0) >= this.perEvent) event += this.interval;
    this._used.set(event, (this._used.get(event) || 0) + 1);
    return event;
  }

  // One app -> lock packet starting now: { arrivesAt, completesAt }.
  write(withResponse) {
    this.stats.packetsWritten += 1;
    this._wroteSinceNotification = true;
    const event = this._slot(this.now);
    return { arrivesAt: event, completesAt: withResponse ? event + this.interval : Math.max(this.now, event - this.interval) };
  }

  // One lock -> app packet sent from `time`: when the app has it.
  notification(time) {
    this.stats.notifications += 1;
    return this._slot(time) + this.latency;
  }

  // Counted when the app receives something after having written: one exchange it waited for.
  noteDelivered() {
    if (this._wroteSinceNotification) this.stats.roundTrips += 1;
    this._wroteSinceNotification = false;
  }

  // Runs `run` at `time` on the modelled clock; returns a handle for cancel().
  at(time, run) {
    const entry = { time: Math.max(time, this.now), order: this._order++, run, cancelled: false };
    this._queue.push(entry);
    this._queue.sort((a, b) => a.time - b.time || a.order - b.order);
    if (!this._pumping) {
      this._pumping = true;
      nextTurn(() => this._step());
    }
    return entry;
  }

  cancel(entry) {
    if (entry) entry.cancelled = true;
  }

  wait(time) {
    return new Promise((resolve) => this.at(time, resolve));
  }

  _step() {
    const next = this._queue.shift();
    if (!next) {
      this._pumping = false;
      return;
    }
    if (next.cancelled) {
      this._step();
      return;
    }
    this.now = next.time;
    try {
      next.run();
    } catch {
      /* an event's failure is its own */
    }
    nextTurn(() => this._step());
  }
}
