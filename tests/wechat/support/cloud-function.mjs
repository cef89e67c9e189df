// The `doorlock` cloud function (miniprogram-demo/cloudfunctions/doorlock) as WeChat's cloud runs
// it: a Node module whose wx-server-sdk is a stand-in. getWXContext() names the caller of the
// current call (caller.openId, changeable between calls); database() holds the doorlock-config
// collection.
import vm from 'node:vm';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageDir, repoRoot } from '../../js/support/load.mjs';

const require = createRequire(import.meta.url);
export const functionFile = join(repoRoot, 'miniprogram-demo', 'cloudfunctions', 'doorlock', 'index.js');

export function loadCloudFunction({ caller, collection = [] }) {
  const sdk = {
    DYNAMIC_CURRENT_ENV: Symbol('current env'),
    init() {},
    getWXContext: () => ({ OPENID: caller.openId, APPID: 'wx0123456789abcdef', UNIONID: undefined }),
    database: () => ({ collection: (name) => ({ limit: () => ({ get: async () => ({ data: name === 'doorlock-config' ? collection : [] }) }) }) }),
  };
  const module = { exports: {} };
  const localRequire = (name) => {
    if (name === 'wx-server-sdk') return sdk;
    if (name === 'doorlock-wasm/server') return require(join(packageDir, 'dist', 'server.cjs'));
    throw new Error(`the cloud function requires ${name}, which its package.json does not list`);
  };
  vm.runInThisContext(`(function (module, exports, require) {\n${readFileSync(functionFile, 'utf8')}\n})`, { filename: functionFile })(
    module,
    module.exports,
    localRequire,
  );
  return module.exports;
}

// wx.cloud for a mini program: callFunction({ name: 'doorlock' }) runs the function, through JSON
// as WeChat does; `wire` collects what crossed, as text.
export function wxCloudFor(fn, wire = []) {
  return {
    init() {},
    callFunction: ({ name, data, success, fail }) => {
      const sent = JSON.stringify(data);
      wire.push(sent);
      if (name !== 'doorlock') {
        setTimeout(() => fail({ errMsg: `cloud.callFunction:fail function ${name} not found` }));
        return;
      }
      fn.main(JSON.parse(sent), {}).then(
        (result) => {
          const text = JSON.stringify(result);
          wire.push(text);
          success({ errMsg: 'cloud.callFunction:ok', result: JSON.parse(text) });
        },
        (error) => fail({ errMsg: `cloud.callFunction:fail ${error.message}` }),
      );
    },
  };
}
