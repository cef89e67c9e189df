// The demo's panel part: the emulated home behind the package's server half (the access key stays
// in this process) and its simulated Bluetooth lock behind the BLE bridge, served together with
// the browser panel (panel/). The terminal runs the panel's own flow through the same lock service
// the page uses: list the locks, store a scheduled PIN on the Bluetooth lock and record it in the
// cloud, unlock over the bridge.
import { startPanelServer } from '../panel/dev-server.mjs';
import { createLockService } from '../panel/src/lock-service.mjs';

const PREFERRED_PORT = 8790;

export async function startDemoPanel({ port }) {
  if (port !== undefined) return startPanelServer({ port });
  try {
    return await startPanelServer({ port: PREFERRED_PORT });
  } catch (error) {
    if (error.code !== 'EADDRINUSE') throw error;
    return startPanelServer({ port: 0 });
  }
}

export async function panelDemo({ panel, pkg, DoorlockError, line }) {
  console.log(`\n7. The browser panel's flow, through the server half and the BLE bridge (${panel.url})`);
  const config = await fetch(new URL('config.json', panel.url)).then((res) => res.json());
  const service = await createLockService({ pkg, config, baseUrl: panel.url });
  const locks = await service.listLocks();
  line('locks (device.status)', locks.map((lock) => `${lock.name} ${lock.online ? 'online' : 'offline'} ${lock.battery}%`).join(', '));

  const garage = locks.find((lock) => lock.bluetooth);
  const sim = panel.home.locks[garage.deviceId];
  const today = new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10);
  const until = new Date(Date.now() + 8 * 3600000 + 30 * 86400000).toISOString().slice(0, 10);
  const pin = service.generatePassword(garage.deviceId);
  const steps = [];
  const created = await service.createPassword(
    garage.deviceId,
    {
      name: 'Courier',
      password: pin,
      startDate: today,
      endDate: until,
      days: ['mon', 'wed', 'fri'],
      start: '09:00',
      end: '17:00',
    },
    { onProgress: (step) => steps.push(step) },
  );
  line(`BLE temp PIN ${pin} M/W/F`, `hard id ${created.hardId} on the lock, password_id ${created.passwordId} in the cloud (bluetooth_symbolic)`);
  line('  steps', steps.join(' -> '));
  const [listed] = await service.listPasswords(garage.deviceId);
  line('  the cloud lists', `${listed.name}, sn ${listed.sn}, window ${JSON.stringify(listed.schedule_list)}`);

  steps.length = 0;
  const opened = await service.unlock(garage.deviceId, { onProgress: (step) => steps.push(step) });
  line('Bluetooth unlock (bridge)', `${opened.status}; the lock logged it at ${new Date(opened.loggedAt * 1000).toISOString()}`);
  line('  steps', steps.join(' -> '));
  line('  the simulated lock', `${sim.state().unlocked ? 'unlocked' : 'locked'}, ${sim.state().connected ? 'still held' : 'released'}`);

  try {
    await service.openDoor(locks.find((lock) => lock.lockType === 'zigbee').deviceId, '000000');
  } catch (error) {
    if (!(error instanceof DoorlockError)) throw error;
    line(`${error.code} (not retried)`, error.message);
  }
}
