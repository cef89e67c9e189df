// Stand-ins for wx.request and wx.cloud.callFunction that really go over HTTP (to a local server),
// so that the WeChat transports meet the same network faults as fetch and Node http. They answer
// the way WeChat does: wx.request gives { statusCode, data } for any HTTP answer (data is the
// parsed JSON, or the raw text when it is not JSON) and fail({ errMsg: 'request:fail ...' }) for
// network failures; it refuses a URL outside the legal domain list before any network activity.
// callFunction passes the function's result on success, and fail({ errMsg }) when the function
// fails, which is how an HTTP failure inside the function surfaces.
import http from 'node:http';

function post(url, headers, data, onAnswer, onFailure) {
  const body = Buffer.from(JSON.stringify(data), 'utf8');
  const req = http.request(url, { method: 'POST', headers: { ...headers, 'content-length': body.length } }, (res) => {
    const chunks = [];
    res.on('data', (chunk) => chunks.push(chunk));
    res.on('error', (error) => onFailure(error.code || error.message));
    res.on('close', () => { if (!res.complete) onFailure('ERR_CONNECTION_CLOSED'); });
    res.on('end', () => onAnswer(res.statusCode, Buffer.concat(chunks).toString('utf8')));
  });
  req.on('error', (error) => onFailure(error.code || error.message));
  req.end(body);
  return req;
}

// Calls one of success/fail once, later, as WeChat does.
function once(params) {
  let done = false;
  return (kind, value) => {
    if (done) return;
    done = true;
    setImmediate(() => params[kind] && params[kind](value));
  };
}

export function wxOverHttp({ legalHosts = ['127.0.0.1'], requestHeaders = {} } = {}) {
  return {
    request(params) {
      const finish = once(params);
      const url = new URL(params.url);
      if (!legalHosts.includes(url.hostname)) {
        finish('fail', { errMsg: 'request:fail url not in domain list' });
        return { abort() {} };
      }
      const timer = setTimeout(() => { finish('fail', { errMsg: 'request:fail timeout' }); req.destroy(); }, params.timeout ?? 60000);
      const req = post(url, { ...params.header, ...requestHeaders }, params.data, (statusCode, text) => {
        clearTimeout(timer);
        let data = text;
        try { data = JSON.parse(text); } catch { /* WeChat hands over the text */ }
        finish('success', { statusCode, data, header: {}, errMsg: 'request:ok' });
      }, (code) => {
        clearTimeout(timer);
        finish('fail', { errMsg: `request:fail ${code}` });
      });
      return {
        abort() {
          clearTimeout(timer);
          req.destroy();
          finish('fail', { errMsg: 'request:fail abort' });
        },
      };
    },
  };
}

// `url`: where the cloud function forwards { action, params } (the function's own HTTP call).
export function wxCloudOverHttp({ url, requestHeaders = {} }) {
  return {
    cloud: {
      callFunction(params) {
        const finish = once(params);
        post(url, { 'content-type': 'application/json', ...requestHeaders }, params.data, (statusCode, text) => {
          let result;
          try { result = JSON.parse(text); } catch {
            finish('fail', { errCode: -504002, errMsg: 'cloud.callFunction:fail -504002 functions execute fail: the answer is not JSON' });
            return;
          }
          if (statusCode < 200 || statusCode >= 300) {
            finish('fail', { errCode: -504002, errMsg: `cloud.callFunction:fail -504002 functions execute fail: HTTP ${statusCode}` });
            return;
          }
          finish('success', { errMsg: 'cloud.callFunction:ok', result, requestID: 'fake' });
        }, (code) => finish('fail', { errCode: -501001, errMsg: `cloud.callFunction:fail -501001 resource system error: ${code}` }));
      },
    },
  };
}
