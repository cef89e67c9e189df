// The doorlock command: one JSON document on stdout, or { "error": { code, message, field? } } on
// stderr with exit code 1 (a DoorlockError), 2 (the command line is wrong) or 3 (a bug).
// Every protocol step is the core's (dl.*); the commands only read their input formats.
import { parseArgs } from './args.mjs';
import { actions, buildRequest, decryptTicket, encryptPassword, parseResponse, validate } from './cloud.mjs';
import { frame, packetize, schedule } from './ble.mjs';
import { decode } from './decode.mjs';
import { emulator, simulate } from './home.mjs';
import { describeError, EXIT, toJson, UsageError } from './output.mjs';
import { packageVersion, pkg } from './package.mjs';

const COMMANDS = [decode, buildRequest, validate, parseResponse, encryptPassword, decryptTicket, schedule, frame, packetize, actions, emulator, simulate];

function usage() {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return `doorlock: Tuya smart-lock cloud requests, password crypto and BLE captures (doorlock-wasm ${packageVersion()})

usage: doorlock <command> [arguments] [--json JSON|-|@file]     doorlock <command> --help

${COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n')}

Output is one JSON document on stdout. Errors go to stderr as { "error": { code, message, field } }
with exit code 1 (the SDK refused: a DoorlockError), 2 (a usage error) or 3 (a bug).`;
}

// Runs one command line; returns the exit code. `io` lets tests capture the streams.
export async function main(argv, io = { stdout: process.stdout, stderr: process.stderr }) {
  const write = (stream, text) => new Promise((resolve) => stream.write(`${text}\n`, resolve));
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    await write(io.stdout, usage());
    return name === undefined ? EXIT.USAGE : EXIT.OK;
  }
  if (name === '--version') {
    await write(io.stdout, toJson({ version: packageVersion() }));
    return EXIT.OK;
  }
  const command = COMMANDS.find((entry) => entry.name === name);
  let result;
  try {
    if (!command) throw new UsageError(`unknown command "${name}" (doorlock --help lists them)`, 'command');
    const args = parseArgs(rest, { switches: command.switches });
    if (args.flags.help) {
      await write(io.stdout, command.help);
      return EXIT.OK;
    }
    const dl = await pkg().loadDoorlock();
    result = await command.run(dl, args);
  } catch (error) {
    const { exit, body } = describeError(error);
    await write(io.stderr, toJson({ error: body }));
    return exit;
  }
  try {
    await write(io.stdout, result.compact ? JSON.stringify(result.output) : toJson(result.output));
  } finally {
    for (const secret of result.wipe ?? []) secret.fill(0);
  }
  if (result.warning) await write(io.stderr, toJson({ warning: result.warning }));
  if (result.until) await result.until;
  return result.exit ?? EXIT.OK;
}
