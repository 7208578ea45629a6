/**
 * Who may ask (V2-AUTH, V3-AUTH): the ways a request's token is wrong, one test each in each API's spec.
 */
import type { TestInfo } from '@playwright/test';
import type { TokenChoice } from '../../src/http/request';
import type { Api } from '../../src/rules';
import type { TargetConfig } from '../../src/target/config';

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
