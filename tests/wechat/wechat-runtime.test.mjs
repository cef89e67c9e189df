// doorlock-wasm/wechat in the emulated WeChat runtime (support/runtime.mjs): no eval, no
// TextDecoder, no crypto, no WebAssembly global; WXWebAssembly takes package paths only.
import test from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { miniProgramRuntime, withRandom } from './support/runtime.mjs';

const fakeWx = ({ random = true } = {}) => (random ? withRandom({}) : { randomCalls: 0 });

test('the runtime really forbids string code generation', () => {
  const { context } = miniProgramRuntime({ wx: fakeWx() });
  assert.throws(
    () => vm.runInContext('eval("1 + 1")', context),
    (e) => e.name === 'EvalError',
  );
  assert.throws(
    () => vm.runInContext('new Function("return 1")', context),
    (e) => e.name === 'EvalError',
  );
});

test('loads through WXWebAssembly with a package path and encrypts a password', async () => {
  const wx = fakeWx();
  const { exports, calls, context } = miniProgramRuntime({ wx });
  const dl = await exports.loadDoorlock();
  assert.deepEqual(calls, ['/miniprogram_npm/doorlock-wasm/doorlock_core.wasm.br']);
  // Run the call inside the mini program's realm, as a page's code would.
  context.dl = dl;
  const cipher = vm.runInContext(
    `dl.encryptPassword({ password: '123456', lockType: 'ble',
    ticketKey: '676A3814D4512307E7A5EBBB3983D27C8AA36241FDE8DF054DC325C6C695B89E',
    accessKey: '0123456789abcdef0123456789abcdef' })`,
    context,
  );
  assert.equal(cipher, 'F8D081364CA175264AC8E2B5B4B3B65E');
  // Randomness comes from wx.getRandomValues.
  assert.ok(wx.randomCalls >= 1);
  assert.match(vm.runInContext(`dl.generatePassword({ lockType: 'wifi' })`, context), /^\d{7}$/);
  const sample = vm.runInContext(`dl.validityBlock({ effectiveTime: 946656000, invalidTime: 1924963199, start: '00:00', end: '23:59' })`, context);
  assert.equal(Buffer.from(sample).toString('hex'), '386cd30072bc9b7f00000000000000173b');
});

test('start-up parses only the entry: host.js (cloud, transports, Bluetooth host) loads on first use', async () => {
  const { exports, context, loaded } = miniProgramRuntime({ wx: fakeWx() });
  const names = () => loaded.map((file) => file.split('/').pop());
  context.dl = await exports.loadDoorlock();
  vm.runInContext(
    `dl.encryptPassword({ password: '123456', lockType: 'ble',
    ticketKey: '676A3814D4512307E7A5EBBB3983D27C8AA36241FDE8DF054DC325C6C695B89E',
    accessKey: '0123456789abcdef0123456789abcdef' })`,
    context,
  );
  assert.deepEqual(names(), ['index.js']);
  assert.ok(Object.keys(context.dl).includes('cloud'), 'dl lists cloud before it loads');
  assert.equal(typeof vm.runInContext('dl.cloud.createClient', context), 'function');
  assert.deepEqual(names(), ['index.js', 'host.js']);
  assert.equal(typeof exports.connectLock, 'function');
  assert.equal(typeof exports.TUYA_GATT_PROFILES, 'object');
  // An error from the host part is the entry's DoorlockError.
  assert.throws(
    () => exports.createCloudClient({}),
    (error) => error instanceof exports.DoorlockError && error.code === 'INVALID_ARGUMENT',
  );
});

test('the first wx.getRandomValues runs while the module instantiates, not before it', async () => {
  const wx = fakeWx();
  const { exports, calls } = miniProgramRuntime({ wx });
  const answeredAfter = []; // how many WXWebAssembly.instantiate calls had been made when entropy came
  const getRandomValues = wx.getRandomValues;
  wx.getRandomValues = (request) =>
    getRandomValues({
      ...request,
      success: (result) => {
        answeredAfter.push(calls.length);
        request.success(result);
      },
    });
  await exports.loadDoorlock();
  assert.deepEqual(answeredAfter, [1]);
});

test('errors cross as DoorlockError inside the mini program and the instance keeps working', async () => {
  const { exports, context } = miniProgramRuntime({ wx: fakeWx() });
  context.dl = await exports.loadDoorlock();
  context.DoorlockError = exports.DoorlockError;
  const outcome = vm.runInContext(
    `(() => {
    try { dl.buildSchedule({ effectiveTime: 1579156726, invalidTime: 1579243126, windows: [] }); return 'no error'; }
    catch (e) { return [e instanceof DoorlockError, e.code, e.field].join(' '); } })()`,
    context,
  );
  assert.equal(outcome, 'true INVALID_ARGUMENT windows');
  assert.equal(vm.runInContext(`dl.workingDayMask(['mon', 'tue', 'fri'])`, context), 38);
});

test('without wx.getRandomValues (plugins, old base libraries) randomness is refused, not faked', async () => {
  const { exports, context } = miniProgramRuntime({ wx: fakeWx({ random: false }) });
  context.dl = await exports.loadDoorlock();
  const code = vm.runInContext(`(() => { try { dl.randomBytes(16); return 'no error'; } catch (e) { return e.code; } })()`, context);
  assert.equal(code, 'NO_SECURE_RANDOM');
  // Everything else still works.
  assert.equal(vm.runInContext(`dl.minuteOfDay('07:30')`, context), 450);
});

test('a wrong package path fails the load with LOAD_FAILED instead of hanging', async () => {
  const { exports } = miniProgramRuntime({ wx: fakeWx() });
  await assert.rejects(exports.loadDoorlock({ wasmPath: '/somewhere/else.wasm' }), (error) => {
    assert.equal(error.code, 'LOAD_FAILED');
    assert.match(error.message, /\/somewhere\/else\.wasm/, 'the message names the path that failed');
    return true;
  });
});

test('without WXWebAssembly the loader says so', async () => {
  const { exports, context } = miniProgramRuntime({ wx: fakeWx() });
  vm.runInContext('delete globalThis.WXWebAssembly;', context);
  await assert.rejects(exports.loadDoorlock(), (error) => error.code === 'LOAD_FAILED' && /WXWebAssembly/.test(error.message));
});
