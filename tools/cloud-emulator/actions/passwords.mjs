// Tickets and temporary passwords: doorLock.passwordTicket, get/list/create/modify/delete of
// temporary passwords, removal of invalid ones, offline passwords, dynamic passwords.
import { randomBytes } from 'node:crypto';
import { bool, idLike, integer, list, object, oneOf, optional, required, seconds, text } from '../checks.mjs';
import { fail } from '../failures.mjs';
import { decryptPin, issueTicketKey, newInnerKey } from '../ticket-crypto.mjs';
import { findTemporaryPassword, isCurrent, phaseOf, pinLength, takeTicket } from '../model.mjs';

const device = () => required(text());

// Time zones as the cloud has been seen to take them: IANA names, UTC, or an offset like +08:00.
const timeZone = () => (value, path) => {
  text()(value, path);
  if (value !== '' && !/^(?:[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+|UTC|GMT|[+-](?:0?\d|1[0-4]):[0-5]\d)$/.test(value)) {
    throw fail.illegal(path, 'is not a time zone (an IANA name such as Asia/Shanghai, or an offset such as +08:00)');
  }
  return value;
};
timeZone.blankIsAbsent = false;

const window = object({
  effective_time: required(integer(0, 1440)),
  invalid_time: required(integer(0, 1440)),
  working_day: required(integer(0, 127)),
});

function checkWindows(windows) {
  windows.forEach((entry, index) => {
    if (entry.effective_time >= entry.invalid_time) {
      throw fail.illegal(`schedule_list[${index}].invalid_time`, 'must be later in the day than effective_time');
    }
  });
}

function checkPeriod(params) {
  if (params.effective_time >= params.invalid_time) throw fail.illegal('invalid_time', 'must be after effective_time');
}

function checkSchedule(params) {
  const windows = params.schedule_list || [];
  checkWindows(windows);
  if (windows.length > 0 && !params.time_zone) throw fail.empty('time_zone');
}

function checkZigbeeType(device, params) {
  if (device.lockType === 'zigbee' && params.type === undefined) throw fail.empty('type');
}

// The PIN inside `password`: decrypted with the ticket's key, with the length of this lock family.
function readPin(ctx, device, params) {
  if (params.password_type !== 'ticket') throw fail.illegal('password_type', 'must be "ticket"');
  const ticket = takeTicket(ctx, device, params.ticket_id);
  const pin = decryptPin(params.password, ticket.innerKey, 'password');
  const digits = pinLength(device.lockType);
  if (pin.length !== digits) throw fail.illegal('password', `must be ${digits} digits on a ${device.lockType} lock, got ${pin.length}`);
  return pin;
}

function refuseDuplicate(ctx, device, pin, exceptId) {
  const now = ctx.nowSeconds();
  const clash = device.doorPin === pin || device.tempPasswords.some((entry) => entry.password_id !== exceptId && isCurrent(entry, now) && entry.pin === pin);
  if (clash) throw fail.illegal('password', 'is already in use on this lock');
}

const temporaryFields = (withName) => ({
  device_id: device(),
  ...(withName ? { name: required(text()) } : {}),
  password: required(text()),
  effective_time: required(seconds()),
  invalid_time: required(seconds()),
  password_type: required(text()),
  ticket_id: required(text()),
  phone: optional(text()),
  type: optional(oneOf(0, 1)),
  time_zone: optional(timeZone()),
  schedule_list: optional(list(window, { max: 10 })),
  bluetooth_symbolic: optional(bool()),
  sn: optional(integer(0, 0xffff)),
});

// bluetooth_symbolic (ble-protocol.md §6b.2): the app has already stored the PIN on a
// Bluetooth-only lock with DP 51, and the cloud only records it under the lock's hard_id (sn).
// It delivers nothing, so the record needs that hard id, and one not held by a live password.
function symbolicRecord(ctx, lock, params) {
  if (params.bluetooth_symbolic !== true) return false;
  if (lock.lockType !== 'ble') throw fail.illegal('bluetooth_symbolic', 'applies to Bluetooth locks only');
  if (params.sn === undefined) throw fail.empty('sn');
  const now = ctx.nowSeconds();
  if (lock.tempPasswords.some((entry) => entry.bluetooth_symbolic && entry.sn === params.sn && isCurrent(entry, now))) {
    throw fail.illegal('sn', `hard id ${params.sn} already holds a password on this lock`);
  }
  return true;
}

function createTemporary(withName) {
  return (params, ctx) => {
    const { device: lock, state } = ctx;
    checkZigbeeType(lock, params);
    checkPeriod(params);
    checkSchedule(params);
    const symbolic = symbolicRecord(ctx, lock, params);
    const pin = readPin(ctx, lock, params);
    refuseDuplicate(ctx, lock, pin, null);
    const id = state.nextPasswordId++;
    lock.tempPasswords.push({
      password_id: id,
      name: withName ? params.name : '',
      pin,
      phone: params.phone ?? '',
      effective_time: params.effective_time,
      invalid_time: params.invalid_time,
      type: params.type ?? 0,
      time_zone: params.time_zone ?? '',
      schedule_list: params.schedule_list ?? [],
      deleted: false,
      sn: params.sn ?? lock.tempPasswords.length + 1,
      bluetooth_symbolic: symbolic,
    });
    return { id };
  };
}

function describe(lock, password, now) {
  const answer = {
    password_id: password.password_id,
    effective_time: password.effective_time,
    invalid_time: password.invalid_time,
    name: password.name,
    phase: phaseOf(lock, password, now),
    phone: password.phone,
    time_zone: password.time_zone,
    delivery_status: 2,
  };
  if (password.schedule_list.length > 0) answer.schedule_list = password.schedule_list.map((entry) => ({ ...entry }));
  if (lock.lockType === 'ble') answer.sn = password.sn;
  return answer;
}

// The modify form changes the PIN and the period; the rename form only the name (and whatever
// optional fields come with it). A request with a password is the modify form.
const modifyFields = {
  device_id: device(),
  password_id: required(integer(0)),
  name: optional(text()),
  password: required(text()),
  effective_time: required(seconds()),
  invalid_time: required(seconds()),
  password_type: required(text()),
  ticket_id: required(text()),
  phone: optional(text()),
  type: optional(oneOf(0, 1)),
  time_zone: optional(timeZone()),
  schedule_list: optional(list(window, { max: 10 })),
  bluetooth_symbolic: optional(bool()),
};

const renameFields = {
  ...modifyFields,
  name: required(text()),
  password: optional(text()),
  effective_time: optional(seconds()),
  invalid_time: optional(seconds()),
  password_type: optional(text()),
  ticket_id: optional(text()),
};

function modifyTemporary(params, ctx) {
  const { device: lock } = ctx;
  checkZigbeeType(lock, params);
  checkPeriod(params);
  checkSchedule(params);
  const password = findTemporaryPassword(lock, params.password_id);
  if (password.deleted) throw fail.illegal('password_id', 'has been deleted');
  const pin = readPin(ctx, lock, params);
  refuseDuplicate(ctx, lock, pin, password.password_id);
  Object.assign(password, {
    pin,
    effective_time: params.effective_time,
    invalid_time: params.invalid_time,
    ...(params.name !== undefined ? { name: params.name } : {}),
    ...(params.phone !== undefined ? { phone: params.phone } : {}),
    ...(params.type !== undefined ? { type: params.type } : {}),
    ...(params.time_zone !== undefined ? { time_zone: params.time_zone } : {}),
    ...(params.schedule_list !== undefined ? { schedule_list: params.schedule_list } : {}),
  });
  return true;
}

function renameTemporary(params, ctx) {
  const { device: lock } = ctx;
  checkZigbeeType(lock, params);
  const password = findTemporaryPassword(lock, params.password_id);
  if (password.deleted) throw fail.illegal('password_id', 'has been deleted');
  // The optional fields of this form change what they name; the PIN stays.
  const merged = {
    effective_time: params.effective_time ?? password.effective_time,
    invalid_time: params.invalid_time ?? password.invalid_time,
    time_zone: params.time_zone ?? password.time_zone,
    schedule_list: params.schedule_list ?? password.schedule_list,
  };
  checkPeriod(merged);
  checkSchedule(merged);
  Object.assign(password, merged, { name: params.name });
  if (params.phone !== undefined) password.phone = params.phone;
  if (params.type !== undefined) password.type = params.type;
  return true;
}

export const passwordActions = {
  'doorLock.passwordTicket': {
    // The reference lists Wi-Fi, Zigbee and BLE, yet the standard Wi-Fi lock's passwordFreeOpen and
    // the access-control device's temporary passwords need a ticket too: every lock gets one.
    lockTypes: ['wifi', 'zigbee', 'ble', 'standard_wifi', 'wifi_access_control'],
    params: { device_id: device() },
    handle(params, ctx) {
      const innerKey = newInnerKey();
      let ticketId;
      do {
        ticketId = randomBytes(6).toString('base64url');
      } while (ctx.state.tickets.has(ticketId));
      const lifetime = ctx.ticketLifetimeSeconds;
      ctx.state.tickets.set(ticketId, { deviceId: ctx.device.id, innerKey, expiresAt: ctx.nowSeconds() + lifetime, used: false });
      return { expire_time: lifetime, ticket_id: ticketId, ticket_key: issueTicketKey(ctx.accessKey, innerKey) };
    },
  },
  'doorLock.getTemporaryPassword': {
    lockTypes: ['wifi', 'zigbee', 'ble', 'wifi_access_control'],
    params: { device_id: device(), password_id: required(integer(0)) },
    handle(params, ctx) {
      return describe(ctx.device, findTemporaryPassword(ctx.device, params.password_id), ctx.nowSeconds());
    },
  },
  'doorLock.getTemporaryPasswordList': {
    lockTypes: ['wifi', 'zigbee', 'ble', 'wifi_access_control'],
    params: { device_id: device(), valid: required(bool()) },
    handle(params, ctx) {
      const now = ctx.nowSeconds();
      return ctx.device.tempPasswords
        .filter((entry) => !entry.purged && (!entry.deleted && now < entry.invalid_time) === params.valid)
        .map((entry) => describe(ctx.device, entry, now));
    },
  },
  'doorLock.createTemporaryPassword': {
    lockTypes: ['wifi', 'zigbee', 'ble', 'wifi_access_control'],
    params: temporaryFields(true),
    handle: createTemporary(true),
  },
  'doorLock.createTemporaryPasswordWithoutName': {
    lockTypes: ['wifi', 'zigbee', 'ble'],
    params: temporaryFields(false),
    handle: createTemporary(false),
  },
  'doorLock.modifyTemporaryPassword': {
    form(raw) {
      const changesPassword = raw && raw.password !== undefined && raw.password !== '';
      return changesPassword
        ? {
            lockTypes: ['wifi', 'zigbee', 'wifi_access_control'],
            params: modifyFields,
            handle: modifyTemporary,
            refusal: 'Bluetooth locks do not support changing a temporary password',
          }
        : { lockTypes: ['wifi', 'zigbee', 'ble'], params: renameFields, handle: renameTemporary };
    },
  },
  'doorLock.deleteTemporaryPassword': {
    lockTypes: ['wifi', 'zigbee', 'ble', 'wifi_access_control'],
    params: { device_id: device(), password_id: required(idLike()), bluetooth_symbolic: optional(bool()) },
    handle(params, ctx) {
      const password = findTemporaryPassword(ctx.device, params.password_id);
      if (password.deleted) throw fail.illegal('password_id', 'has already been deleted');
      password.deleted = true;
      return true;
    },
  },
  'doorLock.removalInvalidTempPasswords': {
    lockTypes: ['wifi', 'zigbee', 'ble'],
    params: { device_id: device() },
    handle(params, ctx) {
      const now = ctx.nowSeconds();
      for (const entry of ctx.device.tempPasswords) {
        if (entry.deleted || now >= entry.invalid_time) entry.purged = true;
      }
      return true;
    },
  },
  // Listed without a section of its own: any lock, the device and the password's id.
  'doorLock.deleteOfflinePassword': {
    params: { device_id: device(), password_id: required(idLike()) },
    handle(params, ctx) {
      const list = ctx.device.offlinePasswords;
      const index = list.findIndex((entry) => String(entry.password_id) === params.password_id);
      if (index < 0) throw fail.notFound(`password_id ${params.password_id}`);
      list.splice(index, 1);
      return true;
    },
  },
  'doorLock.getDynamicPassword': {
    lockTypes: ['wifi', 'zigbee', 'ble'],
    params: { device_id: device() },
    handle() {
      const digits = [...randomBytes(8)].map((byte) => String(byte % 10)).join('');
      return { dynamic_password: digits };
    },
  },
};
