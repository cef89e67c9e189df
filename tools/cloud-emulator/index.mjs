// A local stand-in for the smart-lock cloud, for tests and the demo: every action of the reference
// over an in-memory home, reachable over HTTP on 127.0.0.1 or in process.
export { createCloudEmulator, EMULATED_ACTIONS } from './emulator.mjs';
export { startCloudEmulator } from './server.mjs';
export { createInProcessTransport } from './in-process.mjs';
export { APP_SCHEMA, DEVICE_IDS, DOOR_PINS, EMULATOR_ACCESS_ID, EMULATOR_ACCESS_KEY, HOME_ID, LOCK_TYPES, OWNER_UID, USERS } from './home.mjs';
export { SIGNATURE_WINDOW_MS, checkSignature, expectedSign } from './signature.mjs';
