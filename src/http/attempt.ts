/**
 * The layer on the transport: one request sent once, timed and counted for the run's cost. A request whose
 * connection was reset before any answer is sent once more when sending it again changes nothing: a GET, and a
 * DELETE that went out on a kept-alive connection (the target closing an idle connection just as a request goes
 * out on it, which the target never read). A create is never sent twice. A request that got no answer has no
 * verdict. Every request that goes out is a span of the trace it is sent in (trace.ts), each resend a new one.
 */
import { sentHeaders, shownExchange, type Layer, type OutgoingRequest, type Reply } from './layer';
import { NoVerdict } from './no-verdict';
import type { Span, Trace } from './trace';
import { NoAnswer, type HttpAnswer, type HttpTransport } from './transport';

/** One request that went out, as the span `span`, and what came of it: its reply, or the error that came instead. */
export interface Attempt {
  request: OutgoingRequest;
  span: Span;
  /** When it went out (ms since the epoch). */
  startedAt: number;
  reply?: Reply;
  error?: NoAnswer;
}

export interface AttemptHooks {
  /** The trace a request that goes out now belongs to. */
  trace: () => Trace;
  /** Called once for every request that goes out, each resend included. */
  onRequest?: (request: OutgoingRequest) => void;
  /** Called with every request that went out and what came of it, each resend included. */
  onAttempt?: (attempt: Attempt) => void;
}

/**
 * The answer to `request`, sent as `span` at `startedAt` (ms since the epoch), as a reply: shown (redacted)
 * once, here.
 */
export function replyTo(request: OutgoingRequest, span: Span, startedAt: number, answer: HttpAnswer): Reply {
  const answered = {
    ...answer,
    text: answer.body.toString('utf8'),
    span,
    durationMs: Date.now() - startedAt,
  };
  return { ...answered, shown: shownExchange(request, answered), startedAt, retries: [] };
}

const CONNECTION_RESET = /ECONNRESET|socket hang up/;

function sentAgainAfter(request: OutgoingRequest, error: unknown): boolean {
  if (!CONNECTION_RESET.test(String(error))) return false;
  if (request.method === 'GET') return true;
  return request.method === 'DELETE' && error instanceof NoAnswer && error.reusedConnection;
}

export class Attempts implements Layer {
  constructor(
    private readonly http: HttpTransport,
    private readonly hooks: AttemptHooks,
  ) {}

  async send(request: OutgoingRequest): Promise<Reply> {
    try {
      return await this.once(request).catch((error: unknown) => {
        if (!sentAgainAfter(request, error)) throw error;
        return this.once(request);
      });
    } catch (error) {
      if (error instanceof NoVerdict) throw error;
      throw NoVerdict.unanswered(request.method, request.url, error);
    }
  }

  private async once(request: OutgoingRequest): Promise<Reply> {
    const startedAt = Date.now();
    const span = this.hooks.trace().span();
    this.hooks.onRequest?.(request);
    // Always bytes, so that a malformed body goes out exactly as the test wrote it.
    const body = request.body === undefined ? undefined : Buffer.from(request.body);
    try {
      const answer = await this.http.send(request.url, {
        method: request.method,
        headers: sentHeaders(request, span),
        body,
      });
      const reply = replyTo(request, span, startedAt, answer);
      this.hooks.onAttempt?.({ request, span, startedAt, reply });
      return reply;
    } catch (error) {
      // Refused before it went out (another origin, another scheme): no request, nothing to tell.
      if (error instanceof NoAnswer) this.hooks.onAttempt?.({ request, span, startedAt, error });
      throw error;
    }
  }
}
