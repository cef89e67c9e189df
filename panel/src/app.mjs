// The panel page: locks and their status, temporary passwords, Bluetooth unlock, logs, members
// and their unlock methods, dynamic and offline passwords. Every SDK call goes through the lock
// service; this file only renders and reacts.
import * as pkg from '../dist/browser.mjs';
import { createLockService } from './lock-service.mjs';
import { PHASES, WEEKDAYS, errorNode, failureStatus, formatTime, formatWindow, h, show, statusNode } from './view.mjs';

const $ = (id) => document.getElementById(id);
const TABS = [
  ['passwords', 'Temporary passwords'],
  ['unlock', 'Unlock'],
  ['logs', 'Logs'],
  ['members', 'Members'],
  ['more', 'Dynamic & offline'],
];
const state = { service: null, locks: [], current: null, tab: 'passwords', busy: false };

// Runs one change at a time (a lock serves one central; the buttons say so while it runs).
async function exclusive(task) {
  if (state.busy) return;
  state.busy = true;
  document.body.classList.add('busy');
  for (const button of document.querySelectorAll('button[data-change]')) button.disabled = true;
  try {
    await task();
  } finally {
    state.busy = false;
    document.body.classList.remove('busy');
    for (const button of document.querySelectorAll('button[data-change]')) button.disabled = false;
  }
}

const via = () => $('via').value;

async function start() {
  try {
    const config = await fetch(new URL('config.json', location.href)).then((res) => {
      if (!res.ok) throw Object.assign(new Error(`config.json: HTTP ${res.status}`), { code: 'NETWORK_ERROR' });
      return res.json();
    });
    state.service = await createLockService({ pkg, config, baseUrl: location.href });
    const web = state.service.hasWebBluetooth();
    $('mode').textContent = config.mode === 'emulated-home' ? 'emulated home' : config.mode;
    $('via').value = 'bridge';
    $('via').querySelector('option[value="web"]').disabled = !web;
    if (!web) $('via').title = 'this browser has no Web Bluetooth: the simulated locks are reached through the bridge';
    await loadLocks();
  } catch (error) {
    show($('locks'), errorNode(error));
  }
}

async function loadLocks() {
  show($('locks'), h('p', { className: 'state' }, 'Loading locks…'));
  try {
    state.locks = await state.service.listLocks();
  } catch (error) {
    show($('locks'), errorNode(error), h('button', { className: 'secondary', onclick: loadLocks }, 'Try again'));
    return;
  }
  renderLocks();
  if (!state.current && state.locks.length) selectLock(state.locks.find((lock) => lock.bluetooth) || state.locks[0]);
}

function renderLocks() {
  if (!state.locks.length) {
    show($('locks'), h('p', { className: 'state' }, 'No locks in this home yet.'));
    return;
  }
  show(
    $('locks'),
    state.locks.map((lock) =>
      h(
        'button',
        {
          className: 'lock-card',
          'data-lock': lock.deviceId,
          'aria-current': state.current === lock ? 'true' : 'false',
          onclick: () => selectLock(lock),
        },
        h('div', { className: 'name' }, lock.name),
        h(
          'div',
          { className: 'meta' },
          h('span', { className: `dot${lock.online ? ' on' : ''}` }),
          lock.online ? 'online' : 'offline',
          ' · ',
          lock.battery === null ? 'battery —' : `battery ${lock.battery}%`,
          ' · ',
          lock.bluetooth ? 'Bluetooth' : lock.lockType,
        ),
      ),
    ),
  );
}

function selectLock(lock) {
  state.current = lock;
  renderLocks();
  renderLock();
}

function renderLock() {
  const lock = state.current;
  const body = h('section', { id: 'tab-body' });
  show(
    $('lock'),
    h('h2', {}, lock.name, ' ', h('span', { className: 'muted' }, `${lock.deviceId} · ${lock.lockType}`)),
    h(
      'nav',
      { className: 'tabs', role: 'tablist' },
      TABS.map(([id, label]) =>
        h(
          'button',
          {
            role: 'tab',
            'data-tab': id,
            'aria-selected': state.tab === id ? 'true' : 'false',
            onclick: () => {
              state.tab = id;
              renderLock();
            },
          },
          label,
        ),
      ),
    ),
    body,
  );
  ({ passwords: renderPasswords, unlock: renderUnlock, logs: renderLogs, members: renderMembers, more: renderMore })[state.tab](body, lock);
}

// ---- temporary passwords ---------------------------------------------------------------------

const isoDate = (ms) => new Date(ms).toISOString().slice(0, 10);

// Unix seconds -> 'YYYY-MM-DD' in the lock's zone.
const zonedDate = (seconds, zone) => formatTime(seconds, zone).slice(0, 10);
const clock = (minutes) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const DAY_BITS = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

// The form creates a password, or changes `editing` (a row of the list) when given.
function renderPasswords(body, lock, editing = null) {
  const status = h('div', { id: 'pw-status' });
  const list = h('div', { id: 'pw-list' });
  const today = Date.now();
  const daily = editing && editing.schedule_list && editing.schedule_list[0];
  const values = editing
    ? {
        name: editing.name,
        password: '',
        startDate: zonedDate(editing.effective_time, lock.zone),
        endDate: zonedDate(editing.invalid_time, lock.zone),
        start: daily ? clock(daily.effective_time) : '00:00',
        end: daily ? clock(daily.invalid_time) : '23:59',
        days: daily ? WEEKDAYS.filter((day) => daily.working_day & (1 << DAY_BITS[day])) : WEEKDAYS,
      }
    : {
        name: 'Guest',
        password: state.service.generatePassword(lock.deviceId),
        startDate: isoDate(today),
        endDate: isoDate(today + 30 * 86400000),
        start: '08:00',
        end: '18:00',
        days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      };
  const pinHint = editing ? (lock.bluetooth ? 'PIN on the lock (re-enter it)' : 'New PIN (empty: keep it)') : 'PIN';
  const form = h(
    'form',
    {
      className: 'grid',
      id: 'pw-form',
      onsubmit: (event) => {
        event.preventDefault();
        savePassword(lock, form, status, list, editing);
      },
    },
    h(
      'label',
      { className: 'wide' },
      editing ? `Change “${editing.name}”: name` : 'Name',
      h('input', { id: 'pw-name', name: 'name', required: true, value: values.name, maxlength: 32 }),
    ),
    h(
      'label',
      {},
      pinHint,
      h('input', {
        id: 'pw-pin',
        name: 'password',
        required: !editing || lock.bluetooth,
        inputmode: 'numeric',
        pattern: '[0-9]{6,10}',
        value: values.password,
      }),
    ),
    h(
      'label',
      {},
      '\u00a0',
      h(
        'button',
        {
          type: 'button',
          className: 'secondary',
          onclick: () => {
            form.password.value = state.service.generatePassword(lock.deviceId);
          },
        },
        'New random PIN',
      ),
    ),
    h('label', {}, 'From date', h('input', { id: 'pw-start-date', name: 'startDate', type: 'date', required: true, value: values.startDate })),
    h('label', {}, 'To date', h('input', { id: 'pw-end-date', name: 'endDate', type: 'date', required: true, value: values.endDate })),
    h('label', {}, 'Each day from', h('input', { id: 'pw-from', name: 'start', type: 'time', required: true, value: values.start })),
    h('label', {}, 'until', h('input', { id: 'pw-to', name: 'end', type: 'time', required: true, value: values.end })),
    h(
      'label',
      { className: 'days' },
      'On',
      WEEKDAYS.map((day) => h('label', {}, h('input', { type: 'checkbox', name: 'day', value: day, checked: values.days.includes(day) }), ` ${day}`)),
      h('span', { className: 'muted' }, lock.bluetooth ? ' · stored on the lock over Bluetooth, then recorded in the cloud' : ' · sent by the cloud'),
    ),
    h(
      'div',
      {},
      h('button', { className: 'primary', id: 'pw-create', type: 'submit', 'data-change': true }, editing ? 'Save changes' : 'Create password'),
      editing ? h('button', { type: 'button', className: 'secondary', onclick: () => renderPasswords(body, lock) }, 'Cancel') : null,
    ),
  );
  show(body, form, status, list);
  loadPasswords(lock, list, body);
  return status;
}

async function loadPasswords(lock, list, body) {
  show(list, h('p', { className: 'state' }, 'Loading passwords…'));
  let entries;
  try {
    entries = await state.service.listPasswords(lock.deviceId);
  } catch (error) {
    show(list, errorNode(error));
    return;
  }
  if (!entries.length) {
    show(list, h('p', { className: 'state', id: 'pw-empty' }, 'No temporary passwords on this lock.'));
    return;
  }
  show(
    list,
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Name', 'Valid', 'Window', 'State', lock.bluetooth ? 'Hard id' : null, ''].filter((x) => x !== null).map((title) => h('th', {}, title)),
        ),
      ),
      h(
        'tbody',
        {},
        entries.map((entry) =>
          h(
            'tr',
            { className: 'pw-row', 'data-password-id': entry.password_id },
            h('td', { className: 'pw-name' }, entry.name || '(no name)'),
            h('td', {}, `${formatTime(entry.effective_time, lock.zone)} → ${formatTime(entry.invalid_time, lock.zone)}`),
            h('td', { className: 'pw-window' }, (entry.schedule_list || []).map(formatWindow).join('; ') || 'all day'),
            h('td', {}, PHASES[entry.phase] || `phase ${entry.phase}`),
            lock.bluetooth ? h('td', {}, entry.sn ?? '—') : null,
            h(
              'td',
              {},
              h('button', { className: 'secondary', 'data-change': true, onclick: () => renderPasswords(body, lock, entry) }, 'Modify'),
              ' ',
              h('button', { className: 'secondary', 'data-change': true, onclick: () => deletePassword(lock, entry, list) }, 'Delete'),
            ),
          ),
        ),
      ),
    ),
  );
}

function progress(target, what) {
  return (step) => show(target, statusNode('busy', `${what}: ${step}…`));
}

function savePassword(lock, form, status, list, editing) {
  const days = [...form.querySelectorAll('input[name="day"]:checked')].map((input) => input.value);
  const input = {
    name: form.name.value.trim(),
    password: form.password.value.trim(),
    startDate: form.startDate.value,
    endDate: form.endDate.value,
    start: form.start.value,
    end: form.end.value,
    days,
  };
  const body = list.parentNode;
  return exclusive(async () => {
    let result;
    try {
      if (editing) {
        await state.service.modifyPassword(lock.deviceId, editing, input, { via: via(), onProgress: progress(status, 'Saving') });
        result = statusNode(
          'ok',
          h('span', { id: 'pw-modified' }, `Changed “${input.name}”: ${days.join(' ')} ${input.start}–${input.end}, ${input.startDate} to ${input.endDate}.`),
        );
      } else {
        const created = await state.service.createPassword(lock.deviceId, input, { via: via(), onProgress: progress(status, 'Creating') });
        result = statusNode(
          'ok',
          h(
            'span',
            { id: 'pw-created' },
            `Created “${input.name}” (password id ${created.passwordId}${created.hardId !== undefined ? `, hard id ${created.hardId} on the lock` : ''}), ${days.join(' ')} ${input.start}–${input.end}.`,
          ),
        );
      }
    } catch (error) {
      show(status, failureStatus(error, editing ? 'Changing the password' : 'Creating the password'));
      await loadPasswords(lock, list, body);
      return;
    }
    // Back to a fresh create form, with what happened above the list.
    show(renderPasswords(body, lock), result);
  });
}

function deletePassword(lock, entry, list) {
  if (!window.confirm(`Delete “${entry.name}”?`)) return undefined;
  const status = $('pw-status');
  return exclusive(async () => {
    try {
      await state.service.deletePassword(lock.deviceId, entry, { via: via(), onProgress: progress(status, 'Deleting') });
      show(status, statusNode('ok', `Deleted “${entry.name}”.`));
    } catch (error) {
      show(status, failureStatus(error, 'Deleting'));
    }
    await loadPasswords(lock, list, list.parentNode);
  });
}

// ---- unlock ----------------------------------------------------------------------------------

function renderUnlock(body, lock) {
  const status = h('div', { id: 'unlock-status' });
  if (lock.bluetooth) {
    const button = h(
      'button',
      { className: 'primary big', id: 'unlock-button', 'data-change': true, onclick: () => unlock(lock, status) },
      'Unlock over Bluetooth',
    );
    show(
      body,
      h(
        'p',
        {},
        via() === 'web'
          ? 'The browser asks you to choose the lock, then the panel pairs with it and opens it with the check code the cloud issued for this phone.'
          : "The panel connects to the home's simulated lock through the bridge, pairs, and opens it with the check code the cloud issued for this phone.",
      ),
      button,
      status,
    );
    return;
  }
  if (!state.service.supports(lock.deviceId, 'doorLock.openDoor')) {
    show(
      body,
      h('p', { className: 'state' }, `The cloud API has no remote unlock for ${lock.lockType} locks: open it at the door or from the lock maker's app.`),
    );
    return;
  }
  const pin = h('input', { id: 'door-pin', inputmode: 'numeric', placeholder: 'door PIN' });
  show(
    body,
    h('p', {}, "This lock is online: the cloud opens it remotely with the door PIN (it never reaches this page's logs)."),
    h(
      'form',
      {
        onsubmit: (event) => {
          event.preventDefault();
          remoteUnlock(lock, pin, status);
        },
      },
      pin,
      ' ',
      h('button', { className: 'primary', type: 'submit', 'data-change': true }, 'Open remotely'),
    ),
    status,
  );
}

function unlock(lock, status) {
  return exclusive(async () => {
    try {
      const opened = await state.service.unlock(lock.deviceId, { via: via(), onProgress: progress(status, 'Unlocking') });
      show(
        status,
        statusNode(
          'ok',
          h(
            'span',
            { id: 'unlock-done' },
            opened.loggedAt
              ? `Unlocked. The lock logged the opening at ${formatTime(opened.loggedAt, lock.zone)}.`
              : 'Unlocked (the lock sent no record of it in time).',
          ),
          opened.refreshed ? " The lock had another check code: the cloud's current one was set first." : '',
        ),
      );
    } catch (error) {
      show(status, failureStatus(error, 'Unlocking'));
      if (error && error.outcomeUnknown) status.firstChild.prepend(h('strong', { id: 'door-may-have-opened' }, 'The door may have opened. '));
    }
  });
}

function remoteUnlock(lock, pin, status) {
  const password = pin.value.trim();
  pin.value = '';
  return exclusive(async () => {
    show(status, statusNode('busy', 'Opening…'));
    try {
      await state.service.openDoor(lock.deviceId, password);
      show(status, statusNode('ok', 'The cloud opened the door.'));
    } catch (error) {
      show(status, failureStatus(error, 'Opening'));
      if (error && error.outcomeUnknown) status.firstChild.prepend(h('strong', {}, 'The door may have opened. '));
    }
  });
}

// ---- logs, members, dynamic and offline passwords --------------------------------------------

async function renderLogs(body, lock, pageNo = 1) {
  show(body, h('p', { className: 'state' }, 'Loading the log…'));
  let page;
  try {
    page = await state.service.logs(lock.deviceId, pageNo);
  } catch (error) {
    show(body, errorNode(error), h('button', { className: 'secondary', onclick: () => renderLogs(body, lock, pageNo) }, 'Try again'));
    return;
  }
  if (!page.total) {
    show(body, h('p', { className: 'state' }, 'Nobody has opened this lock yet.'));
    return;
  }
  show(
    body,
    h(
      'table',
      { id: 'logs' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['When', 'Who', 'How'].map((title) => h('th', {}, title)),
        ),
      ),
      h(
        'tbody',
        {},
        page.logs.map((entry) =>
          h(
            'tr',
            {},
            h('td', {}, formatTime(entry.update_time, lock.zone)),
            h('td', {}, entry.nick_name || 'someone without an account'),
            h('td', {}, (Array.isArray(entry.status) ? entry.status : [entry.status]).map((item) => `${item.code} #${item.value}`).join(', ')),
          ),
        ),
      ),
    ),
    h(
      'div',
      { className: 'pager' },
      h('button', { className: 'secondary', disabled: page.pageNo <= 1, onclick: () => renderLogs(body, lock, page.pageNo - 1) }, '‹ Newer'),
      h('span', {}, `page ${page.pageNo} of ${page.pages} · ${page.total} openings`),
      h('button', { className: 'secondary', disabled: page.pageNo >= page.pages, onclick: () => renderLogs(body, lock, page.pageNo + 1) }, 'Older ›'),
    ),
  );
}

const USER_TYPES = { 10: 'administrator', 20: 'member', 30: 'anonymous', 50: 'owner' };

async function renderMembers(body, lock) {
  show(body, h('p', { className: 'state' }, 'Loading members…'));
  let members;
  try {
    members = await state.service.members(lock.deviceId);
  } catch (error) {
    show(body, errorNode(error));
    return;
  }
  if (!members.length) {
    show(body, h('p', { className: 'state' }, 'No members.'));
    return;
  }
  const methods = h('div', { id: 'methods' });
  show(
    body,
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Member', 'Role', 'Lock user id', ''].map((title) => h('th', {}, title)),
        ),
      ),
      h(
        'tbody',
        {},
        members.map((member) =>
          h(
            'tr',
            {},
            h('td', {}, member.nick_name),
            h('td', {}, USER_TYPES[member.user_type] || member.user_type),
            h('td', {}, member.lock_user_id),
            h('td', {}, h('button', { className: 'secondary', onclick: () => showMethods(lock, member, methods) }, 'Unlock methods')),
          ),
        ),
      ),
    ),
    methods,
  );
}

async function showMethods(lock, member, target) {
  show(target, h('p', { className: 'state' }, `Loading ${member.nick_name}'s unlock methods…`));
  try {
    const result = await state.service.unlockMethods(lock.deviceId, member.user_id);
    const records = result.records || [];
    show(
      target,
      h('h3', {}, `${member.nick_name}'s unlock methods`),
      records.length
        ? h(
            'ul',
            {},
            records.map((item) => h('li', {}, `${item.unlock_name || item.dp_code} (${item.dp_code} #${item.unlock_sn})`)),
          )
        : h('p', { className: 'state' }, 'None on this lock.'),
    );
  } catch (error) {
    show(target, errorNode(error));
  }
}

function renderMore(body, lock) {
  const dynamic = h('div', { id: 'dynamic' });
  const offlineStatus = h('div');
  const offlineId = h('input', { placeholder: 'offline password id', inputmode: 'numeric' });
  show(
    body,
    h('h3', {}, 'Dynamic password'),
    h('p', { className: 'muted' }, 'A short-lived PIN the lock accepts without any connection.'),
    h(
      'button',
      {
        className: 'secondary',
        onclick: async () => {
          show(dynamic, statusNode('busy', 'Asking the cloud…'));
          try {
            const result = await state.service.dynamicPassword(lock.deviceId);
            show(dynamic, statusNode('ok', 'Dynamic password: ', h('code', {}, result.dynamic_password)));
          } catch (error) {
            show(dynamic, failureStatus(error, 'Getting a dynamic password'));
          }
        },
      },
      'Get a dynamic password',
    ),
    dynamic,
    h('h3', {}, 'Offline passwords'),
    h('p', { className: 'muted' }, 'Remove an offline password the cloud issued, by its id.'),
    h(
      'form',
      {
        onsubmit: (event) => {
          event.preventDefault();
          exclusive(async () => {
            try {
              await state.service.deleteOfflinePassword(lock.deviceId, offlineId.value.trim());
              show(offlineStatus, statusNode('ok', `Offline password ${offlineId.value} removed.`));
            } catch (error) {
              show(offlineStatus, failureStatus(error, 'Removing the offline password'));
            }
          });
        },
      },
      offlineId,
      ' ',
      h('button', { className: 'secondary', type: 'submit', 'data-change': true }, 'Remove'),
    ),
    offlineStatus,
  );
}

start();
