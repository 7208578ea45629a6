import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ROOT } from './paths';

/** Where reports/conformance.json breaks its published schema (docs/conformance-json.schema.json); [] when it doesn't. */
export function schemaErrors(report: unknown): string[] {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  const schema = JSON.parse(
    readFileSync(path.join(ROOT, 'docs/conformance-json.schema.json'), 'utf8'),
  ) as object;
  const validate = ajv.compile(schema);
  return validate(report) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
