// One service layer for every page (getApp().services); doorlock-wasm is loaded the first time a
// page needs it. In production the cloud is reached through the doorlock cloud function, which
// holds the access key; in development through the emulated home (config.js).
const sdk = require('doorlock-wasm');
const config = require('./config.js');
const { createServices } = require('./services/index.js');
const privacy = require('./utils/privacy.js');

App({
  onLaunch() {
    if (config.mode === 'production' && wx.cloud) wx.cloud.init({ env: config.production.cloudEnv || undefined, traceUser: true });
    // WeChat asks before the first privacy-bound call (Bluetooth here): the pop-up of the page
    // on screen answers.
    if (wx.onNeedPrivacyAuthorization) wx.onNeedPrivacyAuthorization((resolve) => privacy.request(resolve));
    this.services = createServices({ config, wx, sdk });
  },
});
