// Secret hygiene: after every kind of call, normal and failing, the whole wasm memory is searched
// for the secrets the call handled: access key, inner ticket key, local key, session keys, check
// codes and PINs, as raw bytes and, where they travel as text, as ASCII and hex. Every secret is
// fresh random material, so a hit can only be a copy the module kept.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes, randomInt } from 'node:crypto';
import { rawCoreModule } from './support/load.mjs';
import { emulatorModule } from './support/cloud.mjs';
import { LockPeer, fromHex } from './support/ble_peer.mjs';
import { wrapCore } from '../../js/src/core-api.mjs';
import { attachCloud } from '../../js/src/cloud/attach.mjs';
import { nodeEntropy } from '../../js/src/node-entropy.mjs';

// The package's own module and wrapper, instantiated here so that the test holds the Module and
// can read its memory (loadDoorlock keeps it private).
const core = await rawCoreModule(nodeEntropy);
const dl = attachCloud(wrapCore(core));

const ascii = (text) => Buffer.from(text, 'latin1');
const hexForms = (bytes) => [ascii(Buffer.from(bytes).toString('hex')), ascii(Buffer.from(bytes).toString('hex').toUpperCase())];
const digitsOf = (pin) => Buffer.from([...pin].map((c) => c.charCodeAt(0) - 48));
const randomDigits = (n) => Array.from({ length: n }, () => randomInt(10)).join('');
const randomText = (n) => Array.from({ length: n }, () => String.fromCharCode(randomInt(0x21, 0x7f))).join('');
function ecb(bits, key, data) {
  const cipher = createCipheriv(`aes-${bits}-ecb`, key, null);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

const results = []; // [call kind, needles searched, hits]

// Searches the whole linear memory; returns the labels of the needles found.
function scan(kind, needles) {
  const memory = Buffer.from(core.HEAPU8.buffer, core.HEAPU8.byteOffset, core.HEAPU8.byteLength);
  const hits = needles.filter(([, bytes]) => memory.indexOf(bytes) !== -1).map(([label]) => label);
  results.push([kind, needles.length, hits]);
  return hits.length ? [`${kind}: ${hits.join(', ')}`] : [];
}

class CallerError extends Error {}

function attempt(call) {
  try {
    call();
  } catch (error) {
    if (error instanceof CallerError) return; // the caller's own getter threw, before wasm was entered
    assert.equal(error.name, 'DoorlockError', `only DoorlockError: ${error && error.stack}`);
  }
}

function cloudSecrets() {
  const accessKey = randomText(32);
  const inner = randomBytes(16);
  const ticketKey = ecb(256, ascii(accessKey), inner).toString('hex').toUpperCase();
  const pin6 = randomDigits(6);
  const pin7 = randomDigits(7);
  const needles = [
    ['accessKey', ascii(accessKey)],
    ['inner key', inner],
    ...hexForms(inner).map((b) => ['inner key hex', b]),
    ['PIN6', ascii(pin6)],
    ['PIN7', ascii(pin7)],
  ];
  return { accessKey, inner, ticketKey, pin6, pin7, needles };
}

test('password crypto: encryptPassword, decryptTicketKey, buildPasswordRequest, normal and failing', () => {
  const found = [];
  const calls = {
    'encryptPassword ok': (s) => dl.encryptPassword({ password: s.pin6, ticketKey: s.ticketKey, accessKey: s.accessKey, lockType: 'ble' }),
    'encryptPassword 7 digits ok': (s) => dl.encryptPassword({ password: s.pin7, ticketKey: s.ticketKey, accessKey: s.accessKey, lockType: 'wifi' }),
    'encryptPassword wrong PIN length': (s) => dl.encryptPassword({ password: s.pin7, ticketKey: s.ticketKey, accessKey: s.accessKey, lockType: 'ble' }),
    'encryptPassword bad lock type': (s) => dl.encryptPassword({ password: s.pin6, ticketKey: s.ticketKey, accessKey: s.accessKey, lockType: 'door' }),
    'encryptPassword bad ticket key': (s) => dl.encryptPassword({ password: s.pin6, ticketKey: `${s.ticketKey.slice(0, 62)}zz`, accessKey: s.accessKey }),
    'encryptPassword wrong access key': (s) => dl.encryptPassword({ password: s.pin6, ticketKey: s.ticketKey, accessKey: `${s.accessKey}x` }),
    'encryptPassword throwing getter': (s) =>
      dl.encryptPassword({
        password: s.pin6,
        accessKey: s.accessKey,
        get ticketKey() {
          throw new CallerError('x');
        },
      }),
    'decryptTicketKey ok': (s) => dl.decryptTicketKey({ ticketKey: s.ticketKey, accessKey: s.accessKey }),
    'decryptTicketKey wrong access key': (s) => dl.decryptTicketKey({ ticketKey: s.ticketKey, accessKey: randomText(32) }),
    'buildPasswordRequest ok': (s) =>
      dl.buildPasswordRequest(
        'doorLock.createTemporaryPassword',
        { device_id: 'd1', name: 'Guest', password: s.pin7, type: 0, effective_time: 1700000000, invalid_time: 1700086400 },
        {
          lockType: 'wifi',
          ticket: { ticket_id: 't1', ticket_key: s.ticketKey, expire_time: 360 },
          accessKey: s.accessKey,
          obtainedAt: 1700000000,
          now: 1700000010,
        },
      ),
    'buildPasswordRequest expired ticket': (s) =>
      dl.buildPasswordRequest(
        'doorLock.openDoor',
        { device_id: 'd1', password: s.pin6 },
        {
          lockType: 'zigbee',
          ticket: { ticket_id: 't1', ticket_key: s.ticketKey, expire_time: 360 },
          accessKey: s.accessKey,
          obtainedAt: 1700000000,
          now: 1700000999,
        },
      ),
    'buildPasswordRequest throwing getter': (s) =>
      dl.buildPasswordRequest(
        'doorLock.openDoor',
        {
          device_id: 'd1',
          password: s.pin6,
          get name() {
            throw new CallerError('x');
          },
        },
        {
          lockType: 'zigbee',
          ticket: { ticket_id: 't1', ticket_key: s.ticketKey, expire_time: 360 },
          accessKey: s.accessKey,
          obtainedAt: 1700000000,
          now: 1700000010,
        },
      ),
    'buildPasswordRequest bad params': (s) =>
      dl.buildPasswordRequest(
        'doorLock.openDoor',
        { device_id: 5, password: s.pin6 },
        {
          lockType: 'zigbee',
          ticket: { ticket_id: 't1', ticket_key: s.ticketKey, expire_time: 360 },
          accessKey: s.accessKey,
          obtainedAt: 1700000000,
          now: 1700000010,
        },
      ),
  };
  for (const [kind, call] of Object.entries(calls)) {
    const secrets = cloudSecrets();
    for (let i = 0; i < 3; i++) attempt(() => call(secrets));
    found.push(...scan(kind, secrets.needles));
  }
  assert.deepEqual(found, [], 'secrets left in wasm memory');
});

function bleSecrets() {
  const localKey = randomText(16);
  const srand = new Uint8Array(randomBytes(6));
  const lock = new LockPeer({ localKey, srand });
  const checkCode = randomDigits(8);
  const newCheckCode = randomText(8);
  const pin = randomDigits(10);
  const needles = [
    ['localKey', ascii(localKey)],
    ['session key', Buffer.from(lock.session)],
    ['key4', Buffer.from(lock.key4)],
    ...hexForms(lock.session).map((b) => ['session key hex', b]),
    ['checkCode', ascii(checkCode)],
    ['newCheckCode', ascii(newCheckCode)],
    ['PIN ascii', ascii(pin)],
    ['PIN digits', digitsOf(pin)],
  ];
  return { localKey, lock, checkCode, newCheckCode, pin, needles };
}

function feed(session, packets) {
  const out = { write: [], events: [] };
  for (const packet of packets) {
    const { write, events } = session.receive(packet);
    out.write.push(...write);
    out.events.push(...events);
  }
  return out;
}

// device info -> pair -> ready, against the test's own lock.
function connect(s) {
  const session = dl.ble.session({ localKey: s.localKey, uuid: '0123456789abcdef', devId: 'vdevo15345926009', clock: () => 1700000000000 });
  const info = s.lock.read(session.start(), s.lock.key4);
  let out = feed(session, s.lock.deviceInfo(info.sn));
  const pair = s.lock.read(out.write);
  out = feed(session, s.lock.send({ cmd: 0x0001, data: Uint8Array.of(0x00), ackSn: pair.sn }));
  assert.deepEqual(out.events, [{ type: 'ready' }]);
  return session;
}

const VALIDITY = { effectiveTime: 1700000000, invalidTime: 1800000000 };

test('BLE: keys, sessions, lock DPs with check codes and PINs, normal and failing', () => {
  const found = [];
  const calls = {
    'lockDp.unlockCheck ok': (s) => dl.ble.lockDp.unlockCheck({ checkCode: s.checkCode, open: true, timestamp: 1700000000, memberId: 1 }),
    'lockDp.unlockCheck missing timestamp': (s) => dl.ble.lockDp.unlockCheck({ checkCode: s.checkCode, open: true, memberId: 1 }),
    'lockDp.setCheckCode ok': (s) => dl.ble.lockDp.setCheckCode({ slaveId: 5, newCheckCode: s.newCheckCode, checkCode: s.checkCode }),
    'lockDp.setCheckCode bad slave': (s) => dl.ble.lockDp.setCheckCode({ slaveId: 'x', newCheckCode: s.newCheckCode, checkCode: s.checkCode }),
    'lockDp.createTemporaryPassword ok': (s) => dl.ble.lockDp.createTemporaryPassword({ password: s.pin, validity: VALIDITY }),
    'lockDp.createTemporaryPassword ascii ok': (s) => dl.ble.lockDp.createTemporaryPassword({ password: s.pin, validity: VALIDITY, digits: 'ascii' }),
    'lockDp.createTemporaryPassword bad validity': (s) => dl.ble.lockDp.createTemporaryPassword({ password: s.pin, validity: { effectiveTime: 5 } }),
    'lockDp.modifyTemporaryPassword ok': (s) => dl.ble.lockDp.modifyTemporaryPassword({ hardId: 1, password: s.pin, validity: VALIDITY }),
    'lockDp.parseUnlockCheckReply': (s) => dl.ble.lockDp.parseUnlockCheckReply(`0001ffff${Buffer.from(s.checkCode).toString('hex')}016553f1000000`),
    'ble.deriveKey ok': (s) => dl.ble.deriveKey({ mode: 5, localKey: s.localKey, srand: s.lock.srand }),
    'ble.deriveKey bad mode': (s) => dl.ble.deriveKey({ mode: 99, localKey: s.localKey, srand: s.lock.srand }),
    'ble.encodeFrame/decodeFrame ok': (s) =>
      dl.ble.decodeFrame(dl.ble.encodeFrame({ sn: 1, cmd: 2, mode: 5, key: s.lock.session, data: ascii(s.checkCode) }), { key: s.lock.session }),
    'ble.encodeFrame hex key ok': (s) => dl.ble.encodeFrame({ sn: 1, cmd: 2, mode: 5, key: Buffer.from(s.lock.session).toString('hex') }),
    'ble.decodeFrame wrong key': (s) => dl.ble.decodeFrame(dl.ble.encodeFrame({ sn: 1, cmd: 2, mode: 5, key: s.lock.session }), { key: randomBytes(16) }),
    'ble.session bad options': (s) => dl.ble.session({ localKey: s.localKey, uuid: 5 }),
    'ble.session connect, unlock, PIN, close': (s) => {
      const session = connect(s);
      session.writeDps([dl.ble.lockDp.unlockCheck({ checkCode: s.checkCode, open: true, timestamp: 1700000000, memberId: 1 })]);
      session.writeDps([dl.ble.lockDp.createTemporaryPassword({ password: s.pin, validity: VALIDITY })]);
      attempt(() => session.receive(fromHex('00ff00')));
      session.close();
    },
    'ble.session connect, corrupt packet, unbind': (s) => {
      const session = connect(s);
      const bad = s.lock.send({ cmd: 0x8011 });
      bad[bad.length - 1] ^= 0xff;
      attempt(() => feed(session, bad));
      attempt(() => session.unbind());
      session.close();
    },
  };
  for (const [kind, call] of Object.entries(calls)) {
    const secrets = bleSecrets();
    for (let i = 0; i < 3; i++) attempt(() => call(secrets));
    found.push(...scan(kind, secrets.needles));
  }
  assert.deepEqual(found, [], 'secrets left in wasm memory');
});

test('the cloud client: ticket flows against the emulator, normal and failing', async () => {
  const { DEVICE_IDS: ids, EMULATOR_ACCESS_KEY, createCloudEmulator, createInProcessTransport } = emulatorModule;
  const found = [];
  const now = Math.floor(Date.now() / 1000);
  const schedule = { effectiveTime: now, invalidTime: now + 86400, timeZone: '+08:00', windows: [{ start: '09:00', end: '17:30', days: ['sat'] }] };
  const kinds = {
    'client.createTemporaryPassword ok': { accessKey: EMULATOR_ACCESS_KEY, valid: true },
    'client.createTemporaryPassword wrong access key': { accessKey: randomText(32), valid: true },
    'client.createTemporaryPassword bad PIN': { accessKey: EMULATOR_ACCESS_KEY, valid: false },
  };
  for (const [kind, { accessKey, valid }] of Object.entries(kinds)) {
    const emulator = createCloudEmulator();
    const client = dl.cloud.createClient({ transport: createInProcessTransport(emulator), accessKey, lockType: 'wifi' });
    const pins = [randomDigits(7), randomDigits(7), randomDigits(7)]; // a lock refuses a PIN it already has
    let created = 0;
    for (let i = 0; i < 3; i++) {
      try {
        await client.createTemporaryPassword({ device_id: ids.wifi, name: `Guest ${i}`, password: valid ? pins[i] : `${pins[i].slice(0, 6)}x`, schedule });
        created++;
      } catch (error) {
        assert.equal(error.name, 'DoorlockError', error.stack);
      }
    }
    assert.equal(created, kind.endsWith(' ok') ? 3 : 0, kind);
    const inner = [...emulator.state.tickets.values()].map((ticket) => Buffer.from(ticket.innerKey));
    assert.equal(inner.length, 3, `${kind}: a ticket for each attempt`);
    found.push(
      ...scan(kind, [
        ['accessKey', ascii(accessKey)],
        ...pins.map((pin) => ['PIN', ascii(pin)]),
        ...inner.flatMap((key) => [['inner key', key], ...hexForms(key).map((b) => ['inner key hex', b])]),
      ]),
    );
  }
  assert.deepEqual(found, [], 'secrets left in wasm memory');
});

test('the scan finds a secret the module legitimately holds: an open session keeps its keys', () => {
  const s = bleSecrets();
  const session = connect(s);
  const memory = () => Buffer.from(core.HEAPU8.buffer, core.HEAPU8.byteOffset, core.HEAPU8.byteLength);
  assert.notEqual(memory().indexOf(Buffer.from(s.lock.session)), -1, 'the live session key is found');
  session.close();
  assert.equal(memory().indexOf(Buffer.from(s.lock.session)), -1, 'and is gone once the session is closed');
});

test('scan results', (t) => {
  const width = Math.max(...results.map(([kind]) => kind.length));
  for (const [kind, needles, hits] of results) {
    t.diagnostic(`${kind.padEnd(width)}  ${needles} needles  ${hits.length} found${hits.length ? `: ${hits.join(', ')}` : ''}`);
  }
  t.diagnostic(`${results.length} call kinds scanned, memory ${core.HEAPU8.byteLength} bytes`);
  assert.ok(results.length >= 30);
});
