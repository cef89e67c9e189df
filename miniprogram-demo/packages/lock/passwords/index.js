// A lock's temporary passwords: list, create and edit (password-edit page), delete.
const { services, words, failure, title } = require('../../../utils/page.js');
const i18n = require('../../../i18n/index.js');

function windowText(window, t) {
  return `${window.days.map((day) => t.days[day]).join(' ')} ${window.startTime}-${window.endTime}`;
}

Component({
  data: { t: words(), state: 'loading', passwords: [], errorText: '', deviceId: '', bleId: '' },
  methods: {
    onLoad(query) {
      title('passwords');
      this.setData({ t: words(), deviceId: decodeURIComponent(query.deviceId || ''), bleId: decodeURIComponent(query.bleId || '') });
      return this.load();
    },
    onShow() {
      // Back from the edit page: show what changed.
      if (this.shown) this.load();
      this.shown = true;
    },
    async load() {
      this.setData({ state: 'loading', errorText: '' });
      try {
        const t = words();
        const list = await services().listPasswords(this.data.deviceId);
        this.setData({
          state: list.length ? 'ready' : 'empty',
          passwords: list.map((entry) => ({
            id: entry.id,
            name: entry.name,
            period: i18n.format(t.validFrom, { from: entry.from, to: entry.to }),
            status: entry.onLockId !== null ? t.storedOnLock : entry.active ? t.active : t.pending,
            windowTexts: entry.windows.map((window) => windowText(window, t)),
            hardId: entry.onLockId === null ? '' : String(entry.onLockId),
          })),
        });
      } catch (error) {
        this.setData(failure(error));
      }
    },
    onCreate() {
      const { deviceId, bleId } = this.data;
      wx.navigateTo({ url: `/packages/lock/password-edit/index?deviceId=${encodeURIComponent(deviceId)}&bleId=${encodeURIComponent(bleId)}` });
    },
    onEdit(event) {
      const { id, hardId } = event.currentTarget.dataset;
      const { deviceId, bleId } = this.data;
      wx.navigateTo({
        url: `/packages/lock/password-edit/index?deviceId=${encodeURIComponent(deviceId)}&passwordId=${id}&hardId=${hardId}&bleId=${encodeURIComponent(bleId)}`,
      });
    },
    onDelete(event) {
      const { id, hardId } = event.currentTarget.dataset;
      const t = words();
      return new Promise((resolve) => {
        wx.showModal({
          title: t.confirmDelete,
          confirmText: t.delete,
          cancelText: t.cancel,
          success: async ({ confirm }) => {
            if (!confirm) return resolve(false);
            try {
              await services().deletePassword(this.data.deviceId, id, { bleId: this.data.bleId, hardId });
              wx.showToast({ title: t.deleted, icon: 'success' });
              await this.load();
              resolve(true);
            } catch (error) {
              // The list stays; the reason comes in a dialog.
              wx.showModal({ title: t.error, content: failure(error).errorText, showCancel: false });
              resolve(false);
            }
          },
          fail: () => resolve(false),
        });
      });
    },
  },
});
