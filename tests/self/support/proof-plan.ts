/**
 * The plan of a proof run: the conformance suite against several reference-server configurations (a fault each,
 * a set of choices each) in one Playwright invocation (support/proof-config.ts reads the plan, support/proof-run.ts
 * writes it and runs it). The configurations share the run's workers: each is given a lane, and a lane's tests of
 * one API run one after another in one worker, whatever configuration they belong to.
 */
import { readFileSync } from 'node:fs';
import type { RunConfiguration } from '../../../src/settings/configurations';

/** The variable that names the plan file for the proof config. */
export const PROOF_PLAN_VARIABLE = 'CONFORMANCE_PROOF_PLAN';

export interface ProofConfiguration extends RunConfiguration {
  /** The conformance config's projects to run (v2, v3). */
  projects: string[];
  /** Only the tests whose title or tags match this regular expression (as `--grep`). */
  grep?: string;
}

export interface ProofPlan {
  /** How many lanes the configurations are dealt into, in turn: each lane has a worker per API. */
  lanes: number;
  configurations: ProofConfiguration[];
}

export function readProofPlan(file: string): ProofPlan {
  return JSON.parse(readFileSync(file, 'utf8')) as ProofPlan;
}
