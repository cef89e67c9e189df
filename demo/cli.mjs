#!/usr/bin/env node
// The doorlock-wasm demo: what a mini-program or panel developer would do, end to end, against
// local stand-ins for the cloud and the lock. Run it with `bash scripts/demo.sh [--once] [--port N]`.
// It serves the browser panel on the emulated home first and prints its URL, runs the scripted
// steps, then keeps serving the panel until Ctrl-C when run in a terminal; with --once, or when
// not on a terminal (CI, tests), it exits after the steps.
import { createRequire } from 'node:module';
import { panelDemo, startDemoPanel } from './panel.mjs';

const require = createRequire(import.meta.url);
const pkg = require('../js/dist/node.cjs');
const { loadDoorlock, DoorlockError } = pkg;

const args = process.argv.slice(2);
const portAt = args.indexOf('--port');
const port = portAt === -1 ? undefined : Number(args[portAt + 1]);
const once = args.includes('--once') || !process.stdout.isTTY || !process.stdin.isTTY;

const line = (label, value) => console.log(`  ${label.padEnd(28)} ${value}`);

const panel = await startDemoPanel({ port });
console.log(`The browser panel on the emulated home: ${panel.url}\n`);

// A failed step ends the demo with its error; the panel does not keep the process alive.
try {
  const started = performance.now();
  const dl = await loadDoorlock();
  console.log(`doorlock-wasm loaded in ${(performance.now() - started).toFixed(1)} ms\n`);

  console.log('1. Temporary-password crypto (sample ticket from the cloud, vectors.md §9)');
  const accessKey = '0123456789abcdef0123456789abcdef';
  const ticketKey = '676A3814D4512307E7A5EBBB3983D27C8AA36241FDE8DF054DC325C6C695B89E';
  for (const [lockType, password] of [
    ['ble', '123456'],
    ['wifi', '1234567'],
  ]) {
    line(`${lockType} PIN ${password} ->`, dl.encryptPassword({ password, ticketKey, accessKey, lockType }));
  }
  const pin = dl.generatePassword({ lockType: 'zigbee' });
  line(`random zigbee PIN ${pin} ->`, dl.encryptPassword({ password: pin, ticketKey, accessKey, lockType: 'zigbee' }));

  console.log('\n2. A weekday schedule for the cloud (Mon, Tue, Fri 07:30-18:00, Shanghai time)');
  const now = Math.floor(Date.now() / 1000);
  const schedule = dl.buildSchedule({
    effectiveTime: now,
    invalidTime: now + 7 * 86400,
    timeZone: 'Asia/Shanghai',
    windows: [{ start: '07:30', end: '18:00', days: ['mon', 'tue', 'fri'] }],
  });
  console.log(JSON.stringify(schedule, null, 2).replace(/^/gm, '  '));

  console.log('\n3. The same week as a BLE lock stores it (17-byte validity block)');
  const block = dl.validityBlock({
    effectiveTime: now,
    invalidTime: now + 7 * 86400,
    cycle: 'weekly',
    days: ['mon', 'tue', 'fri'],
    start: '07:30',
    end: '18:00',
  });
  line('validity block', Buffer.from(block).toString('hex'));

  console.log('\n4. Bad input fails with a DoorlockError naming the field');
  try {
    dl.buildSchedule({ effectiveTime: now, invalidTime: now + 60, timeZone: '+08:00', windows: [{ start: '18:00', end: '07:30', days: ['mon'] }] });
  } catch (error) {
    if (!(error instanceof DoorlockError)) throw error;
    line(`${error.code} (field ${error.field})`, error.message);
  }

  await (await import('./cloud.mjs')).cloudDemo({ dl, DoorlockError, line });
  await (await import('./ble.mjs')).bleDemo({ dl, pkg, DoorlockError, line });
  await panelDemo({ panel, pkg, DoorlockError, line });
} catch (error) {
  await panel.close();
  throw error;
}

if (once) {
  await panel.close();
} else {
  console.log(`\nThe panel stays at ${panel.url} (open it in a browser; Ctrl-C stops the demo)`);
  const stop = () => panel.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
