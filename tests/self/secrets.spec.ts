/**
 * No credential is printed or written anywhere. A run sends the target's token: runs with a distinctive token,
 * against the built-in reference server and against a served one, passing and failing (a failure prints its
 * exchanges), with the config's own reporters plus json and blob, every output redirected into a scratch
 * folder, the HAR of every request (reports/exchanges.har, the runner's preflight and clean-up after the run
 * included) among it. The validating proxy passes whatever a client sends: a real client request carrying every
 * kind of credential (each credential header, cookies, each credential query parameter; one table) goes through
 * it to an upstream that answers so that the proxy keeps the exchange, one of them echoing every credential back
 * and setting a cookie. No secret may appear in stdout, stderr or any file written (searched recursively, into zip
 * archives and into the zip the HTML report embeds as base64), as is, URL-encoded, JSON-escaped or
 * base64-encoded.
 */
import { deflateRawSync } from 'node:zlib';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import conformanceConfig from '../../playwright.config';
import type { Har } from '../../src/http/har';
import type { ConformanceReport } from '../../src/reporter/model';
import { readConformanceReport } from '../../src/runner/verdict';
import type { ProcessResult } from './support/child-process';
import { requirementsWith } from './support/conformance-run';
import { expect, test as harness, type HarnessFixtures } from './support/harness';
import { CONFORMANCE_SCRIPT, ROOT, TSX } from './support/paths';
import { readJsonReport, type TestOutcome } from './support/playwright-json';
import { filesUnder, needlesFor, occurrences, occurrencesInFiles, unzip } from './support/secret-search';
import { startProxy } from './support/validating-proxy';

const TOKEN = 'tok-Secret-9d2f41c7';
const NEEDLES = needlesFor(TOKEN);
/** One fault per API, so that both print failed exchanges. */
const FAULTS = 'weight-upper-off-by-one,v3-limit-upper-off-by-one';
const REPORTS = path.join(ROOT, 'reports');

const test = harness.extend<{
  runAndSearch: (env: Record<string, string>, args?: readonly string[]) => Promise<SearchedRun>;
}>({
  runAndSearch: async ({ runNode, scratch }, use) => {
    await use((env, args = []) => runAndSearch(runNode, scratch('secrets'), env, args));
  },
});

test.describe.configure({ timeout: 300_000 });

/**
 * Each reporter of playwright.config.ts, and the variable that moves its output; json and blob come on top.
 * A reporter this table does not know fails the test: its output would escape the search.
 */
const REDIRECT: Record<string, ((dir: string) => Record<string, string>) | undefined> = {
  list: () => ({}),
  dot: () => ({}),
  line: () => ({}),
  html: (dir) => ({ PLAYWRIGHT_HTML_OUTPUT_DIR: path.join(dir, 'html'), PLAYWRIGHT_HTML_OPEN: 'never' }),
  junit: (dir) => ({ PLAYWRIGHT_JUNIT_OUTPUT_FILE: path.join(dir, 'junit.xml') }),
  json: (dir) => ({ PLAYWRIGHT_JSON_OUTPUT_FILE: path.join(dir, 'report.json') }),
  blob: (dir) => ({ PLAYWRIGHT_BLOB_OUTPUT_DIR: path.join(dir, 'blob') }),
  './src/reporter/conformance-reporter.ts': (dir) => ({
    CONFORMANCE_REPORT_DIR: path.join(dir, 'conformance'),
  }),
};

function reporters(): string[] {
  const configured = conformanceConfig.reporter;
  const names = Array.isArray(configured)
    ? configured.map((entry) => (Array.isArray(entry) ? String(entry[0]) : String(entry)))
    : [String(configured ?? 'list')];
  return [...names, 'json', 'blob'];
}

interface SearchedRun {
  run: ProcessResult;
  outcomes: TestOutcome[];
  report: ConformanceReport | undefined;
  /** Where the token was found, as `file[!entry]: form`. */
  leaks: string[];
  /** What the run wrote, relative to its scratch folder. */
  written: string[];
  /** The values of the X-Auth-Token headers of the requests in reports/exchanges.har. */
  harTokenHeaders: string[];
  /** The titles of its pages. */
  harPages: string[];
}

/**
 * Files under reports/ of the repository written since `since`: any output that ignored the redirection. The
 * self-tests' own output folder, where other tests write at the same time, is not the suite's.
 */
function reportsWrittenSince(since: number): string[] {
  if (!existsSync(REPORTS)) return [];
  return filesUnder(REPORTS, [path.join(REPORTS, 'self-test-results')]).filter(
    (file) => (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0) >= since,
  );
}

/**
 * Runs `npm run conformance`'s script with every reporter writing into a scratch folder (`dir`), and searches it
 * all.
 */
async function runAndSearch(
  runNode: HarnessFixtures['runNode'],
  dir: string,
  env: Record<string, string>,
  args: readonly string[],
): Promise<SearchedRun> {
  const since = Date.now();
  const names = reporters();
  const unknown = names.filter((name) => !REDIRECT[name]);
  expect(unknown, 'reporters whose output this test cannot redirect').toEqual([]);
  const redirects = Object.assign({}, ...names.map((name) => REDIRECT[name]?.(dir))) as Record<
    string,
    string
  >;
  const run = await runNode(
    [
      ...TSX,
      CONFORMANCE_SCRIPT,
      `--reporter=${names.join(',')}`,
      `--output=${path.join(dir, 'test-results')}`,
      ...args,
    ],
    // Few property runs: every reporter and every failure path is exercised all the same.
    { ...redirects, CONFORMANCE_RUNS: '5', ...env },
  );
  const files = filesUnder(dir);
  const leaks = [
    ...occurrences('stdout', Buffer.from(run.stdout), NEEDLES),
    ...occurrences('stderr', Buffer.from(run.stderr), NEEDLES),
    // The scratch folder lies under reports/ too (the test's output folder): searched once.
    ...occurrencesInFiles([...new Set([...files, ...reportsWrittenSince(since)])], NEEDLES),
  ];
  const report = path.join(dir, 'report.json');
  const harFile = path.join(dir, 'conformance', 'exchanges.har');
  const har = existsSync(harFile) ? (JSON.parse(readFileSync(harFile, 'utf8')) as Har) : undefined;
  return {
    run,
    outcomes: existsSync(report) ? readJsonReport(report) : [],
    report: readConformanceReport(path.join(dir, 'conformance')),
    leaks: leaks.map((leak) => leak.replace(dir, '<scratch>')),
    written: files.map((file) => path.relative(dir, file)),
    harTokenHeaders: (har?.log.entries ?? []).flatMap((entry) =>
      entry.request.headers.filter((h) => h.name.toLowerCase() === 'x-auth-token').map((h) => h.value),
    ),
    harPages: (har?.log.pages ?? []).map((page) => page.title),
  };
}

/** The run wrote every report (so the search covered them), and nothing of it holds the token. */
function expectNoLeak(searched: SearchedRun): void {
  for (const expected of [/^html\/index\.html$/, /^junit\.xml$/, /^report\.json$/, /^blob\/.*\.zip$/]) {
    expect(
      searched.written.filter((file) => expected.test(file)),
      `written: ${expected}`,
    ).toHaveLength(1);
  }
  if (reporters().includes('./src/reporter/conformance-reporter.ts')) {
    expect(searched.written).toContain(path.join('conformance', 'conformance.json'));
    expect(searched.written).toContain(path.join('conformance', 'conformance', 'index.html'));
    // The HAR holds every request the tests sent, each with its X-Auth-Token header: the search had them to find.
    expect(searched.written).toContain(path.join('conformance', 'exchanges.har'));
    expect(searched.harTokenHeaders.length).toBeGreaterThan(0);
    expect(new Set(searched.harTokenHeaders)).toEqual(new Set(['<redacted>']));
  }
  expect(searched.leaks, 'where the token was found').toEqual([]);
}

/**
 * A run against an external target: the runner's own requests, the preflight's reads and the clean-up's after
 * the run, sent the token too, and are in the HAR the search covered.
 */
function expectRunnerPages(searched: SearchedRun): void {
  expect(searched.harPages).toContain('preflight');
  expect(searched.harPages).toContain('clean-up after the run');
}

/** A failing run printed its exchanges, with the token header redacted: the search had something to find. */
function expectPrintedExchanges(searched: SearchedRun): void {
  expect(searched.run.exitCode, searched.run.stderr).toBe(1);
  expect(requirementsWith(searched.report, 'failed')).toEqual(
    expect.arrayContaining(['V2-WEIGHT-RANGE', 'V3-LIMIT-RANGE']),
  );
  expect(searched.run.stdout).toContain('X-Auth-Token: <redacted>');
  expect(searched.run.stdout).toContain('$TARGET_TOKEN');
}

test('the search finds the token as is, base64-encoded at any offset, in zips and in zips embedded as base64', () => {
  /** A zip record of `size` bytes: its signature, then each field as [value, offset, 2 or 4 bytes]. */
  const record = (size: number, signature: number, fields: [number, number, 2 | 4][]): Buffer => {
    const buffer = Buffer.alloc(size);
    buffer.writeUInt32LE(signature, 0);
    for (const [value, offset, bytes] of fields)
      if (bytes === 2) buffer.writeUInt16LE(value, offset);
      else buffer.writeUInt32LE(value, offset);
    return buffer;
  };
  /** One deflated file: its local header and data, its central directory entry, the end record. */
  const zip = (name: string, data: Buffer): Buffer => {
    const deflated = deflateRawSync(data);
    const fileName = Buffer.from(name);
    // method, compressed size, size, name length: at these offsets in the local header, 2 later in the central
    const file = (at: number): [number, number, 2 | 4][] => [
      [8, at, 2],
      [deflated.length, at + 10, 4],
      [data.length, at + 14, 4],
      [fileName.length, at + 18, 2],
    ];
    const local = record(30, 0x04034b50, file(8));
    const central = record(46, 0x02014b50, file(10));
    const centralAt = local.length + fileName.length + deflated.length;
    const end = record(22, 0x06054b50, [
      [1, 8, 2],
      [1, 10, 2],
      [central.length + fileName.length, 12, 4],
      [centralAt, 16, 4],
    ]);
    return Buffer.concat([local, fileName, deflated, central, fileName, end]);
  };
  expect(unzip(zip('a.txt', Buffer.from('hello'))).map((e) => [e.name, e.data.toString()])).toEqual([
    ['a.txt', 'hello'],
  ]);
  const find = (content: Buffer) => occurrences('x', content, NEEDLES);
  expect(find(Buffer.from(`{"X-Auth-Token":"${TOKEN}"}`))).toContain('x: plain');
  for (const prefix of ['', 'X', 'X-', 'X-Auth-Token: ']) {
    const encoded = Buffer.from(Buffer.from(`${prefix}${TOKEN}\n`).toString('base64'));
    expect(find(encoded).length, `base64 after "${prefix}"`).toBeGreaterThan(0);
    expect(
      find(Buffer.from(encoded.toString().replace(/\+/g, '-').replace(/\//g, '_'))).length,
    ).toBeGreaterThan(0);
  }
  expect(find(zip('trace.trace', Buffer.from(`headers: ${TOKEN}`)))).toContain('x!trace.trace: plain');
  const page = `<script>window.playwrightReportBase64 = "data:application/zip;base64,${zip('report.json', Buffer.from(TOKEN)).toString('base64')}";</script>`;
  expect(find(Buffer.from(page))).toContain('x!<embedded zip>!report.json: plain');
  expect(find(Buffer.from('tok-Secret-<redacted>'))).toEqual([]);
});

test.describe('against the built-in reference server (REFERENCE_TOKEN)', () => {
  test('a passing run writes the token nowhere', async ({ runAndSearch }) => {
    const searched = await runAndSearch({ REFERENCE_TOKEN: TOKEN });
    expect(searched.run.exitCode, searched.run.stdout.slice(-3000)).toBe(0);
    expect(searched.outcomes.filter((o) => o.status !== 'passed')).toEqual([]);
    expectNoLeak(searched);
  });

  test('a failing run prints its exchanges, and writes the token nowhere', async ({ runAndSearch }) => {
    const searched = await runAndSearch({ REFERENCE_TOKEN: TOKEN, REFERENCE_FAULTS: FAULTS });
    expectPrintedExchanges(searched);
    expectNoLeak(searched);
  });
});

test.describe('against a served reference server (TARGET_TOKEN)', () => {
  test('a passing run writes the token nowhere', async ({ serveReference, runAndSearch }) => {
    const served = await serveReference({ REFERENCE_TOKEN: TOKEN });
    expect(served.env.TARGET_TOKEN).toBe(TOKEN);
    const searched = await runAndSearch(served.env);
    expect(searched.run.exitCode, searched.run.stdout.slice(-3000)).toBe(0);
    expect(searched.outcomes.filter((o) => o.status !== 'passed')).toEqual([]);
    expectRunnerPages(searched);
    expectNoLeak(searched);
  });

  test('a failing run prints its exchanges, and writes the token nowhere', async ({
    serveReference,
    runAndSearch,
  }) => {
    const served = await serveReference({ REFERENCE_TOKEN: TOKEN, REFERENCE_FAULTS: FAULTS });
    const searched = await runAndSearch(served.env);
    expectPrintedExchanges(searched);
    expectRunnerPages(searched);
    expectNoLeak(searched);
  });
});

test("-- --trace on writes a trace that holds no token: the requests go out through the suite's own client", async ({
  runAndSearch,
}) => {
  const searched = await runAndSearch({ REFERENCE_TOKEN: TOKEN }, ['--trace=on', '--grep', 'V3-AUTH']);
  expect(searched.run.exitCode, searched.run.stderr).toBe(0);
  expect(searched.written.some((file) => file.endsWith('trace.zip'))).toBe(true);
  expect(searched.leaks).toEqual([]);
});

/**
 * Every kind of credential a client can send (and an upstream can set), one row each: where it goes, and the
 * secret it carries. The proxy passes each on as it is; nothing it writes or prints holds one.
 */
const CREDENTIALS: readonly {
  kind: 'header' | 'query' | 'set-cookie';
  name: string;
  secret: string;
  /** The header's value or the parameter's, as sent. */
  sent?: (secret: string) => string;
}[] = [
  { kind: 'header', name: 'X-Auth-Token', secret: 'sec-xauth-3c81f0d2' },
  { kind: 'header', name: 'Authorization', secret: 'sec-bearer-5e02a9b7', sent: (s) => `Bearer ${s}` },
  {
    kind: 'header',
    name: 'Proxy-Authorization',
    secret: 'sec-proxybasic-81d3c4',
    sent: (s) => `Basic ${Buffer.from(`client:${s}`).toString('base64')}`,
  },
  { kind: 'header', name: 'X-Security-Token', secret: 'sec-security-9a7e21c0' },
  { kind: 'header', name: 'X-Subject-Token', secret: 'sec-subject-47b0e6d5' },
  { kind: 'header', name: 'X-Custom-Token', secret: 'sec-customtok-0f4e92' },
  { kind: 'header', name: 'X-Api-Key', secret: 'sec-apikey-d81c7f35' },
  { kind: 'header', name: 'Cookie', secret: 'sec-cookie-6b1d08ae', sent: (s) => `lang=en; session=${s}` },
  { kind: 'query', name: 'token', secret: 'sec-qtoken-27c5e91b' },
  { kind: 'query', name: 'signature', secret: 'sec-qsig-b3f07d62' },
  { kind: 'query', name: 'access_key', secret: 'sec-qaccess-e94a1c08' },
  { kind: 'query', name: 'X-Amz-Signature', secret: 'sec-amzsig-1d6f3b9e' },
  { kind: 'query', name: 'X-Amz-Credential', secret: 'sec-amzcred-7a20c4f1/20250101/eu/s3' },
  { kind: 'query', name: 'X-Amz-Security-Token', secret: 'sec-amztok-c58e0b27' },
  { kind: 'set-cookie', name: 'Set-Cookie', secret: 'sec-setcookie-4e9d2a70' },
];

const sentValue = (row: (typeof CREDENTIALS)[number]) => row.sent?.(row.secret) ?? row.secret;

/** The query that carries every query row. */
const CREDENTIAL_QUERY = CREDENTIALS.filter((row) => row.kind === 'query')
  .map((row) => `${row.name}=${encodeURIComponent(sentValue(row))}`)
  .join('&');

/** The headers that carry every header row. */
const CREDENTIAL_HEADERS = Object.fromEntries(
  CREDENTIALS.filter((row) => row.kind === 'header').map((row) => [row.name, sentValue(row)]),
);

/** Sends one request with node:http (a real client: no header is refused or added), and reads the answer. */
function send(url: string, method: string, body: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body));
    const request = httpRequest(
      url,
      {
        method,
        headers: {
          ...CREDENTIAL_HEADERS,
          'content-type': 'application/json',
          'content-length': String(data.length),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(data);
  });
}

/**
 * An upstream that gives every credential back: it answers a create with 201, a body that is not a member
 * (so the proxy fails V2-CREATE-RESPONSE and keeps the exchange) holding the request's URL and headers as
 * they came, and a Set-Cookie with the set-cookie row's secret.
 */
async function echoingUpstream(): Promise<{ url: string; close(): Promise<void> }> {
  const setCookie = CREDENTIALS.find((row) => row.kind === 'set-cookie')!.secret;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(201, {
        'content-type': 'application/json',
        'set-cookie': [`sid=${setCookie}; Path=/; HttpOnly`, 'theme=dark; Path=/'],
      });
      response.end(JSON.stringify({ echoed: { url: request.url, headers: request.headers } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

test.describe('through the validating proxy: every kind of credential', () => {
  const UPSTREAMS = [
    {
      name: 'a reference server with a fault, whose answer the proxy fails',
      requirement: 'V2-WEIGHT-RANGE',
      start: async (fixtures: { serveReference: HarnessFixtures['serveReference'] }) => {
        const token = CREDENTIALS.find((row) => row.name === 'X-Auth-Token')!.secret;
        const served = await fixtures.serveReference({
          REFERENCE_TOKEN: token,
          REFERENCE_FAULTS: 'weight-upper-off-by-one',
        });
        return {
          url: served.env.TARGET_URL!,
          path: `/v2.0/lbaas/pools/${served.env.TARGET_V2_POOL_ID}/members`,
          body: {
            member: {
              address: '192.168.200.40',
              protocol_port: 8080,
              subnet_id: served.env.TARGET_V2_SUBNET_ID,
              weight: 101,
            },
          },
          close: async () => undefined,
        };
      },
    },
    {
      name: 'an upstream that echoes every credential back and sets a cookie',
      requirement: 'V2-CREATE-RESPONSE',
      start: async () => {
        const upstream = await echoingUpstream();
        return {
          ...upstream,
          path: '/v2.0/lbaas/pools/p-1/members',
          body: { member: { address: '192.168.200.41', protocol_port: 8080, subnet_id: 's' } },
        };
      },
    },
  ];

  for (const upstream of UPSTREAMS) {
    test(`${upstream.name}: the proxy's report and output hold none`, async ({
      serveReference,
      childProcesses,
      scratch,
    }) => {
      const target = await upstream.start({ serveReference });
      try {
        const out = scratch('proxy-secrets');
        const proxy = await startProxy(childProcesses, target.url, out);
        const answer = await send(`${proxy.url}${target.path}?${CREDENTIAL_QUERY}`, 'POST', target.body);
        expect(answer.status, answer.text).toBe(201);
        proxy.child.kill('SIGINT');
        expect(await proxy.child.exited).toBe(1);

        // The proxy failed the requirement with the exchange: the search had something to find.
        const report = JSON.parse(
          readFileSync(path.join(out, 'conformance.json'), 'utf8'),
        ) as ConformanceReport;
        const failure = report.requirements.find((r) => r.id === upstream.requirement)?.failures[0];
        expect(failure?.request, JSON.stringify(report.summary)).toBeDefined();
        const files = filesUnder(out);
        expect(files.map((file) => path.relative(out, file)).sort()).toEqual([
          'conformance.json',
          path.join('conformance', 'index.html'),
        ]);
        for (const row of CREDENTIALS) {
          const leaks = [
            ...occurrences('proxy stdout', Buffer.from(proxy.child.stdout), needlesFor(row.secret)),
            ...occurrences('proxy stderr', Buffer.from(proxy.child.stderr), needlesFor(row.secret)),
            ...occurrencesInFiles(files, needlesFor(row.secret)),
          ];
          expect.soft(leaks, `${row.kind} ${row.name}: where its secret was found`).toEqual([]);
          if (row.kind === 'header')
            expect.soft(failure?.request?.headers[row.name.toLowerCase()], row.name).toBe('<redacted>');
          if (row.kind === 'query')
            expect.soft(failure?.request?.url, row.name).toContain(`${row.name}=<redacted>`);
        }
        if (upstream.requirement === 'V2-CREATE-RESPONSE')
          expect(failure?.response?.headers['set-cookie']).toBe('<redacted>');
      } finally {
        await target.close();
      }
    });
  }
});
