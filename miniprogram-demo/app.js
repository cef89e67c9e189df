// The mini program's single shared SDK instance: loaded once, used by every page.
const { loadDoorlock } = require('doorlock-wasm/wechat');
const config = require('./config.js');

App({
  onLaunch() {
    // The smart-lock cloud is reached through Tuya's cloud function (ty-service) in your cloud
    // environment; with config.endpoint set, through wx.request to your own server instead.
    if (!config.endpoint && wx.cloud) wx.cloud.init({ env: config.cloudEnv || undefined });
    this.doorlock = loadDoorlock();
  },
});
