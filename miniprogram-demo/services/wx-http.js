// JSON over wx.request in the form the BLE bridge adapter takes:
// request(method, url, jsonBody, { signal }) resolves with the parsed body whatever the HTTP
// status, and rejects only when no answer came (the bridge says what it refused in the body).
function wxJsonRequest(wx, { timeoutMs = 60000 } = {}) {
  return (method, url, body, { signal } = {}) =>
    new Promise((resolve, reject) => {
      let settled = false;
      const task = wx.request({
        url,
        method,
        data: body,
        header: body === undefined ? {} : { 'content-type': 'application/json' },
        dataType: 'json',
        // The bridge holds a notification poll for up to 25 s.
        timeout: timeoutMs,
        success: (res) => {
          settled = true;
          resolve(res.data);
        },
        fail: (error) => {
          settled = true;
          reject(new Error((error && error.errMsg) || 'request:fail'));
        },
      });
      if (signal) {
        const abort = () => {
          if (!settled && task && typeof task.abort === 'function') task.abort();
        };
        if (signal.aborted) abort();
        else signal.addEventListener('abort', abort);
      }
    });
}

module.exports = { wxJsonRequest };
