// Bluetooth unlock: scan for nearby locks, pick one, open it once with progress. A lost answer is
// "the door may have opened", never an error to retry blindly.
const { services, words, failure, describeError, title } = require('../../../utils/page.js');
const { ensureBluetooth } = require('../../../utils/permission.js');

Component({
  data: { t: words(), phase: 'idle', devices: [], progressText: '', errorText: '', deviceId: '', bleId: '' },
  methods: {
    onLoad(query) {
      title('unlock');
      this.setData({ t: words(), deviceId: decodeURIComponent(query.deviceId || '') });
    },
    async onScan() {
      this.setData({ phase: 'scanning', devices: [], errorText: '' });
      try {
        if (!(await ensureBluetooth())) {
          this.setData({ phase: 'error', errorText: words().bluetoothDenied });
          return;
        }
        const devices = await services().scanLocks();
        this.setData({
          phase: 'scanned',
          devices: devices.map((device) => ({ ...device, rssiText: device.rssi === null || device.rssi === undefined ? '' : `${device.rssi} dBm` })),
        });
      } catch (error) {
        this.setData({ phase: 'error', errorText: failure(error).errorText });
      }
    },
    async onUnlock(event) {
      const t = words();
      const bleId = event.currentTarget.dataset.id;
      this.setData({ phase: 'unlocking', bleId, progressText: t.progress.connecting, errorText: '' });
      try {
        await services().unlock(this.data.deviceId, { bleId, onProgress: (step) => this.setData({ progressText: t.progress[step] || '' }) });
        this.setData({ phase: 'unlocked' });
      } catch (error) {
        if (describeError(error).outcomeUnknown) this.setData({ phase: 'outcomeUnknown' });
        else this.setData({ phase: 'error', errorText: failure(error).errorText });
      }
    },
    onPasswords() {
      wx.navigateTo({ url: `/packages/lock/passwords/index?deviceId=${encodeURIComponent(this.data.deviceId)}&bleId=${encodeURIComponent(this.data.bleId)}` });
    },
  },
});
