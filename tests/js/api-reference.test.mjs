// The catalog and the sample fixtures against the reference text itself (doorlock-cloud-api.txt):
// every action it names, every section's lock types and parameter table, every sample request
// and response. Where the catalog departs from the reference, the departure is listed here with
// its reason; anything else that differs fails.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDoorlock, referenceDir, repoRoot } from './support/load.mjs';
import { readReference, label } from './support/reference-samples.mjs';

const dl = await loadDoorlock();
const catalog = dl.actions();
const sections = readReference();
const fixtures = JSON.parse(readFileSync(join(repoRoot, 'tests', 'fixtures', 'cloud-api-samples.json'), 'utf8'));
const ALL_LOCKS = ['wifi', 'zigbee', 'ble', 'standard_wifi', 'wifi_access_control'];

// Catalog entry of a reference section (the second modifyTemporaryPassword section is the rename form).
function entryOf(section) {
  const forms = catalog.filter((entry) => entry.name === section.name);
  return forms.length === 1 ? forms[0] : forms.find((entry) => entry.form === (section.occurrence === 0 ? 'modify' : 'rename'));
}

function mergePatch(target, patch) {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

test('dl.actions() holds exactly the actions the reference names', () => {
  const text = readFileSync(join(referenceDir, 'doorlock-cloud-api.txt'), 'utf8');
  // The index tables at the top ("action | description" rows) and the sections.
  const indexed = new Set([...text.matchAll(/^((?:doorLock|device|timer)\.[A-Za-z]+) \|/gm)].map((m) => m[1]));
  const named = new Set([...indexed, ...sections.map((section) => section.name)]);
  assert.equal(named.size, 43);
  assert.deepEqual(new Set(catalog.map((entry) => entry.name)), named);
  assert.equal(catalog.length, 44);
  // Sections without an index row, and an index row without a section.
  assert.deepEqual(
    sections.map((s) => s.name).filter((name) => !indexed.has(name)),
    ['doorLock.createTemporaryPasswordWithoutName', 'doorLock.removalInvalidTempPasswords'],
  );
  assert.deepEqual(
    [...indexed].filter((name) => !sections.some((s) => s.name === name)),
    ['doorLock.deleteOfflinePassword'],
  );
  assert.deepEqual(
    catalog.filter((e) => e.name === 'doorLock.modifyTemporaryPassword').map((e) => e.form),
    ['modify', 'rename'],
  );
});

// Where the catalog's lock types differ from the section's "Applicable lock types" block.
const LOCK_TYPE_CHOICES = {
  // Needed by passwordFreeOpen (standard Wi-Fi) and the temporary passwords of Wi-Fi access control.
  'doorLock.passwordTicket': ALL_LOCKS,
  // Its channel_id parameter exists only for Wi-Fi access control.
  'doorLock.passwordFreeOpen': ALL_LOCKS,
  // "Bluetooth lock (password change is not supported)": the modify form changes the password.
  'doorLock.modifyTemporaryPassword': ['wifi', 'zigbee', 'wifi_access_control'],
  // No block of its own: it replaces doorLock.unlockInstruction, a Bluetooth action.
  'doorLock.bleOpenInstruction': ['ble'],
};

test('lock types follow each section of the reference, except the listed choices', () => {
  for (const section of sections) {
    const entry = entryOf(section);
    const expected = LOCK_TYPE_CHOICES[label(section)] ?? (section.lockTypes.length > 0 ? section.lockTypes : ALL_LOCKS);
    assert.deepEqual([...entry.lockTypes].sort(), [...expected].sort(), label(section));
  }
  assert.deepEqual(catalog.find((e) => e.name === 'doorLock.deleteOfflinePassword').lockTypes, ALL_LOCKS);
});

const TYPE_NAMES = { string: 'String', int: 'Integer', Int: 'Integer', bool: 'Boolean', Array: 'List', JSON: 'Object' };
// Parameter rows whose type or required flag the catalog chose differently, with the reason.
const PARAM_CHOICES = {
  'doorLock.operateRecords logCategories': { type: 'String' }, // values missing in the table; the sample sends "unlock_record"
  'doorLock.deleteTemporaryPassword password_id': { type: 'Long' }, // a number in the sample and every other action
  'device.control commands': { type: 'List' }, // a list of { code, value } in the sample
  'doorLock.getMediaUrl file_type': { type: 'Integer' }, // values 1 and 2; a number in the sample
  // Renaming leaves the validity alone: `type` stays optional on Zigbee in the rename form.
  'doorLock.modifyTemporaryPassword #2 type': { required: 'No' },
};
// Catalog members without a row: their shape comes from the section's sample.
const FROM_SAMPLE = new Set(['device.control commands.code', 'device.control commands.value']);
// Rows that the catalog leaves out.
const LEFT_OUT = new Set([
  'doorLock.modifyTemporaryPassword bluetooth_symbolic', // a Bluetooth option in a form Bluetooth locks cannot use
]);

function flatten(params, out = new Map(), prefix = '') {
  for (const param of params) {
    out.set(prefix + param.name, param);
    if (param.fields) flatten(param.fields, out, `${prefix}${param.name}.`);
  }
  return out;
}

test('parameter names, types and required flags follow the sections, except the listed choices', () => {
  for (const section of sections) {
    const entry = entryOf(section);
    const params = flatten(entry.params);
    const byName = new Map([...params].map(([path, param]) => [path.split('.').pop(), param]));
    const seen = new Set();
    for (const row of section.rows) {
      const key = `${label(section)} ${row.name}`;
      if (LEFT_OUT.has(key)) {
        assert.equal(
          entry.params.some((p) => p.name === row.name),
          false,
          key,
        );
        continue;
      }
      // Nested tables repeat names (schedule_list's effective_time): take the top-level one first.
      const param = (!seen.has(row.name) && entry.params.find((p) => p.name === row.name)) || byName.get(row.name);
      seen.add(row.name);
      assert.ok(param, `${key}: not in the catalog`);
      const choice = PARAM_CHOICES[key] ?? {};
      assert.equal(param.type, choice.type ?? TYPE_NAMES[row.type] ?? row.type, `${key}: type`);
      const required = choice.required ?? row.required;
      if (required.startsWith('This field is required')) {
        assert.deepEqual(param.requiredFor, ['zigbee'], `${key}: required on Zigbee`);
      } else if (!(section.name === 'doorLock.createPermissionSharing' && required === '')) {
        assert.equal(param.required, required === 'Yes', `${key}: required`);
      }
    }
    // Nothing in the catalog that the section does not list (deleteOfflinePassword has no section).
    const listed = new Set(section.rows.map((row) => row.name));
    for (const path of params.keys()) {
      if (FROM_SAMPLE.has(`${label(section)} ${path}`)) continue;
      assert.ok(listed.has(path.split('.').pop()), `${label(section)} ${path}: not in the reference`);
    }
  }
});

test('every sample request of the reference has a fixture that differs from it only by the listed fixes', () => {
  const fixtureFor = new Map(fixtures.requests.filter((f) => f.reference).map((f) => [f.reference, f]));
  let count = 0;
  for (const section of sections) {
    for (const sample of section.requests) {
      const fixture = fixtureFor.get(sample.label);
      assert.ok(fixture, `${sample.label}: no fixture`);
      assert.equal(sample.error, undefined, sample.label);
      const params = sample.value.action ? sample.value.params : sample.value;
      if (sample.value.action) assert.equal(sample.value.action, section.name);
      assert.deepEqual(fixture.params, mergePatch(params, fixture.patch ?? {}), sample.label);
      assert.equal(fixture.action, section.name);
      count++;
    }
  }
  assert.equal(count, 42);
  assert.equal(fixtureFor.size, 42);
  assert.deepEqual(
    fixtures.requests.filter((f) => !f.reference).map((f) => f.action),
    ['doorLock.openDoor', 'doorLock.deleteOfflinePassword'],
  );
});

test('every sample response of the reference has a fixture that differs from it only by the listed fixes', () => {
  const fixtureFor = new Map(fixtures.responses.map((f) => [f.reference, f]));
  let count = 0;
  for (const section of sections) {
    for (const sample of section.responses) {
      const fixture = fixtureFor.get(sample.label);
      assert.ok(fixture, `${sample.label}: no fixture`);
      assert.equal(fixture.action, section.name);
      assert.equal(Boolean(fixture.unparseable), sample.error !== undefined, `${sample.label}: parses?`);
      if (!fixture.unparseable) {
        const value = fixture.patch ? mergePatch(sample.value, fixture.patch) : sample.value;
        if (fixture.wrap) {
          assert.equal(fixture.body.success, true, sample.label);
          assert.deepEqual(fixture.body.result, value, sample.label);
        } else {
          assert.deepEqual(fixture.body, value, sample.label);
        }
      }
      count++;
    }
  }
  assert.equal(count, 63);
  assert.equal(fixtureFor.size, 63);
});
