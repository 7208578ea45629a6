/**
 * Who may ask, and about which pool: the ways a request's token is wrong (V2-AUTH, V3-AUTH), one test each in
 * each API's spec, and the pools that do not exist (V2-POOL-UNKNOWN, V3-POOL-UNKNOWN).
 */
import type { TestInfo } from '@playwright/test';
import fc from 'fast-check';
import { checkProperty, type CasesAtOnce } from '../../src/generators/property';
import type { TokenChoice } from '../../src/http/request';
import type { Api } from '../../src/rules';
import type { TargetConfig } from '../../src/settings/target';
import { requirementTest } from '../../src/fixtures';

export interface BadToken {
  key: string;
  /** How the token is wrong, as the test's title says it. */
  what: string;
  token: TokenChoice;
}

export function badTokens(api: Api): BadToken[] {
  return [
    { key: `${api}-auth-missing-token`, what: 'without X-Auth-Token', token: { kind: 'none' } },
    {
      key: `${api}-auth-wrong-token`,
      what: 'with a wrong X-Auth-Token',
      token: { kind: 'other', value: 'not-the-token-0000' },
    },
  ];
}

/** A target that takes no token has none to get wrong: the test is skipped, saying why. */
export function skipWithoutToken(testInfo: TestInfo, target: TargetConfig): void {
  testInfo.skip(
    target.token === undefined,
    'TARGET_TOKEN is not set: the target takes no token to get wrong',
  );
}

/** What the unknown-pool property needs of an API's members: the target's pools, to draw none of them. */
interface Pools {
  pool: string;
  otherPool: string | undefined;
  casesAtOnce: CasesAtOnce;
}

/**
 * The test of V2-/V3-POOL-UNKNOWN: its declaration (requirement, title, key), and the property that `send` to
 * random pools that are neither of the target's (a fixed one first) is refused, as `send` expects.
 */
export function unknownPools(api: Api) {
  const requirement = `${api.toUpperCase()}-POOL-UNKNOWN`;
  return {
    declared: (title: string) => requirementTest(requirement, title, `${api}-pool-unknown`),
    check: (members: Pools, send: (pool: string) => Promise<void>): Promise<void> =>
      checkProperty(
        fc.uuid({ version: 4 }).filter((id) => id !== members.pool && id !== members.otherPool),
        send,
        {
          title: requirement,
          examples: ['00000000-0000-4000-8000-000000000000'],
          casesAtOnce: members.casesAtOnce,
        },
      ),
  };
}
