// `doorlock emulator` and `doorlock simulate`: the emulated home (tools/home: the cloud emulator
// and a simulated Bluetooth lock built from the same device record). The tools live in the
// repository only, not in the npm package: outside a checkout both fail with TOOLS_MISSING.
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { intArg, oneOf } from './args.mjs';
import { hex } from './output.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const homeModule = join(repoRoot, 'tools', 'home', 'index.mjs');
const simulatorModule = join(repoRoot, 'build', 'wasm', 'tools', 'lock-simulator', 'lock_simulator.wasm');

class ToolsMissing extends Error {
  constructor(message, field) {
    super(message);
    this.name = 'DoorlockError';
    this.code = 'TOOLS_MISSING';
    this.field = field;
  }
}

async function loadHome() {
  // The checkout's own tools only: a `tools/` next to an installed package is not ours.
  if (!existsSync(join(repoRoot, 'src', 'doorlock')) || !existsSync(homeModule)) {
    throw new ToolsMissing('the emulated home (tools/home) exists only in a checkout of the doorlock-wasm repository, not in the npm package', 'tools/home');
  }
  if (!existsSync(simulatorModule)) {
    throw new ToolsMissing(
      'the lock simulator module is not built: run bash scripts/build.sh (the wasm preset builds build/wasm/tools/lock-simulator)',
      'build/wasm/tools/lock-simulator',
    );
  }
  const home = await import(pathToFileURL(homeModule).href);
  const { EMULATOR_ACCESS_ID } = await import(pathToFileURL(join(repoRoot, 'tools', 'cloud-emulator', 'index.mjs')).href);
  return { createHome: home.createHome, EMULATOR_ACCESS_ID };
}

const homeOptions = (flags) => ({
  protocol: oneOf(flags.protocol, 'protocol', [3, 4]),
  mtu: intArg(flags.mtu, 'mtu', 20),
});

export const emulator = {
  name: 'emulator',
  summary: 'runs the emulated home (cloud emulator over HTTP + simulated lock) until interrupted',
  switches: ['signed'],
  help: `doorlock emulator [--port N] [--signed] [--protocol 3|4] [--mtu N]

Starts the cloud emulator over HTTP (CORS open) with a simulated Bluetooth lock built from the same
device record, prints one JSON line { url, accessId, accessKey, homeId, devices } (emulator
credentials, not real ones) and runs until SIGINT / SIGTERM. Repository checkouts only.
  --port N       0 (default) picks a free port
  --signed       the emulator checks request signatures as the real cloud does`,
  async run(dl, { flags }) {
    const { createHome, EMULATOR_ACCESS_ID } = await loadHome();
    const port = intArg(flags.port, 'port', 0);
    const server = flags.signed ? { port, accessId: EMULATOR_ACCESS_ID } : { port };
    const home = await createHome({ ...homeOptions(flags), server });
    const output = { url: home.url, accessId: home.accessId ?? null, accessKey: home.accessKey, homeId: home.homeId, devices: home.devices };
    const stopped = new Promise((resolve) => {
      const stop = () => home.close().then(resolve, resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return { output, compact: true, until: stopped };
  },
};

// The simulator as openSimulatorAdapter sees it, with every packet recorded on its way.
function recording(sim, capture) {
  return new Proxy(sim, {
    get(target, name) {
      const value = target[name];
      if (name === 'receive') {
        return (packet) => {
          capture.push(`> ${hex(Uint8Array.from(packet))}`);
          const out = target.receive(packet);
          for (const notified of out) capture.push(`< ${hex(Uint8Array.from(notified))}`);
          return out;
        };
      }
      if (name === 'takeDue') {
        return (...args) => {
          const out = target.takeDue(...args) || [];
          for (const notified of out) capture.push(`< ${hex(Uint8Array.from(notified))}`);
          return out;
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const ascii = (hexText) => Buffer.from(hexText, 'hex').toString('latin1');

export const simulate = {
  name: 'simulate',
  summary: "a scripted Bluetooth session with the emulated home's lock, and its capture",
  help: `doorlock simulate [--protocol 3|4] [--mtu N] [--out FILE]

Starts the emulated home in this process, connects to its simulated lock with connectLock (device
info -> pair -> time sync), asks the emulated cloud for the check code (doorLock.getIssuedConfig),
writes it to the lock (DP 70) and unlocks (DP 71). Prints { device, steps, capture }: capture is
every packet in the hex-lines format of \`doorlock decode\` ("> " app -> lock, "< " lock -> app);
--out FILE writes it there too. device.localKey is the emulated lock's key, for decoding the capture.
Repository checkouts only.`,
  async run(dl, { flags }) {
    const { createHome } = await loadHome();
    const { openSimulatorAdapter, connectLock } = await import('./package.mjs').then((m) => m.pkg());
    const options = homeOptions(flags);
    const protocol = options.protocol ?? 3;
    const home = await createHome({ ...options, protocol });
    const capture = [];
    const steps = [];
    let lock = null;
    try {
      const [device] = home.devices;
      const client = dl.cloud.createClient({ transport: home.transport, lockType: 'ble', accessKey: home.accessKey });
      const adapter = await openSimulatorAdapter(recording(home.locks[device.deviceId], capture), { mtu: options.mtu });
      lock = await connectLock({ dl, adapter, localKey: device.localKey, uuid: device.uuid, devId: device.devId, protocol, mtu: options.mtu, timeZone: 480 });
      steps.push({ step: 'connect', ok: true });
      const config = await client.call('doorLock.getIssuedConfig', { device_id: device.deviceId });
      const random = config.lock_random;
      steps.push({ step: 'doorLock.getIssuedConfig', ok: true, distributed: random.distributed });
      const configured = await lock.writeCloudDp(random);
      steps.push({ step: 'setCheckCode (DP 70)', ok: configured.reply?.ok === true });
      const opened = await lock.unlock({
        checkCode: ascii(random.ins),
        slaveId: Number.parseInt(random.dev_unlock_id, 16),
        memberId: device.memberId,
        recordTimeoutMs: 1000,
      });
      steps.push({ step: 'unlock (DP 71)', ok: opened.ok === true, record: opened.record ?? null });
      await lock.close(); // lets the app's answer to the unlock record, still queued, go out first
      lock = null;
      if (flags.out !== undefined) writeFileSync(flags.out, `${capture.join('\n')}\n`);
      const { deviceId, localKey, uuid, devId, mtu } = device;
      return { output: { device: { deviceId, localKey, uuid, devId, protocol, mtu }, steps, capture } };
    } finally {
      if (lock) await lock.close().catch(() => {});
      await home.close();
    }
  },
};
