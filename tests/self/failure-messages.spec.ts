/**
 * Failures must be readable and reproducible: the requirement, the request (token redacted), the response,
 * the JSON pointer that broke the schema, and the fast-check seed and path, whose replay line really replays.
 */
import { expect, test } from '@playwright/test';
import { runConformance, type RunResult } from './support/conformance-run';

test.describe.configure({ mode: 'parallel' });

const TOKEN = 'tok-Distinctive-7f3a9c';

function failureOf(run: RunResult, requirement: string): string {
  const outcome = run.outcomes.find((o) => o.status === 'failed' && o.requirements.includes(requirement));
  expect(outcome, `${requirement} should have failed`).toBeDefined();
  return outcome!.errors.join('\n');
}

test('a property failure names the request, the response, the seed and a replay line that replays it', async () => {
  const env = {
    REFERENCE_FAULTS: 'weight-upper-off-by-one',
    REFERENCE_TOKEN: TOKEN,
    CONFORMANCE_WORKERS: '1',
  };
  const run = await runConformance(env, ['--grep', 'V2-WEIGHT-RANGE']);
  const message = failureOf(run, 'V2-WEIGHT-RANGE');
  expect(message).toMatch(/expected status 400, got 201/);
  expect(message).toMatch(/request: {2}POST \/v2\.0\/lbaas\/pools\/[\w-]+\/members/);
  expect(message).toMatch(/x-auth-token: <redacted>/i);
  expect(message).toMatch(/"weight":101/);
  expect(message).toMatch(/response: 201 Created \(application\/json/);
  expect(message).toMatch(/replay: {3}curl .*"X-Auth-Token: \$TARGET_TOKEN"/);
  expect(message).toMatch(/counterexample: 101/);
  const replay =
    /replay: FC_SEED=(-?\d+) FC_PATH="([\d:]*)" npm run conformance -- --grep "V2-WEIGHT-RANGE"/.exec(
      message,
    );
  expect(replay, message).not.toBeNull();
  expect(`${run.stdout}${run.stderr}${message}`).not.toContain(TOKEN);

  const again = await runConformance({ ...env, FC_SEED: replay![1]!, FC_PATH: replay![2]! }, [
    '--grep',
    'V2-WEIGHT-RANGE',
  ]);
  const replayed = failureOf(again, 'V2-WEIGHT-RANGE');
  expect(replayed).toMatch(/counterexample: 101/);
  expect(replayed).toMatch(/property failed after 1 run/);
});

test('a schema failure names the JSON pointer and the offending value', async () => {
  const run = await runConformance(
    { REFERENCE_FAULTS: 'create-missing-operating-status', CONFORMANCE_WORKERS: '1' },
    ['--grep', 'V2-CREATE-RESPONSE'],
  );
  const message = failureOf(run, 'V2-CREATE-RESPONSE');
  expect(message).toMatch(/\[V2-CREATE-RESPONSE\] the response breaks the contract of createMemberV2/);
  expect(message).toContain('/member/operating_status');
});

test('a content-type failure says what was received', async () => {
  const run = await runConformance(
    { REFERENCE_FAULTS: 'v2-success-content-type-html', CONFORMANCE_WORKERS: '1' },
    ['--grep', 'V2-CREATE-RESPONSE'],
  );
  const message = failureOf(run, 'V2-CREATE-RESPONSE');
  expect(message).toMatch(/\[V2-CONTENT-TYPE\]/);
  expect(message).toMatch(/text\/html/);
});
