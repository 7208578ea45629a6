/**
 * Add a backend server (v2.0): the create body as a whole (docs/readings.md §1 "Refusals", §5): a body that is
 * no member object must be refused; one over the size limit may be refused for its size.
 */
import { isRecord, parseJson } from '../json';
import { statusMatches, type ExpectedStatus } from '../http/expect';
import type { Profile } from '../target/profiles';
import { refusalShows, isSuccess } from './status';
import { held, violation, type Finding } from './violation';
import { entry, type RuleEntry } from './entry';

/** What a create sent: its body's parsed JSON (undefined when not JSON), its member object, and its size. */
export interface CreateSent {
  json: unknown;
  member: Record<string, unknown> | undefined;
  bytes: number;
}

export function createSent(body: string | Buffer): CreateSent {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  const json = parseJson(text);
  const member = isRecord(json) && isRecord(json.member) ? json.member : undefined;
  return { json, member, bytes: Buffer.byteLength(text) };
}

/** A rule about the body as a whole; first match wins. */
export interface BodyRule {
  requirement: string;
  what: string;
  breaks: (sent: CreateSent, profile: Profile) => boolean;
  /** The statuses the rule accepts for such a body. */
  demand: (profile: Profile) => ExpectedStatus;
}

export const BODY_RULES: readonly BodyRule[] = [
  {
    requirement: 'V2-BODY-TOO-LARGE',
    what: 'a body over 1 MiB',
    breaks: (sent, profile) => sent.bytes > profile.limits.bodyBytes,
    // The pages set no size limit (docs/readings.md §5): refused with a 4xx, or taken as any other body.
    demand: (profile) => ['4xx', profile.v2CreateSuccess],
  },
  {
    requirement: 'V2-BODY-MALFORMED',
    what: 'a body that is not JSON, not an object or has no member object',
    breaks: (sent) => sent.member === undefined,
    demand: (profile) => profile.refusals.invalidMember,
  },
];

export function bodyRuleOf(sent: CreateSent, profile: Profile): BodyRule | undefined {
  return BODY_RULES.find((rule) => rule.breaks(sent, profile));
}

/**
 * The body rule a create meets, judged by its answer's status: the refusal the rule names keeps it (but a
 * 401, 403 or 404, which may refuse the token or the pool), a success it does not allow breaks it, and any
 * other answer shows nothing of it (a 5xx: see server-error.ts).
 */
export function bodyFindings(sent: CreateSent, status: number, profile: Profile): Finding[] {
  const rule = bodyRuleOf(sent, profile);
  if (!rule) return [];
  const demand = rule.demand(profile);
  if (refusalShows(demand, status)) return [held(rule.requirement)];
  if (statusMatches(demand, status)) return [];
  if (isSuccess(status))
    return [
      {
        requirement: rule.requirement,
        violations: [
          violation(
            rule.requirement,
            '',
            String(demand),
            String(status),
            `${rule.what} got ${status}; it must be refused`,
            'status',
          ),
        ],
      },
    ];
  return [];
}

/** The rows of the rule index (index.ts) this module's rules fill. */
export const BODY_RULE_ENTRIES: readonly RuleEntry[] = [
  entry('V2-BODY-MALFORMED', bodyFindings, true),
  entry('V2-BODY-TOO-LARGE', bodyFindings, true),
];
