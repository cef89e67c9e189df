// Compiled (not run) by tests/js/types.test.mjs: the README's Bluetooth snippet as a TypeScript
// user writes it, under --strict. Lines marked @ts-expect-error must stay errors.
import { loadDoorlock, openSimulatorAdapter, connectLock, withLock } from '../../js/index';
import type { Doorlock, LockSimulatorLike, Weekday } from '../../js/index';

declare const sim: LockSimulatorLike;

export async function readme(): Promise<unknown[]> {
  const dl: Doorlock = await loadDoorlock();
  const adapter = await openSimulatorAdapter(sim);
  // The object loadDoorlock() resolves to is what connectLock takes.
  const lock = await connectLock({ dl, adapter, localKey: 'abcdef0123456789', uuid: 'uuid0123456789ab', devId: 'vdevo1' });
  const days: Weekday[] = ['mon', 'fri'];
  await lock.createTemporaryPassword({ password: '482916', validity: { effectiveTime: 1, invalidTime: 2, cycle: 'weekly', days, start: '08:00', end: '18:00' } });
  const controller = new AbortController();
  const opened = await lock.unlock({ checkCode: '52777950', memberId: 1, signal: controller.signal });
  await openSimulatorAdapter(sim, { signal: controller.signal });
  const relayed = await lock.relayUnlockInstruction({ instruction: '00' });
  const written = await lock.writeCloudDp({ dp_id: 70, ins: '00' });
  const known: boolean = written.reply ? written.reply.ok && written.reply.kind === 'setCheckCode' : false;
  const slave: number | undefined = relayed.reply?.slaveId;
  await lock.close();
  const mask: number = dl.workingDayMask(['mon', 'tue', 'fri']);
  const schedule = dl.buildSchedule({ effectiveTime: 1, invalidTime: 2, timeZone: 'Asia/Shanghai', windows: [{ start: '07:30', end: 1080, days: ['sat'] }] });
  const viaTask = await withLock({ dl, adapter, localKey: 'abcdef0123456789', uuid: 'uuid0123456789ab', devId: 'vdevo1', deviceInfoTimeoutMs: 2000 },
    async (connection) => connection.nextSn);
  return [opened.record, known, slave, mask, schedule, viaTask];
}

export async function misuse(dl: Doorlock): Promise<unknown[]> {
  const adapter = await openSimulatorAdapter(sim);
  const lock = await connectLock({ dl, adapter, localKey: 'k', uuid: 'u', devId: 'd' });
  const relayed = await lock.relayUnlockInstruction({ instruction: '00' });
  // @ts-expect-error a result has the members it has, not any name
  const made: unknown = relayed.reply?.madeUpMember;
  const written = await lock.writeCloudDp({ dp_id: 71, ins: '00' });
  // @ts-expect-error not a member of a parsed reply
  const other: unknown = written.reply?.anything;
  // @ts-expect-error weekday names are the seven short names
  const mask = dl.workingDayMask(['monday']);
  // @ts-expect-error weekday names are the seven short names
  dl.validityBlock({ effectiveTime: 1, invalidTime: 2, cycle: 'weekly', days: ['Mon'] });
  // @ts-expect-error a weekly window's days in the lock's validity too
  await lock.createTemporaryPassword({ password: '482916', validity: { effectiveTime: 1, invalidTime: 2, cycle: 'weekly', days: ['xyz'] } });
  // @ts-expect-error a signal is an AbortSignal
  await lock.pushT0({ activeTime: 1, signal: true });
  // @ts-expect-error connectLock needs the loaded module, not any object
  await connectLock({ dl: {}, adapter, localKey: 'k', uuid: 'u', devId: 'd' });
  return [made, other, mask];
}

export function cloudResults(dl: Doorlock): unknown[] {
  const logs = dl.parseResponse('doorLock.alarmLogs', {});
  const when: number | undefined = logs.records[0].update_time;
  // @ts-expect-error a cloud result has the members the catalog documents, not any name
  const madeUp: unknown = logs.records[0].updateTime;
  // @ts-expect-error the same at the top level
  const total: unknown = logs.totl;
  return [when, madeUp, total];
}
