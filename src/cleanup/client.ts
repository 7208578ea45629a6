import { request } from '@playwright/test';
import { loadContract } from '../contract/spec';
import { ApiClient } from '../http/client';
import type { TargetConfig } from '../target/config';

/** An ApiClient for clean-up outside the test runner (the runner's final removal, `npm run sweep`). */
export async function cleanupClient(
  target: TargetConfig,
): Promise<{ api: ApiClient; dispose(): Promise<void> }> {
  const context = await request.newContext({ timeout: 30_000 });
  const api = new ApiClient(context, await loadContract(), target, {
    beforeWrite(operationId, method) {
      if (target.readOnly) throw new Error(`TARGET_READ_ONLY=1 forbids ${method} (${operationId})`);
    },
    onCreated() {},
  });
  return { api, dispose: () => context.dispose() };
}
