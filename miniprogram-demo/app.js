// The mini program's single shared SDK instance: loaded once, used by every page.
const { loadDoorlock } = require('doorlock-wasm/wechat');
const config = require('./config.js');

App({
  onLaunch() {
    // The smart-lock cloud is reached through the doorlock cloud function in your cloud
    // environment, which holds the access key; with config.endpoint set, through wx.request to
    // your own server running doorlock-wasm/server instead.
    if (!config.endpoint && wx.cloud) wx.cloud.init({ env: config.cloudEnv || undefined });
    this.doorlock = loadDoorlock();
  },
});
