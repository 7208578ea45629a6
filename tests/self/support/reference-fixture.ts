import { test as base } from '@playwright/test';
import {
  startReferenceServer,
  type ReferenceServer,
  type ReferenceServerOptions,
} from '../../../reference-server/src/index';
import { ReferenceClient } from './reference-client';

/**
 * A test with its own reference server, started with `options` (`test.use({ options })`) and stopped after
 * the test, and a strict client of it (`api`).
 */
export const test = base.extend<{
  options: ReferenceServerOptions;
  server: ReferenceServer;
  api: ReferenceClient;
}>({
  options: [{}, { option: true }],
  server: async ({ options }, use) => {
    const server = await startReferenceServer(options);
    await use(server);
    await server.close();
  },
  api: async ({ server }, use) => {
    await use(new ReferenceClient(server, true));
  },
});

export { expect } from '@playwright/test';

/** Runs `use` with a lenient client of a reference server started with `options`, then stops the server. */
export async function withServer<T>(
  options: ReferenceServerOptions,
  use: (c: ReferenceClient) => Promise<T>,
): Promise<T> {
  const server = await startReferenceServer(options);
  try {
    return await use(new ReferenceClient(server));
  } finally {
    await server.close();
  }
}
