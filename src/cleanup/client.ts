import { loadContract } from '../contract/spec';
import type { ApiClient } from '../http/client';
import { workerBounds } from '../http/gate';
import { apiClient } from '../http/stack';
import { HttpTransport } from '../http/transport';
import { runConcurrency } from '../settings/client';
import type { TargetConfig } from '../settings/target';

/**
 * An ApiClient for clean-up outside the test runner (the runner's final removal, `npm run sweep`), keeping no
 * more requests in flight than a whole run may (CONFORMANCE_CONCURRENCY).
 */
export async function cleanupClient(
  target: TargetConfig,
): Promise<{ api: ApiClient; dispose(): Promise<void> }> {
  const transport = new HttpTransport();
  const api = apiClient(
    transport,
    await loadContract(),
    target,
    {
      beforeWrite(operationId, method) {
        if (target.readOnly) throw new Error(`TARGET_READ_ONLY=1 forbids ${method} (${operationId})`);
      },
      onCreated() {},
    },
    workerBounds(runConcurrency()),
  );
  return { api, dispose: () => transport.dispose() };
}
