// Record files as the archive reads them: the editor's formats read and write YAML the way the
// archive's loader (plugins/archive/yamlsource.py, PyYAML's safe loader) reads it back.
import { Document, isMap, isScalar, isSeq, parse, visit } from './yaml/index.js';

const BOOLEAN = 'tag:yaml.org,2002:bool';
const TIMESTAMP = 'tag:yaml.org,2002:timestamp';

// PyYAML's booleans (YAML 1.1 without y and n), so a title "No" is written quoted.
function booleanTag(value) {
  return {
    identify: (v) => v === value,
    default: true,
    tag: BOOLEAN,
    test: value
      ? /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/
      : /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/,
    resolve: () => value,
    stringify: () => String(value),
  };
}

// YAML 1.1 as the archive's loader reads it: timestamps stay text, so `2013-05` and `2013-05-17`
// are dates as written, and a bare `2013` is a number, written quoted when it is text.
export const RECORD_YAML = {
  version: '1.1',
  customTags: (tags) => [
    ...tags.filter((tag) => tag.tag !== TIMESTAMP && tag.tag !== BOOLEAN),
    booleanTag(true),
    booleanTag(false),
  ],
};

export function parseRecordYaml(text) {
  return parse(text, RECORD_YAML) ?? {};
}

// Lists of slugs and small mappings on one line, as the records are written by hand:
// `platforms: [sina-weibo]`, `location: {name: Beijing, country: China}`.
function inlineShortCollections(doc) {
  visit(doc, {
    Seq(_, node) {
      if (node.items.every(isScalar)) node.flow = true;
    },
    Map(_, node, path) {
      const parent = path[path.length - 1];
      if (path.length > 1 && !isSeq(parent) && node.items.every((pair) => isScalar(pair.value))) {
        node.flow = true;
      }
    },
  });
}

export function stringifyRecordYaml(data) {
  const doc = new Document(data, RECORD_YAML);
  inlineShortCollections(doc);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false, indentSeq: true });
}

function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isEmpty(value) {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    (Array.isArray(value) && value.length === 0) ||
    (isPlainObject(value) && Object.keys(value).length === 0)
  );
}

// A field is written even when empty if the record must have it: required, or a list that must
// be present but may be empty (`min: 0`, e.g. `platforms: []`).
function keepsEmpty(field) {
  return field.required !== false || field.min === 0;
}

function tidy(value, field) {
  if (typeof value === 'string') return value.trim();
  if (field.fields && isPlainObject(value)) return ordered(value, field.fields);
  if (field.fields && Array.isArray(value)) {
    return value.map((item) => (isPlainObject(item) ? ordered(item, field.fields) : item));
  }
  return value;
}

// The record's keys in the order of the form (the order of the schema, and of hand-written
// records), empty optional fields left out; keys the form does not know are kept, at the end, so
// that the check reports them rather than the editor losing them.
export function ordered(data, fields, transient = new Set()) {
  const out = {};
  const known = new Set(fields.map((field) => field.name));
  for (const field of fields) {
    if (!(field.name in data)) continue;
    const value = tidy(data[field.name], field);
    if (!isEmpty(value) || keepsEmpty(field)) out[field.name] = value;
  }
  for (const [key, value] of Object.entries(data)) {
    if (!known.has(key) && !transient.has(key)) out[key] = value;
  }
  return out;
}

// Keys the editor adds for a file's path only, such as `date_year` in `{{date_year}}/{{slug}}`.
export function pathKeys(collection) {
  return new Set([...(collection.path ?? '').matchAll(/{{\s*(\w+_year)\s*}}/g)].map((m) => m[1]));
}

// `date_year` is the year of the record's `date`, as written: `2013-05` gives 2013.
export function withPathKeys(collection, data) {
  const years = {};
  for (const key of pathKeys(collection)) {
    years[key] = String(data[key.slice(0, -'_year'.length)] ?? '').slice(0, 4);
  }
  return years;
}

// Front matter and body as the archive splits them (yamlsource.split_front_matter).
function splitFrontMatter(text) {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines[0].trim() !== '---') return { front: '', body: text };
  const end = lines.findIndex((line, i) => i > 0 && ['---', '...'].includes(line.trim()));
  if (end < 0) return { front: '', body: text };
  return { front: lines.slice(1, end).join('\n'), body: lines.slice(end + 1).join('\n') };
}

// A Decap format for one collection: YAML files, or YAML front matter and a Markdown body.
export function recordFormat(collection) {
  const withBody = collection.extension === 'md';
  const fields = collection.fields.filter((field) => field.widget !== 'markdown');
  const transient = pathKeys(collection);
  return {
    fromFile(text) {
      if (!withBody) return parseRecordYaml(text);
      const { front, body } = splitFrontMatter(text);
      return { ...parseRecordYaml(front), body };
    },
    toFile(data) {
      const { body, ...front } = data;
      const yaml = stringifyRecordYaml(ordered(front, fields, transient));
      if (!withBody) return yaml;
      const text = body ?? '';
      return `---\n${yaml}---\n${text.endsWith('\n') ? text : `${text}\n`}`;
    },
  };
}
