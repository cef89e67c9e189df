// Create a temporary password (a PIN the app picks, valid between two dates, on the chosen
// weekdays between two times) or change an existing one's name and schedule. On a Bluetooth-only
// lock the PIN is stored on the lock over Bluetooth and recorded in the cloud (bluetooth_symbolic).
const { services, words, failure, title } = require('../../../utils/page.js');
const i18n = require('../../../i18n/index.js');
const { WEEKDAYS } = require('../../../services/schedule.js');

const pad = (n) => String(n).padStart(2, '0');
const day = (date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

function defaultForm() {
  const today = new Date();
  return {
    name: '',
    startDate: day(today),
    endDate: day(new Date(today.getTime() + 30 * 86400000)),
    startTime: '08:00',
    endTime: '18:00',
    days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  };
}

Component({
  data: {
    t: words(),
    form: defaultForm(),
    dayOptions: [],
    saving: false,
    createdText: '',
    progressText: '',
    errorText: '',
    deviceId: '',
    bleId: '',
    passwordId: '',
    hardId: '',
    needsBleId: false,
  },
  methods: {
    async onLoad(query) {
      title('passwords');
      const t = words();
      const deviceId = decodeURIComponent(query.deviceId || '');
      const lock = services()
        .locks()
        .find((entry) => entry.deviceId === deviceId);
      this.setData({
        t,
        deviceId,
        bleId: decodeURIComponent(query.bleId || ''),
        passwordId: query.passwordId || '',
        hardId: query.hardId || '',
        dayOptions: WEEKDAYS.map((value) => ({ value, label: t.days[value] })),
        needsBleId: Boolean(lock && lock.lockType === 'ble' && !query.bleId),
      });
      if (query.passwordId) await this.loadExisting(query.passwordId);
    },
    async loadExisting(passwordId) {
      try {
        const list = await services().listPasswords(this.data.deviceId);
        const entry = list.find((item) => String(item.id) === String(passwordId));
        if (!entry) return;
        const window = entry.windows[0] || { days: WEEKDAYS.slice(), startTime: '00:00', endTime: '23:59' };
        this.setData({
          form: { name: entry.name, startDate: entry.from, endDate: entry.to, startTime: window.startTime, endTime: window.endTime, days: window.days },
        });
      } catch (error) {
        this.setData({ errorText: failure(error).errorText });
      }
    },
    onName(event) {
      this.setData({ 'form.name': event.detail.value });
    },
    onPick(event) {
      this.setData({ [`form.${event.currentTarget.dataset.field}`]: event.detail.value });
    },
    onDays(event) {
      this.setData({ 'form.days': event.detail.value });
    },
    async onSave() {
      const t = words();
      const { deviceId, bleId, passwordId, hardId, form } = this.data;
      const onProgress = (step) => this.setData({ progressText: t.progress[step] || '' });
      this.setData({ saving: true, errorText: '', createdText: '', progressText: '' });
      try {
        if (passwordId) {
          await services().modifyPassword(deviceId, passwordId, form, { bleId, hardId, onProgress });
          wx.navigateBack && wx.navigateBack();
        } else {
          const created = await services().createPassword(deviceId, form, { bleId, onProgress });
          this.setData({ createdText: i18n.format(t.created, { password: created.password }) });
        }
      } catch (error) {
        this.setData({ errorText: failure(error).errorText });
      } finally {
        this.setData({ saving: false, progressText: '' });
      }
    },
  },
});
