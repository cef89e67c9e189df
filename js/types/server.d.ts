// Types of doorlock-wasm/server: the half that holds the cloud project's access key, for a Node
// server or a WeChat cloud function (docs/server.md).
import type { Doorlock, DoorlockError, LoadOptions, LockType } from '../index';
import type { CloudTransport } from './cloud-client';

export { DoorlockError } from '../index';
export function loadDoorlock(options?: LoadOptions): Promise<Doorlock>;

/** What the phone sent, as authorize() sees it. Password actions carry the plain PIN in params.password. */
export interface ServerRequest {
  action: string;
  params: Record<string, unknown>;
  lockType?: LockType;
  form?: 'modify' | 'rename';
}

/** Who is calling, as the host knows it: { req } from the HTTP helpers, { openId, appId, unionId } in a cloud function. */
export type ServerContext = Record<string, unknown>;

/** The cloud's envelope, passed through, or the server's own failure with the DoorlockError in it. */
export type ServerAnswer =
  | { success: true; t: number; result: unknown }
  | { success: false; code: number | string; msg: string; t: number; doorlockError?: { code: string; message: string; field?: string; cloudCode?: number; outcomeUnknown?: true } };

export interface ServerHandlerOptions {
  /** The cloud project's Access Secret (32 characters): signs requests and decrypts ticket keys. */
  accessKey: string;
  /** The cloud project's Access ID (client_id). */
  accessId: string;
  /** The cloud's function gateway, signed as the ty-service function signs; or a transport of your own. */
  upstream: { url: string; headers?: Record<string, string>; timeoutMs?: number; agent?: unknown } | CloudTransport;
  /**
   * Decides whether this caller may make this call (which user owns which device_id is the app's
   * knowledge). Only `true` lets the call through; anything else answers UNAUTHORIZED.
   */
  authorize(request: ServerRequest, context: ServerContext): boolean | Promise<boolean>;
  /** Action names the server forwards (default: every action of dl.actions() but EXCLUDED_BY_DEFAULT). */
  allowActions?: string[];
  /** A loaded module to share (default: one loaded on first use). */
  dl?: Doorlock;
  /** The mini program's AppID: sent as wxAppId = md5(AppID), as the ty-service function does. */
  appId?: string;
  /** Per upstream call (default 10000 ms). */
  timeoutMs?: number;
  /** Retry settings for the server's own ticket read, or false (forwarded calls are sent once). */
  retry?: { attempts?: number; baseDelayMs?: number; maxDelayMs?: number } | false;
  /** Milliseconds since 1970 (default Date.now). */
  clock?: () => number;
}

/** (body, context) => the answer; never rejects. Usable from any Node HTTP framework. */
export type ServerHandler = (body: unknown, context?: ServerContext) => Promise<ServerAnswer>;

export const EXCLUDED_BY_DEFAULT: readonly string[];
export const SIGN_METHOD: 'HMAC-SHA256';

export function createServerHandler(options: ServerHandlerOptions): ServerHandler;

export interface ServerHttpOptions extends Partial<ServerHandlerOptions> {
  /** Share a handler instead of making one from the options. */
  handler?: ServerHandler;
  /** Adds what the host knows about the caller (session, user) to authorize's context. */
  context?: (req: unknown) => ServerContext | Promise<ServerContext>;
  /** Larger requests get 413 (default 65536). */
  maxBodyBytes?: number;
}

/** (req, res) for http.createServer or a framework that passes Node's request and response. */
export function createServerHttpListener(options: ServerHttpOptions): (req: unknown, res: unknown) => void;
/** A server on host (default 127.0.0.1) and port (default: any free one). */
export function startDoorlockServer(options: ServerHttpOptions & { port?: number; host?: string }): Promise<{ url: string; server: unknown; close(): Promise<void> }>;

/**
 * A WeChat cloud function's main(event, context). Pass cloud.getWXContext as wxContext; options may
 * be an async function (reading the key from the cloud database), called on the first call.
 */
export function createCloudFunctionMain(
  options: (ServerHandlerOptions & { wxContext?: () => Record<string, unknown> })
    | (() => Promise<ServerHandlerOptions & { wxContext?: () => Record<string, unknown> }>),
): (event: unknown, context?: unknown) => Promise<ServerAnswer>;

/** The signed upstream on its own: node:http(s) with client_id, t, sign, sign_method per request. */
export function createSignedTransport(options: { url: string; accessId: string; accessKey: string; appId?: string; timeoutMs?: number; headers?: Record<string, string>; clock?: () => number }): CloudTransport;
/** The headers of one signed request: sign = upper-case hex HMAC-SHA256(secret, client_id + sortedParamsJson(params) + t). */
export function signatureHeaders(args: { accessId: string; secret: string; params: Record<string, unknown>; t: number; appId?: string }):
  { client_id: string; t: string; sign: string; sign_method: 'HMAC-SHA256'; wxAppId?: string };
/** JSON of params with its top-level keys sorted. */
export function sortedParamsJson(params: Record<string, unknown>): string;
