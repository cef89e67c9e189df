// Bluetooth side of doorlock-wasm: adapters (wx, Web Bluetooth, simulator), the connected-lock
// layer and its flows. Every failure is a DoorlockError; the codes raised here are listed in
// BleErrorCode.
import type { DoorlockBleCore } from './ble-core';
import type { LockDpMessageName, LockDpReply, LockDpWarning, UnlockCheckReply } from './ble-lock-dp';

/** A reply as dl.ble.lockDp.parseReply returns it: the parser's fields, the DP and the message name. */
export type ParsedLockReply<R extends LockDpReply = LockDpReply> = R & { dp: number; kind: LockDpMessageName };
export type Weekday = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';

/** Codes raised by the Bluetooth side (the core adds its own: INVALID_ARGUMENT, BAD_FRAME, CRC_MISMATCH, ...). */
export type BleErrorCode = 'TIMEOUT' | 'BLE_DISCONNECTED' | 'BLE_UNAVAILABLE' | 'BLE_ERROR' | 'LOCK_REJECTED' | 'RECONNECT_REQUIRED'
  | 'INVALID_STATE' | 'ABORTED';

/** Extra fields a Bluetooth DoorlockError may carry. */
export interface BleErrorFields {
  /** The platform's own code: a wx errCode (10001, 10008, ...) or a DOMException name. */
  bleCode?: number | string;
  /** Why the link ended: 'remote' (lock or phone dropped it), 'closed', 'write-timeout'. */
  reason?: 'remote' | 'closed' | 'write-timeout' | string;
  /**
   * TIMEOUT of a handshake step: 'deviceInfo' (the lock did not answer the first request: it drops
   * frames it cannot decrypt, so check localKey / uuid; `field` is 'localKey'), 'ready' (pairing) or 'time'.
   */
  step?: 'deviceInfo' | 'ready' | 'time';
  /** Set on command failures: the frame's SN and how many of its packets were written. */
  sn?: number;
  packetsSent?: number;
  /** True when a command that changes the lock failed after its first packet may have reached the lock. Never retried. */
  outcomeUnknown?: true;
  /** RECONNECT_REQUIRED: the earlier command whose reply is still owed (its SN and reply DP). */
  pendingSn?: number;
  pendingDp?: number;
  /** LOCK_REJECTED: the lock's parsed answer (with `ok: false` and a `status` name). */
  reply?: LockDpReply & { result?: number };
  /** TIMEOUT of a command: a packet the session rejected meanwhile ({ code, message } from the core). */
  problem?: { code: string; message?: string };
}

export const BLE_ERROR_CODES: Readonly<Record<BleErrorCode, BleErrorCode>>;

// ---- adapters ------------------------------------------------------------------------------

export interface LinkEndInfo {
  reason: 'remote' | 'closed' | 'write-timeout' | string;
}

/** One interface over every Bluetooth host. */
export interface BleAdapter {
  /** Largest packet this link accepts (20 unless a larger MTU was negotiated). */
  readonly mtu: number;
  readonly connected: boolean;
  /** Queued behind earlier writes; resolves when the platform confirmed this packet. */
  write(packet: Uint8Array): Promise<void>;
  /** Every notification packet from the lock; returns an unsubscribe function. */
  onNotify(callback: (packet: Uint8Array) => void): () => void;
  /** Called once when the link ends, whatever ended it; returns an unsubscribe function. */
  onDisconnect(callback: (info: LinkEndInfo) => void): () => void;
  /** Releases the connection; never rejects, never hangs. */
  close(): Promise<void>;
  readonly kind: 'wx' | 'web' | 'simulator' | 'bridge';
}

/** A scan result, as `match` receives it. */
export interface AdvertisedDevice {
  deviceId: string;
  name: string;
  rssi?: number;
  serviceUuids: string[];
  serviceData: Record<string, Uint8Array>;
  /** Manufacturer data, starting with the company id (little-endian). */
  manufacturerData: Uint8Array | null;
  /** Advertises service data 0xA201, service 0xFD50/0x1910, or manufacturer 0x07D0. */
  isTuya: boolean;
}

export interface WxAdapterOptions {
  /** Aborting rejects with ABORTED and releases what was opened. */
  signal?: AbortSignal;
  /** The wx object (default: the global wx). */
  wx?: unknown;
  /** Connect to this device; otherwise scan. */
  deviceId?: string;
  /** Scan for the device with this name. */
  name?: string;
  /** Scan for the first device this predicate accepts. Default (no deviceId, name or match): the first Tuya device seen. */
  match?: (device: AdvertisedDevice) => boolean;
  /** ATT MTU to ask for (Android only, 23..512); the packet size becomes the granted MTU - 3. Default: none (20-byte packets). */
  requestMtu?: number;
  /** Default: 'write' when the characteristic supports it. */
  writeType?: 'write' | 'writeNoResponse';
  /** 'ios' | 'android' | ...; default from wx.getDeviceInfo / getSystemInfoSync. */
  platform?: string;
  /** Also close the Bluetooth adapter on close (default false: other pages may use it). */
  closeAdapter?: boolean;
  scanTimeoutMs?: number;
  connectTimeoutMs?: number;
  callTimeoutMs?: number;
  writeTimeoutMs?: number;
  closeTimeoutMs?: number;
  /** Retries of the very first packet after errCode 10008 (default 2), and the pause before each (250 ms). */
  firstWriteRetries?: number;
  firstWriteRetryDelayMs?: number;
}

export interface WxAdapter extends BleAdapter {
  readonly kind: 'wx';
  readonly deviceId: string;
  readonly service: 'legacy' | 'fd50';
  readonly writeType: 'write' | 'writeNoResponse';
}

export function openWxAdapter(options?: WxAdapterOptions): Promise<WxAdapter>;

export interface WebBluetoothAdapterOptions {
  /** Aborting rejects with ABORTED and releases what was opened. */
  signal?: AbortSignal;
  /** Default: navigator.bluetooth. */
  bluetooth?: unknown;
  /** A BluetoothDevice the page already has (skips the chooser). */
  device?: unknown;
  /** requestDevice filters; default: the Tuya advertised services (0xA201, 0xFD50, 0x1910). */
  filters?: unknown[];
  name?: string;
  namePrefix?: string;
  /** Packet size (Web Bluetooth does not expose the MTU). Default 20. */
  mtu?: number;
  writeType?: 'write' | 'writeNoResponse';
  connectTimeoutMs?: number;
  callTimeoutMs?: number;
  writeTimeoutMs?: number;
  closeTimeoutMs?: number;
}

export interface WebBluetoothAdapter extends BleAdapter {
  readonly kind: 'web';
  readonly deviceId: string;
  readonly name?: string;
  readonly service: 'legacy' | 'fd50';
}

/** Must be called from a user gesture unless `device` is given. */
export function openWebBluetoothAdapter(options?: WebBluetoothAdapterOptions): Promise<WebBluetoothAdapter>;

/** What openSimulatorAdapter drives: the lock simulator's JS object (tools/lock-simulator). */
export interface LockSimulatorLike {
  receive(packet: Uint8Array): Uint8Array[];
  connect?(): void;
  disconnect?(): void;
  state?(): { connected?: boolean };
}

export interface SimulatorAdapterOptions {
  /** Aborting rejects with ABORTED and releases what was opened. */
  signal?: AbortSignal;
  /** Delay of every write and of the notifications that answer it. Default 0. */
  latencyMs?: number;
  /** Packet size. Default 20. */
  mtu?: number;
  writeTimeoutMs?: number;
  closeTimeoutMs?: number;
  /**
   * A real link's timing on a modelled clock (no real waiting): connection events, packets per
   * event, notification latency. 'ios' (30 ms interval) and 'android' (45 ms) are presets.
   */
  linkModel?: 'ios' | 'android' | LinkModelSettings;
  /** With linkModel: writes with response (default, one event each) or without. */
  writeType?: 'write' | 'writeNoResponse';
  /** With linkModel: an ATT MTU exchange before the first packet (Android, for an MTU above 20). */
  mtuExchange?: boolean;
}

export interface LinkModelSettings {
  connectionIntervalMs: number;
  /** Packets per connection event, both directions together. */
  packetsPerEvent: number;
  notificationLatencyMs?: number;
  mtuExchangeMs?: number;
}

/** With a link model: the modelled clock (ms since the link opened) and what crossed the link. */
export interface LinkModelFigures {
  readonly now: number;
  readonly packetsWritten: number;
  readonly notifications: number;
  /** Exchanges the app waited for: a notification received after the app had written. */
  readonly roundTrips: number;
}

export interface SimulatorAdapter extends BleAdapter {
  readonly kind: 'simulator';
  /** Every packet written, in order. */
  readonly written: Uint8Array[];
  /** Faults a test injects: lose the next n notifications, never complete a write, fail writes with a code. */
  readonly faults: { dropNotifications: number; stallWrites: boolean; failWrites: number | null };
  /** Delivers notifications the simulator produced outside a write (keypad, alarms). */
  push(packets: Uint8Array[]): void;
  /** The lock goes away: the app sees a remote disconnect. */
  dropLink(): void;
  /** With options.linkModel: the modelled time and counts; null without. */
  readonly model: LinkModelFigures | null;
}

export function openSimulatorAdapter(sim: LockSimulatorLike, options?: SimulatorAdapterOptions): Promise<SimulatorAdapter>;

/**
 * One HTTP call of the BLE bridge: resolves with the parsed JSON body whatever the HTTP status
 * (refusals are `{ error: { code, message } }`), rejects only when no answer was read.
 */
export type BridgeRequest = (method: 'GET' | 'POST', url: string, jsonBody: object | undefined, options: { signal?: AbortSignal }) => Promise<unknown>;

export interface BridgeAdapterOptions {
  /** The bridge's base URL; the lock is at `{url}/ble/{deviceId}/...`. */
  url: string;
  deviceId: string;
  /** Default: fetch. A mini program passes one over wx.request. */
  request?: BridgeRequest;
  /** Aborting rejects with ABORTED and releases what was opened. */
  signal?: AbortSignal;
  /** Packet size. Default 20. */
  mtu?: number;
  connectTimeoutMs?: number;
  writeTimeoutMs?: number;
  closeTimeoutMs?: number;
  /** How long one notifications poll may stay unanswered (the bridge holds it up to 25 s). Default 30000. */
  pollTimeoutMs?: number;
}

export interface BridgeAdapter extends BleAdapter {
  readonly kind: 'bridge';
  readonly deviceId: string;
}

/**
 * A lock that another process holds, over HTTP (the emulated home's simulated locks,
 * tools/home/ble-bridge.mjs). A lock another central holds is refused with BLE_ERROR, bleCode 'LOCK_BUSY'.
 */
export function openBridgeAdapter(options: BridgeAdapterOptions): Promise<BridgeAdapter>;
export const BRIDGE_DEFAULTS: Readonly<Required<Pick<BridgeAdapterOptions, 'connectTimeoutMs' | 'writeTimeoutMs' | 'closeTimeoutMs' | 'pollTimeoutMs'>>>;

export const TUYA_GATT_PROFILES: ReadonlyArray<{ name: 'legacy' | 'fd50'; service: string; write: string; notify: string }>;
export const TUYA_ADVERTISING: Readonly<{ serviceDataUuid: string; manufacturerId: number; advertisedServices: readonly string[] }>;
export const WX_DEFAULTS: Readonly<Required<Pick<WxAdapterOptions,
  'scanTimeoutMs' | 'connectTimeoutMs' | 'callTimeoutMs' | 'writeTimeoutMs' | 'closeTimeoutMs' | 'firstWriteRetries' | 'firstWriteRetryDelayMs'>>>;
export const WEB_DEFAULTS: Readonly<Required<Pick<WebBluetoothAdapterOptions, 'connectTimeoutMs' | 'callTimeoutMs' | 'writeTimeoutMs' | 'closeTimeoutMs'>>>;

// ---- connected lock ------------------------------------------------------------------------

export type DpType = 'raw' | 'bool' | 'value' | 'string' | 'enum' | 'bitmap';
export interface Dp {
  id: number;
  type: DpType;
  value: Uint8Array | boolean | number | string;
}

export interface LockReport {
  /** Increasing number of the report on this connection. */
  seq: number;
  dps: Dp[];
  /** Unix seconds, for reports that carry a time (0x8003 / 0x8007). */
  time?: number;
  /** The same in milliseconds. */
  timeMs?: number;
}

export interface Clock {
  /** Unix milliseconds. */
  now(): number;
}

/** The parts of the loaded module (loadDoorlock()) the Bluetooth side uses: dl.ble.session and dl.ble.lockDp. */
export interface BleDoorlock {
  ble: Pick<DoorlockBleCore, 'session' | 'lockDp'>;
}

export interface ConnectLockOptions {
  dl: BleDoorlock;
  adapter: BleAdapter;
  localKey: string;
  uuid: string;
  devId: string;
  /** BLE protocol major (3 or 4). Default 3. */
  protocol?: number;
  /** Packet size; capped by adapter.mtu. Default 20. */
  mtu?: number;
  /** Source of time for the time sync and unlock timestamps. Default: Date.now. */
  clock?: Clock;
  /** The zone the lock is told in the time sync: minutes east of UTC or "+08:00". Default: the host's. */
  timeZone?: number | string;
  /** Each handshake step (device info, pair, time sync). Default 10000. */
  stepTimeoutMs?: number;
  /**
   * The device-info answer, the first step (capped by stepTimeoutMs). A lock drops frames it cannot
   * decrypt, so silence here means a wrong localKey / uuid: TIMEOUT with step 'deviceInfo'. Default 3000.
   */
  deviceInfoTimeoutMs?: number;
  /** Default per-command timeout. Default 10000. */
  commandTimeoutMs?: number;
  /** Default wait for an opening's record after the lock's reply. Default 3000. */
  recordTimeoutMs?: number;
  /** Wait for the lock's time request after pairing (default true). */
  waitForTimeSync?: boolean;
  /** Aborting rejects with ABORTED and releases the link (the handshake changes nothing on a bound lock). */
  signal?: AbortSignal;
}

export interface Progress {
  sent: number;
  total: number;
}

export interface WriteDpsOptions {
  timeoutMs?: number;
  /** Called after each packet of the command was written. */
  onProgress?: (progress: Progress) => void;
  /** The DP the lock answers in; default from dl.ble.lockDp.facts() (lock DPs answer in the DP they were written to). */
  replyDp?: number;
  /** Default from dl.ble.lockDp.facts(); DPs the core does not know count as changing the lock unless this is false. */
  changesLock?: boolean;
  /** How long the record of an opening is awaited after the reply. */
  recordTimeoutMs?: number;
  /**
   * Aborting rejects with ABORTED. A command still waiting its turn is never sent; one whose first
   * packet may have left carries outcomeUnknown when it changes the lock. Nothing is ever resent.
   */
  signal?: AbortSignal;
}

export interface WriteDpsResult {
  sn: number;
  /** null when the reply came and the ack was lost on the way. */
  ack: { type: 'ack'; sn: number; ok: true } | null;
  /** The lock's reply DP: the command's acceptance (or refusal). */
  reply?: Dp;
  /** The lock answers this DP with its ack only: that is all that was seen. */
  ackOnly?: true;
  /** An opening's record (DP 19 / 72), or null when none came within recordTimeoutMs. */
  record?: Promise<UnlockRecord | null>;
}

/** The lock's device-info answer, as the session reports it. */
export interface DeviceInfoEvent {
  type: 'deviceInfo';
  protocol: string;
  firmware: string;
  bound: boolean;
  flags: number;
  virtualId: string;
}

/** As dl.validityBlock takes it. */
export interface ValidityParams {
  effectiveTime: number;
  invalidTime: number;
  cycle?: 'none' | 'daily' | 'weekly';
  /** Weekly only: ['mon', 'wed'] or the mask (bit0 = Sunday). */
  days?: Weekday[] | number;
  /** 'HH:MM' or minutes of the day. */
  start?: string | number;
  end?: string | number;
}

export interface TemporaryPasswordReply {
  hardId: number;
  result: number;
  ok: boolean;
  /** 'ok', 'failed', 'no_free_hard_id'. */
  status: string;
}

/** The opening the lock reported after accepting (DP 19 or 72), with its time. */
export type UnlockRecord = Omit<LockReport, 'seq'>;

export interface UnlockResult {
  ok: true;
  /** 'ok' (refusals reject with LOCK_REJECTED: 'check_code_mismatch', 'unknown_master', ...). */
  status: string;
  result: number;
  slaveId: number;
  masterId: number;
  checkCode: string;
  open: boolean;
  timestamp: number;
  method: number;
  /** null when no record came within recordTimeoutMs (the lock had already said it acted). */
  record: UnlockRecord | null;
}

/** A DP the cloud built: getIssuedConfig's lock_random / lock_record, getSyncableOpmodeTypes' result. */
export interface CloudDpInstruction {
  dp_id?: number;
  dpId?: number;
  /** Hex DP data built by the cloud. */
  ins?: string;
  /** The complete DP 70 value (sent instead of ins when present). */
  wake_up_ins?: string;
  distributed?: boolean;
  distribute?: boolean;
  [field: string]: unknown;
}

/** What doorLock.bleOpenInstruction / unlockInstruction return: the hex air frame, or the result object. */
export type CloudInstruction = string | Uint8Array | { instruction: string; next_sn?: number };

export interface SyncedMethod {
  hardId: number;
  type: number;
  memberId: number;
  frozen: boolean;
}

export interface LockConnection {
  readonly dl: BleDoorlock;
  readonly adapter: BleAdapter;
  readonly clock: Clock;
  readonly state: 'connecting' | 'ready' | 'closed';
  /** The session's own state ('idle' | 'info' | 'pairing' | 'ready' | 'closed'). */
  readonly sessionState: string;
  /** The lock's device-info answer, once the handshake passed it. */
  readonly deviceInfo: DeviceInfoEvent | null;
  /** The SN the next frame will carry: what doorLock.bleOpenInstruction takes as bluetooth_sn. */
  readonly nextSn: number;
  /** Commands run one at a time, in call order. */
  writeDps(dps: Dp[], options?: WriteDpsOptions): Promise<WriteDpsResult>;
  /** A raw DP the cloud built (checked and encoded by the core). */
  writeRawDp(config: CloudDpInstruction, options?: WriteDpsOptions): Promise<WriteDpsResult>;
  /** An air frame the cloud built for SN = nextSn (`sn` only for frames the session cannot read). */
  relayAirFrame(instruction: CloudInstruction, options?: WriteDpsOptions & { sn?: number }): Promise<WriteDpsResult>;
  /** Replies that answered no running command (late, or repeating another request). */
  readonly staleReplies: { count: number; last: { dp: number; sn: number | null } | null };
  /** True while an earlier command's reply is owed: the next command fails with RECONNECT_REQUIRED. */
  readonly needsReconnect: boolean;
  onReport(callback: (report: LockReport) => void): () => void;
  readonly reportCursor: number;
  waitForReport(match: (report: LockReport) => boolean, options?: { after?: number; timeoutMs?: number; signal?: AbortSignal }): Promise<LockReport>;

  /** DP 51; `validity` as dl.validityBlock takes it, or its 17 bytes. Other fields go to dl.ble.lockDp.createTemporaryPassword. */
  createTemporaryPassword(params: {
    password: string; validity: ValidityParams | Uint8Array; type?: number | 'multiple' | 'once'; validNum?: number;
    layout?: 'sdk' | 'fitting' | 'named'; digits?: 'value' | 'ascii';
    /** Send a PIN the lock would call too weak (refused with INVALID_ARGUMENT 'password' otherwise). */
    allowWeakPassword?: boolean;
    timeoutMs?: number; onProgress?: (progress: Progress) => void; signal?: AbortSignal;
  }): Promise<TemporaryPasswordReply>;
  /** DP 52: deletes the temporary password under hardId. Refusals reject with LOCK_REJECTED. */
  deleteTemporaryPassword(params: {
    hardId: number; slaveId?: number; layout?: 'sdk' | 'fitting' | 'named';
    timeoutMs?: number; onProgress?: (progress: Progress) => void; signal?: AbortSignal;
  }): Promise<TemporaryPasswordReply>;
  /**
   * DP 53: a new validity for the password under hardId, and its PIN again where known (lock SDK 3.x
   * firmware empties the PIN of a validity-only modify: warning MODIFY_CLEARS_PIN_ON_3X).
   */
  modifyTemporaryPassword(params: {
    hardId: number; validity: ValidityParams | Uint8Array; password?: string; type?: number | 'multiple' | 'once'; validNum?: number;
    layout?: 'sdk' | 'fitting' | 'named'; digits?: 'value' | 'ascii'; allowWeakPassword?: boolean;
    timeoutMs?: number; onProgress?: (progress: Progress) => void; signal?: AbortSignal;
  }): Promise<TemporaryPasswordReply & { warnings?: LockDpWarning[] }>;
  /** DP 71 with the check code (timestamp defaults to the clock). Never retried; see outcomeUnknown. */
  unlock(params: {
    /** The 8 ASCII characters, or their bytes (wipe them yourself afterwards). */
    checkCode: string | Uint8Array; memberId: number; open?: boolean; timestamp?: number; masterId?: number; slaveId?: number; method?: number;
    timeoutMs?: number; recordTimeoutMs?: number; signal?: AbortSignal;
  }): Promise<UnlockResult>;
  /** DP 64: T0 of the offline-password algorithm (the cloud's active_time). */
  pushT0(params: { activeTime: number; timeoutMs?: number; signal?: AbortSignal }): Promise<{ sn: number; ackOnly?: true }>;
  /** DP 54: the lock's credential lists, collected until it says done. */
  syncUnlockMethods(params: { types: Array<number | string>; timeoutMs?: number; onProgress?: (progress: Progress) => void; signal?: AbortSignal }):
    Promise<{ methods: SyncedMethod[]; packages: unknown[] }>;
  /** A DP the cloud built; nothing is sent when distributed is false. DP 70/71 replies are parsed. */
  writeCloudDp(instruction: CloudDpInstruction, options?: { timeoutMs?: number; onProgress?: (progress: Progress) => void; signal?: AbortSignal }):
    Promise<{ sent: boolean; sn?: number; ackOnly?: true; reply?: ParsedLockReply }>;
  /** Relays the unlock frame of doorLock.bleOpenInstruction (asked with bluetooth_sn = nextSn). Never retried. */
  relayUnlockInstruction(params: {
    instruction: CloudInstruction; sn?: number; replyDp?: number; timeoutMs?: number; recordTimeoutMs?: number; signal?: AbortSignal;
  }): Promise<{ sn: number; reply?: ParsedLockReply<UnlockCheckReply>; record: UnlockRecord | null }>;

  /** Releases the connection (the lock stays bound). Answers to the lock's reports already queued go out first (for at most 1 s, not behind a running command). Pending commands fail with BLE_DISCONNECTED; later calls with INVALID_STATE. */
  close(): Promise<void>;
}

export function connectLock(options: ConnectLockOptions): Promise<LockConnection>;
/** Connects, runs the task, and always releases the connection. */
export function withLock<T>(options: ConnectLockOptions, task: (lock: LockConnection) => Promise<T>): Promise<T>;

export const CONNECTION_DEFAULTS: Readonly<{ stepTimeoutMs: number; deviceInfoTimeoutMs: number; commandTimeoutMs: number; recordTimeoutMs: number }>;
