/**
 * What the layers of the suite's HTTP client pass to one another (stack.ts composes them): a request going down,
 * a reply coming up. Each layer sends through the one below it and nothing else.
 */
import { summariseBody, type Exchange } from './exchange';
import { redactExchange } from './redact';
import { traceparent, TRACEPARENT_HEADER, type Span } from './trace';
import type { HttpAnswer } from './transport';

export type OperationId =
  | 'createMemberV2'
  | 'listMembersV2'
  | 'showMemberV2'
  | 'deleteMemberV2'
  | 'listMembersV3'
  | 'createMemberV3'
  | 'showMemberV3'
  | 'deleteMemberV3';

/** A request as it goes down the layers; the same object for every resend of it. */
export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Sent byte for byte. */
  body?: string | Buffer;
  /** The credentials the request carries, scrubbed by value from every exchange shown. */
  secrets: readonly string[];
  /** The contract's operation; none for the reads of the settle logic and of clean-up. */
  operationId?: OperationId;
  /** Sent past the bound on requests in flight (gate.ts). */
  ungated?: boolean;
}

/**
 * A reply as it comes up the layers: the answer, the ids of the request that got it (trace.ts), when and how long
 * it took, and what was waited out before it.
 */
export interface Reply extends HttpAnswer {
  text: string;
  span: Span;
  /** When the request that got this answer went out (ms since the epoch). */
  startedAt: number;
  durationMs: number;
  /** Refusals (429, 503 with Retry-After) and busy answers (409) waited out before this answer. */
  retries: Exchange['retries'];
  /** Still a refusal after every retry the bounds allow (retry.ts). */
  refused?: boolean;
}

/** What of a reply an exchange shows. */
type ExchangeFields = 'status' | 'statusText' | 'headers' | 'text' | 'durationMs' | 'retries' | 'span';

export interface Layer {
  send(request: OutgoingRequest): Promise<Reply>;
}

/** The headers of a request as they go out as the span `span`: its own, and its `traceparent`. */
export function sentHeaders(request: OutgoingRequest, span: Span): Record<string, string> {
  return { ...request.headers, [TRACEPARENT_HEADER]: traceparent(span) };
}

/** The request and its reply as the suite shows them: redacted, with the ids of the request that got the reply. */
export function exchangeOf(request: OutgoingRequest, reply: Pick<Reply, ExchangeFields>): Exchange {
  return redactExchange(
    {
      method: request.method,
      url: request.url,
      requestHeaders: sentHeaders(request, reply.span),
      requestBody: summariseBody(request.body),
      status: reply.status,
      statusText: reply.statusText,
      responseHeaders: reply.headers,
      responseBody: reply.text,
      durationMs: reply.durationMs,
      retries: [...reply.retries],
      traceId: reply.span.traceId,
      spanId: reply.span.spanId,
    },
    request.secrets,
  );
}
