// The wx adapter against a fake WeChat Bluetooth API: setup sequence, discovery, serialized and
// bounded writes, the 10008 policy, disconnects mid-write, and that close gives everything back.
import test from 'node:test';
import assert from 'node:assert/strict';
import { pkg, rejection, sleep } from './support/ble.mjs';
import { createFakeWx, FD50_CHARACTERISTICS, FD50_SERVICES } from './support/fake-wx.mjs';

const { openWxAdapter } = pkg;
const DEVICE = 'AA:BB';
const bytes = (...values) => new Uint8Array(values);
const hex = (array) => Buffer.from(array).toString('hex');

test('connects by deviceId to service 0x1910: writes go to 0x2B11, notifications come from 0x2B10', async () => {
  const fake = createFakeWx({ peripheral: (packet) => [bytes(0xee, ...packet)] });
  const adapter = await openWxAdapter({ wx: fake.wx, deviceId: DEVICE });
  assert.equal(adapter.mtu, 20);
  assert.equal(adapter.service, 'legacy');
  assert.equal(fake.callsOf('startBluetoothDevicesDiscovery').length, 0, 'no scan when the deviceId is known');
  assert.equal(fake.callsOf('setBLEMTU').length, 0, 'no MTU request unless asked');
  const notifyCall = fake.callsOf('notifyBLECharacteristicValueChange')[0].params;
  assert.equal(notifyCall.characteristicId, '00002B10-0000-1000-8000-00805F9B34FB');
  assert.equal(notifyCall.state, true);

  const received = [];
  adapter.onNotify((packet) => received.push(hex(packet)));
  // Notifications of another device or characteristic are not this link's.
  fake.notify(bytes(1), { deviceId: 'CC:DD' });
  fake.notify(bytes(2), { characteristicId: '00002B11-0000-1000-8000-00805F9B34FB' });
  await adapter.write(bytes(0x00, 0x0e, 0x30));
  await sleep(10);
  const write = fake.callsOf('writeBLECharacteristicValue')[0].params;
  assert.equal(write.characteristicId, '00002B11-0000-1000-8000-00805F9B34FB');
  assert.equal(write.serviceId, '00001910-0000-1000-8000-00805F9B34FB');
  assert.equal(write.writeType, 'write');
  assert.deepEqual(received, ['ee000e30']);

  await adapter.close();
  assert.equal(fake.callsOf('closeBLEConnection').length, 1);
  assert.equal(fake.listenerCount(), 0, 'every wx listener is removed');
  assert.equal(adapter.connected, false);
  assert.equal((await rejection(adapter.write(bytes(1)))).code, 'BLE_DISCONNECTED');
});

test('picks the 0xFD50 service with its 128-bit characteristics', async () => {
  const fake = createFakeWx({ services: FD50_SERVICES, characteristics: FD50_CHARACTERISTICS });
  const adapter = await openWxAdapter({ wx: fake.wx, deviceId: DEVICE });
  assert.equal(adapter.service, 'fd50');
  await adapter.write(bytes(1, 2, 3));
  assert.equal(fake.callsOf('writeBLECharacteristicValue')[0].params.characteristicId, '00000001-0000-1001-8001-00805F9B07D0');
  assert.equal(fake.callsOf('notifyBLECharacteristicValueChange')[0].params.characteristicId, '00000002-0000-1001-8001-00805F9B07D0');
  await adapter.close();
});

test('discovers a lock by its advertising data, then stops scanning before connecting', async () => {
  const fake = createFakeWx({
    advertising: [
      { deviceId: 'HEADSET', name: 'Buds', advertisData: new Uint8Array([0x4c, 0x00, 1]).buffer, advertisServiceUUIDs: [] },
      { deviceId: DEVICE, name: 'TY', advertisData: new Uint8Array([0xd0, 0x07, 0x03, 0x00]).buffer, advertisServiceUUIDs: [] },
    ],
  });
  const adapter = await openWxAdapter({ wx: fake.wx });
  assert.equal(adapter.deviceId, DEVICE);
  const order = fake.calls.map((call) => call.name);
  assert.ok(order.indexOf('stopBluetoothDevicesDiscovery') < order.indexOf('createBLEConnection'));
  assert.equal(fake.listeners.deviceFound.size, 0);
  await adapter.close();
});

test('discovers by service data 0xA201, by name, or by a caller predicate', async () => {
  const advertising = [
    { deviceId: 'X1', name: 'Lamp', advertisServiceUUIDs: [] },
    { deviceId: 'X2', name: 'Front door', serviceData: { '0000A201-0000-1000-8000-00805F9B34FB': new Uint8Array([0, 1]).buffer } },
    { deviceId: 'X3', name: 'Back door', advertisServiceUUIDs: ['0000FD50-0000-1000-8000-00805F9B34FB'] },
  ];
  const pick = async (options) => {
    const fake = createFakeWx({ advertising });
    const adapter = await openWxAdapter({ wx: fake.wx, ...options });
    const id = adapter.deviceId;
    await adapter.close();
    return id;
  };
  assert.equal(await pick({}), 'X2');
  assert.equal(await pick({ name: 'Back door' }), 'X3');
  assert.equal(await pick({ match: (device) => device.name === 'Lamp' }), 'X1');
});

test('a scan that finds nothing times out and cleans up', async () => {
  const fake = createFakeWx({ advertising: [{ deviceId: 'X1', name: 'Lamp' }] });
  const started = Date.now();
  const error = await rejection(openWxAdapter({ wx: fake.wx, scanTimeoutMs: 60 }));
  assert.equal(error.code, 'TIMEOUT');
  assert.ok(Date.now() - started < 500);
  assert.equal(fake.discovering, false, 'discovery stopped');
  assert.equal(fake.callsOf('createBLEConnection').length, 0);
  assert.equal(fake.listenerCount(), 0);
});

test('writes are serialized and each awaited, in call order', async () => {
  const fake = createFakeWx({ writeDelayMs: () => 1 + Math.floor(Math.random() * 4) });
  const adapter = await openWxAdapter({ wx: fake.wx, deviceId: DEVICE });
  const packets = Array.from({ length: 25 }, (_, index) => bytes(index, index + 1));
  const settled = [];
  await Promise.all(packets.map((packet, index) => adapter.write(packet).then(() => settled.push(index))));
  assert.equal(fake.overlaps, 0, 'two writes were in flight at once');
  assert.deepEqual(fake.writes.map(hex), packets.map(hex));
  assert.deepEqual(
    settled,
    packets.map((_, index) => index),
  );
  await adapter.close();
});

test('the fake does catch overlapping writes (so the test above can fail)', async () => {
  const fake = createFakeWx({ writeDelayMs: 3 });
  const params = (value) => ({ deviceId: DEVICE, serviceId: 's', characteristicId: 'c', value: new Uint8Array([value]).buffer, success() {}, fail() {} });
  fake.connected.add(DEVICE);
  fake.wx.writeBLECharacteristicValue(params(1));
  fake.wx.writeBLECharacteristicValue(params(2));
  assert.equal(fake.overlaps, 1);
});

test('a write with no callback (iOS) times out, and the connection is released', async () => {
  const fake = createFakeWx({ platform: 'ios', writeBehaviour: (packet, index) => (index === 1 ? 'never' : undefined) });
  const adapter = await openWxAdapter({ wx: fake.wx, deviceId: DEVICE, writeTimeoutMs: 80 });
  const ended = [];
  adapter.onDisconnect((info) => ended.push(info.reason));
  await adapter.write(bytes(1));
  const started = Date.now();
  const stuck = adapter.write(bytes(2));
  const queued = adapter.write(bytes(3));
  const error = await rejection(stuck);
  assert.equal(error.code, 'TIMEOUT');
  assert.ok(Date.now() - started < 400);
  assert.equal((await rejection(queued)).code, 'BLE_DISCONNECTED');
  assert.deepEqual(ended, ['write-timeout']);
  await sleep(5);
  assert.equal(fake.callsOf('closeBLEConnection').length, 1);
  assert.equal(fake.listenerCount(), 0);
  assert.equal(fake.writeAttempts, 2, 'the queued write never reached the platform');
});

test('10008 on the first packet after notify is retried after a pause; later packets never are', async () => {
  let failFirst = 1;
  const fake = createFakeWx({
    writeBehaviour: (packet, index) => {
      if (index === 0 && failFirst-- > 0) return { errCode: 10008 };
      if (packet[0] === 0x99) return { errCode: 10008 };
      return undefined;
    },
  });
  const adapter = await openWxAdapter({ wx: fake.wx, deviceId: DEVICE, firstWriteRetryDelayMs: 20 });
  const started = Date.now();
  await adapter.write(bytes(1));
  assert.ok(Date.now() - started >= 15, 'waited before retrying');
  assert.equal(fake.writeAttempts, 2);
  assert.deepEqual(fake.writes.map(hex), ['01']);
  const error = await rejection(adapter.write(bytes(0x99)));
  assert.equal(error.code, 'BLE_ERROR');
  assert.equal(error.bleCode, 10008);
  assert.equal(fake.writeAttempts, 3, 'no retry after the first packet went out');
  assert.equal(adapter.connected, true, 'a refused write does not end the link');
  await adapter.close();
});

test('10008 that persists on the first packet gives up after the allowed retries', async () => {
  const fake = createFakeWx({ writeBehaviour: () => ({ errCode: 10008 }) });
  const adapter = await openWxAdapter({ wx: fake.wx, deviceId: DEVICE, firstWriteRetryDelayMs: 5, firstWriteRetries: 2 });
  const error = await rejection(adapter.write(bytes(1)));
  assert.equal(error.bleCode, 10008);
  assert.equal(fake.writeAttempts, 3);
  await adapter.close();
});

test('a disconnect mid-write fails the write and the queue at once with BLE_DISCONNECTED', async () => {
  const fake = createFakeWx({ writeBehaviour: (packet) => (packet[0] === 2 ? 'never' : undefined) });
  const adapter = await openWxAdapter({ wx: fake.wx, deviceId: DEVICE, writeTimeoutMs: 5000 });
  const reasons = [];
  adapter.onDisconnect(({ reason }) => reasons.push(reason));
  await adapter.write(bytes(1));
  const inFlight = adapter.write(bytes(2));
  const queued = adapter.write(bytes(3));
  await sleep(5);
  const started = Date.now();
  fake.dropConnection();
  const [first, second] = await Promise.all([rejection(inFlight), rejection(queued)]);
  assert.ok(Date.now() - started < 50, 'no waiting for the write timeout');
  assert.equal(first.code, 'BLE_DISCONNECTED');
  assert.equal(second.code, 'BLE_DISCONNECTED');
  assert.deepEqual(reasons, ['remote']);
  await sleep(5);
  assert.equal(fake.listenerCount(), 0);
  assert.equal(fake.callsOf('closeBLEConnection').length, 1, 'the wx side is cleaned up too');
});

test('a connect that never answers times out and closes the half-made connection', async () => {
  const fake = createFakeWx({ connectAnswers: false });
  const error = await rejection(openWxAdapter({ wx: fake.wx, deviceId: DEVICE, connectTimeoutMs: 50 }));
  assert.equal(error.code, 'TIMEOUT');
  assert.equal(fake.callsOf('createBLEConnection')[0].params.timeout, 50);
  assert.equal(fake.callsOf('closeBLEConnection').length, 1);
  assert.equal(fake.listenerCount(), 0);
});

test('Bluetooth off, a missing API, and a device without the Tuya service', async () => {
  const off = createFakeWx({ adapterAvailable: false });
  const offError = await rejection(openWxAdapter({ wx: off.wx, deviceId: DEVICE }));
  assert.equal(offError.code, 'BLE_UNAVAILABLE');
  assert.equal(offError.bleCode, 10001);
  assert.equal((await rejection(openWxAdapter({ wx: {} }))).code, 'BLE_UNAVAILABLE');

  const other = createFakeWx({ services: [{ uuid: '0000180F-0000-1000-8000-00805F9B34FB' }] });
  const error = await rejection(openWxAdapter({ wx: other.wx, deviceId: DEVICE }));
  assert.equal(error.code, 'BLE_ERROR');
  assert.match(error.message, /0x1910 or 0xFD50/);
  assert.equal(other.callsOf('closeBLEConnection').length, 1);
  assert.equal(other.listenerCount(), 0);
});

test('a larger MTU is requested on Android only, and packets longer than the link allows are refused', async () => {
  const android = createFakeWx({ platform: 'android' });
  const big = await openWxAdapter({ wx: android.wx, deviceId: DEVICE, requestMtu: 247 });
  assert.equal(android.callsOf('setBLEMTU')[0].params.mtu, 247);
  assert.equal(big.mtu, 244);
  await big.write(new Uint8Array(244));
  await big.close();

  const ios = createFakeWx({ platform: 'ios' });
  const small = await openWxAdapter({ wx: ios.wx, deviceId: DEVICE, requestMtu: 247 });
  assert.equal(ios.callsOf('setBLEMTU').length, 0);
  assert.equal(small.mtu, 20, 'getBLEMTU said 23');
  const error = await rejection(small.write(new Uint8Array(21)));
  assert.equal(error.code, 'INVALID_ARGUMENT');
  assert.equal(error.field, 'packet');
  assert.equal(ios.writeAttempts, 0);
  await small.close();
});

test('WeChat refusals say what the user must do, each with its own reason', async () => {
  const cases = [
    [{ errno: 112, errMsg: 'openBluetoothAdapter:fail api scope is not declared in the privacy agreement' }, 'privacy_not_declared', /privacy agreement/],
    [{ errno: 104, errMsg: 'openBluetoothAdapter:fail privacy permission is not authorized' }, 'privacy_not_agreed', /onNeedPrivacyAuthorization/],
    // Base libraries older than errno carry only the text.
    [{ errMsg: 'authorize:fail auth deny' }, 'permission_denied', /wx\.openSetting/],
    [{ errCode: 10001, errMsg: 'openBluetoothAdapter:fail not available' }, 'bluetooth_off', /turn it on/],
  ];
  for (const [adapterFailure, reason, hint] of cases) {
    const fake = createFakeWx({ adapterFailure });
    const error = await rejection(openWxAdapter({ wx: fake.wx, deviceId: DEVICE }));
    assert.equal(error.code, 'BLE_UNAVAILABLE', reason);
    assert.equal(error.reason, reason);
    assert.match(error.message, hint);
  }
});

test('a scan that sees nothing on Android says when location is off or not permitted', async () => {
  const off = createFakeWx({ systemSetting: { locationEnabled: false } });
  const offError = await rejection(openWxAdapter({ wx: off.wx, scanTimeoutMs: 40 }));
  assert.equal(offError.code, 'TIMEOUT');
  assert.equal(offError.reason, 'location_off');
  assert.match(offError.message, /turn location on/);
  const denied = createFakeWx({ appAuthorizeSetting: { locationAuthorized: 'denied' } });
  assert.equal((await rejection(openWxAdapter({ wx: denied.wx, scanTimeoutMs: 40 }))).reason, 'location_denied');
  // iOS scans do not need location: a plain timeout there.
  const ios = createFakeWx({ platform: 'ios', systemSetting: { locationEnabled: false } });
  assert.equal((await rejection(openWxAdapter({ wx: ios.wx, scanTimeoutMs: 40 }))).reason, undefined);
});
