/**
 * Query backend servers (v3): the form of the answers, which pool they cover, who may ask, and requests outside
 * the documented operations.
 */
import { requirementTest, test } from '../../src/fixtures';
import { badTokens, skipWithoutToken, unknownPools } from '../common/access';
import { depopulate, everyKind, populate } from '../../src/generators/pool';
import { ConformanceFailure } from '../../src/http/failure';
import { listsAll, listShape } from '../../src/rules';
import { expectHeld } from '../../src/rules/enforce';
import { ids, type V3Members } from '../../src/v3/members';
import { answerForms, type Probe } from '../common/answer-form';
import { methodRefusals, unknownPath, unknownPaths } from '../common/routing';

test(
  ...requirementTest(
    'V3-LIST-SHAPE',
    'a listing of members of every kind has the documented shape',
    'v3-list-shape',
  ),
  async ({ v3 }) => {
    const specs = everyKind(v3.kinds);
    const created = await populate(v3, specs);
    const kindOf = new Map(created.map((member, i) => [member.id, specs[i]?.kind]));
    const { response, members } = await v3.page();
    expectHeld(listsAll(ids(members), ids(created)), response.exchange, { against: true });
    // Read-only: every member the pool holds; otherwise the ones this test created, of every kind.
    const checked = v3.target.readOnly ? members : members.filter((m) => created.some((c) => c.id === m.id));
    // subnet_cidr_id may be "", null or absent only for IP-as-a-backend members; member_type may be absent
    // too, and then only the kind the member was created as tells.
    const kind = (id: unknown) => (typeof id === 'string' ? kindOf.get(id) : undefined);
    expectHeld(listShape(checked, kind), response.exchange, { against: true });
    await depopulate(v3, created);
  },
);

/** One test per address family; a family the target has no subnet for is reported skipped, with the reason. */
const FAMILIES = [
  { key: 'v3-ip-version-v4', kind: 'v4', label: 'IPv4', missing: undefined },
  {
    key: 'v3-ip-version-v6',
    kind: 'v6',
    label: 'IPv6',
    missing: 'TARGET_V3_SUBNET6_ID and TARGET_V3_ADDRESS6_CIDR are not set',
  },
] as const;

for (const family of FAMILIES) {
  test(
    ...requirementTest(
      'V3-IP-VERSION',
      `ip_version is ${family.kind} for ${family.label} members`,
      family.key,
    ),
    async ({ v3 }) => {
      // Read-only: the pool's own members were checked as they were listed, whatever their families.
      if (!v3.target.readOnly && !v3.kinds.includes(family.kind)) {
        const reason = `no ${family.label} member can be created: ${family.missing ?? 'no subnet'}`;
        test.info().annotations.push({ type: 'skipped', description: reason });
        test.skip(true, reason);
      }
      // V3Members checks ip_version against the address in every listing it reads; this test makes sure a
      // member of the family is there to be checked.
      const created = await populate(v3, v3.target.readOnly ? [] : [{ ...everyKind([family.kind])[0]! }]);
      const listed = (await v3.listing()).filter((m) => created.some((c) => c.id === m.id));
      if (!v3.target.readOnly && !listed.some((m) => m.ip_version === family.kind))
        throw new ConformanceFailure(
          `the ${family.label} member ${ids(created).join(', ')} is not listed with ip_version ${family.kind}`,
        );
      await depopulate(v3, created);
    },
  );
}

test(
  ...requirementTest(
    'V3-POOL-ISOLATION',
    "a pool's listing never shows another pool's members",
    'v3-pool-isolation',
  ),
  async ({ v3 }) => {
    const otherPool = v3.otherPool!;
    const { member: mine } = await v3.create(v3.member('v4'));
    const { member: theirs } = await v3.create(v3.member('v4'), { pool: otherPool });
    for (const [pool, own, foreign] of [
      [v3.pool, mine.id, theirs.id],
      [otherPool, theirs.id, mine.id],
    ] as const) {
      for (const query of [{}, { id: foreign }, { limit: 2000 }]) {
        const { response, members } = await v3.page(query, { pool });
        if (ids(members).includes(foreign)) {
          throw new ConformanceFailure(
            `pool ${pool} lists ${foreign}, a member of another pool`,
            response.exchange,
          );
        }
        if (Object.keys(query).length === 0 && !ids(members).includes(own)) {
          throw new ConformanceFailure(`pool ${pool} does not list its own member ${own}`, response.exchange);
        }
      }
    }
    await v3.delete(theirs.id, { pool: otherPool });
    await v3.delete(mine.id);
  },
);

/** Any member id: a pool that does not exist holds none. */
const NO_MEMBER = '00000000-0000-4000-8000-00000000beef';

const unknownPool = unknownPools('v3');
test(
  ...unknownPool.declared(
    'a pool that does not exist is refused with a 4xx: its listing, and a create, read and delete of a member in it',
  ),
  async ({ v3 }) =>
    unknownPool.check(v3, async (pool) => {
      const expect = v3.target.profile.refusals.unknownPool;
      await v3.page({}, { pool, expect });
      await v3.page({ limit: 1 }, { pool, expect });
      await v3.refusedVerb('read', NO_MEMBER, { pool, expect });
      // Read-only: the create and delete are writes, not sent.
      if (v3.target.readOnly) return;
      await v3.create(v3.member('v4'), { pool, expect });
      await v3.refusedVerb('delete', NO_MEMBER, { pool, expect });
    }),
);

for (const row of badTokens('v3')) {
  test(
    ...requirementTest('V3-AUTH', `a listing ${row.what} is refused with a 4xx`, row.key),
    async ({ v3 }, testInfo) => {
      skipWithoutToken(testInfo, v3.target);
      await v3.page({}, { expect: v3.target.profile.refusals.badToken, token: row.token });
    },
  );
}

/** A project id of the pages' form that is not the token's. */
const anotherProject = (own: string | undefined): string =>
  own === 'f'.repeat(32) ? 'e'.repeat(32) : 'f'.repeat(32);

/** Probes that provoke each status of the listing; judged only on their form (check: false). */
const PROBES: Probe<V3Members>[] = [
  { status: 200, send: (v3) => v3.listRaw({}) },
  { status: 400, send: (v3) => v3.listRaw({ limit: 'abc' }) },
  { status: 404, send: (v3) => v3.listRaw({}, { pool: '00000000-0000-4000-8000-00000000beef' }) },
  { status: 403, send: (v3) => v3.listRaw({}, { project: anotherProject(v3.target.projectId) }) },
  { status: 404, routing: true, send: (v3) => v3.offContract('GET', unknownPath(v3)) },
];

const TITLES = {
  'content-type': 'every answer with a body is labelled application/json',
  'error-body': 'every error answer is {error_msg, error_code, request_id}',
};

for (const { requirement, title, key, check } of answerForms('v3', TITLES, PROBES))
  test(...requirementTest(requirement, title, key), async ({ v3 }) => check(v3));

const methods = methodRefusals('v3');
test(...methods.declared, async ({ v3 }) => methods.check({ members: v3, fresh: () => v3.member('v4') }));

const paths = unknownPaths('v3');
test(...paths.declared, async ({ v3 }) => paths.check(v3));
