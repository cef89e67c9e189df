// The README's demo command off a terminal (as CI and this test run it): it serves the panel on the
// emulated home and prints its URL, runs every scripted step with its outcome, and exits by itself,
// releasing the panel's port.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../js/support/load.mjs';

function runDemo(args) {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(repoRoot, 'scripts', 'demo.sh'), ...args], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the demo did not exit within 90 s:\n${stdout}\n${stderr}`));
    }, 90000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

test('bash scripts/demo.sh off a terminal: panel URL, every step with its outcome, then it exits', { timeout: 120000 }, async () => {
  const { code, stdout, stderr } = await runDemo(['--port', '0']);
  assert.equal(code, 0, stderr);
  const url = /^The browser panel on the emulated home: (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(stdout);
  assert.ok(url, stdout);
  for (const step of ['1. Temporary-password crypto', '5. The cloud API', '6. A Bluetooth lock', "7. The browser panel's flow"]) {
    assert.ok(stdout.includes(step), `step "${step}" in:\n${stdout}`);
  }
  assert.match(stdout, /BLE temp PIN \d{6} M\/W\/F\s+hard id \d+ on the lock, password_id \d+ in the cloud \(bluetooth_symbolic\)/);
  assert.match(stdout, /the cloud lists\s+Courier, sn \d+, window \[\{"effective_time":540,"invalid_time":1020,"working_day":42\}\]/);
  assert.match(stdout, /Bluetooth unlock \(bridge\)\s+ok; the lock logged it at /);
  assert.match(stdout, /the simulated lock\s+unlocked, released/);
  assert.doesNotMatch(stdout, /stays at/, 'it did not wait for Ctrl-C');
  await assert.rejects(fetch(url[1]), 'the panel stopped serving');
});
