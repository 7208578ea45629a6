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
  /** The request and this answer as the suite shows them: redacted once, when the answer came (shownExchange). */
  shown: Exchange;
  /** When the request that got this answer went out (ms since the epoch). */
  startedAt: number;
  durationMs: number;
  /** Refusals (429, 503 with Retry-After) and busy answers (409) waited out before this answer. */
  retries: Exchange['retries'];
  /** Still a refusal after every retry the bounds allow (retry.ts). */
  refused?: boolean;
}

/** What of an answer an exchange shows. */
type ShownFields = 'status' | 'statusText' | 'headers' | 'text' | 'durationMs' | 'span';

export interface Layer {
  send(request: OutgoingRequest): Promise<Reply>;
}

/** The headers of a request as they go out as the span `span`: its own, and its `traceparent`. */
export function sentHeaders(request: OutgoingRequest, span: Span): Record<string, string> {
  return { ...request.headers, [TRACEPARENT_HEADER]: traceparent(span) };
}

/** The request and one answer to it as the suite shows them: redacted, with the ids of the request that got it. */
export function shownExchange(request: OutgoingRequest, answer: Pick<Reply, ShownFields>): Exchange {
  return redactExchange(
    {
      method: request.method,
      url: request.url,
      requestHeaders: sentHeaders(request, answer.span),
      requestBody: summariseBody(request.body),
      status: answer.status,
      statusText: answer.statusText,
      responseHeaders: answer.headers,
      responseBody: answer.text,
      durationMs: answer.durationMs,
      retries: [],
      traceId: answer.span.traceId,
      spanId: answer.span.spanId,
    },
    request.secrets,
  );
}

/** A reply as the suite shows it: the exchange of the request that got it, and what was waited out before it. */
export function exchangeOf(reply: Pick<Reply, 'shown' | 'retries'>): Exchange {
  return { ...reply.shown, retries: [...reply.retries] };
}
