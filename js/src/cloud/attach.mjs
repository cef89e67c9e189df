// Hangs the cloud side off the loaded module: dl.cloud.createClient(options) is
// createCloudClient({ ...options, dl }), and dl.cloud.transports holds the factories this host
// can use, so that users of loadDoorlock alone reach everything.
import { createCloudClient } from './client.mjs';
import { createFetchTransport } from '../transports/fetch.mjs';
import { createWxCloudTransport } from '../transports/wx-cloud.mjs';
import { createWxRequestTransport } from '../transports/wx-request.mjs';
import { createServerTransport, createWxCloudFunctionTransport } from '../transports/server.mjs';
import { readOnlyActions, withRetry } from '../transports/retry.mjs';
import { attachFlows } from '../flows/index.mjs';

export function attachCloud(dl, hostTransports = {}) {
  dl.cloud = {
    createClient: (options) => createCloudClient({ ...options, dl }),
    readOnlyActions: () => readOnlyActions(dl),
    withRetry,
    transports: {
      fetch: createFetchTransport,
      wxCloud: createWxCloudTransport,
      wxRequest: createWxRequestTransport,
      // To the app's own backend, which holds the access key (docs/server.md).
      server: createServerTransport,
      wxCloudFunction: createWxCloudFunctionTransport,
      ...hostTransports,
    },
  };
  // The lock-app flows compose the client above with a connected lock.
  return attachFlows(dl);
}
