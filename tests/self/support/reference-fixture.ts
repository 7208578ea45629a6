import { startReferenceServer, type ReferenceServerOptions } from '../../../reference-server/src/index';
import { ReferenceClient } from './reference-client';

/**
 * Runs `use` with a lenient client of a reference server started with `options`, then stops the server: for
 * helpers that start many short-lived servers inside one test (the harness's `api` is the strict client of one).
 */
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
