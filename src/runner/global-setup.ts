import type { FullConfig } from '@playwright/test';
import {
  foreignMembersFromEnv,
  noiseSettingsFromEnv,
  startReferenceServer,
  targetEnv,
  type ReferenceServerOptions,
} from '../../reference-server/src/index';
import { checkEmbeddedEnv, parseTargetEnv } from '../settings';
import { runId } from '../run-identity';
import { nameList } from './preflight';

type Env = Record<string, string | undefined>;

/**
 * The built-in reference server's options from the REFERENCE_* variables: REFERENCE_FAULTS switches its fault
 * modes on, REFERENCE_CHOICES the alternatives that docs/readings.md §5 leaves open (rate-limit and latency among
 * them, with REFERENCE_LATENCY_MS and REFERENCE_RATE_LIMIT_FOREVER; foreign-members with
 * REFERENCE_FOREIGN_MEMBERS); REFERENCE_BUSY_FOREVER plays a load balancer stuck busy.
 */
export function referenceOptionsFromEnv(env: Env): ReferenceServerOptions {
  checkEmbeddedEnv(env);
  const noise = noiseSettingsFromEnv(env);
  if (!noise.ok) throw new Error(`${noise.variable}: ${noise.problem}`);
  const choices = nameList(env.REFERENCE_CHOICES);
  const foreign = foreignMembersFromEnv(env, choices);
  if (!foreign.ok) throw new Error(`${foreign.variable}: ${foreign.problem}`);
  return {
    faults: nameList(env.REFERENCE_FAULTS),
    choices,
    foreignMembers: foreign.count,
    token: env.REFERENCE_TOKEN || undefined,
    noise: noise.settings,
  };
}

/**
 * With TARGET_URL unset, starts the built-in reference server (referenceOptionsFromEnv) on a free loopback port
 * and points the run at it through the TARGET_* variables, which the workers inherit.
 */
export default async function globalSetup(_config: FullConfig): Promise<(() => Promise<void>) | undefined> {
  runId();
  if (process.env.TARGET_URL) {
    parseTargetEnv(process.env);
    return undefined;
  }
  const server = await startReferenceServer(referenceOptionsFromEnv(process.env));
  Object.assign(process.env, targetEnv(server), { CONFORMANCE_EMBEDDED_TARGET: '1' });
  return () => server.close();
}
