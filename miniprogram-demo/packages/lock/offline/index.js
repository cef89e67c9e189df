// Passwords that need no network on the lock: a dynamic password (the cloud computes it from the
// lock's secret, valid a few minutes) and removal of an offline password by its id.
const { services, words, failure, title } = require('../../../utils/page.js');

Component({
  data: { t: words(), dynamic: '', loading: false, offlineId: '', doneText: '', errorText: '', deviceId: '' },
  methods: {
    onLoad(query) {
      title('offlinePasswords');
      this.setData({ t: words(), deviceId: decodeURIComponent(query.deviceId || '') });
    },
    async onDynamic() {
      this.setData({ loading: true, errorText: '' });
      try {
        this.setData({ dynamic: await services().dynamicPassword(this.data.deviceId) });
      } catch (error) {
        this.setData({ errorText: failure(error).errorText });
      } finally {
        this.setData({ loading: false });
      }
    },
    onOfflineId(event) {
      this.setData({ offlineId: event.detail.value });
    },
    async onDeleteOffline() {
      this.setData({ errorText: '', doneText: '' });
      try {
        await services().deleteOfflinePassword(this.data.deviceId, this.data.offlineId);
        this.setData({ doneText: words().deleted, offlineId: '' });
      } catch (error) {
        this.setData({ errorText: failure(error).errorText });
      }
    },
  },
});
