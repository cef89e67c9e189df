// WeChat mini programs. Differences from a browser, all handled here:
// - WXWebAssembly.instantiate takes only a path inside the code package (no bytes, no URLs);
// - there is no global WebAssembly, which the glue expects: it gets a stand-in (Module.wasmApi)
//   and is instantiated through Module.instantiateWasm;
// - no eval / new Function (the module is built with DYNAMIC_EXECUTION=0), no TextDecoder;
// - randomness comes from wx.getRandomValues, which is asynchronous: a pool is filled first.
import createDoorlockCore from '../../dist/core/doorlock_core.js';
import { DoorlockError } from '../errors.mjs';
import { instantiate } from '../instantiate.mjs';
import { AsyncEntropyPool, entropyFromRandomBytes } from '../random.mjs';
import { attachHostOnFirstUse } from './host-on-first-use.mjs';

export { DoorlockError };

// The cloud client, the transports and the Bluetooth host: dist/wechat/host.js, required on first
// use of one of its exports (js/scripts/bundle.mjs lists them) or of dl.cloud or dl.flows.
const requireHost = () => require('./host.js');

// Where WeChat's "build npm" puts this package's files; override with options.wasmPath.
export const DEFAULT_WASM_PATH = '/miniprogram_npm/doorlock-wasm/doorlock_core.wasm.br';

function wxRandom(wxApi, length) {
  return new Promise((resolve, reject) => {
    wxApi.getRandomValues({
      length,
      success: (res) => resolve(new Uint8Array(res.randomValues)),
      fail: (err) => reject(new Error((err && err.errMsg) || 'wx.getRandomValues failed')),
    });
  });
}

// The core's entropy source, and a promise of its first fill. wx.getRandomValues answers through
// WeChat's asynchronous bridge: the first fill runs while the module instantiates, and loading
// waits for both (the core asks for entropy only when a call needs randomness, never at start-up).
function wechatEntropy(options, wxApi) {
  if (options.randomBytes !== undefined) return { hostEntropy: entropyFromRandomBytes(options.randomBytes), filled: null };
  if (!wxApi || typeof wxApi.getRandomValues !== 'function') return { hostEntropy: () => false, filled: null }; // plugins, old base libraries
  const pool = new AsyncEntropyPool((length) => wxRandom(wxApi, length));
  return { hostEntropy: (view) => pool.take(view), filled: pool.refill() };
}

export async function loadDoorlock(options = {}) {
  const wxWasm = options.WXWebAssembly || (typeof WXWebAssembly !== 'undefined' ? WXWebAssembly : undefined);
  const wxApi = options.wx || (typeof wx !== 'undefined' ? wx : undefined);
  if (!wxWasm || typeof wxWasm.instantiate !== 'function') {
    throw new DoorlockError({ code: 'LOAD_FAILED', message: 'WXWebAssembly is not available (WeChat base library 2.13.0 or later is needed)' });
  }
  const wasmPath = options.wasmPath || DEFAULT_WASM_PATH;
  const { hostEntropy, filled } = wechatEntropy(options, wxApi);
  // The glue has no failure callback for instantiateWasm: a failed instantiate rejects this
  // promise, which instantiate() races against the factory so that loading never hangs.
  let rejectLoad;
  const loadFailure = new Promise((resolve, reject) => {
    rejectLoad = reject;
  });
  const loaded = instantiate(
    createDoorlockCore,
    {
      hostEntropy,
      wasmApi: { RuntimeError: wxWasm.RuntimeError || Error },
      instantiateWasm(imports, receiveInstance) {
        Promise.resolve(wxWasm.instantiate(wasmPath, imports))
          .then((result) => receiveInstance(result.instance || result))
          .catch(rejectLoad);
        return {};
      },
    },
    loadFailure,
    wasmPath,
  );
  const [dl] = await Promise.all([loaded, filled]);
  return attachHostOnFirstUse(dl, (target) => requireHost().attachWechatHost(target));
}
