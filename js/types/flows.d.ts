// Types of dl.flows: the flows a lock app runs for one lock (docs/flows.md), composed from a cloud
// client and a connected Bluetooth lock.
import type { CloudClient } from './cloud-client';
import type { CloudLockType, DoorLockGetTemporaryPasswordListResult } from './cloud-actions';
import type { LockConnection, UnlockRecord, ValidityParams } from './ble';
import type { LockDpWarning, UnlockCheckReply } from './ble-lock-dp';

/** 'ble': the phone carries every change to the lock over Bluetooth (bluetooth_symbolic); 'gateway': the cloud delivers. */
export type LockDelivery = 'ble' | 'gateway';

export interface ForLockOptions {
  client: CloudClient;
  /** The lock's cloud device id. */
  deviceId: string;
  /** The connected lock (connectLock); needed by every Bluetooth step, never used for a gateway lock. */
  lock?: LockConnection | null;
  /** The lock user id the openings are logged for (doorLock.listUsers' lock_user_id). */
  memberId?: number;
  /** Default 'ble'. */
  delivery?: LockDelivery;
  /** Default: the client's lock type, else 'ble'. */
  lockType?: CloudLockType;
}

/**
 * How each step of a two-step flow ended: 'done'; 'refused' (the lock or the cloud said no);
 * 'failed' (provably not carried out); 'unknown' (may have been carried out: outcomeUnknown);
 * 'skipped' (not this lock's, or cloudOnly); 'not_sent' (an earlier step failed).
 */
export type FlowStepOutcome = 'done' | 'refused' | 'failed' | 'unknown' | 'skipped' | 'not_sent';

export interface FlowSteps {
  lock: FlowStepOutcome;
  cloud: FlowStepOutcome;
  /** A create whose cloud step definitely failed: the PIN deleted again on the lock (DP 52). */
  rollback?: FlowStepOutcome;
}

/**
 * What a failed flow throws: a DoorlockError of the step that failed (its code, cloudCode, field),
 * plus every step's outcome. outcomeUnknown is set when any step's outcome is 'unknown'.
 */
export interface FlowErrorFields {
  steps: FlowSteps;
  /** The hard id the lock gave the password, once it gave one. */
  hardId?: number;
  /** Why the rollback failed, when it did. */
  rollbackError?: Error;
  /** unlock(): the code was refreshed from the cloud after a check_code_mismatch. */
  refreshed?: true;
}

export interface PreparedCheckCode {
  /** Whether the cloud asked for DP 70 (getIssuedConfig's lock_random.distributed). */
  distributed: boolean;
  /** The host slot (dev_unlock_id) DP 71 uses. */
  slaveId: number;
  /**
   * The lock's answer to DP 70. A refusal is no failure: a lock that already holds the code refuses
   * the first-code form the cloud builds; the unlock tells whether the code is right.
   */
  checkCodeSet?: { sent: boolean; ok?: boolean; status?: string; ackOnly?: true };
}

/** The lock's DP 71 answer without the check code it repeats, and the opening's record. */
export type FlowUnlockResult = Omit<UnlockCheckReply, 'checkCode'> & {
  ok: true;
  record: UnlockRecord | null;
  /** True when the first DP 71 got check_code_mismatch and the code was fetched again (once). */
  refreshed: boolean;
};

export interface FlowCallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface FlowPasswordParams extends FlowCallOptions {
  name: string;
  /** The PIN (6 digits on Bluetooth locks). */
  password: string;
  /** The lock's validity; the cloud's period and schedule are built from it. */
  validity: ValidityParams;
  /** The lock's time zone for the cloud's schedule (IANA name or '+08:00'); required for daily and weekly validity. */
  timeZone?: string;
  phone?: string;
  /** The cloud's validity type (0 many uses, 1 once). */
  type?: 0 | 1;
  allowWeakPassword?: boolean;
  /** Record a password the lock already holds (a previous create's steps.lock 'done'): the cloud step alone. */
  cloudOnly?: boolean;
  /** With cloudOnly: the hard id the lock gave it. */
  hardId?: number;
}

export interface FlowModifyParams extends FlowCallOptions {
  passwordId: number;
  /** Required with delivery 'ble' unless cloudOnly. */
  hardId?: number;
  /** The cloud's rename form needs the name. */
  name: string;
  validity: ValidityParams;
  timeZone?: string;
  /**
   * 'ble': the current PIN, sent again with DP 53 so that lock SDK 3.x firmware keeps it (a PIN is
   * never changed on a Bluetooth lock: delete and create). 'gateway': a new PIN (the modify form).
   */
  password?: string;
  cloudOnly?: boolean;
}

export interface FlowDeleteParams extends FlowCallOptions {
  passwordId: number | string;
  hardId?: number;
  cloudOnly?: boolean;
}

export interface LockFlows {
  readonly deviceId: string;
  readonly delivery: LockDelivery;
  readonly lock: LockConnection | null;
  /** doorLock.getIssuedConfig -> DP 70 when distributed. The code is kept inside, as bytes. */
  prepareCheckCode(options?: FlowCallOptions): Promise<PreparedCheckCode>;
  /**
   * DP 71 with the held code (prepared first when none is held). A check_code_mismatch refreshes the
   * code once and sends DP 71 once more (refreshed: true); a lost answer is outcomeUnknown, never resent.
   */
  unlock(params?: FlowCallOptions & { open?: boolean; memberId?: number; recordTimeoutMs?: number }): Promise<FlowUnlockResult>;
  /** doorLock.bleOpenInstruction for the lock's next SN, relayed as it is. Never retried. */
  unlockWithCloudInstruction(params?: FlowCallOptions & { open?: boolean; recordTimeoutMs?: number }):
    Promise<{ sn: number; reply?: Omit<UnlockCheckReply, 'checkCode'> & { dp: number; kind: string }; record: UnlockRecord | null }>;
  /** Wipes the held check code. */
  forgetCheckCode(): void;
  readonly hasCheckCode: boolean;
  /** 'ble': DP 51 -> hard_id -> cloud record (bluetooth_symbolic, sn = hard_id). 'gateway': the cloud alone. */
  createPassword(params: FlowPasswordParams): Promise<{ passwordId: number; hardId?: number; steps: FlowSteps }>;
  /** 'ble': DP 53 -> the cloud's rename form with the period. 'gateway': the cloud alone. */
  modifyPassword(params: FlowModifyParams): Promise<{ steps: FlowSteps; warnings?: LockDpWarning[] }>;
  /** 'ble': DP 52 -> the cloud delete. 'gateway': the cloud alone. */
  deletePassword(params: FlowDeleteParams): Promise<{ steps: FlowSteps }>;
  /** The cloud's record of the password the lock holds under hardId, or null (settles an unknown create). */
  findCloudPassword(params: { hardId: number; signal?: AbortSignal }): Promise<DoorLockGetTemporaryPasswordListResult[number] | null>;
}

/** dl.flows */
export interface DoorlockFlows {
  forLock(options: ForLockOptions): LockFlows;
  readonly deliveries: readonly LockDelivery[];
}
