/**
 * `lb-member-conformance serve [flags]`: the built-in reference server on its own, as a mock for anyone's client
 * (`npm run serve` with flags for its variables). Each flag sets one variable of serveConfigFromEnv and wins
 * over it; a variable without its flag still counts.
 */
import { DEFAULT_FOREIGN_MEMBERS } from '../reference-server/src/foreign';
import { DEFAULT_LATENCY_MS } from '../reference-server/src/noise';
import { serve } from '../reference-server/src/serve';
import { columns, flagRows, namerOf, readFlag, type Flag } from './flags';

export const SERVE_USAGE = '[--port N] [--faults NAMES] [--choices NAMES] [--token TOKEN] [...]';

export const SERVE_FLAGS: readonly Flag[] = [
  { flag: '--port', variable: 'PORT', value: 'N', help: 'the port on 127.0.0.1 (default 0: a free one)' },
  {
    flag: '--faults',
    variable: 'REFERENCE_FAULTS',
    value: 'NAMES',
    help: 'comma-separated realistic bugs to play (an unknown name is refused, and the known ones listed)',
  },
  {
    flag: '--choices',
    variable: 'REFERENCE_CHOICES',
    value: 'NAMES',
    help: 'comma-separated legitimate alternatives to play, the noise of rate-limit and latency among them',
  },
  {
    flag: '--token',
    variable: 'REFERENCE_TOKEN',
    value: 'TOKEN',
    help: 'the X-Auth-Token every request must carry (printed as TARGET_TOKEN)',
  },
  {
    flag: '--preload',
    variable: 'REFERENCE_PRELOAD',
    value: 'POOL=COUNT,...',
    help: 'members to add to a pool before serving',
  },
  {
    flag: '--foreign-members',
    variable: 'REFERENCE_FOREIGN_MEMBERS',
    value: 'N',
    help: `members of another team per pool under the foreign-members choice (default ${DEFAULT_FOREIGN_MEMBERS})`,
  },
  {
    flag: '--latency-ms',
    variable: 'REFERENCE_LATENCY_MS',
    value: 'MS',
    help: `the mean delay of the latency choice (default ${DEFAULT_LATENCY_MS})`,
  },
  {
    flag: '--rate-limit-forever',
    variable: 'REFERENCE_RATE_LIMIT_FOREVER',
    value: 'TEXT',
    help: 'refuse with 429, every time, the requests whose `METHOD /path?query` contains TEXT',
  },
  {
    flag: '--busy-forever',
    variable: 'REFERENCE_BUSY_FOREVER',
    value: 'TEXT',
    help: 'answer 409 (busy), every time, the valid creates and deletes whose `METHOD /path` contains TEXT',
  },
];

export function serveUsage(program: string): string {
  return [
    `Usage: ${program} serve [flags]`,
    '',
    'Serves the built-in reference server on 127.0.0.1: prints the TARGET_* lines that point a client at it',
    `(or ${program} itself, as --target and the other flags), then \`ready\`, and runs until`,
    'interrupted (SIGINT or SIGTERM; exit code 0). Each flag sets the variable beside it and wins over it; a',
    'variable already in the environment counts when its flag is not given. Exit code 2: a bad flag or value.',
    '',
    'Flags:',
    ...columns(flagRows(SERVE_FLAGS)),
    '',
  ].join('\n');
}

export async function serveCommand(argv: readonly string[], program: string): Promise<number> {
  const given: Record<string, string> = {};
  for (let i = 0; i < argv.length;) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(serveUsage(program));
      return 0;
    }
    const read = readFlag(argv, i, SERVE_FLAGS, given);
    if (read.kind === 'read') {
      i = read.next;
      continue;
    }
    const problem =
      read.kind === 'error'
        ? read.message
        : `${arg.startsWith('-') ? 'unknown flag' : 'unexpected argument'} ${read.name}`;
    console.error(`${program} serve: ${problem}\nRun ${program} serve --help for the flags.`);
    return 2;
  }
  return serve({ ...process.env, ...given }, `${program} serve`, namerOf(SERVE_FLAGS, given));
}
