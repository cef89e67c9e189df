// The one place that builds doorlock-wasm's clients: the cloud client over the doorlock cloud
// function (production) or over wx.request to the emulated home's server half (development), and
// Bluetooth adapters over WeChat's Bluetooth (production) or the HTTP bridge to the simulated
// locks (development).
const { wxJsonRequest } = require('./wx-http.js');

// A lock serves one central at a time: another phone or app holds this one.
function lockBusy(bleId, cause) {
  return Object.assign(new Error(`lock ${bleId} is connected to another phone or app (a lock serves one at a time): try again once it is free`), {
    code: 'LOCK_BUSY',
    field: 'bleId',
    cause,
  });
}

function createSdk({ config, wx, sdk }) {
  const development = config.mode === 'development';
  let loading = null;
  let client = null;

  function dl() {
    if (!loading) loading = sdk.loadDoorlock();
    return loading;
  }

  async function cloud() {
    if (client) return client;
    const loaded = await dl();
    const transport = development
      ? // The server half holds the emulator's key and encrypts PINs, as the cloud function does.
        loaded.cloud.transports.server({ url: config.development.serverUrl, via: 'wxRequest', wx })
      : loaded.cloud.transports.wxCloudFunction({ name: config.production.functionName || 'doorlock', wx });
    client = loaded.cloud.createClient({ transport });
    return client;
  }

  // A Bluetooth link to the lock whose phone-side id is `bleId`.
  async function openAdapter({ bleId, signal }) {
    if (!development) return sdk.openWxAdapter({ deviceId: bleId, wx, signal });
    if (typeof sdk.openBridgeAdapter !== 'function') {
      throw new Error(
        'development mode needs openBridgeAdapter from doorlock-wasm (the BLE bridge to the simulated locks); update the package or set config.mode to production',
      );
    }
    try {
      return await sdk.openBridgeAdapter({ url: config.development.bridgeUrl, deviceId: bleId, request: wxJsonRequest(wx), signal });
    } catch (error) {
      // The bridge refused the connect: nothing reached the lock, and only waiting helps.
      if (error && error.bleCode === 'LOCK_BUSY') throw lockBusy(bleId, error);
      throw error;
    }
  }

  return { dl, cloud, openAdapter, development };
}

module.exports = { createSdk };
