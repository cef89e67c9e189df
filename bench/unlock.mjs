// Time to unlock over Bluetooth, on a modelled link (js/src/ble/link-model.mjs): the package's own
// connectLock + unlock against the lock simulator, from the first packet on a connected link
// (services found, notifications on) to the unlock result (the lock's reply and its record).
// Prints packets written, notifications, the round trips the app waited for, and the modelled
// time, for iOS and Android settings, MTU 20 and 244, protocol 3 and 4, writes with and without
// response. A benchmark: nothing here passes or fails, except a run that does not unlock.
//   node bench/unlock.mjs
import { join } from 'node:path';
import { loadPackage, printTable, root } from './support.mjs';

const pkg = loadPackage();
const { loadLockSimulator } = await import(join(root, 'tools', 'lock-simulator', 'js', 'index.mjs'));
const moduleDir = process.env.DOORLOCK_SIMULATOR_DIR; // another build's simulator (undefined: this tree's)
const { createLockSimulator } = await loadLockSimulator(moduleDir ? { moduleDir } : {});
const dl = await pkg.loadDoorlock();

const KEYS = { localKey: 'abcdef0123456789', uuid: 'uuid0123456789ab', devId: 'vdevo1234567890123456' };
const CHECK_CODE = '12345678';
const START = Date.UTC(2026, 2, 2, 1, 0, 0);

async function timeUnlock({ preset, protocol, mtu, writeType }) {
  let adapter = null;
  const clock = { now: () => START + (adapter ? adapter.model.now : 0) };
  const sim = createLockSimulator({ ...KEYS, protocol, mtu, checkCode: CHECK_CODE, now: () => clock.now() / 1000 });
  // An MTU above 20 needs an ATT MTU exchange first on Android (iOS makes it by itself).
  adapter = await pkg.openSimulatorAdapter(sim, { mtu, linkModel: preset, writeType, mtuExchange: mtu > 20 });
  try {
    const lock = await pkg.connectLock({ dl, adapter, ...KEYS, protocol, mtu, clock, timeZone: 480 });
    const connectedAt = adapter.model.now;
    const opened = await lock.unlock({ checkCode: CHECK_CODE, memberId: 1 });
    if (!opened.ok || !opened.record || !sim.state().unlocked) throw new Error('bench: the lock did not open');
    const { packetsWritten, notifications, roundTrips, now } = adapter.model;
    await lock.close();
    return { packetsWritten, notifications, roundTrips, connectedAt, total: now };
  } finally {
    sim.close();
  }
}

const rows = [];
for (const preset of ['ios', 'android']) {
  for (const [protocol, mtu] of [
    [3, 20],
    [4, 20],
    [4, 244],
  ]) {
    for (const writeType of ['write', 'writeNoResponse']) {
      const r = await timeUnlock({ preset, protocol, mtu, writeType });
      rows.push([
        preset,
        protocol,
        mtu,
        writeType === 'write' ? 'with response' : 'without response',
        r.packetsWritten,
        r.notifications,
        r.roundTrips,
        r.connectedAt.toFixed(0),
        r.total.toFixed(0),
      ]);
    }
  }
}
console.log('time to unlock on a modelled link: connectLock (device info, pair, time sync) + unlock (DP 71 reply and record)');
printTable(['link', 'protocol', 'MTU', 'writes', 'packets written', 'notifications', 'round trips', 'connected at ms', 'unlocked at ms'], rows);
console.log(
  '(iOS: 30 ms interval; Android: 45 ms interval, and an MTU exchange before MTU 244; 4 packets per connection event;\n' +
    ' the lock sends its record of the opening some 200 ms after its reply, and unlock() waits for it)',
);
