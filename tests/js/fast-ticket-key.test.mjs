// dl.decryptTicketKey's fast path (js/src/fast-password.mjs over wasm/fast_password.cpp) against
// the general call path of the same module and against node:crypto: the same bytes on random
// input, the same refusals, and no secret left in the scratch area.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes, randomInt } from 'node:crypto';
import { rawCoreModule } from './support/load.mjs';
import { wrapCore } from '../../js/src/core-api.mjs';
import { nodeEntropy } from '../../js/src/node-entropy.mjs';

const core = await rawCoreModule(nodeEntropy);

let fastCalls = 0;
const counted = {
  ...core,
  _dl_decrypt_ticket_key: (...a) => {
    fastCalls++;
    return core._dl_decrypt_ticket_key(...a);
  },
};
const generalOnly = { ...core, _dl_password_scratch: undefined };
for (const view of [counted, generalOnly]) Object.defineProperty(view, 'HEAPU8', { get: () => core.HEAPU8 });
const fast = wrapCore(counted);
const general = wrapCore(generalOnly);

const printable = (n) => Array.from({ length: n }, () => String.fromCharCode(randomInt(0x20, 0x7f))).join('');
const pkcs7 = (data) => Buffer.concat([data, Buffer.alloc(16 - (data.length % 16), 16 - (data.length % 16))]);
// A ticket key as the cloud makes it: AES-256-ECB(accessKey) of the inner key with a full PKCS7 block.
function ticketKeyFor(accessKey, innerKey) {
  const cipher = createCipheriv('aes-256-ecb', Buffer.from(accessKey, 'latin1'), null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(pkcs7(innerKey)), cipher.final()]).toString('hex');
}

function outcome(fn) {
  try {
    return { value: fn() };
  } catch (error) {
    return { error: { name: error.name, code: error.code, field: error.field, message: error.message } };
  }
}

test('fast path, general path and node:crypto give the same inner key on random input', () => {
  const before = fastCalls;
  for (let round = 0; round < 400; round++) {
    const accessKey = printable(32);
    const innerKey = randomBytes(16);
    const hex = ticketKeyFor(accessKey, innerKey);
    const options = { ticketKey: round % 2 ? hex : hex.toUpperCase(), accessKey };
    const got = fast.decryptTicketKey(options);
    assert.ok(got instanceof Uint8Array && Object.getPrototypeOf(got) === Uint8Array.prototype);
    assert.deepEqual(got, new Uint8Array(innerKey), `round ${round}`);
    assert.deepEqual(general.decryptTicketKey(options), got, `round ${round}`);
  }
  assert.equal(fastCalls - before, 400, 'every call took the fast path');
});

test('every refusal is the same DoorlockError on both paths', () => {
  const accessKey = 'A'.repeat(32);
  const ticketKey = ticketKeyFor(accessKey, Buffer.alloc(16, 7));
  const cases = [
    [{ ticketKey, accessKey: accessKey.slice(1) }],
    [{ ticketKey, accessKey: `${accessKey}B` }],
    [{ ticketKey, accessKey: 'B'.repeat(32) }],
    [{ ticketKey: ticketKey.slice(1), accessKey }],
    [{ ticketKey: ticketKey.slice(2), accessKey }],
    [{ ticketKey: `${ticketKey}00`, accessKey }],
    [{ ticketKey: `${ticketKey.slice(0, 10)}x${ticketKey.slice(11)}`, accessKey }],
    [{ ticketKey: '', accessKey }],
    [{ ticketKey: 'ab'.repeat(200), accessKey }],
    [{ ticketKey }],
    [{ accessKey }],
    [{}],
    [{ ticketKey, accessKey: `${'A'.repeat(31)}é` }],
    [{ ticketKey, accessKey: new Uint8Array(32) }],
    [{ ticketKey: new Uint8Array(32), accessKey }],
    [{ ticketKey, accessKey, extra: 1n }],
    [{ ticketKey, accessKey: null }],
    [null],
    ['text'],
    [[ticketKey, accessKey]],
    [],
    [{ ticketKey, accessKey }, 2],
  ];
  for (const args of cases) {
    const want = outcome(() => general.decryptTicketKey(...args));
    assert.deepEqual(
      outcome(() => fast.decryptTicketKey(...args)),
      want,
      JSON.stringify(args, (k, v) => (typeof v === 'bigint' ? `${v}n` : v)),
    );
  }
  // Members the fast path does not take go the general way, accepted as before.
  const extra = { ticketKey, accessKey, note: 'x' };
  assert.deepEqual(fast.decryptTicketKey(extra), general.decryptTicketKey(extra));
});

test('the scratch area holds nothing after a call, accepted or refused', () => {
  const base = core._dl_password_scratch();
  const size = core._dl_password_scratch_size();
  const accessKey = printable(32);
  const ticketKey = ticketKeyFor(accessKey, randomBytes(16));
  for (const options of [
    { ticketKey, accessKey },
    { ticketKey, accessKey: printable(32) },
    { ticketKey: ticketKey.slice(2), accessKey },
  ]) {
    outcome(() => fast.decryptTicketKey(options));
    assert.ok(
      core.HEAPU8.subarray(base, base + size).every((byte) => byte === 0),
      'scratch zeroed',
    );
  }
});
