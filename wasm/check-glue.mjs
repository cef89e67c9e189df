#!/usr/bin/env node
// Run after every link (cmake/wasm_module.cmake): wasm/post.js replaces getWasmTableEntry, an
// internal of the Emscripten glue, with a version that caches the table's functions. That is only
// right while the glue looks the way it was written against, so this fails the build, loudly,
// when an emsdk produces glue where the override would be wrong or would not take effect.
//   node wasm/check-glue.mjs <module>.js
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node wasm/check-glue.mjs <module>.js');
  process.exit(2);
}
const glue = readFileSync(file, 'utf8');
const problems = [];

// The function the override replaces: Emscripten 3.1.6's plain Table.get lookup, or the cached
// lookup later releases write themselves (then the override is redundant but equivalent).
const plain = /function getWasmTableEntry\(\s*(\w+)\s*\)\s*\{\s*return wasmTable\.get\(\s*\1\s*\)\s*;?\s*\}/;
const mirrored = /function getWasmTableEntry\(\s*\w+\s*\)\s*\{[^}]*wasmTableMirror[^}]*wasmTable\.get\(/;
if (!plain.test(glue) && !mirrored.test(glue)) {
  problems.push('getWasmTableEntry is not the Table.get lookup wasm/post.js was written against');
}
// The cache is only right if the table never changes after instantiation.
for (const change of ['wasmTable.set(', 'wasmTable.grow(']) {
  if (glue.includes(change)) problems.push(`the glue changes the function table at run time (${change}...)`);
}
// Every invoke_* trampoline must look its callee up through getWasmTableEntry (or dynCall_*),
// or the override would not be on the hot path it exists for.
const trampolines = [...glue.matchAll(/function (invoke_\w+)\([^)]*\)\s*\{([^}]*)\}/g)];
for (const [, name, body] of trampolines) {
  if (!body.includes('getWasmTableEntry(') && !/dynCall_\w+\(/.test(body)) problems.push(`${name} does not call getWasmTableEntry`);
}
// The override must come after the glue's own definition, inside the same factory.
const override = Math.max(glue.lastIndexOf('getWasmTableEntry = function'), glue.lastIndexOf('getWasmTableEntry=function'));
const original = glue.search(/function getWasmTableEntry\(/);
if (override === -1) problems.push("wasm/post.js's override of getWasmTableEntry is missing from the glue");
else if (original === -1 || override < original) problems.push("the override of getWasmTableEntry does not follow the glue's own definition");

if (problems.length > 0) {
  console.error(
    `check-glue: ${file}:\n  - ${problems.join('\n  - ')}\n` +
      "wasm/post.js patches an Emscripten internal written for Emscripten 3.1.6; this emsdk's glue differs. " +
      'Check that the override still holds (or remove it), then update wasm/check-glue.mjs.',
  );
  process.exit(1);
}
console.log(`check-glue: ${trampolines.length} invoke_* trampolines use the cached table lookup`);
