// GATT and advertising identifiers of Tuya BLE locks (ble-protocol.md §1), as data. Every UUID is
// kept in the full lower-case 128-bit form; compare through normalizeUuid because hosts spell them
// differently (WeChat upper-case, Web Bluetooth lower-case, 16-bit aliases as numbers).

const BLUETOOTH_BASE = '-0000-1000-8000-00805f9b34fb';

export function normalizeUuid(uuid) {
  if (typeof uuid === 'number') return uuid.toString(16).padStart(8, '0') + BLUETOOTH_BASE;
  const text = String(uuid).toLowerCase();
  if (/^[0-9a-f]{4}$/.test(text)) return `0000${text}${BLUETOOTH_BASE}`;
  if (/^[0-9a-f]{8}$/.test(text)) return text + BLUETOOTH_BASE;
  return text;
}

export const sameUuid = (a, b) => normalizeUuid(a) === normalizeUuid(b);

// In order of preference when a device exposes more than one.
export const TUYA_GATT_PROFILES = Object.freeze([
  Object.freeze({ name: 'legacy', service: normalizeUuid(0x1910), write: normalizeUuid(0x2b11), notify: normalizeUuid(0x2b10) }),
  Object.freeze({
    name: 'fd50',
    service: normalizeUuid(0xfd50),
    write: '00000001-0000-1001-8001-00805f9b07d0',
    notify: '00000002-0000-1001-8001-00805f9b07d0',
  }),
]);

export const TUYA_ADVERTISING = Object.freeze({
  serviceDataUuid: normalizeUuid(0xa201),
  manufacturerId: 0x07d0,
  // What a Tuya lock lists among its advertised service UUIDs (the data UUID, or the newer service).
  advertisedServices: Object.freeze([normalizeUuid(0xa201), normalizeUuid(0xfd50), normalizeUuid(0x1910)]),
});

export function profileForService(serviceUuid) {
  return TUYA_GATT_PROFILES.find((profile) => sameUuid(profile.service, serviceUuid));
}

// True when an advertisement looks like a Tuya BLE device. `manufacturerData` starts with the
// company id, little-endian (as WeChat's advertisData does).
export function isTuyaAdvertisement({ serviceUuids = [], serviceDataUuids = [], manufacturerData } = {}) {
  if (serviceDataUuids.some((uuid) => sameUuid(uuid, TUYA_ADVERTISING.serviceDataUuid))) return true;
  if (serviceUuids.some((uuid) => TUYA_ADVERTISING.advertisedServices.some((known) => sameUuid(uuid, known)))) return true;
  const id = TUYA_ADVERTISING.manufacturerId;
  return !!manufacturerData && manufacturerData.length >= 2 && manufacturerData[0] === (id & 0xff) && manufacturerData[1] === id >> 8;
}
