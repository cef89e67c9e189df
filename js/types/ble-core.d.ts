// dl.ble: the Tuya BLE protocol as the core implements it (frames, keys, sub-packets, DPs, lock
// DPs, the app-side session). Everything here is synchronous and does no I/O; the adapters and
// flows in ble.d.ts drive it over a real link.
import type { LockDpApi } from './ble-lock-dp';

// The lock-DP builders and parsers: generated from the core's tables.
export * from './ble-lock-dp';

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

/** The frame for dl.ble.describeFrame: at least cmd and data (dl.ble.decodeFrame's result fits as it is). */
export interface FrameToDescribe {
  cmd: number;
  data?: BleBytes;
  /** Without options.from, says who sent the frame: 0 = a request, else an answer. */
  ackSn?: number;
  sn?: number;
  mode?: number;
}

export interface DescribeFrameOptions {
  /** 3 or 4: only the device-info request depends on it (v4 carries the app MTU; without it, a 2-byte request is read as the MTU). */
  protocol?: number;
  /** Who sent the frame; without it the frame's ackSn decides. */
  from?: 'app' | 'lock';
}

export type FrameCommand =
  | 'deviceInfo' | 'pair' | 'dpWrite' | 'stateQuery' | 'unbind' | 'deviceReset' | 'anomalyUnbind' | 'dpWriteV4'
  | 'dpReport' | 'dpReportWithTime' | 'dpReportV4' | 'dpReportV4WithTime' | 'timeRequest' | 'timeDateRequest';

/** The head of a v4 report (0x8006 / 0x8007) and of its answer. */
export interface V4ReportHeader {
  sn: number;
  /** Bits 0-3: 0 = active, 1 = passive; bit 7: the lock wants no answer. */
  flag: number;
  /** 0 cloud + panel, 1 cloud, 2 panel, 3 none. */
  mode: number;
  wantsAnswer: boolean;
}

/** An answer's status byte (`result`) and its name. */
export interface FrameStatus {
  result: number;
  /** Pair answers: 'paired' | 'refused' | 'alreadyBound'; the others: 'ok' | 'error'; 'unknown' for other bytes. */
  status: 'ok' | 'error' | 'paired' | 'refused' | 'alreadyBound' | 'unknown';
}

/**
 * What a decoded plain frame is and what its DATA holds, as the core reads it. Only the members of
 * the frame's command and role are present. The pair request's login key is never returned.
 */
export interface FrameDescription extends Partial<FrameStatus> {
  command: FrameCommand | 'unknown';
  cmd: number;
  from: 'app' | 'lock';
  role: 'request' | 'answer';
  /** deviceInfo request, protocol 4 and later. */
  mtu?: number;
  /** deviceInfo answer: '3.2'. */
  protocol?: string;
  /** deviceInfo answer: '1.2.3' from DATA[46..48], or 'major.minor' from DATA[0..1] on a short answer; hardware likewise. */
  firmware?: string;
  hardware?: string;
  bound?: boolean;
  flags?: number;
  virtualId?: string;
  /** deviceInfo answer: the input of the session key (dl.ble.deriveKey mode 5). */
  srand?: Uint8Array;
  /** pair request. */
  uuid?: string;
  devId?: string;
  loginKey?: '[redacted]';
  /** dpWriteV4 request and answer. */
  dpSn?: number;
  /** v4 reports and their answers. */
  report?: V4ReportHeader;
  /** DP writes and reports (values as they are: a DP may carry a check code or a PIN). */
  dps?: DataPoint[];
  /** stateQuery request: the DPs asked for (none = all). */
  dpIds?: number[];
  /**
   * Reports with time: { unixMs, encoding }; timeRequest answer: { unixMs, zone }; timeDateRequest
   * answer: the lock's local date and zone. zone: hundredths of an hour (+8 h = 800).
   */
  time?:
    | { unixMs: number; encoding: 'unixSeconds' | 'asciiMillis' }
    | { unixMs: number; zone: number }
    | { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number; zone: number };
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

export type SessionEvent =
  /** firmware: '1.2.3' from DATA[46..48], or 'major.minor' from DATA[0..1] on a short answer; hardware likewise. */
  | { type: 'deviceInfo'; protocol: string; firmware: string; hardware?: string; bound: boolean; flags: number; virtualId: string }
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
  /** 'auto' (default) = 'both': the connection source at DATA[45] and DATA[61]; the others for odd firmware. */
  pairLayout?: 'auto' | 'both' | 'fixed44' | 'source45' | 'source61';
  padding?: 'tuya' | 'zero';
}

export interface BleSession {
  readonly state: 'idle' | 'info' | 'pairing' | 'ready' | 'closed';
  /** The SN of the next frame (what doorLock.bleOpenInstruction takes as bluetooth_sn). */
  readonly nextSn: number;
  /** Packets of the device-info request. */
  start(): Uint8Array[];
  receive(packet: Uint8Array): { write: Uint8Array[]; events: SessionEvent[] };
  /** Exactly one DP: a lock acknowledges a write of several and drops it (INVALID_ARGUMENT 'dps'). */
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
  /** BAD_FRAME when DATA does not hold its command's layout; a command the core does not handle is { command: 'unknown' }. */
  describeFrame(frame: FrameToDescribe, options?: DescribeFrameOptions): FrameDescription;
  packetize(air: BleBytes, options?: { mtu?: number; protocol?: number }): Uint8Array[];
  reassembler(options?: { protocol?: number; maxPacket?: number }): Reassembler;
  encodeDps(dps: DataPoint[], options?: { protocol?: number }): Uint8Array;
  decodeDps(bytes: BleBytes, options?: { protocol?: number }): DataPoint[];
  lockDp: LockDpApi;
  session(options: SessionOptions): BleSession;
}
