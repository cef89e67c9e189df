// The package as users get it: budgets, WeChat-safe glue, and an `npm pack` install that resolves
// every entry point.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { createRequire } from 'node:module';
import { packageDir } from './support/load.mjs';

const require = createRequire(import.meta.url);

const dist = join(packageDir, 'dist');

test('size budget: the .wasm is at most 250 KB raw and 80 KB brotli', () => {
  const wasm = readFileSync(join(dist, 'core', 'doorlock_core.wasm'));
  const brotli = brotliCompressSync(wasm, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  assert.ok(wasm.length <= 250 * 1024, `raw ${wasm.length} bytes`);
  assert.ok(brotli.length <= 80 * 1024, `brotli ${brotli.length} bytes`);
  assert.equal(readFileSync(join(dist, 'wechat', 'doorlock_core.wasm.br')).length, brotli.length);
});

test("the module is MVP WebAssembly: no instruction WeChat's runtimes may lack", () => {
  // Sign extension, bulk memory, saturating truncation, SIMD, exceptions, tail calls, references.
  const listing = execFileSync('wasm-objdump', ['-d', join(dist, 'core', 'doorlock_core.wasm')], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const instructions = listing.split('\n').filter((line) => /^ [0-9a-f]+:/.test(line));
  assert.ok(instructions.length > 10000, 'the disassembly was read');
  const beyondMvp =
    /\b(i(32|64)\.extend(8|16|32)_s|memory\.(copy|fill|init)|data\.drop|trunc_sat|v128|i8x16|try|catch|throw|rethrow|delegate|return_call|ref\.|table\.(get|set|grow|size|fill))\b/;
  const found = instructions.filter((line) => beyondMvp.test(line));
  assert.deepEqual(found.slice(0, 5), []);
});

test('no eval or new Function anywhere in the shipped JavaScript (WeChat forbids both)', () => {
  for (const file of ['core/doorlock_core.js', 'node.cjs', 'server.cjs', 'browser.mjs', 'wechat/index.js']) {
    const code = readFileSync(join(dist, file), 'utf8');
    assert.doesNotMatch(code, /new Function\s*\(/, file);
    assert.doesNotMatch(code, /(^|[^.\w$])eval\s*\(/, file);
  }
});

test('npm pack installs and resolves require, import, /wechat and the .wasm subpath', { timeout: 60000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'doorlock-pack-'));
  try {
    const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: packageDir, encoding: 'utf8' }).trim().split('\n').pop();
    const app = join(work, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), '{"name":"app","version":"1.0.0","private":true}');
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', join(work, tarball)], { cwd: app });
    const script = `
      const { loadDoorlock, DoorlockError } = require('doorlock-wasm');
      const wechat = require.resolve('doorlock-wasm/wechat');
      const wasm = require.resolve('doorlock-wasm/doorlock_core.wasm');
      const server = require('doorlock-wasm/server');
      import('doorlock-wasm').then(async (esm) => {
        if (esm.DoorlockError !== DoorlockError) throw new Error('two copies of DoorlockError');
        const serverEsm = await import('doorlock-wasm/server');
        if (serverEsm.createServerHandler !== server.createServerHandler) throw new Error('two copies of the server half');
        const dl = await loadDoorlock();
        const serverDl = await server.loadDoorlock();
        console.log(JSON.stringify({ mask: dl.workingDayMask(['sun']), serverMask: serverDl.workingDayMask(['mon']), wechat, wasm }));
      });`;
    const out = JSON.parse(execFileSync('node', ['-e', script], { cwd: app, encoding: 'utf8' }));
    assert.equal(out.mask, 1);
    assert.equal(out.serverMask, 2);
    assert.ok(out.wechat.endsWith(join('dist', 'wechat', 'index.js')), out.wechat);
    assert.ok(out.wasm.endsWith('doorlock_core.wasm'), out.wasm);
    const installed = join(app, 'node_modules', 'doorlock-wasm');
    for (const file of [
      'index.d.ts',
      'dist/browser.mjs',
      'dist/wechat/wechat.js',
      'dist/wechat/doorlock_core.wasm.br',
      'README.md',
      'LICENSE',
      'dist/node.cjs.map',
    ]) {
      assert.ok(existsSync(join(installed, file)), `${file} is in the package`);
    }
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    assert.equal(manifest.private, undefined, 'the package can be published');
    assert.equal(manifest.license, 'MIT');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('the server half stays out of the phone-side bundles', () => {
  // The WeChat package is the entry and its host part, which the entry requires on first use.
  for (const files of [['browser.mjs'], ['wechat/index.js', 'wechat/host.js']]) {
    const file = files.join(' + ');
    const code = files.map((name) => readFileSync(join(dist, name), 'utf8')).join('\n');
    assert.doesNotMatch(code, /createHmac|HMAC-SHA256|createServerHandler/, file);
    // The transports to the server are there.
    assert.match(code, /encryptsPasswords/, file);
  }
  assert.match(readFileSync(join(dist, 'server.cjs'), 'utf8'), /createHmac/);
});

test('minified bundles keep class names and print short source lines on an uncaught error', () => {
  for (const file of ['node.cjs', 'browser.mjs', 'wechat/index.js']) {
    assert.match(readFileSync(join(dist, file), 'utf8'), /"DoorlockError"/, `${file} keeps the class name`);
  }
  const { DoorlockError } = require(join(dist, 'node.cjs'));
  assert.equal(DoorlockError.name, 'DoorlockError');
  assert.equal(new DoorlockError({ code: 'INVALID_ARGUMENT', message: 'x' }).name, 'DoorlockError');
  // Node prints the whole source line of an uncaught throw: it must stay a line, not the bundle.
  const longest = Math.max(
    ...readFileSync(join(dist, 'node.cjs'), 'utf8')
      .split('\n')
      .map((line) => line.length),
  );
  assert.ok(longest < 1000, `longest line of node.cjs: ${longest} characters`);
});
