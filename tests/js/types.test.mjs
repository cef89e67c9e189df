// The TypeScript declarations compile under --strict against code that uses the API the way the
// README shows, and they reject a misuse.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageDir, repoRoot } from './support/load.mjs';
import { strictTypeErrors } from './support/tsc.mjs';

const tsc = join(packageDir, 'node_modules', 'typescript', 'bin', 'tsc');

function compile(source) {
  const dir = mkdtempSync(join(tmpdir(), 'doorlock-types-'));
  try {
    writeFileSync(join(dir, 'usage.ts'), source.replaceAll('PACKAGE', join(packageDir, 'index.js')));
    execFileSync('node', [tsc, '--strict', '--noEmit', '--target', 'es2020', '--moduleResolution', 'node', join(dir, 'usage.ts')], { encoding: 'utf8' });
    return '';
  } catch (error) {
    return String(error.stdout || error.message);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the declarations cover the documented usage', { timeout: 60000 }, () => {
  const problems = compile(`
    import { loadDoorlock, DoorlockError, Doorlock } from 'PACKAGE';
    async function main(): Promise<string> {
      const dl: Doorlock = await loadDoorlock({ randomBytes: null });
      const hex: string = dl.encryptPassword({ password: '123456', ticketKey: 'x', accessKey: 'y', lockType: 'ble' });
      const schedule = dl.buildSchedule({ effectiveTime: 1, invalidTime: 2, timeZone: 'UTC',
        windows: [{ start: '07:30', end: 1080, days: ['mon', 'fri'] }] });
      const first: number | undefined = schedule.schedule_list?.[0].working_day;
      const block: Uint8Array = dl.validityBlock({ effectiveTime: 1, invalidTime: 2, cycle: 'weekly', days: 38 });
      try { dl.minuteOfDay('x'); } catch (e) { if (e instanceof DoorlockError) return e.code + (e.field ?? ''); }
      return hex + first + block.length + dl.diagnostics.heapInUse();
    }
    async function cloudAndBle(dl: Doorlock) {
      const request = dl.buildRequest('doorLock.getTemporaryPasswordList', { device_id: 'vdevo1', valid: true }, { lockType: 'wifi' });
      const client = dl.cloud.createClient({ transport: dl.cloud.transports.fetch({ url: 'http://127.0.0.1:1/' }) });
      const session = dl.ble.session({ localKey: 'abcdef0123456789', uuid: '0123456789abcdef', devId: 'vdevo1' });
      const write = session.writeDps([dl.ble.lockDp.setT0({ activeTime: 1700000000 })]);
      const crc: number = dl.ble.crc16(write.packets[0]);
      for (const event of session.receive(new Uint8Array(20)).events) if (event.type === 'ack') return event.sn + crc;
      return [request.action, client, crc];
    }
    main();
    loadDoorlock().then(cloudAndBle);
  `);
  assert.equal(problems, '');
});

test('a misuse does not compile', { timeout: 60000 }, () => {
  const problems = compile(`
    import { loadDoorlock } from 'PACKAGE';
    loadDoorlock().then((dl) => dl.encryptPassword({ password: 123456, ticketKey: 'x', accessKey: 'y', lockType: 'bluetooth' }));
  `);
  assert.match(problems, /error TS/);
});

test('the server half and the key-on-the-server flows are typed', { timeout: 60000 }, () => {
  const problems = compile(`
    import { loadDoorlock, Doorlock, DoorlockError } from 'PACKAGE';
    import { createServerHandler, startDoorlockServer, createCloudFunctionMain, signatureHeaders } from '${join(packageDir, 'types', 'server')}';
    async function phone(dl: Doorlock) {
      const client = dl.cloud.createClient({ transport: dl.cloud.transports.server({ url: 'https://example.com/doorlock', headers: { authorization: 'x' } }), lockType: 'ble' });
      const viaFunction = dl.cloud.createClient({ transport: dl.cloud.transports.wxCloudFunction({ name: 'doorlock' }), lockType: 'wifi' });
      const hex: string = dl.encryptPassword({ password: '123456', key: new Uint8Array(16), lockType: 'ble' });
      try { await client.createTemporaryPassword({ device_id: 'd', name: 'n', password: '123456', effective_time: 1, invalid_time: 2 }); }
      catch (e) { if (e instanceof DoorlockError && (e.code === 'NOT_ALLOWED' || e.code === 'UNAUTHORIZED')) return e.outcomeUnknown; }
      return [hex, viaFunction];
    }
    async function backend() {
      const handle = createServerHandler({ accessKey: 'k', accessId: 'i', upstream: { url: 'https://openapi.tuyacn.com/faas' },
        authorize: async (request, context) => request.action !== 'device.control' && context.user === 'alice' });
      const answer = await handle({ action: 'device.status', params: { device_id: 'd' } }, { user: 'alice' });
      const running = await startDoorlockServer({ handler: handle, port: 0 });
      const main = createCloudFunctionMain(async () => ({ accessKey: 'k', accessId: 'i', upstream: { url: 'u' }, authorize: () => true }));
      const sign: string = signatureHeaders({ accessId: 'i', secret: 'k', params: {}, t: 1 }).sign;
      await running.close();
      return [answer.success, main, sign];
    }
    loadDoorlock().then(phone);
    backend();
  `);
  assert.equal(problems, '');
  const mixed = compile(`
    import { loadDoorlock } from 'PACKAGE';
    loadDoorlock().then((dl) => dl.encryptPassword({ password: '123456', key: new Uint8Array(16), ticketKey: 'x', accessKey: 'y' }));
  `);
  assert.match(mixed, /error TS/);
});

test("the README's Bluetooth usage compiles; made-up members and weekday names do not (tests/types/ble-connection-usage.ts)", { timeout: 60000 }, () => {
  const output = strictTypeErrors(join(repoRoot, 'tests', 'types', 'ble-connection-usage.ts'));
  assert.equal(output, '');
});
