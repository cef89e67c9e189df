// WeChat cloud development: wx.cloud.callFunction({ name: 'ty-service', data: { action, params } }).
// The function's answer is `res.result` and is handed over untouched: Tuya's demo function answers
// { success, data, errorCode, errorMsg, t } where the cloud answers { success, result, code, msg, t },
// and telling those apart is response parsing, which is dl.parseResponse's job.
import { deadlineTransport, invalid, requireObject } from './options.mjs';
import { checkTimeout, networkError, timeoutError } from './deadline.mjs';

export function createWxCloudTransport(options) {
  const opts = requireObject(options, 'createWxCloudTransport');
  const wxApi = opts.wx ?? (typeof wx !== 'undefined' ? wx : undefined);
  if (!wxApi || !wxApi.cloud || typeof wxApi.cloud.callFunction !== 'function') {
    throw invalid('wx', 'wx.cloud.callFunction is not available (call wx.cloud.init() in app.js first, base library 2.2.3 or later)');
  }
  const name = opts.name ?? 'ty-service';
  if (typeof name !== 'string' || name === '') throw invalid('name', 'name must be the cloud function name');
  if (opts.env !== undefined && (typeof opts.env !== 'string' || opts.env === '')) throw invalid('env', 'env must be a cloud environment id');
  const defaultTimeoutMs = checkTimeout(opts.timeoutMs);

  return deadlineTransport('wx-cloud', defaultTimeoutMs, ({ action, body, timeoutMs }, resolve, reject, delivery) => {
    const call = {
      name,
      data: body,
      success: (res) => resolve(res ? res.result : undefined),
      fail: (err) => {
        const detail = (err && (err.errMsg || err.message)) || 'wx.cloud.callFunction failed';
        reject(/timeout/i.test(detail) ? timeoutError(action, timeoutMs) : networkError(action, detail, err));
      },
    };
    if (opts.env !== undefined) call.config = { env: opts.env };
    wxApi.cloud.callFunction(call);
    // The cloud function may have run (and called the cloud) whatever its fail callback says:
    // once handed over, every failure may have been delivered.
    delivery.sent = true;
    // callFunction cannot be cancelled: on timeout or abort its late answer is ignored.
    return null;
  });
}
