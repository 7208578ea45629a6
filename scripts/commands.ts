import { COMPARE_USAGE, runCompare } from '../src/compare/command';

/**
 * The commands of `lb-member-conformance` besides a conformance run: `lb-member-conformance NAME ARGS...`.
 * Each is one row: its name, a usage line and a sentence for --help, and what runs it (the exit code).
 */
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
];
