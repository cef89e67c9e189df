// The demo's cloud part: the smart-lock cloud API through the SDK's client, against the local
// cloud emulator (tools/cloud-emulator) served over HTTP on 127.0.0.1.
import { DEVICE_IDS, DOOR_PINS, EMULATOR_ACCESS_KEY, startCloudEmulator } from '../tools/cloud-emulator/index.mjs';

export async function cloudDemo({ dl, DoorlockError, line }) {
  const emulator = await startCloudEmulator();
  try {
    console.log(`\n5. The cloud API, against the local cloud emulator at ${emulator.url}`);
    const actions = dl.actions();
    line(
      'catalog',
      `${actions.length} entries, ${new Set(actions.map((a) => a.name)).size} actions, ${actions.filter((a) => a.readOnly).length} read-only (retried)`,
    );

    const transport = dl.cloud.transports.nodeHttp({ url: emulator.url, timeoutMs: 5000 });
    const client = dl.cloud.createClient({ transport, accessKey: EMULATOR_ACCESS_KEY });
    line('timer.currentTime', new Date(await client.call('timer.currentTime', {})).toISOString());

    const pin = dl.generatePassword({ lockType: 'ble' });
    const now = Math.floor(Date.now() / 1000);
    const { id } = await client.createTemporaryPassword(
      {
        device_id: DEVICE_IDS.ble,
        name: 'Dog walker',
        password: pin,
        schedule: {
          effectiveTime: now,
          invalidTime: now + 30 * 86400,
          timeZone: 'Asia/Shanghai',
          windows: [{ start: '11:30', end: '13:00', days: ['mon', 'wed', 'fri'] }],
        },
      },
      { lockType: 'ble' },
    );
    line(`BLE temp PIN ${pin} ->`, `password_id ${id} (ticket, AES, schedule done by the core)`);
    const stored = emulator.state.devices[DEVICE_IDS.ble].tempPasswords.find((entry) => entry.password_id === id);
    line('the cloud decrypted', `${stored.pin} ${stored.pin === pin ? '(the PIN we chose)' : '(MISMATCH)'}`);
    const info = await client.call('doorLock.getTemporaryPassword', { device_id: DEVICE_IDS.ble, password_id: id }, { lockType: 'ble' });
    line('getTemporaryPassword', JSON.stringify({ name: info.name, phase: info.phase, schedule_list: info.schedule_list }));

    line('openDoor (Zigbee, door PIN)', await client.openDoor({ device_id: DEVICE_IDS.zigbee, password: DOOR_PINS.zigbee }, { lockType: 'zigbee' }));

    for (const attempt of [
      () => client.call('doorLock.openDoor', { device_id: DEVICE_IDS.wifi }, { lockType: 'wifi' }),
      () => client.openDoor({ device_id: DEVICE_IDS.zigbee, password: '000000' }, { lockType: 'zigbee' }),
    ]) {
      try {
        await attempt();
      } catch (error) {
        if (!(error instanceof DoorlockError)) throw error;
        line(error.cloudCode !== undefined ? `${error.code} (cloud ${error.cloudCode})` : error.code, error.message);
      }
    }
    line('requests the emulator saw', emulator.state.requests.map((entry) => entry.action.replace('doorLock.', '')).join(', '));
  } finally {
    await emulator.close();
  }
}
