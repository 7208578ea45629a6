/**
 * The form of every answer of both APIs: its content type (docs/readings.md §1) and, for an error, its body
 * (v2.0: docs/readings.md §1 "Error bodies"; v3: docs/vendor/v3-query-backend-servers.txt, error_msg,
 * error_code, request_id).
 */
import { isRecord } from '../json';
import { finding, held, pointer, violation, type Finding, type Violation } from './violation';
import { entry, type RuleEntry } from './entry';

export type Api = 'v2' | 'v3';

/** The answer as the form rules see it. */
export interface Answer {
  status: number;
  /** The Content-Type header, if any. */
  contentType: string | undefined;
  /** The body as text ('' when there is none). */
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: unknown;
}

const JSON_MEDIA_TYPE = /^application\/json\s*(;|$)/i;

const CONTENT_TYPE: Record<Api, string> = { v2: 'V2-CONTENT-TYPE', v3: 'V3-CONTENT-TYPE' };
const ERROR_BODY: Record<Api, string> = { v2: 'V2-ERROR-BODY', v3: 'V3-ERROR-BODY' };

export function contentTypeRequirement(api: Api): string {
  return CONTENT_TYPE[api];
}

export function errorBodyRequirement(api: Api): string {
  return ERROR_BODY[api];
}

/** V2-CONTENT-TYPE, V3-CONTENT-TYPE: every answer with a body is labelled application/json. */
export function contentType(api: Api, answer: Answer): Finding[] {
  if (answer.text === '') return [];
  const requirement = CONTENT_TYPE[api];
  if (JSON_MEDIA_TYPE.test(answer.contentType ?? '')) return [held(requirement)];
  return [
    finding(requirement, [
      violation(
        requirement,
        '',
        'application/json',
        answer.contentType ?? '(none)',
        `a ${answer.status} answer is labelled ${answer.contentType ?? 'nothing'}`,
        'content-type',
      ),
    ]),
  ];
}

/** The message of a v2.0 error body in one of the known shapes (docs/readings.md §1 Error bodies), if any. */
function v2Message(body: unknown): { at: string; value: unknown } {
  if (!isRecord(body)) return { at: '', value: undefined };
  const neutron = isRecord(body.NeutronError) ? body.NeutronError : undefined;
  if (neutron?.message != null) return { at: pointer('NeutronError', 'message'), value: neutron.message };
  for (const key of ['error_msg', 'faultstring', 'description'])
    if (body[key] != null) return { at: pointer(key), value: body[key] };
  return { at: '', value: undefined };
}

const hasText = (value: unknown) => typeof value === 'string' && value.trim() !== '';
const nonEmpty = (value: unknown) => typeof value === 'string' && value !== '';

/**
 * V2-ERROR-BODY, V3-ERROR-BODY: an error answer (but a 401, whose body the requirement leaves out) is the
 * documented error body.
 */
export function errorBody(api: Api, answer: Answer): Finding[] {
  if (answer.status < 400 || answer.status === 401) return [];
  const requirement = ERROR_BODY[api];
  const violations: Violation[] = [];
  if (api === 'v2') {
    const { at, value } = v2Message(answer.json);
    if (!hasText(value))
      violations.push(
        violation(
          requirement,
          at,
          'a non-empty message',
          JSON.stringify(value) ?? '(none)',
          `the ${answer.status} answer carries no message`,
        ),
      );
  } else {
    const body = isRecord(answer.json) ? answer.json : {};
    const missing = (['error_msg', 'error_code', 'request_id'] as const).filter(
      (key) => !nonEmpty(body[key]),
    );
    for (const key of missing)
      violations.push(
        violation(
          requirement,
          pointer(key),
          'a non-empty string',
          JSON.stringify(body[key]) ?? '(absent)',
          `${key} is not a non-empty string`,
        ),
      );
  }
  return [finding(requirement, violations)];
}

/** The rows of the rule index (index.ts) this module's rules fill. */
export const ERROR_RULES: readonly RuleEntry[] = [
  entry('V2-CONTENT-TYPE', contentType, true),
  entry('V3-CONTENT-TYPE', contentType, true),
  entry('V2-ERROR-BODY', errorBody, true),
  entry('V3-ERROR-BODY', errorBody, true),
];
