// BLE adapter over the lock simulator (tools/lock-simulator), for tests and the demo: the same
// interface and the same Link as the wx and Web Bluetooth adapters, with latency and faults that a
// test can inject (a dropped link, lost notifications, a write that never completes). Reports the
// simulator sends later (nextDue/takeDue: the unlock record about 200 ms after its reply) are
// delivered by a timer when they fall due.
import { bleError } from './errors.mjs';
import { Link } from './link.mjs';
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

  // Notifications reach the app asynchronously, after the write that caused them completed.
  const deliverLater = (packets) => {
    setTimeout(() => {
      for (const packet of packets) {
        if (!link || !link.connected) return;
        if (faults.dropNotifications > 0) {
          faults.dropNotifications -= 1;
          continue;
        }
        link.deliver(new Uint8Array(packet));
      }
    }, latencyMs);
  };

  // One timer at a time for the simulator's delayed reports; it re-arms while reports wait.
  let dueTimer = null;
  const armDue = () => {
    if (dueTimer || typeof sim.nextDue !== 'function') return;
    const due = sim.nextDue();
    if (!due) return;
    dueTimer = setTimeout(() => {
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
    }, due.inMs);
  };

  const lockHungUp = () => typeof sim.state === 'function' && sim.state() && sim.state().connected === false;

  const send = async (bytes) => {
    if (faults.stallWrites) return new Promise(() => {}); // like an iOS write with no callback
    if (faults.failWrites) throw bleError('BLE_ERROR', 'simulated write failure', { bleCode: faults.failWrites });
    if (latencyMs) await delay(latencyMs);
    written.push(new Uint8Array(bytes));
    const notifications = sim.receive(new Uint8Array(bytes)) || [];
    deliverLater(notifications);
    armDue();
    // The lock ends the connection itself on some errors (a replayed SN, a failed pairing).
    if (lockHungUp()) setTimeout(() => link && link.end('remote'), latencyMs);
  };

  const release = async (reason) => {
    if (dueTimer) clearTimeout(dueTimer);
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
    info: { kind: 'simulator' },
  });

  return link.toAdapter({
    // Test controls; none of these exists on the real adapters.
    written,
    faults,
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
