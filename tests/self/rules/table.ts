/**
 * Table tests of the rules (src/rules/): each row is one fabricated observation and what the rule must say of
 * it: that it holds, that it shows nothing, or each violation it must give, by requirement and JSON pointer.
 */
import { expect, test } from '../support/harness';
import type { Finding } from '../../../src/rules';

export type Outcome =
  /** The observation shows every requirement it names holding, and at least one. */
  | 'held'
  /** The observation shows nothing of the rule. */
  | 'nothing'
  /** The violations, by requirement and pointer, in any order; nothing else. */
  | readonly { requirement: string; pointer: string }[];

export interface Row {
  title: string;
  findings: () => readonly Finding[];
  outcome: Outcome;
}

/** One Playwright test per row, titled `<rule>: <row title>`. */
export function ruleTable(rule: string, rows: readonly Row[]): void {
  for (const row of rows) {
    test(`${rule}: ${row.title}`, () => {
      const findings = row.findings();
      const violations = findings.flatMap((f) => f.violations);
      if (row.outcome === 'nothing') {
        expect(findings).toEqual([]);
        return;
      }
      if (row.outcome === 'held') {
        expect(findings.length).toBeGreaterThan(0);
        expect(violations).toEqual([]);
        return;
      }
      const got = violations.map((v) => ({ requirement: v.requirement, pointer: v.pointer })).sort(byKey);
      expect(got).toEqual([...row.outcome].sort(byKey));
      for (const v of violations) {
        expect(findings.find((f) => f.violations.includes(v))?.requirement).toBe(v.requirement);
        expect(v.message).not.toBe('');
        expect(v.expected).not.toBe(v.received);
      }
    });
  }
}

const byKey = (a: { requirement: string; pointer: string }, b: { requirement: string; pointer: string }) =>
  `${a.requirement} ${a.pointer}`.localeCompare(`${b.requirement} ${b.pointer}`);

/** The violation a row expects. */
export const broken = (requirement: string, pointer = '') => ({ requirement, pointer });
