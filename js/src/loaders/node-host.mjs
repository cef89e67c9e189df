// The part of the Node entry that loading the module does not need: the cloud client, the
// transports, the Bluetooth host and the lock-app flows. Bundled to dist/node-host.cjs, which
// dist/node.cjs requires on first use (see loaders/node.mjs), so that a program that only
// encrypts passwords never parses it. Every name here except attachNodeHost is also a named
// export of dist/node.cjs.
import { attachCloud } from '../cloud/attach.mjs';
import { createNodeHttpTransport } from '../transports/node-http.mjs';

export * from '../cloud/index.mjs';
export * from '../ble/host.mjs';
export { createNodeHttpTransport };

// Finishes a loaded `dl`: dl.cloud (with Node's http transport) and dl.flows.
export function attachNodeHost(dl) {
  return attachCloud(dl, { nodeHttp: createNodeHttpTransport });
}
