// Types of the cloud client's named methods for a lock app's day (docs/cloud-methods.md). Each is
// one cloud action: parameters and results are the generated ones (cloud-actions.d.ts).
import type {
  CloudActionName,
  CloudActionParams,
  CloudActionResults,
  DoorLockGetDynamicPasswordResult,
  DoorLockModifyTemporaryPasswordRenameParams,
  DoorLockPasswordFreeOpenParams,
} from './cloud-actions';
import type { CallOptions } from './cloud-client';

/** How a lock's keypad expects cloud-issued codes typed (the product's panel config). */
export interface PasswordDisplayOptions {
  /** The keypad's numeral base, 4..10 (default 10: the digits as they are). */
  digitalBase?: number;
  /** A keypad without 0 (keys 1..base): every digit shown one higher; needs digitalBase <= 9. */
  hideZero?: boolean;
}

/** Parameters of an action that pages by page_no, where page_no may be left out (from 1). */
export type FromPage<P> = P extends { page_no: number } ? Omit<P, 'page_no'> & { page_no?: number } : P;

/** One page per call; `.pages()` walks every page to the last. */
export interface PagedMethod<A extends CloudActionName> {
  (params: CloudActionParams[A], options?: CallOptions): Promise<CloudActionResults[A]>;
  /**
   * Every page from params.page_no (default 1), or from the first row, one request at a time,
   * until the answer says it was the last. An aborted options.signal rejects with ABORTED and
   * sends no further request; a page answer that says "more" but cannot be continued rejects with
   * BAD_RESPONSE. After the first page, empty pages are not yielded.
   */
  pages(params: FromPage<CloudActionParams[A]>, options?: CallOptions): AsyncGenerator<CloudActionResults[A], void, undefined>;
}

export type ActionMethod<A extends CloudActionName> =
  (params: CloudActionParams[A], options?: CallOptions) => Promise<CloudActionResults[A]>;

export interface CloudLockMethods {
  /** doorLock.openingLogs: unlock records, page_no / page_size; total says how many. */
  listUnlockLogs: PagedMethod<'doorLock.openingLogs'>;
  /** doorLock.alarmLogs: alarm records, page_no / page_size. */
  listAlarmLogs: PagedMethod<'doorLock.alarmLogs'>;
  /** doorLock.listRecords: unlock and alarm records of the given DP codes, page_no / page_size. */
  listUnlockAndAlarmRecords: PagedMethod<'doorLock.listRecords'>;
  /** doorLock.operateRecords: operation records, pageSize and lastRowKey (hasMore). */
  listOperationLogs: PagedMethod<'doorLock.operateRecords'>;
  /** doorLock.loglatest: the latest record. */
  getLatestLog: ActionMethod<'doorLock.loglatest'>;

  /** doorLock.listUsers: the lock's users, page_no / page_size (a page shorter than page_size is the last). */
  listUsers: PagedMethod<'doorLock.listUsers'>;
  getUser: ActionMethod<'doorLock.getUser'>;
  /** doorLock.listUserOpmodes: one user's unlock methods, page_no / page_size (has_more). */
  listUserUnlockMethods: PagedMethod<'doorLock.listUserOpmodes'>;
  /** doorLock.listUnallocatedOpmodes: unlock methods bound to no user. */
  listUnallocatedUnlockMethods: PagedMethod<'doorLock.listUnallocatedOpmodes'>;
  /** doorLock.allocateOpmode: bind unlock methods to a user. Sent once. */
  allocateUnlockMethods: ActionMethod<'doorLock.allocateOpmode'>;
  /** doorLock.deallocateOpmode: unbind one. Sent once. */
  deallocateUnlockMethod: ActionMethod<'doorLock.deallocateOpmode'>;

  /** doorLock.createPermissionSharing: a link for temporary unlocking. */
  createSharingLink: ActionMethod<'doorLock.createPermissionSharing'>;
  verifySharingLink: ActionMethod<'doorLock.verifyPermissionSharing'>;
  /** doorLock.confirmPermissionSharing: the receiver accepts the link. */
  acceptSharingLink: ActionMethod<'doorLock.confirmPermissionSharing'>;
  cancelSharingLink: ActionMethod<'doorLock.cancelPermissionSharing'>;

  /** doorLock.setHijack: unlocking with this method raises a duress alarm. */
  enableDuressAlarm: ActionMethod<'doorLock.setHijack'>;
  /** doorLock.removeHijack. */
  disableDuressAlarm: ActionMethod<'doorLock.removeHijack'>;

  /** doorLock.remoteUnlocks: which remote unlocking methods are on. */
  listRemoteUnlockMethods: ActionMethod<'doorLock.remoteUnlocks'>;
  /** doorLock.remoteUnlockConfig: switch one on or off. */
  setRemoteUnlock: ActionMethod<'doorLock.remoteUnlockConfig'>;
  /**
   * Unlock without a PIN: a fresh doorLock.passwordTicket, then doorLock.passwordFreeOpen sent
   * once (never retried; a lost answer is outcomeUnknown).
   */
  unlockWithoutPassword(params: Omit<DoorLockPasswordFreeOpenParams, 'ticket_id'>, options?: CallOptions): Promise<CloudActionResults['doorLock.passwordFreeOpen']>;
  /** doorLock.cancelPasswordFreeOpen: turn down a pending remote unlock request. */
  rejectRemoteUnlock: ActionMethod<'doorLock.cancelPasswordFreeOpen'>;

  /** T0 of the offline-password algorithm (device.getListByIds active_time): pass it to lock.pushT0({ activeTime }). */
  getActivationTime(params: { device_id: string }, options?: CallOptions): Promise<{ device_id: string; activeTime: number }>;
  /** doorLock.getSyncableOpmodeTypes: whether to send the unlock-method sync DP now (distributed), and what. */
  getUnlockMethodSync: ActionMethod<'doorLock.getSyncableOpmodeTypes'>;

  /** doorLock.getDynamicPassword, with `display`: the code as the lock's keypad expects it typed. */
  getDynamicPassword(params: CloudActionParams['doorLock.getDynamicPassword'], options?: CallOptions & PasswordDisplayOptions): Promise<DoorLockGetDynamicPasswordResult & { display: string }>;
  deleteOfflinePassword: ActionMethod<'doorLock.deleteOfflinePassword'>;

  /** doorLock.getTemporaryPasswordList: valid (true) or invalid (false) ones. */
  listTemporaryPasswords: ActionMethod<'doorLock.getTemporaryPasswordList'>;
  getTemporaryPassword: ActionMethod<'doorLock.getTemporaryPassword'>;
  /** doorLock.modifyTemporaryPassword, rename form: a new name only. */
  renameTemporaryPassword(params: Pick<DoorLockModifyTemporaryPasswordRenameParams, 'device_id' | 'password_id' | 'name'>, options?: Omit<CallOptions, 'form'>): Promise<CloudActionResults['doorLock.modifyTemporaryPassword']>;
  deleteTemporaryPassword: ActionMethod<'doorLock.deleteTemporaryPassword'>;
  /** doorLock.removalInvalidTempPasswords: clear the expired and deleted ones. */
  removeInvalidTemporaryPasswords: ActionMethod<'doorLock.removalInvalidTempPasswords'>;
}
