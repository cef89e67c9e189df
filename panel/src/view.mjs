// DOM helpers and formatting for the panel: no framework, plain elements.

export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'className') node.className = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const show = (parent, ...children) => parent.replaceChildren(...children.flat().filter(Boolean));

// What a failure says on the page: its stable code and its message (the SDK's messages carry no
// secrets), and whether the lock or the cloud may have carried it out.
export function describeError(error) {
  const code = error && typeof error.code === 'string' ? error.code : 'INTERNAL';
  const message = error && error.message ? error.message : String(error);
  return { code, message, outcomeUnknown: Boolean(error && error.outcomeUnknown), field: error && error.field };
}

export function errorNode(error) {
  const { code, message, field } = describeError(error);
  return h('div', { className: 'error', role: 'alert', 'data-code': code }, h('code', {}, code), ' ', message, field ? ` (field ${field})` : '');
}

// A status line: state is 'busy', 'ok', 'error' or 'unknown' (the outcome of a change is not known).
export function statusNode(state, ...content) {
  return h('div', { className: 'status', 'data-state': state, role: state === 'busy' ? 'status' : 'alert' }, ...content);
}

export function failureStatus(error, what) {
  const { code, message, outcomeUnknown } = describeError(error);
  if (outcomeUnknown) {
    return statusNode(
      'unknown',
      `${what}: the answer was lost, so it may have happened. `,
      h('code', {}, code),
      ` ${message}. Look at the lock and its log before trying again; nothing was resent.`,
    );
  }
  return statusNode('error', `${what} failed: `, h('code', {}, code), ` ${message}`);
}

// Unix seconds -> 'YYYY-MM-DD HH:MM' in the lock's zone ('+08:00').
export function formatTime(seconds, zone = '+08:00') {
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(zone) || ['', '+', '00', '00'];
  const offset = (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
  const date = new Date((seconds + offset * 60) * 1000);
  return date.toISOString().slice(0, 16).replace('T', ' ');
}

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

// A cloud schedule_list entry: minutes of the day and a working_day bit mask (bit 0 = Sunday).
export function formatWindow(entry) {
  const time = (minutes) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  const days = DAY_NAMES.filter((_, bit) => entry.working_day & (1 << bit));
  return `${days.join(' ')} ${time(entry.effective_time)}–${time(entry.invalid_time)}`;
}

// The cloud's phase of a temporary password (doorlock-cloud-api.txt); 2 is the usual live one.
export const PHASES = { 0: 'deleted', 1: 'to be sent', 2: 'active', 3: 'frozen', 4: 'deleted', 5: 'failed', 7: 'failed to send' };
