/**
 * A HAR-aware reading of reports/exchanges.har: the document against the HAR 1.2 JSON schema of the `har-schema`
 * package, and what that schema leaves unchecked (it is draft-06 with keywords of its own, such as `min`, that no
 * validator enforces) against the text of the specification (http://www.softwareishard.com/blog/har-12-spec/):
 * the version, timings that are not negative (-1 only where a phase does not apply) and add up to the entry's
 * time, sizes not told written -1, and the traceparent of every request among its headers.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import harSchemas from 'har-schema';
import type { Har, HarEntry } from '../../../src/http/har';

const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/;

let validate: ReturnType<Ajv['compile']> | undefined;

/** The validator of a whole HAR document, compiled once from every schema of har-schema. */
function harValidator(): ReturnType<Ajv['compile']> {
  if (validate) return validate;
  // strict: false, since har-schema's own keywords (`min`, `optional`, `unique`) are not JSON Schema's.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addMetaSchema(draft06);
  for (const schema of Object.values(harSchemas)) ajv.addSchema(schema);
  validate = ajv.getSchema('har.json#');
  if (!validate) throw new Error('har-schema has no har.json#');
  return validate;
}

/** What the specification says of one entry that the schema does not check. */
function entryErrors(entry: HarEntry, at: string): string[] {
  const errors: string[] = [];
  const { timings } = entry;
  for (const phase of ['send', 'wait', 'receive'] as const)
    if (!(timings[phase] >= 0)) errors.push(`${at}/timings/${phase} is ${timings[phase]}, not >= 0`);
  for (const phase of ['blocked', 'dns', 'connect', 'ssl'] as const)
    if (timings[phase] !== undefined && !(timings[phase] >= -1))
      errors.push(`${at}/timings/${phase} is ${timings[phase]}, not >= -1`);
  const sum = Object.entries(timings)
    .filter(([phase, ms]) => phase !== 'comment' && ms !== -1)
    .reduce((total, [, ms]) => total + ms, 0);
  if (Math.abs(sum - entry.time) > 0.011)
    errors.push(`${at}/time is ${entry.time}, the timings add up to ${sum}`);
  if (entry.request.headersSize !== -1) errors.push(`${at}/request/headersSize is not -1`);
  if (entry.response.headersSize !== -1) errors.push(`${at}/response/headersSize is not -1`);
  if (entry.request.bodySize < 0) errors.push(`${at}/request/bodySize is negative`);
  if (entry.request.bodySize > 0 && !entry.request.postData)
    errors.push(`${at}/request has a body but no postData`);
  if (entry.response.status > 0 && entry.response.content.size !== entry.response.bodySize)
    errors.push(`${at}/response/content/size is not the body's size`);
  const traceparents = entry.request.headers.filter((h) => h.name.toLowerCase() === 'traceparent');
  if (traceparents.length !== 1 || !TRACEPARENT.test(traceparents[0]!.value))
    errors.push(`${at}/request/headers has no one well-formed traceparent: ${JSON.stringify(traceparents)}`);
  return errors;
}

/** Where the document breaks HAR 1.2; [] when it does not. */
export function harErrors(document: unknown): string[] {
  const check = harValidator();
  if (!check(document)) return (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  const { log } = document as Har;
  const errors = log.version === '1.2' ? [] : [`/log/version is ${JSON.stringify(log.version)}, not "1.2"`];
  const pages = new Set(log.pages.map((page) => page.id));
  if (pages.size !== log.pages.length) errors.push('/log/pages has two pages of one id');
  log.entries.forEach((entry, i) => {
    errors.push(...entryErrors(entry, `/log/entries/${i}`));
    if (!pages.has(entry.pageref)) errors.push(`/log/entries/${i}/pageref names no page`);
  });
  return errors;
}
