// Fill these in for your project. There is no access key here: a mini program package can be
// unpacked by anyone, so the key lives in the `doorlock` cloud function (cloudfunctions/doorlock,
// set in its environment variables) or on your own server running doorlock-wasm/server, which
// get the tickets and encrypt the PINs (docs/server.md).
module.exports = {
  cloudEnv: '',                 // your WeChat cloud environment id (the doorlock function lives there)
  endpoint: '',                 // or the HTTPS endpoint of your server running doorlock-wasm/server
  lockType: 'ble',
  deviceId: '',                 // the lock's cloud device id
  // The lock's BLE identity from the cloud (localKey, uuid, devId) and its id on this phone
  // (the deviceId that wx.onBluetoothDeviceFound reported).
  ble: { localKey: '', uuid: '', devId: '', deviceId: '' },
};
