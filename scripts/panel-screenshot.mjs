#!/usr/bin/env node
// Regenerates docs/panel.png: runs the panel's Chromium test, which saves the page after it has
// created a temporary password on the emulated home's Bluetooth lock.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = spawnSync(process.execPath, ['--test', '--test-name-pattern=scheduled temporary password', 'tests/browser/panel.test.mjs'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PANEL_SCREENSHOT: 'docs/panel.png' },
});
process.exit(run.status ?? 1);
