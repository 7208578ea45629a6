import { parseChoices } from './choices';
import { DEFAULTS, poolsOf } from './defaults';
import { parseFaults } from './faults';
import { foreignMembersFromEnv } from './foreign';
import type { ReferenceServerOptions } from './index';
import { noiseSettingsFromEnv } from './noise';
import { splitList, type SwitchSet } from './switches';

export type ServeConfig =
  | { readonly ok: true; readonly options: ReferenceServerOptions }
  | { readonly ok: false; readonly variable: string; readonly problem: string };

const MAX_PRELOAD = 1_000_000;

/**
 * `npm run serve`'s settings from PORT, REFERENCE_FAULTS, REFERENCE_CHOICES, REFERENCE_TOKEN,
 * REFERENCE_PRELOAD, REFERENCE_FOREIGN_MEMBERS, REFERENCE_LATENCY_MS, REFERENCE_RATE_LIMIT_FOREVER and
 * REFERENCE_BUSY_FOREVER.
 */
export function serveConfigFromEnv(env: Readonly<Record<string, string | undefined>>): ServeConfig {
  const fail = (variable: string, problem: string): ServeConfig => ({ ok: false, variable, problem });

  const portText = env.PORT ?? '';
  const port = portText === '' ? 0 : Number(portText);
  if (!/^[0-9]{0,5}$/.test(portText) || port > 65535) {
    return fail('PORT', `expected an integer from 0 to 65535, got ${JSON.stringify(portText)}`);
  }

  const listed = (
    variable: string,
    parse: (names: string[]) => SwitchSet<string>,
  ): string[] | ServeConfig => {
    try {
      return parse(splitList(env[variable] ?? '')).names.slice();
    } catch (e) {
      return fail(variable, (e as Error).message);
    }
  };
  const faults = listed('REFERENCE_FAULTS', parseFaults);
  if (!Array.isArray(faults)) return faults;
  const choices = listed('REFERENCE_CHOICES', parseChoices);
  if (!Array.isArray(choices)) return choices;

  const knownPools = poolsOf(DEFAULTS).map((p) => p.id);
  const preload: Record<string, number> = {};
  for (const entry of splitList(env.REFERENCE_PRELOAD ?? '')) {
    const [poolId = '', countText = '', ...rest] = entry.split('=').map((s) => s.trim());
    if (rest.length > 0 || !/^[0-9]{1,7}$/.test(countText) || Number(countText) > MAX_PRELOAD) {
      return fail(
        'REFERENCE_PRELOAD',
        `expected <pool id>=<count up to ${MAX_PRELOAD}>, got ${JSON.stringify(entry)}`,
      );
    }
    if (!knownPools.includes(poolId)) {
      return fail(
        'REFERENCE_PRELOAD',
        `unknown pool ${JSON.stringify(poolId)}; known pools: ${knownPools.join(', ')}`,
      );
    }
    preload[poolId] = (preload[poolId] ?? 0) + Number(countText);
  }

  const foreign = foreignMembersFromEnv(env, choices);
  if (!foreign.ok) return fail(foreign.variable, foreign.problem);

  const noise = noiseSettingsFromEnv(env);
  if (!noise.ok) return fail(noise.variable, noise.problem);

  const token = env.REFERENCE_TOKEN;
  return {
    ok: true,
    options: {
      port,
      faults,
      choices,
      preload,
      foreignMembers: foreign.count,
      noise: noise.settings,
      ...(token ? { token } : {}),
    },
  };
}
