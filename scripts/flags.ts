/**
 * Flags that each set one variable, as the commands of `lb-member-conformance` read them: `--name VALUE`,
 * `--name=VALUE`, or a switch that sets its variable to 1. A table of Flag rows is the only place that says
 * which flag sets which variable; the parser, the message of a bad flag and --help are made from it.
 */

export interface Flag {
  flag: `--${string}`;
  variable: string;
  /** The placeholder of the value in --help; absent for a switch, which sets the variable to 1. */
  value?: string;
  help: string;
}

export type FlagRead =
  { kind: 'read'; next: number } | { kind: 'unknown'; name: string } | { kind: 'error'; message: string };

/** Reads the flag at argv[i] into `env`; gives the index of the next argument, or what is wrong. */
export function readFlag(
  argv: readonly string[],
  i: number,
  flags: readonly Flag[],
  env: Record<string, string>,
): FlagRead {
  const arg = argv[i] ?? '';
  const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
  const name = eq > 0 ? arg.slice(0, eq) : arg;
  const flag = flags.find((f) => f.flag === name);
  if (!flag) return { kind: 'unknown', name };
  if (flag.variable in env) return { kind: 'error', message: `${flag.flag} is given twice` };
  if (flag.value === undefined) {
    if (eq > 0) return { kind: 'error', message: `${flag.flag} is a switch and takes no value` };
    env[flag.variable] = '1';
    return { kind: 'read', next: i + 1 };
  }
  const following = argv[i + 1];
  const value =
    eq > 0
      ? arg.slice(eq + 1)
      : following !== undefined && !following.startsWith('--')
        ? following
        : undefined;
  if (value === undefined || value.trim() === '')
    return {
      kind: 'error',
      message: `${flag.flag} needs a value (${flag.value}), as in ${flag.flag}=${flag.value}`,
    };
  env[flag.variable] = value;
  return { kind: 'read', next: eq > 0 ? i + 1 : i + 2 };
}

/**
 * How a message names a variable the user may have set with its flag: `PORT (--port)` when the flag was given,
 * the variable alone when it came from the environment.
 */
export function namerOf(
  flags: readonly Flag[],
  given: Readonly<Record<string, string>>,
): (variable: string) => string {
  return (variable) => {
    const flag = flags.find((f) => f.variable === variable);
    return flag && variable in given ? `${variable} (${flag.flag})` : variable;
  };
}

/** The --help rows of a flag table: the flag with its placeholder, the variable, the sentence. */
export function flagRows(flags: readonly Flag[]): string[][] {
  return flags.map((f) => [f.value ? `${f.flag} ${f.value}` : f.flag, f.variable, f.help]);
}

/** Lays rows out in aligned columns, wrapping the last one at `width` characters. */
export function columns(rows: readonly (readonly string[])[], width = 110): string[] {
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
