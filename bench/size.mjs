// Sizes of what ships: the .wasm (raw, gzip -9, brotli -q 11) and each entry's files (the Node and
// WeChat entries are split: the part loaded at start, the host part loaded on first use, and for
// Node the glue). A file another build does not have is left out.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { dist } from './support.mjs';

const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
console.log('shipped sizes            raw      gzip    brotli');
const files = ['core/doorlock_core.wasm', 'node.cjs', 'node-glue.cjs', 'node-host.cjs', 'browser.mjs', 'wechat/index.js', 'wechat/host.js'];
for (const file of files.filter((name) => existsSync(join(dist, name)))) {
  const bytes = readFileSync(join(dist, file));
  const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`  ${file.padEnd(22)} ${kb(bytes.length)} ${kb(gzipSync(bytes, { level: 9 }).length)} ${kb(br)}`);
}
