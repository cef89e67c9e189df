// Fault injection over the Bluetooth stack: more than 1,000 lock commands (unlock, lock, a wrong
// check code, a relayed cloud unlock frame, temporary password create / delete / modify, DP 70,
// unlock-method create / delete / modify) from the package's Node entry to the lock simulator, through a radio
// (support/faulty-adapter.mjs) that drops, duplicates, corrupts, delays, holds, reorders and
// replays packets and cuts the link, at every packet position in both directions. A seeded PRNG
// picks commands and faults (BLE_FAULT_SEED to change it), and several simulated locks run at once.
//
// What the lock did is read from the simulator alone (its stored passwords and methods, its log
// of openings, the DP writes it dispatched), per command: every packet held on its way to the lock
// reaches it (or is lost) before the next command starts, so each command's effects are its own.
// The test fails on any of:
//   - a hang: a command that settles later than its timeouts allow;
//   - a double execution: the lock dispatching one command's DP, or acting on it, twice;
//   - a wrong success: an ok result the lock's state does not bear out (or a refusal it does not);
//   - a failure after which the lock did act without outcomeUnknown: true.
// It prints the fault x outcome table with the number of commands the lock executed in each cell.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadDoorlock } from './support/load.mjs';
import { pkg } from './support/ble.mjs';
import { faultyAdapter } from './support/faulty-adapter.mjs';
import { cloudUnlockInstruction } from './support/cloud-unlock-instruction.mjs';
import { loadLockSimulator } from '../../tools/lock-simulator/js/index.mjs';
import { seededRandom } from './support/seeded-random.mjs';

const { connectLock, openSimulatorAdapter, DoorlockError } = pkg;
const dl = await loadDoorlock();
const { createLockSimulator } = await loadLockSimulator();

const SEED = Number(process.env.BLE_FAULT_SEED || 20261207);
const LANES = 15;
const COMMANDS_PER_LANE = 70;
const COMMAND_TIMEOUT_MS = 100;
const RECORD_TIMEOUT_MS = 400;
const SLACK_MS = 1000; // timers on a loaded, shared two-core machine; a hang would never settle
const KEYS = { localKey: 'abcdef0123456789', uuid: 'uuid0123456789ab', devId: 'vdevo1234567890123456' };
const CHECK_CODE = '12345678';
const NOW = 1772413200;
const VALIDITY = { effectiveTime: NOW - 3600, invalidTime: NOW + 30 * 86400 };
const LINKS = [
  { protocol: 3, mtu: 20 },
  { protocol: 4, mtu: 20 },
  { protocol: 4, mtu: 244 },
];
const FAULTS = ['none', 'drop', 'duplicate', 'corrupt', 'delay', 'hold', 'reorder', 'replay', 'disconnect', 'disconnectAfter'];

// Six digits no lock calls weak: no run of 6 ascending or descending, not one digit six times.
function pinFrom(random, used) {
  for (;;) {
    const digits = Array.from({ length: 6 }, () => Math.floor(random() * 10));
    const steps = digits.slice(1).map((digit, index) => digit - digits[index]);
    const weak = steps.every((step) => step === 1) || steps.every((step) => step === -1) || steps.every((step) => step === 0);
    const pin = digits.join('');
    if (!weak && !used.has(pin)) {
      used.add(pin);
      return pin;
    }
  }
}

// What the lock holds and did, from the simulator itself.
function snapshot(sim) {
  const passwords = sim.passwords();
  const log = sim.log();
  const events = sim.events();
  return {
    temporary: passwords.filter((item) => item.kind === 'temporary'),
    methods: passwords.filter((item) => item.kind === 'password'),
    unlocks: log.filter((entry) => entry.event === 'unlock').length,
    locks: log.filter((entry) => entry.event === 'lock').length,
    dispatched: (dp) => events.filter((event) => event.type === 'dp_write' && event.reason === String(dp)).length,
  };
}

class Lane {
  constructor(index, random) {
    this.index = index;
    this.random = random;
    this.link = LINKS[index % LINKS.length];
    this.clock = {
      seconds: NOW,
      now() {
        return this.seconds * 1000;
      },
    };
    this.sim = createLockSimulator({
      ...KEYS,
      ...this.link,
      checkCode: CHECK_CODE,
      now: () => this.clock.seconds,
      limits: { credentials: 40, temporaryPasswords: 40, hosts: 4 },
    });
    this.used = new Set();
    this.lock = null;
    this.adapter = null;
    this.connects = 0;
    this.connectMs = 0;
    this.stale = 0; // replies set aside as another command's
    this.triedTainted = false;
  }

  async connect() {
    for (let attempt = 0; ; attempt++) {
      const adapter = faultyAdapter(await openSimulatorAdapter(this.sim, { mtu: this.link.mtu }), { random: this.random });
      try {
        this.lock = await connectLock({
          dl,
          adapter,
          ...KEYS,
          ...this.link,
          clock: this.clock,
          timeZone: 0,
          stepTimeoutMs: 1000,
          commandTimeoutMs: COMMAND_TIMEOUT_MS,
          recordTimeoutMs: RECORD_TIMEOUT_MS,
        });
        this.adapter = adapter;
        this.connects += 1;
        return;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  }

  // A closed link is replaced. A link that owes a reply is replaced too, but now and then one
  // more command is tried on it first: the connection must refuse it (RECONNECT_REQUIRED).
  async release() {
    this.stale += this.lock.staleReplies.count;
    await this.lock.close();
  }

  async ensureConnected() {
    if (this.lock && this.lock.state !== 'closed' && !this.lock.needsReconnect) return;
    if (this.lock && this.lock.needsReconnect && this.lock.state !== 'closed' && !this.triedTainted && this.random() < 0.3) {
      this.triedTainted = true;
      return;
    }
    this.triedTainted = false;
    const started = Date.now();
    if (this.lock) await this.release();
    await this.connect();
    this.connectMs += Date.now() - started;
  }

  // The next command, chosen against what the lock holds now (read from the simulator).
  plan(step) {
    const state = snapshot(this.sim);
    const roll = this.random();
    let kind;
    if (roll < 0.2) kind = 'unlock';
    else if (roll < 0.27) kind = 'lock';
    else if (roll < 0.33) kind = 'unlockWrongCode';
    else if (roll < 0.38)
      kind = this.link.protocol === 3 ? 'relayUnlock' : 'unlock'; // the cloud builds v3 frames
    else if (roll < 0.5) kind = 'createTemporary';
    else if (roll < 0.6) kind = 'deleteTemporary';
    else if (roll < 0.68) kind = 'modifyTemporary';
    else if (roll < 0.76) kind = 'setCheckCode';
    else if (roll < 0.86) kind = 'createMethod';
    else if (roll < 0.93) kind = 'deleteMethod';
    else kind = 'modifyMethod';
    if ((kind === 'deleteTemporary' || kind === 'modifyTemporary') && state.temporary.length === 0) kind = 'createTemporary';
    if ((kind === 'deleteMethod' || kind === 'modifyMethod') && state.methods.length === 0) kind = 'createMethod';
    if (kind === 'createTemporary' && state.temporary.length >= 30) kind = 'deleteTemporary';
    if (kind === 'createMethod' && state.methods.length >= 30) kind = 'deleteMethod';
    const pick = (list) => list[Math.floor(this.random() * list.length)];
    const timestamp = NOW + this.index * 100000 + step;
    const invalidTime = NOW + 86400 + this.index * 100000 + step * 60;
    switch (kind) {
      case 'unlock':
        return { kind, dp: 71, params: { checkCode: CHECK_CODE, memberId: 1 + (step % 90), timestamp } };
      case 'lock':
        return { kind, dp: 71, params: { checkCode: CHECK_CODE, memberId: 1, open: false, timestamp } };
      case 'unlockWrongCode':
        return { kind, dp: 71, params: { checkCode: '87654321', memberId: 1, timestamp } };
      case 'relayUnlock':
        return { kind, dp: 71, timestamp };
      case 'createTemporary':
        return { kind, dp: 51, pin: pinFrom(this.random, this.used) };
      case 'deleteTemporary':
        return { kind, dp: 52, target: pick(state.temporary) };
      case 'modifyTemporary':
        return { kind, dp: 53, target: pick(state.temporary), invalidTime };
      case 'setCheckCode':
        return { kind, dp: 70 };
      case 'createMethod':
        return { kind, dp: 1, pin: pinFrom(this.random, this.used), memberId: 1 + (step % 90) };
      case 'deleteMethod':
        return { kind, dp: 2, target: pick(state.methods) };
      default:
        return { kind: 'modifyMethod', dp: 3, target: pick(state.methods), invalidTime };
    }
  }

  run(command) {
    const lock = this.lock;
    const lockDp = dl.ble.lockDp;
    switch (command.kind) {
      case 'unlock':
      case 'lock':
      case 'unlockWrongCode':
        return lock.unlock(command.params);
      case 'relayUnlock':
        // doorLock.bleOpenInstruction asked with bluetooth_sn = lock.nextSn, relayed at once.
        return lock.relayUnlockInstruction({
          instruction: cloudUnlockInstruction({ localKey: KEYS.localKey, sn: lock.nextSn, checkCode: CHECK_CODE, timestamp: command.timestamp }),
        });
      case 'createTemporary':
        return lock.createTemporaryPassword({ password: command.pin, validity: VALIDITY });
      case 'deleteTemporary':
        return lock
          .writeDps([lockDp.deleteTemporaryPassword({ hardId: command.target.hardId })])
          .then(({ reply }) => lockDp.parseTemporaryPasswordReply(reply.value));
      case 'modifyTemporary':
        return lock
          .writeDps([
            lockDp.modifyTemporaryPassword({
              hardId: command.target.hardId,
              password: command.target.password,
              validity: { ...VALIDITY, invalidTime: command.invalidTime },
            }),
          ])
          .then(({ reply }) => lockDp.parseTemporaryPasswordReply(reply.value));
      case 'setCheckCode':
        return lock
          .writeDps([lockDp.setCheckCode({ checkCode: CHECK_CODE, newCheckCode: CHECK_CODE })])
          .then(({ reply }) => lockDp.parseCheckCodeReply(reply.value));
      case 'createMethod':
        return lock
          .writeDps([lockDp.createUnlockMethod({ method: 'password', memberId: command.memberId, validity: VALIDITY, password: command.pin })])
          .then(({ reply }) => lockDp.parseCreateUnlockMethodReply(reply.value));
      case 'deleteMethod':
        return lock
          .writeDps([lockDp.deleteUnlockMethod({ method: 'password', memberId: command.target.memberId, hardId: command.target.hardId })])
          .then(({ reply }) => lockDp.parseDeleteUnlockMethodReply(reply.value));
      default:
        return lock
          .writeDps([
            lockDp.modifyUnlockMethod({
              method: 'password',
              memberId: command.target.memberId,
              hardId: command.target.hardId,
              validity: { ...VALIDITY, invalidTime: command.invalidTime },
              password: command.target.password,
            }),
          ])
          .then(({ reply }) => lockDp.parseModifyUnlockMethodReply(reply.value));
    }
  }

  // How many times the lock acted on the command, from its state before and after.
  static effect(command, before, after) {
    switch (command.kind) {
      case 'unlock':
      case 'unlockWrongCode':
      case 'relayUnlock':
        return after.unlocks - before.unlocks;
      case 'lock':
        return after.locks - before.locks;
      case 'createTemporary':
        return after.temporary.filter((item) => item.password === command.pin).length;
      case 'deleteTemporary':
        return after.temporary.some((item) => item.hardId === command.target.hardId) ? 0 : 1;
      case 'modifyTemporary':
        return after.temporary.some((item) => item.hardId === command.target.hardId && item.validity.invalidTime === command.invalidTime) ? 1 : 0;
      case 'setCheckCode':
        return after.dispatched(70) - before.dispatched(70);
      case 'createMethod':
        return after.methods.filter((item) => item.password === command.pin).length;
      case 'deleteMethod':
        return after.methods.some((item) => item.hardId === command.target.hardId) ? 0 : 1;
      default:
        return after.methods.some((item) => item.hardId === command.target.hardId && item.validity.invalidTime === command.invalidTime) ? 1 : 0;
    }
  }

  // One fault at a packet position of either direction, or none.
  chooseFault() {
    const fault = FAULTS[Math.floor(this.random() * FAULTS.length)];
    if (fault === 'none') return { fault, dir: '-', rules: [] };
    const dir = fault === 'hold' || this.random() < 0.5 ? 'toApp' : 'toLock';
    const index = Math.floor(this.random() * (dir === 'toLock' ? 6 : 8));
    const ms = 5 + Math.floor(this.random() * 180); // some land after the command's timeout
    return { fault, dir, rules: [{ dir, index, fault, ms }] };
  }
}

const OUTCOMES = ['ok', 'LOCK_REJECTED', 'TIMEOUT+unknown', 'TIMEOUT', 'BLE_DISCONNECTED+unknown', 'BLE_DISCONNECTED', 'RECONNECT_REQUIRED', 'other'];

function outcomeOf(error) {
  if (!error) return 'ok';
  if (error.code === 'LOCK_REJECTED') return 'LOCK_REJECTED';
  if (error.code === 'RECONNECT_REQUIRED') return 'RECONNECT_REQUIRED';
  if (error.code === 'TIMEOUT' || error.code === 'BLE_DISCONNECTED') return error.outcomeUnknown ? `${error.code}+unknown` : error.code;
  return 'other';
}

function printTable(cells, totals) {
  const rows = [...cells.keys()].sort();
  const width = 27;
  const lines = [];
  lines.push(['fault / direction'.padEnd(24), ...OUTCOMES.map((name) => name.padStart(width))].join(''));
  for (const row of rows) {
    const cell = cells.get(row);
    lines.push(
      [
        row.padEnd(24),
        ...OUTCOMES.map((name) => {
          const entry = cell[name];
          return (entry ? `${entry.count} (exec ${entry.executed})` : '-').padStart(width);
        }),
      ].join(''),
    );
  }
  lines.push(
    [
      'total'.padEnd(24),
      ...OUTCOMES.map((name) => {
        const entry = totals[name];
        return (entry ? `${entry.count} (exec ${entry.executed})` : '-').padStart(width);
      }),
    ].join(''),
  );
  return lines.join('\n');
}

test(`fault injection: ${LANES * COMMANDS_PER_LANE} lock commands over a faulty link (seed ${SEED})`, { timeout: 120000 }, async () => {
  const started = Date.now();
  const root = seededRandom(SEED);
  const lanes = Array.from({ length: LANES }, (_, index) => new Lane(index, seededRandom(Math.floor(root() * 2 ** 32))));
  const cells = new Map();
  const totals = {};
  const violations = { hangs: [], doubles: [], wrongSuccesses: [], missingUnknown: [] };
  const kinds = {};
  let commands = 0;
  let overshoot = -Infinity; // the most any command took beyond its timeouts
  let commandMs = 0;

  async function runLane(lane) {
    await lane.connect();
    for (let step = 0; step < COMMANDS_PER_LANE; step++) {
      await lane.ensureConnected();
      lane.clock.seconds += 1;
      const command = lane.plan(step);
      const { fault, dir, rules } = lane.chooseFault();
      lane.sim.clearEvents(); // what the lock dispatches from here on is this command's
      const before = snapshot(lane.sim);
      lane.adapter.arm(rules);
      const began = Date.now();
      let result = null;
      let error = null;
      try {
        result = await lane.run(command);
      } catch (caught) {
        if (!(caught instanceof DoorlockError)) throw caught;
        error = caught;
      }
      const elapsed = Date.now() - began;
      const bound = COMMAND_TIMEOUT_MS + (command.dp === 71 ? RECORD_TIMEOUT_MS : 0);
      overshoot = Math.max(overshoot, elapsed - bound);
      commandMs += elapsed;
      lane.adapter.disarm();
      await lane.adapter.settle(); // what was on its way to the lock has arrived
      await new Promise((resolve) => setTimeout(resolve, 5));
      const after = snapshot(lane.sim);
      const executed = Lane.effect(command, before, after);
      const dispatched = after.dispatched(command.dp) - before.dispatched(command.dp);
      const outcome = outcomeOf(error);
      const where = `lane ${lane.index} step ${step} ${command.kind} ${fault}/${dir}`;
      commands += 1;
      kinds[command.kind] = (kinds[command.kind] || 0) + 1;

      if (elapsed > bound + SLACK_MS) violations.hangs.push(`${where}: ${elapsed} ms`);
      if (executed > 1 || dispatched > 1) violations.doubles.push(`${where}: executed ${executed}, dispatched ${dispatched}`);
      if (!error) {
        const wrong =
          executed !== 1 ||
          command.kind === 'unlockWrongCode' ||
          (command.kind === 'createTemporary' && !after.temporary.some((item) => item.password === command.pin && item.hardId === result.hardId)) ||
          ((command.kind === 'unlock' || command.kind === 'lock') &&
            (result.timestamp !== command.params.timestamp || result.open !== (command.kind === 'unlock'))) ||
          (command.kind === 'relayUnlock' && (!result.reply || result.reply.timestamp !== command.timestamp));
        if (wrong) violations.wrongSuccesses.push(`${where}: ok but executed ${executed}`);
      } else if (error.code === 'LOCK_REJECTED') {
        if (executed > 0) violations.wrongSuccesses.push(`${where}: refused but executed ${executed}`);
      } else if (executed > 0 && error.outcomeUnknown !== true) {
        violations.missingUnknown.push(`${where}: ${error.code} without outcomeUnknown, executed ${executed}`);
      }

      const row = fault === 'none' ? 'none' : `${fault} ${dir === 'toLock' ? '-> lock' : '-> app'}`;
      if (!cells.has(row)) cells.set(row, {});
      for (const bucket of [cells.get(row), totals]) {
        bucket[outcome] = bucket[outcome] || { count: 0, executed: 0 };
        bucket[outcome].count += 1;
        bucket[outcome].executed += executed;
      }
    }
    if (lane.lock) await lane.release();
    lane.sim.close();
  }

  await Promise.all(lanes.map(runLane));
  const seconds = (Date.now() - started) / 1000;
  const table = printTable(cells, totals);
  const summary = [
    `seed ${SEED}: ${commands} commands on ${LANES} simulated locks in ${seconds.toFixed(1)} s, ${lanes.reduce((sum, lane) => sum + lane.connects, 0)} connections`,
    `commands: ${Object.entries(kinds)
      .map(([kind, count]) => `${kind} ${count}`)
      .join(', ')}`,
    `time in commands ${(commandMs / 1000).toFixed(1)} s, in connecting ${(lanes.reduce((sum, lane) => sum + lane.connectMs, 0) / 1000).toFixed(1)} s ` +
      `(summed over lanes); largest overrun past a command's timeouts ${overshoot} ms (allowed ${SLACK_MS}); ` +
      `${lanes.reduce((sum, lane) => sum + lane.stale, 0)} late replies recognised and set aside`,
    'cells: commands (commands the lock executed)',
    table,
    `hangs ${violations.hangs.length}, double executions ${violations.doubles.length}, wrong successes ${violations.wrongSuccesses.length}, ` +
      `acted without outcomeUnknown ${violations.missingUnknown.length}`,
  ].join('\n');
  console.log(summary);

  assert.ok(commands >= 1000);
  assert.ok(seconds < 60, `took ${seconds} s`);
  assert.deepEqual(violations.hangs, []);
  assert.deepEqual(violations.doubles, []);
  assert.deepEqual(violations.wrongSuccesses, []);
  assert.deepEqual(violations.missingUnknown, []);
  // The faults did bite: every kind of outcome the table is about happened.
  for (const name of ['ok', 'LOCK_REJECTED', 'TIMEOUT+unknown', 'BLE_DISCONNECTED+unknown', 'RECONNECT_REQUIRED']) {
    assert.ok(totals[name] && totals[name].count > 0, `no ${name} outcome`);
  }
  assert.ok(totals['TIMEOUT+unknown'].executed > 0, 'some lost answers followed a lock that acted');
});
