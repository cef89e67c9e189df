#!/usr/bin/env node
// The panel's development server: the emulated home (cloud emulator + simulated locks), the
// package's server half in front of it (the access key stays in this process; the page uses
// dl.cloud.transports.server), the BLE bridge to the simulated locks, and the static files, on
// one origin:
//   /                the panel (panel/)          /dist/*   the package's browser build (js/dist)
//   /api             the server half (POST { action, params })
//   /ble/{id}/...    the BLE bridge (tools/home/ble-bridge.mjs)
//   /config.json     what the page needs to start: the server half, the bridge, the home's locks
//
//   node panel/dev-server.mjs [port]      prints the URL, serves until Ctrl-C
//   const panel = await startPanelServer({ port?, protocol?, mtu? })   // { url, home, close() }
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { EMULATOR_ACCESS_ID } from '../tools/cloud-emulator/index.mjs';
import { createHome } from '../tools/home/index.mjs';
import { createBleBridge } from '../tools/home/ble-bridge.mjs';

const panelDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(panelDir, '..');
const distDir = join(repoRoot, 'js', 'dist');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

async function serveFile(res, root, relative) {
  const file = normalize(join(root, relative));
  if (file !== root && !file.startsWith(root + sep)) return false;
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(body);
    return true;
  } catch {
    return false;
  }
}

// The device ids a request names (device_id, or device_ids as a comma-separated list).
function deviceIdsOf(params) {
  if (!params || typeof params !== 'object') return [];
  const ids = [];
  if (typeof params.device_id === 'string') ids.push(params.device_id);
  if (typeof params.device_ids === 'string') ids.push(...params.device_ids.split(','));
  return ids;
}

export async function startPanelServer({ port = 0, host = '127.0.0.1', protocol, mtu = 20 } = {}) {
  const { createServerHttpListener } = await import(pathToFileURL(join(distDir, 'server.mjs')).href);
  // The emulator checks every request's signature, as the cloud does: only the server half can call it.
  const home = await createHome({ protocol, mtu, server: { accessId: EMULATOR_ACCESS_ID } });
  const records = Object.values(home.emulator.state.devices);
  const homeIds = new Set(records.map((record) => record.id));
  const api = createServerHttpListener({
    accessId: home.accessId,
    accessKey: home.accessKey,
    upstream: { url: home.url },
    // Development: the one user of the page owns the whole home.
    authorize: ({ params }) => deviceIdsOf(params).every((id) => homeIds.has(id)),
  });
  const bridge = createBleBridge({ locks: home.locks });
  const bleOf = new Map(home.devices.map((device) => [device.deviceId, device]));
  const config = {
    mode: 'emulated-home',
    serverUrl: 'api',
    bridgeUrl: '.',
    timeZone: 'Asia/Shanghai',
    // Which locks the signed-in user has is the app backend's knowledge; the keys come from the cloud.
    locks: records.map((record) => {
      const ble = bleOf.get(record.id);
      return {
        deviceId: record.id,
        lockType: record.lockType,
        ...(ble ? { ble: { protocol: ble.protocol, mtu: ble.mtu, memberId: ble.memberId } } : {}),
      };
    }),
  };

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://panel.invalid');
      if (url.pathname === '/api') return api(req, res);
      if (bridge.handle(req, res)) return undefined;
      if (url.pathname === '/config.json') {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        return res.end(JSON.stringify(config));
      }
      if (url.pathname.startsWith('/dist/') && (await serveFile(res, distDir, url.pathname.slice('/dist/'.length)))) return undefined;
      const relative = url.pathname === '/' ? 'index.html' : url.pathname.slice(1);
      if (await serveFile(res, panelDir, relative)) return undefined;
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    } catch {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      return res.end('internal error');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    url: `http://${host}:${server.address().port}/`,
    home,
    bridge,
    async close() {
      bridge.close();
      await new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await home.close();
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const panel = await startPanelServer({ port: Number(process.argv[2] || 0) });
  console.log(`doorlock panel: ${panel.url}  (Ctrl-C stops it)`);
  const stop = () => panel.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
