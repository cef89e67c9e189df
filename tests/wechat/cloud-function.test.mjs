// The `doorlock` cloud function (miniprogram-demo/cloudfunctions/doorlock) with the mini program
// in the emulated WeChat runtime: the page's code creates and modifies temporary passwords
// through wx.cloud.callFunction with no access key anywhere in the mini program; the function
// (run in Node with a stand-in for wx-server-sdk, as WeChat's cloud runs it) reads the key from
// its environment variables or the cloud database, signs, and calls the cloud emulator over HTTP,
// which checks every signature.
import test from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageDir } from '../js/support/load.mjs';
import { miniProgramRuntime, withRandom } from './support/runtime.mjs';
import { loadCloudFunction, wxCloudFor } from './support/cloud-function.mjs';
import { DEVICE_IDS, EMULATOR_ACCESS_ID, EMULATOR_ACCESS_KEY, startCloudEmulator } from '../../tools/cloud-emulator/index.mjs';

const require = createRequire(import.meta.url);
const OWNER = 'oOWNER0000000000000000000001';
const STRANGER = 'oSTRANGER00000000000000000002';

// A mini program whose wx.cloud.callFunction runs the function.
const miniProgram = (fn, wire) => miniProgramRuntime({ wx: withRandom({ cloud: wxCloudFor(fn, wire) }) });

async function runInPage(context, source) {
  return vm.runInContext(`(async () => { ${source} })()`, context);
}

const PAGE_SETUP = `
  const dl = await sdk.loadDoorlock();
  const client = dl.cloud.createClient({ transport: dl.cloud.transports.wxCloudFunction({ name: 'doorlock' }), lockType: 'ble' });
  const wifi = dl.cloud.createClient({ transport: dl.cloud.transports.wxCloudFunction(), lockType: 'wifi' });
  const now = Math.floor(Date.now() / 1000);
`;

for (const source of ['environment variables', 'cloud database']) {
  test(`the cloud function with its key in ${source}: create and modify temporary passwords from the mini program`, { timeout: 30000 }, async () => {
    const cloud = await startCloudEmulator({ accessId: EMULATOR_ACCESS_ID });
    const saved = { ...process.env };
    const caller = { openId: OWNER };
    const settings = { accessId: EMULATOR_ACCESS_ID, accessKey: EMULATOR_ACCESS_KEY, upstreamUrl: cloud.url, allowedOpenIds: [OWNER] };
    if (source === 'environment variables') {
      Object.assign(process.env, {
        DOORLOCK_ACCESS_ID: EMULATOR_ACCESS_ID,
        DOORLOCK_ACCESS_KEY: EMULATOR_ACCESS_KEY,
        DOORLOCK_UPSTREAM_URL: cloud.url,
        DOORLOCK_ALLOWED_OPENIDS: `${OWNER}, oSOMEONE`,
      });
    }
    try {
      const fn = loadCloudFunction({ caller, collection: source === 'cloud database' ? [settings] : [] });
      const wire = [];
      const { exports, context } = miniProgram(fn, wire);
      context.sdk = exports;
      const outcome = await runInPage(
        context,
        `${PAGE_SETUP}
        const id = await client.createTemporaryPassword({ device_id: '${DEVICE_IDS.ble}', name: 'Nanny', password: '314159',
          effective_time: now + 60, invalid_time: now + 3600 });
        const made = await wifi.createTemporaryPassword({ device_id: '${DEVICE_IDS.wifi}', name: 'Plumber', password: '2718281',
          effective_time: now + 60, invalid_time: now + 3600 });
        const list = await wifi.call('doorLock.getTemporaryPasswordList', { device_id: '${DEVICE_IDS.wifi}', valid: true });
        const plumber = list.find((entry) => entry.name === 'Plumber');
        const modified = await wifi.modifyTemporaryPassword({ device_id: '${DEVICE_IDS.wifi}', password_id: plumber.password_id,
          name: 'Plumber', password: '1414213', effective_time: now + 60, invalid_time: now + 7200 });
        return { id, made, modified, plumberId: plumber.password_id };`,
      );
      assert.equal(outcome.modified, true);
      assert.equal(cloud.state.devices[DEVICE_IDS.ble].tempPasswords.find((entry) => entry.name === 'Nanny').pin, '314159');
      const plumber = cloud.state.devices[DEVICE_IDS.wifi].tempPasswords.find((entry) => entry.password_id === outcome.plumberId);
      assert.equal(plumber.pin, '1414213');
      // Every request the function forwarded was signed and accepted.
      assert.ok(cloud.state.requests.length >= 6 && cloud.state.requests.every((entry) => entry.ok), JSON.stringify(cloud.state.requests));
      // The mini program never sent or received the key, nor a ticket.
      const seen = wire.join('\n');
      assert.ok(seen.includes('"password":"314159"'));
      for (const spelling of [EMULATOR_ACCESS_KEY, Buffer.from(EMULATOR_ACCESS_KEY).toString('hex'), Buffer.from(EMULATOR_ACCESS_KEY).toString('base64')]) {
        assert.ok(!seen.toLowerCase().includes(spelling.toLowerCase()));
      }
      assert.ok(!seen.includes('ticket_key'));

      // Another WeChat user, not on the list: refused before the cloud, with a code the page can read.
      caller.openId = STRANGER;
      const before = cloud.state.requests.length;
      const refused = await runInPage(
        context,
        `${PAGE_SETUP}
        try { await client.createTemporaryPassword({ device_id: '${DEVICE_IDS.ble}', name: 'Intruder', password: '271828',
          effective_time: now + 60, invalid_time: now + 3600 }); return 'created'; }
        catch (e) { return [e instanceof sdk.DoorlockError, e.code, e.outcomeUnknown === undefined].join(' '); }`,
      );
      assert.equal(refused, 'true UNAUTHORIZED true');
      assert.equal(cloud.state.requests.length, before);
    } finally {
      process.env = saved;
      await cloud.close();
    }
  });
}

test('the cloud function without its settings says which one is missing, never a value', async () => {
  const fn = loadCloudFunction({ caller: { openId: OWNER }, collection: [{ accessKey: EMULATOR_ACCESS_KEY }] });
  const answer = await fn.main({ action: 'device.status', params: { device_id: DEVICE_IDS.ble } }, {});
  assert.equal(answer.success, false);
  assert.equal(answer.doorlockError.code, 'INVALID_ARGUMENT');
  assert.match(answer.doorlockError.message, /accessId/);
  assert.ok(!JSON.stringify(answer).includes(EMULATOR_ACCESS_KEY));
});

test('a mini program reaching its own HTTPS backend with wx.request: the server transport, no key in the package', { timeout: 30000 }, async () => {
  const { wxOverHttp } = await import('../js/support/wx-over-http.mjs');
  const server = require(join(packageDir, 'dist', 'server.cjs'));
  const cloud = await startCloudEmulator({ accessId: EMULATOR_ACCESS_ID });
  const backend = await server.startDoorlockServer({
    accessId: EMULATOR_ACCESS_ID,
    accessKey: EMULATOR_ACCESS_KEY,
    upstream: { url: cloud.url },
    context: (req) => ({ session: req.headers.authorization }),
    authorize: (request, context) => context.session === 'Bearer alice',
  });
  try {
    const wx = withRandom(wxOverHttp());
    const { exports, context } = miniProgramRuntime({ wx });
    context.sdk = exports;
    const outcome = await runInPage(
      context,
      `
      const dl = await sdk.loadDoorlock();
      const transport = dl.cloud.transports.server({ url: '${backend.url}', headers: { authorization: 'Bearer alice' } });
      const client = dl.cloud.createClient({ transport, lockType: 'ble' });
      const now = Math.floor(Date.now() / 1000);
      await client.createTemporaryPassword({ device_id: '${DEVICE_IDS.ble}', name: 'Neighbour', password: '161803',
        effective_time: now + 60, invalid_time: now + 3600 });
      let refused = '';
      try { await client.call('device.pairingAuthKey', { home_id: 1, uuid: 'u', uid: 'x' }); } catch (e) { refused = e.code + ' ' + e.field; }
      return { name: transport.name, refused };`,
    );
    assert.equal(outcome.name, 'server/wx-request');
    assert.equal(outcome.refused, 'NOT_ALLOWED action');
    assert.equal(cloud.state.devices[DEVICE_IDS.ble].tempPasswords.find((entry) => entry.name === 'Neighbour').pin, '161803');
  } finally {
    await backend.close();
    await cloud.close();
  }
});
