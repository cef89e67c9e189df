#!/usr/bin/env node
// Runs the cloud emulator until interrupted: node tools/cloud-emulator/serve.mjs [port] [--signed]
// With --signed it checks every request's signature, as the cloud does for doorlock-wasm/server.
import { DEVICE_IDS, EMULATOR_ACCESS_ID, EMULATOR_ACCESS_KEY, startCloudEmulator } from './index.mjs';

const args = process.argv.slice(2);
const signed = args.includes('--signed');
const port = Number(args.find((arg) => !arg.startsWith('--')) ?? 0);
const running = await startCloudEmulator(signed ? { port, accessId: EMULATOR_ACCESS_ID } : { port });
console.log(`cloud emulator listening on ${running.url}${signed ? ' (signed requests only)' : ''}`);
console.log(`access id  ${EMULATOR_ACCESS_ID}`);
console.log(`access key ${EMULATOR_ACCESS_KEY}`);
for (const [lockType, id] of Object.entries(DEVICE_IDS)) console.log(`  ${lockType.padEnd(20)} ${id}`);
process.on('SIGINT', () => running.close().then(() => process.exit(0)));
