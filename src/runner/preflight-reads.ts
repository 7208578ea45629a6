/**
 * The reads of the target preflight (docs/running.md): one GET per configured pool of each API, the token sent
 * only to TARGET_URL's origin, no redirect followed, everything over within one time budget, all in one trace
 * (src/http/trace.ts), each read and resend its own span. A 429, or a 503,
 * is waited out within the bounds of retry.ts and the budget. What each read met is returned as it was, the
 * token taken out of anything quoted; what it means is preflight-judge.ts's job. Each request sent is also
 * returned as an entry of the run's HAR, made from the redacted exchange as the client's are (src/http/har.ts).
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { TargetConfig } from '../settings/target';
import { replyTo, type Attempt } from '../http/attempt';
import { harEntry, type HarEntry } from '../http/har';
import { sentHeaders, type OutgoingRequest } from '../http/layer';
import { DEFAULT_429_WAIT_MS, refusalWaitMs, withRetries } from '../http/retry';
import { scrubText } from '../http/redact';
import { tokenHeaders } from '../http/request';
import { Trace, traceparent } from '../http/trace';
import { answerOf, NoAnswer, SendClock } from '../http/transport';

/** How long the preflight may take in all: a wrong setting ends the run within 20 s, start-up included. */
export const PREFLIGHT_BUDGET_MS = 10_000;

/** The variables that name a pool, one per read. */
export type PoolVariable =
  | 'TARGET_V2_POOL_ID'
  | 'TARGET_V2_OTHER_POOL_ID'
  | 'TARGET_V3_POOL_ID'
  | 'TARGET_V3_OTHER_POOL_ID'
  | 'TARGET_V3_UDP_POOL_ID';

export interface PoolRead {
  api: 'v2.0' | 'v3';
  variable: PoolVariable;
  poolId: string;
  url: string;
}

export type ReadOutcome =
  /**
   * The target answered: its status line and the start of its body, quoted for a message, and the `traceparent`
   * the read carried, by which the target's logs find it.
   */
  | { kind: 'answer'; status: number; statusLine: string; excerpt: string; traceparent?: string }
  /** No answer, for a reason that lies with the URL: nothing listens, no such host, TLS, silence. */
  | { kind: 'unreachable'; why: string }
  /** No answer for any other reason (a reset connection, say): no evidence either way. */
  | { kind: 'unsettled'; why: string };

export interface ReadResult {
  read: PoolRead;
  outcome: ReadOutcome;
}

/** GET .../members?limit=1 of each configured pool: the listing both APIs offer (docs/readings.md §1, §2). */
export function poolReads(target: TargetConfig): PoolRead[] {
  const id = encodeURIComponent;
  const reads: PoolRead[] = [];
  const { v2, v3 } = target;
  const v2Read = (variable: PoolVariable, poolId: string): PoolRead => ({
    api: 'v2.0',
    variable,
    poolId,
    url: `${target.url}/v2.0/lbaas/pools/${id(poolId)}/members?limit=1`,
  });
  const v3Read = (variable: PoolVariable, poolId: string, projectId: string): PoolRead => ({
    api: 'v3',
    variable,
    poolId,
    url: `${target.url}/v3/${id(projectId)}/elb/pools/${id(poolId)}/members?limit=1`,
  });
  if (v2) reads.push(v2Read('TARGET_V2_POOL_ID', v2.poolId));
  if (v2?.otherPoolId) reads.push(v2Read('TARGET_V2_OTHER_POOL_ID', v2.otherPoolId));
  if (v3) reads.push(v3Read('TARGET_V3_POOL_ID', v3.poolId, v3.projectId));
  if (v3?.otherPoolId) reads.push(v3Read('TARGET_V3_OTHER_POOL_ID', v3.otherPoolId, v3.projectId));
  if (v3?.udpPoolId) reads.push(v3Read('TARGET_V3_UDP_POOL_ID', v3.udpPoolId, v3.projectId));
  return reads;
}

/**
 * Sends every read at once; each ends, answered or not, by `budgetMs` from now. Returns what each read met, and
 * every request sent (each resend its own) as a HAR entry.
 */
export async function sendReads(
  reads: readonly PoolRead[],
  token: string | undefined,
  budgetMs = PREFLIGHT_BUDGET_MS,
): Promise<{ results: ReadResult[]; exchanges: HarEntry[] }> {
  const secrets = token === undefined ? [] : [token];
  const budget: Budget = {
    headers: tokenHeaders(token),
    secrets,
    trace: new Trace(),
    deadline: Date.now() + budgetMs,
    seconds: Math.round(budgetMs / 1000),
    redact: (text) => scrubText(text, secrets),
    exchanges: [],
  };
  const results = await Promise.all(
    reads.map(async (read) => ({ read, outcome: await readPatiently(read.url, budget) })),
  );
  return { results, exchanges: budget.exchanges };
}

/** What every read of one preflight shares. */
interface Budget {
  headers: Record<string, string>;
  /** The credentials the reads carry, taken out of every exchange the HAR shows. */
  secrets: string[];
  trace: Trace;
  /** When every read must be over (ms since the epoch). */
  deadline: number;
  seconds: number;
  /** Takes the token out of text quoted from the target. */
  redact: (text: string) => string;
  /** Every request sent, as a HAR entry, in the order they ended. */
  exchanges: HarEntry[];
}

/**
 * One read, sent again after a 429 or 503 while the target asks for a wait that fits in the budget: the client's
 * retry loop (retry.ts), except that a 503 without Retry-After is waited out too, as a 429 without it is.
 */
async function readPatiently(url: string, budget: Budget): Promise<ReadOutcome> {
  const { answer } = await withRetries(
    () => readOnce(url, budget),
    (outcome, retriesSoFar) =>
      outcome.kind === 'answer' && (outcome.status === 429 || outcome.status === 503)
        ? {
            status: outcome.status,
            askedMs:
              refusalWaitMs(outcome.status, outcome.retryAfter, retriesSoFar) ??
              DEFAULT_429_WAIT_MS * 2 ** retriesSoFar,
          }
        : undefined,
    // A wait that would leave no time for the answer is not taken: the run goes on and meets the target itself.
    (wait) => Date.now() + wait + 1_000 <= budget.deadline,
  );
  return answer;
}

type Answered = ReadOutcome & { retryAfter?: string };

const EXCERPT_CHARS = 200;

function readOnce(url: string, budget: Budget): Promise<Answered> {
  const { trace, deadline, seconds, redact } = budget;
  const target = new URL(url);
  const read = readOf(url, budget);
  const span = trace.span();
  const sent = traceparent(span);
  const client = target.protocol === 'https:' ? https : http;
  const startedAt = Date.now();
  const clock = new SendClock();
  return new Promise((resolve) => {
    let done = false;
    let connected = false;
    const finish = (outcome: Answered, ended: Pick<Attempt, 'reply' | 'error'>): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      request.destroy();
      // The read and its answer as the HAR shows every request: redacted (src/http/har.ts).
      budget.exchanges.push(harEntry({ request: read, span, startedAt, ...ended }));
      resolve(outcome);
    };
    const request = client.request(
      target,
      {
        method: 'GET',
        headers: sentHeaders(read, span),
        agent: false,
        lookup: specialUseLookup,
      },
      (response) => {
        clock.answered();
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        const answered = (): void => {
          const answer = answerOf(response, Buffer.concat(chunks), clock.timings());
          const retryAfter = answer.headers['retry-after'];
          const outcome: Answered = {
            kind: 'answer',
            status: answer.status,
            statusLine: plain(redact(`${answer.httpVersion} ${answer.status} ${answer.statusText}`)),
            excerpt: excerpt(plain(redact(answer.body.toString('utf8')))),
            traceparent: sent,
            ...(retryAfter !== undefined ? { retryAfter } : {}),
          };
          finish(outcome, { reply: replyTo(read, span, startedAt, answer) });
        };
        response.on('end', answered);
        response.on('error', answered);
      },
    );
    request.on('finish', () => clock.sent());
    request.on('socket', (socket) => socket.once('connect', () => (connected = true)));
    request.on('error', (error: NodeJS.ErrnoException) =>
      finish(classify(error, target), { error: new NoAnswer('GET', url, error) }),
    );
    const timer = setTimeout(
      () => {
        const why = connected
          ? `connected to ${target.host}, but got no answer within ${seconds} s`
          : `got no connection to ${target.host} within ${seconds} s`;
        finish({ kind: 'unreachable', why }, { error: new NoAnswer('GET', url, new Error(why)) });
      },
      Math.max(0, deadline - Date.now()),
    );
    request.end();
  });
}

/** One read as the client's layers take a request: its headers but the traceparent, which its span gives. */
function readOf(url: string, { headers, secrets }: Budget): OutgoingRequest {
  return { method: 'GET', url, headers, secrets };
}

/** Codes of a TLS handshake that failed: a certificate refused, or no TLS at the other end. */
const TLS_FAILURE = /^(EPROTO|ERR_SSL_|ERR_TLS_|ERR_OSSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/;

function classify(error: NodeJS.ErrnoException, url: URL): ReadOutcome {
  const code = error.code ?? '';
  // OpenSSL's messages carry the reason between its routine's name and the source file: keep only that.
  const reason = /SSL routines:[^:]*:([^:]+)/.exec(error.message)?.[1];
  const said = plain(reason ?? error.message).slice(0, EXCERPT_CHARS);
  if (code === 'ECONNREFUSED')
    return { kind: 'unreachable', why: `nothing listens at ${url.host} (connection refused)` };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return { kind: 'unreachable', why: `the host name ${url.hostname} does not resolve (${code})` };
  const tls = /SSL routines|before secure TLS connection/.test(error.message);
  if (TLS_FAILURE.test(code) || tls)
    return { kind: 'unreachable', why: `the TLS handshake with ${url.host} failed (${code}: ${said})` };
  return { kind: 'unsettled', why: `the read failed (${code || error.name}: ${said})` };
}

/**
 * dns.lookup, but names under `.invalid` fail at once, as RFC 6761 §6.4 asks of resolution libraries: no
 * query for them leaves the machine.
 */
export const specialUseLookup: typeof dns.lookup = ((
  hostname: string,
  options: dns.LookupOptions,
  callback: (
    error: NodeJS.ErrnoException | null,
    address: string | dns.LookupAddress[],
    family?: number,
  ) => void,
) => {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (name === 'invalid' || name.endsWith('.invalid')) {
    const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
    error.code = 'ENOTFOUND';
    process.nextTick(() => callback(error, ''));
    return;
  }
  dns.lookup(hostname, options, callback);
}) as typeof dns.lookup;

/** Text without control characters (no terminal codes, no line breaks), spaces collapsed. */
function plain(text: string): string {
  return text
    .replace(/\p{Cc}\[[0-9;?]*[A-Za-z]/gu, ' ')
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function excerpt(text: string): string {
  if (text === '') return '(no body)';
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
}
