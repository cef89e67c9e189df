#!/usr/bin/env node
// Runs the emulated home until interrupted: the cloud emulator over HTTP (CORS open, so a browser
// page can call it) and its simulated Bluetooth locks in this process, reachable over the BLE
// bridge (ble-bridge.mjs: openBridgeAdapter({ url: bridgeUrl, deviceId })).
//   node tools/home/serve.mjs [port] [--signed] [--protocol 3|4] [--mtu N] [--bridge-port N]
// Prints one line of JSON: { url, bridgeUrl, accessId, accessKey, homeId, devices: [...] }.
import { EMULATOR_ACCESS_ID } from '../cloud-emulator/index.mjs';
import { startBleBridge } from './ble-bridge.mjs';
import { createHome } from './index.mjs';

const args = process.argv.slice(2);
const valueOf = (flag) => {
  const at = args.indexOf(flag);
  return at === -1 ? undefined : Number(args[at + 1]);
};
const flagValues = new Set(['--protocol', '--mtu', '--bridge-port'].map((flag) => args.indexOf(flag) + 1).filter((at) => at > 0));
const port = Number(args.find((arg, at) => !arg.startsWith('--') && !flagValues.has(at)) ?? 0);
const signed = args.includes('--signed');
const home = await createHome({
  protocol: valueOf('--protocol'),
  mtu: valueOf('--mtu') ?? 20,
  server: signed ? { port, accessId: EMULATOR_ACCESS_ID } : { port },
});
const bridge = await startBleBridge({ locks: home.locks, port: valueOf('--bridge-port') ?? 0 });
console.log(
  JSON.stringify({
    url: home.url,
    bridgeUrl: bridge.url,
    accessId: home.accessId ?? null,
    accessKey: home.accessKey,
    homeId: home.homeId,
    devices: home.devices,
  }),
);
const stop = () =>
  bridge
    .close()
    .then(() => home.close())
    .then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
