// A stand-in for navigator.bluetooth: one device with a GATT server exposing the Tuya service,
// strict about overlapping writes, able to drop the connection or withhold a write's completion.
const BASE = '-0000-1000-8000-00805f9b34fb';
const uuidOf = (value) => (typeof value === 'number' ? value.toString(16).padStart(8, '0') + BASE : String(value).toLowerCase());

class Target {
  constructor() {
    this.listeners = new Map();
  }
  addEventListener(type, cb) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type).add(cb);
  }
  removeEventListener(type, cb) {
    this.listeners.get(type)?.delete(cb);
  }
  emit(type, event) {
    for (const cb of [...(this.listeners.get(type) || [])]) cb(event);
  }
  count() {
    let total = 0;
    for (const set of this.listeners.values()) total += set.size;
    return total;
  }
}

export function createFakeBluetooth({
  serviceUuid = 0x1910,
  writeUuid = 0x2b11,
  notifyUuid = 0x2b10,
  peripheral = () => [],
  writeBehaviour = () => undefined,
} = {}) {
  const fake = { requests: [], writes: [], overlaps: 0, inFlight: 0, notifying: false, disconnects: 0, connects: 0 };
  const notify = new Target();
  Object.assign(notify, {
    uuid: uuidOf(notifyUuid),
    properties: { notify: true },
    value: null,
    async startNotifications() {
      fake.notifying = true;
      return notify;
    },
    async stopNotifications() {
      fake.notifying = false;
      return notify;
    },
  });
  const write = {
    uuid: uuidOf(writeUuid),
    properties: { write: true, writeWithoutResponse: false },
    writeValueWithResponse(data) {
      if (!device.gatt.connected) return Promise.reject(Object.assign(new Error('GATT Server is disconnected'), { name: 'NetworkError' }));
      if (fake.inFlight > 0) fake.overlaps += 1;
      const bytes = new Uint8Array(data.buffer ? data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) : data);
      const behaviour = writeBehaviour(bytes);
      fake.inFlight += 1;
      if (behaviour === 'never') return new Promise(() => {});
      return new Promise((resolve, reject) =>
        setTimeout(() => {
          fake.inFlight -= 1;
          if (behaviour instanceof Error) return reject(behaviour);
          fake.writes.push(bytes);
          resolve();
          for (const packet of peripheral(bytes)) fake.notify(packet);
        }, 1),
      );
    },
  };
  const service = {
    uuid: uuidOf(serviceUuid),
    async getCharacteristic(uuid) {
      const wanted = uuidOf(uuid);
      if (wanted === write.uuid) return write;
      if (wanted === notify.uuid) return notify;
      throw Object.assign(new Error('No Characteristics matching UUID'), { name: 'NotFoundError' });
    },
  };
  const device = new Target();
  Object.assign(device, {
    id: 'web-device-1',
    name: 'TY',
    gatt: {
      connected: false,
      connect() {
        fake.connects += 1;
        if (fake.connectHangs) {
          // Like a sleeping lock: the attempt stays pending until disconnect() aborts it.
          return new Promise((resolve, reject) => {
            fake.abortConnect = () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
          });
        }
        device.gatt.connected = true;
        return Promise.resolve(device.gatt);
      },
      disconnect() {
        fake.disconnectCalls = (fake.disconnectCalls || 0) + 1;
        if (fake.abortConnect) {
          fake.abortConnect();
          fake.abortConnect = null;
        }
        if (!device.gatt.connected) return;
        fake.disconnects += 1;
        device.gatt.connected = false;
        device.emit('gattserverdisconnected', { target: device });
      },
      async getPrimaryService(uuid) {
        if (uuidOf(uuid) === service.uuid) return service;
        throw Object.assign(new Error('No Services matching UUID'), { name: 'NotFoundError' });
      },
    },
  });
  fake.device = device;
  fake.notifyCharacteristic = notify;
  fake.bluetooth = {
    async requestDevice(options) {
      fake.requests.push(options);
      return device;
    },
  };
  fake.notify = (packet) =>
    setTimeout(() => {
      const bytes = new Uint8Array(packet);
      notify.value = new DataView(bytes.buffer);
      notify.emit('characteristicvaluechanged', { target: notify });
    });
  // The lock goes away: the browser reports it on the device.
  fake.dropConnection = () => device.gatt.disconnect();
  fake.listenerCount = () => device.count() + notify.count();
  return fake;
}
