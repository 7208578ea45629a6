import { loadContract } from '../contract/spec';
import type { Attempt } from '../http/attempt';
import type { ApiClient } from '../http/client';
import { workerBounds } from '../http/gate';
import { apiClient } from '../http/stack';
import { Trace } from '../http/trace';
import { HttpTransport } from '../http/transport';
import { runConcurrency } from '../settings/client';
import type { TargetConfig } from '../settings/target';

/**
 * An ApiClient for clean-up outside the test runner (the runner's final removal, `npm run sweep`), keeping no
 * more requests in flight than a whole run may (CONFORMANCE_CONCURRENCY). Its requests are one trace, whose id it
 * gives, to name in what the clean-up says; `onAttempt` is told of each of them, for the run's HAR.
 */
export async function cleanupClient(
  target: TargetConfig,
  onAttempt?: (attempt: Attempt) => void,
): Promise<{ api: ApiClient; traceId: string; dispose(): Promise<void> }> {
  const transport = new HttpTransport();
  const trace = new Trace();
  const api = apiClient(
    transport,
    await loadContract(),
    target,
    {
      beforeWrite(operationId, method) {
        if (target.readOnly) throw new Error(`TARGET_READ_ONLY=1 forbids ${method} (${operationId})`);
      },
      onCreated() {},
      trace: () => trace,
      ...(onAttempt ? { onAttempt } : {}),
    },
    workerBounds(runConcurrency()),
  );
  return { api, traceId: trace.traceId, dispose: () => transport.dispose() };
}
