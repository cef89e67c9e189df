// doorlock-wasm/server: the half of the SDK that holds the cloud project's access key, for a
// Node server or a WeChat cloud function (docs/server.md). Never bundled for phones or browsers.
export { DoorlockError } from '../errors.mjs';
export { loadDoorlock } from '../loaders/node.mjs';
export { EXCLUDED_BY_DEFAULT, createServerHandler, createSignedTransport } from './handler.mjs';
export { createServerHttpListener, startDoorlockServer } from './http.mjs';
export { createCloudFunctionMain } from './cloud-function.mjs';
export { SIGN_METHOD, signatureHeaders, sortedParamsJson } from './sign.mjs';
