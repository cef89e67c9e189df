// The locks of this app with their state: online, battery, Bluetooth-only; each opens the pages
// of the lock subpackage.
const { services, words, failure, title } = require('../../utils/page.js');
const i18n = require('../../i18n/index.js');

Component({
  data: { t: words(), state: 'loading', locks: [], errorText: '' },
  methods: {
    onLoad() {
      title('locks');
      this.setData({ t: words() });
      return this.load();
    },
    onPullDownRefresh() {
      return this.load().then(() => wx.stopPullDownRefresh && wx.stopPullDownRefresh());
    },
    async load() {
      this.setData({ state: 'loading', errorText: '' });
      try {
        const locks = await services().listLocks();
        const t = words();
        this.setData({
          state: locks.length ? 'ready' : 'empty',
          locks: locks.map((lock) => ({ ...lock, batteryText: lock.battery === null ? t.batteryUnknown : i18n.format(t.battery, { n: lock.battery }) })),
        });
      } catch (error) {
        this.setData(failure(error));
      }
    },
    onOpen(event) {
      const { page, id } = event.currentTarget.dataset;
      wx.navigateTo({ url: `/packages/lock/${page}/index?deviceId=${encodeURIComponent(id)}` });
    },
    onLanguage() {
      i18n.setLanguage(i18n.language() === 'zh' ? 'en' : 'zh');
      this.setData({ t: words() });
      return this.load();
    },
  },
});
