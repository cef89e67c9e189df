// The lock-day flows in the emulated WeChat runtime: the page's code loads doorlock-wasm/wechat,
// reaches the cloud through the `doorlock` cloud function (miniprogram-demo/cloudfunctions/doorlock,
// holding the access key, signing for the emulated home's cloud, which checks each signature) and
// the home's simulated lock through wx's Bluetooth API. Connect -> check code -> unlock ->
// bluetooth_symbolic create / modify / delete -> logs -> member's methods -> dynamic password,
// checked in the simulated lock and the cloud; the key never crosses to the mini program.
import test from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { miniProgramRuntime, withRandom } from './support/runtime.mjs';
import { loadCloudFunction, wxCloudFor } from './support/cloud-function.mjs';
import { createFakeWx, wxOnSimulatedLock } from '../js/support/fake-wx.mjs';
import { createHome } from '../../tools/home/index.mjs';
import { EMULATOR_ACCESS_ID } from '../../tools/cloud-emulator/index.mjs';

const OWNER = 'oOWNER0000000000000000000001';
const plain = (value) => JSON.parse(JSON.stringify(value)); // out of the page's realm

test("a Bluetooth-only lock's day in a mini program, through the doorlock cloud function", { timeout: 60000 }, async () => {
  const home = await createHome({ protocol: 3, mtu: 20, server: { accessId: EMULATOR_ACCESS_ID } });
  const [device] = home.devices;
  const sim = home.locks[device.deviceId];
  const fn = loadCloudFunction({
    caller: { openId: OWNER },
    collection: [{ accessId: home.accessId, accessKey: home.accessKey, upstreamUrl: home.url, allowedOpenIds: [OWNER] }],
  });
  const wire = [];
  // The lock's delayed reports (the opening record, ~200 ms after the DP 71 reply) go out as
  // notifications when they fall due, as a lock sends them.
  let dueTimer = null;
  const armDue = () => {
    const due = dueTimer === null ? sim.nextDue() : null;
    if (!due) return;
    dueTimer = setTimeout(() => {
      dueTimer = null;
      if (!sim.state().connected) return;
      for (const packet of sim.takeDue(due.atMs)) bluetooth.notify(packet);
      armDue();
    }, due.inMs);
  };
  const bluetooth = createFakeWx({
    peripheral: (bytes) => {
      const answers = sim.receive(bytes);
      setTimeout(armDue);
      return answers;
    },
  });
  const wx = withRandom({
    ...wxOnSimulatedLock(bluetooth, sim),
    cloud: wxCloudFor(fn, wire),
  });
  const { exports, context } = miniProgramRuntime({ wx });
  context.sdk = exports;
  context.device = { deviceId: device.deviceId, devId: device.devId, memberId: device.memberId };
  const page = (source) => vm.runInContext(`(async () => { ${source} })()`, context).then(plain);
  const onLock = () => sim.passwords().filter((entry) => entry.kind === 'temporary');
  try {
    // Connect with the keys from the cloud's device record; the check code, and the unlock.
    const opened = await page(`
      const dl = await sdk.loadDoorlock();
      const client = dl.cloud.createClient({ transport: dl.cloud.transports.wxCloudFunction({ name: 'doorlock' }), lockType: 'ble' });
      const [record] = await client.call('device.getListByIds', { device_ids: device.deviceId });
      const adapter = await sdk.openWxAdapter({ deviceId: 'AA:BB' });
      const lock = await sdk.connectLock({ dl, adapter, localKey: record.local_key, uuid: record.uuid, devId: device.devId, timeZone: 480 });
      globalThis.app = { dl, client, lock, record, door: dl.flows.forLock({ client, deviceId: device.deviceId, lock, memberId: device.memberId }) };
      const prepared = await app.door.prepareCheckCode();
      const opened = await app.door.unlock({ recordTimeoutMs: 1500 });
      return { prepared, ok: opened.ok, refreshed: opened.refreshed, record: opened.record !== null, text: JSON.stringify(opened) };`);
    assert.deepEqual(opened.prepared.checkCodeSet, { sent: true, ok: true, status: 'ok' });
    assert.equal(opened.ok, true);
    assert.equal(opened.refreshed, false);
    assert.equal(opened.record, true);
    assert.ok(!opened.text.includes(device.checkCode));
    assert.equal(sim.state().unlocked, true);
    const relayed = await page('return (await app.door.unlockWithCloudInstruction()).reply.ok;');
    assert.equal(relayed, true);
    assert.equal(sim.log().filter((entry) => entry.event === 'unlock').length, 2);

    // bluetooth_symbolic create / modify / delete.
    const now = Math.floor(Date.now() / 1000);
    context.now = now;
    const created = await page(`
      return app.door.createPassword({ name: 'Cleaner', password: '502718', timeZone: 'Asia/Shanghai',
        validity: { effectiveTime: now - 60, invalidTime: now + 86400 * 7, cycle: 'weekly', days: ['tue', 'fri'], start: '09:00', end: '13:00' } });`);
    assert.deepEqual(created.steps, { lock: 'done', cloud: 'done' });
    assert.equal(onLock()[0].hardId, created.hardId);
    assert.equal(onLock()[0].password, '502718');
    const cloudEntry = () => home.emulator.state.devices[device.deviceId].tempPasswords.find((entry) => entry.password_id === created.passwordId);
    assert.equal(cloudEntry().sn, created.hardId);
    assert.equal(cloudEntry().pin, '502718');
    context.created = created;
    const listedName = await page(`
      await app.door.modifyPassword({ passwordId: created.passwordId, hardId: created.hardId, name: 'Cleaner (Fridays)', password: '502718',
        timeZone: 'Asia/Shanghai', validity: { effectiveTime: now - 60, invalidTime: now + 86400 * 14, cycle: 'weekly', days: ['fri'], start: '09:00', end: '13:00' } });
      const list = await app.client.call('doorLock.getTemporaryPasswordList', { device_id: device.deviceId, valid: true });
      return list.find((entry) => entry.password_id === created.passwordId).name;`);
    assert.equal(listedName, 'Cleaner (Fridays)');
    assert.equal(onLock()[0].validity.days, 32);
    assert.equal(cloudEntry().invalid_time, now + 86400 * 14);
    const afterDelete = await page(`
      const done = await app.door.deletePassword({ passwordId: created.passwordId, hardId: created.hardId });
      return { steps: done.steps, found: await app.door.findCloudPassword({ hardId: created.hardId }) };`);
    assert.deepEqual(afterDelete, { steps: { lock: 'done', cloud: 'done' }, found: null });
    assert.deepEqual(onLock(), []);
    assert.equal(cloudEntry().deleted, true);

    // Logs, a member's unlock method (enrolled on the lock with DP 1, bound to her in the cloud),
    // T0 and the dynamic password.
    const rest = await page(`
      const end = Date.now();
      const logs = await app.client.call('doorLock.openingLogs', { device_id: device.deviceId, page_no: 1, page_size: 2, start_time: 1600000000000, end_time: end });
      const users = await app.client.call('doorLock.listUsers', { device_id: device.deviceId, target_standard_dp_codes: 'unlock_password', page_no: 1, page_size: 10 });
      const enrol = app.dl.ble.lockDp.createUnlockMethod({ method: 'password', memberId: 2, validity: { effectiveTime: now - 60, invalidTime: now + 86400 * 365 }, password: '864209' });
      const enrolled = app.dl.ble.lockDp.parseCreateUnlockMethodReply((await app.lock.writeDps([enrol])).reply.value);
      const t0 = await app.lock.pushT0({ activeTime: app.record.active_time });
      const dynamic = await app.client.call('doorLock.getDynamicPassword', { device_id: device.deviceId });
      await app.lock.close();
      return { logs: logs.logs.length, total: logs.total, users, enrolled, t0: typeof t0.sn, dynamic: dynamic.dynamic_password };`);
    assert.equal(rest.logs, 2);
    assert.equal(rest.total, 3);
    const alice = (rest.users.records || rest.users).find((user) => user.nick_name === 'Alice');
    assert.equal(rest.enrolled.status, 'complete');
    assert.equal(sim.passwords().find((entry) => entry.kind === 'password').memberId, 2);
    // The emulator does not learn what the lock reports (on a real lock the app uploads the DP 1
    // report): recorded here as that upload would.
    home.emulator.state.devices[device.deviceId].opmodes.push({
      dp_code: 'unlock_password',
      unlock_sn: rest.enrolled.hardId,
      unlock_name: 'PIN',
      user_id: null,
      unlock_attr: 0,
      photo_unlock: 0,
    });
    context.alice = alice.user_id;
    context.hardId = rest.enrolled.hardId;
    const bound = await page(`
      await app.client.call('doorLock.allocateOpmode', { device_id: device.deviceId, user_id: alice, unlock_list: [{ dp_code: 'unlock_password', unlock_sn: hardId }] });
      return app.client.call('doorLock.listUnallocatedOpmodes', { device_id: device.deviceId, page_no: 1, page_size: 10 });`);
    assert.deepEqual(bound, []);
    assert.equal(home.emulator.state.devices[device.deviceId].opmodes.find((entry) => entry.unlock_sn === rest.enrolled.hardId).user_id, alice.user_id);
    assert.equal(sim.pressKeypad('864209').opened, true);
    assert.equal(rest.t0, 'number');
    assert.equal(sim.state().t0, home.emulator.state.devices[device.deviceId].active_time);
    assert.match(rest.dynamic, /^\d{8}$/);
    assert.equal(bluetooth.overlaps, 0);

    // The key never crossed between the mini program and its cloud function; the cloud accepted
    // every signed request the function made.
    const seen = wire.join('\n').toLowerCase();
    for (const spelling of [home.accessKey, Buffer.from(home.accessKey).toString('hex'), Buffer.from(home.accessKey).toString('base64')]) {
      assert.ok(!seen.includes(spelling.toLowerCase()));
    }
    assert.ok(!seen.includes('ticket_key'));
    assert.deepEqual(
      home.emulator.state.requests.filter((entry) => !entry.ok),
      [],
    );
  } finally {
    clearTimeout(dueTimer);
    await home.close();
  }
});
