// The simulator adapter's own behaviour (latency, injected faults) against a minimal stand-in for
// the lock simulator; the real simulator is exercised end to end in ble_flows_e2e.test.mjs.
import test from 'node:test';
import assert from 'node:assert/strict';
import { pkg, rejection, sleep } from './support/ble.mjs';

const { openSimulatorAdapter } = pkg;
const hex = (array) => Buffer.from(array).toString('hex');

function echoSim() {
  const sim = {
    connected: false,
    received: [],
    connect() {
      sim.connected = true;
    },
    disconnect() {
      sim.connected = false;
    },
    state() {
      return { connected: sim.connected };
    },
    receive(packet) {
      sim.received.push(hex(packet));
      if (packet[0] === 0xff) {
        sim.connected = false;
        return [];
      } // the lock hangs up
      return [Uint8Array.of(0xbb, ...packet), Uint8Array.of(0xcc)];
    },
  };
  return sim;
}

test('packets reach the simulator in order and its notifications come back after the latency', async () => {
  const sim = echoSim();
  const adapter = await openSimulatorAdapter(sim, { latencyMs: 15 });
  assert.equal(sim.connected, true);
  assert.equal(adapter.mtu, 20);
  const received = [];
  adapter.onNotify((packet) => received.push(hex(packet)));
  const started = Date.now();
  await Promise.all([adapter.write(Uint8Array.of(1)), adapter.write(Uint8Array.of(2))]);
  assert.ok(Date.now() - started >= 25, 'each write took the latency');
  await sleep(30);
  assert.deepEqual(sim.received, ['01', '02']);
  assert.deepEqual(received, ['bb01', 'cc', 'bb02', 'cc']);
  assert.deepEqual(adapter.written.map(hex), ['01', '02']);
  await adapter.close();
  assert.equal(sim.connected, false, 'close disconnects the simulated central');
});

test('injected faults: lost notifications, a stalled write, a dropped link, the lock hanging up', async () => {
  const lossy = await openSimulatorAdapter(echoSim());
  const got = [];
  lossy.onNotify((packet) => got.push(hex(packet)));
  lossy.faults.dropNotifications = 1;
  await lossy.write(Uint8Array.of(7));
  await sleep(5);
  assert.deepEqual(got, ['cc'], 'the first notification was lost');
  await lossy.close();

  const stalled = await openSimulatorAdapter(echoSim(), { writeTimeoutMs: 40 });
  stalled.faults.stallWrites = true;
  assert.equal((await rejection(stalled.write(Uint8Array.of(1)))).code, 'TIMEOUT');
  assert.equal(stalled.connected, false);

  const dropped = await openSimulatorAdapter(echoSim());
  dropped.faults.stallWrites = true;
  const pending = dropped.write(Uint8Array.of(1));
  const reasons = [];
  dropped.onDisconnect(({ reason }) => reasons.push(reason));
  dropped.dropLink();
  assert.equal((await rejection(pending)).code, 'BLE_DISCONNECTED');
  assert.deepEqual(reasons, ['remote']);

  const sim = echoSim();
  const hungUp = await openSimulatorAdapter(sim);
  const ended = new Promise((resolve) => hungUp.onDisconnect(resolve));
  await hungUp.write(Uint8Array.of(0xff));
  assert.deepEqual(await ended, { reason: 'remote' });
  assert.equal((await rejection(hungUp.write(Uint8Array.of(1)))).code, 'BLE_DISCONNECTED');
});

test('packets longer than the link allows and objects that are not simulators are refused', async () => {
  const adapter = await openSimulatorAdapter(echoSim(), { mtu: 20 });
  const error = await rejection(adapter.write(new Uint8Array(21)));
  assert.equal(error.code, 'INVALID_ARGUMENT');
  assert.equal((await rejection(adapter.write('0102'))).code, 'INVALID_ARGUMENT');
  await adapter.close();
  assert.equal((await rejection(openSimulatorAdapter({}))).code, 'BLE_UNAVAILABLE');
});
