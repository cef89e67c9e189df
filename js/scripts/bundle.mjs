// Builds the package's entry points from js/src and the module in dist/core (made by CMake):
//   dist/node.cjs, dist/node.mjs   Node (require / import)
//   dist/server.cjs, dist/server.mjs  doorlock-wasm/server (Node: the key-holding backend)
//   dist/browser.mjs               browsers and bundlers (ESM; fetches dist/core/doorlock_core.wasm)
//   dist/wechat/                   the mini-program folder ("miniprogram" in package.json):
//                                  index.js, wechat.js and doorlock_core.wasm.br
import { build } from 'esbuild';
import { brotliCompressSync, constants } from 'node:zlib';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(packageDir, 'dist');
const wasmPath = join(dist, 'core', 'doorlock_core.wasm');
if (!existsSync(wasmPath)) {
  console.error('bundle: dist/core/doorlock_core.wasm is missing: build the wasm preset first (scripts/build.sh)');
  process.exit(1);
}

// The glue's Node branch requires fs and path lazily; browsers and WeChat never reach it, and
// WeChat's packager must not see a require of a Node built-in.
const noNodeBuiltins = {
  name: 'no-node-builtins',
  setup(b) {
    b.onResolve({ filter: /^(fs|path)$/ }, (args) => ({ path: args.path, namespace: 'empty' }));
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

// No keepNames: it renames every function created at run time, on every call of the function that
// creates it (a property definition each), which cost encryptPassword half its speed. The one
// class name users see, DoorlockError, is set explicitly in errors.mjs instead.
const common = { bundle: true, logLevel: 'warning', legalComments: 'none', absWorkingDir: packageDir };

// Files an entry requires at run time instead of carrying them: the Node entry's copy of the glue
// (src/loaders/node.mjs says why), and the host part of a split entry.
const runtimeRequires = (...paths) => ({
  name: 'runtime-requires',
  setup(b) {
    b.onResolve({ filter: /^\.\// }, (args) => (paths.includes(args.path) ? { path: args.path, external: true } : undefined));
  },
});

// The host part of an entry shares the entry's module instances where identity matters:
// DoorlockError (instanceof) comes from the entry, not from a copy of src/errors.mjs.
const errorsFromEntry = (entryFile) => ({
  name: 'errors-from-entry',
  setup(b) {
    const errorsModule = join(packageDir, 'src', 'errors.mjs');
    b.onResolve({ filter: /errors\.mjs$/ }, (args) =>
      resolve(args.resolveDir, args.path) === errorsModule ? { path: `./${entryFile}`, external: true } : undefined,
    );
  },
});

// The host part of an entry split in two files (src/loaders/host-on-first-use.mjs): the cloud
// client, the transports, the Bluetooth host and the flows, built to `outfile` beside the entry
// file `entryFile`. Returns the code the entry ends with: each of the host part's exports (but the
// `internal` ones) as a getter that requires it. esbuild lists an ESM output's exports, so an ESM
// build of the same entry, never written, tells the names.
async function hostPart({ entry, outfile, entryFile, internal, options }) {
  const plugins = options.plugins || [];
  await build({ ...options, entryPoints: [entry], outfile, plugins: [...plugins, errorsFromEntry(entryFile)] });
  const listing = await build({ ...common, entryPoints: [entry], format: 'esm', platform: options.platform, plugins, write: false, metafile: true, outfile: 'exports.mjs' });
  const names = Object.values(listing.metafile.outputs)[0].exports.filter((name) => !internal.includes(name)).sort();
  const hostFile = `./${outfile.split('/').pop()}`;
  return (
    `// The cloud client, the transports and the Bluetooth host load on first use (src/loaders/host-on-first-use.mjs).\n` +
    `for (const name of ${JSON.stringify(names)})\n` +
    `  Object.defineProperty(module.exports, name, { enumerable: true, get: () => require('${hostFile}')[name] });`
  );
}

const nodeBundle = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  minifySyntax: true,
  minifyIdentifiers: true,
  sourcemap: true,
};

// A Node entry: CommonJS with its source map, and an ESM file that re-exports whatever the CJS
// file exports, so the two never drift apart. Node reads the bundle from disk and prints the
// offending source line of an uncaught error: it keeps its line breaks (a one-line bundle would
// print all of it) and has a source map for `node --enable-source-maps`.
async function nodeEntry(entry, name, description, extra = {}) {
  await build({ ...nodeBundle, entryPoints: [entry], outfile: `dist/${name}.cjs`, plugins: [runtimeRequires('./node-glue.cjs', './node-host.cjs')], ...extra });
  const names = Object.keys(createRequire(import.meta.url)(join(dist, `${name}.cjs`)))
    .filter((key) => key !== 'default')
    .sort();
  writeFileSync(
    join(dist, `${name}.mjs`),
    `// ESM entry ${description}: the same instance of the code as the CommonJS one.\n` +
      `import cjs from './${name}.cjs';\nexport const { ${names.join(', ')} } = cjs;\nexport default cjs;\n`,
  );
}

// The glue as the Node entries require it: minified (it is parsed at every start), beside them.
await build({ ...nodeBundle, bundle: false, entryPoints: ['dist/core/doorlock_core.js'], outfile: 'dist/node-glue.cjs', minify: true, sourcemap: false });

const nodeHostExports = await hostPart({
  entry: 'src/loaders/node-host.mjs',
  outfile: 'dist/node-host.cjs',
  entryFile: 'node.cjs',
  internal: ['attachNodeHost'],
  options: nodeBundle,
});
await nodeEntry('src/loaders/node.mjs', 'node', "for Node, require('doorlock-wasm')", { footer: { js: nodeHostExports } });
// doorlock-wasm/server: the half that holds the access key, for Node servers and WeChat cloud
// functions. A bundle of its own, so that the phone-side entries never carry it.
await nodeEntry('src/server/index.mjs', 'server', 'of doorlock-wasm/server');

await build({
  ...common,
  entryPoints: ['src/loaders/browser.mjs'],
  outfile: 'dist/browser.mjs',
  platform: 'browser',
  format: 'esm',
  target: 'es2020',
  minify: true,
  sourcemap: true,
  plugins: [noNodeBuiltins],
});

mkdirSync(join(dist, 'wechat'), { recursive: true });
const wechatBundle = {
  ...common,
  platform: 'neutral',
  format: 'cjs',
  target: 'es2015',
  minify: true,
  mainFields: ['main'],
  plugins: [noNodeBuiltins],
};
const wechatHostExports = await hostPart({
  entry: 'src/loaders/wechat-host.mjs',
  outfile: 'dist/wechat/host.js',
  entryFile: 'index.js',
  internal: ['attachWechatHost'],
  options: wechatBundle,
});
await build({
  ...wechatBundle,
  entryPoints: ['src/loaders/wechat.mjs'],
  outfile: 'dist/wechat/index.js',
  plugins: [noNodeBuiltins, runtimeRequires('./host.js')],
  footer: { js: wechatHostExports },
});
writeFileSync(join(dist, 'wechat', 'wechat.js'), "module.exports = require('./index.js');\n");
writeFileSync(join(dist, 'wechat', 'doorlock_core.wasm.br'), brotliCompressSync(readFileSync(wasmPath), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));

// npm puts the package folder's README and LICENSE in the tarball: they are the repository's own.
for (const file of ['README.md', 'LICENSE']) copyFileSync(join(packageDir, '..', file), join(packageDir, file));
