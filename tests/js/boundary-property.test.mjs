// A property test through the wasm boundary: 100 000+ hostile calls, from a seeded PRNG, spread over
// every function of dl, dl.ble, dl.ble.lockDp, the BLE session and reassembler objects and the
// cloud's core functions. Arguments are wrong types, throwing getters and Proxies, huge and empty
// values, NaN, ±Infinity, 2^53+1, deep and cyclic objects, and valid calls with one part broken.
// Properties: only DoorlockError (never INTERNAL) or the caller's own error comes out; the wasm stack pointer, the heap in
// use and the memory size do not move after warm-up; afterwards the instance still answers
// correctly, checked against node:crypto.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv } from 'node:crypto';
import { loadDoorlock, DoorlockError } from './support/load.mjs';
import { seededRandom } from './support/seeded-random.mjs';

const CALLS = Number(process.env.DOORLOCK_PROPERTY_CALLS || 100000);
const SEED = Number(process.env.DOORLOCK_PROPERTY_SEED || 0x5eed1234);
const ACCESS_KEY = '0123456789abcdef0123456789abcdef';
const TICKET_KEY = '676A3814D4512307E7A5EBBB3983D27C8AA36241FDE8DF054DC325C6C695B89E';
const LOCAL_KEY = 'abcdef0123456789';

const dl = await loadDoorlock();

const random = seededRandom(SEED);
const pick = (list) => list[Math.floor(random() * list.length)];
const chance = (p) => random() < p;

class CallerError extends Error {}

// Large values are made once: the test measures the module, not the allocator of the host.
const HUGE = {
  bytes: new Uint8Array(1 << 20),
  buffer: new ArrayBuffer(1 << 20),
  string: 'x'.repeat(1 << 20),
  hex: 'ab'.repeat(1 << 19),
  sparse7: new Array(1e7),
  sparse8: new Array(1e8),
  items: new Array(5000).fill(1),
  keys: Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i])),
};
const deep = (depth, leaf) => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = chance(0.5) ? [v] : { a: v };
  return v;
};
const cyclicObject = () => {
  const o = { a: 1 };
  o.self = o;
  return o;
};
const cyclicArray = () => {
  const a = [1];
  a.push(a);
  return a;
};
const throwingGetter = (base = {}) => {
  const o = { ...base };
  Object.defineProperty(o, pick(['accessKey', 'password', 'device_id', 'id', 'value', 'mode', 'sn', 'localKey', 'days', 'x']), {
    enumerable: true,
    get() {
      throw new CallerError('getter');
    },
  });
  return o;
};
const trap = () => {
  throw new CallerError('trap');
};
let revokedInCall = false; // a revoked Proxy makes the engine itself throw a TypeError: the caller's doing
const hostileProxy = (target = {}) =>
  new Proxy(
    target,
    pick([
      { get: trap },
      { ownKeys: trap },
      { getOwnPropertyDescriptor: trap },
      { getPrototypeOf: trap },
      { has: trap },
      { get: (t, k) => (k === 'length' ? pick([1e9, -1, 0.5, 'x', NaN]) : t[k]) },
    ]),
  );
const revoked = () => {
  const r = Proxy.revocable({}, {});
  r.revoke();
  revokedInCall = true;
  return r.proxy;
};

const SCALARS = [
  undefined,
  null,
  true,
  false,
  0,
  -0,
  1,
  -1,
  0.5,
  255,
  256,
  65536,
  2 ** 31,
  2 ** 32,
  2 ** 53 + 1,
  -(2 ** 53 + 1),
  Number.MAX_SAFE_INTEGER,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  NaN,
  Infinity,
  -Infinity,
  '',
  ' ',
  'a',
  '0',
  '-1',
  '1e400',
  'NaN',
  '07:30',
  '24:00',
  'mon',
  'someday',
  '__proto__',
  'constructor',
  'doorLock.getUser',
  'doorLock.openDoor',
  'nope.nope',
  '\uD800',
  '\u0000',
  'zz',
  'ABCD',
  TICKET_KEY,
  ACCESS_KEY,
  'ble',
  'wifi',
  'tuya',
];
function hostile(depth = 0) {
  switch (Math.floor(random() * 24)) {
    case 0:
    case 1:
    case 2:
    case 3:
      return pick(SCALARS);
    case 4:
      return Math.floor(random() * 2 ** 33) - 2 ** 32;
    case 5:
      return pick([HUGE.bytes, HUGE.buffer, HUGE.string, HUGE.hex, HUGE.sparse7, HUGE.sparse8, HUGE.items, HUGE.keys]);
    case 6:
      return pick([
        new Uint8Array(0),
        new Uint8Array(16).map(() => random() * 256),
        new ArrayBuffer(8),
        new Int16Array(4),
        new DataView(new ArrayBuffer(4)),
        new Uint8ClampedArray(3),
        new Float64Array(2),
      ]);
    case 7:
      return pick([[], {}, Object.create(null), new Date(0), new Map(), /x/, Promise.resolve(), new (class Thing {})(), new Error('e')]);
    case 8:
      return pick([Symbol('s'), () => 1, BigInt(7), async () => {}]);
    case 9:
      return deep(20 + Math.floor(random() * 30), pick(SCALARS));
    case 10:
      return chance(0.5) ? cyclicObject() : cyclicArray();
    case 11:
      return throwingGetter(depth < 2 ? { a: hostile(depth + 1) } : {});
    case 12:
      return hostileProxy(chance(0.5) ? [1, 2] : { a: 1 });
    case 13:
      return revoked();
    case 14:
      return JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}');
    case 15:
      return { toJSON: trap, valueOf: trap, toString: trap, [Symbol.toPrimitive]: trap };
    default: {
      if (depth > 2) return pick(SCALARS);
      if (chance(0.5)) return Array.from({ length: Math.floor(random() * 4) }, () => hostile(depth + 1));
      const out = {};
      for (let i = Math.floor(random() * 4); i > 0; i--)
        out[pick(['a', 'id', 'type', 'value', 'mode', 'sn', 'cmd', 'data', 'key', 'days'])] = hostile(depth + 1);
      return out;
    }
  }
}

// Valid calls, broken in one place: they reach the deeper code paths.
const VALIDITY = { effectiveTime: 1700000000, invalidTime: 1800000000 };
const SEEDS = {
  encryptPassword: () => [{ password: '123456', ticketKey: TICKET_KEY, accessKey: ACCESS_KEY, lockType: 'ble' }],
  decryptTicketKey: () => [{ ticketKey: TICKET_KEY, accessKey: ACCESS_KEY }],
  generatePassword: () => [{ lockType: 'wifi' }],
  randomBytes: () => [16],
  buildRequest: () => ['doorLock.getUser', { device_id: 'd1', user_id: 'u1' }, { lockType: 'wifi' }],
  buildPasswordRequest: () => [
    'doorLock.openDoor',
    { device_id: 'd1', password: '123456' },
    {
      lockType: 'zigbee',
      ticket: { ticket_id: 't', ticket_key: TICKET_KEY, expire_time: 360 },
      accessKey: ACCESS_KEY,
      obtainedAt: 1700000000,
      now: 1700000010,
    },
  ],
  parseResponse: () => ['doorLock.getUser', { success: true, t: 1, result: { user_id: 'u1', nick_name: 'n' } }],
  cloudCodeMeaning: () => [1106],
  workingDayMask: () => [['mon', 'tue', 'fri']],
  workingDays: () => [38],
  minuteOfDay: () => ['07:30'],
  timeOfDay: () => [450],
  buildSchedule: () => [{ effectiveTime: 1700000000, invalidTime: 1800000000, timeZone: '+08:00', windows: [{ start: '07:30', end: '18:00', days: ['mon'] }] }],
  validityBlock: () => [{ ...VALIDITY, cycle: 'weekly', days: ['sat'], start: '09:00', end: '12:00' }],
  displayPassword: () => [{ password: '1234567890', digitalBase: 8, hideZero: true }],
  'ble.crc16': () => [new Uint8Array([1, 2, 3])],
  'ble.deriveKey': () => [{ mode: 5, localKey: LOCAL_KEY, srand: '112233445566' }],
  'ble.encodeFrame': () => [{ sn: 1, cmd: 2, mode: 5, key: new Uint8Array(16), data: new Uint8Array(3) }],
  'ble.decodeFrame': () => [dl.ble.encodeFrame({ sn: 1, cmd: 2, mode: 0 })],
  'ble.describeFrame': () => [{ cmd: 0x0027, ackSn: 0, data: '000000000247000013ffff00013132333435363738016553f1000001' }, { protocol: 4 }],
  'ble.packetize': () => [new Uint8Array(40), { mtu: 20 }],
  'ble.encodeDps': () => [[{ id: 33, type: 'bool', value: true }], { protocol: 3 }],
  'ble.decodeDps': () => ['0100020102', { protocol: 3 }],
  'ble.lockDp.unlockCheck': () => [{ checkCode: '12345678', open: true, timestamp: 1700000000, memberId: 1 }],
  'ble.lockDp.createTemporaryPassword': () => [{ password: '123456', validity: VALIDITY }],
  'ble.lockDp.setCheckCode': () => [{ slaveId: 5, newCheckCode: '52777950' }],
  'ble.lockDp.parseUnlockCheckReply': () => ['0001ffff3132333435363738016553f1000000'],
  'session.receive': () => [new Uint8Array(20)],
  'session.writeDps': () => [[{ id: 71, type: 'raw', value: new Uint8Array(19) }]],
  'reassembler.push': () => [new Uint8Array([0, 5, 1, 2, 3])],
};

// One part of a valid argument list replaced by something hostile.
function breakOne(args) {
  const out = args.slice();
  const index = Math.floor(random() * out.length);
  const argument = out[index];
  if (argument && typeof argument === 'object' && !ArrayBuffer.isView(argument) && chance(0.7)) {
    const copy = Array.isArray(argument) ? argument.slice() : { ...argument };
    const keys = Object.keys(copy);
    const key = keys.length && chance(0.8) ? pick(keys) : pick(['extra', '__proto__', 'constructor']);
    if (chance(0.2))
      Object.defineProperty(copy, key, {
        enumerable: true,
        configurable: true,
        get() {
          throw new CallerError('getter');
        },
      });
    else if (key === '__proto__') Object.defineProperty(copy, key, { enumerable: true, configurable: true, writable: true, value: hostile() });
    else copy[key] = hostile();
    out[index] = chance(0.1) ? hostileProxy(copy) : copy;
  } else {
    out[index] = hostile();
  }
  return out;
}

function functionsOf(object, prefix, out) {
  for (const [name, value] of Object.entries(object)) {
    if (typeof value === 'function') out.push([`${prefix}${name}`, value, object]);
    else if (value && typeof value === 'object' && name !== 'transports') functionsOf(value, `${prefix}${name}.`, out);
  }
  return out;
}

const ALLOWED = new Set([
  'INVALID_ARGUMENT',
  'UNSUPPORTED_FOR_LOCK_TYPE',
  'CLOUD_ERROR',
  'BAD_RESPONSE',
  'BAD_FRAME',
  'CRC_MISMATCH',
  'REPLAYED_SN',
  'INVALID_STATE',
  'LOCK_REJECTED',
]);

function footprint() {
  return { stack: dl.diagnostics.stackPointer(), heap: dl.diagnostics.heapInUse(), memory: dl.diagnostics.memoryBytes() };
}

test(`${CALLS} hostile calls through the wasm boundary: only DoorlockError, no stack or heap growth, still correct`, (t) => {
  const targets = functionsOf(dl, '', []).filter(([name]) => name !== 'cloud.withRetry');
  const session = () => dl.ble.session({ localKey: LOCAL_KEY, uuid: '0123456789abcdef', devId: 'vdevo15345926009' });
  let liveSession = session();
  const reassembler = dl.ble.reassembler();
  for (const name of ['receive', 'writeDps', 'writeRawDp', 'relayAirFrame', 'start']) {
    targets.push([`session.${name}`, (...args) => liveSession[name](...args), null]);
  }
  targets.push(['reassembler.push', (...args) => reassembler.push(...args), null]);

  // The cloud's functions run in JavaScript and reach wasm only through dl.actions(); they get a
  // tenth of the share of each wasm-bound function (at least 100 calls each all the same).
  const schedule = targets.flatMap((target) => Array(target[0].startsWith('cloud.') ? 1 : 10).fill(target));
  const counts = { calls: 0, returned: 0, doorlockErrors: 0, callerErrors: 0, other: 0, internal: 0 };
  const perFunction = new Map();
  const timeOf = new Map();
  const codes = new Map();
  const failures = [];
  const warmUp = Math.min(5000, Math.floor(CALLS / 10));
  let before = null;
  const started = performance.now();
  for (let call = 0; call < CALLS; call++) {
    if (call === warmUp) before = footprint();
    const [name, fn, self] = schedule[call % schedule.length];
    revokedInCall = false;
    const seed = SEEDS[name];
    let args;
    if (seed && chance(0.6)) args = breakOne(seed());
    else args = Array.from({ length: Math.floor(random() * 4) }, () => hostile());
    perFunction.set(name, (perFunction.get(name) || 0) + 1);
    counts.calls++;
    const t0 = performance.now();
    try {
      const result = fn.apply(self, args);
      counts.returned++;
      if (result && typeof result.close === 'function') result.close(); // a session the call opened
    } catch (error) {
      if (error instanceof DoorlockError) {
        counts.doorlockErrors++;
        codes.set(error.code, (codes.get(error.code) || 0) + 1);
        if (!ALLOWED.has(error.code)) {
          counts.internal++;
          if (failures.length < 10) failures.push(`${name}: ${error.code} ${error.message}`);
        }
      } else if (error instanceof CallerError || (revokedInCall && error instanceof TypeError && /revoked/.test(error.message))) {
        counts.callerErrors++; // the caller's own error, passed through unchanged
      } else {
        counts.other++;
        if (failures.length < 10) failures.push(`${name}: ${error && error.name} ${error && error.message}`);
      }
    }
    timeOf.set(name, (timeOf.get(name) || 0) + performance.now() - t0);
    if (call % 1000 === 999) {
      // the session may have been closed or broken by what it was fed
      liveSession.close();
      liveSession = session();
    }
  }
  const after = footprint(); // like `before`, with a freshly opened session
  liveSession.close();
  const seconds = (performance.now() - started) / 1000;

  t.diagnostic(`seed 0x${SEED.toString(16)}: ${counts.calls} calls over ${targets.length} functions in ${seconds.toFixed(1)} s`);
  t.diagnostic(
    `returned ${counts.returned}, DoorlockError ${counts.doorlockErrors}, the caller's own error ${counts.callerErrors}, other ${counts.other}, unexpected codes ${counts.internal}`,
  );
  t.diagnostic(`codes: ${[...codes].map(([code, n]) => `${code} ${n}`).join(', ')}`);
  t.diagnostic(`after warm-up (${warmUp} calls): stack pointer ${before.stack}, heap in use ${before.heap} B, memory ${before.memory} B`);
  t.diagnostic(`after ${CALLS} calls:          stack pointer ${after.stack}, heap in use ${after.heap} B, memory ${after.memory} B`);
  if (process.env.DOORLOCK_PROPERTY_PROFILE)
    t.diagnostic(
      [...timeOf]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 12)
        .map(([n, ms]) => `${n} ${ms.toFixed(0)} ms`)
        .join(', '),
    );
  assert.deepEqual(failures, []);
  assert.equal(counts.other, 0);
  assert.ok(counts.returned > CALLS / 100, 'some calls are valid enough to succeed');
  // Every target was reached: at least 100 times, or half its expected share in a short campaign
  // (the draw is random, so a share itself would fail half the time).
  for (const [name] of targets) assert.ok(perFunction.get(name) >= Math.min(100, CALLS / schedule.length / 2), `${name} was called`);
  assert.equal(after.stack, before.stack, 'no stack growth');
  assert.equal(after.heap, before.heap, 'no heap growth');
  assert.equal(after.memory, before.memory, 'no memory growth');

  // Still correct: node:crypto decides.
  for (let round = 0; round < 200; round++) {
    const inner = Buffer.from(Array.from({ length: 16 }, () => Math.floor(random() * 256)));
    const pin = String(100000 + Math.floor(random() * 900000));
    const aes = (bits, key, data) => {
      const c = createCipheriv(`aes-${bits}-ecb`, key, null);
      return Buffer.concat([c.update(data), c.final()]);
    };
    const ticketKey = aes(256, Buffer.from(ACCESS_KEY), inner).toString('hex').toUpperCase();
    assert.equal(
      dl.encryptPassword({ password: pin, ticketKey, accessKey: ACCESS_KEY, lockType: 'ble' }),
      aes(128, inner, Buffer.from(pin)).toString('hex').toUpperCase(),
    );
  }
  assert.equal(dl.workingDayMask(['mon', 'tue', 'fri']), 38);
});
