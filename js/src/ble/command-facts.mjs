// What the core knows of the lock DPs a connection writes (dl.ble.lockDp.facts()): the DP a
// command's reply comes in, whether it changes the lock, which reply bytes repeat the request,
// and the DPs where an opening is logged.

// The core's lock-DP facts by DP id; empty when the module has none.
export function readFacts(dl) {
  const lockDp = dl.ble.lockDp;
  const facts = lockDp && typeof lockDp.facts === 'function' ? lockDp.facts() : { commands: [], unlockRecordDps: [] };
  const commands = new Map(facts.commands.map((item) => [item.dp, item]));
  // DPs that carry one command's single answer (DP 54 streams packages: not one answer).
  const replyDps = new Set(facts.commands.filter((item) => item.replyDp !== null && !item.replyStreams).map((item) => item.replyDp));
  return { commands, replyDps, recordDps: new Set(facts.unlockRecordDps) };
}

// What the core knows of a write of DPs `ids`. `options.replyDp` / `changesLock` can add to it (a
// DP the core does not know is taken to change the lock and to be answered by its ack only).
export function commandFacts(facts, ids, options) {
  const known = ids.map((id) => facts.commands.get(id)).filter(Boolean);
  const withReply = known.find((item) => item.replyDp !== null && item.replyDp !== undefined);
  const changesLock = options.changesLock === true || known.some((item) => item.changesLock) || (known.length < ids.length && options.changesLock !== false);
  return {
    replyDp: options.replyDp !== undefined ? options.replyDp : withReply ? withReply.replyDp : undefined,
    changesLock,
    echoes: !!withReply && withReply.replyEchoes,
    records: withReply ? withReply.records || [] : [],
    interim: withReply ? withReply.interimReply || null : null,
  };
}
