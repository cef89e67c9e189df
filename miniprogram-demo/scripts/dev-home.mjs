#!/usr/bin/env node
// The development stack the mini program's development mode talks to, in one command: the
// emulated home (cloud emulator checking every signature, simulated Bluetooth locks), the server
// half in front of it holding the emulator's key, and the BLE bridge to the simulated locks, on
// one origin (panel/dev-server.mjs, which also serves the browser panel there).
//
//   node miniprogram-demo/scripts/dev-home.mjs [port]     (port 8787 unless given, as config.js)
//
// It prints what goes into config.js and serves until Ctrl-C. Its JS API, for tests:
//   const home = await startDevHome({ port? })   // { url, config, panel, close() }
//   home.config: { mode, development: { serverUrl, bridgeUrl }, locks } for config.js
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPanelServer } from '../../panel/dev-server.mjs';

export const DEFAULT_PORT = 8787;

// The mini program's settings for a development stack at `url` (http://127.0.0.1:PORT/): the
// server half at /api, the bridge at the root, and the home's locks as config.js lists them.
export function developmentConfig(url, homeLocks) {
  const origin = url.replace(/\/+$/, '');
  return {
    mode: 'development',
    development: { serverUrl: `${origin}/api`, bridgeUrl: origin },
    locks: homeLocks.map((lock) => ({ deviceId: lock.deviceId, lockType: lock.lockType })),
  };
}

export async function startDevHome({ port = DEFAULT_PORT } = {}) {
  // 127.0.0.1 only: the stack has no sign-in, whoever reaches it owns the emulated home.
  const panel = await startPanelServer({ port, host: '127.0.0.1' });
  const answer = await fetch(new URL('config.json', panel.url));
  const { locks } = await answer.json();
  return { url: panel.url, config: developmentConfig(panel.url, locks), panel, close: () => panel.close() };
}

// config.js's lines for this stack.
export function configText(config) {
  const lockLines = config.locks.map((lock) => `    { deviceId: '${lock.deviceId}', lockType: '${lock.lockType}' },`);
  return [
    `  mode: '${config.mode}',`,
    '  development: {',
    `    serverUrl: '${config.development.serverUrl}',`,
    `    bridgeUrl: '${config.development.bridgeUrl}',`,
    '  },',
    '  // the home\'s locks (config.js lists its Bluetooth lock and its Wi-Fi lock; keep those or take any):',
    '  locks: [',
    ...lockLines,
    '  ],',
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const port = process.argv[2] === undefined ? DEFAULT_PORT : Number(process.argv[2]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('usage: node miniprogram-demo/scripts/dev-home.mjs [port]');
    process.exit(2);
  }
  const home = await startDevHome({ port }).catch((error) => {
    if (error && error.code !== 'EADDRINUSE') throw error;
    console.error(`port ${port} is taken (another dev-home or panel?): stop it, or pass another port and put it in config.js`);
    return process.exit(1);
  });
  console.log(`emulated home for the mini program: ${home.url}  (Ctrl-C stops it; the browser panel is there too)`);
  console.log('\nIn miniprogram-demo/config.js:\n');
  console.log(configText(home.config));
  console.log('\nDevTools: Details > Local settings > tick "不校验合法域名、web-view（业务域名）、TLS 版本以及 HTTPS 证书".');
  const stop = () => home.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
