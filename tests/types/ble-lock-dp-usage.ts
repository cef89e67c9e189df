// Compiled (not run) by tests/js/ble-types-generated.test.mjs: how a TypeScript user writes
// against the generated lock-DP declarations. Lines marked @ts-expect-error must stay errors.
import type { Doorlock, LockDpWarning, CreateTemporaryPasswordStatus } from '../../js/index';

declare const dl: Doorlock;

export function usage(): unknown[] {
  const lockDp = dl.ble.lockDp;
  const palm = lockDp.createUnlockMethod({ method: 'palm', memberId: 1, validity: { effectiveTime: 1, invalidTime: 2 } });
  const vein = lockDp.createUnlockMethod({ method: 'vein', stage: 'cancel', memberId: 1, validity: new Uint8Array(17) });
  const warnings: LockDpWarning[] = palm.warnings;
  const code: 'WINDOW_MAY_NEVER_OPEN' | 'MODIFY_CLEARS_PIN_ON_3X' = warnings[0].code;
  // DP 53 without a password: the validity only.
  const modify = lockDp.modifyTemporaryPassword({ hardId: 3, validity: { effectiveTime: 1, invalidTime: 2, cycle: 'daily', days: [] } });
  const weak = lockDp.createTemporaryPassword({ password: '123456', validity: { effectiveTime: 1, invalidTime: 2 }, allowWeakPassword: true });
  // DP 2 removing a whole member needs no hard id.
  const member = lockDp.deleteUnlockMethod({ method: 'member', memberId: 4, admin: true });
  const reply = lockDp.parseTemporaryPasswordReply('ff0a');
  const status: CreateTemporaryPasswordStatus = reply.status;
  const named: boolean = status === 'too_weak' || status === 'exists';
  const enrol = lockDp.parseCreateUnlockMethodReply(new Uint8Array(7));
  const sync = lockDp.parseSyncMethodsReply('0101');
  const kinds: string[] = lockDp.messages().methods.map((method) => method.name);

  // @ts-expect-error not an unlock-method type
  lockDp.createUnlockMethod({ method: 'iris', memberId: 1, validity: { effectiveTime: 1, invalidTime: 2 } });
  // @ts-expect-error DP 51 needs a password
  lockDp.createTemporaryPassword({ validity: { effectiveTime: 1, invalidTime: 2 } });
  // @ts-expect-error statuses are the core's names
  const wrong: 'ok' | 'failed' = reply.status;
  // @ts-expect-error not a layout
  lockDp.createTemporaryPassword({ password: '192837', validity: new Uint8Array(17), layout: 'v9' });

  return [vein.id, code, modify.value, weak.id, member.id, reply.hardId, named, enrol.reason, enrol.stage, sync.stage, kinds, wrong];
}
