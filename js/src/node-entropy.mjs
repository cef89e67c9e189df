// Node's CSPRNG as the module's host entropy (Module.hostEntropy: fill a heap view, true/false).
// Node-only: imported by the Node loader and by Node test tooling, never by the browser or WeChat
// bundles.
import { randomFillSync } from 'node:crypto';

export function nodeEntropy(view) {
  try {
    randomFillSync(view);
    return true;
  } catch {
    return false;
  }
}
