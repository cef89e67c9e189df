// Lock operations over a connected lock (connectLock): each builds its DP with dl.ble.lockDp,
// writes it, waits for the lock's ack and reply, and reads the reply with the matching parser.
// Nothing here is retried: a create, a delete or an unlock sent twice is two operations.
import { bleError, invalidArgument } from './errors.mjs';

// Where a lock logs an opening (ble-protocol.md §6.1, §6.5): DP 19 for a phone/BLE unlock
// (open_meth 0), DP 72 for the other methods.
export const UNLOCK_RECORD_DPS = Object.freeze([19, 72]);
const DEFAULT_RECORD_WAIT_MS = 3000;

function refused(what, reply) {
  return bleError('LOCK_REJECTED', `the lock refused ${what} (result ${reply.result})`, { reply });
}

// A temporary password with its validity window (and optional daily or weekly schedule).
// `validity` is what dl.validityBlock takes, or its 17 bytes.
export async function createTemporaryPassword(lock, { password, validity, type, validNum, timeoutMs, onProgress } = {}) {
  const { dl } = lock;
  const block = validity instanceof Uint8Array ? validity : dl.validityBlock(validity);
  const dp = dl.ble.lockDp.createTemporaryPassword({ password, validity: block, type, validNum });
  const { reply } = await lock.writeDps([dp], { replyDp: dp.id, timeoutMs, onProgress });
  const parsed = dl.ble.lockDp.parseTemporaryPasswordReply(reply.value);
  if (!parsed.ok) throw refused('the temporary password', parsed);
  return parsed;
}

// Unlock (or lock) with the check code (DP 71). The reply says whether the lock accepted; the
// record the lock then reports (DP 19 or 72, with its time) is returned when it comes within
// recordTimeoutMs. Once the frame is on the air a timeout or a dropped link leaves the outcome
// unknown: the error says so (outcomeUnknown) and nothing is sent again.
export async function unlock(lock, { checkCode, memberId, open = true, timestamp, masterId, slaveId, timeoutMs, recordTimeoutMs = DEFAULT_RECORD_WAIT_MS } = {}) {
  const { dl } = lock;
  const dp = dl.ble.lockDp.unlockCheck({
    checkCode, open, memberId, masterId, slaveId,
    timestamp: timestamp === undefined ? Math.floor(lock.clock.now() / 1000) : timestamp,
  });
  const after = lock.reportCursor;
  const { reply } = await lock.writeDps([dp], { replyDp: dp.id, timeoutMs, changesLock: true });
  const parsed = dl.ble.lockDp.parseUnlockCheckReply(reply.value);
  if (!parsed.ok) throw refused(open ? 'the unlock' : 'the lock command', parsed);
  let record = null;
  try {
    const report = await lock.waitForReport((candidate) => candidate.dps.some((item) => UNLOCK_RECORD_DPS.includes(item.id)),
      { after, timeoutMs: recordTimeoutMs });
    record = { dps: report.dps, time: report.time };
  } catch {
    // The lock has already said it opened; a record that does not come changes nothing.
  }
  return { ...parsed, record };
}

// T0 of the offline-password algorithm (DP 64): the lock's activation time from the cloud.
export async function pushT0(lock, { activeTime, timeoutMs } = {}) {
  const dp = lock.dl.ble.lockDp.setT0({ activeTime });
  const { sn } = await lock.writeDps([dp], { timeoutMs });
  return { sn };
}

// Sync unlock methods (DP 54): the lock answers with its credential lists in DP 54 reports,
// collected until the lock says it finished.
export async function syncUnlockMethods(lock, { types, timeoutMs, onProgress } = {}) {
  const { dl } = lock;
  const dp = dl.ble.lockDp.syncMethods({ types });
  const after = lock.reportCursor;
  await lock.writeDps([dp], { timeoutMs, onProgress });
  return collectSyncReports(lock, dp.id, after, timeoutMs);
}

async function collectSyncReports(lock, dpId, after, timeoutMs) {
  const { dl } = lock;
  const packages = [];
  let cursor = after;
  for (;;) {
    const report = await lock.waitForReport((candidate) => candidate.dps.some((item) => item.id === dpId), { after: cursor, timeoutMs });
    cursor = report.seq;
    const parsed = dl.ble.lockDp.parseSyncMethodsReply(report.dps.find((item) => item.id === dpId).value);
    packages.push(parsed);
    if (parsed.finished) return { packages };
  }
}

// A DP the cloud built for the lock, as doorLock.getIssuedConfig (lock_random, lock_record) and
// doorLock.getSyncableOpmodeTypes return it: { dp_id or dpId, ins (hex), distributed }. When the
// cloud says not to send it (distributed false) nothing is written.
export async function writeCloudDp(lock, instruction, { timeoutMs, onProgress } = {}) {
  if (!instruction || typeof instruction !== 'object') throw invalidArgument('instruction', 'expected { dp_id, ins, distributed }');
  const distributed = instruction.distributed ?? instruction.distribute;
  if (distributed === false) return { sent: false };
  const id = instruction.dp_id ?? instruction.dpId;
  const dp = lock.dl.ble.lockDp.raw({ id, hex: instruction.ins });
  const { sn } = await lock.writeDps([dp], { timeoutMs, onProgress });
  return { sent: true, sn };
}
