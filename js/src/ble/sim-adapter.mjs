// BLE adapter over the lock simulator (tools/lock-simulator), for tests and the demo: the same
// interface and the same Link as the wx and Web Bluetooth adapters, with latency and faults that a
// test can inject (a dropped link, lost notifications, a write that never completes). Reports the
// simulator sends later (nextDue/takeDue: the unlock record about 200 ms after its reply) are
// delivered by a timer when they fall due.
//
// With options.linkModel ('ios', 'android' or settings, see link-model.mjs) the packets keep a
// real link's timing on a modelled clock instead: connection events, writes with or without
// response (options.writeType: 'write' by default, 'writeNoResponse'), notification latency.
// adapter.model then tells the packets written, the round trips and the modelled time, and
// adapter.model.now is the clock to give the simulator (options.mtuExchange: an MTU exchange first).
import { bleError } from './errors.mjs';
import { Link } from './link.mjs';
import { LinkModel } from './link-model.mjs';
import { checkSignal, delay, throwIfAborted } from './timing.mjs';

export async function openSimulatorAdapter(sim, options = {}) {
  if (!sim || typeof sim.receive !== 'function') {
    throw bleError('BLE_UNAVAILABLE', 'openSimulatorAdapter needs a lock simulator object with receive(packet)');
  }
  const signal = checkSignal(options.signal);
  throwIfAborted(signal, 'opening the simulated lock');
  const latencyMs = options.latencyMs || 0;
  const faults = { dropNotifications: 0, stallWrites: false, failWrites: null };
  const written = [];
  let link = null;
  const model = options.linkModel ? new LinkModel(options.linkModel) : null;
  const withResponse = options.writeType !== 'writeNoResponse';
  if (model && options.mtuExchange) model.now += model.mtuExchangeMs;

  const deliverOne = (packet) => {
    if (!link || !link.connected) return false;
    if (faults.dropNotifications > 0) {
      faults.dropNotifications -= 1;
      return true;
    }
    if (model) model.noteDelivered();
    link.deliver(new Uint8Array(packet));
    return true;
  };

  // Notifications reach the app asynchronously, after the write that caused them completed.
  const deliverLater = (packets, from) => {
    if (model) {
      const sentAt = from === undefined ? model.now : from;
      for (const packet of packets) model.at(model.notification(sentAt), () => deliverOne(packet));
      return;
    }
    setTimeout(() => {
      for (const packet of packets) if (!deliverOne(packet)) return;
    }, latencyMs);
  };
  const later = (ms, run) => (model ? model.at(model.now + ms, run) : setTimeout(run, ms));

  // One timer at a time for the simulator's delayed reports; it re-arms while reports wait.
  let dueTimer = null;
  const armDue = () => {
    if (dueTimer || typeof sim.nextDue !== 'function') return;
    const due = sim.nextDue();
    if (!due) return;
    dueTimer = later(due.inMs, () => {
      dueTimer = null;
      if (!link || !link.connected) return;
      let packets;
      try {
        packets = sim.takeDue(due.atMs) || [];
      } catch {
        return; // the simulator was closed under a live link: nothing more comes from it
      }
      deliverLater(packets);
      armDue();
    });
  };

  const lockHungUp = () => typeof sim.state === 'function' && sim.state() && sim.state().connected === false;

  const send = async (bytes) => {
    if (faults.stallWrites) return new Promise(() => {}); // like an iOS write with no callback
    if (faults.failWrites) throw bleError('BLE_ERROR', 'simulated write failure', { bleCode: faults.failWrites });
    const copy = new Uint8Array(bytes);
    written.push(copy);
    if (model) {
      const { arrivesAt, completesAt } = model.write(withResponse);
      model.at(arrivesAt, () => lockReceives(copy, arrivesAt));
      return model.wait(completesAt);
    }
    if (latencyMs) await delay(latencyMs);
    lockReceives(copy);
    return undefined;
  };

  const lockReceives = (bytes, at) => {
    const notifications = sim.receive(bytes) || [];
    deliverLater(notifications, at);
    armDue();
    // The lock ends the connection itself on some errors (a replayed SN, a failed pairing).
    if (lockHungUp()) later(latencyMs, () => link && link.end('remote'));
  };

  const release = async (reason) => {
    if (model) model.cancel(dueTimer);
    else if (dueTimer) clearTimeout(dueTimer);
    dueTimer = null;
    if (reason !== 'remote' && typeof sim.disconnect === 'function') await sim.disconnect();
  };

  if (typeof sim.connect === 'function') await sim.connect();
  if (signal && signal.aborted) {
    if (typeof sim.disconnect === 'function') await sim.disconnect();
    throwIfAborted(signal, 'opening the simulated lock');
  }
  link = new Link({
    mtu: options.mtu || 20,
    send,
    release,
    writeTimeoutMs: options.writeTimeoutMs,
    closeTimeoutMs: options.closeTimeoutMs,
    info: { kind: 'simulator', ...(model ? { writeType: withResponse ? 'write' : 'writeNoResponse' } : {}) },
  });

  return link.toAdapter({
    // Test controls; none of these exists on the real adapters.
    written,
    faults,
    // With a link model: { now (ms), packetsWritten, notifications, roundTrips }.
    model: model && {
      get now() {
        return model.now;
      },
      get packetsWritten() {
        return model.stats.packetsWritten;
      },
      get notifications() {
        return model.stats.notifications;
      },
      get roundTrips() {
        return model.stats.roundTrips;
      },
    },
    // Notifications the simulator produced outside a write (a keypad press, an alarm).
    push(packets) {
      deliverLater(packets);
    },
    // The lock goes away (out of range, battery): the app sees a remote disconnect.
    dropLink() {
      if (typeof sim.disconnect === 'function') sim.disconnect();
      link.end('remote');
    },
  });
}
