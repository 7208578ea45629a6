/**
 * Add a backend server (v2.0): bodies that are not a `member` object.
 * "member | Yes | Object | Specifies the backend server." (docs/vendor/v2.0-add-backend-server.txt:28-31)
 */
import { requirementTest, test } from '../../src/fixtures';
import { describeExpected } from '../../src/http/expect';
import { ConformanceFailure } from '../../src/http/failure';
import { bodyRuleOf, createSent } from '../../src/rules';
import type { Profile } from '../../src/target/profiles';
import type { V2MemberBody } from '../../src/v2/members';

/** The answer the body rule the raw body meets demands; a body that meets another is the suite's mistake. */
function bodyDemand(requirement: string, raw: string, profile: Profile) {
  const rule = bodyRuleOf(createSent(raw), profile);
  if (rule?.requirement !== requirement)
    throw new Error(`the body meant for ${requirement} meets ${rule?.requirement ?? 'no body rule'}`);
  return rule.demand(profile);
}

/** Each row: a body as sent on the wire, and what is wrong with it. */
const MALFORMED_BODIES: { what: string; body: (member: V2MemberBody) => string }[] = [
  { what: 'not JSON', body: () => 'member: address=192.168.0.1' },
  { what: 'truncated JSON', body: (m) => JSON.stringify({ member: m }).slice(0, -2) },
  { what: 'an empty body', body: () => '' },
  { what: 'a JSON array', body: (m) => JSON.stringify([{ member: m }]) },
  { what: 'a JSON string', body: () => JSON.stringify('member') },
  { what: 'JSON null', body: () => 'null' },
  { what: 'a JSON number', body: () => '42' },
  { what: 'an object without member', body: () => '{}' },
  { what: 'the member without its wrapper', body: (m) => JSON.stringify(m) },
  { what: 'member: null', body: () => JSON.stringify({ member: null }) },
  { what: 'member as an array', body: (m) => JSON.stringify({ member: [m] }) },
  { what: 'member as a string', body: (m) => JSON.stringify({ member: JSON.stringify(m) }) },
];

test(
  ...requirementTest(
    'V2-BODY-MALFORMED',
    'a body that is not JSON, not an object or has no member object is refused with a 4xx (400 under octavia)',
    'v2-body-malformed',
  ),
  async ({ v2, api }) => {
    const { profile } = v2.target;
    const refusal = profile.refusals.invalidMember;
    const sent: object[] = [];
    const wrong: { what: string; error: ConformanceFailure }[] = [];
    for (const row of MALFORMED_BODIES) {
      const member = v2.member({ name: `${v2.namePrefix}${row.what.replace(/\W+/g, '-')}` });
      sent.push(member);
      const raw = row.body(member);
      try {
        await api.call('createMemberV2', {
          path: { pool_id: v2.pool },
          raw,
          expect: bodyDemand('V2-BODY-MALFORMED', raw, profile),
        });
      } catch (error) {
        if (!(error instanceof ConformanceFailure)) throw error;
        wrong.push({ what: row.what, error });
      }
    }
    // Every row is tried, and every wrong answer reported: one bug rarely explains them all. A wrong status
    // breaks this rule; when every row only broke a cross-cutting one (content type, error body), that one.
    const first = wrong.find((w) => w.error.requirement === undefined) ?? wrong[0];
    if (first) {
      const rows = wrong.map((w) => `  - body ${w.what}: ${w.error.message.split('\n')[0] ?? ''}`);
      throw new ConformanceFailure(
        `${wrong.length} of ${MALFORMED_BODIES.length} malformed bodies did not get ${describeExpected(refusal)}:\n${rows.join('\n')}\n` +
          `(the exchange of body ${first.what}:)`,
        first.error.exchange,
        first.error.violations,
        first.error.requirement,
      );
    }
    await v2.expectNoneStored(sent);
  },
);

test(
  ...requirementTest(
    'V2-BODY-TOO-LARGE',
    'a body over 1 MiB is refused with a 4xx and nothing is stored, or taken as any other body',
    'v2-body-too-large',
  ),
  async ({ v2, api }) => {
    // A valid member padded past the limit with JSON whitespace, so that only the size can be the reason to
    // refuse it (an unknown padding field could be refused for itself: §5 leaves unknown fields open).
    const member = v2.member();
    const { profile } = v2.target;
    const raw = `{"member": ${JSON.stringify(member)}${' '.repeat(profile.limits.bodyBytes + 1024)}}`;
    const response = await api.call('createMemberV2', {
      path: { pool_id: v2.pool },
      raw,
      expect: bodyDemand('V2-BODY-TOO-LARGE', raw, profile),
    });
    if (response.status >= 400) return v2.expectNoneStored([member]);
    // The pages set no size limit (docs/readings.md §5): taken, the body's member is stored once, as sent.
    const held = await v2.holding({ address: member.address, port: member.protocol_port });
    if (held.length !== 1 || held[0]!.name !== member.name)
      throw new ConformanceFailure(
        `a body over 1 MiB answered ${response.status}, and the pool holds ${held.length} member(s) on ` +
          `${member.address}:${member.protocol_port} named ${held.map((m) => JSON.stringify(m.name)).join(', ') || '(none)'}; ` +
          `expected exactly the one sent, named ${JSON.stringify(member.name)}`,
        response.exchange,
      );
  },
);
