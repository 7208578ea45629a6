import type { FullConfig } from '@playwright/test';
import {
  foreignMembersFromEnv,
  noiseSettingsFromEnv,
  startReferenceServer,
  targetEnv,
} from '../../reference-server/src/index';
import { checkEmbeddedEnv, parseTargetEnv } from '../target/config';
import { runId } from '../run-identity';
import { nameList } from './preflight';

/**
 * With TARGET_URL unset, starts the built-in reference server on a free loopback port and points the run at
 * it through the TARGET_* variables, which the workers inherit. REFERENCE_FAULTS switches its fault modes on,
 * REFERENCE_CHOICES the alternatives that docs/readings.md §5 leaves open (rate-limit and latency among them, with
 * REFERENCE_LATENCY_MS and REFERENCE_RATE_LIMIT_FOREVER; foreign-members with REFERENCE_FOREIGN_MEMBERS); REFERENCE_BUSY_FOREVER
 * plays a load balancer stuck busy.
 */
export default async function globalSetup(_config: FullConfig): Promise<(() => Promise<void>) | undefined> {
  runId();
  if (process.env.TARGET_URL) {
    parseTargetEnv(process.env);
    return undefined;
  }
  checkEmbeddedEnv(process.env);
  const noise = noiseSettingsFromEnv(process.env);
  if (!noise.ok) throw new Error(`${noise.variable}: ${noise.problem}`);
  const choices = nameList(process.env.REFERENCE_CHOICES);
  const foreign = foreignMembersFromEnv(process.env, choices);
  if (!foreign.ok) throw new Error(`${foreign.variable}: ${foreign.problem}`);
  const server = await startReferenceServer({
    faults: nameList(process.env.REFERENCE_FAULTS),
    choices,
    foreignMembers: foreign.count,
    token: process.env.REFERENCE_TOKEN || undefined,
    noise: noise.settings,
  });
  Object.assign(process.env, targetEnv(server), { CONFORMANCE_EMBEDDED_TARGET: '1' });
  return () => server.close();
}
