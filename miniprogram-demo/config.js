// Settings of the mini program. There is no access key here: a mini program package can be
// unpacked by anyone, so the key lives in the `doorlock` cloud function (cloudfunctions/doorlock,
// set in its environment variables) or on your own server running doorlock-wasm/server, which
// get the tickets and encrypt the PINs.
module.exports = {
  // 'production': the doorlock cloud function and real locks over WeChat Bluetooth.
  // 'development': the emulated home (cloud emulator + lock simulator) on your computer: the
  // cloud through its server half over wx.request, Bluetooth through the HTTP bridge to the
  // simulated locks (tick "不校验合法域名" in DevTools' project settings for http://127.0.0.1).
  mode: 'production',
  production: {
    cloudEnv: '', // your WeChat cloud environment id (the doorlock function lives there)
    functionName: 'doorlock',
  },
  development: {
    // `node miniprogram-demo/scripts/dev-home.mjs` serves both here and prints these lines.
    serverUrl: 'http://127.0.0.1:8787/api', // the server half in front of the cloud emulator
    bridgeUrl: 'http://127.0.0.1:8787', // the BLE bridge to the simulated locks
  },
  // The locks this app shows: their cloud device ids and lock types ('ble' = Bluetooth only: its
  // temporary passwords are stored on the lock over Bluetooth and recorded in the cloud).
  locks: [
    { deviceId: 'vdevemuble0000000003', lockType: 'ble' },
    { deviceId: 'vdevemuwifi000000001', lockType: 'wifi' },
  ],
  timeZone: '+08:00',
  // The lock user (doorLock.listUsers' lock_user_id) a Bluetooth opening is logged for; empty: the owner.
  memberId: undefined,
  // Bluetooth timing (connectLock's stepTimeoutMs, commandTimeoutMs, recordTimeoutMs); defaults when empty.
  bluetooth: {},
  language: 'zh', // 'zh' or 'en'; the user's choice is kept in storage
};
