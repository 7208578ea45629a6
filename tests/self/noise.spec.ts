/**
 * Real-API noise does not change the verdict. The conformance suite runs against the reference server with
 * each noise scenario (rate-limit, latency, foreign-members): correct, it must pass every requirement with
 * nothing skipped; with a fault, it must still fail on that fault's requirements and only those; and a request
 * the target refuses for good gives no verdict (inconclusive), never a failure or a pass.
 */
import { allowedFailures, faultRow } from '../../reference-server/modes/faults';
import { DEFAULTS } from '../../reference-server/src/index';
import { catalogue } from '../../src/catalogue/requirements';
import { statusMatches } from '../../src/http/expect';
import {
  MAX_RETRIES,
  MAX_RETRY_WAIT_MS,
  MAX_TOTAL_RETRY_WAIT_MS,
  nextRetryWaitMs,
  refusalWaitMs,
} from '../../src/http/retry';
import type { ConformanceReport } from '../../src/reporter/model';
import { requirementsWith, writtenPage, writtenReport, type RunResult } from './support/conformance-run';
import { expect, test, type HarnessWorkerFixtures } from './support/harness';
import type { ProofRequest } from './support/proof-run';
import { schemaErrors } from './support/report-schema';

// Every run is made by one proof run (support/proof-run.ts), which the first test waits for and the others
// read: the tests of this file run one after another in one worker, so that it is made once.
test.describe.configure({ mode: 'default', timeout: 600_000 });

/** Conformance workers of the proof run: more than cores, because the slow and rate-limited runs mostly wait. */
const PROOF_WORKERS = 4;

interface Scenario {
  choice: 'rate-limit' | 'latency' | 'foreign-members';
  /** Settings of the run, and why they differ from a default run. */
  env: Record<string, string>;
}

const SCENARIOS: Scenario[] = [
  // The whole default run (20 property runs): about 2,000 requests, every 7th refused at least once.
  { choice: 'rate-limit', env: {} },
  // 300 ms (give or take 100) per answer makes the default run take about a minute; 2 property runs go through
  // every test, every check and every boundary example all the same, at the default latency.
  { choice: 'latency', env: { CONFORMANCE_RUNS: '2' } },
  { choice: 'foreign-members', env: {} },
];

/** One v2.0 property with boundary examples, one concurrency property, one v3 paging rule. */
const FAULTS = ['weight-upper-off-by-one', 'duplicate-race', 'v3-limit-upper-off-by-one'];

/** Every response status that a requirement's failure rests on. */
const failureStatuses = (report: ConformanceReport): number[] =>
  report.requirements.flatMap((r) => r.failures.flatMap((f) => (f.response ? [f.response.status] : [])));

const envOf = (scenario: Scenario) => ({ REFERENCE_CHOICES: scenario.choice, ...scenario.env });

/** Every request the target gets to the first v2.0 pool's members is refused with 429, however often it is sent. */
const REFUSED_FOR_GOOD = {
  REFERENCE_RATE_LIMIT_FOREVER: `POST /v2.0/lbaas/pools/${DEFAULTS.v2PoolId}/members`,
};
/** The three tests of the refused run: a property, a plain test, and one that expects "any 4xx". */
const REFUSED_IDS = ['V2-BODY-TOO-LARGE', 'V2-CREATE-DEFAULTS', 'V2-CREATE-ECHO'];

/** Every run of this file, the slow correct one (the longest) first. */
const RUNS: ProofRequest[] = [
  ...[...SCENARIOS]
    .sort((a, b) => Number(b.choice === 'latency') - Number(a.choice === 'latency'))
    .map((scenario) => ({ name: scenario.choice, env: envOf(scenario), oneWorker: false })),
  ...SCENARIOS.flatMap((scenario) =>
    FAULTS.map((fault) => ({
      name: `${scenario.choice}-${fault}`,
      // Only the fault's requirements run: the other requirements' verdicts under noise are the correct runs.
      env: { ...envOf(scenario), REFERENCE_FAULTS: fault },
      projects: [fault.startsWith('v3-') ? 'v3' : 'v2'],
      grep: faultRow(fault).catches.join('|'),
      oneWorker: true,
    })),
  ),
  { name: 'refused-for-good', env: REFUSED_FOR_GOOD, grep: REFUSED_IDS.join('|'), oneWorker: false },
];

/** The run of that name, from the one proof run of this file. */
async function runNamed(proofRun: HarnessWorkerFixtures['proofRun'], name: string): Promise<RunResult> {
  const run = (await proofRun('noise', RUNS, PROOF_WORKERS)).get(name);
  if (!run) throw new Error(`the proof run has no result for ${name}`);
  return run;
}

for (const scenario of SCENARIOS) {
  test(`${scenario.choice}: the correct server passes every requirement, none skipped`, async ({
    proofRun,
  }) => {
    const run = await runNamed(proofRun, scenario.choice);
    const report = writtenReport(run.reportDir);
    expect(requirementsWith(run.report, 'failed'), run.stdout.slice(-4000)).toEqual([]);
    const notPassed = report.requirements.filter((r) => r.status !== 'passed');
    expect(notPassed.map((r) => `${r.id}: ${r.status}: ${r.reason ?? ''}`)).toEqual([]);
    expect(run.exitCode, run.stderr.slice(-4000)).toBe(0);
    expect(run.outcomes.filter((o) => o.status !== 'passed').map((o) => o.title)).toEqual([]);
    const tested = new Set(run.outcomes.flatMap((o) => o.requirements));
    expect([...catalogue().keys()].filter((id) => !tested.has(id))).toEqual([]);
    expect(report.run.verdict).toBe('conforms');
    const retries = report.requirements.flatMap((r) => r.retried.flatMap((q) => q.retries));
    if (scenario.choice === 'rate-limit') {
      // the refusals are in the report, with their requirement, and none of them is anyone's verdict
      expect(new Set(retries.map((r) => r.status))).toEqual(new Set([429, 503]));
      expect(retries.length).toBeGreaterThan(100);
      expect(Math.max(...report.requirements.map((r) => r.retried.length))).toBeGreaterThan(0);
    } else {
      expect(retries).toEqual([]);
    }
  });

  for (const fault of FAULTS) {
    const verdict = faultRow(fault);
    test(`${scenario.choice}: fault ${fault} still fails ${verdict.catches.join(', ')}`, async ({
      proofRun,
    }) => {
      const run = await runNamed(proofRun, `${scenario.choice}-${fault}`);
      const report = writtenReport(run.reportDir);
      expect(run.exitCode, run.stdout.slice(-3000)).toBe(1);
      const failed = requirementsWith(run.report, 'failed');
      for (const id of verdict.catches) expect(failed, `${id} must fail`).toContain(id);
      const allowed = allowedFailures(verdict);
      expect(failed.filter((id) => !allowed.has(id))).toEqual([]);
      expect(requirementsWith(run.report, 'inconclusive')).toEqual([]);
      expect(report.run.verdict).toBe('does-not-conform');
      // a failure rests on what the target answered, never on a refusal
      expect(failureStatuses(report).filter((s) => s === 429 || s === 503)).toEqual([]);
    });
  }
}

test('a request the target refuses for good gives no verdict: the requirement is inconclusive, not failed, not passed', async ({
  proofRun,
}) => {
  // Every v2.0 create is refused with 429 (Retry-After: 0) however often it is retried. The three tests: a
  // property (V2-CREATE-ECHO), a plain test (V2-CREATE-DEFAULTS) and one that expects "any 4xx" and so would
  // take the 429 for its answer if the client let it through (V2-BODY-TOO-LARGE).
  const ids = REFUSED_IDS;
  const run = await runNamed(proofRun, 'refused-for-good');
  const report = writtenReport(run.reportDir);
  const page = writtenPage(run.reportDir);
  expect(run.exitCode).toBe(1);
  expect(requirementsWith(run.report, 'failed')).toEqual([]);
  expect(requirementsWith(run.report, 'inconclusive').sort()).toEqual([...ids].sort());
  for (const outcome of run.outcomes) {
    expect(outcome.status, outcome.title).toBe('failed');
    expect(outcome.errors.join('\n'), outcome.title).toMatch(
      /no verdict: the target kept refusing the request with 429 \(Retry-After: 0\) after 4 retries/,
    );
    expect(outcome.errors.join('\n')).not.toMatch(/\[V[23]-[A-Z0-9-]+\]/);
    expect(outcome.errors.join('\n')).not.toMatch(/property failed|shrunk/);
  }

  expect(schemaErrors(report)).toEqual([]);
  expect(report.run).toMatchObject({ verdict: 'incomplete', exitCode: 1 });
  expect(report.summary).toMatchObject({ inconclusive: 3, failed: 0, passed: 0 });
  expect(report.errors).toEqual([]);
  for (const id of ids) {
    const requirement = report.requirements.find((r) => r.id === id);
    expect(requirement?.status, id).toBe('inconclusive');
    expect(requirement?.reason).toMatch(/no verdict: .*429/);
    expect(requirement?.failures).toEqual([]);
    expect(page).toContain(`data-requirement="${id}" data-status="inconclusive"`);
    // the refused request is listed with its four retries
    expect(requirement?.retried.map((q) => q.retries.map((r) => r.status))).toContainEqual([
      429, 429, 429, 429,
    ]);
  }
});

test.describe('the client’s retry rules', () => {
  const NOW = Date.parse('2026-01-01T00:00:00.000Z');
  const ROWS: { status: number; retryAfter?: string; retries?: number; wait: number | undefined }[] = [
    { status: 429, retryAfter: '0', wait: 0 },
    { status: 429, retryAfter: ' 2 ', wait: 2000 },
    { status: 503, retryAfter: 'Thu, 01 Jan 2026 00:00:01 GMT', wait: 1000 },
    { status: 503, retryAfter: 'Wed, 31 Dec 2025 23:59:59 GMT', wait: 0 },
    { status: 429, wait: 1000 },
    { status: 429, retries: 3, wait: 8000 },
    { status: 429, retryAfter: 'soon', wait: 1000 },
    { status: 503, wait: undefined },
    { status: 503, retryAfter: 'soon', wait: undefined },
    { status: 500, retryAfter: '1', wait: undefined },
    { status: 409, retryAfter: '1', wait: undefined },
  ];
  for (const row of ROWS) {
    test(`${row.status} with Retry-After ${JSON.stringify(row.retryAfter)} after ${row.retries ?? 0} retries: ${row.wait === undefined ? 'an answer to judge' : `wait ${row.wait} ms`}`, () => {
      expect(refusalWaitMs(row.status, row.retryAfter, row.retries ?? 0, NOW)).toBe(row.wait);
    });
  }

  test('the waits are bounded: each by MAX_RETRY_WAIT_MS, all of one request by MAX_TOTAL_RETRY_WAIT_MS', () => {
    const waits: { waitedMs: number }[] = [];
    for (
      let next = nextRetryWaitMs(3_600_000, waits);
      next !== undefined;
      next = nextRetryWaitMs(3_600_000, waits)
    )
      waits.push({ waitedMs: next });
    expect(waits.map((w) => w.waitedMs)).toEqual([
      MAX_RETRY_WAIT_MS,
      MAX_TOTAL_RETRY_WAIT_MS - MAX_RETRY_WAIT_MS,
    ]);
    const quick: { waitedMs: number }[] = [];
    for (let next = nextRetryWaitMs(0, quick); next !== undefined; next = nextRetryWaitMs(0, quick))
      quick.push({ waitedMs: next });
    expect(quick).toHaveLength(MAX_RETRIES);
  });

  test('a 429 is never the 4xx a requirement asks for', () => {
    expect(statusMatches('4xx', 429)).toBe(false);
    expect([400, 404, 409, 413].every((status) => statusMatches('4xx', status))).toBe(true);
  });
});
