/**
 * The `lb-member-conformance` command (bin/lb-member-conformance.js runs this file through tsx): the same
 * run as `npm run conformance`, configured with flags instead of variables. Every flag sets exactly one
 * variable of the TARGET_* contract (or a suite setting); FLAGS below is the only place that says which, and
 * both the parser and --help are made from it. Arguments after `--` go to Playwright unchanged.
 */
import { PROFILES, catalogue } from '../src/catalogue/requirements';
import { DEFAULT_RUNS } from '../src/generators/property';
import { EXIT, runSuite } from '../src/runner/run';
import { DEFAULT_WORKERS } from '../src/settings/suite';
import { COMMANDS } from './commands';

export const PROGRAM = 'lb-member-conformance';

export interface Flag {
  flag: `--${string}`;
  variable: string;
  /** The placeholder of the value in --help; absent for a switch, which sets the variable to 1. */
  value?: string;
  help: string;
}

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
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') return list ? { kind: 'list' } : { kind: 'run', env, args: argv.slice(i + 1) };
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (arg === '--list') {
      list = true;
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const flag = FLAGS.find((f) => f.flag === name);
    if (!flag) {
      return {
        kind: 'error',
        message: arg.startsWith('-')
          ? `unknown flag ${name}; Playwright's own arguments go after --, as in: ${PROGRAM} -- ${arg}`
          : `unexpected argument "${arg}"; Playwright's own arguments go after --, as in: ${PROGRAM} -- ${arg}`,
      };
    }
    if (flag.variable in env) return { kind: 'error', message: `${flag.flag} is given twice` };
    if (flag.value === undefined) {
      if (eq > 0) return { kind: 'error', message: `${flag.flag} is a switch and takes no value` };
      env[flag.variable] = '1';
      continue;
    }
    const next = argv[i + 1];
    const value =
      eq > 0 ? arg.slice(eq + 1) : next !== undefined && !next.startsWith('--') ? next : undefined;
    if (value === undefined || value.trim() === '')
      return {
        kind: 'error',
        message: `${flag.flag} needs a value (${flag.value}), as in ${flag.flag}=${flag.value}`,
      };
    if (eq < 0) i++;
    env[flag.variable] = value;
  }
  return list ? { kind: 'list' } : { kind: 'run', env, args: [] };
}

/** Lays rows out in aligned columns, wrapping the last one at `width` characters. */
function columns(rows: readonly (readonly string[])[], width = 110): string[] {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length))) ?? [];
  const lead = widths.slice(0, -1).reduce((sum, w) => sum + w + 2, 2);
  return rows.flatMap((row) => {
    const head =
      '  ' +
      row
        .slice(0, -1)
        .map((cell, c) => cell.padEnd(widths[c] ?? 0) + '  ')
        .join('');
    const lines: string[] = [];
    let line = '';
    for (const word of (row[row.length - 1] ?? '').split(' ')) {
      if (line && lead + line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
    return lines.map((text, i) => ((i === 0 ? head : ' '.repeat(lead)) + text).trimEnd());
  });
}

export function usage(): string {
  const flagRows = FLAGS.map((f) => [f.value ? `${f.flag} ${f.value}` : f.flag, f.variable, f.help]);
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
    ...columns(flagRows),
    '',
    ...columns(ownRows),
    '',
    ...(COMMANDS.length > 0
      ? ['Other commands:', ...columns(COMMANDS.map((c) => [`${PROGRAM} ${c.name} ${c.usage}`, c.help])), '']
      : []),
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
      const given = parsed.env;
      return runSuite({
        env: { ...process.env, ...given },
        args: parsed.args,
        program: PROGRAM,
        nameOf: (variable) => {
          const flag = FLAGS.find((f) => f.variable === variable);
          return flag && variable in given ? `${variable} (${flag.flag})` : variable;
        },
      });
    }
  }
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
