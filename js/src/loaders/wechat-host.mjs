// The part of the WeChat entry that loading the module does not need: the cloud client, the
// transports, the Bluetooth host and the lock-app flows. Bundled to dist/wechat/host.js, which
// dist/wechat/index.js requires on first use (see loaders/wechat.mjs): a mini program's start-up
// parses only what loading and the first call need, which matters most on a phone. Every name here
// except attachWechatHost is also a named export of the entry.
import { attachCloud } from '../cloud/attach.mjs';

export * from '../cloud/index.mjs';
export * from '../ble/host.mjs';

// Finishes a loaded `dl`: dl.cloud and dl.flows.
export function attachWechatHost(dl) {
  return attachCloud(dl);
}
