/**
 * Add a backend server (v2.0): the pool must exist and the caller must be authenticated.
 */
import fc from 'fast-check';
import { requirementTest, test } from '../../src/fixtures';
import { checkProperty } from '../../src/generators/property';

test(
  ...requirementTest(
    'V2-POOL-UNKNOWN',
    'a create in a pool that does not exist is refused with a 4xx (404 under octavia)',
    'v2-pool-unknown',
  ),
  async ({ v2 }) => {
    await checkProperty(
      fc.uuid({ version: 4 }).filter((id) => id !== v2.pool && id !== v2.otherPool),
      async (pool) => {
        await v2.create(v2.member(), { expect: v2.target.profile.refusals.unknownPool, pool });
      },
      {
        title: 'V2-POOL-UNKNOWN',
        examples: ['00000000-0000-4000-8000-000000000000'],
        casesAtOnce: v2.casesAtOnce,
      },
    );
  },
);

/** Each row: how the token is wrong. */
const BAD_TOKENS = [
  { key: 'v2-auth-missing-token', what: 'without X-Auth-Token', token: { kind: 'none' as const } },
  {
    key: 'v2-auth-wrong-token',
    what: 'with a wrong X-Auth-Token',
    token: { kind: 'other' as const, value: 'not-the-token-0000' },
  },
];

for (const row of BAD_TOKENS) {
  test(
    ...requirementTest('V2-AUTH', `a create ${row.what} is refused with a 4xx and stores nothing`, row.key),
    async ({ v2 }, testInfo) => {
      testInfo.skip(
        v2.target.token === undefined,
        'TARGET_TOKEN is not set: the target takes no token to get wrong',
      );
      const member = v2.member();
      await v2.create(member, { expect: v2.target.profile.refusals.badToken, token: row.token });
      await v2.expectNoneStored([member]);
    },
  );
}
