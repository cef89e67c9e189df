// Sizes of what ships: the .wasm (raw, gzip -9, brotli -q 11) and each entry bundle.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { dist } from './support.mjs';

const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
console.log('shipped sizes            raw      gzip    brotli');
for (const file of ['core/doorlock_core.wasm', 'core/doorlock_core.js', 'node.cjs', 'browser.mjs', 'wechat/index.js']) {
  const bytes = readFileSync(join(dist, file));
  const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`  ${file.padEnd(22)} ${kb(bytes.length)} ${kb(gzipSync(bytes, { level: 9 }).length)} ${kb(br)}`);
}
