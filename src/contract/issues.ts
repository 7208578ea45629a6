// Turns ajv's errors into issues a reader of a conformance report can act on.
import { isRecord } from '../json';
import type { ErrorObject } from 'ajv';

export interface SchemaIssue {
  /** JSON pointer of the offending value in the body, "" for the root; for a missing property, its path. */
  readonly pointer: string;
  /** The offending value, shortened for display; absent when the value is missing. */
  readonly value?: unknown;
  /** The JSON Schema keyword that failed, or "json" when the body is not JSON at all. */
  readonly keyword: string;
  /** E.g. "/member/weight must be <= 100 (got 101)". */
  readonly message: string;
}

const MAX_STRING = 200;
const MAX_JSON = 500;
const MAX_SHOWN = 80;

/**
 * One issue per ajv error (ajv must run with `verbose: true`), except that a value matching none of the
 * alternatives of an anyOf/oneOf is reported once, at the alternative, not once per failed branch.
 */
export function issuesFromAjv(errors: readonly ErrorObject[]): SchemaIssue[] {
  const alternatives = errors
    .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .map((e) => `${e.schemaPath}/`);
  return errors.filter((e) => !alternatives.some((prefix) => e.schemaPath.startsWith(prefix))).map(toIssue);
}

/** An issue about the body as a whole (empty, not JSON). */
export function bodyIssue(keyword: string, text: string, value?: unknown): SchemaIssue {
  return value === undefined
    ? { pointer: '', keyword, message: `body ${text}` }
    : { pointer: '', value: preview(value), keyword, message: `body ${text} (got ${show(value)})` };
}

/** The value itself when it is small; otherwise a shortened string, or a summary of the array or object. */
export function preview(value: unknown): unknown {
  if (typeof value === 'string' && value.length > MAX_STRING) {
    return `${value.slice(0, MAX_STRING)}… (${value.length} characters)`;
  }
  if (typeof value !== 'object' || value === null || JSON.stringify(value).length <= MAX_JSON) return value;
  if (Array.isArray(value)) return `[array of ${value.length} items]`;
  const keys = Object.keys(value);
  const shown = keys.slice(0, 5).join(', ') + (keys.length > 5 ? ', …' : '');
  return `{object with ${keys.length} properties: ${shown}}`;
}

/** A short JSON rendering of a value for a message. */
export function show(value: unknown): string {
  const json = value === undefined ? 'undefined' : JSON.stringify(value);
  return json.length > MAX_SHOWN ? `${json.slice(0, MAX_SHOWN - 1)}…` : json;
}

function toIssue(error: ErrorObject): SchemaIssue {
  const pointer = error.instancePath;
  const where = pointer === '' ? 'body' : pointer;
  const params: Record<string, unknown> = error.params;
  const value: unknown = error.data;
  const found = (text: string): SchemaIssue => ({
    pointer,
    value: preview(value),
    keyword: error.keyword,
    message: `${where} ${text} (got ${show(value)})`,
  });

  switch (error.keyword) {
    case 'required': {
      const missing = child(pointer, String(params['missingProperty']));
      return { pointer: missing, keyword: error.keyword, message: `${missing} is required but missing` };
    }
    case 'dependentRequired': {
      const missing = child(pointer, String(params['missingProperty']));
      const present = child(pointer, String(params['property']));
      return {
        pointer: missing,
        keyword: error.keyword,
        message: `${missing} is required when ${present} is present`,
      };
    }
    case 'additionalProperties': {
      const extra = String(params['additionalProperty']);
      const extraValue: unknown = isRecord(value) ? value[extra] : undefined;
      const at = child(pointer, extra);
      return {
        pointer: at,
        value: preview(extraValue),
        keyword: error.keyword,
        message: `${at} is not allowed`,
      };
    }
    case 'type':
      return found(`must be ${String(params['type']).split(',').join(' or ')}`);
    case 'enum':
      return found(`must be one of ${listOf(params['allowedValues'], ', ', show)}`);
    case 'anyOf':
    case 'oneOf':
      return found(describeAlternatives(error.keyword, error.schema));
    default:
      return found(error.message ?? `fails ${error.keyword}`);
  }
}

function describeAlternatives(keyword: string, schema: unknown): string {
  const branches: unknown[] = Array.isArray(schema) ? schema : [];
  // The value of `key` in each branch made of that keyword alone, e.g. `{required: [a]}`, `{format: ipv4}`.
  const alone = (key: string) =>
    branches.map((b) => (isRecord(b) && Object.keys(b).length === 1 ? b[key] : undefined));
  const required = alone('required');
  if (branches.length > 0 && required.every((r) => r !== undefined)) {
    return `must have one of the properties ${required.map((names) => listOf(names, '+')).join(', ')}`;
  }
  const formats = alone('format');
  if (branches.length > 0 && formats.every((f) => f !== undefined)) {
    return `must match one of the formats ${listOf(formats)}`;
  }
  return `must match ${keyword === 'oneOf' ? 'exactly' : 'at least'} one of ${branches.length} alternatives`;
}

function listOf(values: unknown, separator = ', ', render = plain): string {
  return Array.isArray(values) ? values.map(render).join(separator) : render(values);
}

function plain(value: unknown): string {
  return typeof value === 'string' ? value : show(value);
}

function child(pointer: string, property: string): string {
  return `${pointer}/${property.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}
