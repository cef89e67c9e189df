// One page, three things a lock mini program does: encrypt a PIN with a cloud ticket, create a
// temporary password through the cloud, and unlock a Bluetooth lock nearby.
const { DoorlockError, openWxAdapter, connectLock } = require('doorlock-wasm/wechat');
const config = require('../../config.js');

// vectors.md §9: the decrypted key of a published test ticket (ASCII ABCDEFGHIJKLMNOP), the form
// a backend that hands out decrypted ticket keys gives the phone: no access key on the phone.
const SAMPLE = { key: '4142434445464748494A4B4C4D4E4F50' };

function describe(error) {
  if (error instanceof DoorlockError) return `${error.code}${error.field ? ` (${error.field})` : ''}: ${error.message}`;
  return String((error && error.message) || error);
}

Page({
  data: { status: 'Loading doorlock-wasm...', log: [] },

  async onLoad() {
    try {
      this.dl = await getApp().doorlock;
      this.setData({ status: 'Ready' });
    } catch (error) {
      this.setData({ status: `Could not load: ${describe(error)}` });
    }
  },

  say(line) {
    this.setData({ log: [line].concat(this.data.log).slice(0, 20) });
  },

  cloudClient() {
    const { dl } = this;
    // The key stays on the server side: the doorlock cloud function, or your own backend.
    const transport = config.endpoint
      ? dl.cloud.transports.server({ url: config.endpoint })
      : dl.cloud.transports.wxCloudFunction({ name: 'doorlock' });
    return dl.cloud.createClient({ transport, lockType: config.lockType });
  },

  onEncryptSample() {
    try {
      const password = this.dl.generatePassword({ lockType: 'ble' });
      const cipher = this.dl.encryptPassword({ ...SAMPLE, password, lockType: 'ble' });
      this.say(`PIN ${password} -> ${cipher}`);
    } catch (error) {
      this.say(describe(error));
    }
  },

  async onCreateTemporaryPassword() {
    const now = Math.floor(Date.now() / 1000);
    const password = this.dl.generatePassword({ lockType: config.lockType });
    try {
      const { id } = await this.cloudClient().createTemporaryPassword({
        device_id: config.deviceId,
        name: 'Weekday guest',
        password,
        schedule: {
          effectiveTime: now,
          invalidTime: now + 7 * 86400,
          timeZone: '+08:00',
          windows: [{ start: '08:00', end: '18:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] }],
        },
      });
      this.say(`Temporary password ${password} created (id ${id})`);
    } catch (error) {
      this.say(describe(error));
    }
  },

  async onUnlockOverBluetooth() {
    let lock;
    try {
      // The cloud issues the lock's check code: lock_random is the DP 70 write that sets it on the
      // lock, its ins the code itself, dev_unlock_id the lock's slave id.
      const issued = await this.cloudClient().call('doorLock.getIssuedConfig', { device_id: config.deviceId });
      const random = issued.lock_random;
      const adapter = await openWxAdapter({ deviceId: config.ble.deviceId });
      lock = await connectLock({ dl: this.dl, adapter, ...config.ble });
      await lock.writeCloudDp(random);
      const result = await lock.unlock({ checkCode: random.ins, slaveId: parseInt(random.dev_unlock_id, 16), memberId: 1 });
      this.say(`Unlocked: ${result.status}`);
    } catch (error) {
      // Never retried: an unlock whose answer was lost reports outcomeUnknown instead.
      this.say(error && error.outcomeUnknown ? 'The lock may have opened: check it before trying again' : describe(error));
    } finally {
      if (lock) await lock.close();
    }
  },
});
