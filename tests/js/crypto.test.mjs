// Password crypto through the .wasm: published vectors, Node's own crypto as the independent
// implementation on 1000+ random cases, field-naming errors, and randomness handling.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes, randomInt } from 'node:crypto';
import { loadDoorlock, DoorlockError, catchDoorlockError } from './support/load.mjs';

const ACCESS_KEY = '0123456789abcdef0123456789abcdef';
const TICKET_KEY = '676A3814D4512307E7A5EBBB3983D27C8AA36241FDE8DF054DC325C6C695B89E';

const dl = await loadDoorlock();

function ecb(bits, key, data) {
  const cipher = createCipheriv(`aes-${bits}-ecb`, key, null);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

test('vectors.md §9 through the module', () => {
  assert.deepEqual([...dl.decryptTicketKey({ ticketKey: TICKET_KEY, accessKey: ACCESS_KEY })], [...Buffer.from('ABCDEFGHIJKLMNOP')]);
  assert.equal(
    dl.encryptPassword({ password: '123456', ticketKey: TICKET_KEY, accessKey: ACCESS_KEY, lockType: 'zigbee' }),
    'F8D081364CA175264AC8E2B5B4B3B65E',
  );
  assert.equal(dl.encryptPassword({ password: '1234567', ticketKey: TICKET_KEY, accessKey: ACCESS_KEY, lockType: 'wifi' }), '12A879A76363F4BEB8458B9529C9CEE7');
  assert.equal(dl.encryptPassword({ password: '1234567', ticketKey: TICKET_KEY.toLowerCase(), accessKey: ACCESS_KEY }), '12A879A76363F4BEB8458B9529C9CEE7');
});

test('1200 random access keys, inner keys and PINs agree with node:crypto', () => {
  const lockTypes = ['wifi', 'zigbee', 'ble', 'standard_wifi', 'wifi_access_control'];
  for (let round = 0; round < 1200; round++) {
    const accessKey = Array.from({ length: 32 }, () => String.fromCharCode(randomInt(0x21, 0x7f))).join('');
    const inner = randomBytes(16);
    const lockType = lockTypes[round % lockTypes.length];
    const digits = lockType === 'zigbee' || lockType === 'ble' ? 6 : 7;
    const password = Array.from({ length: digits }, () => randomInt(10)).join('');
    const ticketKey = ecb(256, Buffer.from(accessKey, 'latin1'), inner).toString('hex').toUpperCase();
    const expected = ecb(128, inner, Buffer.from(password)).toString('hex').toUpperCase();
    assert.deepEqual(Buffer.from(dl.decryptTicketKey({ ticketKey, accessKey })), inner, `round ${round}`);
    assert.equal(dl.encryptPassword({ password, ticketKey, accessKey, lockType }), expected, `round ${round}`);
  }
});

test('bad input names the field, keeps secrets out of the message, and changes nothing', () => {
  const good = { password: '123456', ticketKey: TICKET_KEY, accessKey: ACCESS_KEY, lockType: 'ble' };
  const cases = [
    [{ ...good, password: '1234567' }, 'password'],
    [{ ...good, password: '12345a' }, 'password'],
    [{ ...good, password: 123456 }, 'password'],
    [{ ...good, password: undefined }, 'password'],
    [{ ...good, lockType: 'bluetooth' }, 'lockType'],
    [{ ...good, ticketKey: TICKET_KEY.slice(1) }, 'ticketKey'],
    [{ ...good, ticketKey: 'X' + TICKET_KEY.slice(1) }, 'ticketKey'],
    [{ ...good, ticketKey: TICKET_KEY.slice(0, 32) }, 'ticketKey'],
    [{ ...good, ticketKey: ['not', 'text'] }, 'ticketKey'],
    [{ ...good, accessKey: ACCESS_KEY.replace('f', 'g') }, 'ticketKey'], // wrong key: bad padding
    [{ ...good, accessKey: 'short-secret' }, 'accessKey'],
    [{ ...good, accessKey: 42 }, 'accessKey'],
  ];
  for (const [args, field] of cases) {
    const error = catchDoorlockError(() => dl.encryptPassword(args));
    assert.equal(error.code, 'INVALID_ARGUMENT', JSON.stringify(args));
    assert.equal(error.field, field, error.message);
    assert.ok(!error.message.includes(ACCESS_KEY) && !error.message.includes('short-secret'), error.message);
    assert.ok(!error.message.includes(TICKET_KEY.slice(8, 40)), error.message);
  }
  for (const bad of [undefined, null, 'text', 42, []]) {
    assert.equal(catchDoorlockError(() => dl.encryptPassword(bad)).code, 'INVALID_ARGUMENT');
  }
  assert.equal(catchDoorlockError(() => dl.encryptPassword(good, 'extra')).code, 'INVALID_ARGUMENT');
  // The instance is unharmed.
  assert.equal(dl.encryptPassword(good), 'F8D081364CA175264AC8E2B5B4B3B65E');
});

test('errors are DoorlockError instances with a stable shape', () => {
  const error = catchDoorlockError(() => dl.decryptTicketKey({ ticketKey: 'abc', accessKey: ACCESS_KEY }));
  assert.ok(error instanceof DoorlockError);
  assert.ok(error instanceof Error);
  assert.equal(error.name, 'DoorlockError');
  assert.equal(error.code, 'INVALID_ARGUMENT');
  assert.equal(error.field, 'ticketKey');
  assert.match(error.message, /odd number/);
});

test('generated passwords: the lock type decides the length, digits are uniform', () => {
  const counts = new Array(10).fill(0);
  for (let i = 0; i < 2000; i++) {
    const pin = dl.generatePassword({ lockType: i % 2 ? 'wifi' : 'ble' });
    assert.match(pin, i % 2 ? /^\d{7}$/ : /^\d{6}$/);
    for (const c of pin) counts[c.charCodeAt(0) - 48]++;
  }
  const total = counts.reduce((a, b) => a + b, 0);
  // 13000 digits: each should be near 1300; 5 standard deviations is about 170.
  for (const n of counts) assert.ok(Math.abs(n - total / 10) < 200, `digit counts ${counts}`);
  assert.equal(catchDoorlockError(() => dl.generatePassword({})).field, 'lockType');
});

test('randomness comes only from the host, and its absence is refused', async () => {
  const none = await loadDoorlock({ randomBytes: null });
  assert.equal(catchDoorlockError(() => none.randomBytes(16)).code, 'NO_SECURE_RANDOM');
  assert.equal(catchDoorlockError(() => none.generatePassword({ lockType: 'ble' })).code, 'NO_SECURE_RANDOM');
  // Everything that needs no randomness still works.
  assert.equal(none.encryptPassword({ password: '123456', ticketKey: TICKET_KEY, accessKey: ACCESS_KEY }), 'F8D081364CA175264AC8E2B5B4B3B65E');

  for (const broken of [
    () => {
      throw new Error('boom');
    },
    (n) => new Uint8Array(n - 1),
    () => undefined,
  ]) {
    const instance = await loadDoorlock({ randomBytes: broken });
    assert.equal(catchDoorlockError(() => instance.randomBytes(8)).code, 'NO_SECURE_RANDOM');
  }

  let asked = 0;
  const counted = await loadDoorlock({
    randomBytes: (n) => {
      asked += n;
      return randomBytes(n);
    },
  });
  const a = counted.randomBytes(32);
  const b = counted.randomBytes(32);
  assert.ok(asked >= 32, 'the DRBG was seeded from the supplied source');
  assert.notDeepEqual(a, b);
  assert.equal(a.length, 32);
  assert.equal(catchDoorlockError(() => counted.randomBytes(-1)).field, 'length');
});
