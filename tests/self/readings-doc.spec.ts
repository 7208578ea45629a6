/**
 * docs/readings.md "What is left open" names every choice of the reference server, and only those, each with
 * its proof in tests/self/open-choices.spec.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './support/harness';
import { CHOICES } from '../../reference-server/src/index';
import { ROOT } from './support/paths';

/** The text of the section, up to the next section of the same level or the end. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) return '';
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

const OPEN = section(readFileSync(path.join(ROOT, 'docs/readings.md'), 'utf8'), '5. What is left open');
const NAMES = CHOICES.map((c) => c.name).sort();
const unique = (items: Iterable<string>): string[] => [...new Set(items)].sort();

test('"What is left open" names every choice of the reference server and no other', () => {
  // A choice name is a word in backticks: any kebab-case one, and the one-word choices.
  const quoted = [...OPEN.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1] ?? '');
  const named = unique(quoted.filter((word) => word.includes('-') || NAMES.includes(word)));
  expect(named).toEqual(NAMES);
});

test('"What is left open" gives every choice its proof, the open-choices test of that choice alone', () => {
  const proved = unique([...OPEN.matchAll(/with\s+only\s+([a-z0-9-]+)"/g)].map((m) => m[1] ?? ''));
  expect(proved).toEqual(NAMES);
});
