// The Bluetooth host side of the package: adapters (bytes to and from a lock) and the
// connected-lock layer with its flows. Re-exported by every loader.
export { openWxAdapter, WX_DEFAULTS } from './wx-adapter.mjs';
export { openWebBluetoothAdapter, WEB_DEFAULTS } from './web-adapter.mjs';
export { openSimulatorAdapter } from './sim-adapter.mjs';
export { openBridgeAdapter, BRIDGE_DEFAULTS } from './bridge-adapter.mjs';
export { connectLock, withLock, CONNECTION_DEFAULTS } from './connect.mjs';
export { TUYA_GATT_PROFILES, TUYA_ADVERTISING } from './gatt.mjs';
export { BLE_ERROR_CODES } from './errors.mjs';
