// The demo's Bluetooth part: the SDK's app side (dl.ble.session under connectLock) talking to the
// lock simulator (tools/lock-simulator, the device side of the protocol) over 20-byte packets,
// exactly as it would over wx.writeBLECharacteristicValue.
import { loadLockSimulator } from '../tools/lock-simulator/js/index.mjs';

const HOUR = 3600;

export async function bleDemo({ dl, pkg, DoorlockError, line }) {
  const { connectLock, openSimulatorAdapter } = pkg;
  const { createLockSimulator } = await loadLockSimulator();
  console.log('\n6. A Bluetooth lock (the lock simulator), 20-byte packets, protocol 3');

  // A fixed Monday 09:00 in Shanghai, shared by the phone and the lock.
  const monday0900 = Date.UTC(2026, 2, 2, 1, 0, 0) / 1000;
  const clock = {
    seconds: monday0900,
    now() {
      return this.seconds * 1000;
    },
  };
  const keys = { localKey: 'abcdef0123456789', uuid: 'uuid0123456789ab', devId: 'vdevo1234567890123456' };
  const checkCode = '12345678'; // issued by the cloud (doorLock.getIssuedConfig)
  const sim = createLockSimulator({ ...keys, protocol: 3, mtu: 20, checkCode, now: () => clock.seconds });
  const adapter = await openSimulatorAdapter(sim, { mtu: 20 });
  const lock = await connectLock({ dl, adapter, ...keys, protocol: 3, mtu: 20, clock, timeZone: 480 });
  try {
    line('handshake', `device info -> pair -> time sync: ${lock.state}, lock clock ${new Date(sim.state().rtc * 1000).toISOString()}`);

    const pin = dl.generatePassword({ lockType: 'ble' });
    const validity = {
      effectiveTime: monday0900 - HOUR,
      invalidTime: monday0900 + 28 * 24 * HOUR,
      cycle: 'weekly',
      days: ['mon', 'wed', 'fri'],
      start: '08:00',
      end: '18:00',
    };
    let packets = 0;
    const created = await lock.createTemporaryPassword({
      password: pin,
      validity,
      onProgress: ({ total }) => {
        packets = total;
      },
    });
    line(`temp PIN ${pin} M/W/F`, `stored as hardId ${created.hardId}, sent in ${packets} packets of <= 20 bytes`);
    line('keypad Monday 10:00', sim.pressKeypad(pin, monday0900 + HOUR).opened ? 'opens' : 'stays shut');
    line('keypad Tuesday 10:00', sim.pressKeypad(pin, monday0900 + 25 * HOUR).opened ? 'opens' : 'stays shut');

    clock.seconds += 60;
    const opened = await lock.unlock({ checkCode, memberId: 1 });
    line(
      'unlock with the check code',
      `${opened.status}; the lock logged DP ${opened.record.dps.map((dp) => dp.id).join(',')} at ${new Date(opened.record.time * 1000).toISOString()}`,
    );

    try {
      await lock.unlock({ checkCode: '87654321', memberId: 1 });
    } catch (error) {
      if (!(error instanceof DoorlockError)) throw error;
      line(`${error.code} (not retried)`, `${error.reply.status}: the lock refused a wrong check code`);
    }
    line('packets written', `${adapter.written.length}, the longest ${Math.max(...adapter.written.map((p) => p.length))} bytes`);
  } finally {
    await lock.close();
    line('connection released', sim.state().connected ? 'no' : 'yes (a lock serves one phone at a time)');
    sim.close();
  }
}
