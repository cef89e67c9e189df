// The cloud API through the .wasm: dl.actions(), dl.buildRequest, dl.parseResponse and
// dl.buildPasswordRequest as JavaScript callers see them: exact `field` paths and `cloudCode`,
// every fixed sample of the reference, one broken request per rule of every action (generated
// from dl.actions() itself), and password encryption cross-checked with node:crypto.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDoorlock, catchDoorlockError, repoRoot, DoorlockError } from './support/load.mjs';

const dl = await loadDoorlock();
const fixtures = JSON.parse(readFileSync(join(repoRoot, 'tests', 'fixtures', 'cloud-api-samples.json'), 'utf8'));
const LOCKS = ['wifi', 'zigbee', 'ble', 'standard_wifi', 'wifi_access_control'];

const sample = (action, form) => structuredClone(fixtures.requests.find((f) => f.action === action && (!form || f.form === form)).params);

function expectError(fn, code, field) {
  const error = catchDoorlockError(fn);
  assert.equal(error.code, code, `${error.message}`);
  assert.equal(error.field, field, `${error.message}`);
  return error;
}
const invalid = (fn, field) => expectError(fn, 'INVALID_ARGUMENT', field);
const unsupported = (fn, field) => expectError(fn, 'UNSUPPORTED_FOR_LOCK_TYPE', field);

test('dl.actions(): 43 names, two modifyTemporaryPassword forms, the documented shape', () => {
  const actions = dl.actions();
  assert.equal(actions.length, 44);
  assert.equal(new Set(actions.map((a) => a.name)).size, 43);
  assert.deepEqual(
    actions.filter((a) => a.form).map((a) => [a.name, a.form]),
    [
      ['doorLock.modifyTemporaryPassword', 'modify'],
      ['doorLock.modifyTemporaryPassword', 'rename'],
    ],
  );
  for (const action of actions) {
    assert.equal(typeof action.summary, 'string');
    assert.equal(typeof action.readOnly, 'boolean');
    assert.ok(action.lockTypes.length > 0 && action.lockTypes.every((t) => LOCKS.includes(t)), action.name);
    for (const param of action.params) {
      assert.ok(['String', 'Integer', 'Long', 'Boolean', 'List', 'Object'].includes(param.type), `${action.name} ${param.name}`);
      assert.ok(['URI', 'QUERY', 'BODY'].includes(param.location), `${action.name} ${param.name}`);
      assert.equal(typeof param.required, 'boolean');
    }
    assert.equal(action.result.name, 'result');
  }
  const openDoor = actions.find((a) => a.name === 'doorLock.openDoor');
  assert.deepEqual(openDoor.lockTypes, ['zigbee']);
  assert.equal(openDoor.readOnly, false);
  assert.deepEqual(
    openDoor.params.map((p) => [p.name, p.location, p.required]),
    [
      ['device_id', 'URI', true],
      ['password', 'BODY', true],
      ['password_type', 'BODY', true],
      ['ticket_id', 'BODY', true],
    ],
  );
  assert.equal(actions.find((a) => a.name === 'doorLock.alarmLogs').readOnly, true);
  // A fresh copy each call: callers may change what they get.
  actions[0].name = 'changed';
  assert.equal(dl.actions()[0].name, 'doorLock.alarmLogs');
});

test('buildRequest: every fixed sample request of the reference', () => {
  for (const f of fixtures.requests) {
    const options = { ...f.options, ...(f.form ? { form: f.form } : {}) };
    assert.deepEqual(dl.buildRequest(f.action, f.params, options), { action: f.action, params: f.expected }, f.reference ?? f.action);
  }
  // Without options too: the lock type is optional.
  assert.deepEqual(dl.buildRequest('doorLock.alarmLogs', sample('doorLock.alarmLogs')).params.page_no, 1);
  assert.deepEqual(dl.buildRequest('timer.currentTime'), { action: 'timer.currentTime', params: {} });
});

test('buildRequest: the documented rules and lock types, with exact fields', () => {
  const create = sample('doorLock.createTemporaryPassword');
  create.schedule_list = [
    { effective_time: 720, invalid_time: 1080, working_day: 0 },
    { effective_time: 720, invalid_time: 1080, working_day: 128 },
  ];
  invalid(() => dl.buildRequest('doorLock.createTemporaryPassword', create), 'schedule_list[1].working_day');
  create.schedule_list[1] = { effective_time: 720, invalid_time: 600, working_day: 1 };
  invalid(() => dl.buildRequest('doorLock.createTemporaryPassword', create), 'schedule_list[1].invalid_time');
  create.schedule_list[1] = { effective_time: 720, invalid_time: 1441, working_day: 1 };
  invalid(() => dl.buildRequest('doorLock.createTemporaryPassword', create), 'schedule_list[1].invalid_time');
  create.schedule_list[1] = { effective_time: '07:30', invalid_time: '24:00', working_day: ['sat', 'sun'] };
  assert.deepEqual(dl.buildRequest('doorLock.createTemporaryPassword', create).params.schedule_list[1], {
    effective_time: 450,
    invalid_time: 1440,
    working_day: 65,
  });

  invalid(() => dl.buildRequest('doorLock.getMediaUrl', { device_id: 'd1', file_type: 3 }), 'file_type');
  invalid(() => dl.buildRequest('doorLock.cancelPasswordFreeOpen', { device_id: 'd1', type: 3 }), 'type');
  invalid(() => dl.buildRequest('doorLock.setHijack', { device_id: 'd1', unlock_no: 2, unlock_type: 'iris' }), 'unlock_type');
  invalid(() => dl.buildRequest('doorLock.operateRecords', { ...sample('doorLock.operateRecords'), pageSize: 101 }), 'pageSize');
  invalid(() => dl.buildRequest('doorLock.remoteUnlockConfig', { device_id: 'd1', open: true, remote_unlock_type: '' }), 'remote_unlock_type');
  invalid(() => dl.buildRequest('doorLock.openDoor', { ...sample('doorLock.openDoor'), password: '123456' }), 'password');
  invalid(() => dl.buildRequest('doorLock.openDoor', { ...sample('doorLock.openDoor'), extra: 1 }), 'extra');
  invalid(() => dl.buildRequest('doorLock.openDoor', { ...sample('doorLock.openDoor'), device_id: undefined }), 'device_id');
  invalid(() => dl.buildRequest('doorLock.nope', {}), 'action');
  invalid(() => dl.buildRequest(42, {}), 'action');
  invalid(() => dl.buildRequest('doorLock.openDoor', 'device_id=1'), 'params');
  invalid(() => dl.buildRequest('doorLock.openDoor', sample('doorLock.openDoor'), { lockType: 'bluetooth' }), 'lockType');
  invalid(() => dl.buildRequest('doorLock.openDoor', sample('doorLock.openDoor'), { retry: 3 }), 'retry');
  invalid(() => dl.buildRequest('device.control', { device_id: 'd1', commands: [{ code: 'switch', value: () => 1 }] }), 'commands[0].value');

  // An action or option the lock type does not support.
  unsupported(() => dl.buildRequest('doorLock.modifyTemporaryPassword', sample('doorLock.modifyTemporaryPassword', 'modify'), { lockType: 'ble' }), 'lockType');
  unsupported(() => dl.buildRequest('doorLock.openDoor', sample('doorLock.openDoor'), { lockType: 'wifi' }), 'lockType');
  unsupported(() => dl.buildRequest('doorLock.bleOpenInstruction', sample('doorLock.bleOpenInstruction'), { lockType: 'zigbee' }), 'lockType');
  unsupported(
    () =>
      dl.buildRequest('doorLock.deleteTemporaryPassword', { ...sample('doorLock.deleteTemporaryPassword'), bluetooth_symbolic: true }, { lockType: 'wifi' }),
    'bluetooth_symbolic',
  );
  invalid(() => dl.buildRequest('doorLock.passwordFreeOpen', sample('doorLock.passwordFreeOpen'), { lockType: 'wifi_access_control' }), 'channel_id');
  // The message says what is supported.
  const error = catchDoorlockError(() => dl.buildRequest('doorLock.openDoor', sample('doorLock.openDoor'), { lockType: 'ble' }));
  assert.match(error.message, /only on zigbee/);
  assert.ok(error instanceof DoorlockError);
});

// A value of the wrong type for a parameter descriptor of dl.actions().
function wrongType(param) {
  switch (param.type) {
    case 'String':
      return { not: 'text' };
    case 'Integer':
    case 'Long':
      return 'twelve';
    case 'Boolean':
      return 'yes';
    case 'List':
      return 'x';
    default:
      return param.format === 'dpValue' ? {} : 'x';
  }
}

// Values that make a `requiredWith` sibling required (with their own companions).
const TRIGGERS = {
  schedule_list: (o) => {
    o.schedule_list ??= [{ effective_time: 0, invalid_time: 60, working_day: 1 }];
    o.time_zone ??= 'UTC';
  },
  password: (o) => {
    o.password ??= '956FAD7000000000000009C68E168B77';
    o.password_type ??= 'ticket';
    o.ticket_id ??= 't1';
  },
};

// One broken request per rule of `params`, each built from a valid request by changing one value.
function* brokenRequests(params, base, set, prefix) {
  const path = (name) => (prefix ? `${prefix}.${name}` : name);
  yield [
    set(base, (o) => {
      o.zz_unknown = 1;
    }),
    path('zz_unknown'),
  ];
  for (const param of params) {
    if (param.required)
      yield [
        set(base, (o) => {
          delete o[param.name];
        }),
        path(param.name),
      ];
    yield [
      set(base, (o) => {
        o[param.name] = wrongType(param);
      }),
      path(param.name),
    ];
    if (param.min !== undefined && param.format !== 'timestamp')
      yield [
        set(base, (o) => {
          o[param.name] = param.min - 1;
        }),
        path(param.name),
      ];
    if (param.max !== undefined)
      yield [
        set(base, (o) => {
          o[param.name] = param.max + 1;
        }),
        path(param.name),
      ];
    if (param.enum)
      yield [
        set(base, (o) => {
          o[param.name] = 'not_a_documented_value';
        }),
        path(param.name),
      ];
    if (param.format === 'timestamp')
      yield [
        set(base, (o) => {
          o[param.name] = 1579156726000;
        }),
        path(param.name),
      ];
    if (param.format === 'timestampMs')
      yield [
        set(base, (o) => {
          o[param.name] = 1579156726;
        }),
        path(param.name),
      ];
    if (param.format === 'id')
      yield [
        set(base, (o) => {
          o[param.name] = 'masked **** ';
        }),
        path(param.name),
      ];
    if (param.format === 'encryptedPassword')
      yield [
        set(base, (o) => {
          o[param.name] = '123456';
        }),
        path(param.name),
      ];
    if (param.format === 'countOrUnlimited')
      yield [
        set(base, (o) => {
          o[param.name] = 0;
        }),
        path(param.name),
      ];
    if (param.format === 'timeZone')
      yield [
        set(base, (o) => {
          o[param.name] = 'Shanghai';
        }),
        path(param.name),
      ];
    if (param.requiredWith)
      yield [
        set(base, (o) => {
          TRIGGERS[param.requiredWith](o);
          delete o[param.name];
        }),
        path(param.name),
      ];
    const inner = (o) => o[param.name];
    if (param.fields && param.type === 'Object' && inner(set(base, () => {}))) {
      yield* brokenRequests(param.fields, base, (b, change) => set(b, (o) => change(o[param.name])), path(param.name));
    }
    if (param.fields && param.type === 'List' && inner(set(base, () => {}))?.length) {
      yield* brokenRequests(param.fields, base, (b, change) => set(b, (o) => change(o[param.name][0])), `${path(param.name)}[0]`);
    }
  }
}

test('buildRequest: every rule of every action (from dl.actions()) rejects a request that breaks it', () => {
  let cases = 0;
  for (const action of dl.actions()) {
    const base = sample(action.name, action.form);
    const options = action.form ? { form: action.form } : {};
    const top = (b, change) => {
      const copy = structuredClone(b);
      change(copy);
      return copy;
    };
    for (const [params, field] of brokenRequests(action.params, base, top, '')) {
      const error = catchDoorlockError(() => dl.buildRequest(action.name, params, options));
      assert.equal(error.code, 'INVALID_ARGUMENT', `${action.name} ${field}: ${error.message}`);
      assert.equal(error.field, field, `${action.name} ${field}: ${error.message}`);
      cases++;
    }
    for (const lockType of LOCKS) {
      if (action.lockTypes.includes(lockType)) {
        // Lock-type-only parameters are refused elsewhere.
        for (const param of action.params.filter((p) => p.lockTypes && !p.lockTypes.includes(lockType) && base[p.name] !== undefined)) {
          unsupported(() => dl.buildRequest(action.name, base, { ...options, lockType }), param.name);
          cases++;
        }
        continue;
      }
      unsupported(() => dl.buildRequest(action.name, base, { ...options, lockType }), 'lockType');
      cases++;
    }
  }
  assert.ok(cases > 600, `${cases} cases`);
});

test('parseResponse: every sample response of the reference, cloudCode on failures', () => {
  for (const f of fixtures.responses) {
    if (f.error) {
      const error = expectError(() => dl.parseResponse(f.action, f.body), f.error.code, undefined);
      assert.equal(error.cloudCode, f.error.cloudCode, f.reference);
      assert.match(error.message, new RegExp(`^${f.action.replace('.', '\\.')} failed: `));
    } else {
      assert.deepEqual(dl.parseResponse(f.action, f.body), f.result, f.reference);
    }
  }
});

test('parseResponse: variants, malformed bodies, fields in the body', () => {
  assert.deepEqual(dl.parseResponse('device.pairingAuthKey', { success: true, result: { encrypted_auth_key: 'a', rondom: 'b' } }), {
    encrypted_auth_key: 'a',
    random: 'b',
  });
  assert.equal(dl.parseResponse('timer.currentTime', { result: true, success: 1607087405739, t: 1603679935012 }), 1607087405739);
  assert.deepEqual(dl.parseResponse('doorLock.getSyncableOpmodeTypes', { success: true, result: { dpId: 54, distribute: true, ins: '03' } }), {
    dp_id: 54,
    distributed: true,
    ins: '03',
  });
  const failure = catchDoorlockError(() => dl.parseResponse('doorLock.openDoor', { success: false, code: 1106, msg: 'permission deny', t: 1 }));
  assert.equal(failure.code, 'CLOUD_ERROR');
  assert.equal(failure.cloudCode, 1106);
  assert.equal(failure.message, 'doorLock.openDoor failed: permission deny');
  expectError(() => dl.parseResponse('doorLock.openDoor', '<html>502</html>'), 'BAD_RESPONSE', undefined);
  expectError(() => dl.parseResponse('doorLock.openDoor', undefined), 'BAD_RESPONSE', undefined);
  expectError(() => dl.parseResponse('doorLock.openDoor', { result: true }), 'BAD_RESPONSE', 'success');
  expectError(() => dl.parseResponse('doorLock.openDoor', { success: true }), 'BAD_RESPONSE', 'result');
  expectError(
    () => dl.parseResponse('doorLock.passwordTicket', { success: true, result: { ticket_id: 't', expire_time: 1 } }),
    'BAD_RESPONSE',
    'result.ticket_key',
  );
  expectError(
    () => dl.parseResponse('doorLock.listUsers', { success: true, result: [{ unlock_detail: [{ count: 'many' }] }] }),
    'BAD_RESPONSE',
    'result[0].unlock_detail[0].count',
  );
  invalid(() => dl.parseResponse('doorLock.nope', { success: true, result: true }), 'action');
  // The ty-service cloud function's envelope.
  assert.equal(dl.parseResponse('timer.currentTime', { success: true, data: 1607087405739, t: 1 }), 1607087405739);
  const fromFunction = catchDoorlockError(() => dl.parseResponse('doorLock.openDoor', { success: false, errorCode: 1106, errorMsg: 'permission deny' }));
  assert.equal(fromFunction.code, 'CLOUD_ERROR');
  assert.equal(fromFunction.cloudCode, 1106);
});

const ACCESS_KEY = '0123456789abcdef0123456789abcdef';

function ecb(bits, key, data, decrypt = false) {
  const cipher = (decrypt ? createDecipheriv : createCipheriv)(`aes-${bits}-ecb`, key, null);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

function ticketFor(innerKey, accessKey = ACCESS_KEY) {
  return { ticket_id: 'w2mA7CbZ', ticket_key: ecb(256, Buffer.from(accessKey), innerKey).toString('hex').toUpperCase(), expire_time: 360 };
}

test('buildPasswordRequest: ticket -> key -> encrypted PIN, checked with node:crypto', () => {
  for (let round = 0; round < 200; round++) {
    const lockType = ['wifi', 'zigbee', 'ble', 'wifi_access_control'][round % 4];
    const accessKey = randomBytes(16).toString('hex');
    const inner = randomBytes(16);
    const digits = lockType === 'zigbee' || lockType === 'ble' ? 6 : 7;
    const pin = String(randomInt(10 ** (digits - 1), 10 ** digits));
    const now = 1700000000 + round;
    const request = dl.buildPasswordRequest(
      'doorLock.createTemporaryPassword',
      { device_id: 'd1', name: 'Guest', password: pin, type: 0, effective_time: 1700000000, invalid_time: 1700086400 },
      { lockType, ticket: ticketFor(inner, accessKey), accessKey, obtainedAt: now - 10, now },
    );
    assert.equal(request.params.password, ecb(128, inner, Buffer.from(pin)).toString('hex').toUpperCase());
    assert.equal(ecb(128, inner, Buffer.from(request.params.password, 'hex'), true).toString(), pin);
    assert.equal(request.params.password_type, 'ticket');
    assert.equal(request.params.ticket_id, 'w2mA7CbZ');
  }
});

test('buildPasswordRequest: expiry, schedule, lock types and fields; no secret in any message', () => {
  const ticket = ticketFor(Buffer.from('ABCDEFGHIJKLMNOP'));
  const base = { lockType: 'zigbee', ticket, accessKey: ACCESS_KEY, obtainedAt: 1700000000, now: 1700000100 };
  const open = dl.buildPasswordRequest('doorLock.openDoor', { device_id: 'd1', password: '123456' }, base);
  assert.deepEqual(open, {
    action: 'doorLock.openDoor',
    params: { device_id: 'd1', password: 'F8D081364CA175264AC8E2B5B4B3B65E', password_type: 'ticket', ticket_id: 'w2mA7CbZ' },
  });
  invalid(() => dl.buildPasswordRequest('doorLock.openDoor', { device_id: 'd1', password: '123456' }, { ...base, now: 1700000356 }), 'ticket');
  invalid(() => dl.buildPasswordRequest('doorLock.openDoor', { device_id: 'd1', password: '123456' }, { ...base, now: Date.now() }), 'now');
  invalid(() => dl.buildPasswordRequest('doorLock.openDoor', { device_id: 'd1', password: '1234567' }, base), 'password');
  invalid(() => dl.buildPasswordRequest('doorLock.openDoor', { device_id: 'd1' }, base), 'password');
  invalid(() => dl.buildPasswordRequest('doorLock.openDoor', { device_id: 'd1', password: '123456' }, { ...base, accessKey: undefined }), 'accessKey');
  unsupported(() => dl.buildPasswordRequest('doorLock.openDoor', { device_id: 'd1', password: '1234567' }, { ...base, lockType: 'wifi' }), 'lockType');
  invalid(() => dl.buildPasswordRequest('doorLock.passwordFreeOpen', { device_id: 'd1', password: '123456' }, base), 'action');

  const schedule = { effectiveTime: 1700000000, invalidTime: 1700086400, timeZone: '+08:00', windows: [{ start: '22:00', end: '23:30', days: ['sat'] }] };
  const create = dl.buildPasswordRequest('doorLock.createTemporaryPassword', { device_id: 'd1', name: 'Night', password: '654321', type: 1, schedule }, base);
  assert.deepEqual(create.params.schedule_list, [{ effective_time: 1320, invalid_time: 1410, working_day: 64 }]);
  assert.equal(create.params.time_zone, '+08:00');
  invalid(
    () =>
      dl.buildPasswordRequest(
        'doorLock.createTemporaryPassword',
        { device_id: 'd1', name: 'Night', password: '654321', type: 1, schedule: { ...schedule, windows: [{ start: '22:00', end: '21:00', days: ['sat'] }] } },
        base,
      ),
    'schedule.windows[0].end',
  );

  const secretKey = 'fedcba9876543210fedcba9876543210';
  for (const fn of [
    () => dl.buildPasswordRequest('doorLock.openDoor', { device_id: 'd1', password: '123456' }, { ...base, accessKey: secretKey }),
    () => dl.buildPasswordRequest('doorLock.openDoor', { device_id: 'd1', password: '12345x' }, base),
  ]) {
    const error = catchDoorlockError(fn);
    assert.ok(!error.message.includes(secretKey) && !error.message.includes('12345x') && !error.message.includes(ACCESS_KEY), error.message);
  }
  // The instance still works after all of these.
  assert.equal(dl.buildPasswordRequest('doorLock.openDoor', { device_id: 'd1', password: '123456' }, base).params.password, 'F8D081364CA175264AC8E2B5B4B3B65E');
});

test('an unknown action is refused with the nearest real name', () => {
  const error = catchDoorlockError(() => dl.buildRequest('doorLock.getUsr', { device_id: 'vdevo1', user_id: '1' }));
  assert.equal(error.code, 'INVALID_ARGUMENT');
  assert.equal(error.field, 'action');
  assert.match(error.message, /did you mean doorLock\.getUser\?/);
  assert.match(catchDoorlockError(() => dl.parseResponse('doorlock.listUsers', { success: true, result: [] })).message, /did you mean doorLock\.listUsers\?/);
});
