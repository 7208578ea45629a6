/**
 * The commands of `lb-member-conformance` besides a conformance run: `lb-member-conformance NAME ARGS...`.
 * Each is one row: its name, a usage line and a sentence for --help, and what runs it (the exit code).
 */
import { COMPARE_USAGE, runCompare } from '../src/compare/command';
import { PROXY_USAGE, proxyCommand } from '../src/proxy/command';
import { SERVE_USAGE, serveCommand } from './serve';

export const PROGRAM = 'lb-member-conformance';

export interface Command {
  name: string;
  /** The arguments after the name, as --help shows them. */
  usage: string;
  help: string;
  run: (argv: readonly string[]) => Promise<number>;
}

export const COMMANDS: readonly Command[] = [
  {
    name: 'compare',
    usage: COMPARE_USAGE,
    help: 'compare conformance runs side by side (text table and page); exit 1 when statuses differ',
    run: runCompare,
  },
  {
    name: 'proxy',
    usage: PROXY_USAGE,
    help:
      "forward a client's traffic to URL unchanged and judge each exchange of the member APIs; on Ctrl-C write " +
      'the conformance report of what it observed (reports/proxy/); exit 1 if a rule was broken',
    run: proxyCommand,
  },
  {
    name: 'serve',
    usage: SERVE_USAGE,
    help:
      'serve the built-in reference server as a mock on 127.0.0.1, with its faults and choices as flags; ' +
      'prints the TARGET_* lines and `ready` (serve --help lists the flags)',
    run: (argv) => serveCommand(argv, PROGRAM),
  },
];
