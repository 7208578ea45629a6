/**
 * The plan of a proof run: the conformance suite against several reference-server configurations (a fault each,
 * a set of choices each) in one Playwright invocation (support/proof-config.ts reads the plan, support/proof-run.ts
 * writes it and runs it).
 */
import { readFileSync } from 'node:fs';
import type { RunMetadata } from '../../../src/reporter/run-info';

/** The variable that names the plan file for the proof config. */
export const PROOF_PLAN_VARIABLE = 'CONFORMANCE_PROOF_PLAN';

export interface ProofConfiguration {
  /** Unique in the plan; names its Playwright project(s) and its report folder. */
  name: string;
  /** What its workers are given: the target's TARGET_* settings, CONFORMANCE_*, FC_*. */
  settings: Record<string, string>;
  /** The conformance config's projects to run (v2, v3). */
  projects: string[];
  /** Only the tests whose title or tags match this regular expression (as `--grep`). */
  grep?: string;
  /**
   * One worker for all its tests, one test after another (a run with CONFORMANCE_WORKERS=1), or one worker per
   * API (a run with the default two workers: v3's one writer beside v2's).
   */
  oneWorker: boolean;
  /** What its conformance report says about the target. */
  metadata: RunMetadata;
}

export function readProofPlan(file: string): ProofConfiguration[] {
  return JSON.parse(readFileSync(file, 'utf8')) as ProofConfiguration[];
}

/** The project metadata key that tells the conformance reporter which configuration a test belongs to. */
export { CONFIGURATION_KEY } from '../../../src/reporter/conformance-reporter';
