import {
  CHOICES,
  FAULTS,
  foreignMembersFromEnv,
  noiseSettingsFromEnv,
} from '../../reference-server/src/index';
import { checkCapacity } from '../target/allocator';
import { ConfigError, checkEmbeddedEnv, parseTargetEnv } from '../settings';
import { propertyRuns } from '../settings';
import { runConcurrency, settleTimeoutMs } from '../settings/client';
import { conformanceWorkers } from '../settings/suite';
import { waiversFromEnv } from '../settings/waivers';

type Env = Record<string, string | undefined>;

/** Reads --workers/-j and --shard from the Playwright arguments, as the run will see them. */
export function slotsFor(args: readonly string[], env: Env): number {
  let workers = conformanceWorkers(env);
  let shards = 1;
  args.forEach((arg, i) => {
    const [flag, inline] = arg.split('=', 2);
    const valueOf = () => inline ?? args[i + 1] ?? '';
    if (flag === '--workers' || flag === '-j') {
      const n = Number(valueOf());
      if (Number.isInteger(n) && n > 0) workers = n;
    }
    if (flag === '--shard') {
      const match = /^(\d+)\/(\d+)$/.exec(valueOf());
      if (match) shards = Number(match[2]);
    }
  });
  return workers * shards;
}

export function nameList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}

function checkNames(env: Env, variable: string, known: readonly { name: string }[], what: string): void {
  const names = new Set(known.map((k) => k.name));
  for (const name of nameList(env[variable])) {
    if (!names.has(name)) {
      throw new ConfigError(
        variable,
        `"${name}" is not ${what} of the reference server (known: ${[...names].join(', ')})`,
      );
    }
  }
}

/**
 * Everything that can be checked before the first request: the TARGET_* variables, the reference server's
 * fault list, the property settings, the waivers file, and whether the address ranges hold enough addresses for
 * every worker. Throws ConfigError naming the variable.
 */
export function preflight(env: Env, args: readonly string[]): void {
  propertyRuns(env);
  waiversFromEnv(env);
  runConcurrency(env);
  settleTimeoutMs(env);
  const slots = slotsFor(args, env);
  if (!env.TARGET_URL) {
    checkEmbeddedEnv(env);
    checkNames(env, 'REFERENCE_FAULTS', FAULTS, 'a fault');
    checkNames(env, 'REFERENCE_CHOICES', CHOICES, 'a choice');
    const noise = noiseSettingsFromEnv(env);
    if (!noise.ok) throw new ConfigError(noise.variable, noise.problem);
    const foreign = foreignMembersFromEnv(env, nameList(env.REFERENCE_CHOICES));
    if (!foreign.ok) throw new ConfigError(foreign.variable, foreign.problem);
    return;
  }
  const target = parseTargetEnv(env);
  if (target.readOnly) return;
  if (target.v2?.addressCidr) checkCapacity(target.v2.addressCidr, 'TARGET_V2_ADDRESS_CIDR', slots);
  if (target.v3?.addressCidr) checkCapacity(target.v3.addressCidr, 'TARGET_V3_ADDRESS_CIDR', slots);
  if (target.v3?.subnet6) checkCapacity(target.v3.subnet6.addressCidr, 'TARGET_V3_ADDRESS6_CIDR', slots);
}
