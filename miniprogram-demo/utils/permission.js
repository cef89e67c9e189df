// scope.bluetooth: asked once with wx.authorize; once refused WeChat no longer asks, so the user
// is sent to the settings page. Resolves true when Bluetooth may be used.
const { words } = require('../i18n/index.js');

function promised(method, params = {}) {
  return new Promise((resolve, reject) => wx[method]({ ...params, success: resolve, fail: reject }));
}

async function ensureBluetooth() {
  const setting = await promised('getSetting');
  const state = setting.authSetting && setting.authSetting['scope.bluetooth'];
  if (state === true) return true;
  if (state === undefined) {
    try {
      await promised('authorize', { scope: 'scope.bluetooth' });
      return true;
    } catch (error) {
      return false;
    }
  }
  const t = words();
  const choice = await promised('showModal', { title: t.bluetoothDenied, confirmText: t.openSetting, cancelText: t.cancel });
  if (!choice.confirm) return false;
  const opened = await promised('openSetting');
  return Boolean(opened.authSetting && opened.authSetting['scope.bluetooth']);
}

module.exports = { ensureBluetooth };
