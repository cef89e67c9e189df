// The wasm boundary against hostile callers: caller code that throws while its arguments are read,
// keys that would set prototypes, and oversized input. Every failure the SDK raises is a
// DoorlockError; what the caller's own getters and Proxy traps throw comes back unchanged, before
// anything entered wasm. Either way the module's stack, heap and memory stay as they were.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv } from 'node:crypto';
import { loadDoorlock, DoorlockError, catchDoorlockError } from './support/load.mjs';

const ACCESS_KEY = '0123456789abcdef0123456789abcdef';
const TICKET_KEY = '676A3814D4512307E7A5EBBB3983D27C8AA36241FDE8DF054DC325C6C695B89E';

const dl = await loadDoorlock();

function footprint() {
  return { stack: dl.diagnostics.stackPointer(), heap: dl.diagnostics.heapInUse(), memory: dl.diagnostics.memoryBytes() };
}

// The inner ticket key of vectors.md §9 is 'ABCDEFGHIJKLMNOP'; node:crypto computes the expected PIN.
function expectedPassword(password) {
  const cipher = createCipheriv('aes-128-ecb', Buffer.from('ABCDEFGHIJKLMNOP'), null);
  return Buffer.concat([cipher.update(password), cipher.final()])
    .toString('hex')
    .toUpperCase();
}

class CallerError extends Error {}

function callerError(call) {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

test('a getter that throws runs before wasm: the caller gets its own error, nothing leaks, 20 000 times', () => {
  const caller = new CallerError('from the caller');
  const accessKeyGetter = {
    password: '123456',
    ticketKey: TICKET_KEY,
    get accessKey() {
      throw caller;
    },
  };
  const ticketKeyGetter = {
    password: '123456',
    accessKey: ACCESS_KEY,
    get ticketKey() {
      throw caller;
    },
  };
  dl.encryptPassword({ password: '123456', ticketKey: TICKET_KEY, accessKey: ACCESS_KEY, lockType: 'ble' });
  const before = footprint();
  for (let i = 0; i < 10000; i++) {
    assert.equal(
      callerError(() => dl.encryptPassword(accessKeyGetter)),
      caller,
    );
    assert.equal(
      callerError(() => dl.encryptPassword(ticketKeyGetter)),
      caller,
    );
  }
  assert.deepEqual(footprint(), before);
  assert.equal(dl.encryptPassword({ password: '123456', ticketKey: TICKET_KEY, accessKey: ACCESS_KEY, lockType: 'ble' }), expectedPassword('123456'));
});

test("getters and every Proxy trap in buildRequest, buildPasswordRequest and lock DPs: the caller's error, nothing leaks", () => {
  const thrown = new CallerError('trap');
  const boom = () => {
    throw thrown;
  };
  const hostileParams = [
    {
      device_id: 'd1',
      get name() {
        return boom();
      },
    },
    {
      device_id: 'd1',
      schedule_list: [
        {
          get effective_time() {
            return boom();
          },
        },
      ],
    },
    new Proxy({ device_id: 'd1' }, { get: boom }),
    new Proxy({ device_id: 'd1' }, { getOwnPropertyDescriptor: boom }),
    new Proxy({ device_id: 'd1' }, { ownKeys: boom }),
    new Proxy({}, { getPrototypeOf: boom, ownKeys: boom }),
    { device_id: 'd1', list: new Proxy([1, 2], { get: boom }) },
  ];
  const ticket = { ticket_id: 't', ticket_key: TICKET_KEY, expire_time: 360 };
  const passwordOptions = { lockType: 'zigbee', ticket, accessKey: ACCESS_KEY, obtainedAt: 1700000000, now: 1700000010 };
  const calls = [
    ...hostileParams.map((params) => () => dl.buildRequest('doorLock.getUser', params, { lockType: 'wifi' })),
    ...hostileParams.map((params) => () => dl.buildPasswordRequest('doorLock.openDoor', params, passwordOptions)),
    () =>
      dl.buildPasswordRequest(
        'doorLock.openDoor',
        { device_id: 'd1', password: '123456' },
        {
          ...passwordOptions,
          get now() {
            return boom();
          },
        },
      ),
    () =>
      dl.buildPasswordRequest('doorLock.openDoor', { device_id: 'd1', password: '123456' }, { ...passwordOptions, ticket: new Proxy(ticket, { get: boom }) }),
    () =>
      dl.ble.lockDp.unlockCheck({
        checkCode: '12345678',
        open: true,
        get timestamp() {
          return boom();
        },
        memberId: 1,
      }),
    () => dl.ble.lockDp.createTemporaryPassword({ password: '123456', validity: new Proxy({}, { ownKeys: boom }) }),
  ];
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  dl.buildRequest('doorLock.getUser', { device_id: 'd1', user_id: 'u1' }, { lockType: 'wifi' });
  dl.buildPasswordRequest('doorLock.openDoor', { device_id: 'd1', password: '123456' }, passwordOptions);
  const before = footprint();
  for (let round = 0; round < 500; round++) {
    for (const call of calls) assert.equal(callerError(call), thrown);
    assert.ok(callerError(() => dl.buildRequest('doorLock.getUser', revocable.proxy)) instanceof TypeError);
  }
  assert.deepEqual(footprint(), before);
});

test('errors from JS-side and wasm-bound functions have one shape', () => {
  const shape = (error) => ({
    type: error instanceof DoorlockError,
    name: error.name,
    code: typeof error.code,
    message: typeof error.message,
    field: typeof error.field,
  });
  const fromWasm = catchDoorlockError(() => dl.workingDayMask(['mon', 'someday']));
  const fromSnapshot = catchDoorlockError(() => dl.workingDayMask(['mon', new Date()]));
  const fromJsSide = catchDoorlockError(() => dl.ble.session({ localKey: 'k', clock: 5 }));
  for (const error of [fromWasm, fromSnapshot, fromJsSide]) {
    assert.deepEqual(shape(error), { type: true, name: 'DoorlockError', code: 'string', message: 'string', field: 'string' });
    assert.equal(error.code, 'INVALID_ARGUMENT');
  }
  assert.equal(fromWasm.field, 'days[1]');
  assert.equal(fromSnapshot.field, 'days[1]');
});

test('__proto__ in a cloud answer is a member of the result, never its prototype', () => {
  const body = JSON.parse(
    '{"success":true,"t":1,"result":{"__proto__":{"polluted":"yes"},"nested":{"__proto__":{"deep":1}},"constructor":{"prototype":{"x":1}},"prototype":2}}',
  );
  const before = footprint();
  for (const action of ['doorLock.getUser', 'doorLock.getDeviceDetail']) {
    let result;
    try {
      result = dl.parseResponse(action, body);
    } catch (error) {
      assert.ok(error instanceof DoorlockError, 'a DoorlockError when the action rejects the shape');
      continue;
    }
    const walk = (value) => {
      if (value === null || typeof value !== 'object') return;
      assert.ok([Object.prototype, Array.prototype, Uint8Array.prototype].includes(Object.getPrototypeOf(value)), 'plain prototype');
      for (const key of Object.keys(value)) walk(value[key]);
    };
    walk(result);
    assert.equal(result.polluted, undefined);
    assert.equal({}.polluted, undefined);
  }
  const result = dl.parseResponse('doorLock.getUser', body);
  assert.ok(Object.prototype.hasOwnProperty.call(result, '__proto__'), 'kept as an own member');
  assert.deepEqual(Object.keys(result.__proto__), ['polluted']);
  assert.ok(Object.prototype.propertyIsEnumerable.call(result, '__proto__'));
  assert.equal(Object.getPrototypeOf(result.nested), Object.prototype);
  // In parameters it is an unknown parameter like any other, and the prototype of nothing.
  const error = catchDoorlockError(() =>
    dl.buildRequest('doorLock.getUser', JSON.parse('{"device_id":"d1","user_id":"u1","__proto__":{"x":1}}'), { lockType: 'wifi' }),
  );
  assert.equal(error.field, '__proto__');
  assert.equal({}.x, undefined);
  assert.ok(footprint().heap <= before.heap + 64);
});

// Refused before marshalling: nothing reaches wasm memory, which would otherwise grow (and never
// shrink). No timing is asserted here (a loaded machine makes it noise); scripts/bench.sh times calls.
test('oversized input is refused before marshalling and wasm memory stays as it was', () => {
  const session = dl.ble.session({ localKey: 'abcdef0123456789', uuid: '0123456789abcdef', devId: 'vdevo15345926009' });
  const cases = [
    ['ble.session receive 1 MB', () => session.receive(new Uint8Array(1 << 20)), 'packet'],
    ['ble.encodeDps(new Array(1e7))', () => dl.ble.encodeDps(new Array(1e7)), 'dps'],
    ['workingDayMask(new Array(1e8))', () => dl.workingDayMask(new Array(1e8)), 'days'],
    ['workingDayMask of 8 days', () => dl.workingDayMask(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'mon']), 'days'],
    ['minuteOfDay(10 MB string)', () => dl.minuteOfDay('0'.repeat(10 << 20)), 'time'],
    ['buildRequest with a 2 MB member', () => dl.buildRequest('doorLock.getUser', { device_id: 'x'.repeat(2 << 20) }), 'device_id'],
    [
      'buildRequest with 5000 members',
      () => dl.buildRequest('doorLock.getUser', Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]))),
      'params',
    ],
    [
      'buildRequest with 1 MB of many strings',
      () => dl.buildRequest('doorLock.getUser', { list: Array.from({ length: 4000 }, () => 'y'.repeat(400)) }),
      'params',
    ],
    ['crc16 of 1 MB', () => dl.ble.crc16(new Uint8Array(1 << 20)), 'bytes'],
    ['decodeFrame of a 1 MB ArrayBuffer', () => dl.ble.decodeFrame(new ArrayBuffer(1 << 20)), 'air'],
    ['reassembler push of 1 MB', () => dl.ble.reassembler().push(new Uint8Array(1 << 20)), 'packet'],
    [
      'parseResponse with a million tiny values',
      () => dl.parseResponse('doorLock.getUser', { success: true, result: Array.from({ length: 4000 }, () => new Array(250).fill('')) }),
      'body',
    ],
    ['parseResponse with 100 000 items', () => dl.parseResponse('doorLock.getUser', { success: true, result: new Array(100000).fill(1) }), 'body.result'],
    [
      'encryptPassword with a 1 MB access key',
      () => dl.encryptPassword({ password: '123456', ticketKey: TICKET_KEY, accessKey: 'k'.repeat(1 << 20) }),
      'accessKey',
    ],
  ];
  const before = footprint();
  for (const [what, call, field] of cases) {
    const error = catchDoorlockError(call);
    assert.equal(error.code, 'INVALID_ARGUMENT', what);
    assert.equal(error.field, field, what);
    assert.deepEqual(footprint(), before, what);
  }
  session.close();
});

test('input at the documented limits is still accepted', () => {
  const frame = dl.ble.encodeFrame({ sn: 1, cmd: 2, mode: 0, data: new Uint8Array(0xffff) });
  assert.ok(frame.length > 0xffff);
  assert.equal(typeof dl.ble.crc16(frame), 'number');
  assert.equal(dl.ble.decodeFrame(frame).data.length, 0xffff);
  assert.equal(dl.workingDayMask(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']), 127);
});
