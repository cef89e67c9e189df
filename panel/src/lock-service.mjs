// Every call the panel makes into doorlock-wasm, in one place: the page's views only ask this
// service and show what it answers. The cloud goes through the app's own server (the server half
// holds the access key; transports.server), Bluetooth through Web Bluetooth when the user picks it
// and the browser has it, otherwise through the home's BLE bridge.
//
// The lock keys (local key, uuid) come from the cloud's device record and stay in this module;
// nothing it returns carries them, a check code or a PIN other than the one the user typed.
//
// Lock operations go through dl.flows.forLock (docs/flows.md); lists and reads are cloud calls.
//
//   const service = await createLockService({ pkg, config, baseUrl });
//   pkg: the package's browser entry (loadDoorlock, connectLock, openBridgeAdapter, ...)
//   config: /config.json of the dev server ({ serverUrl, bridgeUrl, timeZone, locks: [...] })

const LOG_PAGE_SIZE = 5;
// The earliest start_time the cloud takes (13 digits of milliseconds): all of a lock's history.
const LOGS_SINCE_MS = 1000000000000;
// What listUsers / listUserOpmodes may filter by (the cloud's standard unlock DPs).
const UNLOCK_CODES = ['unlock_fingerprint', 'unlock_password', 'unlock_card'];

// '+08:00' -> 480 (minutes east of UTC), as connectLock takes the lock's time zone.
function offsetMinutes(zone) {
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(zone || '');
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

// '2026-03-02' at 'HH:MM' in the lock's zone -> Unix seconds.
function zonedSeconds(date, time, zone) {
  const ms = Date.parse(`${date}T${time}:00${zone}`);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : Number.NaN;
}

export async function createLockService({ pkg, config, baseUrl }) {
  const { loadDoorlock, connectLock, openBridgeAdapter, openWebBluetoothAdapter, DoorlockError } = pkg;
  const dl = await loadDoorlock();
  const client = dl.cloud.createClient({
    transport: dl.cloud.transports.server({ url: new URL(config.serverUrl, baseUrl).href, timeoutMs: 15000 }),
  });
  const bridgeUrl = new URL(config.bridgeUrl, baseUrl).href;
  const configured = new Map(config.locks.map((lock) => [lock.deviceId, lock]));
  const keys = new Map(); // deviceId -> { localKey, uuid, zone }: never handed to the views

  const lockTypeOf = (deviceId) => configured.get(deviceId).lockType;
  const call = (action, params, options = {}) => client.call(action, params, { lockType: lockTypeOf(params.device_id), ...options });
  const isBluetoothOnly = (deviceId) => Boolean(configured.get(deviceId).ble);

  // Connects (device info -> pair -> time sync), runs task(connection), always releases the lock.
  async function withBluetooth(deviceId, task, { via = 'bridge', onProgress = () => {}, signal } = {}) {
    const { ble } = configured.get(deviceId);
    const secret = keys.get(deviceId);
    if (!ble || !secret) throw new DoorlockError({ code: 'INVALID_STATE', message: 'this lock has no Bluetooth keys (load the locks first)' });
    onProgress(via === 'web' ? 'choosing the lock' : 'connecting');
    const adapter =
      via === 'web' ? await openWebBluetoothAdapter({ signal, mtu: ble.mtu }) : await openBridgeAdapter({ url: bridgeUrl, deviceId, mtu: ble.mtu, signal });
    onProgress('handshake');
    const connection = await connectLock({
      dl,
      adapter,
      localKey: secret.localKey,
      uuid: secret.uuid,
      devId: deviceId,
      protocol: ble.protocol,
      mtu: ble.mtu,
      timeZone: offsetMinutes(secret.zone),
      signal,
    });
    try {
      return await task(connection);
    } finally {
      onProgress('closing');
      await connection.close();
    }
  }

  // The flows for one lock (dl.flows.forLock): over a Bluetooth connection for a Bluetooth-only
  // lock (delivery 'ble'), through the cloud alone for the others (delivery 'gateway').
  function withDoor(deviceId, task, options) {
    const { ble } = configured.get(deviceId);
    const door = (lock) =>
      dl.flows.forLock({
        client,
        deviceId,
        lock,
        lockType: lockTypeOf(deviceId),
        delivery: ble ? 'ble' : 'gateway',
        memberId: ble ? ble.memberId : undefined,
      });
    return ble ? withBluetooth(deviceId, (connection) => task(door(connection)), options) : task(door(null));
  }

  // The form's dates and daily window as a weekly validity (the flows derive the cloud's schedule
  // from it, in config.timeZone).
  function periodOf(deviceId, form) {
    const { zone } = keys.get(deviceId) || { zone: '+08:00' };
    const effectiveTime = zonedSeconds(form.startDate, '00:00', zone);
    const invalidTime = zonedSeconds(form.endDate, '23:59', zone);
    return { validity: { effectiveTime, invalidTime, cycle: 'weekly', days: form.days, start: form.start, end: form.end } };
  }

  return {
    mode: config.mode,
    hasWebBluetooth: () => typeof navigator !== 'undefined' && Boolean(navigator.bluetooth),
    // Whether the cloud API has `action` for this lock's type (the catalog's lock types).
    supports: (deviceId, action) => dl.actions().some((entry) => entry.name === action && entry.lockTypes.includes(lockTypeOf(deviceId))),
    generatePassword: (deviceId) => dl.generatePassword({ lockType: lockTypeOf(deviceId) }),

    // The home's locks with their status: [{ deviceId, name, lockType, online, battery, bluetooth }].
    async listLocks() {
      const ids = [...configured.keys()];
      const records = await client.call('device.getListByIds', { device_ids: ids.join(',') });
      return Promise.all(
        records.map(async (record) => {
          keys.set(record.id, { localKey: record.local_key, uuid: record.uuid, zone: record.time_zone });
          const status = await call('device.status', { device_id: record.id });
          const battery = status.find((entry) => entry.code === 'residual_electricity');
          return {
            deviceId: record.id,
            name: record.name,
            lockType: lockTypeOf(record.id),
            online: record.online,
            battery: battery ? battery.value : null,
            zone: record.time_zone,
            bluetooth: isBluetoothOnly(record.id),
          };
        }),
      );
    },

    listPasswords: (deviceId) => call('doorLock.getTemporaryPasswordList', { device_id: deviceId, valid: 'true' }),

    // form: { name, password, startDate, endDate, days: ['mon', ...], start: 'HH:MM', end: 'HH:MM' }.
    // A Bluetooth-only lock stores the PIN itself (DP 51) and the cloud records it under the lock's
    // hard id (bluetooth_symbolic; rolled back on the lock when the cloud refuses); other locks get
    // it from the cloud. Resolves with { passwordId, hardId? }.
    async createPassword(deviceId, form, { via, onProgress = () => {}, signal } = {}) {
      const { validity } = periodOf(deviceId, form);
      const request = { name: form.name, password: form.password, validity, timeZone: config.timeZone, signal };
      const created = await withDoor(
        deviceId,
        (door) => {
          onProgress(door.delivery === 'ble' ? 'storing on the lock, then recording in the cloud' : 'saving in the cloud');
          return door.createPassword(request);
        },
        { via, onProgress, signal },
      );
      return created.hardId === undefined ? { passwordId: created.passwordId } : { passwordId: created.passwordId, hardId: created.hardId };
    },

    // A new name, period and window for a password (entry: a row of listPasswords). A Bluetooth-only
    // lock changes it itself (DP 53 by hard id, with the current PIN: lock SDK 3.x firmware empties
    // a PIN a change leaves out), then the cloud's record; other locks: the cloud (a new PIN takes
    // the modify form, no PIN the rename form).
    modifyPassword(deviceId, entry, form, { via, onProgress = () => {}, signal } = {}) {
      const { validity } = periodOf(deviceId, form);
      const request = { passwordId: entry.password_id, hardId: entry.sn, name: form.name, validity, timeZone: config.timeZone, signal };
      if (form.password) request.password = form.password;
      return withDoor(
        deviceId,
        (door) => {
          onProgress(door.delivery === 'ble' ? 'changing it on the lock, then in the cloud' : 'saving in the cloud');
          return door.modifyPassword(request);
        },
        { via, onProgress, signal },
      );
    },

    // On a Bluetooth-only lock the PIN leaves the lock first (DP 52 by its hard id), then the cloud's record.
    deletePassword(deviceId, entry, { via, onProgress = () => {}, signal } = {}) {
      return withDoor(
        deviceId,
        (door) => {
          onProgress(door.delivery === 'ble' ? 'removing it from the lock, then the cloud record' : 'removing it in the cloud');
          return door.deletePassword({ passwordId: entry.password_id, hardId: entry.sn, signal });
        },
        { via, onProgress, signal },
      );
    },

    // Bluetooth unlock with the check code the cloud issues for this phone (DP 70, then DP 71;
    // one refresh of the code when the lock answers check_code_mismatch). Never retried otherwise;
    // a lost answer comes back as an error with outcomeUnknown.
    unlock(deviceId, { via, onProgress = () => {}, signal } = {}) {
      return withDoor(
        deviceId,
        async (door) => {
          onProgress('check code and unlock');
          const opened = await door.unlock({ signal });
          return { ok: opened.ok, status: opened.status, refreshed: opened.refreshed, loggedAt: opened.record ? opened.record.time : null };
        },
        { via, onProgress, signal },
      );
    },

    // A remote unlock through the cloud for the locks that are online (the door PIN is required).
    openDoor: (deviceId, password) => client.openDoor({ device_id: deviceId, password }, { lockType: lockTypeOf(deviceId) }),

    async logs(deviceId, pageNo) {
      const result = await call('doorLock.openingLogs', {
        device_id: deviceId,
        page_no: pageNo,
        page_size: LOG_PAGE_SIZE,
        start_time: LOGS_SINCE_MS,
        end_time: Date.now(),
      });
      return { total: result.total, logs: result.logs, pageNo, pages: Math.max(1, Math.ceil(result.total / LOG_PAGE_SIZE)) };
    },

    members: (deviceId) => call('doorLock.listUsers', { device_id: deviceId, target_standard_dp_codes: UNLOCK_CODES.join(','), page_no: 1, page_size: 20 }),
    unlockMethods: (deviceId, userId) =>
      call('doorLock.listUserOpmodes', {
        device_id: deviceId,
        user_id: userId,
        target_unlock_standard_dp_codes: UNLOCK_CODES.join(','),
        page_no: 1,
        page_size: 20,
      }),

    dynamicPassword: (deviceId) => call('doorLock.getDynamicPassword', { device_id: deviceId }),
    deleteOfflinePassword: (deviceId, passwordId) => call('doorLock.deleteOfflinePassword', { device_id: deviceId, password_id: passwordId }),
  };
}
