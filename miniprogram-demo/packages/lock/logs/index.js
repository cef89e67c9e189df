// A lock's opening records, a page at a time (load more / scroll to the bottom).
const { services, words, failure, title } = require('../../../utils/page.js');

const PAGE_SIZE = 20;

Component({
  data: { t: words(), state: 'loading', rows: [], page: 0, hasMore: false, loadingMore: false, errorText: '', deviceId: '' },
  methods: {
    onLoad(query) {
      title('logs');
      this.setData({ t: words(), deviceId: decodeURIComponent(query.deviceId || '') });
      return this.reload();
    },
    onReachBottom() {
      if (this.data.hasMore && !this.data.loadingMore) return this.onMore();
      return undefined;
    },
    async reload() {
      this.setData({ state: 'loading', rows: [], page: 0, errorText: '' });
      try {
        const answer = await services().listLogs(this.data.deviceId, { page: 1, pageSize: PAGE_SIZE });
        this.setData({ state: answer.rows.length ? 'ready' : 'empty', rows: answer.rows, page: 1, hasMore: answer.hasMore });
      } catch (error) {
        this.setData(failure(error));
      }
    },
    async onMore() {
      const page = this.data.page + 1;
      this.setData({ loadingMore: true });
      try {
        const answer = await services().listLogs(this.data.deviceId, { page, pageSize: PAGE_SIZE });
        this.setData({ rows: this.data.rows.concat(answer.rows), page, hasMore: answer.hasMore });
      } catch (error) {
        wx.showToast({ title: failure(error).errorText, icon: 'none' });
      } finally {
        this.setData({ loadingMore: false });
      }
    },
  },
});
