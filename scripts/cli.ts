/**
 * The `lb-member-conformance` command (bin/lb-member-conformance.js runs this file: through tsx in a clone,
 * compiled in an installed package): the same run as `npm run conformance`, configured with flags instead of
 * variables. Every flag sets exactly one variable of the TARGET_* contract (or a suite setting); FLAGS below
 * is the only place that says which, and both the parser and --help are made from it. Arguments after `--`
 * go to Playwright unchanged.
 */
import { PROFILES, catalogue } from '../src/catalogue/requirements';
import { DEFAULT_RUNS } from '../src/generators/property';
import { EXIT, runSuite } from '../src/runner/run';
import { DEFAULT_WORKERS } from '../src/settings/suite';
import { COMMANDS, PROGRAM } from './commands';
import { columns, flagRows, namerOf, readFlag, type Flag } from './flags';

export { PROGRAM };

export const FLAGS: readonly Flag[] = [
  {
    flag: '--target',
    variable: 'TARGET_URL',
    value: 'URL',
    help: 'base URL serving /v2.0/... and /v3/...; without it the built-in reference server is the target',
  },
  {
    flag: '--token',
    variable: 'TARGET_TOKEN',
    value: 'TOKEN',
    help: 'sent as X-Auth-Token, never printed or written to a report (TARGET_TOKEN keeps it out of `ps`)',
  },
  {
    flag: '--project-id',
    variable: 'TARGET_PROJECT_ID',
    value: 'ID',
    help: '{project_id} of the v3 paths (also the expected v2.0 tenant_id)',
  },
  {
    flag: '--v2-pool',
    variable: 'TARGET_V2_POOL_ID',
    value: 'ID',
    help: 'an existing pool for the v2.0 tests; members are added and removed again',
  },
  {
    flag: '--v2-subnet',
    variable: 'TARGET_V2_SUBNET_ID',
    value: 'ID',
    help: 'the IPv4 subnet of the v2.0 members (mandatory under huawei)',
  },
  {
    flag: '--v2-address-cidr',
    variable: 'TARGET_V2_ADDRESS_CIDR',
    value: 'CIDR',
    help: 'an IPv4 range inside that subnet, from which member addresses are taken',
  },
  {
    flag: '--v2-subnet-cidr',
    variable: 'TARGET_V2_SUBNET_CIDR',
    value: 'CIDR',
    help: 'optional: the whole subnet (enables the address-outside-the-subnet case)',
  },
  {
    flag: '--v2-subnet6',
    variable: 'TARGET_V2_SUBNET6_ID',
    value: 'ID',
    help: 'optional IPv6 subnet a v2.0 create must refuse; that case is skipped without it',
  },
  {
    flag: '--v2-other-pool',
    variable: 'TARGET_V2_OTHER_POOL_ID',
    value: 'ID',
    help: 'optional second v2.0 pool, for the cross-pool cases',
  },
  {
    flag: '--v3-pool',
    variable: 'TARGET_V3_POOL_ID',
    value: 'ID',
    help: 'an existing pool for the v3 tests',
  },
  {
    flag: '--v3-subnet',
    variable: 'TARGET_V3_SUBNET_ID',
    value: 'ID',
    help: 'subnet_cidr_id of an IPv4 subnet for v3 members',
  },
  {
    flag: '--v3-address-cidr',
    variable: 'TARGET_V3_ADDRESS_CIDR',
    value: 'CIDR',
    help: 'an IPv4 range inside it',
  },
  {
    flag: '--v3-subnet-cidr',
    variable: 'TARGET_V3_SUBNET_CIDR',
    value: 'CIDR',
    help: 'optional: the whole v3 IPv4 subnet',
  },
  {
    flag: '--v3-subnet6',
    variable: 'TARGET_V3_SUBNET6_ID',
    value: 'ID',
    help: 'optional IPv6 subnet (with --v3-address6-cidr); IPv6 cases are skipped without it',
  },
  {
    flag: '--v3-address6-cidr',
    variable: 'TARGET_V3_ADDRESS6_CIDR',
    value: 'CIDR',
    help: 'an IPv6 range inside that subnet',
  },
  {
    flag: '--v3-other-pool',
    variable: 'TARGET_V3_OTHER_POOL_ID',
    value: 'ID',
    help: 'optional second v3 pool, for the cross-pool cases',
  },
  {
    flag: '--v3-udp-pool',
    variable: 'TARGET_V3_UDP_POOL_ID',
    value: 'ID',
    help: 'optional v3 pool whose protocol is none of TCP, HTTP, HTTPS (UDP, for one); that case is skipped without it',
  },
  {
    flag: '--profile',
    variable: 'TARGET_PROFILE',
    value: 'NAME',
    help: `which vendor's documented limits apply: ${PROFILES.join(' or ')} (default ${PROFILES[0]})`,
  },
  {
    flag: '--read-only',
    variable: 'TARGET_READ_ONLY',
    help: 'send only GET requests; write-dependent requirements are reported as skipped',
  },
  { flag: '--max-writes', variable: 'TARGET_MAX_WRITES', value: 'N', help: 'cap on the number of creates' },
  {
    flag: '--workers',
    variable: 'CONFORMANCE_WORKERS',
    value: 'N',
    help: `parallel workers against the target (default ${DEFAULT_WORKERS})`,
  },
  {
    flag: '--runs',
    variable: 'CONFORMANCE_RUNS',
    value: 'N',
    help: `fast-check runs per property (default ${DEFAULT_RUNS}; raise it for a deep run)`,
  },
  {
    flag: '--waivers',
    variable: 'CONFORMANCE_WAIVERS',
    value: 'FILE',
    help: 'a YAML list of known deviations, each {requirement, reason, expires: YYYY-MM-DD}: a failure waived through its expires day does not fail the run (docs/waivers.md)',
  },
];

/** The command's own switches, which set no variable. */
const OWN = [
  { usage: '--list', help: 'print the requirement catalogue (id, endpoint, title, source) and exit' },
  { usage: '--help, -h', help: 'print this help and exit' },
  {
    usage: '-- ARGS...',
    help: 'pass the rest to Playwright, e.g. `-- --grep V2-WEIGHT` or `-- --shard=1/2`',
  },
];

export type Parsed =
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'run'; env: Record<string, string>; args: string[] }
  | { kind: 'error'; message: string };

export function parseArgs(argv: readonly string[]): Parsed {
  const env: Record<string, string> = {};
  let list = false;
  for (let i = 0; i < argv.length;) {
    const arg = argv[i] ?? '';
    if (arg === '--') return list ? { kind: 'list' } : { kind: 'run', env, args: argv.slice(i + 1) };
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (arg === '--list') {
      list = true;
      i++;
      continue;
    }
    const read = readFlag(argv, i, FLAGS, env);
    if (read.kind === 'error') return read;
    if (read.kind === 'unknown') {
      const hint = `Playwright's own arguments go after --, as in: ${PROGRAM} -- ${arg}`;
      return {
        kind: 'error',
        message: arg.startsWith('-')
          ? `unknown flag ${read.name}; ${hint}`
          : `unexpected argument "${arg}"; ${hint}`,
      };
    }
    i = read.next;
  }
  return list ? { kind: 'list' } : { kind: 'run', env, args: [] };
}

export function usage(): string {
  const ownRows = OWN.map((o) => [o.usage, '', o.help]);
  return [
    `Usage: ${PROGRAM} [flags] [-- playwright arguments]`,
    '',
    'Runs the conformance suite of the load-balancer member APIs against a target, or against the built-in',
    'reference server when --target is not given. It is `npm run conformance` with flags for the variables:',
    'each flag sets the variable beside it (and wins over it); a variable already in the environment counts',
    'when its flag is not given.',
    '',
    'Flags:',
    ...columns(flagRows(FLAGS)),
    '',
    ...columns(ownRows),
    '',
    'Other commands:',
    ...COMMANDS.flatMap((c) => [`  ${PROGRAM} ${c.name} ${c.usage}`, ...columns([['', c.help]])]),
    '',
    'Exit code: 0 the target conforms, 1 it does not, 2 a configuration error (no write was sent).',
    'Reports: reports/html/index.html (Playwright HTML) and reports/junit.xml; the list reporter prints',
    'a line per test as it finishes.',
    '',
    'Example:',
    `  TARGET_TOKEN=... ${PROGRAM} --target https://elb.example.com --profile octavia \\`,
    '    --v2-pool 5a9a3e9e --v2-address-cidr 192.168.10.0/28 -- --grep V2-WEIGHT',
    '',
  ].join('\n');
}

export function catalogueListing(): string {
  const lines: string[] = [];
  for (const r of catalogue().values()) {
    lines.push(`${r.id}  ${r.endpoint}`, `    ${r.title}`, `    source: ${r.source}`, '');
  }
  lines.push(`${catalogue().size} requirements (requirements.yaml)`, '');
  return lines.join('\n');
}

/** Runs the command; returns its exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const command = COMMANDS.find((c) => c.name === argv[0]);
  if (command) return command.run(argv.slice(1));
  const parsed = parseArgs(argv);
  switch (parsed.kind) {
    case 'help':
      process.stdout.write(usage());
      return EXIT.conforms;
    case 'list':
      process.stdout.write(catalogueListing());
      return EXIT.conforms;
    case 'error':
      console.error(`${PROGRAM}: ${parsed.message}\nRun ${PROGRAM} --help for the flags.`);
      return EXIT.config;
    case 'run': {
      return runSuite({
        env: { ...process.env, ...parsed.env },
        args: parsed.args,
        program: PROGRAM,
        nameOf: namerOf(FLAGS, parsed.env),
      });
    }
  }
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
