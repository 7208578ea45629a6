/**
 * The validating proxy (`lb-member-conformance proxy`, src/proxy/): a real client process sends its traffic
 * through the proxy, a process of its own on a real socket, to a served reference server. Without a fault
 * nothing fails and what the traffic showed is passed; with a fault, the fault's requirement fails, with the
 * exchange and no token. The answers come back as the upstream sent them.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CHOICE_ROWS } from '../../reference-server/modes/choices';
import type { ConformanceReport } from '../../src/reporter/model';
import type { Child } from './support/child-process';
import { startProxy } from './support/validating-proxy';
import { expect, test } from './support/harness';
import type { FaultName } from '../../reference-server/modes/faults';
import type { Step } from './support/member-client';
import { COMMAND, ROOT, TSX } from './support/paths';
import { schemaErrors } from './support/report-schema';

test.describe.configure({ mode: 'parallel' });

const CLIENT = 'tests/self/support/member-client.ts';

/**
 * Each requirement the proxy judges (the table of docs/proxy.md), the fault of the reference server that breaks
 * it, and the steps of the client whose traffic meets the fault. The client's whole traffic to the correct
 * server credits each one; the row's steps to the server with the row's fault break it.
 */
const JUDGED: readonly {
  requirement: string;
  fault: FaultName;
  steps: readonly Step[];
  /** The fault answers the steps with a 5xx only: nothing may be credited. */
  creditsNone?: true;
}[] = [
  { requirement: 'V2-CREATE-RESPONSE', fault: 'create-unwrapped', steps: ['create-and-read-back'] },
  { requirement: 'V2-CREATE-READBACK', fault: 'readback-name-dropped', steps: ['create-and-read-back'] },
  { requirement: 'V3-LIST-SHAPE', fault: 'v3-request-id-missing', steps: ['v3-walk'] },
  { requirement: 'V2-CONTENT-TYPE', fault: 'v2-error-text-plain', steps: ['weight-101'] },
  { requirement: 'V3-CONTENT-TYPE', fault: 'v3-content-type-text', steps: ['v3-walk'] },
  { requirement: 'V2-ERROR-BODY', fault: 'v2-error-empty-message', steps: ['weight-101'] },
  { requirement: 'V3-ERROR-BODY', fault: 'v3-error-neutron-shape', steps: ['v3-bad-query'] },
  { requirement: 'V2-CREATE-ECHO', fault: 'echo-weight-default', steps: ['create-and-read-back'] },
  { requirement: 'V2-WEIGHT-RANGE', fault: 'weight-upper-off-by-one', steps: ['weight-101'] },
  { requirement: 'V2-PORT-RANGE', fault: 'port-upper-off-by-one', steps: ['port-65536'] },
  { requirement: 'V2-NAME-LENGTH', fault: 'name-length-off-by-one', steps: ['name-256'] },
  { requirement: 'V2-DUPLICATE-REJECTED', fault: 'duplicate-unchecked', steps: ['create-and-read-back'] },
  {
    requirement: 'V2-BODY-MALFORMED',
    fault: 'malformed-json-500',
    steps: ['malformed-body'],
    creditsNone: true,
  },
  { requirement: 'V2-BODY-MALFORMED', fault: 'unwrapped-body-accepted', steps: ['unwrapped-body'] },
  { requirement: 'V2-BODY-TOO-LARGE', fault: 'body-limit-500', steps: ['body-over-1-mib'] },
  { requirement: 'V3-IP-VERSION', fault: 'v3-ip-version-swapped', steps: ['v3-walk'] },
  { requirement: 'V3-LISTED-PROJECT', fault: 'v3-listed-project-foreign', steps: ['v3-walk'] },
  { requirement: 'V3-IP-MEMBER-IPV4', fault: 'v3-ipv6-subnet-dropped', steps: ['v3-walk'] },
  { requirement: 'V3-PAGE-INFO', fault: 'v3-current-count-total', steps: ['v3-walk'] },
  { requirement: 'V3-WALK-FORWARD', fault: 'v3-page-includes-marker', steps: ['v3-walk'] },
  { requirement: 'V3-MARKER-CONTINUITY', fault: 'v3-page-includes-marker', steps: ['v3-walk'] },
];

test('the table of docs/proxy.md names exactly the requirements this spec shows judged', () => {
  const doc = readFileSync(path.join(ROOT, 'docs', 'proxy.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## What is judged'), doc.indexOf('**Not judged, and why.**'));
  const documented = section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([A-Z0-9-]+)`/g)].map((m) => m[1]));
  expect([...new Set(documented)].sort()).toEqual([...new Set(JUDGED.map((row) => row.requirement))].sort());
});

test.describe('through the proxy', () => {
  /** Serves the reference server with `faults`, drives the client through the proxy, stops it with SIGINT. */
  async function observed(
    fixtures: {
      serveReference: (env?: Record<string, string>) => Promise<{ env: Record<string, string> }>;
      childProcesses: { start: (program: string, args: readonly string[]) => Child };
      runNode: (
        args: readonly string[],
        env?: Record<string, string>,
      ) => Promise<{ exitCode: number | null; stdout: string }>;
      scratch: (name: string) => string;
    },
    faults: string,
    env: Record<string, string> = {},
    steps?: readonly Step[],
  ) {
    const served = await fixtures.serveReference({ ...(faults ? { REFERENCE_FAULTS: faults } : {}), ...env });
    const out = fixtures.scratch('proxy-report');
    const proxy = await startProxy(fixtures.childProcesses, served.env.TARGET_URL!, out);
    const client = await fixtures.runNode([...TSX, CLIENT], {
      ...served.env,
      PROXY_URL: proxy.url,
      ...(steps ? { CLIENT_STEPS: steps.join(',') } : {}),
    });
    expect(client.exitCode, client.stdout).toBe(0);
    proxy.child.kill('SIGINT');
    const exitCode = await proxy.child.exited;
    const report = JSON.parse(readFileSync(path.join(out, 'conformance.json'), 'utf8')) as ConformanceReport;
    const page = readFileSync(path.join(out, 'conformance', 'index.html'), 'utf8');
    const status = (id: string) => report.requirements.find((r) => r.id === id)?.status;
    return { report, page, exitCode, status, token: served.env.TARGET_TOKEN!, client: client.stdout, proxy };
  }

  test('a correct server: nothing fails, each requirement of the table passed, the rest not observed', async ({
    serveReference,
    childProcesses,
    runNode,
    scratch,
  }) => {
    const run = await observed({ serveReference, childProcesses, runNode, scratch }, '');
    expect(run.client).toMatch(/POST \S+ 409/);
    expect(
      run.report.summary.failed,
      JSON.stringify(run.report.requirements.filter((r) => r.status === 'failed')),
    ).toBe(0);
    for (const { requirement } of JUDGED) expect.soft(run.status(requirement), requirement).toBe('passed');
    expect(run.status('V3-FILTER-MATCH')).toBe('not-run');
    expect(schemaErrors(run.report)).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.proxy.child.stdout).toMatch(/SIGINT: \d+ requirement\(s\) observed and kept, 0 broken/);
  });

  test('a server making every open choice at once: nothing fails through the proxy', async ({
    serveReference,
    childProcesses,
    runNode,
    scratch,
  }) => {
    const run = await observed({ serveReference, childProcesses, runNode, scratch }, '', {
      REFERENCE_CHOICES: CHOICE_ROWS.map((c) => c.name).join(','),
      REFERENCE_LATENCY_MS: '5',
    });
    expect(
      run.report.requirements.filter((r) => r.status === 'failed').map((r) => r.failures[0]?.summary),
    ).toEqual([]);
    expect(run.report.summary.passed).toBeGreaterThan(5);
    expect(run.exitCode).toBe(0);
  });

  for (const { requirement, fault, steps, creditsNone } of JUDGED) {
    test(`fault ${fault}: the proxy fails ${requirement} with the exchange, token redacted`, async ({
      serveReference,
      childProcesses,
      runNode,
      scratch,
    }) => {
      const run = await observed({ serveReference, childProcesses, runNode, scratch }, fault, {}, steps);
      expect(run.status(requirement), run.client).toBe('failed');
      if (creditsNone)
        expect(run.report.requirements.filter((r) => r.status === 'passed').map((r) => r.id)).toEqual([]);
      const failure = run.report.requirements.find((r) => r.id === requirement)!.failures[0]!;
      expect(failure.request?.headers['x-auth-token']).toBe('<redacted>');
      expect(failure.curl).toContain('$TARGET_TOKEN');
      expect(JSON.stringify(run.report)).not.toContain(run.token);
      expect(run.page).not.toContain(run.token);
      expect(run.page).toContain(requirement);
      expect(run.exitCode).toBe(1);
    });
  }
});

test('requests and answers pass unchanged, streamed; an upstream that is down gets a 502 that says so', async ({
  childProcesses,
  scratch,
}) => {
  // An upstream that echoes what it got, and answers in three chunks with headers of its own.
  const upstream = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      response.writeHead(207, 'Odd Status', { 'content-type': 'application/x-odd', 'x-upstream': 'yes' });
      const echoed = JSON.stringify({
        method: request.method,
        url: request.url,
        token: request.headers['x-auth-token'],
        body: Buffer.concat(chunks).toString('base64'),
      });
      response.write(echoed.slice(0, 10));
      setTimeout(() => response.write(echoed.slice(10, 20)), 20);
      setTimeout(() => response.end(echoed.slice(20)), 40);
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const start = async (target: string) => (await startProxy(childProcesses, target, scratch('out'))).url;
  try {
    const proxy = await start(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
    const body = Buffer.from([0x7b, 0xff, 0x00, 0x22, 0x0a]); // not JSON, not UTF-8: bytes as they are
    const response = await fetch(`${proxy}/any/path?x=1&x=2`, {
      method: 'PATCH',
      headers: { 'x-auth-token': 'secret-of-the-client' },
      body,
    });
    expect(response.status).toBe(207);
    expect(response.statusText).toBe('Odd Status');
    expect(response.headers.get('content-type')).toBe('application/x-odd');
    expect(response.headers.get('x-upstream')).toBe('yes');
    expect(JSON.parse(await response.text())).toEqual({
      method: 'PATCH',
      url: '/any/path?x=1&x=2',
      token: 'secret-of-the-client',
      body: body.toString('base64'),
    });
    const down = await start('http://127.0.0.1:9');
    const refused = await fetch(`${down}/v2.0/lbaas/pools/p/members`);
    expect(refused.status).toBe(502);
    expect(await refused.text()).toContain('could not reach http://127.0.0.1:9');
  } finally {
    await new Promise((resolve) => upstream.close(resolve));
  }
});

test('bad arguments are refused with the flag named, exit code 2, nothing started', async ({ runNode }) => {
  for (const [args, message] of [
    [[], /--upstream URL is required/],
    [['--upstream', 'ftp://x'], /must be an http or https URL/],
    [['--upstream', 'http://127.0.0.1:1', '--port', 'abc'], /--port "abc" must be a port number/],
    [
      ['--upstream', 'http://127.0.0.1:1', '--host', '0.0.0.0'],
      /--host "0.0.0.0" must be a loopback address/,
    ],
    [['--upstream', 'http://127.0.0.1:1', '--nope', '1'], /unknown argument --nope/],
  ] as const) {
    const run = await runNode([COMMAND, 'proxy', ...args]);
    expect(run.exitCode, args.join(' ')).toBe(2);
    expect(run.stderr).toMatch(message);
  }
});
