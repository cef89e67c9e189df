// dl.encryptPassword({ password, key }): the form for a backend that hands out the decrypted
// ticket key (16 bytes) instead of the access key. Checked against node:crypto AES-128-ECB and
// against the { ticketKey, accessKey } form; a mix of the two forms is refused.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes, randomInt } from 'node:crypto';
import { catchDoorlockError, loadDoorlock } from './support/load.mjs';

const dl = await loadDoorlock();
const ACCESS_KEY = '0123456789abcdef0123456789abcdef';
const TICKET_KEY = '676A3814D4512307E7A5EBBB3983D27C8AA36241FDE8DF054DC325C6C695B89E';

const nodeEncrypt = (key, pin) => {
  const cipher = createCipheriv('aes-128-ecb', key, null);
  return Buffer.concat([cipher.update(pin, 'latin1'), cipher.final()])
    .toString('hex')
    .toUpperCase();
};

test('vectors.md §9 with the inner key itself, as bytes or hex of either case', () => {
  const key = new Uint8Array(Buffer.from('ABCDEFGHIJKLMNOP', 'latin1'));
  assert.equal(dl.encryptPassword({ password: '123456', key, lockType: 'ble' }), 'F8D081364CA175264AC8E2B5B4B3B65E');
  assert.equal(dl.encryptPassword({ password: '1234567', key: Buffer.from(key).toString('hex') }), '12A879A76363F4BEB8458B9529C9CEE7');
  assert.equal(dl.encryptPassword({ password: '1234567', key: Buffer.from(key).toString('hex').toUpperCase() }), '12A879A76363F4BEB8458B9529C9CEE7');
  // The key the ticket form decrypts is the same key.
  const decrypted = dl.decryptTicketKey({ ticketKey: TICKET_KEY, accessKey: ACCESS_KEY });
  assert.equal(
    dl.encryptPassword({ password: '123456', key: decrypted }),
    dl.encryptPassword({ password: '123456', ticketKey: TICKET_KEY, accessKey: ACCESS_KEY }),
  );
  decrypted.fill(0);
});

test('agrees with node:crypto AES-128-ECB on random keys and PINs', () => {
  for (let round = 0; round < 200; round++) {
    const key = randomBytes(16);
    const pin = Array.from({ length: round % 2 ? 6 : 7 }, () => randomInt(10)).join('');
    const given = round % 3 === 0 ? key.toString('hex') : new Uint8Array(key);
    assert.equal(dl.encryptPassword({ password: pin, key: given }), nodeEncrypt(key, pin), `round ${round}`);
  }
});

test('a mix of the two forms, a key of the wrong size and a bad PIN are refused with the field', () => {
  const key = new Uint8Array(16).fill(0x41);
  for (const mixed of [
    { password: '123456', key, ticketKey: TICKET_KEY, accessKey: ACCESS_KEY },
    { password: '123456', key, ticketKey: TICKET_KEY },
    { password: '123456', key, accessKey: ACCESS_KEY },
  ]) {
    const error = catchDoorlockError(() => dl.encryptPassword(mixed));
    assert.equal(error.code, 'INVALID_ARGUMENT');
    assert.equal(error.field, 'key');
    assert.ok(!error.message.includes(ACCESS_KEY));
  }
  for (const bad of [new Uint8Array(15), new Uint8Array(17), new Uint8Array(32), 'ABCD', '4142434445464748494a4b4c4d4e4f5', 'zz'.repeat(16), 12]) {
    const error = catchDoorlockError(() => dl.encryptPassword({ password: '123456', key: bad }));
    assert.equal(error.code, 'INVALID_ARGUMENT', String(bad));
    assert.equal(error.field, 'key', String(bad));
  }
  const wrongLength = catchDoorlockError(() => dl.encryptPassword({ password: '1234567', key, lockType: 'zigbee' }));
  assert.equal(wrongLength.field, 'password');
  assert.equal(catchDoorlockError(() => dl.encryptPassword({ password: '12a456', key })).field, 'password');
  // The ticket form without its keys still says which is missing.
  assert.equal(catchDoorlockError(() => dl.encryptPassword({ password: '123456', ticketKey: TICKET_KEY })).field, 'accessKey');
});

test('no heap growth across calls, refused ones included', () => {
  const key = new Uint8Array(16).fill(0x42);
  const round = () => {
    dl.encryptPassword({ password: '123456', key });
    dl.encryptPassword({ password: '1234567', key: '4142434445464748494A4B4C4D4E4F50' });
    catchDoorlockError(() => dl.encryptPassword({ password: '123456', key, accessKey: ACCESS_KEY }));
    catchDoorlockError(() => dl.encryptPassword({ password: '123456', key: new Uint8Array(3) }));
  };
  round();
  const before = dl.diagnostics.heapInUse();
  for (let i = 0; i < 200; i++) round();
  assert.equal(dl.diagnostics.heapInUse(), before);
});
