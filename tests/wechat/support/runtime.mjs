// An emulated WeChat mini-program runtime: a vm context where string code generation is off (no
// eval, no new Function) and there is no TextDecoder, TextEncoder, crypto, fetch or WebAssembly.
// The only ways out are WXWebAssembly.instantiate(path), which accepts nothing but a path inside
// the "code package" (miniprogram_npm/doorlock-wasm = the package's dist/wechat), and a fake wx.
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { randomFillSync } from 'node:crypto';
import { packageDir } from '../../js/support/load.mjs';

export const wechatDir = join(packageDir, 'dist', 'wechat');
const NPM_PREFIX = '/miniprogram_npm/doorlock-wasm/';

function fakeWXWebAssembly(calls, packageFolder) {
  return {
    instantiate(path, imports) {
      calls.push(path);
      if (typeof path !== 'string') return Promise.reject(new TypeError('WXWebAssembly.instantiate takes a package path'));
      if (!path.startsWith(NPM_PREFIX)) return Promise.reject(new Error(`not in the code package: ${path}`));
      const file = normalize(join(packageFolder, path.slice(NPM_PREFIX.length)));
      if (!file.startsWith(packageFolder) || !existsSync(file)) return Promise.reject(new Error(`no such file: ${path}`));
      let bytes = readFileSync(file);
      if (path.endsWith('.br')) bytes = brotliDecompressSync(bytes);
      return WebAssembly.instantiate(bytes, imports);
    },
  };
}

// wx.getRandomValues as WeChat has it: asynchronous, answers with an ArrayBuffer.
export function withRandom(wx = {}) {
  wx.randomCalls = 0;
  wx.getRandomValues = ({ length, success, fail }) => {
    wx.randomCalls++;
    setTimeout(() => {
      if (!(length > 0 && length <= 1048576)) return fail({ errMsg: 'getRandomValues:fail invalid length' });
      success({ randomValues: randomFillSync(new Uint8Array(length)).buffer });
    }, 1);
  };
  return wx;
}

// A fresh runtime. `globals` are added to the mini program's global scope (wx, App, Page, ...).
// `files` maps absolute file paths to the exports that stand in for them; the package itself
// ('doorlock-wasm/wechat' and 'doorlock-wasm') always resolves to dist/wechat/index.js, or to
// index.js in `packageFolder` (another build of the package, for a before/after benchmark).
export function miniProgramRuntime({ wx, globals = {}, files = {}, packageFolder = wechatDir } = {}) {
  const calls = [];
  const sandbox = {
    console,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    WXWebAssembly: fakeWXWebAssembly(calls, packageFolder),
    wx,
    ...globals,
  };
  const context = vm.createContext(sandbox, { codeGeneration: { strings: false, wasm: false } });
  // A vm context comes with its own WebAssembly built-in: WeChat has none.
  vm.runInContext('delete globalThis.WebAssembly;', context);
  for (const name of ['WebAssembly', 'TextDecoder', 'TextEncoder', 'crypto', 'fetch']) {
    assert.equal(vm.runInContext(`typeof ${name}`, context), 'undefined', `${name} must be absent`);
  }

  const cache = new Map();
  const loaded = []; // the package's files in the order the mini program required them
  const packageEntry = join(packageFolder, 'index.js');
  function load(file) {
    if (cache.has(file)) return cache.get(file).exports;
    const module = { exports: {} };
    cache.set(file, module);
    loaded.push(file);
    const source = readFileSync(file, 'utf8');
    const factory = vm.runInContext(`(function (module, exports, require) {\n${source}\n})`, context, { filename: file });
    factory(module, module.exports, (name) => resolve(name, dirname(file)));
    return module.exports;
  }
  function resolve(name, from) {
    if (name === 'doorlock-wasm/wechat' || name === 'doorlock-wasm') return load(packageEntry);
    if (!name.startsWith('.')) throw new Error(`require('${name}') is not available in a mini program`);
    const file = normalize(join(from, name.endsWith('.js') ? name : `${name}.js`));
    // A test may stand in for a file (a config with test values, say).
    if (files[file] !== undefined) return files[file];
    return load(file);
  }
  return { context, calls, load, loaded, exports: load(packageEntry) };
}
