/**
 * The rule index (src/rules/index.ts): every rule decides a catalogued requirement, every requirement the
 * proxy judges is decided by a rule the proxy calls, and the proxy's judge holds no check of its own.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '../support/harness';
import { catalogue } from '../../../src/catalogue/requirements';
import * as rules from '../../../src/rules';
import { EVERY_LISTING, RULE_INDEX } from '../../../src/rules';
import { ROOT } from '../support/paths';

const read = (...parts: string[]) => readFileSync(path.join(ROOT, ...parts), 'utf8');

/** A module's code without its comments. */
const code = (...parts: string[]) =>
  read(...parts)
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '');

/** The requirements of the table "What is judged" of docs/proxy.md. */
function documentedByProxy(): string[] {
  const doc = read('docs', 'proxy.md');
  const section = doc.slice(doc.indexOf('## What is judged'), doc.indexOf('**Not judged, and why.**'));
  return [
    ...new Set(
      section
        .split('\n')
        .filter((line) => line.startsWith('| `'))
        .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([A-Z0-9-]+)`/g)].map((m) => m[1]!)),
    ),
  ];
}

test('every rule of the index decides a catalogued requirement and is exported by src/rules', () => {
  const exported = new Set<unknown>(Object.values(rules));
  for (const entry of RULE_INDEX) {
    expect(catalogue().has(entry.requirement), entry.requirement).toBe(true);
    expect(exported.has(entry.rule), `${entry.requirement}: ${entry.rule.name}`).toBe(true);
  }
});

test('every requirement the proxy judges maps to a rule of the index that the proxy calls', () => {
  const judge = read('src', 'proxy', 'judge.ts');
  const documented = documentedByProxy();
  expect(documented.length).toBeGreaterThan(10);
  for (const requirement of documented) {
    const proxied = RULE_INDEX.filter((e) => e.requirement === requirement && e.proxy);
    expect(proxied.length, `${requirement} has no rule the proxy calls`).toBeGreaterThan(0);
    for (const entry of proxied) {
      // A rule of the list every listing answer is held to is called through everyListing.
      const called = (EVERY_LISTING as readonly unknown[]).includes(entry.rule)
        ? 'everyListing'
        : entry.rule.name;
      expect(judge, `judge.ts does not call ${entry.rule.name}`).toMatch(new RegExp(`\\b${called}\\(`));
    }
  }
});

/** What would be a check of the judge's own: a requirement named, a limit, a field a rule reads, a comparison. */
const OWN_CHECKS: { what: string; pattern: RegExp }[] = [
  { what: 'a requirement id', pattern: /['"`]V[23]-[A-Z0-9-]+/ },
  { what: 'a limit of a profile', pattern: /\b(65535|65536|255|256|2000|1024 \* 1024)\b/ },
  {
    what: 'a field a rule reads',
    pattern:
      /\b(ip_version|current_count|previous_marker|next_marker|weight|protocol_port|admin_state_up|error_msg)\b/,
  },
  {
    what: 'a comparison of bodies or statuses of its own',
    pattern: /statusMatches|validateResponse|JSON\.stringify|Number\.isInteger/,
  },
];

test('src/proxy/judge.ts holds no check of its own: it routes exchanges to the rules', () => {
  const judge = code('src', 'proxy', 'judge.ts');
  for (const { what, pattern } of OWN_CHECKS) expect(judge, `judge.ts has ${what}`).not.toMatch(pattern);
  expect(judge).toMatch(/from '\.\.\/rules'/);
});

test('the limits live in one table: no module of src/ but the profiles repeats them', () => {
  for (const file of [
    'src/proxy/judge.ts',
    'src/target/allocator.ts',
    'src/v3/members.ts',
    'src/rules/v2-values.ts',
  ])
    expect(code(file), file).not.toMatch(/\b(65535|2000)\b/);
  expect(read('src/target/profiles.ts')).toMatch(/max: 65535/);
});

test('the suite and the proxy hold every listing answer to the rules of EVERY_LISTING through everyListing', () => {
  expect(EVERY_LISTING.map((rule) => rule.name)).toEqual(['ipVersion', 'listedProject', 'ipMemberAddress']);
  for (const reader of ['src/v3/members.ts', 'src/proxy/judge.ts']) {
    const source = code(reader);
    expect(source, reader).toMatch(/\beveryListing\(members/);
    for (const rule of EVERY_LISTING)
      expect(source, `${reader} calls ${rule.name} itself`).not.toMatch(new RegExp(`\\b${rule.name}\\(`));
  }
});
