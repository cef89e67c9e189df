// dl.encryptPassword's fast path (js/src/fast-password.mjs over wasm/fast_password.cpp) against
// the general call path of the same module and against node:crypto: the same results on random
// input, the same refusals, the caller's values read once, and no secret left in the scratch area.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes, randomInt } from 'node:crypto';
import { rawCoreModule } from './support/load.mjs';
import { wrapCore } from '../../js/src/core-api.mjs';
import { nodeEntropy } from '../../js/src/node-entropy.mjs';

const core = await rawCoreModule(nodeEntropy);

// The same module seen through a copy that counts the fast exports' calls, and through one
// without them (the general path only).
const fastCalls = { ticket: 0, key: 0 };
const counted = {
  ...core,
  _dl_encrypt_password: (...a) => {
    fastCalls.ticket++;
    return core._dl_encrypt_password(...a);
  },
  _dl_encrypt_password_with_key: (...a) => {
    fastCalls.key++;
    return core._dl_encrypt_password_with_key(...a);
  },
};
const generalOnly = { ...core, _dl_password_scratch: undefined };
for (const view of [counted, generalOnly]) Object.defineProperty(view, 'HEAPU8', { get: () => core.HEAPU8 });
const fast = wrapCore(counted);
const general = wrapCore(generalOnly);

const LOCK_TYPES = [
  ['wifi', 7],
  ['standard_wifi', 7],
  ['wifi_access_control', 7],
  ['zigbee', 6],
  ['ble', 6],
];
const digits = (n) => Array.from({ length: n }, () => randomInt(10)).join('');
const printable = (n) => Array.from({ length: n }, () => String.fromCharCode(randomInt(0x21, 0x7f))).join('');
function ecb(bits, key, data) {
  const cipher = createCipheriv(`aes-${bits}-ecb`, key, null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}
const pkcs7 = (data) => Buffer.concat([data, Buffer.alloc(16 - (data.length % 16), 16 - (data.length % 16))]);
// node:crypto computes the expected value: PKCS7(PIN) under the inner key, upper-case hex.
const expected = (innerKey, pin) =>
  ecb(128, innerKey, pkcs7(Buffer.from(pin, 'latin1')))
    .toString('hex')
    .toUpperCase();
// A ticket key as the cloud makes it: AES-256-ECB(accessKey) of the inner key with a full PKCS7 block.
const ticketKeyFor = (accessKey, innerKey) => ecb(256, Buffer.from(accessKey, 'latin1'), pkcs7(innerKey)).toString('hex');

function randomCase() {
  const [lockType, length] = LOCK_TYPES[randomInt(LOCK_TYPES.length)];
  const options = { password: digits(length) };
  if (randomInt(3) > 0) options.lockType = lockType;
  return options;
}

function outcome(fn) {
  try {
    return { value: fn() };
  } catch (error) {
    return { error: { name: error.name, code: error.code, field: error.field, message: error.message } };
  }
}

test('the ticket form: fast path, general path and node:crypto agree on random input', () => {
  const before = fastCalls.ticket;
  for (let round = 0; round < 300; round++) {
    const accessKey = printable(32);
    const innerKey = randomBytes(16);
    const hex = ticketKeyFor(accessKey, innerKey);
    const options = { ...randomCase(), ticketKey: round % 2 ? hex : hex.toUpperCase(), accessKey };
    const want = expected(innerKey, options.password);
    assert.equal(fast.encryptPassword(options), want, `round ${round}`);
    assert.equal(general.encryptPassword(options), want, `round ${round}`);
  }
  assert.equal(fastCalls.ticket - before, 300, 'every call took the fast export');
});

test('the key form, as bytes or hex: fast path, general path and node:crypto agree on random input', () => {
  const before = fastCalls.key;
  for (let round = 0; round < 300; round++) {
    const innerKey = randomBytes(16);
    const key = [new Uint8Array(innerKey), innerKey.toString('hex'), innerKey.toString('hex').toUpperCase()][round % 3];
    const options = { ...randomCase(), key };
    const want = expected(innerKey, options.password);
    assert.equal(fast.encryptPassword(options), want, `round ${round}`);
    assert.equal(general.encryptPassword(options), want, `round ${round}`);
  }
  assert.equal(fastCalls.key - before, 300, 'every call took the fast export');
});

test('every refusal is the same DoorlockError on both paths', () => {
  const accessKey = 'A'.repeat(32);
  const innerKey = Buffer.alloc(16, 7);
  const ticketKey = ticketKeyFor(accessKey, innerKey);
  const key = new Uint8Array(innerKey);
  const cases = [
    [{ password: '12a4567', ticketKey, accessKey }],
    [{ password: '123456', ticketKey, accessKey, lockType: 'wifi' }],
    [{ password: '1234567', ticketKey, accessKey, lockType: 'ble' }],
    [{ password: '12345', ticketKey, accessKey }],
    [{ password: '', ticketKey, accessKey }],
    [{ password: '1234567', ticketKey, accessKey, lockType: 'door' }],
    [{ password: '1234567', ticketKey, accessKey, lockType: 'WIFI' }],
    [{ password: '1234567', ticketKey, accessKey: accessKey.slice(1) }],
    [{ password: '1234567', ticketKey, accessKey: `${accessKey}B` }],
    [{ password: '1234567', ticketKey, accessKey: 'B'.repeat(32) }],
    [{ password: '1234567', ticketKey: ticketKey.slice(1), accessKey }],
    [{ password: '1234567', ticketKey: ticketKey.slice(2), accessKey }],
    [{ password: '1234567', ticketKey: `${ticketKey}00`, accessKey }],
    [{ password: '1234567', ticketKey: `${ticketKey}0g`, accessKey }],
    [{ password: '1234567', ticketKey: `${ticketKey.slice(0, 10)}x${ticketKey.slice(11)}`, accessKey }],
    [{ password: '1234567', ticketKey: '', accessKey }],
    [{ password: '1234567', ticketKey: 'ab'.repeat(200), accessKey }],
    [{ password: '1234567', ticketKey }],
    [{ password: '1234567', accessKey }],
    [{ ticketKey, accessKey }],
    [{ password: 1234567, ticketKey, accessKey }],
    [{ password: '1234567', ticketKey, accessKey: new Uint8Array(32) }],
    [{ password: '1234567', ticketKey: new Uint8Array(32), accessKey }],
    [{ password: '1234567', ticketKey, accessKey, lockType: 3 }],
    [{ password: '123456é', ticketKey, accessKey }],
    [{ password: '1234567', ticketKey, accessKey: `${'A'.repeat(31)}é` }],
    [{ password: '1234567', ticketKey, accessKey, extra: 1n }],
    [{ password: '1234567', ticketKey, accessKey, key }],
    [{ password: '1234567', key, accessKey }],
    [{ password: '1234567', key: key.subarray(1) }],
    [{ password: '1234567', key: new Uint8Array(17) }],
    [{ password: '1234567', key: new Uint8Array(200) }],
    [{ password: '1234567', key: 'ab'.repeat(15) }],
    [{ password: '1234567', key: 'ab'.repeat(17) }],
    [{ password: '1234567', key: `${'ab'.repeat(15)}zz` }],
    [{ password: '1234567', key: 'abc' }],
    [{ password: '1234567', key: new Uint16Array(16) }],
    [{ password: '1234567', key: null }],
    [{ password: 'abcdefg', key }],
    [{ password: '1234567', key, lockType: 'zigbee' }],
    [null],
    [undefined],
    [[]],
    ['1234567'],
    [new Uint8Array(4)],
    [],
    [{ password: '1234567', ticketKey, accessKey }, {}],
  ];
  for (const args of cases) {
    const fromFast = outcome(() => fast.encryptPassword(...args));
    const fromGeneral = outcome(() => general.encryptPassword(...args));
    assert.ok(fromGeneral.error, `refused: ${JSON.stringify(args, (k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`);
    assert.deepEqual(fromFast, fromGeneral);
    assert.equal(fromFast.error.name, 'DoorlockError');
  }
});

test("the caller's values are read once, also when the call falls back to the general path", () => {
  const innerKey = randomBytes(16);
  for (const password of ['1234567', 1234567, 'x']) {
    let reads = 0;
    const options = {
      key: new Uint8Array(innerKey),
      get password() {
        reads++;
        return password;
      },
    };
    outcome(() => fast.encryptPassword(options));
    assert.equal(reads, 1, `password ${password}`);
  }
});

test('the scratch area holds nothing after a call, accepted or refused', () => {
  const base = core._dl_password_scratch();
  const size = core._dl_password_scratch_size();
  const accessKey = printable(32);
  const innerKey = randomBytes(16);
  const ticketKey = ticketKeyFor(accessKey, innerKey);
  for (const options of [
    { password: '1234567', ticketKey, accessKey },
    { password: '123456', key: new Uint8Array(innerKey), lockType: 'ble' },
    { password: '123456', key: innerKey.toString('hex') },
    { password: '1234567', ticketKey, accessKey: printable(32) },
    { password: '12345', key: new Uint8Array(innerKey) },
  ]) {
    outcome(() => fast.encryptPassword(options));
    assert.ok(
      core.HEAPU8.subarray(base, base + size).every((byte) => byte === 0),
      JSON.stringify(Object.keys(options)),
    );
  }
});
