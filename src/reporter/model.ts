/**
 * The conformance report as data: what reports/conformance.json holds (docs/conformance-json.schema.json) and
 * what the page shows. Built from Playwright's test cases and results only (tags, annotations, errors and the
 * `conformance-evidence` attachments), so the same model comes out of a live run and of merged blob reports.
 */
import type { FullResult, TestCase, TestResult } from '@playwright/test/reporter';
import { catalogue, type Requirement } from '../catalogue/requirements';
import { vendorSentences, type SentenceCounts } from '../catalogue/sentences';
import {
  evidenceIdOf,
  plainText,
  type FailureEvidence,
  type LeftoverEvidence,
  type PropertyEvidence,
  type RetryEvidence,
  type ViolationEvidence,
} from '../evidence';
import type { Retry } from '../http/exchange';
import { waiverLiveOn, type Waiver } from '../settings/waivers';
import { CostLedger, type CostSummary, type RunCost } from './cost';
import { reportedFailure, summaryOf } from './failure-record';
import { MemberLedger, type Ledger } from './ledger';
import type { RunMetadata } from './run-info';
import {
  errorText,
  evidenceOf,
  lastResult,
  locationOf,
  projectOf,
  requirementsOf,
  skipReasonOf,
  testKeyOf,
} from './test-case';

export { reportedExchange } from './failure-record';

export const FORMAT_VERSION = 1;

export type Verdict = 'conforms' | 'does-not-conform' | 'incomplete';
export type RequirementStatus =
  'passed' | 'failed' | 'waived' | 'inconclusive' | 'skipped' | 'not-applicable' | 'not-run';
export type TestStatus = TestResult['status'] | 'not-run';

export interface ReportedTest {
  /** The test's stable key (src/test-key.ts); absent for a test that declares none. */
  key?: string;
  title: string;
  project: string;
  /** file:line, relative to the repository. */
  location: string;
  status: TestStatus;
  durationMs: number;
  /** Why it was skipped (the requirement gate's annotation). */
  skipReason?: string;
  /** The trace of its last attempt: every request it sent carried this id in its `traceparent`. */
  traceId?: string;
}

export interface ReportedFailure {
  /** The test whose error this is (for a cross-cutting failure, a test of another requirement). */
  test: string;
  /** That test's stable key; absent for a failure no conformance test made (one the proxy observed). */
  testKey?: string;
  location: string;
  /** The first line of the message: what went wrong. */
  summary: string;
  /** The whole message, as the test's error carries it. */
  message: string;
  request?: {
    method: string;
    url: string;
    /** Path and query. */
    path: string;
    headers: Record<string, string>;
    body?: string;
  };
  response?: {
    status: number;
    statusText: string;
    headers: Record<string, string>;
    body: string;
    durationMs: number;
  };
  /** Retries after 429/503 with Retry-After, or a busy 409, before this response. */
  retries: Retry[];
  violations: ViolationEvidence[];
  property?: PropertyEvidence;
  /** Replays the request; the token comes from $TARGET_TOKEN. */
  curl?: string;
  /** The trace of the test that failed (the `traceparent` its requests carried), or of the client's request. */
  traceId?: string;
  /** The span of the request whose answer the failure rests on, when it rests on one. */
  spanId?: string;
}

/**
 * What a waiver of CONFORMANCE_WAIVERS did: `applied`, the requirement failed and the waiver held on the run's
 * day, so it is waived; `expired`, it failed after the waiver's last day, so the failure counts; `stale`, it did
 * not fail (whatever the waiver's date), so there was nothing to waive.
 */
export const WAIVER_STATES = ['applied', 'expired', 'stale'] as const;
export type WaiverState = (typeof WAIVER_STATES)[number];

export interface ReportedWaiver {
  state: WaiverState;
  /** The waiver's last day (UTC), YYYY-MM-DD. */
  expires: string;
  reason: string;
}

export interface RequirementReport {
  id: string;
  endpoint: string;
  title: string;
  source: string;
  quote: string;
  profiles: string[];
  status: RequirementStatus;
  /** For skipped, not-applicable, not-run and inconclusive: why; for passed: which of its cases were skipped. */
  reason?: string;
  /** The waiver CONFORMANCE_WAIVERS gave it, and what the waiver did; absent when it has none. */
  waiver?: ReportedWaiver;
  /** The tests declaring this requirement, and the tests of other requirements whose failure names it. */
  tests: ReportedTest[];
  failures: ReportedFailure[];
  /** Requests of its tests that the client repeated after 429/503 with Retry-After, or a busy 409. */
  retried: RetryEvidence[];
  /** What its tests cost the target; a test with several requirements counts for each. */
  cost: CostSummary;
  /**
   * Every status its tests demanded of the target, as `<operationId> <status>` pairs (`createMemberV2 4xx`),
   * sorted; absent when they demanded none. Each is named by an entry of its expectation map (requirements.yaml
   * `expects`).
   */
  demandedStatuses?: string[];
}

export interface ConformanceReport {
  formatVersion: typeof FORMAT_VERSION;
  suite: { name: string; version: string };
  run: {
    /** The target's base URL, never with credentials; null when unknown. */
    target: { url: string | null; builtIn: boolean; referenceFaults: string[] };
    profile: string;
    readOnly: boolean;
    /** When the run started (ISO 8601). */
    date: string;
    durationMs: number;
    /** Playwright's overall status. */
    status: FullResult['status'];
    /** 1 of 2 when the run was sharded (a single shard's report covers only its part). */
    shard: { current: number; total: number } | null;
    verdict: Verdict;
    /** The exit code of `npm run conformance` that goes with the verdict. */
    exitCode: 0 | 1;
  };
  summary: Record<RequirementStatus, number> & { requirements: number };
  /** How the sentences of the vendor pages are answered (docs/vendor/sentences.yaml), whatever the run. */
  vendorSentences: SentenceCounts;
  /** One per catalogue entry, in catalogue order. */
  requirements: RequirementReport[];
  /** Errors outside any requirement: global errors, failures of tests that declare no requirement. */
  errors: string[];
  /** Members still in their pool after a delete of them was answered (success or 404): the run cannot conform. */
  leftovers: LeftoverEvidence[];
  /** What the run cost the target, every test counted once (src/reporter/cost.ts). */
  cost: RunCost;
  /** Every member the tests created and how the run knows it is gone (src/reporter/ledger.ts). */
  ledger: Ledger;
}

export interface ReportInput {
  suite: { name: string; version: string };
  metadata: Partial<RunMetadata>;
  env: Record<string, string | undefined>;
  tests: readonly TestCase[];
  result: Pick<FullResult, 'status' | 'startTime' | 'duration'>;
  shard: { current: number; total: number } | null;
  globalErrors: readonly string[];
  /** Makes file paths relative. */
  rootDir: string;
}

/**
 * The requirement's status from its tests and the failures attributed to it. A failure wins. A test that got
 * no verdict (no answer, still 429/503 after the client's retries, the pool kept changing, the test timed out
 * or was interrupted, its clean-up could not finish) leaves it
 * inconclusive, and a test stopped by another requirement's failure leaves it not run, even when another of its
 * tests passed: part of it was never checked.
 */
function requirementStatus(
  tests: readonly { status: TestStatus; skip?: { kind: string; text: string } }[],
  failures: number,
  stoppedBy: ReadonlySet<string>,
  noVerdict: readonly string[],
): { status: RequirementStatus; reason?: string } {
  if (failures > 0) return { status: 'failed' };
  if (noVerdict.length > 0) return { status: 'inconclusive', reason: noVerdict[0] ?? '' };
  if (stoppedBy.size > 0) {
    const ids = [...stoppedBy].join(', ');
    return {
      status: 'not-run',
      reason: `a test of it stopped at a failure of ${ids} before its own check, so it was not fully checked`,
    };
  }
  if (tests.some((t) => t.status === 'passed')) {
    // Some of its cases could not run against this target (IPv6 without an IPv6 subnet): say which.
    const skipped = tests.filter((t) => t.status === 'skipped' && t.skip).map((t) => t.skip?.text ?? '');
    return skipped.length > 0
      ? { status: 'passed', reason: `partly checked; skipped: ${[...new Set(skipped)].join('; ')}` }
      : { status: 'passed' };
  }
  const skips = tests.filter((t) => t.status === 'skipped');
  const notApplicable = skips.find((t) => t.skip?.kind === 'not-applicable');
  if (notApplicable) return { status: 'not-applicable', reason: notApplicable.skip?.text ?? '' };
  if (skips.length > 0) return { status: 'skipped', reason: skips.find((t) => t.skip)?.skip?.text ?? '' };
  if (tests.length === 0) return { status: 'not-run', reason: 'no test of it was selected for this run' };
  return { status: 'not-run', reason: 'the run ended before its tests finished' };
}

/**
 * What a waiver makes of a requirement's status. It applies to a failure only: a failed requirement whose
 * waiver holds on the run's day is waived, one whose waiver has expired stays failed; a waiver of a requirement
 * that did not fail (passed, inconclusive, skipped, not run) changes nothing and is stale.
 */
function withWaiver(
  status: RequirementStatus,
  waiver: Waiver | undefined,
  runStart: Date,
): { status: RequirementStatus; waiver?: ReportedWaiver } {
  if (!waiver) return { status };
  const { expires, reason } = waiver;
  if (status !== 'failed') return { status, waiver: { state: 'stale', expires, reason } };
  return waiverLiveOn(waiver, runStart)
    ? { status: 'waived', waiver: { state: 'applied', expires, reason } }
    : { status, waiver: { state: 'expired', expires, reason } };
}

/**
 * The run's verdict. It conforms only when something was checked (a run in which no requirement passed or
 * failed under a waiver proves nothing), nothing failed but what is waived, every check got a verdict, no member
 * was left behind and Playwright finished normally (or failed only on waived failures: buildReport decides).
 */
export function verdictOf(
  summary: Record<RequirementStatus, number>,
  leftovers: number,
  status: FullResult['status'],
): Verdict {
  if (summary.failed > 0) return 'does-not-conform';
  const checked = summary.passed + summary.waived > 0;
  const complete = status === 'passed' && summary.inconclusive === 0 && checked && leftovers === 0;
  return complete ? 'conforms' : 'incomplete';
}

/**
 * What one error of a test counts against: a requirement broken, or no verdict with the reason the report
 * gives. The one place that decides it, from the kind of evidence the code that threw the error recorded (the
 * record the error links to by id, src/failures.ts), never from the message text:
 * - a `violation` (a response that broke a rule, judged before anything else went wrong) counts against the
 *   requirement it names, else the test's own, whatever became of the test afterwards;
 * - a `no-verdict` (no answer, refused, the run's limits) is no verdict, and so is a `settings` error;
 * - anything else (`untyped`, or an error with no evidence at all) is no verdict either: a test that timed out
 *   or was interrupted, an error of the suite's own code, a fixture that could not finish. It says nothing
 *   about the target, so it never fails a requirement.
 */
type Attribution = { noVerdict: string } | { requirements: string[] };

function attribute(
  message: string,
  evidence: Pick<FailureEvidence, 'kind' | 'requirement' | 'message'> | undefined,
  own: readonly string[],
  status: TestStatus,
): Attribution {
  if (evidence?.kind === 'violation')
    return { requirements: evidence.requirement ? [evidence.requirement] : [...own] };
  const summary = summaryOf(evidence?.message ?? message);
  if (evidence?.kind === 'no-verdict') return { noVerdict: summary };
  if (evidence?.kind === 'settings') return { noVerdict: `a setting the run cannot use: ${summary}` };
  if (status === 'timedOut') return { noVerdict: `timed out: ${summary}` };
  if (status === 'interrupted') return { noVerdict: `interrupted: ${summary}` };
  return { noVerdict: `an error that is no check's verdict: ${summary}` };
}

/** What the report repeats of a requirement's catalogue entry. */
export function catalogueEntry(
  req: Requirement,
): Pick<RequirementReport, 'id' | 'endpoint' | 'title' | 'source' | 'quote' | 'profiles'> {
  const { id, endpoint, title, source, quote } = req;
  return { id, endpoint, title, source, quote, profiles: [...req.profiles] };
}

/** How many requirements have each status, and how many there are. */
export function summarise(requirements: readonly RequirementReport[]): ConformanceReport['summary'] {
  const summary = {
    requirements: requirements.length,
    passed: 0,
    failed: 0,
    waived: 0,
    inconclusive: 0,
    skipped: 0,
    'not-applicable': 0,
    'not-run': 0,
  };
  for (const r of requirements) summary[r.status] += 1;
  return summary;
}

/** Builds the report. Each error of a failed test goes to the requirement its evidence names, else the test's own. */
export function buildReport(input: ReportInput): ConformanceReport {
  const rows = new Map<
    string,
    {
      req: Requirement;
      tests: (ReportedTest & { skip?: { kind: string; text: string } })[];
      failures: ReportedFailure[];
      retried: RetryEvidence[];
      /** Requirements whose failure stopped one of its tests before the test's own check. */
      stoppedBy: Set<string>;
      /** What its tests that got no verdict say (the first line of each NoVerdict). */
      noVerdict: string[];
      demanded: Set<string>;
    }
  >();
  for (const req of catalogue().values())
    rows.set(req.id, {
      req,
      tests: [],
      failures: [],
      retried: [],
      stoppedBy: new Set(),
      noVerdict: [],
      demanded: new Set(),
    });
  const errors = input.globalErrors.map(plainText);
  const leftovers: LeftoverEvidence[] = [];
  const costs = new CostLedger();
  const members = new MemberLedger();
  /** Each test that did not pass: what its errors broke, and whether broken rules are all that went wrong. */
  const unpassed: { broke: Set<string>; onlyBroke: boolean }[] = [];

  for (const test of input.tests) {
    const result = lastResult(test);
    const own = requirementsOf(test);
    const status: TestStatus = result?.status ?? 'not-run';
    const skip = status === 'skipped' ? skipReasonOf(test, result) : undefined;
    const key = testKeyOf(test);
    const attempts = test.results.map(evidenceOf);
    const evidence = attempts[attempts.length - 1];
    const reported = {
      ...(key !== undefined ? { key } : {}),
      title: test.title,
      project: projectOf(test),
      location: locationOf(test, input.rootDir),
      status,
      durationMs: result?.duration ?? 0,
      ...(skip ? { skipReason: skip.text, skip } : {}),
      ...(evidence?.traceId !== undefined ? { traceId: evidence.traceId } : {}),
    };
    // A member an earlier attempt left behind is still there: every attempt's leftovers count.
    leftovers.push(...attempts.flatMap((attempt) => attempt?.leftovers ?? []));
    costs.add(
      own,
      attempts.map((attempt) => attempt?.cost),
    );
    const { title, project, location } = reported;
    members.add(
      { ...(key !== undefined ? { key } : {}), title, project, location, requirements: own },
      attempts,
    );
    for (const id of own) {
      rows.get(id)?.tests.push(reported);
      rows.get(id)?.retried.push(...(evidence?.retried ?? []));
      for (const pair of attempts.flatMap((attempt) => attempt?.demanded ?? []))
        rows.get(id)?.demanded.add(pair);
    }

    // A test that did not end on its own (timed out, interrupted) proves nothing by its ending: only what its
    // checks recorded before counts; the rest of it got no verdict.
    if (status !== 'failed' && status !== 'timedOut' && status !== 'interrupted') continue;
    // Each error finds the record of its check by the id it links to, never by its text.
    const records = new Map(
      (evidence?.failures ?? []).flatMap((f) => (f.id === undefined ? [] : [[f.id, f]])),
    );
    const testErrors = (result?.errors ?? []).map((error) => {
      const id = evidenceIdOf(error);
      return { message: errorText(error), record: id === undefined ? undefined : records.get(id) };
    });
    if (testErrors.length === 0)
      testErrors.push({
        message:
          status === 'interrupted' ? 'the run was interrupted before the test ended' : `test ended ${status}`,
        record: undefined,
      });
    const outcome = { broke: new Set<string>(), onlyBroke: true };
    unpassed.push(outcome);
    for (const { message, record: match } of testErrors) {
      const attribution = attribute(message, match, own, status);
      if ('noVerdict' in attribution) {
        outcome.onlyBroke = false;
        for (const id of own) rows.get(id)?.noVerdict.push(`${test.title}: ${attribution.noVerdict}`);
        if (own.length === 0) errors.push(`${test.title} (${locationOf(test, input.rootDir)}): ${message}`);
        continue;
      }
      const broken = attribution.requirements;
      broken.forEach((id) => outcome.broke.add(id));
      if (broken.length === 0) {
        outcome.onlyBroke = false;
        errors.push(`${test.title} (${locationOf(test, input.rootDir)}): ${message}`);
        continue;
      }
      const failure = reportedFailure(test, message, input.rootDir, match);
      for (const id of own) if (!broken.includes(id)) broken.forEach((b) => rows.get(id)?.stoppedBy.add(b));
      for (const id of broken) {
        const row = rows.get(id);
        if (!row) continue;
        row.failures.push(failure);
        if (!row.tests.some((t) => t.title === test.title && t.location === reported.location))
          row.tests.push(reported);
      }
    }
    // A requirement of the test that its errors did not break was stopped before its own check.
    if (own.some((id) => !outcome.broke.has(id))) outcome.onlyBroke = false;
  }

  const waivers = new Map((input.metadata.waivers ?? []).map((w) => [w.requirement, w]));
  const runStart = input.result.startTime;
  const requirements: RequirementReport[] = [...rows.values()].map(
    ({ req, tests, failures, retried, stoppedBy, noVerdict, demanded }) => {
      const judged = requirementStatus(tests, failures.length, stoppedBy, noVerdict);
      const { status, waiver } = withWaiver(judged.status, waivers.get(req.id), runStart);
      return {
        ...catalogueEntry(req),
        status,
        ...(judged.reason !== undefined ? { reason: judged.reason } : {}),
        ...(waiver ? { waiver } : {}),
        tests: tests.map(({ skip: _skip, ...t }) => t),
        failures,
        retried,
        cost: costs.of(req.id),
        ...(demanded.size > 0 ? { demandedStatuses: [...demanded].sort() } : {}),
      };
    },
  );

  const summary = summarise(requirements);
  // Playwright fails a run in which any test failed; one whose tests failed only on waived requirements, and
  // on nothing else, ended as cleanly as a passed one.
  const statusOf = new Map(requirements.map((r) => [r.id, r.status]));
  const onlyWaived =
    unpassed.length > 0 &&
    errors.length === 0 &&
    unpassed.every((t) => t.onlyBroke && [...t.broke].every((id) => statusOf.get(id) === 'waived'));
  const ended = input.result.status === 'failed' && onlyWaived ? 'passed' : input.result.status;
  const verdict = verdictOf(summary, leftovers.length, ended);
  const cost = costs.run(Math.round(input.result.duration));
  const builtIn = input.metadata.targetUrl === undefined;
  const url =
    input.metadata.targetUrl ??
    (input.env.CONFORMANCE_EMBEDDED_TARGET === '1' ? input.env.TARGET_URL : undefined);

  return {
    formatVersion: FORMAT_VERSION,
    suite: input.suite,
    run: {
      target: { url: url ?? null, builtIn, referenceFaults: input.metadata.referenceFaults ?? [] },
      profile: input.metadata.profile ?? 'huawei',
      readOnly: input.metadata.readOnly ?? false,
      date: input.result.startTime.toISOString(),
      durationMs: Math.round(input.result.duration),
      status: input.result.status,
      shard: input.shard,
      verdict,
      exitCode: verdict === 'conforms' ? 0 : 1,
    },
    summary,
    vendorSentences: vendorSentences(),
    requirements,
    errors,
    leftovers,
    cost,
    ledger: members.build(cost.peakMembersAlive),
  };
}
