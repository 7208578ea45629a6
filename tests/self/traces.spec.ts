/**
 * W3C traceparent on every request, and the HAR of the run (src/http/trace.ts, src/http/har.ts): a whole run
 * against a served reference server behind a recording proxy, whose record is the evidence, not the suite's own
 * bookkeeping, with a member of the run's name left in a pool as an interrupted run leaves one, for the clean-up
 * after the run to remove. Every request the server received carried a well-formed traceparent with a span of
 * its own; the preflight is one trace, the clean-up after the run another, each test one of its own;
 * reports/exchanges.har is HAR 1.2 (the schema of the har-schema package) holding every request the server
 * received, one entry each, the preflight's and the clean-up's on pages of their own, no credential; merged blob
 * reports give the same but for the runner's two pages. A failing run names in each failure of conformance.json
 * and of the page a trace and span the server received; each resend after a refusal is a span and a HAR entry of
 * its own, and so is a request that got no answer; a refused preflight quotes the traceparent of its read and
 * writes no HAR, nor does a settings error, which sends nothing; the validating proxy passes a client's
 * traceparent on unchanged and its report names it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Har, HarEntry } from '../../src/http/har';
import { memberNamePrefix } from '../../src/run-identity';
import type { ConformanceReport } from '../../src/reporter/model';
import { conformanceRunner, writtenPage, type RunResult } from './support/conformance-run';
import { harErrors } from './support/har-check';
import { expect, test as harness } from './support/harness';
import { recordingProxy, type RecordingProxy } from './support/recording-proxy';
import { schemaErrors } from './support/report-schema';
import { createMember } from './support/pools';
import { needlesFor, occurrences } from './support/secret-search';
import type { ServedRun } from './support/served-target';
import { receivedSpans, runTraces, type ReceivedSpan } from './support/traces';
import { startProxy } from './support/validating-proxy';
import { asUri } from '../../src/http/har';

const TOKEN = 'tok-Traces-Distinctive-6e04b1';
const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/;
/** The titles of the HAR's pages of the runner's own requests (docs/reports.md). */
const PREFLIGHT_PAGE = 'preflight';
const CLEANUP_PAGE = 'clean-up after the run';

/** A run of the whole suite against a served reference server, every request through a recording proxy. */
interface TracedRun extends ServedRun {
  proxy: RecordingProxy;
  /** The member of the run's name put in a pool before the run, for the clean-up after it to remove. */
  leftBehind: string;
}

/** The tests of V2-WEIGHT-RANGE against a reference server served with `reference`, through a recording proxy. */
type WeightRangeRun = (
  reference: Record<string, string>,
) => Promise<{ proxy: RecordingProxy; run: RunResult }>;

const test = harness.extend<{ weightRangeRun: WeightRangeRun }, { tracedRun: TracedRun }>({
  weightRangeRun: async ({ serveReference, recordingProxy: record, runConformance }, use) => {
    await use(async (reference) => {
      const served = await serveReference(reference);
      const proxy = await record(served.env.TARGET_URL!);
      const run = await runConformance({ ...served.env, TARGET_URL: proxy.url }, [
        '--grep',
        'V2-WEIGHT-RANGE',
      ]);
      return { proxy, run };
    });
  },
  tracedRun: [
    async ({ serveForWorker, workerProcesses, workerScratch }, use) => {
      const served = await serveForWorker({ REFERENCE_TOKEN: TOKEN });
      const id = randomBytes(4).toString('hex');
      // As a create whose 201 never arrived leaves one (docs/cleanup.md): only its name says whose it is. Put
      // straight into the target, past the proxy, in the subnet but outside the range the tests take addresses from.
      const leftBehind = await createMember(served.env, 'v2-other', {
        address: '192.168.1.250',
        protocol_port: 85,
        name: `${memberNamePrefix(id)}left-behind`,
      });
      const proxy = await recordingProxy(served.env.TARGET_URL!);
      const blobDir = path.join(workerScratch('traced-blob'), 'blob');
      const runConformance = conformanceRunner(workerProcesses, () => workerScratch('traced-run'));
      try {
        const run = await runConformance(
          { ...served.env, TARGET_URL: proxy.url, CONFORMANCE_RUNS: '5', CONFORMANCE_RUN_ID: id },
          [],
          { blobDir },
        );
        await use({ served, proxy, run, blobDir, leftBehind });
      } finally {
        await proxy.close();
      }
    },
    { scope: 'worker', timeout: 240_000 },
  ],
});

function readHar(dir: string): Har {
  return JSON.parse(readFileSync(path.join(dir, 'exchanges.har'), 'utf8')) as Har;
}

/** The HAR without the pages titled `titles` and their entries. */
function withoutPages(har: Har, titles: readonly string[]): Har {
  const dropped = new Set(har.log.pages.filter((p) => titles.includes(p.title)).map((p) => p.id));
  return {
    log: {
      ...har.log,
      pages: har.log.pages.filter((p) => !dropped.has(p.id)),
      entries: har.log.entries.filter((e) => !dropped.has(e.pageref)),
    },
  };
}

/** Every test of the report once (a test is listed under each requirement it names), with the trace it ran in. */
function reportedTests(report: ConformanceReport): { title: string; status: string; traceId?: string }[] {
  const tests = report.requirements.flatMap((r) => r.tests);
  return [...new Map(tests.map((t) => [`${t.project} ${t.location} ${t.title}`, t])).values()];
}

/** Path and query as the HAR and then a URL parser write them, so that the HAR's URLs and the proxy's paths compare. */
const pathOf = (url: string): string => {
  const parsed = new URL(asUri(url), 'http://127.0.0.1');
  return parsed.pathname + parsed.search;
};

function traceparentOf(entry: HarEntry): string | undefined {
  return entry.request.headers.find((h) => h.name.toLowerCase() === 'traceparent')?.value;
}

test.describe('a whole run through a recording proxy', () => {
  test.describe.configure({ mode: 'serial' });

  test('every request the server received carried a well-formed traceparent, each with a span of its own', ({
    tracedRun: { run, proxy },
  }) => {
    expect(run.exitCode, run.stdout.slice(-3000)).toBe(0);
    const { spans, problems } = receivedSpans(proxy.requests);
    expect(problems).toEqual([]);
    expect(spans.length).toBe(proxy.requests.length);
    expect(spans.length).toBeGreaterThan(100);
  });

  test('the preflight is one trace, the clean-up after the run another, and each test one of its own', ({
    tracedRun: { run, proxy, served, leftBehind },
  }) => {
    const traces = runTraces(receivedSpans(proxy.requests).spans);
    expect(traces.problems).toEqual([]);
    const pools = Object.keys(served.env).filter((name) => /^TARGET_V[23]_(OTHER_|UDP_)?POOL_ID$/.test(name));
    expect(traces.preflight.map((s) => `${s.method} ${s.path.replace(/^.*\/members/, '…/members')}`)).toEqual(
      pools.map(() => 'GET …/members?limit=1'),
    );
    // The clean-up listed the pools, removed the member left behind, and read that it was gone.
    expect(run.stderr).toContain('removed 1 member(s) that this run had left in the pools');
    const removal = traces.afterRun.filter((s) => s.path.endsWith(`/members/${leftBehind}`));
    expect(removal.map((s) => s.method)).toEqual(['DELETE', 'GET']);
    expect(traces.afterRun.length).toBeGreaterThan(removal.length);

    // Each test that ran names its trace; no two share one, and the server got exactly those traces.
    const ran = reportedTests(run.report!).filter((t) => t.status !== 'skipped');
    const reported = ran.map((t) => t.traceId);
    expect(
      reported.every((id) => /^[0-9a-f]{32}$/.test(id ?? '')),
      JSON.stringify(ran),
    ).toBe(true);
    expect(new Set(reported).size).toBe(ran.length);
    expect([...traces.tests.keys()].sort()).toEqual([...reported].sort());
  });

  test('reports/exchanges.har is HAR 1.2 holding every request the server received, the preflight’s and the clean-up’s on pages of their own, and no credential', ({
    tracedRun: { run, proxy },
  }) => {
    const har = readHar(run.reportDir);
    expect(harErrors(har)).toEqual([]);
    expect(har.log.creator.name).toBe(run.report!.suite.name);

    // One entry per request the server received, matched by traceparent, of the same method and URL.
    const { spans } = receivedSpans(proxy.requests);
    expect(har.log.entries).toHaveLength(spans.length);
    const received = new Map<string, ReceivedSpan>(spans.map((span) => [span.traceparent, span]));
    const unmatched = har.log.entries.filter((entry) => {
      const span = received.get(traceparentOf(entry) ?? '');
      received.delete(traceparentOf(entry) ?? '');
      return span?.method !== entry.request.method || pathOf(span.path) !== pathOf(entry.request.url);
    });
    expect(unmatched.map((e) => `${e.request.method} ${e.request.url} ${traceparentOf(e)}`)).toEqual([]);

    // The preflight's requests on its page, first; the clean-up's on its page, last; one page per test between.
    const traces = runTraces(spans);
    const preflight = traces.preflight[0]!.traceId;
    const cleanup = traces.afterRun[0]!.traceId;
    const onPage = (id: string) => har.log.entries.filter((e) => e.pageref === id).map(traceparentOf);
    expect(onPage(preflight).sort()).toEqual(traces.preflight.map((s) => s.traceparent).sort());
    expect(onPage(cleanup).sort()).toEqual(traces.afterRun.map((s) => s.traceparent).sort());
    const titles = new Map(reportedTests(run.report!).map((t) => [t.traceId, t.title]));
    titles.set(preflight, PREFLIGHT_PAGE).set(cleanup, CLEANUP_PAGE);
    expect(har.log.pages.map((p) => p.title)).toEqual(har.log.pages.map((p) => titles.get(p.id)));
    expect(har.log.pages.at(0)?.id).toBe(preflight);
    expect(har.log.pages.at(-1)?.id).toBe(cleanup);
    const pages = har.log.entries.map((e) => e.pageref);
    expect(pages.slice(0, traces.preflight.length)).toEqual(traces.preflight.map(() => preflight));
    expect(pages.slice(-traces.afterRun.length)).toEqual(traces.afterRun.map(() => cleanup));
    const times = har.log.entries.map((e) => e.startedDateTime);
    expect(times).toEqual([...times].sort());

    const tokenHeaders = (entries: readonly HarEntry[]) =>
      entries.flatMap((e) =>
        e.request.headers.filter((h) => h.name.toLowerCase() === 'x-auth-token').map((h) => h.value),
      );
    expect(tokenHeaders(har.log.entries).length).toBeGreaterThan(0);
    expect(new Set(tokenHeaders(har.log.entries))).toEqual(new Set(['<redacted>']));
    // The runner's requests send the token too: each one is in the HAR redacted.
    const runners = har.log.entries.filter((e) => e.pageref === preflight || e.pageref === cleanup);
    expect(tokenHeaders(runners)).toEqual(runners.map(() => '<redacted>'));
    const file = path.join(run.reportDir, 'exchanges.har');
    expect(occurrences(file, readFileSync(file), needlesFor(TOKEN))).toEqual([]);
  });

  test('merge-reports of the run’s blob report writes the same HAR, but for the runner’s preflight and clean-up', async ({
    tracedRun: { run, blobDir },
    mergeBlobReports,
  }) => {
    const merged = await mergeBlobReports(blobDir);
    const own = readHar(run.reportDir);
    expect(own.log.pages.filter((p) => [PREFLIGHT_PAGE, CLEANUP_PAGE].includes(p.title))).toHaveLength(2);
    expect(readHar(merged)).toEqual(withoutPages(own, [PREFLIGHT_PAGE, CLEANUP_PAGE]));
  });

  test('the HAR check finds an entry without timings, a wrong version, a negative wait, a time that is not their sum, a told headersSize and a request without its traceparent', ({
    tracedRun: { run },
  }) => {
    const har = readHar(run.reportDir);
    const broken = (change: (entry: HarEntry, log: Har['log']) => void): string[] => {
      const copy = structuredClone(har);
      change(copy.log.entries[0]!, copy.log);
      return harErrors(copy);
    };
    expect(broken((e) => delete (e as Partial<HarEntry>).timings)).toEqual([
      "/log/entries/0 must have required property 'timings'",
    ]);
    expect(broken((_, log) => (log.version = '1.1' as '1.2'))).toEqual(['/log/version is "1.1", not "1.2"']);
    expect(broken((e) => (e.timings.wait = -1))).toContainEqual(
      expect.stringMatching(/wait is -1, not >= 0/),
    );
    expect(broken((e) => (e.time += 5))).toContainEqual(expect.stringMatching(/time is .* add up to/));
    expect(broken((e) => (e.request.headersSize = 120 as -1))).toEqual([
      '/log/entries/0/request/headersSize is not -1',
    ]);
    expect(
      broken((e) => (e.request.headers = e.request.headers.filter((h) => h.name !== 'traceparent'))),
    ).toContainEqual(expect.stringMatching(/no one well-formed traceparent/));
    expect(broken((e) => (e.pageref = 'nowhere'))).toEqual(['/log/entries/0/pageref names no page']);
  });
});

test('each failure names the trace and the span of a request the server received, in conformance.json and on the page', async ({
  weightRangeRun,
}) => {
  const { proxy, run } = await weightRangeRun({ REFERENCE_FAULTS: 'weight-upper-off-by-one' });
  expect(run.exitCode, run.stdout.slice(-3000)).toBe(1);
  expect(schemaErrors(run.report)).toEqual([]);
  const failures = run.report!.requirements.flatMap((r) => r.failures.map((f) => ({ id: r.id, ...f })));
  expect(failures.map((f) => f.id)).toEqual(['V2-WEIGHT-RANGE']);

  const received = new Map(receivedSpans(proxy.requests).spans.map((s) => [s.spanId, s]));
  const traces = new Set([...received.values()].map((s) => s.traceId));
  const page = writtenPage(run.reportDir);
  for (const failure of failures) {
    expect(traces, 'the failure’s trace was received').toContain(failure.traceId);
    const span = received.get(failure.spanId ?? '');
    expect(span, 'the failure’s span was received').toBeDefined();
    expect(span).toMatchObject({ traceId: failure.traceId, method: 'POST' });
    expect(span!.traceparent).toBe(failure.request?.headers.traceparent);
    const article = /<article class="failure[^"]*" id="failure-V2-WEIGHT-RANGE"[\s\S]*?<\/article>/.exec(
      page,
    )?.[0];
    expect(article).toContain(`<code class="trace-id">${failure.traceId}</code>`);
    expect(article).toContain(`<code class="span-id">${failure.spanId}</code>`);
  }
});

test('each resend after a 429 or a 503 is a span of its own in the test’s trace, and an entry of the HAR', async ({
  weightRangeRun,
}) => {
  const { proxy, run } = await weightRangeRun({ REFERENCE_CHOICES: 'rate-limit' });
  expect(run.exitCode, run.stdout.slice(-3000)).toBe(0);
  const { spans, problems } = receivedSpans(proxy.requests);
  expect(problems).toEqual([]);
  const refused = (index: number) => [429, 503].includes(proxy.requests[index]?.answer?.status ?? 0);
  // Each refused request of a test was sent again, by the same test, as a request of its own.
  const tested = [...runTraces(spans).tests.values()].flat();
  const refusals = tested.filter((span) => refused(span.index));
  expect(refusals.length).toBeGreaterThan(0);
  for (const first of refusals) {
    const again = tested.find(
      (s) => s.index > first.index && s.method === first.method && s.path === first.path,
    );
    expect(again, `${first.method} ${first.path} sent again`).toMatchObject({ traceId: first.traceId });
    expect(again!.spanId).not.toBe(first.spanId);
  }
  // Every request the server received is an entry, each refused one too: the tests', the preflight's, the
  // clean-up's.
  const har = readHar(run.reportDir);
  expect(harErrors(har)).toEqual([]);
  expect(har.log.entries).toHaveLength(spans.length);
  expect(har.log.entries.filter((e) => [429, 503].includes(e.response.status))).toHaveLength(
    spans.filter((span) => refused(span.index)).length,
  );
});

test('a request that got no answer is an entry of the HAR too, with status 0 and why', async ({
  serveReference,
  recordingProxy: record,
  runConformance,
}) => {
  const served = await serveReference();
  // From the first create on, every connection is reset as its request arrives: a target that went away.
  const proxy = await record(served.env.TARGET_URL!, { from: (r) => r.method === 'POST', how: 'reset' });
  const run = await runConformance({ ...served.env, TARGET_URL: proxy.url }, [
    '--grep',
    'V2-CREATE-DEFAULTS',
  ]);
  expect(run.exitCode, run.stdout.slice(-3000)).toBe(1);
  const { spans } = receivedSpans(proxy.requests);
  const tested = [...runTraces(spans).tests.values()].flat();
  expect(tested.filter((span) => span.index >= proxy.brokeAt()!).map((s) => s.method)).toContain('POST');
  // The tests' requests from the break on, and the clean-up's after the run.
  const unanswered = spans.filter((span) => span.index >= proxy.brokeAt()!);
  const har = readHar(run.reportDir);
  expect(harErrors(har)).toEqual([]);
  expect(har.log.entries).toHaveLength(spans.length);
  const noAnswer = har.log.entries.filter((e) => e.response.status === 0);
  expect(noAnswer.map(traceparentOf).sort()).toEqual(unanswered.map((s) => s.traceparent).sort());
  for (const entry of noAnswer) expect(entry.response._error).toMatch(/ECONNRESET|socket hang up/);
});

test('a preflight refused for its token quotes the traceparent of a read the server received', async ({
  serveReference,
  recordingProxy: record,
  runConformance,
}) => {
  const served = await serveReference({ REFERENCE_TOKEN: TOKEN });
  const proxy = await record(served.env.TARGET_URL!);
  const run = await runConformance({ ...served.env, TARGET_URL: proxy.url, TARGET_TOKEN: 'not-the-token' });
  expect(run.exitCode, run.stderr).toBe(2);
  const quoted = /configuration error: TARGET_TOKEN: .*\(traceparent (\S+)\)/.exec(run.stderr)?.[1];
  expect(quoted, run.stderr).toMatch(TRACEPARENT);
  const { spans, problems } = receivedSpans(proxy.requests);
  expect(problems).toEqual([]);
  expect(spans.map((s) => s.traceparent)).toContain(quoted);
  expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
  // The run ends before Playwright starts: no report, no HAR.
  expect(existsSync(path.join(run.reportDir, 'exchanges.har'))).toBe(false);
});

test('a settings error sends nothing and writes no HAR', async ({
  serveReference,
  recordingProxy: record,
  runConformance,
}) => {
  const served = await serveReference();
  const proxy = await record(served.env.TARGET_URL!);
  const run = await runConformance({
    ...served.env,
    TARGET_URL: proxy.url,
    TARGET_V2_ADDRESS_CIDR: '192.168.300.0/24',
  });
  expect(run.exitCode, run.stderr).toBe(2);
  expect(run.stderr).toContain('configuration error: TARGET_V2_ADDRESS_CIDR');
  expect(proxy.requests).toEqual([]);
  expect(existsSync(path.join(run.reportDir, 'exchanges.har'))).toBe(false);
});

test('the validating proxy passes a client’s traceparent on unchanged, and its report names it', async ({
  serveReference,
  recordingProxy: record,
  childProcesses,
  scratch,
}) => {
  const served = await serveReference({ REFERENCE_FAULTS: 'weight-upper-off-by-one' });
  const upstream = await record(served.env.TARGET_URL!);
  const out = scratch('proxy');
  const proxy = await startProxy(childProcesses, upstream.url, out);
  const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  const answer = await fetch(`${proxy.url}/v2.0/lbaas/pools/${served.env.TARGET_V2_POOL_ID}/members`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-auth-token': served.env.TARGET_TOKEN!, traceparent },
    body: JSON.stringify({
      member: {
        address: '192.168.200.50',
        protocol_port: 8080,
        subnet_id: served.env.TARGET_V2_SUBNET_ID,
        weight: 101,
      },
    }),
  });
  expect(answer.status).toBe(201);
  proxy.child.kill('SIGINT');
  expect(await proxy.child.exited).toBe(1);
  expect(upstream.requests.map((r) => r.traceparent)).toEqual([traceparent]);
  const report = JSON.parse(readFileSync(path.join(out, 'conformance.json'), 'utf8')) as ConformanceReport;
  const failure = report.requirements.find((r) => r.id === 'V2-WEIGHT-RANGE')?.failures[0];
  expect(failure).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' });
});

test.describe('the checks bite', () => {
  const request = (traceparent: string | undefined, method = 'GET') => ({
    method,
    path: '/v2.0/x',
    at: 0,
    ...(traceparent !== undefined ? { traceparent } : {}),
  });
  const id = (n: number, length: number) => n.toString(16).padStart(length, '0');
  const header = (trace: number, span: number) => `00-${id(trace, 32)}-${id(span, 16)}-01`;

  test('a traceparent missing, malformed, of ids all zeros or not sampled, and a span sent twice are found', () => {
    const { problems } = receivedSpans([
      request(header(1, 1)),
      request(undefined),
      request('00-abc-def-01'),
      request(header(0, 2)),
      request(header(1, 0)),
      request(header(1, 3).replace(/-01$/, '-00')),
      request(header(2, 1)),
    ]);
    expect(problems.map((p) => p.split(' ')[1])).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  test('a preflight trace after other requests, and a clean-up trace before them, are found', () => {
    const spans = (headers: string[]) => receivedSpans(headers.map((h) => request(h))).spans;
    expect(runTraces(spans([header(1, 1), header(2, 2), header(3, 3)])).problems).toEqual([]);
    expect(runTraces(spans([header(1, 1), header(2, 2), header(1, 3), header(3, 4)])).problems).toHaveLength(
      1,
    );
    expect(runTraces(spans([header(1, 1), header(3, 2), header(2, 3), header(3, 4)])).problems).toHaveLength(
      1,
    );
  });
});
