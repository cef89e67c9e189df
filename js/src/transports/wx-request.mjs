// wx.request (POST { action, params } as JSON) to a configurable endpoint, for mini programs that
// reach their own server or Tuya's function gateway instead of a cloud function. The endpoint's
// domain must be among the mini program's legal request domains.
import { deadlineTransport, headerObject, httpUrl, invalid, isSuccessStatus, requireObject } from './options.mjs';
import { badJsonError, checkTimeout, httpStatusError, networkError, timeoutError } from './deadline.mjs';

// The one refusal WeChat makes before any network activity: the URL's domain is not among the
// mini program's legal request domains ("request:fail url not in domain list").
const REFUSED_LOCALLY = /url not in domain list/i;

export function createWxRequestTransport(options) {
  const opts = requireObject(options, 'createWxRequestTransport');
  const wxApi = opts.wx ?? (typeof wx !== 'undefined' ? wx : undefined);
  if (!wxApi || typeof wxApi.request !== 'function') throw invalid('wx', 'wx.request is not available');
  const url = httpUrl(opts.url);
  const header = headerObject(opts.header, 'header');
  const defaultTimeoutMs = checkTimeout(opts.timeoutMs);

  return deadlineTransport('wx-request', defaultTimeoutMs, ({ action, body, timeoutMs }, resolve, reject, delivery) => {
    const task = wxApi.request({
      url,
      method: 'POST',
      data: body,
      header: { 'content-type': 'application/json', ...header },
      dataType: 'json',
      // WeChat enforces its own timer too; ours decides, WeChat's only backs it up.
      timeout: timeoutMs + 1000,
      success: (res) => {
        if (!res || !isSuccessStatus(res.statusCode)) {
          reject(httpStatusError(action, res && res.statusCode));
          return;
        }
        // With dataType 'json' WeChat hands over the raw text when it is not JSON.
        if (typeof res.data === 'string') {
          try {
            resolve(JSON.parse(res.data));
          } catch (cause) {
            reject(badJsonError(action, cause));
          }
          return;
        }
        resolve(res.data);
      },
      fail: (err) => {
        const detail = (err && err.errMsg) || 'wx.request failed';
        if (/timeout/i.test(detail)) reject(timeoutError(action, timeoutMs));
        else reject(networkError(action, detail, err, !REFUSED_LOCALLY.test(detail)));
      },
    });
    // WeChat does not tell when its request leaves, and its fail callback covers DNS, refused,
    // reset and timeout alike: once handed over, the request may have been delivered.
    delivery.sent = true;
    return () => {
      if (task && typeof task.abort === 'function') task.abort();
    };
  });
}
