// The emulated home: one lock of each type, three people, unlock methods, a few records. The
// constants are what tests and the demo need to talk to it (the project's access key, device ids,
// the owner's uid); createHome() builds a fresh, mutable copy of the model for one emulator.

// The cloud project's Access Secret: 32 ASCII characters, used as an AES-256 key for ticket keys.
export const EMULATOR_ACCESS_KEY = 'EmulatorAccessKey_0123456789abcd';
// The cloud project's Access ID (client_id), which signed requests carry (startCloudEmulator's accessId).
export const EMULATOR_ACCESS_ID = 'emulatoraccessid0001';
export const HOME_ID = 41000001;
export const APP_SCHEMA = 'doorlockemulator';

export const LOCK_TYPES = ['wifi', 'zigbee', 'ble', 'standard_wifi', 'wifi_access_control'];

export const DEVICE_IDS = Object.freeze({
  wifi: 'vdevemuwifi000000001',
  zigbee: 'vdevemuzigbee0000002',
  ble: 'vdevemuble0000000003',
  standard_wifi: 'vdevemustdwifi000004',
  wifi_access_control: 'vdevemuaccess0000005',
});

export const USERS = Object.freeze([
  { user_id: '1001', uid: 'ay17000000000001OWNR', lock_user_id: 1, nick_name: 'Owner', user_type: 50, user_contact: '86-13800000001' },
  { user_id: '1002', uid: 'ay17000000000002ALIC', lock_user_id: 2, nick_name: 'Alice', user_type: 20, user_contact: '86-13800000002' },
  { user_id: '1003', uid: 'ay17000000000003BOB0', lock_user_id: 3, nick_name: 'Bob', user_type: 10, user_contact: '' },
]);
// The emulator answers as if the owner were signed in.
export const OWNER_UID = USERS[0].uid;

// A permanent PIN on each lock (Alice's unlock_password #2); doorLock.openDoor accepts it.
export const DOOR_PINS = Object.freeze({
  wifi: '2468024',
  zigbee: '246802',
  ble: '246802',
  standard_wifi: '2468024',
  wifi_access_control: '2468024',
});

// The 8-digit check code the cloud holds for each lock (doorLock.getIssuedConfig lock_random.ins).
export const CHECK_CODES = Object.freeze({
  wifi: '52777950',
  zigbee: '52777951',
  ble: '52777952',
  standard_wifi: '52777953',
  wifi_access_control: '52777954',
});

// Standard DP identifiers of a lock and their ids (doorLock.getAvailableInstructions).
export const STANDARD_DPS = Object.freeze({
  residual_electricity: 8,
  unlock_fingerprint: 12,
  unlock_password: 13,
  unlock_temporary: 14,
  unlock_dynamic: 15,
  unlock_card: 16,
  unlock_key: 17,
  unlock_face: 18,
  hijack: 19,
  alarm_lock: 21,
  unlock_app: 62,
});

// Fixture times: the locks were paired at T0 and have a little history after it.
const T0 = 1700000000;

const LABELS = {
  wifi: 'Front door (Wi-Fi)',
  zigbee: 'Back door (Zigbee)',
  ble: 'Garage (BLE)',
  standard_wifi: 'Office (standard Wi-Fi)',
  wifi_access_control: 'Lobby gate (access control)',
};

function opmodes() {
  return [
    { dp_code: 'unlock_fingerprint', unlock_sn: 1, unlock_name: 'Owner thumb', user_id: '1001', unlock_attr: 0, photo_unlock: 0 },
    { dp_code: 'unlock_password', unlock_sn: 2, unlock_name: 'Alice PIN', user_id: '1002', unlock_attr: 0, photo_unlock: 0 },
    { dp_code: 'unlock_card', unlock_sn: 3, unlock_name: 'Card 3', user_id: null, unlock_attr: 0, photo_unlock: 0 },
    { dp_code: 'unlock_fingerprint', unlock_sn: 4, unlock_name: 'Fingerprint 4', user_id: null, unlock_attr: 0, photo_unlock: 0 },
    { dp_code: 'unlock_face', unlock_sn: 5, unlock_name: 'Bob face', user_id: '1003', unlock_attr: 0, photo_unlock: 1 },
  ];
}

function records(lockType) {
  const at = (minutes) => (T0 + 3600 + minutes * 60) * 1000;
  return [
    { id: 1, kind: 'unlock', time: at(0), dp_code: 'unlock_fingerprint', value: 1, user_id: '1001' },
    { id: 2, kind: 'unlock', time: at(30), dp_code: 'unlock_password', value: 2, user_id: '1002' },
    { id: 3, kind: 'alarm', time: at(45), dp_code: 'hijack', value: 'unlock_fingerprint-04', user_id: null },
    { id: 4, kind: 'unlock', time: at(60), dp_code: 'unlock_card', value: 3, user_id: null, media: lockType === 'wifi' },
    { id: 5, kind: 'operation', time: at(90), dp_code: 'unlock_password', value: 'dev_bind', user_id: '1001' },
    { id: 6, kind: 'alarm', time: at(120), dp_code: 'alarm_lock', value: 'wrong_finger', user_id: null, media: lockType === 'wifi' },
  ];
}

function temporaryPasswords(lockType, index) {
  const digits = lockType === 'zigbee' || lockType === 'ble' ? 6 : 7;
  return [
    {
      password_id: 1001 + index * 10,
      name: 'Cleaner',
      pin: '1357913'.slice(0, digits),
      phone: '',
      effective_time: T0,
      invalid_time: T0 + 20 * 365 * 86400,
      type: 0,
      time_zone: 'Asia/Shanghai',
      schedule_list: [{ effective_time: 540, invalid_time: 720, working_day: 42 }],
      deleted: false,
      sn: 1,
    },
    {
      password_id: 1002 + index * 10,
      name: 'Last summer guest',
      pin: '8642086'.slice(0, digits),
      phone: '',
      effective_time: T0,
      invalid_time: T0 + 7 * 86400,
      type: 0,
      time_zone: '',
      schedule_list: [],
      deleted: false,
      sn: 2,
    },
  ];
}

function lock(lockType, index) {
  const id = DEVICE_IDS[lockType];
  return {
    id,
    lockType,
    name: LABELS[lockType],
    // 16 characters, as the lock's pair request carries it.
    uuid: `emu${lockType.replace(/_/g, '')}${index}`.padEnd(16, '0').slice(0, 16),
    local_key: `emuLocalKey${index}abcde`.slice(0, 16),
    product_id: `emuproduct${index}`,
    category: 'ms',
    sub: lockType === 'zigbee',
    online: true,
    ip: '127.0.0.1',
    time_zone: '+08:00',
    create_time: T0 - 600,
    active_time: T0,
    update_time: T0,
    status: [
      { code: 'residual_electricity', value: 87 },
      { code: 'closed_opened', value: 'closed' },
      { code: 'automatic_lock', value: true },
      { code: 'beep_volume', value: 'normal' },
    ],
    dps: { ...STANDARD_DPS },
    users: USERS.map((user) => ({ ...user, avatar_url: '', back_home_notify_attr: 0 })),
    opmodes: opmodes(),
    doorPin: DOOR_PINS[lockType],
    tempPasswords: temporaryPasswords(lockType, index),
    offlinePasswords: [
      { password_id: 5001 + index * 10, name: 'Offline single-use' },
      { password_id: 5002 + index * 10, name: 'Offline 24 h' },
    ],
    records: records(lockType),
    remoteUnlock: { remoteUnlockWithoutPwd: true, remoteUnlockWithPwd: true },
    pendingRemoteRequest: lockType === 'wifi',
    // The BLE side, as the emulated home's simulated lock is built from it: protocol version,
    // the check code the cloud issues (doorLock.getIssuedConfig) and the host slot (dev_unlock_id)
    // it goes to, and the member the cloud's unlock instructions open as.
    bleProtocol: 3,
    bleSn: 0,
    bleSrand: null,
    issuedRandom: CHECK_CODES[lockType],
    devUnlockId: 5,
    bleMemberId: USERS[0].lock_user_id,
    lastSyncAt: null,
  };
}

export function createHome() {
  const devices = {};
  LOCK_TYPES.forEach((lockType, index) => {
    devices[DEVICE_IDS[lockType]] = lock(lockType, index);
  });
  return {
    homeId: HOME_ID,
    devices,
    tickets: new Map(),
    sharings: new Map(),
    nextPasswordId: 20001,
    nextRecordId: 100,
    nextSharingId: 3001,
    nextPermissionId: 7001,
    // Every request the emulator received, in order: { action, ok, code? }.
    requests: [],
  };
}
