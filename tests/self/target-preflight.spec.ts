/**
 * The target preflight (docs/running.md): against a served reference server behind a recording proxy, each
 * setting only the target can refuse, when wrong, ends the run with exit 2 naming its variable, quoting what the
 * target answered, within 20 s and with no write sent; a correct setting lets the run go on, and so does an
 * answer that pins no setting.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { DEFAULTS } from '../../reference-server/src/index';
import { judgeReads } from '../../src/runner/preflight-judge';
import type { PoolVariable, ReadResult } from '../../src/runner/preflight-reads';
import { expect, test } from './support/harness';
import { COMMAND } from './support/paths';
import type { RecordingProxy } from './support/recording-proxy';

test.describe.configure({ mode: 'parallel' });

const UNKNOWN_POOL = '0b7d6c3e-aaaa-4bbb-8ccc-123456789abc';

/** What a case points the run at: the served target's settings behind the proxy, and loopback ends to break. */
interface Ends {
  /** The served target's TARGET_* variables, TARGET_URL pointing at the recording proxy. */
  env: Record<string, string>;
  proxy: RecordingProxy;
  /** A loopback port that was bound and closed again: nothing listens there. */
  closedPort: number;
  /** A loopback server that accepts connections and never answers. */
  silentPort: number;
}

interface WrongSetting {
  name: string;
  change: (ends: Ends) => Record<string, string>;
  /** The variable the error names (exactly, alone). */
  variable: string;
  /** The status line the error quotes, when the target answered. */
  quotes?: string;
  /** Also in the message. */
  says?: RegExp;
}

const WRONG: WrongSetting[] = [
  {
    name: 'a token the target refuses',
    change: () => ({ TARGET_TOKEN: 'expired-token-4f1c' }),
    variable: 'TARGET_TOKEN',
    quotes: 'HTTP/1.1 401 Unauthorized',
  },
  {
    name: 'a token the target refuses, in a read-only run',
    change: () => ({ TARGET_TOKEN: 'expired-token-4f1c', TARGET_READ_ONLY: '1' }),
    variable: 'TARGET_TOKEN',
    quotes: 'HTTP/1.1 401 Unauthorized',
  },
  ...(
    [
      'TARGET_V2_POOL_ID',
      'TARGET_V2_OTHER_POOL_ID',
      'TARGET_V3_POOL_ID',
      'TARGET_V3_OTHER_POOL_ID',
      'TARGET_V3_UDP_POOL_ID',
    ] as const satisfies readonly PoolVariable[]
  ).map((variable): WrongSetting => ({
    name: `a pool the target does not know in ${variable}`,
    change: () => ({ [variable]: UNKNOWN_POOL }),
    variable,
    quotes: 'HTTP/1.1 404 Not Found',
    says: new RegExp(`knows no v[0-9.]+ pool ${UNKNOWN_POOL}`),
  })),
  {
    name: 'a project the token does not serve',
    change: () => ({ TARGET_PROJECT_ID: 'f'.repeat(32) }),
    variable: 'TARGET_PROJECT_ID',
    quotes: 'HTTP/1.1 403 Forbidden',
    says: /accepts the token .* but refuses it for project f{32}/,
  },
  {
    name: 'a URL where nothing listens',
    change: ({ closedPort }) => ({ TARGET_URL: `http://127.0.0.1:${closedPort}` }),
    variable: 'TARGET_URL',
    says: /nothing listens at 127\.0\.0\.1:\d+ \(connection refused\)/,
  },
  {
    // .invalid never resolves (RFC 6761), and the preflight asks no resolver for it: nothing leaves the machine.
    name: 'a host name that does not resolve',
    change: () => ({ TARGET_URL: 'https://elb.example.invalid' }),
    variable: 'TARGET_URL',
    says: /the host name elb\.example\.invalid does not resolve \(ENOTFOUND\)/,
  },
  {
    name: 'an https URL of a plain-http server (a TLS failure)',
    change: ({ proxy }) => ({ TARGET_URL: proxy.url.replace(/^http:/, 'https:') }),
    variable: 'TARGET_URL',
    says: /the TLS handshake with 127\.0\.0\.1:\d+ failed/,
  },
  {
    name: 'a server that never answers',
    change: ({ silentPort }) => ({ TARGET_URL: `http://127.0.0.1:${silentPort}` }),
    variable: 'TARGET_URL',
    says: /connected to 127\.0\.0\.1:\d+, but got no answer within 10 s/,
  },
];

/** A loopback port, bound and closed again. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A loopback server that takes connections and never answers; `close` ends them. */
async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

for (const row of WRONG) {
  test(`${row.name}: exit 2 naming ${row.variable}, within 20 s, no write sent`, async ({
    servedTarget,
    recordingProxy,
    runConformance,
  }) => {
    const proxy = await recordingProxy(servedTarget.env.TARGET_URL!);
    const silent = await silentServer();
    try {
      const ends: Ends = {
        env: { ...servedTarget.env, TARGET_URL: proxy.url },
        proxy,
        closedPort: await closedPort(),
        silentPort: silent.port,
      };
      const env = { ...ends.env, ...row.change(ends) };
      const started = Date.now();
      const run = await runConformance(env);
      const elapsed = Date.now() - started;

      expect(run.exitCode, run.stderr).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`configuration error: ${row.variable}: `));
      if (row.quotes) expect(run.stderr).toContain(`"${row.quotes}"`);
      if (row.says) expect(run.stderr).toMatch(row.says);
      expect(run.stderr).not.toContain(env.TARGET_TOKEN);
      expect(run.outcomes).toEqual([]);
      expect(run.report).toBeUndefined();
      expect(elapsed).toBeLessThan(20_000);
      // What reached the target: reads only, at most one per pool (five pools configured).
      const methods = proxy.requests.map((r) => r.method);
      expect(methods.filter((m) => m !== 'GET')).toEqual([]);
      expect(methods.length).toBeLessThanOrEqual(5);
    } finally {
      await silent.close();
    }
  });
}

test('correct settings pass the preflight and the run goes on', async ({
  servedTarget,
  recordingProxy,
  runConformance,
}) => {
  const proxy = await recordingProxy(servedTarget.env.TARGET_URL!);
  const run = await runConformance({ ...servedTarget.env, TARGET_URL: proxy.url }, ['--grep', 'V3-AUTH']);
  expect(run.exitCode, run.stderr).toBe(0);
  expect(run.stderr).not.toMatch(/configuration error|preflight/);
  expect(run.outcomes.map((o) => o.status)).toContain('passed');
  // The five reads of the preflight (one per configured pool) come first, then the tests' own requests.
  const first = proxy.requests.slice(0, 5).map((r) => `${r.method} ${r.path}`);
  expect(
    first.every((line) => /^GET \S+\/members\?limit=1$/.test(line)),
    first.join('\n'),
  ).toBe(true);
  expect(proxy.requests.slice(0, 5).map((r) => r.answer?.status)).toEqual([200, 200, 200, 200, 200]);
  expect(proxy.requests.length).toBeGreaterThan(5);
});

test('a read refused with 429 is sent again as asked, then the run goes on: not a settings error', async ({
  serveReference,
  recordingProxy,
  runConformance,
}) => {
  const refused = `/elb/pools/${DEFAULTS.v3OtherPoolId}/members?limit=1`;
  const served = await serveReference({ REFERENCE_RATE_LIMIT_FOREVER: refused });
  const proxy = await recordingProxy(served.env.TARGET_URL!);
  const run = await runConformance({ ...served.env, TARGET_URL: proxy.url }, ['--grep', 'V2-AUTH']);
  expect(run.exitCode, run.stderr).toBe(0);
  expect(run.stderr).not.toContain('configuration error');
  expect(run.stderr).toMatch(
    new RegExp(
      `preflight: GET \\S+${escape(refused)} answered "HTTP/1.1 429 Too Many Requests".*not a settings error`,
    ),
  );
  const tries = proxy.requests.filter((r) => r.path.endsWith(refused));
  expect(tries.length).toBeGreaterThan(1);
  expect(tries.every((r) => r.method === 'GET')).toBe(true);
});

test('a target that echoes the token in its refusal: the message quotes it with the token taken out', async ({
  servedTarget,
  runConformance,
}) => {
  const token = 'tok-Echoed-7d2a91';
  const echo = http.createServer((req, res) => {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: `token ${String(req.headers['x-auth-token'])} has expired` }));
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
    const run = await runConformance({ ...servedTarget.env, TARGET_URL: url, TARGET_TOKEN: token });
    expect(run.exitCode, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/configuration error: TARGET_TOKEN: .*token <redacted> has expired/);
    expect(run.stderr).not.toContain(token);
  } finally {
    echo.closeAllConnections();
    await new Promise((resolve) => echo.close(resolve));
  }
});

test('the lb-member-conformance command preflights too, naming the flag that set the variable', async ({
  servedTarget,
  recordingProxy,
  runNode,
}) => {
  const proxy = await recordingProxy(servedTarget.env.TARGET_URL!);
  const { TARGET_V3_POOL_ID: v3Pool, TARGET_PROJECT_ID: project } = servedTarget.env;
  const run = await runNode(
    [COMMAND, '--target', proxy.url, '--v3-pool', v3Pool!, '--project-id', project!, '--read-only'],
    { TARGET_TOKEN: 'expired-token-4f1c' },
  );
  expect(run.exitCode, run.stderr).toBe(2);
  expect(run.stderr).toMatch(
    /lb-member-conformance: configuration error: TARGET_TOKEN or TARGET_PROJECT_ID \(--project-id\): the target refuses the v3 reads: GET \S+ answered "HTTP\/1.1 401 Unauthorized"/,
  );
  expect(proxy.requests.map((r) => r.method)).toEqual(['GET']);
});

/** Reads as the judge gets them: api and variable from the pool's variable, the answer's status alone. */
function reads(answers: Partial<Record<PoolVariable, number>>): ReadResult[] {
  return Object.entries(answers).map(([variable, status]) => ({
    read: {
      api: variable.startsWith('TARGET_V2') ? 'v2.0' : 'v3',
      variable: variable as PoolVariable,
      poolId: variable.toLowerCase(),
      url: `http://127.0.0.1:1/${variable}`,
    },
    outcome: { kind: 'answer', status, statusLine: `HTTP/1.1 ${status}`, excerpt: '(no body)' },
  }));
}

const JUDGED: { answers: Partial<Record<PoolVariable, number>>; names: string[][]; why: string }[] = [
  {
    answers: { TARGET_V2_POOL_ID: 500, TARGET_V3_POOL_ID: 503, TARGET_V3_OTHER_POOL_ID: 400 },
    names: [],
    why: 'a 5xx, a 503 still refused, or a 400 pins no setting',
  },
  {
    answers: { TARGET_V2_POOL_ID: 200, TARGET_V3_POOL_ID: 401 },
    names: [['TARGET_PROJECT_ID']],
    why: 'the token opens v2.0, so a v3 refusal is about the project',
  },
  {
    answers: { TARGET_V3_POOL_ID: 401, TARGET_V3_OTHER_POOL_ID: 401 },
    names: [['TARGET_TOKEN', 'TARGET_PROJECT_ID']],
    why: 'with v3 alone a refusal cannot tell token from project',
  },
  {
    answers: { TARGET_V2_POOL_ID: 200, TARGET_V3_POOL_ID: 404 },
    names: [['TARGET_V3_POOL_ID', 'TARGET_PROJECT_ID']],
    why: 'a lone v3 pool unknown may be the pool or the project',
  },
  {
    answers: { TARGET_V2_POOL_ID: 200, TARGET_V3_POOL_ID: 404, TARGET_V3_OTHER_POOL_ID: 404 },
    names: [['TARGET_PROJECT_ID', 'TARGET_V3_POOL_ID', 'TARGET_V3_OTHER_POOL_ID']],
    why: 'every v3 pool unknown: the shared project is the likelier mistake',
  },
  {
    answers: { TARGET_V2_POOL_ID: 403, TARGET_V2_OTHER_POOL_ID: 200 },
    names: [['TARGET_V2_POOL_ID']],
    why: 'the token reads one pool and not the other: the pool is wrong',
  },
  {
    answers: { TARGET_V2_POOL_ID: 404 },
    names: [['TARGET_V2_POOL_ID', 'TARGET_URL']],
    why: 'nothing read at all: the URL may be wrong too',
  },
  {
    answers: { TARGET_V2_POOL_ID: 404, TARGET_V3_POOL_ID: 404 },
    names: [['TARGET_URL', 'TARGET_PROJECT_ID', 'TARGET_V2_POOL_ID', 'TARGET_V3_POOL_ID']],
    why: 'every read unknown: the URL they share is the likelier mistake',
  },
];

test('the judge names what the evidence pins, both where it cannot tell, nothing for other answers', () => {
  for (const row of JUDGED) {
    const judged = judgeReads(reads(row.answers), 'p1');
    expect(
      judged.problems.map((p) => p.variables),
      row.why,
    ).toEqual(row.names);
  }
});
