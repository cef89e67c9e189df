// The cloud side of the package, as named exports of every entry point.
export { createCloudClient } from './client.mjs';
export { createFetchTransport } from '../transports/fetch.mjs';
export { createWxCloudTransport } from '../transports/wx-cloud.mjs';
export { createWxRequestTransport } from '../transports/wx-request.mjs';
export { readOnlyActions, withRetry } from '../transports/retry.mjs';
export { createServerTransport, createWxCloudFunctionTransport } from '../transports/server.mjs';
