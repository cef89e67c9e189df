// The server half as a WeChat cloud function's main(event, context). WeChat has already
// authenticated the caller: the function's WX context names the mini program user (OPENID), and
// authorize(request, { openId, appId, unionId }) decides what that user may do.
import { DoorlockError } from '../errors.mjs';
import { errorEnvelope } from '../transports/server-envelope.mjs';
import { createServerHandler } from './handler.mjs';

// wx-server-sdk's getWXContext() where available; the event's userInfo (older base libraries
// inject it into every call) otherwise.
function callerOf(event, wxContext) {
  const fromSdk = typeof wxContext === 'function' ? wxContext() || {} : {};
  const info = event && typeof event.userInfo === 'object' && event.userInfo !== null ? event.userInfo : {};
  const caller = {};
  const openId = fromSdk.OPENID ?? info.openId;
  const appId = fromSdk.APPID ?? info.appId;
  const unionId = fromSdk.UNIONID;
  if (typeof openId === 'string' && openId !== '') caller.openId = openId;
  if (typeof appId === 'string' && appId !== '') caller.appId = appId;
  if (typeof unionId === 'string' && unionId !== '') caller.unionId = unionId;
  return caller;
}

// `options`: the handler's options, plus `wxContext` (pass cloud.getWXContext). The handler is
// made on the first call, so that options may also be a function (async) that reads the key from
// the cloud database.
export function createCloudFunctionMain(options) {
  if (options === null || (typeof options !== 'object' && typeof options !== 'function')) {
    throw new DoorlockError({ code: 'INVALID_ARGUMENT', message: 'createCloudFunctionMain takes the handler options, or an async function returning them' });
  }
  let handler = null;
  let wxContext = typeof options === 'object' ? options.wxContext : undefined;
  async function handlerFor() {
    if (handler) return handler;
    const resolved = typeof options === 'function' ? await options() : options;
    wxContext = resolved.wxContext ?? wxContext;
    handler = createServerHandler(resolved);
    return handler;
  }
  return async function main(event) {
    let handle;
    try {
      handle = await handlerFor();
    } catch (error) {
      // A configuration mistake: say which setting, never its value.
      const code = error && error.code === 'INVALID_ARGUMENT' ? 'INVALID_ARGUMENT' : 'INTERNAL';
      const field = error && typeof error.field === 'string' ? ` (${error.field})` : '';
      return errorEnvelope(new DoorlockError({ code, message: `the doorlock cloud function is not configured${field}` }), Date.now());
    }
    return handle(event, callerOf(event, wxContext));
  };
}
