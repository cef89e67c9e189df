// The Web Bluetooth adapter against a fake navigator.bluetooth.
import test from 'node:test';
import assert from 'node:assert/strict';
import { pkg, rejection, sleep } from './support/ble.mjs';
import { createFakeBluetooth } from './support/fake-web-bluetooth.mjs';

const { openWebBluetoothAdapter } = pkg;
const hex = (array) => Buffer.from(array).toString('hex');

test('asks the chooser for Tuya locks and both services, then writes and notifies on 0x1910', async () => {
  const fake = createFakeBluetooth({ peripheral: (packet) => [Uint8Array.of(0xaa, ...packet)] });
  const adapter = await openWebBluetoothAdapter({ bluetooth: fake.bluetooth });
  const request = fake.requests[0];
  assert.deepEqual(
    request.filters.map((filter) => filter.services[0]),
    ['0000a201-0000-1000-8000-00805f9b34fb', '0000fd50-0000-1000-8000-00805f9b34fb', '00001910-0000-1000-8000-00805f9b34fb'],
  );
  assert.deepEqual(request.optionalServices, ['00001910-0000-1000-8000-00805f9b34fb', '0000fd50-0000-1000-8000-00805f9b34fb']);
  assert.equal(adapter.service, 'legacy');
  assert.equal(fake.notifying, true);
  const received = [];
  adapter.onNotify((packet) => received.push(hex(packet)));
  await Promise.all([1, 2, 3, 4, 5].map((value) => adapter.write(Uint8Array.of(value))));
  await sleep(10);
  assert.equal(fake.overlaps, 0);
  assert.deepEqual(fake.writes.map(hex), ['01', '02', '03', '04', '05']);
  assert.deepEqual(received, ['aa01', 'aa02', 'aa03', 'aa04', 'aa05']);
  await adapter.close();
  assert.equal(fake.device.gatt.connected, false);
  assert.equal(fake.notifying, false, 'notifications stopped');
  assert.equal(fake.listenerCount(), 0);
});

test('uses the 0xFD50 service when 0x1910 is absent, and a name filter when given', async () => {
  const fake = createFakeBluetooth({
    serviceUuid: 0xfd50,
    writeUuid: '00000001-0000-1001-8001-00805f9b07d0',
    notifyUuid: '00000002-0000-1001-8001-00805f9b07d0',
  });
  const adapter = await openWebBluetoothAdapter({ bluetooth: fake.bluetooth, namePrefix: 'TY' });
  assert.deepEqual(fake.requests[0].filters, [{ namePrefix: 'TY' }]);
  assert.equal(adapter.service, 'fd50');
  await adapter.write(Uint8Array.of(9));
  assert.deepEqual(fake.writes.map(hex), ['09']);
  await adapter.close();
});

test('gattserverdisconnected mid-write ends the write and the queue at once', async () => {
  const fake = createFakeBluetooth({ writeBehaviour: (bytes) => (bytes[0] === 2 ? 'never' : undefined) });
  const adapter = await openWebBluetoothAdapter({ bluetooth: fake.bluetooth, writeTimeoutMs: 5000 });
  const reasons = [];
  adapter.onDisconnect(({ reason }) => reasons.push(reason));
  await adapter.write(Uint8Array.of(1));
  const inFlight = adapter.write(Uint8Array.of(2));
  const queued = adapter.write(Uint8Array.of(3));
  await sleep(5);
  const started = Date.now();
  fake.dropConnection();
  assert.equal((await rejection(inFlight)).code, 'BLE_DISCONNECTED');
  assert.equal((await rejection(queued)).code, 'BLE_DISCONNECTED');
  assert.ok(Date.now() - started < 50);
  assert.deepEqual(reasons, ['remote']);
  await sleep(5);
  assert.equal(fake.listenerCount(), 0);
});

test('a write that never completes times out and disconnects the GATT server', async () => {
  const fake = createFakeBluetooth({ writeBehaviour: () => 'never' });
  const adapter = await openWebBluetoothAdapter({ bluetooth: fake.bluetooth, writeTimeoutMs: 60 });
  const error = await rejection(adapter.write(Uint8Array.of(1)));
  assert.equal(error.code, 'TIMEOUT');
  await sleep(5);
  assert.equal(fake.device.gatt.connected, false);
  assert.equal(fake.listenerCount(), 0);
});

test('a browser without Web Bluetooth, and a cancelled chooser', async () => {
  assert.equal((await rejection(openWebBluetoothAdapter({ bluetooth: undefined }))).code, 'BLE_UNAVAILABLE');
  const cancelled = {
    async requestDevice() {
      throw Object.assign(new Error('User cancelled the requestDevice() chooser.'), { name: 'NotFoundError' });
    },
  };
  const error = await rejection(openWebBluetoothAdapter({ bluetooth: cancelled }));
  assert.equal(error.code, 'BLE_ERROR');
  assert.equal(error.bleCode, 'NotFoundError');
});

test('a connect that does not finish in time is aborted, so it cannot hold the lock later', async () => {
  const fake = createFakeBluetooth();
  fake.connectHangs = true;
  const error = await rejection(openWebBluetoothAdapter({ bluetooth: fake.bluetooth, connectTimeoutMs: 40 }));
  assert.equal(error.code, 'TIMEOUT');
  assert.equal(fake.disconnectCalls, 1, 'gatt.disconnect() aborted the pending connect');
  assert.equal(fake.abortConnect, null);
  assert.equal(fake.listenerCount(), 0);
});
