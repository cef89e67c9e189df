// Loading and the boundary: instances, failures, host hygiene, plain return values, no leaks.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDoorlock, DoorlockError, packageDir, catchDoorlockError } from './support/load.mjs';

const ticket = { ticketKey: '676A3814D4512307E7A5EBBB3983D27C8AA36241FDE8DF054DC325C6C695B89E', accessKey: '0123456789abcdef0123456789abcdef' };

test('loading installs no process-wide handlers', async () => {
  const before = ['uncaughtException', 'unhandledRejection', 'exit'].map((e) => process.listenerCount(e));
  await loadDoorlock();
  const after = ['uncaughtException', 'unhandledRejection', 'exit'].map((e) => process.listenerCount(e));
  assert.deepEqual(after, before);
});

test('the ESM entry is the same package as the CommonJS one', async () => {
  const esm = await import(join(packageDir, 'dist', 'node.mjs'));
  assert.equal(esm.DoorlockError, DoorlockError);
  const dl = await esm.loadDoorlock();
  assert.equal(dl.minuteOfDay('00:01'), 1);
});

test('a broken .wasm rejects with LOAD_FAILED instead of hanging or killing the process', async () => {
  for (const wasmBinary of [new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1]), new Uint8Array(64)]) {
    await assert.rejects(loadDoorlock({ wasmBinary }), (error) => error instanceof DoorlockError && error.code === 'LOAD_FAILED');
  }
});

test('a package without its glue, or with a broken .wasm and no glue, fails with LOAD_FAILED and leaves no unhandled rejection', () => {
  // A copy of the Node entry beside an empty core folder, in a fresh process where an unhandled
  // rejection ends the process with an error.
  const dir = mkdtempSync(join(tmpdir(), 'doorlock-no-glue-'));
  try {
    for (const file of ['node.cjs', 'node-host.cjs']) copyFileSync(join(packageDir, 'dist', file), join(dir, file));
    mkdirSync(join(dir, 'core'));
    copyFileSync(join(packageDir, 'dist', 'core', 'doorlock_core.wasm'), join(dir, 'core', 'doorlock_core.wasm'));
    const probe = join(dir, 'probe.cjs');
    writeFileSync(
      probe,
      `const { loadDoorlock, DoorlockError } = require('./node.cjs');
      const outcome = (options) => loadDoorlock(options).then(() => 'loaded', (e) => (e instanceof DoorlockError ? e.code : 'other: ' + e));
      (async () => {
        const results = [await outcome({}), await outcome({ wasmBinary: new Uint8Array(64) })];
        setTimeout(() => console.log(JSON.stringify(results)), 50); // after any stray rejection
      })();`,
    );
    const output = execFileSync(process.execPath, ['--unhandled-rejections=strict', probe], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(output), ['LOAD_FAILED', 'LOAD_FAILED']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a wrong wasmPath rejects with LOAD_FAILED naming the path, not a raw ENOENT', async () => {
  for (const wasmPath of [join(packageDir, 'dist', 'core', 'no-such.wasm'), join(packageDir, 'dist')]) {
    const error = await loadDoorlock({ wasmPath }).then(
      () => null,
      (e) => e,
    );
    assert.ok(error instanceof DoorlockError, `${error}`);
    assert.equal(error.code, 'LOAD_FAILED');
    assert.equal(error.field, 'wasmPath');
    assert.ok(error.message.includes(wasmPath));
  }
});

test('instances are independent and can be given the bytes directly', async () => {
  const wasmBinary = readFileSync(join(packageDir, 'dist', 'core', 'doorlock_core.wasm'));
  const a = await loadDoorlock({ wasmBinary });
  const b = await loadDoorlock({ randomBytes: null });
  assert.match(a.generatePassword({ lockType: 'ble' }), /^\d{6}$/);
  assert.equal(catchDoorlockError(() => b.generatePassword({ lockType: 'ble' })).code, 'NO_SECURE_RANDOM');
});

test('results are plain values: nothing to .delete()', async () => {
  const dl = await loadDoorlock();
  const key = dl.decryptTicketKey(ticket);
  assert.equal(Object.getPrototypeOf(key), Uint8Array.prototype);
  assert.equal(key.buffer.byteLength, 16, 'a copy, not a view into the wasm heap');
  const schedule = dl.buildSchedule({ effectiveTime: 1579156726, invalidTime: 1579243126 });
  assert.equal(Object.getPrototypeOf(schedule), Object.prototype);
  assert.equal(typeof schedule.delete, 'undefined');
  assert.ok(Array.isArray(dl.workingDays(5)));
});

test('no heap growth across calls, good or bad', async () => {
  const dl = await loadDoorlock();
  const round = () => {
    dl.encryptPassword({ ...ticket, password: '123456', lockType: 'ble' });
    dl.buildSchedule({ effectiveTime: 1579156726, invalidTime: 1579243126, timeZone: 'UTC', windows: [{ start: '07:30', end: '18:00', days: ['mon'] }] });
    dl.validityBlock({ effectiveTime: 946656000, invalidTime: 1924963199 });
    dl.randomBytes(32);
    catchDoorlockError(() => dl.encryptPassword({ ...ticket, password: '12345x' }));
    catchDoorlockError(() => dl.buildSchedule({ effectiveTime: 1, invalidTime: 2, windows: [{}] }));
    catchDoorlockError(() => dl.decryptTicketKey({ ...ticket, accessKey: ticket.accessKey.replace('0', '1') }));
  };
  for (let i = 0; i < 200; i++) round();
  const before = dl.diagnostics.heapInUse();
  for (let i = 0; i < 2000; i++) round();
  assert.equal(dl.diagnostics.heapInUse(), before);
});
