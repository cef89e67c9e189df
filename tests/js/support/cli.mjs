// Runs the package's `doorlock` bin in a child process, as users run it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { packageDir } from './load.mjs';

export const cliPath = join(packageDir, 'bin', 'doorlock.mjs');

const parse = (text) => {
  try {
    return text.trim() ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
};

// { status, stdout, stderrText, json (stdout parsed), error (stderr's { error } member) }
export function runCli(args, { input, env, cwd, bin = cliPath } = {}) {
  const run = spawnSync(process.execPath, [bin, ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    cwd,
    timeout: 60000,
  });
  const stderr = parse(run.stderr);
  return { status: run.status, stdout: run.stdout, stderrText: run.stderr, json: parse(run.stdout), error: stderr?.error, stderr };
}
