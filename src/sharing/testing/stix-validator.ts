import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const SCHEMAS = path.resolve(import.meta.dirname, '../../../../shared/data/stix2-schemas/schemas');
const BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas';

/**
 * The OASIS STIX 2.1 JSON Schemas (draft 2020-12) loaded into ajv. Each schema has an absolute `$id`
 * under BASE and refers to the others relatively (`../common/core.json`), so adding every file under its
 * own `$id` lets ajv resolve all references. Returns the error list of an object (empty = valid).
 */
export function createStixValidator(): (obj: { type: string }) => string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  const byType = new Map<string, string>();
  for (const dir of fs.readdirSync(SCHEMAS)) {
    for (const file of fs.readdirSync(path.join(SCHEMAS, dir))) {
      const schema = JSON.parse(fs.readFileSync(path.join(SCHEMAS, dir, file), 'utf8'));
      ajv.addSchema(schema);
      if (dir !== 'common') byType.set(file.replace(/\.json$/, ''), schema.$id);
    }
  }
  byType.set('bundle', `${BASE}/common/bundle.json`);
  byType.set('marking-definition', `${BASE}/common/marking-definition.json`);
  return (obj) => {
    const validate = ajv.getSchema(byType.get(obj.type) ?? '');
    if (!validate) return [`no schema for ${obj.type}`];
    return validate(obj) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  };
}
