// A lock's members and the unlock methods (fingerprints, PINs, cards...) each one holds.
const { services, words, failure, title } = require('../../../utils/page.js');

const METHOD_NAMES = {
  zh: { unlock_fingerprint: '指纹', unlock_password: '密码', unlock_card: '门卡', unlock_face: '人脸', unlock_ble: '蓝牙' },
  en: { unlock_fingerprint: 'Fingerprint', unlock_password: 'PIN', unlock_card: 'Card', unlock_face: 'Face', unlock_ble: 'Bluetooth' },
};

Component({
  data: { t: words(), state: 'loading', members: [], errorText: '', deviceId: '' },
  methods: {
    onLoad(query) {
      title('members');
      this.setData({ t: words(), deviceId: decodeURIComponent(query.deviceId || '') });
      return this.load();
    },
    async load() {
      this.setData({ state: 'loading', errorText: '' });
      try {
        const t = words();
        const names = METHOD_NAMES[require('../../../i18n/index.js').language()];
        const members = await services().listMembers(this.data.deviceId);
        this.setData({
          state: members.length ? 'ready' : 'empty',
          members: members.map((member) => ({
            ...member,
            roleText: t.roles[member.role],
            methods: member.methods.map((method) => ({ ...method, typeText: names[method.dpCode] || method.dpCode })),
          })),
        });
      } catch (error) {
        this.setData(failure(error));
      }
    },
  },
});
