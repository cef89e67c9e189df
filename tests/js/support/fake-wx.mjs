// A stand-in for WeChat's Bluetooth API, strict where the real one is fragile: it fails the test
// run if two writes overlap, and it can withhold callbacks (iOS), fail a write with 10008 (Android
// right after notify), drop the connection, or never answer a connect.
const upper = (uuid) => uuid.toUpperCase();
const full = (short) => `0000${short}-0000-1000-8000-00805F9B34FB`;

export const LEGACY_SERVICES = [
  { uuid: full('1800'), isPrimary: true },
  { uuid: full('1910'), isPrimary: true },
];
export const LEGACY_CHARACTERISTICS = {
  [full('1910')]: [
    { uuid: full('2B10'), properties: { notify: true, read: false, write: false } },
    { uuid: full('2B11'), properties: { write: true, writeNoResponse: true, notify: false } },
  ],
};
export const FD50_SERVICES = [{ uuid: full('FD50'), isPrimary: true }];
export const FD50_CHARACTERISTICS = {
  [full('FD50')]: [
    { uuid: upper('00000002-0000-1001-8001-00805f9b07d0'), properties: { notify: true } },
    { uuid: upper('00000001-0000-1001-8001-00805f9b07d0'), properties: { write: true } },
  ],
};

export function createFakeWx(options = {}) {
  const fake = {
    platform: options.platform || 'android',
    services: options.services || LEGACY_SERVICES,
    characteristics: options.characteristics || LEGACY_CHARACTERISTICS,
    advertising: options.advertising || [],
    adapterAvailable: options.adapterAvailable !== false,
    // { errno?, errCode?, errMsg }: how openBluetoothAdapter fails (privacy, permission refusals)
    adapterFailure: options.adapterFailure,
    systemSetting: options.systemSetting,
    appAuthorizeSetting: options.appAuthorizeSetting,
    connectAnswers: options.connectAnswers !== false,
    writeDelayMs: options.writeDelayMs ?? 1,
    // (bytes, index) -> undefined (succeed) | { errCode } (fail) | 'never' (no callback at all)
    writeBehaviour: options.writeBehaviour || (() => undefined),
    // The peripheral: (bytes) -> notification packets to send back.
    peripheral: options.peripheral || (() => []),
    calls: [],
    writes: [],
    writeAttempts: 0,
    inFlight: 0,
    overlaps: 0,
    connected: new Set(),
    notifying: false,
    discovering: false,
    listeners: {
      deviceFound: new Set(),
      stateChange: new Set(),
      valueChange: new Set(),
    },
  };

  const record = (name, params) => fake.calls.push({ name, params });
  const later = (fn, ms = 0) => setTimeout(fn, ms);
  const ok = (params, res = {}, ms = 0) => later(() => params.success && params.success({ errMsg: 'ok', ...res }), ms);
  const fail = (params, errCode, ms = 0) => later(() => params.fail && params.fail({ errCode, errMsg: `fake error ${errCode}` }), ms);

  const wx = {
    getSystemInfoSync: () => ({ platform: fake.platform }),
    getSystemSetting: () => ({ bluetoothEnabled: true, locationEnabled: true, ...fake.systemSetting }),
    getAppAuthorizeSetting: () => ({ bluetoothAuthorized: 'authorized', locationAuthorized: 'authorized', ...fake.appAuthorizeSetting }),
    openBluetoothAdapter(params) {
      record('openBluetoothAdapter', params);
      if (fake.adapterFailure) return later(() => params.fail && params.fail({ ...fake.adapterFailure }));
      if (fake.adapterAvailable) ok(params);
      else fail(params, 10001);
    },
    closeBluetoothAdapter(params) {
      record('closeBluetoothAdapter', params);
      ok(params);
    },
    startBluetoothDevicesDiscovery(params) {
      record('startBluetoothDevicesDiscovery', params);
      fake.discovering = true;
      ok(params);
      fake.advertising.forEach((device, index) =>
        later(
          () => {
            if (!fake.discovering) return;
            for (const listener of [...fake.listeners.deviceFound]) listener({ devices: [device] });
          },
          3 + index * 3,
        ),
      );
    },
    stopBluetoothDevicesDiscovery(params) {
      record('stopBluetoothDevicesDiscovery', params);
      fake.discovering = false;
      ok(params);
    },
    onBluetoothDeviceFound(cb) {
      fake.listeners.deviceFound.add(cb);
    },
    offBluetoothDeviceFound(cb) {
      fake.listeners.deviceFound.delete(cb);
    },
    createBLEConnection(params) {
      record('createBLEConnection', params);
      if (!fake.connectAnswers) return;
      fake.connected.add(params.deviceId);
      ok(params, {}, 2);
    },
    closeBLEConnection(params) {
      record('closeBLEConnection', params);
      fake.connected.delete(params.deviceId);
      fake.notifying = false;
      ok(params);
    },
    setBLEMTU(params) {
      record('setBLEMTU', params);
      ok(params, { mtu: Math.min(params.mtu, 247) });
    },
    getBLEMTU(params) {
      record('getBLEMTU', params);
      ok(params, { mtu: 23 });
    },
    getBLEDeviceServices(params) {
      record('getBLEDeviceServices', params);
      if (!fake.connected.has(params.deviceId)) return fail(params, 10006);
      ok(params, { services: fake.services });
    },
    getBLEDeviceCharacteristics(params) {
      record('getBLEDeviceCharacteristics', params);
      ok(params, { characteristics: fake.characteristics[params.serviceId] || [] });
    },
    notifyBLECharacteristicValueChange(params) {
      record('notifyBLECharacteristicValueChange', params);
      fake.notifying = params.state;
      ok(params);
    },
    onBLEConnectionStateChange(cb) {
      fake.listeners.stateChange.add(cb);
    },
    offBLEConnectionStateChange(cb) {
      fake.listeners.stateChange.delete(cb);
    },
    onBLECharacteristicValueChange(cb) {
      fake.listeners.valueChange.add(cb);
    },
    offBLECharacteristicValueChange(cb) {
      fake.listeners.valueChange.delete(cb);
    },
    writeBLECharacteristicValue(params) {
      record('writeBLECharacteristicValue', params);
      if (!(params.value instanceof ArrayBuffer)) throw new Error('wx wants an ArrayBuffer value');
      const index = fake.writeAttempts++;
      if (fake.inFlight > 0) fake.overlaps += 1;
      if (!fake.connected.has(params.deviceId)) return fail(params, 10006);
      const bytes = new Uint8Array(params.value.slice(0));
      const behaviour = fake.writeBehaviour(bytes, index);
      if (behaviour === 'never') {
        fake.inFlight += 1;
        return;
      } // stays "in flight" forever
      fake.inFlight += 1;
      later(
        () => {
          fake.inFlight -= 1;
          if (behaviour && behaviour.errCode) return params.fail({ errCode: behaviour.errCode, errMsg: 'fake write failure' });
          fake.writes.push(bytes);
          params.success({ errMsg: 'ok' });
          for (const packet of fake.peripheral(bytes)) fake.notify(packet);
        },
        typeof fake.writeDelayMs === 'function' ? fake.writeDelayMs() : fake.writeDelayMs,
      );
    },
  };

  fake.wx = wx;
  fake.notify = (packet, { deviceId = 'AA:BB', serviceId = full('1910'), characteristicId = full('2B10') } = {}) => {
    later(() => {
      const value = new Uint8Array(packet).buffer;
      for (const listener of [...fake.listeners.valueChange]) listener({ deviceId, serviceId, characteristicId, value });
    });
  };
  fake.dropConnection = (deviceId = 'AA:BB') => {
    fake.connected.delete(deviceId);
    for (const listener of [...fake.listeners.stateChange]) listener({ deviceId, connected: false });
  };
  fake.callsOf = (name) => fake.calls.filter((call) => call.name === name);
  fake.listenerCount = () => fake.listeners.stateChange.size + fake.listeners.valueChange.size + fake.listeners.deviceFound.size;
  return fake;
}

// The fake's Bluetooth as a mini program sees it when the lock is a simulated one: connecting and
// closing reach the simulator too, and written values are copied into this realm's ArrayBuffer
// (code running in another realm, such as the mini program's, makes its own).
export function wxOnSimulatedLock(bluetooth, sim) {
  return {
    ...bluetooth.wx,
    writeBLECharacteristicValue: (params) => bluetooth.wx.writeBLECharacteristicValue({ ...params, value: new Uint8Array(params.value).slice().buffer }),
    createBLEConnection: (params) => {
      sim.connect();
      bluetooth.wx.createBLEConnection(params);
    },
    closeBLEConnection: (params) => {
      sim.disconnect();
      bluetooth.wx.closeBLEConnection(params);
    },
  };
}
