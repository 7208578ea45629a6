/**
 * The one place that decides a requirement's status and the run's verdict (src/reporter/model.ts), fed
 * Playwright test cases as a reporter sees them: attribution comes from the evidence a check recorded, found by
 * the id the error links to, never from the message text; a requirement is passed only when all of it was checked; a run that checked nothing,
 * or did not finish, never conforms.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TestCase, TestResult } from '@playwright/test/reporter';
import {
  EVIDENCE_ATTACHMENT,
  type FailureEvidence,
  type LeftoverEvidence,
  type TestEvidence,
} from '../../src/evidence';
import { buildReport, type ConformanceReport } from '../../src/reporter/model';
import type { Waiver } from '../../src/settings/waivers';
import { KEY_ANNOTATION } from '../../src/test-key';
import { expect, test } from './support/harness';
import { ROOT } from './support/paths';

/** An error a typed failure made: its record, linked by id as src/failures.ts links it. */
type Recorded = Omit<FailureEvidence, 'id'>;

interface Case {
  title: string;
  requirement: string;
  /** Absent: the test declares no key. */
  key?: string;
  status: TestResult['status'];
  /** The test's errors: a message alone is an error no check recorded; a record is one a check threw. */
  errors?: (string | Recorded)[];
  /** Records no error links to (a failure a check made and did not throw). */
  unlinked?: Recorded[];
  leftovers?: LeftoverEvidence[];
  skip?: string;
}

/** A test case as Playwright hands it to a reporter, reduced to what the model reads. */
function testCase(c: Case, line: number): TestCase {
  const records: FailureEvidence[] = [];
  const errors = (c.errors ?? []).map((error) => {
    if (typeof error === 'string') return { message: error };
    const id = `${EVIDENCE_ATTACHMENT} #${records.length + 1}`;
    records.push({ ...error, id });
    // As Playwright serialises a failure: its name in front of the message, its EvidenceLink as the cause.
    return { message: `Error: ${error.message}`, cause: { message: id } };
  });
  for (const record of c.unlinked ?? []) records.push({ ...record, id: `unlinked #${records.length + 1}` });
  const evidence: TestEvidence | undefined =
    records.length > 0 || c.leftovers
      ? { failures: records, retried: [], leftovers: c.leftovers ?? [] }
      : undefined;
  const result = {
    status: c.status,
    duration: 10,
    errors,
    annotations: c.skip ? [{ type: 'skipped', description: c.skip }] : [],
    attachments: evidence
      ? [
          {
            name: EVIDENCE_ATTACHMENT,
            contentType: 'application/json',
            body: Buffer.from(JSON.stringify(evidence)),
          },
        ]
      : [],
  } as unknown as TestResult;
  return {
    title: `${c.requirement} ${c.title}`,
    tags: [`@${c.requirement}`],
    results: [result],
    annotations: c.key === undefined ? [] : [{ type: KEY_ANNOTATION, description: c.key }],
    location: { file: '/repo/tests/x.spec.ts', line, column: 1 },
    parent: { project: () => ({ name: c.requirement.startsWith('V2-') ? 'v2' : 'v3' }) },
  } as unknown as TestCase;
}

/** The run around the cases: its waivers, when it started, its errors outside any test. */
interface RunAround {
  waivers?: Waiver[];
  startTime?: Date;
  globalErrors?: string[];
}

function report(
  cases: Case[],
  status: 'passed' | 'failed' | 'interrupted' = 'passed',
  run: RunAround = {},
): ConformanceReport {
  return buildReport({
    suite: { name: 'suite', version: '0' },
    metadata: run.waivers ? { waivers: run.waivers } : {},
    env: {},
    tests: cases.map(testCase),
    result: { status, startTime: run.startTime ?? new Date(0), duration: 1 },
    shard: null,
    globalErrors: run.globalErrors ?? [],
    rootDir: '/repo',
  });
}

/** A test of `requirement` that failed on one error, recorded by a check. */
const failedOn = (title: string, requirement: string, error: Recorded): Case => ({
  title,
  requirement,
  status: 'failed',
  errors: [error],
});

const statusOf = (r: ConformanceReport, id: string) => r.requirements.find((q) => q.id === id);

test('an [ID] inside a failure message does not move the failure: only the evidence names another requirement', () => {
  const message = 'expected status 400, got 201\n< {"detail": "see [V3-PAGE-INFO]"}';
  const r = report([failedOn('range', 'V2-WEIGHT-RANGE', { kind: 'violation', message })]);
  expect(statusOf(r, 'V2-WEIGHT-RANGE')?.status).toBe('failed');
  expect(statusOf(r, 'V3-PAGE-INFO')?.status).toBe('not-run');
  expect(r.run.verdict).toBe('does-not-conform');
});

test('a cross-cutting failure counts against the requirement its evidence names; the stopped one is not run', () => {
  const message = '[V2-CONTENT-TYPE] the 400 answer is labelled text/plain';
  const r = report([
    { title: 'one', requirement: 'V2-WEIGHT-RANGE', status: 'passed' },
    failedOn('two', 'V2-WEIGHT-RANGE', { kind: 'violation', message, requirement: 'V2-CONTENT-TYPE' }),
  ]);
  expect(statusOf(r, 'V2-CONTENT-TYPE')?.status).toBe('failed');
  // One of its tests passed, the other never reached its own check: not passed.
  expect(statusOf(r, 'V2-WEIGHT-RANGE')).toMatchObject({
    status: 'not-run',
    reason: expect.stringContaining('V2-CONTENT-TYPE'),
  });
});

test('a check that could not be made, or a test that timed out, is inconclusive and the run incomplete', () => {
  const noVerdict = 'no verdict: the target kept refusing the request with 429';
  const r = report([
    { title: 'a', requirement: 'V2-WEIGHT-RANGE', status: 'passed' },
    failedOn('b', 'V2-WEIGHT-RANGE', { kind: 'no-verdict', message: noVerdict }),
    {
      title: 'c',
      requirement: 'V3-WALK-FORWARD',
      status: 'timedOut',
      errors: ['Test timeout of 120000ms exceeded.'],
    },
  ]);
  expect(statusOf(r, 'V2-WEIGHT-RANGE')?.status).toBe('inconclusive');
  expect(statusOf(r, 'V3-WALK-FORWARD')).toMatchObject({ status: 'inconclusive', reason: /timed out/ });
  expect(r.run).toMatchObject({ verdict: 'incomplete', exitCode: 1 });
});

test('a failure recorded before a timeout still counts', () => {
  const message = 'walk visited member m1 twice';
  const r = report([
    {
      title: 'walk',
      requirement: 'V3-WALK-FORWARD',
      status: 'timedOut',
      errors: [{ kind: 'violation', message }, 'Test timeout of 120000ms exceeded.'],
    },
  ]);
  expect(statusOf(r, 'V3-WALK-FORWARD')?.status).toBe('failed');
});

test('an error finds its record by the id it links to, never by the text of the message', () => {
  const message = 'expected status 400, got 201';
  const r = report([
    // The same text as a violation the check made and did not throw: the error links to no record.
    {
      title: 'same text, no link',
      requirement: 'V2-WEIGHT-RANGE',
      status: 'failed',
      errors: [message],
      unlinked: [{ kind: 'violation', message }],
    },
    // A record whose message differs from the error's still counts: the link decides.
    failedOn('linked', 'V2-PORT-RANGE', {
      kind: 'violation',
      message: 'expected status 400, got 201 (and more)',
    }),
  ]);
  expect(statusOf(r, 'V2-WEIGHT-RANGE')).toMatchObject({
    status: 'inconclusive',
    reason: /no check's verdict/,
  });
  expect(statusOf(r, 'V2-PORT-RANGE')?.status).toBe('failed');
});

test("a test's key, not its title, names it in the report: a reworded title keeps the key", () => {
  const run = (title: string) =>
    report([
      {
        ...failedOn(title, 'V2-WEIGHT-RANGE', { kind: 'violation', message: 'expected status 201, got 400' }),
        key: 'v2-weight-range-accepted',
      },
    ]);
  for (const r of [run('every weight is accepted'), run('each weight of the range is taken')]) {
    const row = statusOf(r, 'V2-WEIGHT-RANGE');
    expect(row?.tests.map((t) => t.key)).toEqual(['v2-weight-range-accepted']);
    expect(row?.failures.map((f) => f.testKey)).toEqual(['v2-weight-range-accepted']);
  }
});

test('an interrupted test leaves its requirement inconclusive, one never started not run, the run incomplete', () => {
  const r = report(
    [
      { title: 'a', requirement: 'V2-WEIGHT-RANGE', status: 'passed' },
      { title: 'b', requirement: 'V2-PORT-RANGE', status: 'interrupted' },
    ],
    'interrupted',
  );
  expect(statusOf(r, 'V2-PORT-RANGE')).toMatchObject({ status: 'inconclusive', reason: /interrupted/ });
  expect(statusOf(r, 'V2-WEIGHT-TYPE')?.status).toBe('not-run');
  expect(r.run).toMatchObject({ verdict: 'incomplete', exitCode: 1 });
});

const RED_TIMEOUT = '\u001b[31mTest timeout of 1500ms exceeded.\u001b[39m';

/** Errors no check recorded as a verdict: whatever the test's status, its requirement gets no verdict. */
const NO_VERDICT_CASES: {
  name: string;
  status: TestResult['status'];
  /** The error is linked to a record of this kind; absent: it links to none. */
  kind?: 'untyped' | 'settings';
}[] = [
  // A property whose case threw an error of the suite's own links to an untyped record: never a violation.
  { name: 'timed out, the error untyped', status: 'timedOut', kind: 'untyped' },
  { name: 'timed out, no evidence attached', status: 'timedOut' },
  { name: 'interrupted, the error untyped', status: 'interrupted', kind: 'untyped' },
  { name: 'failed on an error of the suite', status: 'failed', kind: 'untyped' },
  { name: 'failed on a setting the run cannot use', status: 'failed', kind: 'settings' },
  { name: 'failed, no evidence attached', status: 'failed' },
];

for (const c of NO_VERDICT_CASES)
  test(`no verdict from an error no check recorded: ${c.name}; the reason is plain text`, () => {
    const r = report([
      {
        title: 'walk',
        requirement: 'V3-WALK-FORWARD',
        status: c.status,
        errors: [c.kind ? { kind: c.kind, message: RED_TIMEOUT } : RED_TIMEOUT],
      },
    ]);
    const row = statusOf(r, 'V3-WALK-FORWARD');
    expect(row?.status).toBe('inconclusive');
    expect(row?.reason).toContain('Test timeout of 1500ms exceeded.');
    expect(JSON.stringify(r)).not.toContain('\\u001b');
    expect(r.run).toMatchObject({ verdict: 'incomplete', exitCode: 1 });
  });

test('a run in which nothing was checked never conforms', () => {
  const skip = 'TARGET_READ_ONLY=1: this requirement needs to create members';
  const r = report([{ title: 'a', requirement: 'V2-WEIGHT-RANGE', status: 'skipped', skip }]);
  expect(statusOf(r, 'V2-WEIGHT-RANGE')).toMatchObject({ status: 'skipped', reason: skip });
  expect(r.summary.passed).toBe(0);
  expect(r.run).toMatchObject({ verdict: 'incomplete', exitCode: 1 });
});

test('a requirement checked in part says which cases were skipped, and why', () => {
  const skip = 'no IPv6 member can be created: TARGET_V3_SUBNET6_ID and TARGET_V3_ADDRESS6_CIDR are not set';
  const r = report([
    { title: 'v4', requirement: 'V3-IP-VERSION', status: 'passed' },
    { title: 'v6', requirement: 'V3-IP-VERSION', status: 'skipped', skip },
  ]);
  expect(statusOf(r, 'V3-IP-VERSION')).toMatchObject({
    status: 'passed',
    reason: expect.stringContaining(skip),
  });
  expect(r.run).toMatchObject({ verdict: 'conforms', exitCode: 0 });
});

test('a member left behind by a delete answered with success keeps the run from conforming, and fails nothing', () => {
  const leftover: LeftoverEvidence = {
    api: 'v2',
    poolId: 'p',
    id: 'm1',
    detail: 'GET answered 200 after the 204',
  };
  const r = report([{ title: 'a', requirement: 'V2-WEIGHT-RANGE', status: 'passed', leftovers: [leftover] }]);
  expect(statusOf(r, 'V2-WEIGHT-RANGE')?.status).toBe('passed');
  expect(r.leftovers).toEqual([leftover]);
  expect(r.run).toMatchObject({ verdict: 'incomplete', exitCode: 1 });
});

test.describe('waivers (CONFORMANCE_WAIVERS)', () => {
  const waiver = (requirement: string, expires = '2026-12-31'): Waiver => ({
    requirement,
    reason: `known deviation of ${requirement}`,
    expires,
  });
  const LAST_MOMENT = new Date('2026-12-31T23:59:59.999Z');
  const NEXT_DAY = new Date('2027-01-01T00:00:00.000Z');
  const weightBroken = failedOn('range', 'V2-WEIGHT-RANGE', {
    kind: 'violation',
    message: 'expected status 400, got 201',
  });

  test("a failure under a waiver that holds on the run's day, its last day included, is waived and the run conforms", () => {
    const r = report(
      [weightBroken, { title: 'type', requirement: 'V2-WEIGHT-TYPE', status: 'passed' }],
      'failed',
      {
        waivers: [waiver('V2-WEIGHT-RANGE')],
        startTime: LAST_MOMENT,
      },
    );
    expect(statusOf(r, 'V2-WEIGHT-RANGE')).toMatchObject({
      status: 'waived',
      waiver: { state: 'applied', expires: '2026-12-31', reason: 'known deviation of V2-WEIGHT-RANGE' },
    });
    // The evidence stays: a waiver accepts the failure, it does not hide it.
    expect(statusOf(r, 'V2-WEIGHT-RANGE')?.failures.map((f) => f.summary)).toEqual([
      'expected status 400, got 201',
    ]);
    expect(r.summary).toMatchObject({ failed: 0, waived: 1, passed: 1 });
    expect(r.run).toMatchObject({ verdict: 'conforms', exitCode: 0, status: 'failed' });
  });

  test("a waiver whose last day is before the run's day has expired: the failure counts and says so", () => {
    const r = report([weightBroken], 'failed', { waivers: [waiver('V2-WEIGHT-RANGE')], startTime: NEXT_DAY });
    expect(statusOf(r, 'V2-WEIGHT-RANGE')).toMatchObject({
      status: 'failed',
      waiver: { state: 'expired', expires: '2026-12-31' },
    });
    expect(r.summary).toMatchObject({ failed: 1, waived: 0 });
    expect(r.run).toMatchObject({ verdict: 'does-not-conform', exitCode: 1 });
  });

  test('a waiver of a requirement that passed, or was not run, is stale and changes nothing', () => {
    const r = report([{ title: 'range', requirement: 'V2-WEIGHT-RANGE', status: 'passed' }], 'passed', {
      waivers: [waiver('V2-WEIGHT-RANGE'), waiver('V3-WALK-FORWARD', '2020-01-01')],
      startTime: LAST_MOMENT,
    });
    expect(statusOf(r, 'V2-WEIGHT-RANGE')).toMatchObject({ status: 'passed', waiver: { state: 'stale' } });
    expect(statusOf(r, 'V3-WALK-FORWARD')).toMatchObject({ status: 'not-run', waiver: { state: 'stale' } });
    expect(statusOf(r, 'V2-PORT-RANGE')?.waiver).toBeUndefined();
    expect(r.run).toMatchObject({ verdict: 'conforms', exitCode: 0 });
  });

  test('an inconclusive requirement is not waivable: its waiver is stale and the run incomplete', () => {
    const r = report(
      [failedOn('range', 'V2-WEIGHT-RANGE', { kind: 'no-verdict', message: 'no verdict: no answer' })],
      'failed',
      { waivers: [waiver('V2-WEIGHT-RANGE')], startTime: LAST_MOMENT },
    );
    expect(statusOf(r, 'V2-WEIGHT-RANGE')).toMatchObject({
      status: 'inconclusive',
      waiver: { state: 'stale' },
    });
    expect(r.run).toMatchObject({ verdict: 'incomplete', exitCode: 1 });
  });

  const unfinished: { name: string; cases: Case[]; globalErrors?: string[] }[] = [
    {
      name: 'a waived cross-cutting failure stopped a test before its own check',
      cases: [
        failedOn('range', 'V2-WEIGHT-RANGE', {
          kind: 'violation',
          message: '[V2-CONTENT-TYPE] the 400 answer is labelled text/plain',
          requirement: 'V2-CONTENT-TYPE',
        }),
      ],
    },
    {
      name: 'the test timed out after its waived failure',
      cases: [
        {
          title: 'range',
          requirement: 'V2-CONTENT-TYPE',
          status: 'timedOut',
          errors: [
            { kind: 'violation', message: 'labelled text/plain' },
            'Test timeout of 120000ms exceeded.',
          ],
        },
      ],
    },
    {
      name: 'an error outside any requirement',
      cases: [failedOn('type', 'V2-CONTENT-TYPE', { kind: 'violation', message: 'labelled text/plain' })],
      globalErrors: ['Error: the global teardown failed'],
    },
  ];
  for (const c of unfinished)
    test(`a waived failure does not make a run conform when ${c.name}`, () => {
      const r = report(c.cases, 'failed', {
        waivers: [waiver('V2-CONTENT-TYPE')],
        startTime: LAST_MOMENT,
        globalErrors: c.globalErrors ?? [],
      });
      expect(statusOf(r, 'V2-CONTENT-TYPE')?.status).toBe('waived');
      expect(r.run).toMatchObject({ verdict: 'incomplete', exitCode: 1 });
    });

  test('a failure without a waiver still fails a run in which another failure is waived', () => {
    const r = report(
      [
        weightBroken,
        failedOn('port', 'V2-PORT-RANGE', { kind: 'violation', message: 'expected 400, got 201' }),
      ],
      'failed',
      { waivers: [waiver('V2-WEIGHT-RANGE')], startTime: LAST_MOMENT },
    );
    expect(r.summary).toMatchObject({ failed: 1, waived: 1 });
    expect(r.run).toMatchObject({ verdict: 'does-not-conform', exitCode: 1 });
  });
});

test('no check names its requirement in the text of a failure: attribution is ConformanceFailure.against', ({
  trackedFiles,
}) => {
  const offenders = trackedFiles
    .filter((file) => /^(?:src|tests\/v2|tests\/v3)\//.test(file) && file.endsWith('.ts'))
    .flatMap((file) =>
      readFileSync(path.join(ROOT, file), 'utf8')
        .split('\n')
        .map((line, i) => ({ where: `${file}:${i + 1}`, line }))
        .filter(({ line }) => /[`'"]\[V[23]-[A-Z-]+\]/.test(line)),
    )
    .map(({ where }) => where);
  expect(offenders).toEqual([]);
});
