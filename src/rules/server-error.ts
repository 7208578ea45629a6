/**
 * A server error (a 5xx but a 503) answered a request without judging it: it breaks the rule the request is
 * about, and shows no rule holding (docs/proxy.md "A server error").
 */
import { successRequirement } from '../http/attribution';
import type { Profile } from '../target/profiles';
import { bodyRuleOf, type CreateSent } from './v2-body';
import { UNBOUNDED_VALUE_REQUIREMENTS, valueRuleOf } from './v2-values';
import { finding, violation, type Finding } from './violation';
import { entry, type RuleEntry } from './entry';

export interface ServerErrorSeen {
  operationId: string;
  status: number;
  statusText: string;
  /** Whether the request carried X-Auth-Token. */
  token: boolean;
  /** For a v2.0 create: what it sent, and the member that already holds its pair, if one does. */
  create?: { sent: CreateSent; heldBy: string | undefined };
}

/**
 * The requirement a request is about: for a create, the first body or value rule its body meets, else the
 * uniqueness of a held pair; a request without a token is about the API's authentication; otherwise, or
 * when the profile does not have that requirement (`applies`), the operation's response rule.
 */
export function requestAbout(
  seen: ServerErrorSeen,
  profile: Profile,
  applies: (requirement: string) => boolean,
): string {
  const api = seen.operationId.endsWith('V3') ? 'V3' : 'V2';
  const fallback = successRequirement(seen.operationId) ?? `${api}-ERROR-BODY`;
  let about: string | undefined;
  if (!seen.token) about = `${api}-AUTH`;
  else if (seen.create) {
    const { sent, heldBy } = seen.create;
    about =
      bodyRuleOf(sent, profile)?.requirement ??
      (sent.member ? valueRuleOf(sent.member, profile)?.requirement : undefined) ??
      (heldBy !== undefined ? 'V2-DUPLICATE-REJECTED' : undefined);
  }
  return about !== undefined && applies(about) ? about : fallback;
}

export function serverError(
  seen: ServerErrorSeen,
  profile: Profile,
  applies: (requirement: string) => boolean,
): Finding[] {
  if (seen.status < 500 || seen.status === 503) return [];
  const requirement = requestAbout(seen, profile, applies);
  return [
    finding(requirement, [
      violation(
        requirement,
        '',
        'an answer that judges the request',
        String(seen.status),
        `the request got ${seen.status} ${seen.statusText}`.trim(),
        'status',
      ),
    ]),
  ];
}

/** The rows of the rule index (index.ts) this module's rules fill. */
export const SERVER_ERROR_RULES: readonly RuleEntry[] = [
  ...UNBOUNDED_VALUE_REQUIREMENTS.map((requirement) => entry(requirement, serverError, true)),
  entry('V2-AUTH', serverError, true),
  entry('V3-AUTH', serverError, true),
];
