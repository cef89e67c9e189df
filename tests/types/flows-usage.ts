// Compiled (not run) by tests/js/flows-types.test.mjs under --strict: dl.flows as docs/flows.md
// shows it. Lines marked @ts-expect-error must stay errors.
import { loadDoorlock, openSimulatorAdapter, connectLock, DoorlockError } from '../../js/index';
import type { FlowSteps, LockFlows, LockSimulatorLike } from '../../js/index';

declare const sim: LockSimulatorLike;

export async function day(): Promise<unknown[]> {
  const dl = await loadDoorlock();
  const client = dl.cloud.createClient({ transport: dl.cloud.transports.server({ url: 'https://example.com/doorlock' }), lockType: 'ble' });
  const adapter = await openSimulatorAdapter(sim);
  const lock = await connectLock({ dl, adapter, localKey: 'abcdef0123456789', uuid: 'uuid0123456789ab', devId: 'vdevo1' });
  const door: LockFlows = dl.flows.forLock({ client, deviceId: 'vdevo1', lock, memberId: 1 });
  const prepared = await door.prepareCheckCode();
  const opened = await door.unlock({ recordTimeoutMs: 1500 });
  const refreshed: boolean = opened.refreshed;
  const relayed = await door.unlockWithCloudInstruction();
  const validity = { effectiveTime: 1, invalidTime: 2, cycle: 'weekly' as const, days: ['mon' as const], start: '08:00', end: '18:00' };
  const created = await door.createPassword({ name: 'Courier', password: '739152', validity, timeZone: 'Asia/Shanghai' });
  const steps: FlowSteps = created.steps;
  await door.modifyPassword({ passwordId: created.passwordId, hardId: created.hardId, name: 'Courier', password: '739152', validity, timeZone: 'Asia/Shanghai' });
  try {
    await door.deletePassword({ passwordId: created.passwordId, hardId: created.hardId });
  } catch (error) {
    if (error instanceof DoorlockError && error.outcomeUnknown) {
      const found = await door.findCloudPassword({ hardId: created.hardId ?? 0 });
      return [found?.password_id];
    }
  }
  const gateway = dl.flows.forLock({ client, deviceId: 'vdevo2', delivery: 'gateway' });
  await gateway.createPassword({ name: 'Nanny', password: '951739', validity: { effectiveTime: 1, invalidTime: 2 } });
  return [prepared.checkCodeSet?.status, refreshed, relayed.record, steps.rollback, opened.record];
}

export async function misuse(): Promise<unknown[]> {
  const dl = await loadDoorlock();
  const client = dl.cloud.createClient({ transport: dl.cloud.transports.wxCloudFunction(), lockType: 'ble' });
  // @ts-expect-error delivery is 'ble' or 'gateway'
  dl.flows.forLock({ client, deviceId: 'd', delivery: 'wifi' });
  const door = dl.flows.forLock({ client, deviceId: 'd' });
  const opened = await door.unlock();
  // @ts-expect-error the check code never appears in a result
  const code: string = opened.checkCode;
  // @ts-expect-error a password needs its name and validity
  await door.createPassword({ password: '739152' });
  const created = await door.createPassword({ name: 'n', password: '739152', validity: { effectiveTime: 1, invalidTime: 2 } });
  // @ts-expect-error step outcomes are the documented words
  const wrong: FlowSteps = { lock: 'ok', cloud: 'done' };
  return [code, created, wrong];
}
