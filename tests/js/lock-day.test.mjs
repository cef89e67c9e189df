// A Bluetooth-only lock's full day, against the emulated home (tools/home), with the access key
// on the server side only: the "phone" holds a cloud client on dl.cloud.transports.server, whose
// server (doorlock-wasm/server, startDoorlockServer) signs every request for the home's cloud
// emulator, which checks each signature. Connect -> check code -> unlock (and its record) ->
// unlock with the cloud's frame -> bluetooth_symbolic create / modify / delete (each checked in the
// simulated lock and in the cloud list) -> logs -> member and unlock method -> offline password.
// Every byte the phone sent or received is kept, and none of it is the access key.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadDoorlock, packageDir } from './support/load.mjs';
import { pkg } from './support/ble.mjs';
import { createHome } from '../../tools/home/index.mjs';
import { EMULATOR_ACCESS_ID } from '../../tools/cloud-emulator/index.mjs';

const require = createRequire(import.meta.url);
const server = require(join(packageDir, 'dist', 'server.cjs'));
const { connectLock, openSimulatorAdapter } = pkg;
const dl = await loadDoorlock();
const ZONE_MINUTES = 480; // the lock's zone (UTC+8), as the cloud names it: Asia/Shanghai
const HOUR = 3600;
const ascii = (text) => Buffer.from(text, 'latin1').toString('hex');

// fetch for the phone's server transport that keeps every request and answer as text.
function recordingFetch(wire) {
  return async (url, init) => {
    wire.push(String(init.body), JSON.stringify(init.headers || {}));
    const response = await fetch(url, init);
    const text = await response.text();
    wire.push(text);
    return { status: response.status, text: async () => text };
  };
}

function secretSpellings(secret) {
  return [secret, Buffer.from(secret).toString('hex'), Buffer.from(secret).toString('base64')].map((text) => text.toLowerCase());
}

test("a Bluetooth-only lock's day with the access key on the server only", { timeout: 60000 }, async () => {
  const home = await createHome({ protocol: 3, mtu: 20, server: { accessId: EMULATOR_ACCESS_ID } });
  const [device] = home.devices;
  const sim = home.locks[device.deviceId];
  const cloudRecord = () => home.emulator.state.devices[device.deviceId];
  const backend = await server.startDoorlockServer({
    accessId: home.accessId,
    accessKey: home.accessKey,
    upstream: { url: home.url },
    context: (req) => ({ session: req.headers.authorization }),
    authorize: (request, context) => context.session === 'Bearer owner' && [request.params.device_id, request.params.device_ids].includes(device.deviceId),
  });
  const wire = [];
  const client = dl.cloud.createClient({
    transport: dl.cloud.transports.server({ url: backend.url, headers: { authorization: 'Bearer owner' }, fetch: recordingFetch(wire) }),
    lockType: 'ble',
  });
  let lock = null;
  try {
    // Connect: the keys come from the cloud's device record, as an app reads them.
    const [listed] = await client.call('device.getListByIds', { device_ids: device.deviceId });
    const adapter = await openSimulatorAdapter(sim, { mtu: 20 });
    lock = await connectLock({ dl, adapter, localKey: listed.local_key, uuid: listed.uuid, devId: device.devId, protocol: 3, mtu: 20, timeZone: ZONE_MINUTES });
    const door = dl.flows.forLock({ client, deviceId: device.deviceId, lock, memberId: device.memberId });

    // Check code: getIssuedConfig -> DP 70 (the lock takes the code into slot dev_unlock_id).
    const prepared = await door.prepareCheckCode();
    assert.deepEqual(prepared, { distributed: true, slaveId: device.devUnlockId, checkCodeSet: { sent: true, ok: true, status: 'ok' } });

    // Unlock: DP 71 with that code; the lock opens and logs it for the owner.
    const opened = await door.unlock({ recordTimeoutMs: 1500 });
    assert.equal(opened.ok, true);
    assert.equal(opened.refreshed, false);
    assert.equal(sim.state().unlocked, true);
    assert.ok(opened.record, 'the opening record arrived');
    assert.ok(
      opened.record.dps.some((dp) => dp.id === 19),
      'logged as a phone opening (DP 19)',
    );
    const [firstOpening] = sim.log().filter((entry) => entry.event === 'unlock');
    assert.equal(firstOpening.id, device.memberId);
    for (const text of [device.checkCode, ascii(device.checkCode)]) assert.ok(!JSON.stringify(opened).includes(text));

    // Unlock with the cloud's frame for the lock's next SN, relayed as it is.
    const relayed = await door.unlockWithCloudInstruction({ recordTimeoutMs: 1500 });
    assert.equal(relayed.reply.ok, true);
    assert.equal(sim.log().filter((entry) => entry.event === 'unlock').length, 2);

    // bluetooth_symbolic create: DP 51 -> hard_id -> the cloud's record under sn = hard_id.
    const now = Math.floor(Date.now() / 1000);
    const weekdays = {
      effectiveTime: now - HOUR,
      invalidTime: now + 14 * 24 * HOUR,
      cycle: 'weekly',
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      start: '08:00',
      end: '18:00',
    };
    const created = await door.createPassword({ name: 'Courier', password: '739152', validity: weekdays, timeZone: 'Asia/Shanghai' });
    assert.deepEqual(created.steps, { lock: 'done', cloud: 'done' });
    const onLock = () => sim.passwords().filter((entry) => entry.kind === 'temporary');
    assert.equal(onLock().length, 1);
    assert.equal(onLock()[0].password, '739152');
    assert.equal(onLock()[0].hardId, created.hardId);
    assert.deepEqual(onLock()[0].validity, { effectiveTime: now - HOUR, invalidTime: now + 14 * 24 * HOUR, cycle: 'weekly', days: 62, start: 480, end: 1080 });
    const listed1 = await client.call('doorLock.getTemporaryPasswordList', { device_id: device.deviceId, valid: true });
    const entry1 = listed1.find((entry) => entry.password_id === created.passwordId);
    assert.equal(entry1.sn, created.hardId);
    assert.equal(entry1.name, 'Courier');
    assert.deepEqual(entry1.schedule_list, [{ effective_time: 480, invalid_time: 1080, working_day: 62 }]);
    const stored = cloudRecord().tempPasswords.find((entry) => entry.password_id === created.passwordId);
    assert.equal(stored.pin, '739152', 'the server encrypted the PIN the cloud decrypted');
    assert.equal(stored.bluetooth_symbolic, true);
    assert.deepEqual(await door.findCloudPassword({ hardId: created.hardId }), entry1);

    // Modify: DP 53 (new validity, the PIN sent again) -> the cloud's rename form with the period.
    const weekends = { effectiveTime: now - HOUR, invalidTime: now + 30 * 24 * HOUR, cycle: 'weekly', days: ['sat', 'sun'], start: '09:00', end: '12:00' };
    const modified = await door.modifyPassword({
      passwordId: created.passwordId,
      hardId: created.hardId,
      name: 'Courier (weekends)',
      password: '739152',
      validity: weekends,
      timeZone: 'Asia/Shanghai',
    });
    assert.deepEqual(modified.steps, { lock: 'done', cloud: 'done' });
    assert.equal(onLock()[0].password, '739152', 'the PIN is kept');
    assert.deepEqual(onLock()[0].validity, { effectiveTime: now - HOUR, invalidTime: now + 30 * 24 * HOUR, cycle: 'weekly', days: 65, start: 540, end: 720 });
    const entry2 = (await client.call('doorLock.getTemporaryPasswordList', { device_id: device.deviceId, valid: true })).find(
      (entry) => entry.password_id === created.passwordId,
    );
    assert.equal(entry2.name, 'Courier (weekends)');
    assert.equal(entry2.invalid_time, now + 30 * 24 * HOUR);
    assert.deepEqual(entry2.schedule_list, [{ effective_time: 540, invalid_time: 720, working_day: 65 }]);

    // Delete: DP 52 -> the cloud delete.
    const deleted = await door.deletePassword({ passwordId: created.passwordId, hardId: created.hardId });
    assert.deepEqual(deleted.steps, { lock: 'done', cloud: 'done' });
    assert.deepEqual(onLock(), []);
    assert.equal(sim.pressKeypad('739152').opened, false);
    const listed3 = await client.call('doorLock.getTemporaryPasswordList', { device_id: device.deviceId, valid: true });
    assert.equal(
      listed3.find((entry) => entry.password_id === created.passwordId),
      undefined,
    );
    assert.equal(await door.findCloudPassword({ hardId: created.hardId }), null);

    // Logs, a page at a time.
    const nowMs = Date.now();
    const codes = 'unlock_fingerprint,unlock_password,unlock_card,hijack,alarm_lock';
    const pages = [];
    for await (const page of client.listUnlockAndAlarmRecords.pages({
      device_id: device.deviceId,
      target_standard_dp_codes: codes,
      start_time: 1600000000000,
      end_time: nowMs,
      page_size: 3,
    })) {
      pages.push(page);
    }
    assert.equal(pages[0].total, 5); // the home's fixture: 3 unlocks and 2 alarms (operations are not listed)
    assert.deepEqual(
      pages.map((page) => page.records.length),
      [3, 2],
    );
    assert.equal(new Set(pages.flatMap((page) => page.records).map((record) => record.record_id)).size, 5);
    const openingLogs = await client.listUnlockLogs({ device_id: device.deviceId, page_no: 1, page_size: 10, start_time: 1600000000000, end_time: nowMs });
    assert.equal(openingLogs.total, 3);

    // Member and unlock method: Alice's PIN enrolled on the lock (DP 1, member 2), then bound to her
    // in the cloud. The emulator does not learn what the lock reports (the app uploads DP reports
    // on a real lock): the test records the new method in the cloud as that upload would.
    const users = await client.listUsers({ device_id: device.deviceId, target_standard_dp_codes: 'unlock_password', page_no: 1, page_size: 10 });
    const alice = users.records ? users.records.find((user) => user.nick_name === 'Alice') : users.find((user) => user.nick_name === 'Alice');
    assert.ok(alice, 'Alice is a member of the home');
    const enrol = dl.ble.lockDp.createUnlockMethod({
      method: 'password',
      memberId: 2,
      validity: { effectiveTime: now - HOUR, invalidTime: now + 365 * 24 * HOUR },
      password: '864209',
    });
    const enrolled = dl.ble.lockDp.parseCreateUnlockMethodReply((await lock.writeDps([enrol])).reply.value);
    assert.equal(enrolled.status, 'complete');
    const method = sim.passwords().find((entry) => entry.kind === 'password' && entry.hardId === enrolled.hardId);
    assert.equal(method.memberId, 2);
    cloudRecord().opmodes.push({ dp_code: 'unlock_password', unlock_sn: enrolled.hardId, unlock_name: 'PIN', user_id: null, unlock_attr: 0, photo_unlock: 0 });
    const unallocated = await client.listUnallocatedUnlockMethods({ device_id: device.deviceId, page_no: 1, page_size: 10 });
    assert.deepEqual(
      unallocated.map((group) => group.unlock_info.map((info) => info.unlock_sn)),
      [[enrolled.hardId]],
    );
    assert.equal(
      await client.allocateUnlockMethods({
        device_id: device.deviceId,
        user_id: alice.user_id,
        unlock_list: [{ dp_code: 'unlock_password', unlock_sn: enrolled.hardId }],
      }),
      true,
    );
    const hers = await client.listUserUnlockMethods({
      device_id: device.deviceId,
      user_id: alice.user_id,
      target_unlock_standard_dp_codes: 'unlock_password',
      page_no: 1,
      page_size: 10,
    });
    assert.ok(JSON.stringify(hers).includes(`"unlock_sn":${enrolled.hardId}`), JSON.stringify(hers));
    assert.deepEqual(await client.listUnallocatedUnlockMethods({ device_id: device.deviceId, page_no: 1, page_size: 10 }), []);
    assert.equal(sim.pressKeypad('864209').opened, true);

    // Offline passwords: the lock gets T0 (the cloud's activation time, DP 64); the cloud shows the
    // dynamic password.
    const { activeTime } = await client.getActivationTime({ device_id: device.deviceId });
    assert.equal(activeTime, listed.active_time);
    const pushed = await lock.pushT0({ activeTime });
    assert.equal(typeof pushed.sn, 'number');
    assert.equal(sim.state().t0, listed.active_time);
    // Shown as the lock's keypad takes it: base 8 with hidden zero, checked by BigInt here.
    const dynamic = await client.getDynamicPassword({ device_id: device.deviceId }, { digitalBase: 8, hideZero: true });
    assert.match(dynamic.dynamic_password, /^\d{8}$/);
    const octal = BigInt(dynamic.dynamic_password).toString(8);
    assert.equal(dynamic.display, [...octal].map((digit) => String(Number(digit) + 1)).join(''));

    // The phone never held, sent or received the access key, nor a ticket; the cloud saw only
    // signed requests, and every one of them was accepted.
    const seen = wire.join('\n').toLowerCase();
    assert.ok(wire.length > 20);
    for (const spelling of secretSpellings(home.accessKey)) assert.ok(!seen.includes(spelling), 'the access key crossed to the phone');
    assert.ok(!seen.includes('ticket_key') && !seen.includes('ticket_id'));
    assert.ok(!JSON.stringify(client).toLowerCase().includes(home.accessKey.toLowerCase()));
    const refusedUpstream = home.emulator.state.requests.filter((entry) => !entry.ok);
    assert.deepEqual(refusedUpstream, []);
  } finally {
    if (lock) await lock.close();
    await backend.close();
    await home.close();
  }
});
