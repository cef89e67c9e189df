// Schedules through the .wasm: the same rules as the native suite, seen from JavaScript.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadDoorlock, catchDoorlockError } from './support/load.mjs';

const dl = await loadDoorlock();

test('weekday masks and minutes of the day', () => {
  assert.equal(dl.workingDayMask(['mon', 'tue', 'fri']), 38);
  assert.deepEqual(dl.workingDays(38), ['mon', 'tue', 'fri']);
  assert.deepEqual(dl.workingDays(0), []);
  assert.equal(dl.minuteOfDay('07:30'), 450);
  assert.equal(dl.timeOfDay(450), '07:30');
  assert.equal(dl.timeOfDay(1440), '24:00');
  assert.equal(catchDoorlockError(() => dl.workingDayMask(['mon', 'noday'])).field, 'days[1]');
  assert.equal(catchDoorlockError(() => dl.workingDays(200)).field, 'mask');
  assert.equal(catchDoorlockError(() => dl.workingDays(1.5)).field, 'mask');
  assert.equal(catchDoorlockError(() => dl.minuteOfDay('25:00')).code, 'INVALID_ARGUMENT');
  assert.equal(catchDoorlockError(() => dl.minuteOfDay(450)).code, 'INVALID_ARGUMENT');
  assert.equal(catchDoorlockError(() => dl.timeOfDay('07:30')).code, 'INVALID_ARGUMENT');
});

test('buildSchedule produces the cloud fields', () => {
  const schedule = dl.buildSchedule({
    effectiveTime: 1579156726,
    invalidTime: 1579243126,
    timeZone: 'Asia/Shanghai',
    windows: [
      { start: '07:30', end: '18:00', days: ['mon', 'tue', 'fri'] },
      { start: 0, end: 1440, days: ['sun', 'sat'] },
    ],
  });
  assert.deepEqual(schedule, {
    effective_time: 1579156726,
    invalid_time: 1579243126,
    time_zone: 'Asia/Shanghai',
    schedule_list: [
      { effective_time: 450, invalid_time: 1080, working_day: 38 },
      { effective_time: 0, invalid_time: 1440, working_day: 65 },
    ],
  });
  assert.deepEqual(dl.buildSchedule({ effectiveTime: 1579156726, invalidTime: 1579243126 }), { effective_time: 1579156726, invalid_time: 1579243126 });
  assert.deepEqual(dl.buildSchedule({ effectiveTime: 1579156726, invalidTime: 1579243126, timeZone: undefined }), {
    effective_time: 1579156726,
    invalid_time: 1579243126,
  });
});

test('buildSchedule rejects each rule with the exact field', () => {
  const base = () => ({
    effectiveTime: 1579156726,
    invalidTime: 1579243126,
    timeZone: '+08:00',
    windows: [
      { start: '07:30', end: '18:00', days: ['mon'] },
      { start: '19:00', end: '20:00', days: ['sat'] },
    ],
  });
  const cases = [
    [
      (s) => {
        s.effectiveTime = Date.now();
      },
      'effectiveTime',
    ],
    [
      (s) => {
        s.effectiveTime = new Date();
      },
      'effectiveTime',
    ],
    [
      (s) => {
        s.invalidTime = s.effectiveTime - 1;
      },
      'invalidTime',
    ],
    [
      (s) => {
        delete s.timeZone;
      },
      'timeZone',
    ],
    [
      (s) => {
        s.timeZone = 'Shanghai';
      },
      'timeZone',
    ],
    [
      (s) => {
        s.windows[1].end = '18:59';
      },
      'windows[1].end',
    ],
    [
      (s) => {
        s.windows[1].start = '24:30';
      },
      'windows[1].start',
    ],
    [
      (s) => {
        s.windows[0].days = [];
      },
      'windows[0].days',
    ],
    [
      (s) => {
        s.windows[0].days = ['mon', 'someday'];
      },
      'windows[0].days[1]',
    ],
    [
      (s) => {
        s.windows[1].repeat = true;
      },
      'windows[1].repeat',
    ],
    [
      (s) => {
        s.windows = [];
      },
      'windows',
    ],
    [
      (s) => {
        s.windows[0] = null;
      },
      'windows[0]',
    ],
    [
      (s) => {
        s.effectiveTime = NaN;
      },
      'effectiveTime',
    ],
    [
      (s) => {
        s.effectiveTime = 10n;
      },
      'effectiveTime',
    ],
    [
      (s) => {
        s.onUpdate = () => {};
      },
      'onUpdate',
    ],
  ];
  for (const [edit, field] of cases) {
    const input = base();
    edit(input);
    const error = catchDoorlockError(() => dl.buildSchedule(input));
    assert.equal(error.code, 'INVALID_ARGUMENT');
    assert.equal(error.field, field, `${edit} -> ${error.message}`);
  }
});

test('validityBlock: the permanent vector and a weekly block', () => {
  assert.equal(
    Buffer.from(dl.validityBlock({ effectiveTime: 946656000, invalidTime: 1924963199, cycle: 'none', start: '00:00', end: '23:59' })).toString('hex'),
    '386cd300' + '72bc9b7f' + '00' + '00000000' + '0000' + '173b',
  );
  // Without a window, a non-repeating block is 00:00-00:00 as Tuya's panel writes it.
  assert.equal(
    Buffer.from(dl.validityBlock({ effectiveTime: 946656000, invalidTime: 1924963199 })).toString('hex'),
    '386cd300' + '72bc9b7f' + '00' + '00000000' + '0000' + '0000',
  );
  const weekly = dl.validityBlock({
    effectiveTime: 1700000000,
    invalidTime: 1700600000,
    cycle: 'weekly',
    days: ['mon', 'tue', 'fri'],
    start: '07:30',
    end: '18:00',
  });
  // Fields laid out by hand from ble-protocol.md §6.2.
  const expected = Buffer.alloc(17);
  expected.writeUInt32BE(1700000000, 0);
  expected.writeUInt32BE(1700600000, 4);
  expected[8] = 2;
  expected.writeUInt32BE(38, 9);
  expected.set([7, 30, 18, 0], 13);
  assert.deepEqual(Buffer.from(weekly), expected);
  assert.ok(weekly instanceof Uint8Array);
  assert.equal(catchDoorlockError(() => dl.validityBlock({ effectiveTime: 1, invalidTime: 2, cycle: 'weekly' })).field, 'days');
});

test('time zones: every name the JS engine knows is accepted; a misspelt one is refused with the nearest', () => {
  // ICU's list is an independent source of the tz database's names.
  const names = Intl.supportedValuesOf('timeZone');
  assert.ok(names.length > 300);
  const window = { effectiveTime: 1579156726, invalidTime: 1579243126 };
  for (const timeZone of names) {
    assert.equal(dl.buildSchedule({ ...window, timeZone }).time_zone, timeZone);
  }
  const error = catchDoorlockError(() => dl.buildSchedule({ ...window, timeZone: 'Asia/Shangai' }));
  assert.equal(error.code, 'INVALID_ARGUMENT');
  assert.equal(error.field, 'timeZone');
  assert.match(error.message, /did you mean Asia\/Shanghai\?/);
  assert.equal(catchDoorlockError(() => dl.buildSchedule({ ...window, timeZone: 'Moon/Base' })).field, 'timeZone');
});
