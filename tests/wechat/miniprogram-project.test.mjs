// miniprogram-demo/ as WeChat DevTools opens it: the project and app settings WeChat reads, every
// page and component present, npm dependencies that survive copying the folder, the SDK used only
// by the service layer, no access key anywhere in the mini program, and a main package within
// WeChat's 2 MB limit once "Build npm" has run.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { packageDir } from '../js/support/load.mjs';
import { demoDir } from './support/simulate.mjs';

const require = createRequire(join(packageDir, 'package.json'));
const json = (file) => JSON.parse(readFileSync(join(demoDir, file), 'utf8'));
const tdesignDist = join(dirname(require.resolve('tdesign-miniprogram/package.json')), 'miniprogram_dist');

function files(dir, skip = []) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name);
    if (skip.includes(relative(demoDir, file))) continue;
    if (entry.isDirectory()) out.push(...files(file, skip));
    else out.push(file);
  }
  return out;
}

const versionAtLeast = (version, minimum) => {
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
};

test('project.config.json: a base library with getRandomValues, .wasm.br and the privacy API; Build npm from package.json', () => {
  const project = json('project.config.json');
  // 2.15.0: wx.getRandomValues and WXWebAssembly with .wasm.br; 2.32.3: wx.onNeedPrivacyAuthorization.
  assert.ok(versionAtLeast(project.libVersion, '2.32.3'), project.libVersion);
  assert.equal(project.compileType, 'miniprogram');
  assert.ok(existsSync(join(demoDir, project.miniprogramRoot, 'app.json')));
  assert.ok(existsSync(join(demoDir, project.cloudfunctionRoot, 'doorlock', 'index.js')), 'the server half is the doorlock cloud function');
  assert.equal(project.setting.packNpmManually, true);
  const [relation] = project.setting.packNpmRelationList;
  assert.ok(existsSync(join(demoDir, relation.packageJsonPath)));
  assert.equal(relation.miniprogramNpmDistDir, './');
  // The Node scripts (the development stack) and the cloud function stay out of the uploaded package.
  const ignored = project.packOptions.ignore.filter((rule) => rule.type === 'folder').map((rule) => rule.value);
  assert.ok(ignored.includes('scripts') && ignored.includes('cloudfunctions'), JSON.stringify(ignored));
});

test('app.json: privacy check, lazy code loading, sitemap, a subpackage, every page and component present', () => {
  const app = json('app.json');
  assert.equal(app.__usePrivacyCheck__, true);
  assert.equal(app.lazyCodeLoading, 'requiredComponents');
  assert.ok(Array.isArray(json(app.sitemapLocation).rules));
  const pages = [...app.pages, ...app.subPackages.flatMap((sub) => sub.pages.map((page) => `${sub.root}/${page}`))];
  assert.equal(pages.length, 7);
  assert.ok(app.subPackages[0].pages.includes('unlock/index'), 'the Bluetooth pages wait in the subpackage');
  for (const page of pages) {
    for (const ext of ['js', 'json', 'wxml', 'wxss']) {
      if (ext === 'wxss' && !existsSync(join(demoDir, `${page}.wxss`))) continue;
      assert.ok(existsSync(join(demoDir, `${page}.${ext}`)), `${page}.${ext}`);
    }
  }
  const usings = [
    app.usingComponents,
    ...files(demoDir, ['cloudfunctions'])
      .filter((f) => f.endsWith('.json') && /\/(pages|packages|components)\//.test(f))
      .map((f) => JSON.parse(readFileSync(f, 'utf8')).usingComponents),
  ];
  for (const using of usings) {
    for (const path of Object.values(using || {})) {
      const file = path.startsWith('tdesign-miniprogram/') ? join(tdesignDist, path.slice('tdesign-miniprogram/'.length)) : join(demoDir, path);
      assert.ok(existsSync(`${file}.json`), `component ${path}`);
    }
  }
});

test('package.json: doorlock-wasm as a published range (no file: link), tdesign pinned as the tests use it', () => {
  const { dependencies } = json('package.json');
  const sdk = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  assert.match(dependencies['doorlock-wasm'], /^\^\d+\.\d+\.\d+$/);
  assert.equal(dependencies['doorlock-wasm'], `^${sdk.version}`);
  assert.equal(dependencies['tdesign-miniprogram'], sdk.devDependencies['tdesign-miniprogram']);
  assert.equal(require('tdesign-miniprogram/package.json').version, dependencies['tdesign-miniprogram']);
});

test('the SDK only in the service layer and app.js; no access key in the mini program', () => {
  const code = files(demoDir, ['cloudfunctions', 'node_modules', 'miniprogram_npm']).filter((f) => /\.(js|json|wxml)$/.test(f));
  assert.ok(code.length > 30);
  for (const file of code) {
    const text = readFileSync(file, 'utf8');
    const name = relative(demoDir, file);
    if (/require\('doorlock-wasm/.test(text)) assert.ok(name === 'app.js', `${name} requires the SDK: pages go through services/`);
    assert.doesNotMatch(text, /accessKey|access_key|ACCESS_KEY|accessSecret/, name);
  }
});

test('the main package after Build npm stays within 2 MB', (t) => {
  const app = json('app.json');
  const sizeOf = (list) => list.reduce((sum, file) => sum + statSync(file).size, 0);
  const own = sizeOf(files(demoDir, ['cloudfunctions', 'packages', 'node_modules', 'miniprogram_npm', 'README.md', 'package.json', 'project.config.json']));
  const sdk = sizeOf(files(join(packageDir, 'dist', 'wechat')));
  // Every tdesign component the project names (the main package holds miniprogram_npm) plus the shared code.
  const names = new Set(
    Object.values(app.usingComponents)
      .filter((p) => p.startsWith('tdesign-miniprogram/'))
      .map((p) => p.split('/')[1]),
  );
  const tdesign = sizeOf(
    files(tdesignDist).filter((file) => {
      const top = relative(tdesignDist, file).split('/')[0];
      return names.has(top) || !existsSync(join(tdesignDist, top, `${top}.json`));
    }),
  );
  const total = own + sdk + tdesign;
  t.diagnostic(`main package: ${own} B own code, ${sdk} B doorlock-wasm (dist/wechat), ${tdesign} B tdesign: ${total} B`);
  assert.ok(total < 2 * 1024 * 1024, `${total} bytes`);
});
