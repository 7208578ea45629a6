import type { RunResult } from './conformance-run';
import { serveConfigFromEnv } from '../../../reference-server/src/config';
import { startReferenceServer, targetEnv } from '../../../reference-server/src/index';

export interface ServedTarget {
  /** The TARGET_* variables `npm run serve` prints for it: what points the suite at it. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** A run against a served target that the tests of a group share, with its blob report for merge-reports. */
export interface ServedRun {
  served: ServedTarget;
  run: RunResult;
  blobDir: string;
}

/**
 * A reference server set up as `npm run serve` sets one up (its REFERENCE_* variables read by the same
 * serveConfigFromEnv, on loopback), served from the test's own process: the suite reaches it only through its
 * TARGET_* settings, as it reaches any other target. `npm run serve` itself, its process and what it prints, is
 * proven in reference-server-serve.spec.ts.
 */
export async function serveReference(env: Record<string, string> = {}): Promise<ServedTarget> {
  const config = serveConfigFromEnv(env);
  if (!config.ok) throw new Error(`reference server: ${config.variable}: ${config.problem}`);
  const server = await startReferenceServer({ ...config.options, host: '127.0.0.1' });
  return { env: targetEnv(server), close: () => server.close() };
}

/** The `NAME=value` lines a served reference server printed before `ready`. */
export function printedTarget(stdout: string): Record<string, string> {
  const lines = stdout.split('\n').map((line) => line.trim());
  const assignments = lines.slice(0, lines.indexOf('ready')).flatMap((line) => {
    const eq = line.indexOf('=');
    return eq > 0 ? [[line.slice(0, eq), line.slice(eq + 1)] as const] : [];
  });
  return Object.fromEntries(assignments);
}
