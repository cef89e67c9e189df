// Fill these in for your project. The access key never has to be in the mini program when your
// server hands out already-decrypted tickets; it is here to show the SDK-side encryption.
module.exports = {
  cloudEnv: '',                 // your WeChat cloud environment id (ty-service lives there)
  endpoint: '',                 // or an HTTPS endpoint of yours that forwards { action, params }
  accessKey: '',                // the cloud project's 32-character access secret
  lockType: 'ble',
  deviceId: '',                 // the lock's cloud device id
  // The lock's BLE identity from the cloud (localKey, uuid, devId) and its id on this phone
  // (the deviceId that wx.onBluetoothDeviceFound reported).
  ble: { localKey: '', uuid: '', devId: '', deviceId: '' },
};
