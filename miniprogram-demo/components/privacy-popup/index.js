// Shown when WeChat asks for the user's consent (utils/privacy.js). The agree button must be
// WeChat's own (open-type="agreePrivacyAuthorization"): only its tap counts as consent.
const privacy = require('../../utils/privacy.js');
const { words } = require('../../i18n/index.js');

Component({
  data: { visible: false, t: words() },
  lifetimes: {
    attached() {
      this.setData({ t: words() });
      this.unregister = privacy.register(() => this.setData({ visible: true }));
    },
    detached() {
      if (this.unregister) this.unregister();
    },
  },
  methods: {
    onRead() {
      if (wx.openPrivacyContract) wx.openPrivacyContract({});
    },
    onAgree() {
      this.setData({ visible: false });
      privacy.answer(true);
    },
    onRefuse() {
      this.setData({ visible: false });
      privacy.answer(false);
    },
  },
});
