// The `doorlock` cloud function: it holds the cloud project's access key so that the mini program
// never does (a mini program package can be unpacked by anyone). The mini program calls it with
//   dl.cloud.createClient({ transport: dl.cloud.transports.wxCloudFunction({ name: 'doorlock' }), lockType })
// and sends PINs in clear over WeChat's own authenticated channel; this function gets the ticket,
// encrypts the PIN, signs the request and forwards it to the cloud (doorlock-wasm docs/server.md).
//
// Settings, from the function's environment variables (cloud console: 云函数 > 版本与配置 > 环境变量):
//   DOORLOCK_ACCESS_ID        the cloud project's Access ID (client_id)
//   DOORLOCK_ACCESS_KEY       the cloud project's Access Secret (32 characters)
//   DOORLOCK_UPSTREAM_URL     the cloud's function gateway (default https://openapi.tuyacn.com/faas)
//   DOORLOCK_ALLOWED_OPENIDS  comma-separated OPENIDs of the users who may use the locks
// or, when DOORLOCK_ACCESS_KEY is not set, from the one document of the cloud database collection
// `doorlock-config`: { accessId, accessKey, upstreamUrl?, allowedOpenIds: [...] } (make the
// collection readable by no user: only cloud functions read it).
//
// Who may do what is the app's decision: replace `authorize` with your own user model (which
// user owns which device_id). WeChat has already authenticated the caller: its OPENID comes from
// the function's context, never from the mini program's data.
// Runtime: Node.js 18 or later; set the function timeout to 20 s or more (config.json).
const cloud = require('wx-server-sdk');
const { createCloudFunctionMain } = require('doorlock-wasm/server');

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });

const DEFAULT_UPSTREAM_URL = 'https://openapi.tuyacn.com/faas';

async function settings() {
  const env = process.env;
  if (env.DOORLOCK_ACCESS_KEY) {
    return {
      accessId: env.DOORLOCK_ACCESS_ID,
      accessKey: env.DOORLOCK_ACCESS_KEY,
      upstreamUrl: env.DOORLOCK_UPSTREAM_URL,
      allowedOpenIds: (env.DOORLOCK_ALLOWED_OPENIDS || '')
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    };
  }
  const { data } = await cloud.database().collection('doorlock-config').limit(1).get();
  return data[0] || {};
}

exports.main = createCloudFunctionMain(async () => {
  const config = await settings();
  const allowed = new Set(config.allowedOpenIds || []);
  return {
    accessId: config.accessId,
    accessKey: config.accessKey,
    upstream: { url: config.upstreamUrl || DEFAULT_UPSTREAM_URL },
    appId: cloud.getWXContext().APPID || undefined,
    wxContext: () => cloud.getWXContext(),
    authorize: (request, caller) => allowed.has(caller.openId),
  };
});
