// Chinese by default, English on request; the choice is kept in storage. Pages take their words
// from `words()` into data.t, so WXML reads {{t.key}}.
const zh = require('./zh.js');
const en = require('./en.js');

const TABLES = { zh, en };
const STORAGE_KEY = 'doorlock.language';
let current = null;

function storage() {
  return typeof wx !== 'undefined' && wx.getStorageSync ? wx : null;
}

function language() {
  if (current) return current;
  const store = storage();
  const saved = store ? store.getStorageSync(STORAGE_KEY) : '';
  current = TABLES[saved] ? saved : 'zh';
  return current;
}

function setLanguage(name) {
  if (!TABLES[name]) throw new Error(`no such language: ${name}`);
  current = name;
  const store = storage();
  if (store) store.setStorageSync(STORAGE_KEY, name);
}

function words() {
  return TABLES[language()];
}

// "{n} 条" with { n: 3 } -> "3 条"
function format(text, values) {
  return text.replace(/\{(\w+)\}/g, (_, key) => (values[key] === undefined ? '' : String(values[key])));
}

module.exports = { language, setLanguage, words, format, languages: Object.keys(TABLES) };
