// miniprogram-demo's pages rendered by miniprogram-simulate (WeChat's own component framework,
// exparser, with the official WXML compiler) under Node and jsdom. The project is laid out as
// WeChat DevTools builds it: tdesign-miniprogram's miniprogram_dist under
// miniprogram_npm/tdesign-miniprogram, app.json's global components merged into every page (as
// WeChat does), and npm paths ("tdesign-miniprogram/button/button") resolved into
// miniprogram_npm. tdesign ships ES modules for DevTools to compile; they are compiled to
// CommonJS here with esbuild, as DevTools' "ES6 to ES5" does.
import { createRequire } from 'node:module';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { packageDir, repoRoot } from '../../js/support/load.mjs';

const require = createRequire(join(packageDir, 'package.json'));
export const demoDir = join(repoRoot, 'miniprogram-demo');
const tdesignDist = join(dirname(require.resolve('tdesign-miniprogram/package.json')), 'miniprogram_dist');
const NPM_PREFIX = 'tdesign-miniprogram/';
const PROJECT_DIRS = ['pages', 'packages', 'components', 'utils', 'i18n', 'services'];

function walk(dir, visit) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name);
    if (entry.isDirectory()) walk(file, visit);
    else visit(file);
  }
}

// The tdesign components the project uses, with the ones they use in turn: only these are
// copied, so the WXML compiler has less to do.
function tdesignComponentsUsed(usingLists) {
  const needed = new Set();
  const queue = [];
  for (const using of usingLists) {
    for (const path of Object.values(using || {})) if (path.startsWith(NPM_PREFIX)) queue.push(path.slice(NPM_PREFIX.length).split('/')[0]);
  }
  while (queue.length) {
    const name = queue.pop();
    if (needed.has(name) || !existsSync(join(tdesignDist, name, `${name}.json`))) continue;
    needed.add(name);
    const json = JSON.parse(readFileSync(join(tdesignDist, name, `${name}.json`), 'utf8'));
    for (const path of Object.values(json.usingComponents || {})) {
      const match = /^\.\.\/([^/]+)\//.exec(path);
      if (match) queue.push(match[1]);
    }
  }
  return needed;
}

function copyTdesign(target, needed) {
  const esbuild = require('esbuild');
  for (const entry of readdirSync(tdesignDist, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const isComponent = existsSync(join(tdesignDist, entry.name, `${entry.name}.json`));
    if (isComponent && !needed.has(entry.name)) continue;
    walk(join(tdesignDist, entry.name), (file) => {
      const out = join(target, relative(tdesignDist, file));
      mkdirSync(dirname(out), { recursive: true });
      if (file.endsWith('.js')) {
        writeFileSync(out, esbuild.transformSync(readFileSync(file, 'utf8'), { format: 'cjs', target: 'es2019', loader: 'js' }).code);
      } else {
        writeFileSync(out, readFileSync(file));
      }
    });
  }
  // tdesign's own npm dependencies (tslib, dayjs) sit in its miniprogram_npm; Node looks in node_modules.
  symlinkSync('miniprogram_npm', join(target, 'node_modules'));
}

function resolveComponents(usingComponents = {}) {
  const resolved = {};
  for (const [tag, path] of Object.entries(usingComponents)) {
    resolved[tag] = path.startsWith(NPM_PREFIX) ? `/miniprogram_npm/${path}` : path;
  }
  return resolved;
}

// A built copy of the mini program in a temporary directory: { root, cleanup }.
export function buildProject() {
  const root = mkdtempSync(join(tmpdir(), 'doorlock-miniprogram-'));
  for (const dir of PROJECT_DIRS) cpSync(join(demoDir, dir), join(root, dir), { recursive: true });
  const app = JSON.parse(readFileSync(join(demoDir, 'app.json'), 'utf8'));
  writeFileSync(join(root, 'app.json'), JSON.stringify(app));
  const usingLists = [app.usingComponents];
  for (const dir of ['pages', 'packages', 'components']) {
    walk(join(root, dir), (file) => {
      if (file.endsWith('.json')) usingLists.push(JSON.parse(readFileSync(file, 'utf8')).usingComponents);
    });
  }
  copyTdesign(join(root, 'miniprogram_npm', 'tdesign-miniprogram'), tdesignComponentsUsed(usingLists));
  // Pages and the project's components get app.json's global components, npm paths resolved.
  for (const dir of ['pages', 'packages', 'components']) {
    walk(join(root, dir), (file) => {
      if (!file.endsWith('.json')) return;
      const json = JSON.parse(readFileSync(file, 'utf8'));
      const own = resolveComponents(json.usingComponents);
      const global = resolveComponents(app.usingComponents);
      // A component does not list itself.
      const self = `/${relative(root, file).replace(/\.json$/, '')}`;
      for (const [tag, path] of Object.entries(global)) if (path === self) delete global[tag];
      json.usingComponents = { ...global, ...own };
      writeFileSync(file, JSON.stringify(json));
    });
  }
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

let simulate = null;
// miniprogram-simulate with a DOM: loaded once per process, after jsdom is in place.
export function loadSimulate() {
  if (simulate) return simulate;
  require('jsdom-global')(undefined, { pretendToBeVisual: true, url: 'https://servicewechat.com/' });
  globalThis.getCurrentPages = () => [];
  simulate = require('miniprogram-simulate');
  return simulate;
}

// A page rendered and attached; `page.instance` has its methods (onLoad, handlers).
export function renderPage(root, pagePath) {
  const sim = loadSimulate();
  const id = sim.load(join(root, pagePath), { rootPath: root });
  const page = sim.render(id);
  page.attach(document.createElement('parent-wrapper'));
  return page;
}

// A tap as the user makes it: on the element itself, or on the first element a component with a
// virtual host (tdesign's) renders, from where WeChat's tap bubbles through the component's own
// handlers (t-button's handleTap, t-cell's onClick) to the page's bind:tap / bind:click.
export function tap(node) {
  const exparser = require('miniprogram-exparser');
  let element = node._exparserNode;
  const firstRendered = (parent) => {
    const queue = [...(parent.shadowRoot ? parent.shadowRoot.childNodes : parent.childNodes || [])];
    while (queue.length) {
      const child = queue.shift();
      if (child.$$ && child.$$.nodeType === 1) return child;
      queue.push(...(child.shadowRoot ? child.shadowRoot.childNodes : child.childNodes || []));
    }
    return null;
  };
  if (!element.$$ || element.$$.nodeType !== 1) element = firstRendered(element);
  if (!element) throw new Error('nothing rendered to tap');
  exparser.Event.dispatchEvent(
    element,
    exparser.Event.create(
      'tap',
      {},
      {
        bubbles: true,
        capturePhase: true,
        composed: true,
        extraFields: { touches: {}, changedTouches: {} },
      },
    ),
  );
}
