// Lock operations over a connected lock (connectLock): each builds its DP with dl.ble.lockDp
// (which checks every field), writes it, and reads the lock's reply with the matching parser. The
// connection takes from the core's lock-DP facts where each reply comes, whether the command
// changes the lock and where an opening is logged; nothing here names a DP. The request fields
// pass through to the builder unchanged (including its layout options); only timeoutMs /
// onProgress / recordTimeoutMs / signal are this layer's.
// Nothing here is retried: a create, a delete or an unlock sent twice is two operations.
import { bleError, invalidArgument } from './errors.mjs';

function refused(what, reply) {
  return bleError('LOCK_REJECTED', `the lock refused ${what} (${reply.status || `result ${reply.result}`})`, { reply });
}

function requestOf(params, name) {
  if (params === null || typeof params !== 'object') throw invalidArgument(name, 'expected an object');
  return params;
}

// DP 51: a temporary password with its validity (what dl.validityBlock takes, or its 17 bytes),
// for example a weekly schedule. Resolves with the parsed reply ({ hardId, result, ok, status }).
export async function createTemporaryPassword(lock, params) {
  const { timeoutMs, onProgress, signal, ...request } = requestOf(params, 'params');
  const dp = lock.dl.ble.lockDp.createTemporaryPassword(request);
  let reply;
  try {
    ({ reply } = await lock.writeDps([dp], { timeoutMs, onProgress, signal }));
  } finally {
    dp.value.fill(0); // it carries the PIN
  }
  const parsed = lock.dl.ble.lockDp.parseTemporaryPasswordReply(reply.value);
  if (!parsed.ok) throw refused('the temporary password', parsed);
  return parsed;
}

// DP 52: deletes the temporary password the lock holds under `hardId`. Resolves with the parsed
// reply ({ hardId, result, ok, status }).
export async function deleteTemporaryPassword(lock, params) {
  const { timeoutMs, onProgress, signal, ...request } = requestOf(params, 'params');
  const dp = lock.dl.ble.lockDp.deleteTemporaryPassword(request);
  const { reply } = await lock.writeDps([dp], { timeoutMs, onProgress, signal });
  const parsed = lock.dl.ble.lockDp.parseReply(reply);
  if (!parsed.ok) throw refused('the deletion of the temporary password', parsed);
  return parsed;
}

// DP 53: a new validity for the password under `hardId` (and its PIN again where it is known:
// lock SDK 3.x firmware stores the PIN length as sent, so a validity-only modify empties it).
// The builder's warnings (MODIFY_CLEARS_PIN_ON_3X, WINDOW_MAY_NEVER_OPEN) come back with the reply.
export async function modifyTemporaryPassword(lock, params) {
  const { timeoutMs, onProgress, signal, ...request } = requestOf(params, 'params');
  const dp = lock.dl.ble.lockDp.modifyTemporaryPassword(request);
  const warnings = dp.warnings ? [...dp.warnings] : [];
  let result;
  try {
    result = await lock.writeDps([dp], { timeoutMs, onProgress, signal });
  } finally {
    if (dp.value instanceof Uint8Array) dp.value.fill(0); // it may carry the PIN
  }
  const parsed = lock.dl.ble.lockDp.parseReply(result.reply);
  if (!parsed.ok) throw refused('the change of the temporary password', parsed);
  return warnings.length ? { ...parsed, warnings } : parsed;
}

// DP 71: unlock (open: true) or lock with the check code. The reply says whether the lock
// accepted, and it is taken only if it repeats this request. The record the lock then reports
// (DP 19 or 72, with its time; about 200 ms after the reply) is this command's own and is
// returned when it comes within recordTimeoutMs. Once the frame may be on the air a timeout or a
// dropped link leaves the outcome unknown: the error says so (outcomeUnknown: true) and nothing
// is sent again.
export async function unlock(lock, params) {
  const { timeoutMs, recordTimeoutMs, signal, ...request } = requestOf(params, 'params');
  if (request.open === undefined) request.open = true;
  if (request.timestamp === undefined) request.timestamp = Math.floor(lock.clock.now() / 1000);
  const dp = lock.dl.ble.lockDp.unlockCheck(request);
  let result;
  try {
    result = await lock.writeDps([dp], { timeoutMs, recordTimeoutMs, signal });
  } finally {
    dp.value.fill(0); // it carries the check code
  }
  const parsed = lock.dl.ble.lockDp.parseUnlockCheckReply(result.reply.value);
  if (!parsed.ok) throw refused(request.open ? 'the unlock' : 'the lock command', parsed);
  return { ...parsed, record: result.record ? await result.record : null };
}

// DP 64: T0 of the offline-password algorithm (the lock's activation time from the cloud). The
// lock answers it with its acknowledgement only: `ackOnly: true` says that is all that was seen.
export async function pushT0(lock, params) {
  const { timeoutMs, signal, ...request } = requestOf(params, 'params');
  const dp = lock.dl.ble.lockDp.setT0(request);
  const { sn, ackOnly } = await lock.writeDps([dp], { timeoutMs, signal });
  return ackOnly ? { sn, ackOnly } : { sn };
}

// DP 54: the lock streams its credential lists as DP 54 reports; they are collected until it
// says it is done. timeoutMs bounds each wait (the write, then every package).
export async function syncUnlockMethods(lock, params = {}) {
  const { timeoutMs, onProgress, signal, ...request } = requestOf(params, 'params');
  const dp = lock.dl.ble.lockDp.syncMethods(request);
  const after = lock.reportCursor;
  await lock.writeDps([dp], { timeoutMs, onProgress, signal });
  const packages = [];
  let cursor = after;
  for (;;) {
    const report = await lock.waitForReport((candidate) => candidate.dps.some((item) => item.id === dp.id), { after: cursor, timeoutMs, signal });
    cursor = report.seq;
    const parsed = lock.dl.ble.lockDp.parseSyncMethodsReply(report.dps.find((item) => item.id === dp.id).value);
    if (parsed.stage === 'done') return { methods: packages.flatMap((item) => item.methods), packages };
    packages.push(parsed);
  }
}

// A DP the cloud built, as doorLock.getIssuedConfig (lock_random, lock_record) and
// doorLock.getSyncableOpmodeTypes return it: { dp_id | dpId, ins, wake_up_ins?, distributed }.
// The core checks and encodes it. When the cloud says not to send it (distributed false) nothing
// is written.
export async function writeCloudDp(lock, instruction, { timeoutMs, onProgress, signal } = {}) {
  if (!instruction || typeof instruction !== 'object') throw invalidArgument('instruction', 'expected { dp_id, ins, distributed }');
  if (instruction.distributed === false || instruction.distribute === false) return { sent: false };
  const result = await lock.writeRawDp(instruction, { timeoutMs, onProgress, signal });
  const out = { sent: true, sn: result.sn };
  if (result.ackOnly) out.ackOnly = true;
  if (result.reply) out.reply = lock.dl.ble.lockDp.parseReply(result.reply);
  return out;
}

// Relays the unlock frame the cloud built (doorLock.bleOpenInstruction / unlockInstruction) for
// bluetooth_sn = lock.nextSn. Like unlock(): never retried, outcomeUnknown once it may be on the
// air, and the opening record returned when the lock reports it. The reply comes in the DP of the
// core's unlockCheck command unless `replyDp` says otherwise.
export async function relayUnlockInstruction(lock, params) {
  const { instruction, sn, replyDp = unlockReplyDp(lock), timeoutMs, recordTimeoutMs, signal } = requestOf(params, 'params');
  const result = await lock.relayAirFrame(instruction, { sn, replyDp, timeoutMs, recordTimeoutMs, signal });
  const out = { sn: result.sn };
  if (result.reply) {
    out.reply = lock.dl.ble.lockDp.parseReply(result.reply);
    if (!out.reply.ok) throw refused('the unlock', out.reply);
  }
  out.record = result.record ? await result.record : null;
  return out;
}

function unlockReplyDp(lock) {
  const facts = lock.dl.ble.lockDp.facts();
  const command = facts.commands.find((item) => item.name === 'unlockCheck');
  return command ? command.replyDp : undefined;
}
