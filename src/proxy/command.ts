/**
 * `lb-member-conformance proxy --upstream URL [--port N] [--host H] [--out DIR] [--profile NAME]`: a validating
 * proxy. It forwards every request to the upstream and every answer back unchanged, judges the exchanges of the
 * member APIs as they pass (src/proxy/judge.ts), and on SIGINT or SIGTERM writes the conformance report of what
 * it observed and exits: 0 when nothing observed broke a rule, 1 when something did, 2 on bad arguments.
 */
import path from 'node:path';
import { PROFILES, type ProfileName } from '../catalogue/requirements';
import { loadContract } from '../contract/spec';
import { PROFILE_TABLE } from '../target/profiles';
import { startForwarder } from './forwarder';
import { Judge } from './judge';
import { Observations, writeProxyReport } from './report';

export const PROXY_USAGE = '--upstream URL [--port N] [--host ADDRESS] [--out DIR] [--profile NAME]';

interface ProxyOptions {
  upstream: URL;
  port: number;
  host: string;
  out: string;
  profile: ProfileName;
}

const LOOPBACK = ['127.0.0.1', '::1', 'localhost'];

export function parseProxyArgs(argv: readonly string[]): ProxyOptions | { error: string } {
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.startsWith('--') ? (arg.split(/=(.*)/s, 2) as [string, string?]) : [arg];
    if (!['--upstream', '--port', '--host', '--out', '--profile'].includes(flag))
      return { error: `unknown argument ${flag}; usage: proxy ${PROXY_USAGE}` };
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') return { error: `${flag} needs a value` };
    if (given.has(flag)) return { error: `${flag} is given twice` };
    given.set(flag, value);
  }
  const upstreamText = given.get('--upstream');
  if (!upstreamText) return { error: `--upstream URL is required; usage: proxy ${PROXY_USAGE}` };
  let upstream: URL;
  try {
    upstream = new URL(upstreamText);
  } catch {
    return { error: `--upstream "${upstreamText}" is not a URL` };
  }
  if (upstream.protocol !== 'http:' && upstream.protocol !== 'https:')
    return { error: `--upstream "${upstreamText}" must be an http or https URL` };
  const portText = given.get('--port') ?? '0';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    return { error: `--port "${portText}" must be a port number, 0 for any` };
  const host = given.get('--host') ?? '127.0.0.1';
  if (!LOOPBACK.includes(host))
    return { error: `--host "${host}" must be a loopback address (${LOOPBACK.join(', ')})` };
  const profile = given.get('--profile') ?? PROFILES[0];
  if (!(PROFILES as readonly string[]).includes(profile))
    return { error: `--profile "${profile}" must be one of ${PROFILES.join(', ')}` };
  return {
    upstream,
    port,
    host,
    out: path.resolve(given.get('--out') ?? 'reports/proxy'),
    profile: profile as ProfileName,
  };
}

export async function proxyCommand(argv: readonly string[]): Promise<number> {
  const options = parseProxyArgs(argv);
  if ('error' in options) {
    console.error(`lb-member-conformance proxy: ${options.error}`);
    return 2;
  }
  const judge = new Judge(await loadContract(options.profile), PROFILE_TABLE[options.profile]!);
  const observations = new Observations(options.upstream);
  const forwarder = await startForwarder({
    upstream: options.upstream,
    port: options.port,
    host: options.host,
    onExchange: (exchange) => {
      observations.exchange(exchange);
      for (const verdict of judge.judge(exchange)) observations.add(verdict);
    },
  });
  console.log(`proxy: listening on ${forwarder.url}, forwarding to ${options.upstream.origin}`);
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  await forwarder.close();
  const report = observations.report(options.profile);
  const page = writeProxyReport(report, options.out);
  const s = report.summary;
  console.log(
    `proxy: ${signal}: ${s.passed} requirement(s) observed and kept, ${s.failed} broken, ${s['not-run']} not observed; ` +
      `report ${path.join(options.out, 'conformance.json')} and ${page}`,
  );
  return s.failed > 0 ? 1 : 0;
}
