// BLE adapter over WeChat's Bluetooth APIs (mini programs). Sequence: openBluetoothAdapter ->
// (scan: startBluetoothDevicesDiscovery + onBluetoothDeviceFound, stopped as soon as the lock is
// seen or the scan times out) -> createBLEConnection -> setBLEMTU (Android, only when asked) ->
// getBLEDeviceServices / getBLEDeviceCharacteristics (service 0x1910 or 0xFD50) ->
// onBLECharacteristicValueChange + notifyBLECharacteristicValueChange -> writes.
//
// Platform quirks handled here (cloud-crypto-and-wechat.md §3):
// - parallel writeBLECharacteristicValue calls may fail: writes are serialized (Link);
// - iOS may never call back an oversized or stuck write: each write has a timeout, after which the
//   connection is released (Link);
// - some Android phones fail the first write right after notify is enabled with errCode 10008:
//   only the very first packet of a connection is retried, after a short pause, because a packet
//   that failed there never reached the lock and the lock has seen nothing yet. No later packet is
//   ever retried: from then on a retry could repeat a command.
// - the connection is released on close, on a write timeout, on any failure while setting up, and
//   whenever the lock drops it; every wx listener this adapter added is removed again.
import { bleError, disconnectedError, timeoutError } from './errors.mjs';
import { isTuyaAdvertisement, normalizeUuid, sameUuid, TUYA_GATT_PROFILES } from './gatt.mjs';
import { Link } from './link.mjs';
import { abortedError, delay, deferred, onAbort, openAbortable, throwIfAborted, toArrayBuffer, toBytes, withTimeout } from './timing.mjs';

export const WX_DEFAULTS = Object.freeze({
  scanTimeoutMs: 15000,
  connectTimeoutMs: 15000, // a sleeping lock takes 5-15 s to answer
  callTimeoutMs: 10000, // any other setup call
  writeTimeoutMs: 3000,
  closeTimeoutMs: 3000,
  firstWriteRetries: 2, // errCode 10008 on the first packet only
  firstWriteRetryDelayMs: 250,
});

const WX_UNAVAILABLE = new Set([10000, 10001]);
const WX_NO_CONNECTION = 10006;
const WX_ALREADY_CONNECTED = -1;
const WX_SYSTEM_ERROR = 10008;

// Refusals that only the user can lift, recognised by WeChat's common errno or, on base libraries
// older than errno, by the errMsg text; each says what the user (or the developer) must do.
const USER_ACTIONS = [
  {
    reason: 'privacy_not_declared',
    errno: 112,
    text: /privacy agreement/i,
    hint: "Bluetooth is not declared in the mini program's privacy agreement (用户隐私保护指引): declare it in the admin console",
  },
  {
    reason: 'privacy_not_agreed',
    errno: 104,
    text: /privacy permission is not authorized/i,
    hint: 'the user has not agreed to the privacy agreement: show it (wx.onNeedPrivacyAuthorization) and try again',
  },
  {
    reason: 'permission_denied',
    errno: 103,
    text: /auth den/i,
    hint: 'the user refused Bluetooth (scope.bluetooth): ask them to allow it through wx.openSetting',
  },
  { reason: 'bluetooth_off', errCode: 10001, text: /not available/i, hint: 'Bluetooth is off or unavailable on this phone: ask the user to turn it on' },
];

function userActionFor(failure) {
  if (!failure) return undefined;
  return USER_ACTIONS.find(
    (action) =>
      (action.errno !== undefined && failure.errno === action.errno) ||
      (action.errCode !== undefined && failure.errCode === action.errCode) ||
      action.text.test(failure.errMsg || ''),
  );
}

function wxError(name, failure) {
  const bleCode = failure && (failure.errCode ?? failure.errno);
  const message = `wx.${name} failed: ${(failure && failure.errMsg) || 'no details'}`;
  if (bleCode === WX_NO_CONNECTION) return bleError('BLE_DISCONNECTED', message, { bleCode, reason: 'remote' });
  const action = userActionFor(failure);
  if (action) return bleError('BLE_UNAVAILABLE', `${message}: ${action.hint}`, { bleCode, reason: action.reason });
  return bleError(WX_UNAVAILABLE.has(bleCode) ? 'BLE_UNAVAILABLE' : 'BLE_ERROR', message, { bleCode });
}

// Android finds no advertisement at all while location services, or WeChat's location permission,
// are off: a scan that saw nothing says so instead of a bare timeout.
function scanBlocker(wx, platform) {
  if (platform !== 'android') return undefined;
  try {
    const system = typeof wx.getSystemSetting === 'function' ? wx.getSystemSetting() : {};
    if (system && system.locationEnabled === false) {
      return { reason: 'location_off', hint: 'Android scans see nothing while location services are off: ask the user to turn location on' };
    }
    const app = typeof wx.getAppAuthorizeSetting === 'function' ? wx.getAppAuthorizeSetting() : {};
    if (app && app.locationAuthorized === 'denied') {
      return { reason: 'location_denied', hint: 'WeChat lacks the location permission Android scans need: ask the user to grant it in the system settings' };
    }
  } catch {
    /* the settings are advisory */
  }
  return undefined;
}

function wxCall(wx, name, params, timeoutMs) {
  if (typeof wx[name] !== 'function') {
    return Promise.reject(bleError('BLE_UNAVAILABLE', `wx.${name} is not available in this WeChat version`));
  }
  const call = new Promise((resolve, reject) => {
    wx[name]({ ...params, success: (res) => resolve(res || {}), fail: (failure) => reject(wxError(name, failure)) });
  });
  return timeoutMs ? withTimeout(call, timeoutMs, () => timeoutError(`wx.${name}`, timeoutMs)) : call;
}

// Best effort, never throws, never waits long: used while giving things back.
function wxRelease(wx, name, params, timeoutMs) {
  if (typeof wx[name] !== 'function') return Promise.resolve();
  return wxCall(wx, name, params, timeoutMs).catch(() => {});
}

// The mini program's global; read without touching globalThis, which old base libraries lack.
function globalWx() {
  return typeof wx !== 'undefined' ? wx : undefined;
}

function platformOf(wx) {
  try {
    const info = typeof wx.getDeviceInfo === 'function' ? wx.getDeviceInfo() : wx.getSystemInfoSync();
    return String((info && info.platform) || '').toLowerCase();
  } catch {
    return '';
  }
}

// What a scan result says about a device, in host-neutral form (what `match` receives).
export function describeWxDevice(device) {
  const serviceData = {};
  for (const [uuid, value] of Object.entries(device.serviceData || {})) serviceData[normalizeUuid(uuid)] = toBytes(value);
  const manufacturerData = device.advertisData ? toBytes(device.advertisData) : null;
  const serviceUuids = (device.advertisServiceUUIDs || []).map(normalizeUuid);
  return {
    deviceId: device.deviceId,
    name: device.name || device.localName || '',
    rssi: device.RSSI,
    serviceUuids,
    serviceData,
    manufacturerData,
    isTuya: isTuyaAdvertisement({ serviceUuids, serviceDataUuids: Object.keys(serviceData), manufacturerData }),
  };
}

function selectorFrom(options) {
  if (typeof options.match === 'function') return options.match;
  if (options.name) return (device) => device.name === options.name;
  return (device) => device.isTuya;
}

async function scanForDevice(wx, options, settings, platform, signal) {
  const select = selectorFrom(options);
  const found = deferred();
  const stopWatching = onAbort(signal, () => found.reject(abortedError('scanning for the lock', signal)));
  let done = false;
  const onFound = (res) => {
    if (done) return;
    for (const device of (res && res.devices) || []) {
      let chosen = false;
      try {
        chosen = !!select(describeWxDevice(device));
      } catch (error) {
        found.reject(error);
      }
      if (chosen) {
        found.resolve(device.deviceId);
        return;
      }
    }
  };
  wx.onBluetoothDeviceFound(onFound);
  try {
    await wxCall(wx, 'startBluetoothDevicesDiscovery', { allowDuplicatesKey: false }, settings.callTimeoutMs);
    return await withTimeout(found.promise, settings.scanTimeoutMs, () => {
      const blocker = scanBlocker(wx, platform);
      const what = `scanning for the lock (no matching device was seen${blocker ? `; ${blocker.hint}` : ''})`;
      return timeoutError(what, settings.scanTimeoutMs, blocker && { reason: blocker.reason });
    });
  } finally {
    done = true;
    stopWatching();
    if (typeof wx.offBluetoothDeviceFound === 'function') wx.offBluetoothDeviceFound(onFound);
    // Discovery drains the radio and slows connecting: stop it before connecting.
    await wxRelease(wx, 'stopBluetoothDevicesDiscovery', {}, settings.callTimeoutMs);
  }
}

async function connectDevice(wx, deviceId, settings) {
  try {
    await wxCall(wx, 'createBLEConnection', { deviceId, timeout: settings.connectTimeoutMs }, settings.connectTimeoutMs);
  } catch (error) {
    if (error.bleCode === WX_ALREADY_CONNECTED) return;
    // A half-made connection would keep the lock from everyone else.
    await wxRelease(wx, 'closeBLEConnection', { deviceId }, settings.closeTimeoutMs);
    if (error.code === 'TIMEOUT' || error.bleCode === 10012) {
      throw timeoutError('connecting to the lock', settings.connectTimeoutMs, { bleCode: error.bleCode });
    }
    throw error;
  }
}

// Android only (iOS negotiates by itself); a refusal is not fatal: the packet size stays 20.
async function negotiatePacketSize(wx, deviceId, platform, requestMtu, settings) {
  let attMtu = 0;
  if (platform === 'android' && typeof wx.setBLEMTU === 'function') {
    try {
      const res = await wxCall(wx, 'setBLEMTU', { deviceId, mtu: requestMtu }, settings.callTimeoutMs);
      attMtu = res.mtu || 0;
    } catch {
      /* keep the default */
    }
  }
  if (!attMtu && typeof wx.getBLEMTU === 'function') {
    try {
      attMtu = (await wxCall(wx, 'getBLEMTU', { deviceId, writeType: 'write' }, settings.callTimeoutMs)).mtu || 0;
    } catch {
      /* keep the default */
    }
  }
  return Math.max(20, Math.min(requestMtu, attMtu || 23) - 3);
}

async function findTuyaCharacteristics(wx, deviceId, settings) {
  const { services = [] } = await wxCall(wx, 'getBLEDeviceServices', { deviceId }, settings.callTimeoutMs);
  for (const profile of TUYA_GATT_PROFILES) {
    const service = services.find((candidate) => sameUuid(candidate.uuid, profile.service));
    if (!service) continue;
    const { characteristics = [] } = await wxCall(wx, 'getBLEDeviceCharacteristics', { deviceId, serviceId: service.uuid }, settings.callTimeoutMs);
    const write = characteristics.find((c) => sameUuid(c.uuid, profile.write));
    const notify = characteristics.find((c) => sameUuid(c.uuid, profile.notify));
    if (!write || !notify) {
      throw bleError('BLE_ERROR', `the lock's ${profile.name} service lacks its write or notify characteristic`);
    }
    // wx wants the ids spelled as it reported them.
    return { profile, serviceId: service.uuid, write, notify };
  }
  throw bleError('BLE_ERROR', 'the device exposes no Tuya BLE service (0x1910 or 0xFD50)');
}

function chooseWriteType(requested, properties = {}) {
  if (requested) return requested;
  // With a response the callback means the lock's stack took the packet, which is what the
  // serialized, awaited writes rely on.
  return properties.write || !properties.writeNoResponse ? 'write' : 'writeNoResponse';
}

export function openWxAdapter(options = {}) {
  return openAbortable(openWx, options);
}

async function openWx(options, signal) {
  const wx = options.wx || globalWx();
  if (!wx || typeof wx.createBLEConnection !== 'function') {
    throw bleError('BLE_UNAVAILABLE', 'the wx Bluetooth API is not available (not a WeChat mini program?)');
  }
  const settings = { ...WX_DEFAULTS };
  for (const key of Object.keys(WX_DEFAULTS)) if (options[key] !== undefined) settings[key] = options[key];
  const platform = options.platform || platformOf(wx);

  await wxCall(wx, 'openBluetoothAdapter', {}, settings.callTimeoutMs);
  const deviceId = options.deviceId || (await scanForDevice(wx, options, settings, platform, signal));
  throwIfAborted(signal, 'opening the lock connection');
  await connectDevice(wx, deviceId, settings);

  let link = null;
  let droppedDuringSetup = false;
  const onStateChange = (res) => {
    if (!res || res.deviceId !== deviceId || res.connected) return;
    if (link) link.end('remote');
    else droppedDuringSetup = true;
  };
  let notifyIds = null;
  const onValueChange = (res) => {
    if (!link || !notifyIds || !res || res.deviceId !== deviceId) return;
    if (!sameUuid(res.characteristicId, notifyIds.characteristicId) || !sameUuid(res.serviceId, notifyIds.serviceId)) return;
    const bytes = toBytes(res.value);
    if (bytes) link.deliver(bytes);
  };
  const removeListeners = () => {
    if (typeof wx.offBLEConnectionStateChange === 'function') wx.offBLEConnectionStateChange(onStateChange);
    if (typeof wx.offBLECharacteristicValueChange === 'function') wx.offBLECharacteristicValueChange(onValueChange);
  };
  const release = async () => {
    removeListeners();
    await wxRelease(wx, 'closeBLEConnection', { deviceId }, settings.closeTimeoutMs);
    if (options.closeAdapter) await wxRelease(wx, 'closeBluetoothAdapter', {}, settings.closeTimeoutMs);
  };

  wx.onBLEConnectionStateChange(onStateChange);
  wx.onBLECharacteristicValueChange(onValueChange);
  try {
    const mtu = options.requestMtu ? await negotiatePacketSize(wx, deviceId, platform, options.requestMtu, settings) : 20;
    const found = await findTuyaCharacteristics(wx, deviceId, settings);
    await wxCall(
      wx,
      'notifyBLECharacteristicValueChange',
      { deviceId, serviceId: found.serviceId, characteristicId: found.notify.uuid, state: true },
      settings.callTimeoutMs,
    );
    if (droppedDuringSetup) throw disconnectedError('setting up the lock connection', 'remote');
    notifyIds = { serviceId: found.serviceId, characteristicId: found.notify.uuid };
    const writeType = chooseWriteType(options.writeType, found.write.properties);
    const send = async (bytes, packetsWritten) => {
      for (let attempt = 0; ; attempt++) {
        try {
          await wxCall(wx, 'writeBLECharacteristicValue', {
            deviceId,
            serviceId: found.serviceId,
            characteristicId: found.write.uuid,
            value: toArrayBuffer(bytes),
            writeType,
          });
          return;
        } catch (error) {
          if (error.code === 'BLE_DISCONNECTED') link.end('remote');
          const firstPacket = packetsWritten === 0;
          if (!(error.bleCode === WX_SYSTEM_ERROR && firstPacket && attempt < settings.firstWriteRetries)) throw error;
          await delay(settings.firstWriteRetryDelayMs);
        }
      }
    };
    link = new Link({
      mtu,
      send,
      release,
      writeTimeoutMs: settings.writeTimeoutMs,
      closeTimeoutMs: settings.closeTimeoutMs,
      info: { kind: 'wx', deviceId, service: found.profile.name, writeType },
    });
    return link.toAdapter();
  } catch (error) {
    await release();
    throw error;
  }
}
