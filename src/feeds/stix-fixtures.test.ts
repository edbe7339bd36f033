import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { fixturePath, SHARED_DATA } from './testing/loopback.ts';

const SCHEMAS = path.join(SHARED_DATA, 'stix2-schemas/schemas');

/** OASIS's STIX 2.1 JSON Schemas, loaded once, to prove the test fixtures are real STIX. */
function loadValidator() {
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
  const common = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/common';
  byType.set('bundle', `${common}/bundle.json`);
  byType.set('marking-definition', `${common}/marking-definition.json`);
  return (obj: { type: string }) => {
    const validate = ajv.getSchema(byType.get(obj.type) ?? '');
    if (!validate) return [`no schema for ${obj.type}`];
    return validate(obj) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  };
}

describe('STIX fixtures against the OASIS schemas', () => {
  const check = loadValidator();

  it('every object of the bundle and of the TAXII collection is valid STIX 2.1', () => {
    const bundle = JSON.parse(fs.readFileSync(fixturePath('stix/bundle.json'), 'utf8'));
    const taxii = JSON.parse(fs.readFileSync(fixturePath('taxii/collection.json'), 'utf8'));
    const objects = [...bundle.objects, ...taxii.objects.map((r: { object: unknown }) => r.object)];
    expect(check(bundle)).toEqual([]);
    for (const obj of objects) expect({ id: obj.id, errors: check(obj) }).toEqual({ id: obj.id, errors: [] });
  });

  it('the validator does reject a broken indicator', () => {
    const bad = {
      type: 'indicator',
      spec_version: '2.1',
      id: 'indicator--nope',
      pattern: "[url:value = 'x']",
    };
    expect(check(bad).length).toBeGreaterThan(0);
  });
});
