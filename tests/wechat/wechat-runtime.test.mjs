// The WeChat mini-program runtime, emulated: doorlock-wasm/wechat runs in a vm context where string
// code generation is off (no eval, no new Function) and there is no TextDecoder, TextEncoder,
// crypto, fetch or WebAssembly. The only ways out are WXWebAssembly.instantiate(path), which
// accepts nothing but a path inside the "code package", and a fake wx.
import test from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { readFileSync, existsSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { randomFillSync } from 'node:crypto';
import { packageDir } from '../js/support/load.mjs';

const wechatDir = join(packageDir, 'dist', 'wechat');
// The mini program's package: "build npm" copies the package's miniprogram folder here.
const packageRoot = { '/miniprogram_npm/doorlock-wasm/': wechatDir };

function fakeWXWebAssembly(calls) {
  return {
    instantiate(path, imports) {
      calls.push(path);
      if (typeof path !== 'string') return Promise.reject(new TypeError('WXWebAssembly.instantiate takes a package path'));
      const prefix = Object.keys(packageRoot).find((p) => path.startsWith(p));
      if (!prefix) return Promise.reject(new Error(`not in the code package: ${path}`));
      const file = normalize(join(packageRoot[prefix], path.slice(prefix.length)));
      if (!file.startsWith(wechatDir) || !existsSync(file)) return Promise.reject(new Error(`no such file: ${path}`));
      let bytes = readFileSync(file);
      if (path.endsWith('.br')) bytes = brotliDecompressSync(bytes);
      return WebAssembly.instantiate(bytes, imports);
    },
  };
}

function fakeWx({ random = true } = {}) {
  const wx = { randomCalls: 0 };
  if (random) {
    wx.getRandomValues = ({ length, success, fail }) => {
      wx.randomCalls++;
      setTimeout(() => {
        if (!(length > 0 && length <= 1048576)) return fail({ errMsg: 'getRandomValues:fail invalid length' });
        success({ randomValues: randomFillSync(new Uint8Array(length)).buffer });
      }, 1);
    };
  }
  return wx;
}

// A fresh emulated mini-program runtime with the wechat bundle loaded as a CommonJS module.
function miniProgramRuntime(wx) {
  const calls = [];
  const sandbox = {
    console, setTimeout, clearTimeout, setInterval, clearInterval,
    WXWebAssembly: fakeWXWebAssembly(calls),
    wx,
  };
  const context = vm.createContext(sandbox, { codeGeneration: { strings: false, wasm: false } });
  // A vm context comes with its own WebAssembly built-in: WeChat has none.
  vm.runInContext('delete globalThis.WebAssembly;', context);
  for (const name of ['WebAssembly', 'TextDecoder', 'TextEncoder', 'crypto', 'fetch']) {
    assert.equal(vm.runInContext(`typeof ${name}`, context), 'undefined', `${name} must be absent`);
  }
  const source = readFileSync(join(wechatDir, 'index.js'), 'utf8');
  const factory = vm.runInContext(`(function (module, exports, require) {\n${source}\n})`, context, { filename: 'miniprogram_npm/doorlock-wasm/index.js' });
  const module = { exports: {} };
  factory(module, module.exports, (name) => { throw new Error(`require('${name}') is not available in a mini program`); });
  return { context, exports: module.exports, calls };
}

test('the runtime really forbids string code generation', () => {
  const { context } = miniProgramRuntime(fakeWx());
  assert.throws(() => vm.runInContext('eval("1 + 1")', context), (e) => e.name === 'EvalError');
  assert.throws(() => vm.runInContext('new Function("return 1")', context), (e) => e.name === 'EvalError');
});

test('loads through WXWebAssembly with a package path and encrypts a password', async () => {
  const wx = fakeWx();
  const { exports, calls, context } = miniProgramRuntime(wx);
  const dl = await exports.loadDoorlock();
  assert.deepEqual(calls, ['/miniprogram_npm/doorlock-wasm/doorlock_core.wasm.br']);
  // Run the call inside the mini program's realm, as a page's code would.
  context.dl = dl;
  const cipher = vm.runInContext(`dl.encryptPassword({ password: '123456', lockType: 'ble',
    ticketKey: '676A3814D4512307E7A5EBBB3983D27C8AA36241FDE8DF054DC325C6C695B89E',
    accessKey: '0123456789abcdef0123456789abcdef' })`, context);
  assert.equal(cipher, 'F8D081364CA175264AC8E2B5B4B3B65E');
  // Randomness comes from wx.getRandomValues.
  assert.ok(wx.randomCalls >= 1);
  assert.match(vm.runInContext(`dl.generatePassword({ lockType: 'wifi' })`, context), /^\d{7}$/);
  const sample = vm.runInContext(`dl.validityBlock({ effectiveTime: 946656000, invalidTime: 1924963199 })`, context);
  assert.equal(Buffer.from(sample).toString('hex'), '386cd30072bc9b7f00000000000000173b');
});

test('errors cross as DoorlockError inside the mini program and the instance keeps working', async () => {
  const { exports, context } = miniProgramRuntime(fakeWx());
  context.dl = await exports.loadDoorlock();
  context.DoorlockError = exports.DoorlockError;
  const outcome = vm.runInContext(`(() => {
    try { dl.buildSchedule({ effectiveTime: 1579156726, invalidTime: 1579243126, windows: [] }); return 'no error'; }
    catch (e) { return [e instanceof DoorlockError, e.code, e.field].join(' '); } })()`, context);
  assert.equal(outcome, 'true INVALID_ARGUMENT windows');
  assert.equal(vm.runInContext(`dl.workingDayMask(['mon', 'tue', 'fri'])`, context), 38);
});

test('without wx.getRandomValues (plugins, old base libraries) randomness is refused, not faked', async () => {
  const { exports, context } = miniProgramRuntime(fakeWx({ random: false }));
  context.dl = await exports.loadDoorlock();
  const code = vm.runInContext(`(() => { try { dl.randomBytes(16); return 'no error'; } catch (e) { return e.code; } })()`, context);
  assert.equal(code, 'NO_SECURE_RANDOM');
  // Everything else still works.
  assert.equal(vm.runInContext(`dl.minuteOfDay('07:30')`, context), 450);
});

test('a wrong package path fails the load with LOAD_FAILED instead of hanging', async () => {
  const { exports } = miniProgramRuntime(fakeWx());
  await assert.rejects(exports.loadDoorlock({ wasmPath: '/somewhere/else.wasm' }), (error) => {
    assert.equal(error.code, 'LOAD_FAILED');
    return true;
  });
});

test('without WXWebAssembly the loader says so', async () => {
  const { exports, context } = miniProgramRuntime(fakeWx());
  vm.runInContext('delete globalThis.WXWebAssembly;', context);
  await assert.rejects(exports.loadDoorlock(), (error) => error.code === 'LOAD_FAILED' && /WXWebAssembly/.test(error.message));
});
