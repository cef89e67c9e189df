// Types of the cloud side of doorlock-wasm: transports, the retry wrapper and the cloud client.
// Builds on the generated action types (cloud-actions.d.ts). Every failure is a DoorlockError;
// codes raised here: TIMEOUT, NETWORK_ERROR, ABORTED, BAD_RESPONSE (an answer that is not JSON),
// INVALID_ARGUMENT (bad options); the core adds its own (INVALID_ARGUMENT with `field`,
// UNSUPPORTED_FOR_LOCK_TYPE, CLOUD_ERROR with `cloudCode`, BAD_RESPONSE).
// A failure of a call that changes something carries `outcomeUnknown: true` when its request may
// have reached the cloud (docs/cloud-outcomes.md); NETWORK_ERROR without it means the request never
// left.
import type {
  CloudActionName,
  CloudActionParams,
  CloudActionResults,
  CloudApi,
  CloudLockType,
  CloudPasswordParams,
  CloudRequest,
  CloudRequestOptions,
} from './cloud-actions';
import type { CloudLockMethods } from './cloud-lock-methods';

export interface SendOptions {
  /** Aborting rejects with ABORTED and cancels the request where the host can. */
  signal?: AbortSignal;
  /** Per-call deadline in milliseconds (0 < timeoutMs <= 600000); rejects with TIMEOUT. */
  timeoutMs?: number;
}

/**
 * The one interface of every transport: the raw answer body, not yet parsed. A failure after the
 * request may have left this host carries `outcomeUnknown: true` (a transport cannot tell reads
 * from writes; the client clears it on read-only actions); without it, the request never left.
 */
export interface CloudTransport {
  readonly name?: string;
  /**
   * True on transports to the app's own server (server, wxCloudFunction): the server holds the
   * access key and runs the ticket flows, so createClient takes no accessKey with them.
   */
  readonly encryptsPasswords?: boolean;
  send(request: CloudRequest, options?: SendOptions): Promise<unknown>;
}

export interface WxCloudTransportOptions {
  /** The `wx` object (default: the global one). */
  wx?: unknown;
  /** Cloud function name (default 'ty-service'). */
  name?: string;
  /** Cloud environment id, passed as config.env. */
  env?: string;
  /** Default per-call timeout (default 15000 ms). wx.cloud.callFunction cannot be cancelled: on timeout its late answer is ignored. */
  timeoutMs?: number;
}

export interface WxRequestTransportOptions {
  wx?: unknown;
  /** http(s) endpoint taking POST { action, params } as JSON; must be a legal request domain of the mini program. */
  url: string;
  header?: Record<string, string>;
  timeoutMs?: number;
}

export interface FetchTransportOptions {
  url: string;
  headers?: Record<string, string>;
  /** A fetch implementation (default: globalThis.fetch). */
  fetch?: (url: string, init: unknown) => Promise<{ status: number; text(): Promise<string> }>;
  timeoutMs?: number;
}

export interface NodeHttpTransportOptions {
  url: string;
  headers?: Record<string, string>;
  /** An http.Agent / https.Agent. */
  agent?: unknown;
  timeoutMs?: number;
  /** Answers larger than this fail with NETWORK_ERROR (default 4 MiB). */
  maxBodyBytes?: number;
}

export interface ServerTransportOptions {
  /** The endpoint of doorlock-wasm/server (POST { action, params }); in a mini program, a legal request domain. */
  url: string;
  /** 'fetch' (default where fetch exists) or 'wxRequest' (default in a mini program). */
  via?: 'fetch' | 'wxRequest';
  /** Sent with every request: how your server knows the user (a session token, say). */
  headers?: Record<string, string>;
  /** Default per-call timeout (default 30000 ms: the server's ticket read and the call itself). */
  timeoutMs?: number;
  fetch?: FetchTransportOptions['fetch'];
  wx?: unknown;
}

export interface WxCloudFunctionTransportOptions {
  /** Cloud function name (default 'doorlock'). */
  name?: string;
  env?: string;
  /** Default per-call timeout (default 30000 ms). */
  timeoutMs?: number;
  wx?: unknown;
}

export function createWxCloudTransport(options?: WxCloudTransportOptions): CloudTransport;
/**
 * To the app's own backend (doorlock-wasm/server): password actions carry the plain PIN, which
 * the server encrypts; the server's own failures come back as the same DoorlockError, outcomeUnknown included.
 */
export function createServerTransport(options: ServerTransportOptions): CloudTransport & { readonly encryptsPasswords: true };
/** To the `doorlock` WeChat cloud function made with doorlock-wasm/server's createCloudFunctionMain. */
export function createWxCloudFunctionTransport(options?: WxCloudFunctionTransportOptions): CloudTransport & { readonly encryptsPasswords: true };
export function createWxRequestTransport(options: WxRequestTransportOptions): CloudTransport;
export function createFetchTransport(options: FetchTransportOptions): CloudTransport;
/** Node entry only. */
export function createNodeHttpTransport(options: NodeHttpTransportOptions): CloudTransport;

export interface RetryOptions {
  /** Attempts in total, 1..6 (default 3). */
  attempts?: number;
  /** Delay before the 2nd attempt; doubles after each failure (default 200 ms). */
  baseDelayMs?: number;
  /** Cap on one delay (default 2000 ms). */
  maxDelayMs?: number;
  /** Source of the jitter in [0, 1) (default Math.random). */
  random?: () => number;
  onRetry?: (info: { action: string; attempt: number; delayMs: number; error: Error }) => void;
}

export interface WithRetryOptions extends RetryOptions {
  /** The read-only action names (readOnlyActions(dl)), or a predicate. Only these are ever retried. */
  readOnly: ReadonlySet<string> | readonly string[] | ((action: string) => boolean);
}

/** Retries read-only actions after TIMEOUT or NETWORK_ERROR; sends every other action once. */
export function withRetry(transport: CloudTransport, options: WithRetryOptions): CloudTransport;

/** Names of the actions whose every form is a pure query. */
export function readOnlyActions(dl: Pick<CloudApi, 'actions'>): Set<CloudActionName>;

export interface CloudClientOptions {
  /** The loaded module (loadDoorlock's result). */
  dl: CloudApi;
  transport: CloudTransport;
  /** Default lock type for calls: lets the core refuse actions the lock does not support. */
  lockType?: CloudLockType;
  /**
   * The cloud project's Access Secret, for the ticket flows. Kept private to the client. Leave it
   * out on phones: with a server transport the server holds it (refused next to one); only a key
   * the platform issues for the mini program itself belongs in a mini program (docs/server.md).
   */
  accessKey?: string;
  /** Retry settings for read-only actions, or false for none (default: 3 attempts). */
  retry?: RetryOptions | false;
  timeoutMs?: number;
  /** Milliseconds since 1970 (default Date.now); decides whether a ticket has expired. */
  clock?: () => number;
}

export interface CallOptions extends SendOptions, CloudRequestOptions {}

/** call() and the ticket flows here; the named methods of a lock app's day in CloudLockMethods. */
export interface CloudClient extends CloudLockMethods {
  readonly lockType?: CloudLockType;
  readonly transport: CloudTransport;
  /** The actions this client may retry. */
  readonly readOnlyActions: ReadonlySet<CloudActionName>;
  /** dl.buildRequest -> transport.send -> dl.parseResponse. Retried only for read-only actions. */
  call<A extends CloudActionName>(action: A, params?: CloudActionParams[A], options?: CallOptions): Promise<CloudActionResults[A]>;
  /**
   * The ticket flows: doorLock.passwordTicket, then dl.buildPasswordRequest (an expired ticket is
   * refused before anything is sent), then one send and dl.parseResponse. They need `accessKey` (or
   * a server transport, whose server does all of this) and a lock type (the client's or
   * options.lockType), and are never retried.
   */
  createTemporaryPassword(params: CloudPasswordParams<'doorLock.createTemporaryPassword'>, options?: SendOptions & { lockType?: CloudLockType }): Promise<CloudActionResults['doorLock.createTemporaryPassword']>;
  createTemporaryPasswordWithoutName(params: CloudPasswordParams<'doorLock.createTemporaryPasswordWithoutName'>, options?: SendOptions & { lockType?: CloudLockType }): Promise<CloudActionResults['doorLock.createTemporaryPasswordWithoutName']>;
  /** The modify form (new PIN and period); rename with call('doorLock.modifyTemporaryPassword', ...). */
  modifyTemporaryPassword(params: CloudPasswordParams<'doorLock.modifyTemporaryPassword'>, options?: SendOptions & { lockType?: CloudLockType }): Promise<CloudActionResults['doorLock.modifyTemporaryPassword']>;
  /** Zigbee locks: unlock with a PIN. A failure is reported, never repeated. */
  openDoor(params: CloudPasswordParams<'doorLock.openDoor'>, options?: SendOptions & { lockType?: CloudLockType }): Promise<CloudActionResults['doorLock.openDoor']>;
}

export function createCloudClient(options: CloudClientOptions): CloudClient;

/** dl.cloud: the same pieces, reachable from the loaded module. */
export interface DoorlockCloud {
  createClient(options: Omit<CloudClientOptions, 'dl'>): CloudClient;
  readOnlyActions(): Set<CloudActionName>;
  withRetry: typeof withRetry;
  transports: {
    fetch: typeof createFetchTransport;
    wxCloud: typeof createWxCloudTransport;
    wxRequest: typeof createWxRequestTransport;
    /** To your own backend running doorlock-wasm/server, which holds the access key. */
    server: typeof createServerTransport;
    /** To the `doorlock` WeChat cloud function, which holds the access key. */
    wxCloudFunction: typeof createWxCloudFunctionTransport;
    /** Node entry only. */
    nodeHttp?: typeof createNodeHttpTransport;
  };
}
