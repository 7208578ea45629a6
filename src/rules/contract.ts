/**
 * The contract of every answer (openapi/), as the API client checks it in every test: each departure counts
 * against the requirement attribution.ts names; the content type is left to its own rule (errors.ts).
 */
import type { Contract } from '../contract/spec';
import { validateResponse } from '../contract/validator';
import { statusMatches } from '../http/expect';
import { requirementForViolation } from '../http/attribution';
import type { Profile } from '../target/profiles';
import type { Answer } from './errors';
import { finding, held, violation, type Finding } from './violation';
import { entry, type RuleEntry } from './entry';

/** The success each operation's test accepts, whose whole form keeps the operation's response rule. */
const SHOWN_SUCCESS: Record<
  string,
  { status: (profile: Profile) => number | '2xx' | '4xx'; requirement: string } | undefined
> = {
  createMemberV2: { status: (profile) => profile.v2CreateSuccess, requirement: 'V2-CREATE-RESPONSE' },
  listMembersV3: { status: () => 200, requirement: 'V3-LIST-SHAPE' },
};

export function contractFindings(
  contract: Contract,
  operationId: string,
  answer: Answer,
  profile: Profile,
): Finding[] {
  const departures = validateResponse(contract, {
    operationId,
    status: answer.status,
    contentType: answer.contentType ?? null,
    body: answer.text === '' ? undefined : answer.text,
  });
  const findings: Finding[] = [];
  for (const departure of departures) {
    if (departure.kind === 'content-type') continue;
    const requirement = requirementForViolation(operationId, departure);
    if (requirement)
      findings.push(
        finding(requirement, [
          violation(
            requirement,
            departure.pointer ?? '',
            'the contract',
            JSON.stringify(departure.value) ?? '',
            departure.message,
            departure.kind === 'status' ? 'status' : 'body',
          ),
        ]),
      );
  }
  const success = SHOWN_SUCCESS[operationId];
  if (success && statusMatches(success.status(profile), answer.status) && departures.length === 0)
    findings.push(held(success.requirement));
  return findings;
}

/** The rows of the rule index (index.ts) this module's rules fill. */
export const CONTRACT_RULES: readonly RuleEntry[] = [
  entry('V2-CREATE-RESPONSE', contractFindings, true),
  entry('V3-LIST-SHAPE', contractFindings, true),
  entry('V2-ERROR-BODY', contractFindings, true),
  entry('V3-ERROR-BODY', contractFindings, true),
];
