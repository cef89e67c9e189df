// Type declarations of doorlock-wasm (Node, browsers and doorlock-wasm/wechat share them).
// The cloud action types (types/cloud-actions.d.ts) are generated from the core's catalog.
import type { CloudApi } from './types/cloud-actions';
import type { DoorlockCloud } from './types/cloud-client';
import type { PasswordDisplayOptions } from './types/cloud-lock-methods';
import type { DoorlockBleCore } from './types/ble-core';
import type { Weekday } from './types/ble';
import type { DoorlockFlows } from './types/flows';

export * from './types/cloud-actions';
export * from './types/cloud-client';
export * from './types/cloud-lock-methods';
export * from './types/ble-core';
export * from './types/ble';
export * from './types/flows';

export type LockType = 'wifi' | 'zigbee' | 'ble' | 'standard_wifi' | 'wifi_access_control';
/** Bytes in; hex text is accepted where the cloud API itself uses hex. */
export type BytesLike = Uint8Array | ArrayBuffer | number[];

export type DoorlockErrorCode =
  | 'INVALID_ARGUMENT'
  | 'UNSUPPORTED_FOR_LOCK_TYPE'
  | 'CLOUD_ERROR'
  | 'BAD_RESPONSE'
  | 'BAD_FRAME'
  | 'CRC_MISMATCH'
  | 'REPLAYED_SN'
  | 'TIMEOUT'
  | 'NETWORK_ERROR'
  | 'ABORTED'
  | 'BLE_DISCONNECTED'
  | 'BLE_UNAVAILABLE'
  | 'BLE_ERROR'
  | 'LOCK_REJECTED'
  | 'NO_SECURE_RANDOM'
  | 'INVALID_STATE'
  | 'LOAD_FAILED'
  | 'INTERNAL'
  /** doorlock-wasm/server: the action is not on the server's allow list. */
  | 'NOT_ALLOWED'
  /** doorlock-wasm/server: the host's authorize() refused the caller. */
  | 'UNAUTHORIZED'
  | (string & {});

export class DoorlockError extends Error {
  readonly name: 'DoorlockError';
  /** Stable, for programs. */
  readonly code: DoorlockErrorCode;
  /** The offending parameter path, e.g. `windows[1].end` or `schedule_list[0].working_day`. */
  readonly field?: string;
  /** The cloud's own error code, on CLOUD_ERROR. */
  readonly cloudCode?: number;
  /**
   * True when a call that changes something (an unlock, a create, modify or delete) failed after its
   * request may have reached the cloud or the lock: it may have been carried out. Never on
   * read-only calls or CLOUD_ERROR. Read state before deciding anything; never resend blindly.
   * See docs/cloud-outcomes.md.
   */
  readonly outcomeUnknown?: true;
  constructor(init: { code: DoorlockErrorCode; message?: string; field?: string; cloudCode?: number; cause?: unknown });
}

export interface LoadOptions {
  /** The module's bytes; skips locating and fetching the .wasm. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Browsers: where to fetch the .wasm from (defaults to dist/core/doorlock_core.wasm next to the bundle). */
  locateFile?: (file: string) => string;
  /** Node: a file path to read the .wasm from. */
  wasmPath?: string;
  /**
   * A cryptographically secure source (n) => n random bytes. Defaults to node:crypto, Web Crypto or
   * wx.getRandomValues. `null` means "none": operations that need randomness then throw NO_SECURE_RANDOM.
   */
  randomBytes?: ((length: number) => Uint8Array) | null;
}

export interface WeChatLoadOptions extends LoadOptions {
  /** A path inside the code package; default '/miniprogram_npm/doorlock-wasm/doorlock_core.wasm.br'. */
  wasmPath?: string;
}

export interface ScheduleWindow {
  /** "HH:MM" or minutes of the day 0..1440. */
  start: string | number;
  end: string | number;
  /** Weekday names or a mask (bit0 = Sunday). */
  days: Weekday[] | number;
}

export interface ScheduleInput {
  /** 10-digit Unix seconds. */
  effectiveTime: number;
  invalidTime: number;
  /** IANA name ('Asia/Shanghai') or offset ('+08:00'); required with windows. */
  timeZone?: string;
  windows?: ScheduleWindow[];
}

export interface CloudSchedule {
  effective_time: number;
  invalid_time: number;
  time_zone?: string;
  schedule_list?: { effective_time: number; invalid_time: number; working_day: number }[];
}

export interface PasswordDisplayInput extends PasswordDisplayOptions {
  password: string;
}

export interface ValidityInput {
  effectiveTime: number;
  invalidTime: number;
  cycle?: 'none' | 'daily' | 'weekly';
  days?: Weekday[] | number;
  start?: string | number;
  end?: string | number;
}

export interface Doorlock extends CloudApi {
  decryptTicketKey(args: { ticketKey: string; accessKey: string }): Uint8Array;
  /** Upper-case hex of AES-128-ECB(PKCS7(password)) under the decrypted ticket key. */
  encryptPassword(args: { password: string; ticketKey: string; accessKey: string; key?: never; lockType?: LockType }): string;
  /**
   * The same with the decrypted ticket key itself (16 bytes, or 32 hex digits), for a backend that
   * hands out only that. Giving key together with ticketKey or accessKey is refused.
   */
  encryptPassword(args: { password: string; key: Uint8Array | string; ticketKey?: never; accessKey?: never; lockType?: LockType }): string;
  /** A uniformly random PIN of the lock type's length, from the host-seeded CSPRNG. */
  generatePassword(args: { lockType: LockType }): string;
  randomBytes(length: number): Uint8Array;
  /** What a code of the cloud's global error table means (CLOUD_ERROR's cloudCode: 1106, 2001, ...), or null for any other code. */
  cloudCodeMeaning(code: number): string | null;

  workingDayMask(days: Weekday[]): number;
  workingDays(mask: number): Weekday[];
  minuteOfDay(time: string): number;
  timeOfDay(minute: number): string;
  buildSchedule(input: ScheduleInput): CloudSchedule;
  /** The 17-byte validity block BLE locks store with a credential. */
  validityBlock(input: ValidityInput): Uint8Array;
  /**
   * A cloud-issued code (offline, dynamic or clearing password) as the lock's keypad expects it
   * typed: in the keypad's numeral base (digitalBase 4..10 from the product's panel config; base 10
   * keeps the digits as they are) and, with hideZero (a keypad without 0, base 9 at most), every
   * digit one higher. password: 1..32 decimal digits.
   */
  displayPassword(args: PasswordDisplayInput): string;

  /** The cloud client, transports and retry policy bound to this instance. */
  cloud: DoorlockCloud;
  /** The flows a lock app runs for one lock: check code and unlock, passwords kept in step on lock and cloud (docs/flows.md). */
  flows: DoorlockFlows;
  /** The Tuya BLE protocol: frames, keys, sub-packets, DPs, lock DPs and the app-side session. */
  ble: DoorlockBleCore;

  diagnostics: {
    /** Bytes of the module's heap in use (for leak checks and benchmarks). */
    heapInUse(): number;
    /** Size of the module's linear memory in bytes (it only grows). */
    memoryBytes(): number;
    /** Where the module's stack stands between calls (it does not move unless a call leaked stack). */
    stackPointer(): number;
  };
}

export function loadDoorlock(options?: LoadOptions & WeChatLoadOptions): Promise<Doorlock>;
