// The mini program's service layer: every use of doorlock-wasm is here, so pages only format what
// these functions answer. Each function answers plain data for setData; secrets (the lock's local
// key, check codes, PINs other than the one the user just chose) never leave this layer.
const { createSdk } = require('./sdk.js');
const schedule = require('./schedule.js');

const UNLOCK_DP_CODES = 'unlock_fingerprint,unlock_password,unlock_card,unlock_face,unlock_ble';

function batteryOf(status) {
  const entry = (status || []).find((dp) => dp.code === 'residual_electricity' || dp.code === 'battery_state');
  if (!entry) return null;
  return typeof entry.value === 'number' ? entry.value : null;
}

function createServices({ config, wx, sdk }) {
  const io = createSdk({ config, wx, sdk });
  const timeZone = config.timeZone || '+08:00';
  const offset = schedule.offsetOf(timeZone);
  const lockTypes = new Map(config.locks.map((lock) => [lock.deviceId, lock.lockType]));
  // The Bluetooth identity of each lock as the cloud gave it (local key included): kept here.
  const identities = new Map();

  function lockTypeOf(deviceId) {
    const type = lockTypes.get(deviceId);
    if (!type) throw Object.assign(new Error(`unknown lock ${deviceId}`), { code: 'INVALID_ARGUMENT', field: 'deviceId' });
    return type;
  }

  async function call(action, params, options) {
    const client = await io.cloud();
    return client.call(action, params, options);
  }

  // The battery and door state now (device.status).
  async function lockStatus(deviceId) {
    const status = await call('device.status', { device_id: deviceId });
    const door = status.find((dp) => dp.code === 'closed_opened');
    return { battery: batteryOf(status), door: door ? door.value : null };
  }

  // The app's locks: name and online state (device.getListByIds), battery (device.status).
  async function listLocks() {
    const ids = config.locks.map((lock) => lock.deviceId);
    if (ids.length === 0) return [];
    const devices = await call('device.getListByIds', { device_ids: ids.join(',') });
    const statuses = await Promise.all(devices.map((device) => lockStatus(device.id).catch(() => ({ battery: batteryOf(device.status), door: null }))));
    return devices.map((device, index) => {
      identities.set(device.id, { localKey: device.local_key, uuid: device.uuid, devId: device.id });
      const lockType = lockTypes.get(device.id);
      return {
        deviceId: device.id,
        name: device.name,
        online: Boolean(device.online),
        battery: statuses[index].battery,
        door: statuses[index].door,
        lockType,
        bluetoothOnly: lockType === 'ble',
      };
    });
  }

  async function listPasswords(deviceId) {
    const list = await call('doorLock.getTemporaryPasswordList', { device_id: deviceId, valid: true }, { lockType: lockTypeOf(deviceId) });
    return list.map((entry) => ({
      id: entry.password_id,
      name: entry.name || '',
      from: schedule.dateText(entry.effective_time, offset),
      to: schedule.dateText(entry.invalid_time, offset),
      windows: (entry.schedule_list || []).map(schedule.windowOf),
      active: entry.phase === 2,
      // A Bluetooth-only lock holds its passwords itself; the cloud's record names the lock's hard id (sn).
      onLockId: lockTypeOf(deviceId) === 'ble' && entry.sn !== undefined ? Number(entry.sn) : null,
    }));
  }

  async function identityOf(deviceId) {
    if (!identities.has(deviceId)) await listLocks();
    const identity = identities.get(deviceId);
    if (!identity) throw Object.assign(new Error(`the cloud does not know lock ${deviceId}`), { code: 'INVALID_ARGUMENT', field: 'deviceId' });
    return identity;
  }

  // A connected lock for the time of `use`, always released.
  async function withLock({ deviceId, bleId, onProgress, signal }, use) {
    const dl = await io.dl();
    const identity = await identityOf(deviceId);
    if (onProgress) onProgress('connecting');
    const adapter = await io.openAdapter({ bleId, signal });
    const lock = await sdk.connectLock({ dl, adapter, ...identity, ...(config.bluetooth || {}), signal });
    try {
      return await use(lock, dl);
    } finally {
      await lock.close();
    }
  }

  // Whose opening the lock logs: config.memberId (the lock user your backend maps this WeChat user
  // to), else the lock's owner (doorLock.listUsers, user_type 50). Replace with your user model.
  const memberIds = new Map();
  async function memberIdOf(deviceId) {
    if (Number.isInteger(config.memberId)) return config.memberId;
    if (!memberIds.has(deviceId)) {
      const users = await call('doorLock.listUsers', { device_id: deviceId, target_standard_dp_codes: UNLOCK_DP_CODES, page_no: 1, page_size: 50 });
      const owner = users.find((user) => user.user_type === 50);
      if (!owner)
        throw Object.assign(new Error(`lock ${deviceId} has no owner to log the opening for: set config.memberId`), {
          code: 'INVALID_ARGUMENT',
          field: 'memberId',
        });
      memberIds.set(deviceId, owner.lock_user_id);
    }
    return memberIds.get(deviceId);
  }

  // The lock-app flows for a Bluetooth-only lock (every change carried by the phone). The package's
  // dl.flows.forLock when it has it; otherwise the same steps spelled out here.
  // FALLBACK: remove the second branch once every supported doorlock-wasm ships dl.flows.
  async function lockFlows(dl, deviceId, lock) {
    const client = await io.cloud();
    const memberId = await memberIdOf(deviceId);
    if (dl.flows && typeof dl.flows.forLock === 'function') {
      return dl.flows.forLock({ client, deviceId, lock, delivery: 'ble', lockType: 'ble', memberId });
    }
    const needsFlows = (what) => Object.assign(new Error(`${what} on a Bluetooth lock needs dl.flows (doorlock-wasm with flows)`), { code: 'UNSUPPORTED' });
    return {
      async unlock() {
        // The cloud issues the check code: lock_random is the DP 70 write that sets it on the lock,
        // its ins the code, dev_unlock_id the lock's slot for this phone.
        const issued = await client.call('doorLock.getIssuedConfig', { device_id: deviceId });
        const random = issued.lock_random;
        await lock.writeCloudDp(random);
        return lock.unlock({ checkCode: random.ins, slaveId: parseInt(random.dev_unlock_id, 16), memberId });
      },
      async createPassword(params) {
        const stored = await lock.createTemporaryPassword({ password: params.password, validity: params.validity });
        const { id } = await client.createTemporaryPassword(
          {
            device_id: deviceId,
            name: params.name,
            password: params.password,
            effective_time: params.validity.effectiveTime,
            invalid_time: params.validity.invalidTime,
            bluetooth_symbolic: true,
            sn: stored.hardId,
          },
          { lockType: 'ble' },
        );
        return { passwordId: id, hardId: stored.hardId };
      },
      async modifyPassword() {
        throw needsFlows('changing a password');
      },
      async deletePassword() {
        throw needsFlows('deleting a password');
      },
    };
  }

  function bluetoothNeeded(deviceId) {
    return Object.assign(new Error(`lock ${deviceId} keeps its passwords on the lock: connect to it over Bluetooth first`), {
      code: 'BLE_ID_REQUIRED',
      field: 'bleId',
    });
  }

  // form: { name, startDate, endDate, startTime, endTime, days }. A Bluetooth-only lock keeps its
  // passwords itself: the PIN is stored over Bluetooth (bleId: the lock's id on this phone) and
  // recorded in the cloud under the hard id the lock gave it (bluetooth_symbolic).
  async function createPassword(deviceId, form, { bleId, onProgress } = {}) {
    const lockType = lockTypeOf(deviceId);
    const dl = await io.dl();
    const password = dl.generatePassword({ lockType });
    if (lockType === 'ble') {
      if (!bleId) throw bluetoothNeeded(deviceId);
      return withLock({ deviceId, bleId, onProgress }, async (lock) => {
        const flows = await lockFlows(dl, deviceId, lock);
        if (onProgress) onProgress('writing');
        const result = await flows.createPassword({ name: form.name, password, validity: schedule.lockValidity(form, timeZone), timeZone });
        return { id: result.passwordId, hardId: result.hardId, password };
      });
    }
    const client = await io.cloud();
    const { id } = await client.createTemporaryPassword(
      {
        device_id: deviceId,
        name: form.name,
        password,
        schedule: schedule.cloudSchedule(form, timeZone),
      },
      { lockType },
    );
    return { id, password };
  }

  // A new name and schedule; the PIN stays. On a Bluetooth-only lock the lock's copy changes first
  // (hardId: the list's onLockId).
  async function modifyPassword(deviceId, passwordId, form, { bleId, hardId, onProgress } = {}) {
    const lockType = lockTypeOf(deviceId);
    const dl = await io.dl();
    if (lockType === 'ble') {
      if (!bleId) throw bluetoothNeeded(deviceId);
      return withLock({ deviceId, bleId, onProgress }, async (lock) => {
        const flows = await lockFlows(dl, deviceId, lock);
        if (onProgress) onProgress('writing');
        await flows.modifyPassword({
          passwordId: Number(passwordId),
          hardId: Number(hardId),
          name: form.name,
          validity: schedule.lockValidity(form, timeZone),
          timeZone,
        });
        return true;
      });
    }
    const client = await io.cloud();
    // The rename form takes the schedule as the cloud spells it (schedule_list, time_zone).
    await client.modifyTemporaryPassword(
      {
        device_id: deviceId,
        password_id: Number(passwordId),
        name: form.name,
        ...dl.buildSchedule(schedule.cloudSchedule(form, timeZone)),
      },
      { lockType },
    );
    return true;
  }

  // On a Bluetooth-only lock the PIN is deleted on the lock (DP 52), then in the cloud.
  async function deletePassword(deviceId, passwordId, { bleId, hardId, onProgress } = {}) {
    if (lockTypeOf(deviceId) === 'ble') {
      if (!bleId) throw bluetoothNeeded(deviceId);
      const dl = await io.dl();
      return withLock({ deviceId, bleId, onProgress }, async (lock) => {
        const flows = await lockFlows(dl, deviceId, lock);
        if (onProgress) onProgress('writing');
        await flows.deletePassword({ passwordId: Number(passwordId), hardId: Number(hardId) });
        return true;
      });
    }
    await call('doorLock.deleteTemporaryPassword', { device_id: deviceId, password_id: String(passwordId) });
    return true;
  }

  // Nearby Tuya locks for `durationMs`: [{ bleId, name, rssi }].
  function scanLocks({ durationMs = 4000 } = {}) {
    if (io.development)
      return Promise.resolve(config.locks.filter((lock) => lock.lockType === 'ble').map((lock) => ({ bleId: lock.deviceId, name: lock.deviceId, rssi: null })));
    const tuya = sdk.TUYA_ADVERTISING.advertisedServices.map((uuid) => uuid.toUpperCase());
    // A Tuya lock names one of Tuya's UUIDs among its advertised services or service data.
    const isLock = (device) =>
      [...(device.advertisServiceUUIDs || []), ...Object.keys(device.serviceData || {})].some((uuid) => tuya.includes(String(uuid).toUpperCase()));
    return new Promise((resolve, reject) => {
      const seen = new Map();
      const found = ({ devices }) =>
        devices.filter(isLock).forEach((device) => {
          seen.set(device.deviceId, { bleId: device.deviceId, name: device.localName || device.name || device.deviceId, rssi: device.RSSI });
        });
      wx.openBluetoothAdapter({
        success: () => {
          wx.onBluetoothDeviceFound(found);
          wx.startBluetoothDevicesDiscovery({
            allowDuplicatesKey: false,
            success: () =>
              setTimeout(() => {
                wx.stopBluetoothDevicesDiscovery({});
                wx.offBluetoothDeviceFound(found);
                resolve([...seen.values()]);
              }, durationMs),
            fail: reject,
          });
        },
        fail: reject,
      });
    });
  }

  // Opens the lock once. Never retried: an unlock whose answer was lost fails with
  // outcomeUnknown, and the page says the door may have opened.
  async function unlock(deviceId, { bleId, onProgress, signal } = {}) {
    return withLock({ deviceId, bleId, onProgress, signal }, async (lock, dl) => {
      const flows = await lockFlows(dl, deviceId, lock);
      if (onProgress) onProgress('unlocking');
      const result = await flows.unlock();
      return { status: result.status };
    });
  }

  // One page of the lock's opening records, newest first.
  async function listLogs(deviceId, { page = 1, pageSize = 20 } = {}) {
    const answer = await call('doorLock.listRecords', {
      device_id: deviceId,
      target_standard_dp_codes: UNLOCK_DP_CODES,
      start_time: 0,
      end_time: 0,
      page_no: page,
      page_size: pageSize,
    });
    const rows = (answer.records || []).map((record) => ({
      id: record.record_id,
      who: record.user_name || '',
      method: record.unlock_name || '',
      dpCode: Object.keys((record.dps && record.dps[0]) || {})[0] || '',
      time: schedule.dateTimeText(Math.floor(record.gmt_create / 1000), offset),
    }));
    return { rows, total: answer.total || 0, hasMore: page * pageSize < (answer.total || 0) };
  }

  async function listMembers(deviceId) {
    const users = await call('doorLock.listUsers', { device_id: deviceId, target_standard_dp_codes: UNLOCK_DP_CODES, page_no: 1, page_size: 50 });
    return users.map((user) => ({
      userId: user.user_id,
      name: user.nick_name,
      role: user.user_type === 50 ? 'owner' : user.user_type === 20 ? 'admin' : 'member',
      // (no flatMap: older iOS WeChat engines lack it)
      methods: [].concat(
        ...(user.unlock_detail || []).map((detail) =>
          (detail.unlock_list || []).map((method) => ({
            key: `${method.dp_code}-${method.unlock_sn}`,
            dpCode: method.dp_code,
            name: method.unlock_name,
          })),
        ),
      ),
    }));
  }

  async function dynamicPassword(deviceId) {
    const answer = await call('doorLock.getDynamicPassword', { device_id: deviceId }, { lockType: lockTypeOf(deviceId) });
    return answer.dynamic_password;
  }

  async function deleteOfflinePassword(deviceId, passwordId) {
    await call('doorLock.deleteOfflinePassword', { device_id: deviceId, password_id: String(passwordId) });
    return true;
  }

  return {
    mode: config.mode,
    locks: () => config.locks.slice(),
    listLocks,
    lockStatus,
    listPasswords,
    createPassword,
    modifyPassword,
    deletePassword,
    scanLocks,
    unlock,
    listLogs,
    listMembers,
    dynamicPassword,
    deleteOfflinePassword,
  };
}

module.exports = { createServices };
