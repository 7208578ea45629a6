/**
 * How the suite sends HTTP: Node's own client over kept-alive connections, bytes in and bytes out, every status
 * answered, no redirect followed, nothing added to the request but its length. Not Playwright's request
 * context: it sends each call through its protocol layer and captures a source-mapped stack, about a fifth of
 * a whole run's CPU (docs/benchmarks.md).
 */
import http from 'node:http';
import https from 'node:https';
import { NoVerdict } from './no-verdict';

/** A request as it goes out: the body is sent byte for byte. */
export interface HttpRequest {
  method: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

/** An answer as it came: header names in lower case, repeated headers joined with ", ". */
export interface HttpAnswer {
  status: number;
  statusText: string;
  /** As the answer's status line gives it: `HTTP/1.1`. */
  httpVersion: string;
  headers: Record<string, string>;
  body: Buffer;
  timings: SendTimings;
}

/**
 * Where the time of one request went (ms): until it had gone out whole (a new connection's set-up included),
 * then until the answer's status line, then until the answer's last byte.
 */
export interface SendTimings {
  sendMs: number;
  waitMs: number;
  receiveMs: number;
}

/** Milliseconds to a hundredth. */
const hundredths = (ms: number): number => Math.round(ms * 100) / 100;

/** The longest a connection may stay silent while a request waits for (the rest of) its answer. */
export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * A kept-alive connection idle this long is closed by the client, and sooner when the server's `Keep-Alive:
 * timeout=N` asks for less (Node closes it a second before N). A server that closes an idle connection just as
 * the client reuses it resets the request that went out on it; closing first leaves no such moment.
 */
export const IDLE_CONNECTION_MS = 4_000;

type Agents = { 'http:': http.Agent; 'https:': https.Agent };

/**
 * A request that got no answer: the connection was refused, reset or closed, or stayed silent past the timeout.
 * The message is the cause's; the client turns it into a NoVerdict wherever it meets it.
 */
export class NoAnswer extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    cause: unknown,
    /** It went out on a kept-alive connection that an earlier request had used. */
    readonly reusedConnection = false,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'NoAnswer';
  }
}

/**
 * A URL an answer gave (a `members_links` href), resolved against the target's URL `base`. The token goes only to
 * the origin of TARGET_URL, and the vendor pages do not say which origin such a link names: one naming another
 * origin is not followed, and the check that needed it has no verdict.
 */
export function linkOnTarget(href: string, base: string, what: string): URL {
  const link = new URL(href, base);
  const origin = new URL(base).origin;
  if (link.origin !== origin)
    throw new NoVerdict(
      `${what} names ${link.origin}, not the origin of TARGET_URL (${origin}): the token goes only to ` +
        `TARGET_URL, so the link was not followed and this check could not be made`,
    );
  return link;
}

export class HttpTransport {
  private readonly agents: Agents;

  constructor(
    private readonly timeoutMs = REQUEST_TIMEOUT_MS,
    /** Set: every request must go to this URL's origin (confinedTo). */
    private readonly base?: string,
    agents?: Agents,
  ) {
    this.agents = agents ?? {
      'http:': new http.Agent({ keepAlive: true, timeout: IDLE_CONNECTION_MS }),
      'https:': new https.Agent({ keepAlive: true, timeout: IDLE_CONNECTION_MS }),
    };
  }

  /**
   * This transport, over the same connections, refusing to send anything to an origin other than `base`'s
   * (NoVerdict, nothing sent): what carries the token sends it to the target only, whatever URL an answer named.
   */
  confinedTo(base: string): HttpTransport {
    return new HttpTransport(this.timeoutMs, base, this.agents);
  }

  send(url: string, { method, headers = {}, body }: HttpRequest): Promise<HttpAnswer> {
    let target: URL;
    try {
      target = this.base === undefined ? new URL(url) : linkOnTarget(url, this.base, `${method} ${url}`);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const protocol = target.protocol;
    if (protocol !== 'http:' && protocol !== 'https:')
      return Promise.reject(new Error(`${method} ${url}: only http and https URLs can be sent`));
    const client = protocol === 'https:' ? https : http;
    const sent = body === undefined ? headers : { ...headers, 'content-length': String(body.length) };
    return new Promise((resolve, reject_) => {
      const reject = (error: unknown) => reject_(new NoAnswer(method, url, error, request.reusedSocket));
      const clock = new SendClock();
      const request = client.request(
        target,
        { method, headers: sent, agent: this.agents[protocol] },
        (response) => {
          clock.answered();
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => resolve(answerOf(response, Buffer.concat(chunks), clock.timings())));
        },
      );
      request.on('finish', () => clock.sent());
      request.setTimeout(this.timeoutMs, () =>
        request.destroy(new Error(`${method} ${url}: no answer for ${this.timeoutMs / 1000} s`)),
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  get(url: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    return this.send(url, { method: 'GET', headers });
  }

  /** Closes the kept-alive connections. */
  async dispose(): Promise<void> {
    for (const agent of Object.values(this.agents)) agent.destroy();
  }
}

/**
 * Times one request from its creation: `sent` when it has gone out whole, `answered` at the answer's status
 * line, `timings` at its last byte.
 */
export class SendClock {
  private readonly startedAt = performance.now();
  private sentAt: number | undefined;
  private answeredAt: number | undefined;

  sent(): void {
    this.sentAt = performance.now();
  }

  answered(): void {
    this.answeredAt = performance.now();
  }

  timings(): SendTimings {
    const now = performance.now();
    const answeredAt = this.answeredAt ?? now;
    const wentOut = Math.min(this.sentAt ?? answeredAt, answeredAt);
    return {
      sendMs: hundredths(wentOut - this.startedAt),
      waitMs: hundredths(answeredAt - wentOut),
      receiveMs: hundredths(now - answeredAt),
    };
  }
}

/** An answer as it came, its body read whole (or as far as it came). */
export function answerOf(response: http.IncomingMessage, body: Buffer, timings: SendTimings): HttpAnswer {
  return {
    status: response.statusCode ?? 0,
    statusText: response.statusMessage ?? '',
    httpVersion: `HTTP/${response.httpVersion}`,
    headers: joinedHeaders(response.headers),
    body,
    timings,
  };
}

function joinedHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const joined: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) joined[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return joined;
}
