/**
 * The suite's HTTP client, composed in this one place, each layer sending only through the one below it:
 *
 *   transport (transport.ts: bytes to the target's origin only)
 *   -> attempts (attempt.ts: one send, timed and counted; a reset GET sent once more; no answer, no verdict)
 *   -> gate (gate.ts: read-only mode and write budget; the bound on reads in flight)
 *   -> retries (retry.ts: 429, and 503 with Retry-After, waited out within bounds)
 *   -> settling (settle-layer.ts, settle.ts: the bounds on writes in flight, pool by pool; busy 409s waited out;
 *      octavia's PENDING_* states)
 *   -> the client (client.ts: the hooks, then the contract check of contract-check.ts), under the member verbs
 *      the tests use (member-verbs.ts).
 *
 * The reads of the settle logic go through the retries layer too, past the bound on requests in flight. Every
 * request goes out in the trace the hooks name (the running test's), else in the client's own: one trace for
 * the whole life of a client outside the tests (a clean-up's).
 */
import type { Contract } from '../contract/spec';
import type { TargetConfig } from '../settings/target';
import { Attempts } from './attempt';
import { SettleLayer } from './settle-layer';
import { ApiClient, type ClientHooks } from './client';
import { Gate, type WorkerBounds } from './gate';
import type { OutgoingRequest } from './layer';
import { authHeaders, secretsOf } from './request';
import { Retries } from './retry';
import { Settler, type PoolReader } from './settle';
import { Trace } from './trace';
import type { HttpTransport } from './transport';

/** The suite's client of `target`, its contract `contract`, over `http`, telling `hooks` what it does. */
export function apiClient(
  http: HttpTransport,
  contract: Contract,
  target: TargetConfig,
  hooks: ClientHooks,
  /** Bound the requests in flight at once (CONFORMANCE_CONCURRENCY); none: no bound. */
  bounds?: WorkerBounds,
): ApiClient {
  return new ApiClient(layers(http, target, hooks, bounds), contract, target, hooks, bounds);
}

function layers(
  http: HttpTransport,
  target: TargetConfig,
  hooks: ClientHooks,
  bounds?: WorkerBounds,
): SettleLayer {
  // A write is permitted once, before it first goes out, whatever resends follow (gate.ts).
  const permit = ({ operationId, method, url }: OutgoingRequest) => {
    if (operationId === undefined) throw new Error(`${method} ${url} is a write outside the contract`);
    hooks.beforeWrite(operationId, method);
  };
  const counted = ({ method, operationId }: OutgoingRequest) =>
    hooks.onRequest?.(operationId === undefined ? { method } : { method, operationId });
  const own = new Trace();
  // Confined to the origin of TARGET_URL: the token goes nowhere else (transport.ts, linkOnTarget).
  const attempts = new Attempts(http.confinedTo(target.url), {
    trace: () => hooks.trace?.() ?? own,
    onRequest: counted,
    ...(hooks.onAttempt ? { onAttempt: hooks.onAttempt } : {}),
  });
  const retries = new Retries(new Gate(attempts, permit, bounds?.reads));
  const reads: PoolReader = {
    get: (url, headers) =>
      retries.send({ method: 'GET', url, headers, secrets: secretsOf(target), ungated: true }),
  };
  return new SettleLayer(retries, () => new Settler(reads, authHeaders(target)), bounds?.writes);
}
