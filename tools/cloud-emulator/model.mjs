// Small operations on the emulated home shared by the action handlers.
import { fail } from './failures.mjs';
import { STANDARD_DPS } from './home.mjs';

export const ALL_LOCK_TYPES = ['wifi', 'zigbee', 'ble', 'standard_wifi', 'wifi_access_control'];

export function pinLength(lockType) {
  return lockType === 'zigbee' || lockType === 'ble' ? 6 : 7;
}

export function page(items, pageNo, pageSize) {
  const start = (pageNo - 1) * pageSize;
  return items.slice(start, start + pageSize);
}

export function findUser(device, userId, path = 'user_id') {
  const user = device.users.find((candidate) => candidate.user_id === userId);
  if (!user) throw fail.notFound(`${path} ${userId}`);
  return user;
}

export function findOpmode(device, dpCode, unlockSn, path) {
  const opmode = device.opmodes.find((entry) => entry.dp_code === dpCode && entry.unlock_sn === unlockSn);
  if (!opmode) throw fail.notFound(`${path}: no ${dpCode} #${unlockSn} on this lock`);
  return opmode;
}

export function userName(device, userId) {
  const user = userId && device.users.find((candidate) => candidate.user_id === userId);
  return user ? user.nick_name : '';
}

export function unlockName(device, record) {
  const opmode = device.opmodes.find((entry) => entry.dp_code === record.dp_code && entry.unlock_sn === record.value);
  return opmode ? opmode.unlock_name : '';
}

export function addRecord(state, device, ctx, fields) {
  const record = { id: state.nextRecordId++, time: ctx.nowMs(), user_id: '1001', ...fields };
  device.records.push(record);
  return record;
}

export function dpId(code) {
  return STANDARD_DPS[code] ?? 0;
}

// Whether a temporary password can open the lock at `now` (Unix seconds). Schedules are checked
// by the lock against its own clock; the cloud only knows the overall validity period.
export function isCurrent(password, now) {
  return !password.deleted && password.effective_time <= now && now < password.invalid_time;
}

// phase as the reference lists it per lock family.
export function phaseOf(device, password, now) {
  if (device.lockType === 'zigbee') return password.deleted ? 4 : 2;
  if (password.deleted) return 0;
  return now < password.invalid_time ? 2 : 3;
}

export function findTemporaryPassword(device, passwordId, path = 'password_id') {
  const password = device.tempPasswords.find((entry) => String(entry.password_id) === String(passwordId) && !entry.purged);
  if (!password) throw fail.notFound(`${path} ${passwordId}`);
  return password;
}

// A ticket from doorLock.passwordTicket: issued for this device, unexpired, and used once.
export function takeTicket(ctx, device, ticketId, path = 'ticket_id') {
  const ticket = ctx.state.tickets.get(ticketId);
  if (!ticket || ticket.deviceId !== device.id) throw fail.illegal(path, 'is not a ticket of this device');
  if (ticket.used) throw fail.illegal(path, 'has already been used');
  if (ctx.nowSeconds() >= ticket.expiresAt) throw fail.illegal(path, 'has expired');
  ticket.used = true;
  return ticket;
}
