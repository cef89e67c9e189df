#!/usr/bin/env node
// Runs the cloud emulator until interrupted: node tools/cloud-emulator/serve.mjs [port]
import { DEVICE_IDS, EMULATOR_ACCESS_KEY, startCloudEmulator } from './index.mjs';

const port = Number(process.argv[2] ?? 0);
const running = await startCloudEmulator({ port });
console.log(`cloud emulator listening on ${running.url}`);
console.log(`access key ${EMULATOR_ACCESS_KEY}`);
for (const [lockType, id] of Object.entries(DEVICE_IDS)) console.log(`  ${lockType.padEnd(20)} ${id}`);
process.on('SIGINT', () => running.close().then(() => process.exit(0)));
