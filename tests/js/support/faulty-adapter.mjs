// A flaky radio between the app and the simulator adapter (openSimulatorAdapter): it wraps the
// adapter the connection writes to and the notifications it receives, and applies faults to
// single packets in either direction. Test tooling only.
//
//   const faulty = faultyAdapter(await openSimulatorAdapter(sim), { random });
//   faulty.arm([{ dir: 'toLock', index: 2, fault: 'drop' }, { dir: 'toApp', index: 0, fault: 'delay', ms: 80 }]);
//   ... run a command over `faulty` ...
//   await faulty.settle();   // every packet held for the lock has reached it (or was dropped)
//
// Faults (index counts packets in that direction since arm(), from 0):
//   drop        the packet is lost in the air (a write still completes: the platform sent it)
//   duplicate   the packet arrives twice
//   corrupt     one byte of the packet is flipped
//   delay       the packet arrives `ms` later; later packets are not held (so it is also reordered)
//   hold        (toApp) the packet is kept until the app's next write begins, or `ms` at the latest:
//               a late answer that lands while the next command is on its way
//   reorder     the packet arrives after the next one in its direction (or after `ms` if none comes)
//   replay      the packet arrives, and a packet from earlier traffic arrives again after it
//   disconnect  the link drops just before this packet: it never leaves
//   disconnectAfter  the link drops just after this packet went
// Every fault applied is counted in `applied`.

// `delayToApp(packet)`, when given, returns a delay in ms for a notification (0: none) or 'drop',
// applied to packets no rule touches: a way to model a lock that answers some frames otherwise.
export function faultyAdapter(inner, { random = Math.random, delayToApp = null } = {}) {
  const notifyListeners = new Set();
  const history = { toLock: [], toApp: [] };
  const counters = { toLock: 0, toApp: 0 };
  const applied = [];
  const pendingToLock = new Set(); // promises of packets still on their way to the lock
  const heldToApp = [];
  let rules = [];
  const reorderSlot = { toLock: null, toApp: null };

  const connected = () => inner.connected !== false;

  function ruleFor(dir) {
    const index = counters[dir]++;
    const rule = rules.find((candidate) => candidate.dir === dir && candidate.index === index);
    if (rule) applied.push({ ...rule });
    return rule;
  }

  function corrupted(packet) {
    const copy = new Uint8Array(packet);
    const at = Math.floor(random() * copy.length);
    copy[at] ^= 1 << Math.floor(random() * 8);
    return copy;
  }

  function oldPacket(dir) {
    const past = history[dir];
    return past.length ? past[Math.floor(random() * past.length)] : null;
  }

  // ---- app -> lock -------------------------------------------------------------------------

  function sendToLock(packet, onStart) {
    history.toLock.push(packet);
    if (history.toLock.length > 64) history.toLock.shift();
    return inner.write(packet, onStart ? { onStart } : undefined);
  }

  function later(ms, action) {
    const done = new Promise((resolve) => setTimeout(resolve, ms)).then(action).catch(() => {});
    pendingToLock.add(done);
    done.finally(() => pendingToLock.delete(done));
  }

  function releaseHeld() {
    while (heldToApp.length) {
      const { packet, timer } = heldToApp.shift();
      clearTimeout(timer);
      deliver(packet);
    }
  }

  // Held answers come in once this packet is on its way: after the app handed over the whole
  // frame (its packets are written in one go), so the app's answers to them queue behind it, and
  // before the lock can answer the new frame.
  function write(packet, options) {
    const sent = writeWithFault(packet, options);
    if (heldToApp.length) queueMicrotask(releaseHeld);
    return sent;
  }

  async function writeWithFault(packet, { onStart } = {}) {
    const rule = ruleFor('toLock');
    const previous = reorderSlot.toLock;
    reorderSlot.toLock = null;
    const flushPrevious = () => {
      if (previous) {
        clearTimeout(previous.timer);
        sendToLock(previous.packet).catch(() => {});
      }
    };
    if (!rule) {
      const sent = sendToLock(packet, onStart);
      flushPrevious();
      return sent;
    }
    switch (rule.fault) {
      case 'disconnect':
        inner.dropLink();
        return inner.write(packet, onStart ? { onStart } : undefined); // rejects: the link is gone
      case 'disconnectAfter': {
        const sent = sendToLock(packet, onStart);
        await sent.catch(() => {});
        inner.dropLink();
        return sent;
      }
      case 'drop':
        if (onStart) onStart();
        flushPrevious();
        return undefined;
      case 'duplicate': {
        const sent = sendToLock(packet, onStart);
        sendToLock(packet).catch(() => {});
        flushPrevious();
        return sent;
      }
      case 'corrupt': {
        const sent = sendToLock(corrupted(packet), onStart);
        flushPrevious();
        return sent;
      }
      case 'delay':
        if (onStart) onStart();
        later(rule.ms ?? 30, () => (connected() ? sendToLock(packet) : undefined));
        flushPrevious();
        return undefined;
      case 'reorder': {
        if (onStart) onStart();
        const slot = { packet, timer: null };
        slot.timer = setTimeout(() => {
          if (reorderSlot.toLock === slot) {
            reorderSlot.toLock = null;
            if (connected()) sendToLock(packet).catch(() => {});
          }
        }, rule.ms ?? 20);
        const done = new Promise((resolve) => setTimeout(resolve, (rule.ms ?? 20) + 1));
        pendingToLock.add(done);
        done.finally(() => pendingToLock.delete(done));
        flushPrevious();
        reorderSlot.toLock = slot;
        return undefined;
      }
      case 'replay': {
        const old = oldPacket('toLock');
        const sent = sendToLock(packet, onStart);
        flushPrevious();
        if (old) later(rule.ms ?? 5, () => (connected() ? sendToLock(old) : undefined));
        return sent;
      }
      default: {
        const sent = sendToLock(packet, onStart);
        flushPrevious();
        return sent;
      }
    }
  }

  // ---- lock -> app -------------------------------------------------------------------------

  function deliver(packet) {
    if (!connected()) return;
    for (const listener of [...notifyListeners]) {
      try {
        listener(packet);
      } catch {
        /* as the link does */
      }
    }
  }

  function onInnerNotify(packet) {
    const rule = ruleFor('toApp');
    history.toApp.push(packet);
    if (history.toApp.length > 64) history.toApp.shift();
    const previous = reorderSlot.toApp;
    reorderSlot.toApp = null;
    const flushPrevious = () => {
      if (previous) {
        clearTimeout(previous.timer);
        deliver(previous.packet);
      }
    };
    if (!rule) {
      const ms = delayToApp ? delayToApp(packet) : 0;
      if (ms === 'drop') return;
      if (ms > 0) setTimeout(() => deliver(packet), ms);
      else deliver(packet);
      flushPrevious();
      return;
    }
    switch (rule.fault) {
      case 'disconnect':
        inner.dropLink();
        return;
      case 'disconnectAfter':
        deliver(packet);
        inner.dropLink();
        return;
      case 'drop':
        flushPrevious();
        return;
      case 'duplicate':
        deliver(packet);
        deliver(packet);
        flushPrevious();
        return;
      case 'corrupt':
        deliver(corrupted(packet));
        flushPrevious();
        return;
      case 'delay':
        setTimeout(() => deliver(packet), rule.ms ?? 30);
        flushPrevious();
        return;
      case 'hold': {
        const held = { packet, timer: null };
        held.timer = setTimeout(() => {
          const index = heldToApp.indexOf(held);
          if (index >= 0) {
            heldToApp.splice(index, 1);
            deliver(packet);
          }
        }, rule.ms ?? 1000);
        heldToApp.push(held);
        flushPrevious();
        return;
      }
      case 'reorder': {
        const slot = { packet, timer: null };
        slot.timer = setTimeout(() => {
          if (reorderSlot.toApp === slot) {
            reorderSlot.toApp = null;
            deliver(packet);
          }
        }, rule.ms ?? 20);
        flushPrevious();
        reorderSlot.toApp = slot;
        return;
      }
      case 'replay': {
        deliver(packet);
        flushPrevious();
        const old = oldPacket('toApp');
        if (old) setTimeout(() => deliver(old), rule.ms ?? 5);
        return;
      }
      default:
        deliver(packet);
        flushPrevious();
    }
  }

  const unsubscribe = inner.onNotify(onInnerNotify);

  return {
    get mtu() {
      return inner.mtu;
    },
    get connected() {
      return connected();
    },
    reportsWriteStart: true,
    kind: 'faulty-simulator',
    write,
    onNotify(callback) {
      notifyListeners.add(callback);
      return () => notifyListeners.delete(callback);
    },
    onDisconnect: (callback) => inner.onDisconnect(callback),
    close() {
      unsubscribe();
      for (const held of heldToApp.splice(0)) clearTimeout(held.timer);
      return inner.close();
    },
    // ---- test controls ----
    inner,
    applied,
    // Faults for the traffic from now on (packet counters restart at 0).
    arm(newRules = []) {
      rules = newRules;
      counters.toLock = 0;
      counters.toApp = 0;
    },
    disarm() {
      rules = [];
    },
    // Lets held answers through now (as if the app wrote again).
    releaseHeld,
    // Resolves once every packet held on its way to the lock has arrived (or was dropped).
    async settle() {
      while (pendingToLock.size) await Promise.all([...pendingToLock]);
    },
  };
}
