// dl.ble: the Tuya BLE protocol as the core implements it (frames, keys, sub-packets, DPs, lock
// DPs, the app-side session). Everything here is synchronous and does no I/O; the adapters and
// flows in ble.d.ts drive it over a real link.
import type { ValidityInput } from '../index';

export type BleBytes = Uint8Array | ArrayBuffer | number[] | string; // string: hex

/** A data point. `value`: Uint8Array for raw, boolean for bool, number for value/enum/bitmap, string for string. */
export interface DataPoint {
  id: number;
  type: 'raw' | 'bool' | 'value' | 'string' | 'enum' | 'bitmap';
  value: Uint8Array | boolean | number | string;
  /** bitmap only: 1, 2 or 4 bytes on the wire (default 4). */
  width?: 1 | 2 | 4;
}

export interface PlainFrame {
  sn: number;
  ackSn: number;
  cmd: number;
  data: Uint8Array;
  mode: number;
}

export interface DeriveKeyArgs {
  /** 4: md5(localKey[0:6]); 5: md5(localKey[0:6] || srand); 14/15 firm; 11/12/16 need experimental: true. */
  mode: number;
  localKey?: string;
  srand?: BleBytes;
  secKey?: string;
  authKey?: string;
  uuid?: string | BleBytes;
  serviceRand?: BleBytes;
  experimental?: boolean;
}

export interface EncodeFrameArgs {
  sn: number;
  ackSn?: number;
  cmd: number;
  data?: BleBytes;
  mode: number;
  /** The 16-byte AES key of that mode (dl.ble.deriveKey). */
  key?: BleBytes;
  /** Tests only: a fixed IV. Without it the IV comes from the CSPRNG. */
  iv?: BleBytes;
  /** 'tuya' (the lock's own rule, default) or 'zero' (phone apps). */
  padding?: 'tuya' | 'zero';
}

export interface Reassembler {
  /** The complete air frame, or null while more packets are needed. Throws BAD_FRAME on a packet the lock would drop. */
  push(packet: Uint8Array): Uint8Array | null;
  reset(): void;
}

export interface LockDpOptions {
  /** DP 51/53 layout: 'sdk' (default), 'fitting' (accessories: slaveId prefix) or 'named'. */
  layout?: 'sdk' | 'fitting' | 'named';
  /** Password digits as values 0..9 (default) or ASCII. */
  digits?: 'value' | 'ascii';
}

export interface RawDp {
  id: number;
  type: 'raw' | 'string';
  value: Uint8Array | string;
}

/** Every lock reply carries its fields plus `ok` and a `status` name ('ok', 'check_code_mismatch', ...). */
export interface LockDpReply {
  ok: boolean;
  status: string;
  result?: number;
  [field: string]: unknown;
}

export interface LockDpFacts {
  commands: Array<{
    dp: number; name: string; changesLock: boolean;
    /** null: the lock answers with its ack only. */
    replyDp: number | null;
    replyStreams: boolean; replyEchoes: boolean;
    /** DPs where the lock logs an opening this command makes. */
    records: number[];
  }>;
  /** DPs in which a lock reports an opening. */
  unlockRecordDps: number[];
}

export interface LockDpApi {
  createUnlockMethod(args: LockDpOptions & { method: number | 'member' | 'password' | 'card' | 'fingerprint' | 'face'; stage?: number | 'start' | 'cancel'; admin?: boolean; memberId: number; hardId?: number; validity: ValidityInput | Uint8Array; validNum?: number; password?: string }): RawDp;
  deleteUnlockMethod(args: LockDpOptions & { method: number | string; stage?: number | string; admin?: boolean; memberId: number; hardId: number; deleteStyle?: number }): RawDp;
  modifyUnlockMethod(args: LockDpOptions & { method: number | string; stage?: number | string; admin?: boolean; memberId: number; hardId: number; validity: ValidityInput | Uint8Array; cycle?: number; password?: string }): RawDp;
  createTemporaryPassword(args: LockDpOptions & { password: string; validity: ValidityInput | Uint8Array; type?: 0 | 1 | 'multiple' | 'once'; validNum?: number; name?: string; slaveId?: number }): RawDp;
  deleteTemporaryPassword(args: LockDpOptions & { hardId: number; slaveId?: number }): RawDp;
  modifyTemporaryPassword(args: LockDpOptions & { hardId: number; password: string; validity: ValidityInput | Uint8Array; type?: 0 | 1 | 'multiple' | 'once'; validNum?: number; name?: string; slaveId?: number }): RawDp;
  syncMethods(args: { types: (number | string)[] }): RawDp;
  configureRemoteUnlock(args: { enabled?: boolean; memberId: number; effectiveTime: number; invalidTime: number; validNum: number; password: BleBytes }): RawDp;
  remoteUnlock(args: { open?: boolean; memberId: number; password: BleBytes; type?: 1 | 2 | 'phone' | 'voice' }): RawDp;
  /** DP 64: T0 as decimal text of Unix seconds. */
  setT0(args: { activeTime: number }): RawDp;
  setCheckCode(args: { masterId?: number; slaveId?: number; checkCode?: BleBytes; operation?: 0 | 1 | 'add' | 'delete'; newMasterId?: number; newCheckCode: BleBytes }): RawDp;
  /** DP 71: unlock (open: true) or lock with the cloud-issued check code. */
  unlockCheck(args: { masterId?: number; slaveId?: number; checkCode: BleBytes; open: boolean; timestamp: number; method?: number; memberId: number; methodInfo?: BleBytes }): RawDp;

  parseCreateUnlockMethodReply(value: Uint8Array, options?: LockDpOptions): LockDpReply;
  parseDeleteUnlockMethodReply(value: Uint8Array, options?: LockDpOptions): LockDpReply;
  parseModifyUnlockMethodReply(value: Uint8Array, options?: LockDpOptions): LockDpReply;
  parseTemporaryPasswordReply(value: Uint8Array, options?: LockDpOptions): LockDpReply & { hardId: number };
  parseSyncMethodsReply(value: Uint8Array, options?: LockDpOptions): LockDpReply;
  parseRemoteUnlockConfigReply(value: Uint8Array, options?: LockDpOptions): LockDpReply;
  parseRemoteUnlockReply(value: Uint8Array, options?: LockDpOptions): LockDpReply;
  parseCheckCodeReply(value: Uint8Array, options?: LockDpOptions): LockDpReply;
  parseUnlockCheckReply(value: Uint8Array, options?: LockDpOptions): LockDpReply;
  /** Picks the parser from the DP id; adds `dp` and `kind`. */
  parseReply(dp: DataPoint, options?: LockDpOptions): LockDpReply & { dp: number; kind: string };
  /** What a host needs to run lock DPs as commands (ble-protocol.md §6.1, §6.3-§6.5). */
  facts(): LockDpFacts;
  /** Whether `reply` repeats the echoed bytes of `request` (DP 70/71/73); null when its reply repeats nothing. */
  replyAnswers(request: DataPoint, reply: DataPoint): boolean | null;
}

export type SessionEvent =
  | { type: 'deviceInfo'; protocol: string; firmware: string; bound: boolean; flags: number; virtualId: string }
  | { type: 'ready' }
  | { type: 'time'; now: number; zone: number }
  | { type: 'ack'; sn: number; ok: boolean }
  | { type: 'dps'; dps: DataPoint[]; time?: number; timeMs?: number }
  | { type: 'error'; code: string; message: string }
  | { type: 'frame'; cmd: number; sn: number; ackSn: number; data: Uint8Array };

export interface SessionOptions {
  /** The lock's cloud localKey (secret: kept in the core, wiped on close). */
  localKey: string;
  /** The lock's 16-character device uuid. */
  uuid: string;
  /** The cloud device id (virtual id). */
  devId: string;
  protocol?: 3 | 4;
  mtu?: number;
  /** Minutes east of UTC or '+08:00'; defaults to the host's zone. */
  timeZone?: number | string;
  /** Unix milliseconds, for the lock's time requests; default Date.now. */
  clock?: () => number;
  pairLayout?: 'auto' | 'fixed44' | 'source45' | 'source61';
  padding?: 'tuya' | 'zero';
}

export interface BleSession {
  readonly state: 'idle' | 'info' | 'pairing' | 'ready' | 'closed';
  /** The SN of the next frame (what doorLock.bleOpenInstruction takes as bluetooth_sn). */
  readonly nextSn: number;
  /** Packets of the device-info request. */
  start(): Uint8Array[];
  receive(packet: Uint8Array): { write: Uint8Array[]; events: SessionEvent[] };
  writeDps(dps: DataPoint[]): { sn: number; packets: Uint8Array[] };
  /** A doorLock.getIssuedConfig / getSyncableOpmodeTypes item. */
  writeRawDp(item: { dp_id?: number; dpId?: number; ins: string; wake_up_ins?: string; distributed?: boolean }): { sn: number; packets: Uint8Array[] };
  /** A doorLock.bleOpenInstruction / unlockInstruction air frame, relayed unchanged. */
  relayAirFrame(instruction: string | Uint8Array | { instruction: string }, options?: { sn?: number }): { sn: number; packets: Uint8Array[] };
  /** Packets of the unbind request; the session closes and wipes its keys. */
  unbind(): Uint8Array[];
  /** Frees the session and wipes its keys. */
  close(): void;
}

export interface DoorlockBleCore {
  crc16(bytes: BleBytes): number;
  deriveKey(args: DeriveKeyArgs): Uint8Array;
  encodeFrame(args: EncodeFrameArgs): Uint8Array;
  decodeFrame(air: BleBytes, options?: { key?: BleBytes }): PlainFrame;
  packetize(air: BleBytes, options?: { mtu?: number; protocol?: number }): Uint8Array[];
  reassembler(options?: { protocol?: number; maxPacket?: number }): Reassembler;
  encodeDps(dps: DataPoint[], options?: { protocol?: number }): Uint8Array;
  decodeDps(bytes: BleBytes, options?: { protocol?: number }): DataPoint[];
  lockDp: LockDpApi;
  session(options: SessionOptions): BleSession;
}
