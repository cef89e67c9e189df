// The package's Bluetooth exports, from the built Node entry exactly as users get them.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageDir } from './load.mjs';

const require = createRequire(import.meta.url);
export const pkg = require(join(packageDir, 'dist', 'node.cjs'));

// Resolves with the DoorlockError a promise rejects with (fails on anything else, or on success).
export async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof pkg.DoorlockError)) throw error;
    return error;
  }
  throw new Error('expected a rejection with a DoorlockError, the promise resolved');
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
