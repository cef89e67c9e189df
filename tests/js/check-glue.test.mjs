// wasm/check-glue.mjs guards the override in wasm/post.js: it passes the glue the build made and
// fails on glue where the override would be wrong or would not take effect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const script = join(root, 'wasm', 'check-glue.mjs');
const glue = readFileSync(join(root, 'js', 'dist', 'core', 'doorlock_core.js'), 'utf8');

function check(text) {
  const dir = mkdtempSync(join(tmpdir(), 'doorlock-glue-'));
  try {
    const file = join(dir, 'glue.js');
    writeFileSync(file, text);
    return spawnSync(process.execPath, [script, file], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the glue the build made passes', () => {
  const run = check(glue);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /\d+ invoke_\* trampolines use the cached table lookup/);
});

test('glue the override was not written for fails the build, saying why', () => {
  const original = 'function getWasmTableEntry(funcPtr){return wasmTable.get(funcPtr)}';
  assert.ok(glue.includes(original), 'the built glue has the lookup the override replaces');
  const variants = [
    [glue.replace(original, 'function getWasmTableEntry(funcPtr){return lookUp(funcPtr)}'), /not the Table.get lookup/],
    [glue.replace(original, `${original}function addFunction(f){wasmTable.grow(1);wasmTable.set(0,f)}`), /changes the function table/],
    [glue.replace(/getWasmTableEntry\s*=\s*function/g, 'unused = function'), /override of getWasmTableEntry is missing/],
    [
      glue.replace(
        /function invoke_vi\(index,a1\)\{var sp=stackSave\(\);try\{getWasmTableEntry\(index\)\(a1\)/,
        'function invoke_vi(index,a1){var sp=stackSave();try{wasmTable.get(index)(a1)',
      ),
      /invoke_vi does not call getWasmTableEntry/,
    ],
  ];
  for (const [text, reason] of variants) {
    assert.notEqual(text, glue, `the variant for ${reason} changed the glue`);
    const run = check(text);
    assert.equal(run.status, 1);
    assert.match(run.stderr, reason);
  }
});
