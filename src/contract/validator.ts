// Checks a response (status, content type, body) against the contract, with ajv validators compiled lazily.
import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { bodyIssue, issuesFromAjv, type SchemaIssue } from './issues';
import { getOperation, type Contract, type ContractOperation, type ContractResponse } from './spec';

export { requestBodySchema } from './spec';
export { exampleBodies, type ExampleBody } from './examples';
export type { SchemaIssue } from './issues';

export type ViolationKind = 'status' | 'content-type' | 'schema';

export interface ContractViolation {
  readonly kind: ViolationKind;
  readonly operationId: string;
  readonly status: number;
  /** JSON pointer into the body ("" for the root); schema violations only. */
  readonly pointer?: string;
  /** The offending value, shortened for display. */
  readonly value?: unknown;
  readonly keyword?: string;
  readonly message: string;
}

export interface ResponseToCheck {
  readonly operationId: string;
  readonly status: number;
  /** The Content-Type header as received; undefined or null when there was none. */
  readonly contentType?: string | null;
  /**
   * The body: raw text or bytes as received (parsed here, so that a body that is not JSON is reported),
   * or a value already parsed from JSON. Undefined when there was no body.
   */
  readonly body?: unknown;
  /** The JSON value of a text `body`, when the caller has parsed it already (a page may hold thousands). */
  readonly parsed?: unknown;
}

/** Where a body belongs: a request body, or the response of a status key ("201", "4XX"). */
export type BodyTarget =
  | { readonly operationId: string; readonly part: 'request'; readonly mediaType?: string }
  | {
      readonly operationId: string;
      readonly part: 'response';
      readonly statusKey: string;
      readonly mediaType?: string;
    };

const JSON_MEDIA_TYPE = 'application/json';

// Keywords of the OpenAPI 3.1 base dialect that JSON Schema 2020-12 lacks; annotations only.
const OPENAPI_KEYWORDS = ['example', 'discriminator', 'xml', 'externalDocs'];

interface Validators {
  readonly ajv: Ajv2020;
  readonly compiled: Map<string, ValidateFunction>;
}

const validatorsByContract = new WeakMap<Contract, Validators>();

/** Every way the response departs from the contract; empty when it conforms. */
export function validateResponse(contract: Contract, response: ResponseToCheck): ContractViolation[] {
  const { operationId, status } = response;
  const operation = getOperation(contract, operationId);
  const entry = responseEntry(operation, status);
  if (!entry) {
    const allowed = [...operation.responses.keys()].join(', ');
    const message = `status ${status} is not in the contract for ${operationId}: allowed ${allowed}`;
    return [{ kind: 'status', operationId, status, message }];
  }
  // No content declared (401, 429, 204): neither the body nor its content type is checked.
  if (!entry.content) return [];

  const violations: ContractViolation[] = [];
  const declared = Object.keys(entry.content);
  const received = mediaTypeOf(response.contentType);
  let mediaType = declared.find((candidate) => mediaTypeMatches(candidate, received));
  if (mediaType === undefined) {
    const got =
      received === undefined
        ? 'no Content-Type header'
        : `Content-Type ${JSON.stringify(response.contentType)}`;
    const message = `${operationId} ${status}: ${got}, expected ${declared.join(' or ')}`;
    violations.push({ kind: 'content-type', operationId, status, value: response.contentType, message });
    // Still check the body when there is no doubt about which schema it should have.
    if (declared.length !== 1) return violations;
    mediaType = declared[0];
  }

  const target: BodyTarget = { operationId, part: 'response', statusKey: entry.statusKey, mediaType };
  const json = isJsonMediaType(mediaType ?? JSON_MEDIA_TYPE);
  const parsed =
    json && response.parsed !== undefined ? { value: response.parsed } : parseBody(response.body, json);
  const issues = 'issue' in parsed ? [parsed.issue] : validateBody(contract, target, parsed.value);
  violations.push(
    ...issues.map((issue): ContractViolation => ({ kind: 'schema', operationId, status, ...issue })),
  );
  return violations;
}

/** Checks an already parsed body against the schema of `target`. */
export function validateBody(contract: Contract, target: BodyTarget, body: unknown): SchemaIssue[] {
  const validate = validatorFor(contract, target);
  return validate(body) ? [] : issuesFromAjv(validate.errors ?? []);
}

/** Checks an already parsed request body of `operationId` (application/json). */
export function validateRequestBody(contract: Contract, operationId: string, body: unknown): SchemaIssue[] {
  return validateBody(contract, { operationId, part: 'request' }, body);
}

/** The response entry that applies to `status`: the exact status, else its range ("4XX"), else "default". */
export function responseEntry(operation: ContractOperation, status: number): ContractResponse | undefined {
  if (!Number.isInteger(status) || status < 100 || status > 599) return undefined;
  const { responses } = operation;
  return (
    responses.get(String(status)) ??
    responses.get(`${Math.floor(status / 100)}XX`) ??
    responses.get('default')
  );
}

function validatorFor(contract: Contract, target: BodyTarget): ValidateFunction {
  const mediaType = target.mediaType ?? JSON_MEDIA_TYPE;
  const part = target.part === 'request' ? 'request' : `response ${target.statusKey}`;
  const key = `${target.operationId} ${part} ${mediaType}`;
  const { ajv, compiled } = validators(contract);
  const cached = compiled.get(key);
  if (cached) return cached;

  const operation = getOperation(contract, target.operationId);
  const content =
    target.part === 'request'
      ? operation.requestBody?.content
      : operation.responses.get(target.statusKey)?.content;
  const media = content?.[mediaType];
  if (!media) throw new Error(`the contract declares no ${mediaType} body for ${key}`);
  try {
    // A media type without a schema admits any body.
    const validate = ajv.compile(media.schema ?? true);
    compiled.set(key, validate);
    return validate;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`the schema of ${key} does not compile: ${reason}`, { cause: error });
  }
}

function validators(contract: Contract): Validators {
  let found = validatorsByContract.get(contract);
  if (!found) {
    const ajv = new Ajv2020({
      allErrors: true,
      strict: true,
      // strictRequired rejects `anyOf: [{required: [a]}, {required: [b]}]` ("one of these keys"), an idiom
      // the error schemas use; tests/self/contract.spec.ts checks `required` lists against `properties`.
      strictRequired: false,
      allowUnionTypes: true,
      verbose: true,
    });
    addFormats(ajv);
    for (const keyword of OPENAPI_KEYWORDS) ajv.addKeyword(keyword);
    found = { ajv, compiled: new Map() };
    validatorsByContract.set(contract, found);
  }
  return found;
}

function parseBody(body: unknown, json: boolean): { value: unknown } | { issue: SchemaIssue } {
  if (body === undefined) return { issue: bodyIssue('json', 'is missing, expected a JSON document') };
  const text =
    typeof body === 'string' ? body : body instanceof Uint8Array ? new TextDecoder().decode(body) : undefined;
  if (text === undefined || !json) return { value: text ?? body };
  if (text.trim() === '') return { issue: bodyIssue('json', 'is empty, expected a JSON document') };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { issue: bodyIssue('json', `is not JSON: ${reason}`, text) };
  }
}

/** The media type of a Content-Type header, lower-cased, without parameters such as charset. */
function mediaTypeOf(contentType: string | null | undefined): string | undefined {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  return mediaType ? mediaType : undefined;
}

function mediaTypeMatches(declared: string, received: string | undefined): boolean {
  if (received === undefined) return false;
  if (declared === received || declared === '*/*') return true;
  return declared.endsWith('/*') && received.startsWith(declared.slice(0, -1));
}

function isJsonMediaType(mediaType: string): boolean {
  return mediaType === JSON_MEDIA_TYPE || mediaType.endsWith('+json');
}
