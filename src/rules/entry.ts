/** A row of the rule index (index.ts): the requirement a rule decides, and whether the proxy calls it. */
export interface RuleEntry {
  requirement: string;
  /** The function that decides it, exported by its module. */
  rule: (...args: never[]) => unknown;
  /** Whether the validating proxy judges the requirement with this rule. */
  proxy: boolean;
}

export const entry = (requirement: string, rule: RuleEntry['rule'], proxy = false): RuleEntry => ({
  requirement,
  rule,
  proxy,
});
