/**
 * npm run sweep [-- --dry-run]: removes from the configured pools (TARGET_V2_POOL_ID, TARGET_V2_OTHER_POOL_ID,
 * TARGET_V3_POOL_ID, TARGET_V3_OTHER_POOL_ID, TARGET_V3_UDP_POOL_ID) every member whose name starts with `conformance-`, the prefix of
 * every run's members: what interrupted or killed runs left behind. It touches nothing else. A member counts as
 * removed once a read of it answers 404 (or the listing no longer holds it); one still there after its delete
 * answered with success is named, and the exit code is 1.
 * Exit code: 0 done, 1 something could not be removed, 2 a configuration error.
 */
import { cleanupClient } from '../src/cleanup/client';
import { describe } from '../src/cleanup/pools';
import { namedWith, sweepPools } from '../src/cleanup/sweep';
import { settleTimeoutMs } from '../src/settings/client';
import { NAME_PREFIX } from '../src/run-identity';
import { EXIT } from '../src/runner/run';
import { ConfigError, parseTargetEnv, type TargetConfig } from '../src/settings';

const USAGE = `Usage: npm run sweep [-- --dry-run]

Removes the members whose name starts with "${NAME_PREFIX}" (left by earlier runs of the suite) from the
pools of TARGET_V2_POOL_ID, TARGET_V2_OTHER_POOL_ID, TARGET_V3_POOL_ID, TARGET_V3_OTHER_POOL_ID and
TARGET_V3_UDP_POOL_ID, at TARGET_URL with TARGET_TOKEN, and confirms each is gone. --dry-run lists them and removes nothing.
Exit code: 0 done, 1 something could not be removed (or is still there after its delete), 2 a configuration
error.
`;

function configuration(env: NodeJS.ProcessEnv): TargetConfig {
  if (!env.TARGET_URL?.trim())
    throw new ConfigError(
      'TARGET_URL',
      'is not set; the sweep removes leftovers from an external target only',
    );
  const target = parseTargetEnv(env);
  settleTimeoutMs(env); // how long a delete under way is waited on before the member counts as left
  if (target.readOnly)
    throw new ConfigError('TARGET_READ_ONLY', 'is 1, but the sweep deletes members; unset it to sweep');
  return target;
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return EXIT.conforms;
  }
  const unknown = argv.find((arg) => arg !== '--dry-run');
  if (unknown !== undefined) {
    console.error(`sweep: unknown argument ${unknown}\n\n${USAGE}`);
    return EXIT.config;
  }
  const dryRun = argv.includes('--dry-run');
  let target: TargetConfig;
  try {
    target = configuration(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`sweep: configuration error: ${error.message}`);
    return EXIT.config;
  }
  const { api, traceId, dispose } = await cleanupClient(target);
  try {
    const result = await sweepPools(api, target, namedWith(NAME_PREFIX), {
      dryRun,
      log: (line) => console.log(line),
    });
    for (const { member, reason } of result.failed)
      console.error(`could not remove ${describe(member)}: ${reason}`);
    console.log(
      `${dryRun ? 'would remove' : 'removed'} ${result.removed.length} member(s)` +
        (result.failed.length > 0 ? `; ${result.failed.length} could not be removed` : '') +
        ` (trace ${traceId})`,
    );
    return result.failed.length === 0 ? EXIT.conforms : EXIT.fails;
  } catch (error) {
    console.error(`sweep: ${(error as Error).message.split('\n')[0]}`);
    return EXIT.fails;
  } finally {
    await dispose();
  }
}

void main(process.argv.slice(2)).then((code) => process.exit(code));
