// BLE adapter over Web Bluetooth (Chrome, Edge, Android browsers; not Safari or Firefox).
// requestDevice must run inside a user gesture (a click handler); pass `device` to reuse one the
// page already has (bluetooth.getDevices()). Only services listed in the request can be opened
// later, so both Tuya services are always listed as optional.
import { bleError, disconnectedError, timeoutError } from './errors.mjs';
import { TUYA_ADVERTISING, TUYA_GATT_PROFILES } from './gatt.mjs';
import { Link } from './link.mjs';
import { openAbortable, throwIfAborted, toBytes, withTimeout } from './timing.mjs';

export const WEB_DEFAULTS = Object.freeze({
  connectTimeoutMs: 15000,
  callTimeoutMs: 10000,
  writeTimeoutMs: 3000,
  closeTimeoutMs: 3000,
});

function webError(what, cause) {
  const bleCode = (cause && cause.name) || undefined;
  return bleError('BLE_ERROR', `${what} failed: ${(cause && cause.message) || cause}`, { bleCode, cause });
}

// What Tuya locks advertise (ble-protocol.md §1): the service-data UUID 0xA201 in the UUID list,
// or the newer 0xFD50 service.
export function defaultWebFilters({ name, namePrefix } = {}) {
  if (name) return [{ name }];
  if (namePrefix) return [{ namePrefix }];
  return TUYA_ADVERTISING.advertisedServices.map((service) => ({ services: [service] }));
}

async function requestDevice(bluetooth, options) {
  try {
    return await bluetooth.requestDevice({
      filters: options.filters || defaultWebFilters(options),
      optionalServices: TUYA_GATT_PROFILES.map((profile) => profile.service),
    });
  } catch (cause) {
    // NotFoundError: the user closed the chooser, or nothing matched.
    throw webError('choosing the lock', cause);
  }
}

async function openTuyaService(server, settings) {
  for (const profile of TUYA_GATT_PROFILES) {
    let service;
    try {
      service = await withTimeout(server.getPrimaryService(profile.service), settings.callTimeoutMs, () =>
        timeoutError('getPrimaryService', settings.callTimeoutMs),
      );
    } catch (error) {
      if (error.code === 'TIMEOUT') throw error;
      continue; // NotFoundError: try the other profile
    }
    try {
      const write = await service.getCharacteristic(profile.write);
      const notify = await service.getCharacteristic(profile.notify);
      return { profile, write, notify };
    } catch (cause) {
      throw webError(`opening the ${profile.name} characteristics`, cause);
    }
  }
  throw bleError('BLE_ERROR', 'the device exposes no Tuya BLE service (0x1910 or 0xFD50)');
}

function writerFor(characteristic, requested) {
  const props = characteristic.properties || {};
  const withResponse = typeof characteristic.writeValueWithResponse === 'function';
  const withoutResponse = typeof characteristic.writeValueWithoutResponse === 'function';
  if (requested === 'writeNoResponse' && withoutResponse) return (data) => characteristic.writeValueWithoutResponse(data);
  if (withResponse && (props.write || !props.writeWithoutResponse)) return (data) => characteristic.writeValueWithResponse(data);
  if (withoutResponse && props.writeWithoutResponse) return (data) => characteristic.writeValueWithoutResponse(data);
  return (data) => characteristic.writeValue(data); // older browsers
}

export function openWebBluetoothAdapter(options = {}) {
  return openAbortable(openWeb, options);
}

async function openWeb(options, signal) {
  const bluetooth = options.bluetooth || (typeof navigator !== 'undefined' ? navigator.bluetooth : undefined);
  if (!options.device && (!bluetooth || typeof bluetooth.requestDevice !== 'function')) {
    throw bleError('BLE_UNAVAILABLE', 'Web Bluetooth is not available in this browser');
  }
  const settings = { ...WEB_DEFAULTS };
  for (const key of Object.keys(WEB_DEFAULTS)) if (options[key] !== undefined) settings[key] = options[key];

  const device = options.device || (await requestDevice(bluetooth, options));
  throwIfAborted(signal, 'opening the lock connection'); // the chooser cannot be cancelled: do not connect after it
  if (!device.gatt) throw bleError('BLE_ERROR', 'the chosen device has no GATT server');

  let link = null;
  let droppedDuringSetup = false;
  const onDisconnected = () => {
    if (link) link.end('remote');
    else droppedDuringSetup = true;
  };
  let notifyCharacteristic = null;
  const onValue = (event) => {
    const bytes = toBytes(event && event.target && event.target.value);
    if (link && bytes) link.deliver(bytes);
  };
  const release = async () => {
    device.removeEventListener('gattserverdisconnected', onDisconnected);
    if (notifyCharacteristic) {
      notifyCharacteristic.removeEventListener('characteristicvaluechanged', onValue);
      if (device.gatt.connected) {
        await withTimeout(
          Promise.resolve().then(() => notifyCharacteristic.stopNotifications()),
          settings.closeTimeoutMs,
          () => timeoutError('stopNotifications', settings.closeTimeoutMs),
        ).catch(() => {});
      }
    }
    // Also when not (yet) connected: disconnect() aborts a connect still in progress, which would
    // otherwise complete later and hold the lock.
    device.gatt.disconnect();
  };

  device.addEventListener('gattserverdisconnected', onDisconnected);
  // An abort while connecting gives the lock back at once: a connect left running would complete
  // later and hold the lock, which serves one central at a time.
  const onAbort = () => device.gatt.disconnect();
  if (signal) signal.addEventListener('abort', onAbort, { once: true });
  try {
    let server;
    try {
      server = await withTimeout(device.gatt.connect(), settings.connectTimeoutMs, () => timeoutError('connecting to the lock', settings.connectTimeoutMs));
    } catch (cause) {
      throw cause && cause.code === 'TIMEOUT' ? cause : webError('connecting to the lock', cause);
    }
    const found = await openTuyaService(server, settings);
    notifyCharacteristic = found.notify;
    notifyCharacteristic.addEventListener('characteristicvaluechanged', onValue);
    try {
      await withTimeout(found.notify.startNotifications(), settings.callTimeoutMs, () => timeoutError('startNotifications', settings.callTimeoutMs));
    } catch (cause) {
      throw cause && cause.code === 'TIMEOUT' ? cause : webError('startNotifications', cause);
    }
    if (droppedDuringSetup || !device.gatt.connected) throw disconnectedError('setting up the lock connection', 'remote');
    const writeValue = writerFor(found.write, options.writeType);
    const send = async (bytes) => {
      try {
        await writeValue(bytes);
      } catch (cause) {
        if (!device.gatt.connected) {
          link.end('remote');
          throw disconnectedError('write', 'remote');
        }
        throw webError('writing to the lock', cause);
      }
    };
    link = new Link({
      mtu: options.mtu || 20, // Web Bluetooth does not expose the ATT MTU
      send,
      release,
      writeTimeoutMs: settings.writeTimeoutMs,
      closeTimeoutMs: settings.closeTimeoutMs,
      info: { kind: 'web', deviceId: device.id, name: device.name, service: found.profile.name },
    });
    return link.toAdapter();
  } catch (error) {
    await release();
    throw error;
  } finally {
    if (signal) signal.removeEventListener('abort', onAbort);
  }
}
