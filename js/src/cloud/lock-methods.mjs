// The rest of a lock app's day as named client methods (docs/cloud-methods.md): logs with
// paging, users and their unlock methods, sharing links, duress alarms, remote unlocking, T0,
// unlock-method sync, dynamic, offline and temporary passwords. Each method is call(action, ...):
// the core checks every parameter against its catalog and parses the answer, and the client's
// rules apply unchanged (reads retried, changes sent once, outcomeUnknown). This file adds names,
// page-by-page iteration and the display of codes (dl.displayPassword); it validates nothing.
import { DoorlockError } from '../errors.mjs';

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

function checkNotAborted(signal) {
  if (signal && signal.aborted) throw new DoorlockError({ code: 'ABORTED', message: 'aborted by the caller between pages' });
}

function badPaging(action, message) {
  return new DoorlockError({ code: 'BAD_RESPONSE', message: `${action}: ${message}` });
}

// Paging by page number: the next page exists while the last one was full and the total (where
// the answer gives one) or has_more says there is more.
function byPageNumber(itemsOf) {
  return {
    items: itemsOf,
    first: (params) => (isObject(params) ? { ...params, page_no: params.page_no ?? 1 } : params),
    next(params, page) {
      const items = itemsOf(page);
      // The core takes numbers given as text too: count with numbers.
      const pageNo = Number(params.page_no);
      const pageSize = Number(params.page_size);
      if (!Array.isArray(items) || !(items.length >= pageSize)) return null;
      if (page.has_more === false) return null;
      if (typeof page.total === 'number' && pageNo * pageSize >= page.total) return null;
      return { ...params, page_no: pageNo + 1 };
    },
  };
}

// doorLock.operateRecords pages by row key: each answer names the last row it holds.
const byRowKey = {
  items: (page) => page.records,
  first: (params) => params,
  next(params, page, action) {
    if (page.hasMore !== true) return null;
    const key = page.lastRowKey;
    if (typeof key !== 'string' || key === '' || key === params.lastRowKey) {
      throw badPaging(action, 'the answer says there is more but gives no new lastRowKey to continue from');
    }
    return { ...params, lastRowKey: key };
  },
};

const PAGED = {
  listUnlockLogs: ['doorLock.openingLogs', byPageNumber((page) => page.logs)],
  listAlarmLogs: ['doorLock.alarmLogs', byPageNumber((page) => page.records)],
  listUnlockAndAlarmRecords: ['doorLock.listRecords', byPageNumber((page) => page.records)],
  listOperationLogs: ['doorLock.operateRecords', byRowKey],
  listUsers: ['doorLock.listUsers', byPageNumber((page) => page)],
  listUserUnlockMethods: ['doorLock.listUserOpmodes', byPageNumber((page) => page.records)],
  listUnallocatedUnlockMethods: ['doorLock.listUnallocatedOpmodes', byPageNumber((page) => page)],
};

// One action each, parameters and answer as the catalog has them.
const PLAIN = {
  getLatestLog: 'doorLock.loglatest',
  getUser: 'doorLock.getUser',
  allocateUnlockMethods: 'doorLock.allocateOpmode',
  deallocateUnlockMethod: 'doorLock.deallocateOpmode',
  createSharingLink: 'doorLock.createPermissionSharing',
  verifySharingLink: 'doorLock.verifyPermissionSharing',
  acceptSharingLink: 'doorLock.confirmPermissionSharing',
  cancelSharingLink: 'doorLock.cancelPermissionSharing',
  enableDuressAlarm: 'doorLock.setHijack',
  disableDuressAlarm: 'doorLock.removeHijack',
  listRemoteUnlockMethods: 'doorLock.remoteUnlocks',
  setRemoteUnlock: 'doorLock.remoteUnlockConfig',
  rejectRemoteUnlock: 'doorLock.cancelPasswordFreeOpen',
  getUnlockMethodSync: 'doorLock.getSyncableOpmodeTypes',
  deleteOfflinePassword: 'doorLock.deleteOfflinePassword',
  listTemporaryPasswords: 'doorLock.getTemporaryPasswordList',
  getTemporaryPassword: 'doorLock.getTemporaryPassword',
  deleteTemporaryPassword: 'doorLock.deleteTemporaryPassword',
  removeInvalidTemporaryPasswords: 'doorLock.removalInvalidTempPasswords',
};

// Call options of a method that shows a code: { digitalBase, hideZero } next to the usual ones.
function splitDisplayOptions(options) {
  if (!isObject(options)) return { display: {}, callOptions: options };
  const { digitalBase, hideZero, ...callOptions } = options;
  const display = {};
  if (digitalBase !== undefined) display.digitalBase = digitalBase;
  if (hideZero !== undefined) display.hideZero = hideZero;
  return { display, callOptions };
}

// check(action, params, options): the core's checks of a request, as call() would build it.
export function lockMethods({ dl, call, check }) {
  const methods = {};

  for (const [name, action] of Object.entries(PLAIN)) {
    methods[name] = (params, options) => call(action, params, options);
  }

  for (const [name, [action, paging]] of Object.entries(PAGED)) {
    const onePage = (params, options) => call(action, params, options);
    // Every page from params.page_no (default 1) or the first row on, one request at a time, until
    // the last; an aborted signal stops it before the next request and aborts one in flight.
    onePage.pages = async function* pages(params, options) {
      const signal = isObject(options) ? options.signal : undefined;
      let current = paging.first(params);
      let first = true;
      while (current) {
        checkNotAborted(signal);
        const page = await call(action, current, options);
        const items = paging.items(page);
        // An empty page after the first only says the list ended.
        if (first || (Array.isArray(items) && items.length > 0)) yield page;
        first = false;
        current = paging.next(current, page, action);
      }
    };
    methods[name] = onePage;
  }

  // The modify action's rename form: a new name only, no ticket.
  methods.renameTemporaryPassword = (params, options) =>
    call('doorLock.modifyTemporaryPassword', params, { ...(isObject(options) ? options : {}), form: 'rename' });

  // The code with `display`: as the lock's keypad expects it typed. Bad display options are
  // refused before anything is sent.
  methods.getDynamicPassword = async (params, options) => {
    const { display, callOptions } = splitDisplayOptions(options);
    dl.displayPassword({ password: '0', ...display });
    const result = await call('doorLock.getDynamicPassword', params, callOptions);
    let shown;
    try {
      shown = dl.displayPassword({ password: result.dynamic_password, ...display });
    } catch (error) {
      if (!isObject(error) || error.field !== 'password') throw error;
      throw new DoorlockError({ code: 'BAD_RESPONSE', message: 'doorLock.getDynamicPassword: the code the cloud returned is not 1..32 decimal digits' });
    }
    return { ...result, display: shown };
  };

  // Unlock without a PIN: a fresh ticket (a read, retried like any), then doorLock.passwordFreeOpen
  // sent once. The core checks the parameters before the ticket is asked for.
  methods.unlockWithoutPassword = async (params, options) => {
    check('doorLock.passwordFreeOpen', isObject(params) ? { ...params, ticket_id: 'pending' } : params, options);
    const ticket = await call('doorLock.passwordTicket', { device_id: params.device_id }, options);
    return call('doorLock.passwordFreeOpen', { ...params, ticket_id: ticket.ticket_id }, options);
  };

  // T0 of the offline-password algorithm: the lock's active_time, to push with lock.pushT0.
  methods.getActivationTime = async (params, options) => {
    let devices;
    try {
      devices = await call('device.getListByIds', { device_ids: isObject(params) ? params.device_id : params }, options);
    } catch (error) {
      if (isObject(error) && error.field === 'device_ids') error.field = 'device_id';
      throw error;
    }
    const device = devices.find((entry) => entry.id === params.device_id);
    if (!device) throw new DoorlockError({ code: 'BAD_RESPONSE', message: 'device.getListByIds: the answer does not list the device asked for' });
    return { device_id: device.id, activeTime: device.active_time };
  };

  return methods;
}
