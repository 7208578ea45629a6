/**
 * The steps of the repository's GitHub Action (action.yml) run here as a runner runs a composite action: each
 * `run:` step with `bash --noprofile --norc -eo pipefail`, in the workspace, with its `env:`, the
 * `${{ inputs.NAME }}` expressions replaced by the inputs (or their defaults), and what a step appends to
 * GITHUB_PATH on the PATH of the steps after it. A `uses:` step is not run: the run lists it, for the test to
 * check by name. After a failed step only the steps with `if: always()` are reached.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { ChildProcesses } from './child-process';
import { ROOT } from './paths';

export interface ActionInput {
  description: string;
  required?: boolean;
  default?: string;
}

export interface ActionStep {
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string | number>;
}

export interface Action {
  name: string;
  inputs: Record<string, ActionInput>;
  runs: { using: string; steps: ActionStep[] };
}

export const ACTION_FILE = path.join(ROOT, 'action.yml');

export function readAction(): Action {
  return parse(readFileSync(ACTION_FILE, 'utf8')) as Action;
}

const EXPRESSION = /\$\{\{\s*(.*?)\s*\}\}/g;

/** The input an expression names (`${{ inputs.v2-pool-id }}` names v2-pool-id), or undefined. */
export function inputOf(expression: string): string | undefined {
  return /^\$\{\{\s*inputs\.([a-z0-9-]+)\s*\}\}$/.exec(expression.trim())?.[1];
}

/** The text with each `${{ inputs.NAME }}` replaced; any other expression is an error, for this runner knows none. */
export function substitute(text: string, inputs: Readonly<Record<string, string>>): string {
  return text.replace(EXPRESSION, (whole: string) => {
    const name = inputOf(whole);
    if (name === undefined || !(name in inputs)) throw new Error(`action.yml: ${whole} is not an input`);
    return inputs[name] ?? '';
  });
}

export interface ActionRun {
  /** The exit code of the first step that failed, or 0. */
  exitCode: number;
  /** What the steps printed, in order. */
  output: string;
  /** The `uses:` of the steps that were reached. */
  used: string[];
  /** The folder the steps ran in (GITHUB_WORKSPACE). */
  workspace: string;
}

/** The runner's folders of a run in `dir`: GITHUB_WORKSPACE, RUNNER_TEMP and the GITHUB_PATH file. */
export function runnerFolders(dir: string): { workspace: string; temp: string; githubPath: string } {
  return {
    workspace: path.join(dir, 'workspace'),
    temp: path.join(dir, 'runner-temp'),
    githubPath: path.join(dir, 'github-path'),
  };
}

/**
 * Runs the action with `given` inputs in `dir` (its workspace, runner temp folder and scripts), each step from
 * `baseEnv` with the runner's variables and the step's own on top.
 */
export async function runAction(
  action: Action,
  given: Readonly<Record<string, string>>,
  options: { processes: ChildProcesses; dir: string; baseEnv: Record<string, string> },
): Promise<ActionRun> {
  const unknown = Object.keys(given).filter((name) => !(name in action.inputs));
  if (unknown.length > 0) throw new Error(`action.yml has no input ${unknown.join(', ')}`);
  const inputs = Object.fromEntries(
    Object.entries(action.inputs).map(([name, input]) => [name, given[name] ?? input.default ?? '']),
  );
  const { workspace, temp, githubPath } = runnerFolders(options.dir);
  for (const folder of [workspace, temp]) mkdirSync(folder, { recursive: true });
  writeFileSync(githubPath, '');
  const run: ActionRun = { exitCode: 0, output: '', used: [], workspace };
  for (const [index, step] of action.runs.steps.entries()) {
    if (run.exitCode !== 0 && step.if !== 'always()') continue;
    if (step.uses !== undefined) {
      run.used.push(step.uses);
      continue;
    }
    const script = path.join(options.dir, `step-${index + 1}.sh`);
    writeFileSync(script, substitute(step.run ?? '', inputs));
    const added = readFileSync(githubPath, 'utf8').split('\n').filter(Boolean).reverse();
    const env = {
      GITHUB_ACTION_PATH: ROOT,
      GITHUB_WORKSPACE: workspace,
      GITHUB_PATH: githubPath,
      RUNNER_TEMP: temp,
      PATH: [...added, options.baseEnv.PATH ?? ''].join(path.delimiter),
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(v, inputs)])),
    };
    const result = await options.processes.run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: workspace,
      baseEnv: options.baseEnv,
      env,
    });
    run.output += `--- ${step.name ?? `step ${index + 1}`}\n${result.stdout}${result.stderr}`;
    if (result.exitCode !== 0 && run.exitCode === 0) run.exitCode = result.exitCode ?? 1;
  }
  return run;
}
