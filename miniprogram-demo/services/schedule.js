// The password form's fields (dates as YYYY-MM-DD, times as HH:MM, weekdays) turned into what the
// cloud takes (the SDK's schedule) and what a Bluetooth lock takes (DP 51 validity), and back.
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function secondsAt(date, time, timeZone) {
  const value = Date.parse(`${date}T${time}:00${timeZone === 'Z' ? 'Z' : timeZone}`);
  if (Number.isNaN(value)) throw Object.assign(new Error(`not a date: ${date} ${time}`), { code: 'INVALID_ARGUMENT', field: 'date' });
  return Math.floor(value / 1000);
}

// form: { startDate, endDate, startTime, endTime, days: ['mon', ...] }; the end date is included.
function period(form, timeZone) {
  return {
    effectiveTime: secondsAt(form.startDate, '00:00', timeZone),
    invalidTime: secondsAt(form.endDate, '23:59', timeZone),
  };
}

function cloudSchedule(form, timeZone) {
  return {
    ...period(form, timeZone),
    timeZone,
    windows: [{ start: form.startTime, end: form.endTime, days: form.days.slice() }],
  };
}

function lockValidity(form, timeZone) {
  return { ...period(form, timeZone), cycle: 'weekly', days: form.days.slice(), start: form.startTime, end: form.endTime };
}

const pad = (n) => String(n).padStart(2, '0');
function dateText(seconds, offsetMinutes) {
  const d = new Date((seconds + offsetMinutes * 60) * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}
function dateTimeText(seconds, offsetMinutes) {
  const d = new Date((seconds + offsetMinutes * 60) * 1000);
  return `${dateText(seconds, offsetMinutes)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}
function offsetOf(timeZone) {
  const m = /^([+-])(\d\d):(\d\d)$/.exec(timeZone || '');
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}
const clock = (minute) => `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;

// A cloud schedule_list entry back into the form's words.
function windowOf(entry) {
  const days = WEEKDAYS.filter((_, index) => entry.working_day & (1 << index));
  return { days, startTime: clock(entry.effective_time), endTime: clock(entry.invalid_time) };
}

module.exports = { WEEKDAYS, cloudSchedule, lockValidity, dateText, dateTimeText, offsetOf, windowOf };
