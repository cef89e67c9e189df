// Node's CSPRNG as the module's host entropy (Module.hostEntropy: fill a heap view, true/false).
// Node-only: imported by the Node loader and by Node test tooling, never by the browser or WeChat
// bundles.
//
// node:crypto is loaded on the first request, not with the package: loading it costs a Node
// process several milliseconds (it is not in Node's startup snapshot), and the core asks for
// entropy only when it first needs randomness (an IV, a generated PIN), which the password and
// cloud calls never do.
import { createRequire } from 'node:module';

let randomFill = null;

export function nodeEntropy(view) {
  try {
    // Any absolute path will do: a built-in module resolves the same from everywhere.
    if (!randomFill) randomFill = createRequire('/')('node:crypto').randomFillSync;
    randomFill(view);
    return true;
  } catch {
    return false;
  }
}
