/**
 * The suite's HTTP client, composed in this one place, each layer sending only through the one below it:
 *
 *   transport (transport.ts: bytes to the target's origin only)
 *   -> attempts (attempt.ts: one send, timed and counted; a reset GET sent once more; no answer, no verdict)
 *   -> gate (gate.ts: read-only mode and write budget; the bound on requests in flight)
 *   -> retries (retry.ts: 429, and 503 with Retry-After, waited out within bounds)
 *   -> settling (busy.ts, settle.ts: busy 409s waited out; octavia's PENDING_* states)
 *   -> contract check and hooks (client.ts, contract-check.ts), under the member verbs the tests use.
 *
 * The reads of the settle logic go through the retries layer too, past the bound on requests in flight.
 */
import type { TargetConfig } from '../target/config';
import { Attempts } from './attempt';
import { BusyWaits } from './busy';
import { Gate, type RequestGate } from './gate';
import type { OperationId, OutgoingRequest } from './layer';
import { authHeaders, secretsOf } from './request';
import { Retries } from './retry';
import { Settler, type PoolReader } from './settle';
import type { HttpTransport } from './transport';

export interface StackHooks {
  /** Throws to forbid a write (TARGET_READ_ONLY, TARGET_MAX_WRITES); called once per write, before it is sent. */
  permit(request: OutgoingRequest): void;
  /** Called for every request that goes out, each resend and each read of the settle logic included. */
  onRequest?(request: { method: string; operationId?: OperationId }): void;
}

export function clientStack(
  http: HttpTransport,
  target: TargetConfig,
  hooks: StackHooks,
  /** Bounds the requests in flight at once (CONFORMANCE_CONCURRENCY); none: no bound. */
  bound?: RequestGate,
): BusyWaits {
  const counted = ({ method, operationId }: OutgoingRequest) =>
    hooks.onRequest?.(operationId === undefined ? { method } : { method, operationId });
  // Confined to the origin of TARGET_URL: the token goes nowhere else (transport.ts, linkOnTarget).
  const attempts = new Attempts(http.confinedTo(target.url), counted);
  const retries = new Retries(new Gate(attempts, hooks.permit, bound));
  const reads: PoolReader = {
    get: (url, headers) =>
      retries.send({ method: 'GET', url, headers, secrets: secretsOf(target), ungated: true }),
  };
  return new BusyWaits(retries, () => new Settler(reads, authHeaders(target)));
}
