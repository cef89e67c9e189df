// Reads doorlock-cloud-api.txt the way a person does: section by section ("API endpoint" starts
// one), collecting each section's lock types, request-parameter rows, sample requests and sample
// responses. The samples are JSON as the reference writes it (comments, trailing commas, single
// quotes, a truncated block), so they are read leniently; what still does not parse is reported
// as such. The tests compare the catalog and the fixtures against what this finds.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceDir } from './load.mjs';

const LOCK_NAMES = [
  ['Standard Wi-Fi lock', 'standard_wifi'],
  ['Wi-Fi access control', 'wifi_access_control'],
  ['Wi-Fi lock', 'wifi'],
  ['Zigbee lock', 'zigbee'],
  ['Bluetooth lock', 'ble'],
];

const ACTION = /\b(doorLock|device|timer)\.[A-Za-z]+/;
const HEADING = /(Sample request|Sample response[^\n]*|^Example)$/;
const ROW = /^([A-Za-z_][A-Za-z0-9_]*) \| ([A-Za-z_]+) \|/;

// Lenient JSON: // comments, 'single quotes', trailing commas and unclosed brackets are repaired.
export function lenientParse(text) {
  let out = '';
  const open = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      let j = i + 1;
      let body = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\') body += text[j++];
        body += text[j++];
      }
      out += '"' + (c === "'" ? body.replace(/"/g, '\\"') : body) + '"';
      i = j;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '{' || c === '[') {
      open.push(c === '{' ? '}' : ']');
      out += c;
    } else if (c === '}' || c === ']') {
      out = out.replace(/,\s*$/, '');
      open.pop();
      out += c;
    } else {
      out += c;
    }
  }
  out = out.replace(/,\s*$/, '');
  while (open.length) out += open.pop();
  return JSON.parse(out);
}

// The JSON block that starts at lines[start]: up to the line where the brackets balance, or up to
// the first line that cannot belong to JSON (a truncated block).
function jsonBlock(lines, start) {
  let depth = 0;
  const taken = [];
  for (let i = start; i < lines.length; i++) {
    const line = lines[i];
    if (taken.length > 0 && depth > 0 && /^[A-Z][a-z]/.test(line)) break;
    taken.push(line);
    for (const c of line.replace(/"(?:[^"\\]|\\.)*"/g, '""')) {
      if (c === '{' || c === '[') depth++;
      if (c === '}' || c === ']') depth--;
    }
    if (depth <= 0) break;
  }
  return taken.join('\n');
}

function lockTypesOf(line) {
  const text = line.split('|')[1].trim();
  for (const [label, name] of LOCK_NAMES) if (text.startsWith(label)) return name;
  throw new Error(`unknown lock type label: ${text}`);
}

export function readReference() {
  const lines = readFileSync(join(referenceDir, 'doorlock-cloud-api.txt'), 'utf8').split('\n');
  const sections = [];
  const seen = new Map();
  let pendingLocks = [];
  let current = null;
  let inParams = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('Applicable lock type |')) pendingLocks.push(lockTypesOf(line));
    if (line === 'API endpoint') {
      const name = lines[i + 1].match(ACTION)[0];
      const occurrence = seen.get(name) ?? 0;
      seen.set(name, occurrence + 1);
      current = { name, occurrence, lockTypes: pendingLocks, rows: [], requests: [], responses: [] };
      sections.push(current);
      pendingLocks = [];
      inParams = false;
      continue;
    }
    if (!current) continue;
    if (line === 'Request parameter') inParams = true;
    if (/^(Sample request|Return parameter|Response parameter)/.test(line)) inParams = false;
    if (inParams) {
      const row = line.match(ROW);
      if (row && row[1] !== 'Parameter') {
        // A row may continue on the next lines ("...|\nYes |") up to the next row.
        let text = line;
        for (let j = i + 1; j < lines.length && !ROW.test(lines[j]) && !/^(Sample|Description|Return|[a-z_]+$)/.test(lines[j]); j++) {
          text += ' ' + lines[j];
        }
        const cells = text.split('|').map((cell) => cell.trim());
        const required = cells.filter((cell) => cell === 'Yes' || cell === 'No' || cell.startsWith('This field is required')).pop();
        current.rows.push({ name: row[1], type: row[2], required: required ?? '' });
      }
    }
    const heading = line.match(HEADING);
    if (!heading) continue;
    let start = i + 1;
    while (start < lines.length && !/^[{[]/.test(lines[start])) start++;
    const text = jsonBlock(lines, start);
    let value;
    let error;
    try {
      value = lenientParse(text);
    } catch (cause) {
      error = cause.message;
    }
    const kind = heading[1] === 'Sample request' ? 'requests' : 'responses';
    current[kind].push({ heading: heading[1], text, value, error, label: `${label(current)} / ${heading[1]}` });
    i = start;
  }
  return sections;
}

// "doorLock.modifyTemporaryPassword #2" for the second section of that name.
export function label(section) {
  return section.occurrence === 0 ? section.name : `${section.name} #${section.occurrence + 1}`;
}
