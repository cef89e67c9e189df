// Stand-ins for wx.request and wx.cloud.callFunction that really go over HTTP (to a local server),
// so that the WeChat transports meet the same network faults as fetch and Node http. They answer
// the way WeChat does: wx.request gives { statusCode, data } for any HTTP answer (data is the
// parsed JSON, or the raw text when it is not JSON) and fail({ errMsg: 'request:fail ...' }) for
// network failures; it refuses a URL outside the legal domain list before any network activity.
// Its method is params.method (GET when absent, as WeChat's); a GET carries an object `data` in
// the query string, other methods as the JSON body. `onExchange({ method, url, body, status, text })`
// sees every request and the text of its answer (status and text null when none came).
// callFunction passes the function's result on success, and fail({ errMsg }) when the function
// fails, which is how an HTTP failure inside the function surfaces.
import http from 'node:http';

function send(method, url, headers, data, onAnswer, onFailure) {
  const body = data === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(data), 'utf8');
  const req = http.request(url, { method, headers: { ...headers, 'content-length': body.length } }, (res) => {
    const chunks = [];
    res.on('data', (chunk) => chunks.push(chunk));
    res.on('error', (error) => onFailure(error.code || error.message));
    res.on('close', () => {
      if (!res.complete) onFailure('ERR_CONNECTION_CLOSED');
    });
    res.on('end', () => onAnswer(res.statusCode, Buffer.concat(chunks).toString('utf8')));
  });
  req.on('error', (error) => onFailure(error.code || error.message));
  req.end(body);
  return req;
}

const post = (url, headers, data, onAnswer, onFailure) => send('POST', url, headers, data, onAnswer, onFailure);

// WeChat puts a GET's data object in the query string.
function withQuery(url, data) {
  const out = new URL(url);
  if (data === undefined || data === null || typeof data !== 'object') return out;
  for (const [key, value] of Object.entries(data)) out.searchParams.append(key, String(value));
  return out;
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

export function wxOverHttp({ legalHosts = ['127.0.0.1'], requestHeaders = {}, onExchange = () => {} } = {}) {
  return {
    request(params) {
      const finish = once(params);
      const method = String(params.method || 'GET').toUpperCase();
      const url = method === 'GET' ? withQuery(params.url, params.data) : new URL(params.url);
      const body = method === 'GET' ? undefined : params.data;
      if (!legalHosts.includes(url.hostname)) {
        finish('fail', { errMsg: 'request:fail url not in domain list' });
        return { abort() {} };
      }
      const exchange = (status, text) => onExchange({ method, url: url.href, body: body === undefined ? '' : JSON.stringify(body), status, text });
      const timer = setTimeout(() => {
        exchange(null, null);
        finish('fail', { errMsg: 'request:fail timeout' });
        req.destroy();
      }, params.timeout ?? 60000);
      const req = send(
        method,
        url,
        { ...params.header, ...requestHeaders },
        body,
        (statusCode, text) => {
          clearTimeout(timer);
          exchange(statusCode, text);
          let data = text;
          try {
            data = JSON.parse(text);
          } catch {
            /* WeChat hands over the text */
          }
          finish('success', { statusCode, data, header: {}, errMsg: 'request:ok' });
        },
        (code) => {
          clearTimeout(timer);
          exchange(null, null);
          finish('fail', { errMsg: `request:fail ${code}` });
        },
      );
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
        post(
          url,
          { 'content-type': 'application/json', ...requestHeaders },
          params.data,
          (statusCode, text) => {
            let result;
            try {
              result = JSON.parse(text);
            } catch {
              finish('fail', { errCode: -504002, errMsg: 'cloud.callFunction:fail -504002 functions execute fail: the answer is not JSON' });
              return;
            }
            if (statusCode < 200 || statusCode >= 300) {
              finish('fail', { errCode: -504002, errMsg: `cloud.callFunction:fail -504002 functions execute fail: HTTP ${statusCode}` });
              return;
            }
            finish('success', { errMsg: 'cloud.callFunction:ok', result, requestID: 'fake' });
          },
          (code) => finish('fail', { errCode: -501001, errMsg: `cloud.callFunction:fail -501001 resource system error: ${code}` }),
        );
      },
    },
  };
}
