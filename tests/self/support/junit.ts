import { readFileSync } from 'node:fs';

/** The <testcase> names of a JUnit XML file, with the XML entities decoded. */
export function junitTestcases(file: string): string[] {
  const xml = readFileSync(file, 'utf8');
  return [...xml.matchAll(/<testcase\s+name="([^"]*)"/g)].map((m) =>
    (m[1] ?? '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
      .replace(/&amp;/g, '&'),
  );
}

/** The counters of the <testsuites> element of a JUnit XML file. */
export function junitTotals(file: string): {
  tests: number;
  failures: number;
  skipped: number;
  errors: number;
} {
  const head = /<testsuites\b([^>]*)>/.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
  const count = (name: string) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(head)?.[1] ?? NaN);
  return {
    tests: count('tests'),
    failures: count('failures'),
    skipped: count('skipped'),
    errors: count('errors'),
  };
}
