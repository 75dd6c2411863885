// The editor at /admin/: Decap CMS with the archive's formats, a picker across collections, and
// the year folder of events. The configuration is config.yml, generated from the record schema.
import { parseRecordYaml, recordFormat, withPathKeys } from './records.js';

const CMS = window.CMS;

// Decap's relation widget searches one collection; a metric's subject or a post's author is a
// leader or an organization. This one asks each collection and offers all their entries.
function registerMultiRelation() {
  const relation = CMS.getWidget('relation');
  function MultiRelationControl(props) {
    const names = props.field.get('collections').toArray();
    const query = (forID, _collection, ...rest) =>
      Promise.all(names.map((name) => props.query(forID, name, ...rest))).then((results) => ({
        payload: { hits: results.flatMap((result) => result.payload.hits ?? []) },
      }));
    const field = props.field.set('collection', names[0]);
    return window.h(relation.control, { ...props, field, query });
  }
  CMS.registerWidget('multi-relation', MultiRelationControl, relation.preview);
}

async function start() {
  const response = await fetch('config.yml', { cache: 'no-cache' });
  if (!response.ok) throw new Error(`config.yml: HTTP ${response.status}`);
  const config = parseRecordYaml(await response.text());
  const collections = new Map(config.collections.map((c) => [c.name, c]));
  for (const collection of collections.values()) {
    CMS.registerCustomFormat(collection.format, collection.extension, recordFormat(collection));
  }
  registerMultiRelation();
  // New files go where the record's fields say (events/YYYY/<slug>.md): Decap reads the
  // `{{date_year}}` of a path from the entry's data, so it is put there before saving; the
  // format leaves it out of the file.
  CMS.registerEventListener({
    name: 'preSave',
    handler: ({ entry }) => {
      const collection = collections.get(entry.get('collection'));
      const years = withPathKeys(collection, entry.get('data').toJS());
      return entry.get('data').merge(years);
    },
  });
  CMS.init({ config: { ...config, load_config_file: false } });
}

start().catch((error) => {
  document.body.textContent = `The editor could not start: ${error.message}`;
  throw error;
});
