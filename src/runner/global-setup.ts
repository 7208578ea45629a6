import type { FullConfig } from '@playwright/test';
import { startReferenceServer, targetEnv } from '../../reference-server/src/index';
import { checkEmbeddedEnv, parseTargetEnv } from '../target/config';
import { runId } from '../run';

/**
 * With TARGET_URL unset, starts the built-in reference server on a free loopback port and points the run at
 * it through the TARGET_* variables, which the workers inherit. REFERENCE_FAULTS switches its fault modes on.
 */
export default async function globalSetup(_config: FullConfig): Promise<(() => Promise<void>) | undefined> {
  runId();
  if (process.env.TARGET_URL) {
    parseTargetEnv(process.env);
    return undefined;
  }
  checkEmbeddedEnv(process.env);
  const faults = (process.env.REFERENCE_FAULTS ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const server = await startReferenceServer({ faults, token: process.env.REFERENCE_TOKEN || undefined });
  Object.assign(process.env, targetEnv(server), { CONFORMANCE_EMBEDDED_TARGET: '1' });
  return () => server.close();
}
