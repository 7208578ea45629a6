import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequestListener } from './app';
import { parseChoices } from './choices';
import { createContext } from './context';
import { DEFAULTS, poolsOf, type ReferenceDefaults } from './defaults';
import { parseFaults } from './faults';
import { addForeignMembers } from './foreign';
import { DEFAULT_NOISE, type NoiseSettings } from './noise';
import { preloadMembers } from './preload';

export { CHOICES, type ChoiceName } from './choices';
export { DEFAULTS, type ReferenceDefaults } from './defaults';
export { FAULTS, type FaultName } from './faults';
export { DEFAULT_NOISE, noiseSettingsFromEnv, type NoiseSettings } from './noise';
export { foreignMembersFromEnv } from './foreign';

export interface ReferenceServerOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: a free port. */
  readonly port?: number;
  /** The X-Auth-Token every request must carry; default DEFAULTS.token. */
  readonly token?: string;
  /** Names from FAULTS; an unknown name throws. */
  readonly faults?: readonly string[];
  /** Names from CHOICES: legitimate alternative behaviours, any number at once; an unknown name throws. */
  readonly choices?: readonly string[];
  /** pool id -> number of generated members to add before serving. */
  readonly preload?: Readonly<Record<string, number>>;
  /** Members per pool under the foreign-members choice (REFERENCE_FOREIGN_MEMBERS); default 25. */
  readonly foreignMembers?: number;
  /** The settings of the noise choices (REFERENCE_LATENCY_MS, REFERENCE_RATE_LIMIT_FOREVER, REFERENCE_BUSY_FOREVER). */
  readonly noise?: Partial<NoiseSettings>;
}

export interface ReferenceServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash) */
  readonly url: string;
  readonly defaults: ReferenceDefaults;
  close(): Promise<void>;
}

export async function startReferenceServer(options: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? DEFAULTS.token;
  if (token === '') throw new Error('the token must not be empty');
  const defaults: ReferenceDefaults = { ...DEFAULTS, token };
  const ctx = createContext(defaults, parseFaults(options.faults ?? []), parseChoices(options.choices ?? []));
  if (ctx.choices.has('foreign-members'))
    addForeignMembers(ctx.store, poolsOf(defaults), options.foreignMembers);
  for (const [poolId, count] of Object.entries(options.preload ?? {})) {
    if (!Number.isSafeInteger(count) || count < 0)
      throw new Error(`preload count for pool ${poolId} must be a whole number`);
    preloadMembers(ctx.store, poolId, count);
  }

  const server = createServer(createRequestListener(ctx, { ...DEFAULT_NOISE, ...options.noise }));
  // Idle kept-alive connections are closed after a minute, as cloud load balancers do, and not after Node's
  // 5 s: a client that closes its own idle connections sooner (the suite's, after 4 s) never sends a request
  // on a connection this side is closing, however late a busy machine runs its timers.
  server.keepAliveTimeout = 60_000;
  await listen(server, options.port ?? 0, host);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    defaults,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** The TARGET_* variables (docs/readings.md §3) that point the suite, or any client, at `server`. */
export function targetEnv(server: ReferenceServer): Record<string, string> {
  const d = server.defaults;
  return {
    TARGET_URL: server.url,
    TARGET_TOKEN: d.token,
    TARGET_PROJECT_ID: d.projectId,
    TARGET_V2_POOL_ID: d.v2PoolId,
    TARGET_V2_SUBNET_ID: d.v2SubnetId,
    TARGET_V2_ADDRESS_CIDR: d.v2AddressCidr,
    TARGET_V2_SUBNET_CIDR: d.v2SubnetCidr,
    TARGET_V2_SUBNET6_ID: d.v2Subnet6Id,
    TARGET_V2_OTHER_POOL_ID: d.v2OtherPoolId,
    TARGET_V3_POOL_ID: d.v3PoolId,
    TARGET_V3_SUBNET_ID: d.v3SubnetId,
    TARGET_V3_ADDRESS_CIDR: d.v3AddressCidr,
    TARGET_V3_SUBNET_CIDR: d.v3SubnetCidr,
    TARGET_V3_SUBNET6_ID: d.v3Subnet6Id,
    TARGET_V3_ADDRESS6_CIDR: d.v3Address6Cidr,
    TARGET_V3_OTHER_POOL_ID: d.v3OtherPoolId,
    TARGET_V3_UDP_POOL_ID: d.v3UdpPoolId,
    TARGET_PROFILE: 'huawei',
  };
}
