// The `doorlock` CLI's commands other than decode, run as a child process: JSON out, errors as
// JSON on stderr with their code, field and exit code. Expected values come from node:crypto,
// the published vectors (vectors.md, ble-protocol.md §3-§4) or are written out by hand.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createCipheriv } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cliPath, runCli } from './support/cli.mjs';
import { packageDir } from './support/load.mjs';

function ok(args, options) {
  const run = runCli(args, options);
  assert.equal(run.status, 0, `${args.join(' ')}: ${run.stderrText}`);
  return run.json;
}

function fails(args, { status = 1, code, field, ...options } = {}) {
  const run = runCli(args, options);
  assert.equal(run.status, status, `${args.join(' ')} exits ${status}: ${run.stderrText}`);
  assert.equal(run.stdout, '', 'nothing on stdout');
  assert.ok(run.error, `an { error } document on stderr: ${run.stderrText}`);
  if (code) assert.equal(run.error.code, code);
  if (field) assert.equal(run.error.field, field);
  assert.equal(typeof run.error.message, 'string');
  return run.error;
}

const ecb = (bits, key, data) => {
  const cipher = createCipheriv(`aes-${bits}-ecb`, key, null);
  return Buffer.concat([cipher.update(data), cipher.final()]);
};

test('usage: no command, an unknown command, a flag without its value and bad JSON exit 2 with code USAGE', () => {
  const none = runCli([]);
  assert.equal(none.status, 2);
  assert.match(none.stdout, /usage: doorlock <command>/);
  fails(['unlock-everything'], { status: 2, code: 'USAGE', field: 'command' });
  fails(['build-request', 'doorLock.getTemporaryPasswordList', '--params'], { status: 2, code: 'USAGE', field: 'params' });
  fails(['build-request', 'doorLock.getTemporaryPasswordList', '--params', '{nope'], { status: 2, code: 'USAGE', field: 'params' });
  fails(['packetize', '0400', '--mtu', 'twenty'], { status: 2, code: 'USAGE', field: 'mtu' });
  fails(['build-request', 'doorLock.getTemporaryPasswordList', '--params', '{}', '--lock-type', 'bluetooth'], { status: 2, code: 'USAGE', field: 'lock-type' });
});

test('--help for the tool and every command', () => {
  const top = runCli(['--help']);
  assert.equal(top.status, 0);
  const text = top.stdout;
  const names = [
    'decode',
    'build-request',
    'validate',
    'parse-response',
    'encrypt-password',
    'decrypt-ticket',
    'schedule',
    'frame',
    'packetize',
    'actions',
    'emulator',
    'simulate',
  ];
  for (const name of names) {
    assert.match(text, new RegExp(`^  ${name} `, 'm'));
    const help = runCli([name, '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, new RegExp(`^doorlock ${name}`, 'm'), name);
  }
});

test("build-request and validate: the catalog's checks, errors with code and field (exit 1)", () => {
  const params = {
    device_id: 'vdevo123',
    name: 'Courier',
    password: 'ABCDEF0123456789ABCDEF0123456789',
    password_type: 'ticket',
    ticket_id: 'tk1',
    effective_time: 1700000000,
    invalid_time: 1700086400,
  };
  const built = ok(['build-request', 'doorLock.createTemporaryPassword', '--params', JSON.stringify(params), '--lock-type', 'ble']);
  assert.equal(built.action, 'doorLock.createTemporaryPassword');
  assert.equal(built.params.device_id, 'vdevo123');
  assert.equal(built.params.effective_time, 1700000000);
  assert.equal(built.params.ticket_id, 'tk1');

  const viaStdin = ok(['build-request', '--json', '-'], { input: JSON.stringify({ action: 'doorLock.createTemporaryPassword', params, lockType: 'ble' }) });
  assert.deepEqual(viaStdin, built);

  assert.deepEqual(ok(['validate', 'doorLock.createTemporaryPassword', '--params', JSON.stringify(params)]), {
    valid: true,
    action: 'doorLock.createTemporaryPassword',
  });
  const { name, ...noName } = params;
  fails(['validate', 'doorLock.createTemporaryPassword', '--params', JSON.stringify(noName)], { code: 'INVALID_ARGUMENT', field: 'name' });
  fails(['build-request', 'doorLock.createTemporaryPassword', '--params', JSON.stringify({ ...params, invalid_time: 1600000000 })], {
    code: 'INVALID_ARGUMENT',
    field: 'invalid_time',
  });
  fails(['build-request', 'doorLock.noSuchAction', '--params', '{}'], { code: 'INVALID_ARGUMENT', field: 'action' });
});

test('parse-response: the result; on success:false CLOUD_ERROR with cloudCode and what the code means', () => {
  const body = { success: true, t: 1700000000000, result: { ticket_id: 'tk1', ticket_key: 'AB'.repeat(32), expire_time: 300 } };
  const parsed = ok(['parse-response', 'doorLock.passwordTicket', '--body', '-'], { input: JSON.stringify(body) });
  assert.deepEqual(parsed, body.result);

  const refused = fails(['parse-response', 'doorLock.passwordTicket', '--body', JSON.stringify({ success: false, code: 1106, msg: 'permission deny', t: 1 })], {
    code: 'CLOUD_ERROR',
  });
  assert.equal(refused.cloudCode, 1106);
  assert.match(refused.message, /permission deny/);
  assert.match(refused.explanation.meaning, /permission denied/);
  const unknown = fails(['parse-response', 'doorLock.passwordTicket', '--body', JSON.stringify({ success: false, code: 40000123, msg: 'lock busy', t: 1 })], {
    code: 'CLOUD_ERROR',
  });
  assert.equal(unknown.cloudCode, 40000123);
  assert.equal(unknown.explanation, undefined, 'no meaning is made up for a code outside the global table');
  fails(['parse-response', 'doorLock.passwordTicket', '--body', '{"success":true}'], { code: 'BAD_RESPONSE' });
});

test('encrypt-password and decrypt-ticket against node:crypto; keys through stdin; the secret warning', () => {
  const accessKey = 'k'.repeat(16) + '0123456789abcdef';
  const inner = Buffer.from('0123456789ABCDEF', 'latin1');
  const ticketKey = ecb(256, Buffer.from(accessKey, 'latin1'), inner).toString('hex').toUpperCase();
  const expected = ecb(128, inner, Buffer.from('482916')).toString('hex').toUpperCase();

  const viaTicket = ok(['encrypt-password', '--json', '-'], { input: JSON.stringify({ password: '482916', ticketKey, accessKey, lockType: 'ble' }) });
  assert.deepEqual(viaTicket, { password: expected });
  const viaEnv = ok(['encrypt-password', '--password', '482916', '--ticket-key', ticketKey], { env: { DOORLOCK_ACCESS_KEY: accessKey } });
  assert.deepEqual(viaEnv, { password: expected });
  const viaKey = ok(['encrypt-password', '--password', '482916', '--key', inner.toString('hex')]);
  assert.deepEqual(viaKey, { password: expected });
  fails(['encrypt-password', '--password', '12345', '--key', inner.toString('hex'), '--lock-type', 'ble'], { code: 'INVALID_ARGUMENT', field: 'password' });

  const run = runCli(['decrypt-ticket', '--json', '-'], { input: JSON.stringify({ ticketKey, accessKey }) });
  assert.equal(run.status, 0);
  assert.deepEqual(run.json, { key: inner.toString('hex') });
  assert.match(run.stderr.warning, /secret/);
  const wrong = fails(['decrypt-ticket', '--ticket-key', ticketKey.slice(2), '--access-key', accessKey], { code: 'INVALID_ARGUMENT', field: 'ticketKey' });
  assert.ok(!JSON.stringify(wrong).includes(accessKey), 'the access key is not in the error');
});

test('schedule: cloud fields and the 17-byte validity block, written out by hand', () => {
  const cloud = ok([
    'schedule',
    '--effective-time',
    '1700000000',
    '--invalid-time',
    '1800000000',
    '--time-zone',
    'Asia/Shanghai',
    '--windows',
    JSON.stringify([{ start: '07:30', end: '18:00', days: ['mon', 'tue', 'fri'] }]),
  ]);
  assert.deepEqual(cloud, {
    effective_time: 1700000000,
    invalid_time: 1800000000,
    time_zone: 'Asia/Shanghai',
    schedule_list: [{ effective_time: 450, invalid_time: 1080, working_day: 38 }],
  });
  const validity = ok([
    'schedule',
    'validity',
    '--effective-time',
    '1700000000',
    '--invalid-time',
    '1800000000',
    '--cycle',
    'weekly',
    '--days',
    'mon,fri',
    '--start',
    '08:00',
    '--end',
    '18:00',
  ]);
  // begin u32 | end u32 | cycle 02 weekly | flag u32 (mon 0x02 | fri 0x20) | 08 00 | 12 00 (ble-protocol.md §6.2)
  assert.deepEqual(validity, { validity: '6553f100' + '6b49d200' + '02' + '00000022' + '0800' + '1200' });
  fails(['schedule', 'validity', '--effective-time', '1800000000', '--invalid-time', '1700000000'], { code: 'INVALID_ARGUMENT', field: 'invalidTime' });
  fails(['schedule', 'monthly'], { status: 2, code: 'USAGE' });
});

// ble-protocol.md §3.2 / §4: localKey abcdef0123456789, v4 device-info request SN 1 MTU 20, IV 00..0f.
const VECTOR_AIR = '04000102030405060708090a0b0c0d0e0f547943f9450b76099bfb0b53cf4036e3';

test('frame encode / decode and packetize reproduce the published vectors', () => {
  const encoded = ok([
    'frame',
    'encode',
    '--sn',
    '1',
    '--cmd',
    '0',
    '--data',
    '0014',
    '--mode',
    '4',
    '--local-key',
    'abcdef0123456789',
    '--iv',
    '000102030405060708090a0b0c0d0e0f',
    '--mtu',
    '20',
    '--protocol',
    '4',
  ]);
  assert.equal(encoded.air, VECTOR_AIR);
  assert.deepEqual(encoded.packets, ['00214004000102030405060708090a0b0c0d0e0f', '01547943f9450b76099bfb0b53cf4036e3']);
  const decoded = ok(['frame', 'decode', VECTOR_AIR, '--local-key', 'abcdef0123456789']);
  assert.deepEqual(
    {
      mode: decoded.mode,
      sn: decoded.sn,
      ackSn: decoded.ackSn,
      cmd: decoded.cmd,
      command: decoded.command,
      crc: decoded.crc,
      mtu: decoded.mtu,
      data: decoded.data,
    },
    { mode: 4, sn: 1, ackSn: 0, cmd: '0x0000', command: 'deviceInfo', crc: 'ok', mtu: 20, data: '0014' },
  );
  assert.ok(!JSON.stringify(decoded).includes('e80b5017098950fc58aad83c8c14978e'), 'the derived key is not printed');
  // The same through --key (KEY_4 of vectors.md) and standard input.
  assert.equal(ok(['frame', 'decode', '-', '--key', 'e80b5017098950fc58aad83c8c14978e'], { input: `${VECTOR_AIR}\n` }).sn, 1);
  const corrupt = VECTOR_AIR.slice(0, -2) + (VECTOR_AIR.endsWith('e3') ? 'e2' : 'e3');
  const error = fails(['frame', 'decode', corrupt, '--local-key', 'abcdef0123456789']);
  assert.ok(['BAD_FRAME', 'CRC_MISMATCH'].includes(error.code), error.code);
  fails(['frame', 'decode', VECTOR_AIR.replace(/^04/, '05'), '--local-key', 'abcdef0123456789'], { status: 2, field: 'srand' });
  // Mode 5 with the session key of vectors.md (srand 112233445566).
  const session = ok([
    'frame',
    'encode',
    '--sn',
    '4',
    '--cmd',
    '2',
    '--data',
    '21010101',
    '--mode',
    '5',
    '--local-key',
    'abcdef0123456789',
    '--srand',
    '112233445566',
    '--iv',
    '00'.repeat(16),
  ]);
  const expected = (() => {
    const plain = Buffer.from('00000004000000000002000421010101d8f9', 'hex'); // §1a vector
    const cipher = createCipheriv('aes-128-cbc', Buffer.from('15802df1b2bc922b4293b500fd3704e5', 'hex'), Buffer.alloc(16)).setAutoPadding(false);
    const padded = Buffer.concat([plain, Buffer.alloc(32 - plain.length)]);
    return Buffer.concat([Buffer.from([5]), Buffer.alloc(16), cipher.update(padded), cipher.final()]).toString('hex');
  })();
  assert.equal(session.air.slice(0, 34), expected.slice(0, 34));
  const back = ok(['frame', 'decode', session.air, '--local-key', 'abcdef0123456789', '--srand', '112233445566']);
  assert.deepEqual(back.dps, [{ id: 33, name: null, type: 'bool', value: true }]);

  assert.deepEqual(ok(['packetize', VECTOR_AIR, '--mtu', '20', '--protocol', '4']).packets, [
    '00214004000102030405060708090a0b0c0d0e0f',
    '01547943f9450b76099bfb0b53cf4036e3',
  ]);
  fails(['packetize', VECTOR_AIR, '--mtu', '3'], { code: 'INVALID_ARGUMENT', field: 'mtu' });
});

test('actions: the list, one action, one action with the request it builds', () => {
  const list = ok(['actions']);
  assert.equal(list.length, 44);
  assert.equal(list.filter((entry) => entry.name === 'doorLock.modifyTemporaryPassword').length, 2);
  const bleOnly = ok(['actions', '--lock-type', 'wifi_access_control']);
  assert.ok(bleOnly.length < list.length && bleOnly.every((entry) => entry.lockTypes.includes('wifi_access_control')));
  const one = ok(['actions', 'doorLock.getTemporaryPasswordList']);
  assert.equal(one.action.name, 'doorLock.getTemporaryPasswordList');
  assert.ok(one.action.params.some((param) => param.name === 'device_id'));
  const withRequest = ok(['actions', 'doorLock.getTemporaryPasswordList', '--params', '{"device_id":"vdevo1","valid":true}']);
  assert.equal(withRequest.request.params.device_id, 'vdevo1');
  fails(['actions', 'doorLock.nothing'], { status: 2, field: 'action' });
});

test('emulator: prints the home as one JSON line and serves it; stopped by its signal', { timeout: 30000 }, async () => {
  const child = spawn(process.execPath, [cliPath, 'emulator', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const line = await new Promise((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (chunk) => {
        text += chunk;
        if (text.includes('\n')) resolve(text.split('\n')[0]);
      });
      child.once('exit', (code) => reject(new Error(`emulator exited ${code}`)));
    });
    const home = JSON.parse(line);
    assert.match(home.url, /^http:\/\/127\.0\.0\.1:\d+/);
    assert.equal(home.devices.length, 1);
    const answer = await fetch(home.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'device.getListByIds', params: { device_ids: home.devices[0].deviceId } }),
    }).then((res) => res.json());
    assert.equal(answer.success, true);
    assert.equal(answer.result[0].id, home.devices[0].deviceId);
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  }
});

test('the package ships the bin and what it imports; emulator and simulate outside a checkout: TOOLS_MISSING', { timeout: 60000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'doorlock-cli-pkg-'));
  try {
    // Exactly the files `npm pack` puts in the tarball, in a folder like node_modules/doorlock-wasm.
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: packageDir, encoding: 'utf8' }));
    const files = packed.files.map((entry) => entry.path);
    assert.ok(files.includes('bin/doorlock.mjs') && files.includes('src/cli/main.mjs'), 'the bin and the CLI are packed');
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    assert.deepEqual(manifest.bin, { doorlock: './bin/doorlock.mjs' });
    const installed = join(work, 'node_modules', 'doorlock-wasm');
    for (const file of files) {
      mkdirSync(dirname(join(installed, file)), { recursive: true });
      cpSync(join(packageDir, file), join(installed, file));
    }
    const bin = join(installed, 'bin', 'doorlock.mjs');
    for (const command of ['emulator', 'simulate']) {
      fails([command], { bin, code: 'TOOLS_MISSING', field: 'tools/home' });
    }
    assert.equal(ok(['packetize', VECTOR_AIR, '--protocol', '4'], { bin }).packets.length, 2, 'the rest works from the package');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
