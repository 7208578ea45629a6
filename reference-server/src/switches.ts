/** A catalogue entry: a named behaviour the reference server can be switched into. */
export interface Switch<N extends string = string> {
  readonly name: N;
  readonly description: string;
}

/** The switches one server was started with. */
export interface SwitchSet<N extends string> {
  readonly names: readonly N[];
  has(name: N): boolean;
}

/**
 * A parser for names out of `catalogue`; it throws an Error naming every unknown name and listing the known
 * ones, e.g. `unknown fault "nope"; known faults: ...`.
 */
export function switchParser<N extends string>(
  catalogue: readonly Switch<N>[],
  noun: string,
): (names: readonly string[]) => SwitchSet<N> {
  const known = new Set<string>(catalogue.map((s) => s.name));
  const isKnown = (name: string): name is N => known.has(name);
  return (names) => {
    const unknown = names.filter((n) => !isKnown(n));
    if (unknown.length > 0) {
      throw new Error(
        `unknown ${noun}${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => JSON.stringify(n)).join(', ')}; ` +
          `known ${noun}s: ${catalogue.map((s) => s.name).join(', ')}`,
      );
    }
    const set = new Set(names.filter(isKnown));
    return { names: [...set], has: (name) => set.has(name) };
  };
}

/** "a, b,,c" -> ["a", "b", "c"] */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
