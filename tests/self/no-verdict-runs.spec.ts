/**
 * A test whose time runs out, or whose target goes away or stops answering, gets no verdict, wherever that
 * happens: mid-request, mid-property, during clean-up. Each case runs `npm run conformance` on a few tests
 * against a reference server, made slow (the latency choice, with a short `--timeout`) or put behind a loopback
 * proxy that breaks part-way through (support/recording-proxy.ts); the report must fail nothing, leave the
 * tests' requirements inconclusive and the run incomplete (exit 1), and say so in plain text.
 */
import type { ProxyBreak, RecordedRequest } from './support/recording-proxy';
import { expect, test } from './support/harness';
import { expectNoVerdict } from './support/no-verdict-run';

test.describe.configure({ mode: 'parallel', timeout: 180_000 });

/** A break from the first request `pick` chooses that comes after `count` others it chose. */
function after(count: number, pick: (r: RecordedRequest) => boolean): ProxyBreak['from'] {
  let seen = 0;
  return (request) => pick(request) && seen++ >= count;
}

/** A break at the first confirming read of a deleted member: the DELETE answered, the read after it not. */
function readAfterDelete(): ProxyBreak['from'] {
  let deleted = false;
  return (request) => {
    deleted ||= request.method === 'DELETE';
    return deleted && request.method === 'GET';
  };
}

interface Case {
  name: string;
  /** The tests of the run (--grep), and the requirements they check. */
  grep: string;
  affected: string[];
  /** Settings of the reference server (REFERENCE_*). */
  serve?: Record<string, string>;
  /** Where the proxy in front of it breaks; none: the run goes to the server directly. */
  breaks?: () => ProxyBreak;
  args?: string[];
  /** What each affected requirement's reason says. */
  why: RegExp;
}

const CASES: Case[] = [
  {
    // Every answer takes 2 to 4 s: each test's time runs out during its first request.
    name: 'time runs out mid-request (every answer 3 s late, give or take a third; --timeout=1500)',
    grep: 'V2-CREATE-DEFAULTS|V3-IP-VERSION',
    affected: ['V2-CREATE-DEFAULTS', 'V3-IP-VERSION'],
    serve: { REFERENCE_CHOICES: 'latency', REFERENCE_LATENCY_MS: '3000' },
    args: ['--timeout=1500'],
    why: /timed out: .*timeout of 1500ms exceeded/,
  },
  {
    name: 'the target goes away mid-request (its first create reset)',
    grep: 'V2-CREATE-DEFAULTS',
    affected: ['V2-CREATE-DEFAULTS'],
    breaks: () => ({ from: after(0, (r) => r.method === 'POST'), how: 'reset' }),
    why: /no verdict: POST \S+ got no answer/,
  },
  {
    name: 'the target goes away mid-property (its 5th create reset)',
    grep: 'V2-CREATE-ECHO',
    affected: ['V2-CREATE-ECHO'],
    breaks: () => ({ from: after(4, (r) => r.method === 'POST'), how: 'reset' }),
    why: /no verdict: \w+ \S+ got no answer/,
  },
  {
    name: 'the target stops answering mid-request (its first create held, --timeout=2500)',
    grep: 'V2-CREATE-DEFAULTS',
    affected: ['V2-CREATE-DEFAULTS'],
    breaks: () => ({ from: after(0, (r) => r.method === 'POST'), how: 'silent', holdMs: 6000 }),
    args: ['--timeout=2500'],
    why: /timed out: Test timeout of 2500ms exceeded/,
  },
  {
    name: 'the target goes away during clean-up (the delete of what the test created reset)',
    grep: 'V2-CREATE-DEFAULTS',
    affected: ['V2-CREATE-DEFAULTS'],
    breaks: () => ({ from: after(0, (r) => r.method === 'DELETE'), how: 'reset' }),
    why: /the clean-up could not finish: delete member \S+: no verdict: DELETE \S+ got no answer/,
  },
  {
    name: 'the target goes away during clean-up (the read confirming a delete reset)',
    grep: 'V2-CREATE-DEFAULTS',
    affected: ['V2-CREATE-DEFAULTS'],
    breaks: () => ({ from: readAfterDelete(), how: 'reset' }),
    why: /the clean-up could not finish: confirming 1 delete\(s\): no verdict: GET \S+ got no answer/,
  },
];

for (const c of CASES)
  test(`no verdict when ${c.name}`, async ({ serveReference, recordingProxy, runConformance }) => {
    const served = await serveReference(c.serve ?? {});
    const proxy = c.breaks ? await recordingProxy(served.env.TARGET_URL!, c.breaks()) : undefined;
    const run = await runConformance(
      { ...served.env, ...(proxy ? { TARGET_URL: proxy.url } : {}), CONFORMANCE_WORKERS: '1' },
      ['--grep', c.grep, ...(c.args ?? [])],
    );
    if (proxy) expect(proxy.brokeAt(), 'the proxy never broke').toBeDefined();
    expectNoVerdict(run, c.affected, c.why);
  });
