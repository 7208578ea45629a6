/**
 * The package as a vendor uses it: `npm pack` of the repository, `npm install` of the tarball in an empty
 * project, and `npx lb-member-conformance` there; and the GitHub Action of action.yml, whose steps install it
 * the same way. One pack serves every test (its build is the costly part), so they run in one worker.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { PROGRAM } from '../../scripts/commands';
import { catalogue } from '../../src/catalogue/requirements';
import { DEFAULTS } from '../../reference-server/src/index';
import type { V3List } from '../../reference-server/modes/probe-client';
import {
  inputOf,
  readAction,
  runAction,
  runnerFolders,
  type ActionRun,
  type ActionStep,
} from './support/action-steps';
import type { ProcessResult } from './support/child-process';
import { requirementsWith, writtenReport } from './support/conformance-run';
import { expect, test as harness } from './support/harness';
import {
  installPackage,
  packPackage,
  seedLockfile,
  vendorShell,
  type PackedPackage,
} from './support/installed-package';
import { ROOT } from './support/paths';
import { filesUnder, needlesFor, occurrences, occurrencesInFiles } from './support/secret-search';
import { printedTarget } from './support/served-target';

const TOKEN = 'tok-Packaged-Distinctive-7d41a9';
/** A requirement of each API, for runs that check the plumbing and not the whole suite. */
const GREP = 'V2-WEIGHT-RANGE|V3-AUTH';

const test = harness.extend<
  {
    /** `npx lb-member-conformance args...` in `cwd`, from a vendor's shell. */
    vendorRun: (args: readonly string[], cwd: string) => Promise<ProcessResult>;
    /** The action's steps, run here with these inputs (support/action-steps.ts); the package is the tarball. */
    runTheAction: (inputs: Record<string, string>) => Promise<ActionRun>;
  },
  { packed: PackedPackage; installed: string }
>({
  packed: [
    async ({ workerProcesses, workerScratch }, use) => {
      await use(await packPackage(workerProcesses, workerScratch('package')));
    },
    { scope: 'worker', timeout: 180_000 },
  ],
  /** An empty project (`npm init -y`) with the tarball installed. */
  installed: [
    async ({ packed, workerProcesses, workerScratch }, use) => {
      const project = workerScratch('vendor-project');
      await installPackage(workerProcesses, project, packed.tarball);
      await use(project);
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  vendorRun: async ({ runProcess }, use) => {
    await use((args, cwd) => runProcess('npx', [PROGRAM, ...args], {}, { cwd, baseEnv: vendorShell() }));
  },
  runTheAction: async ({ packed, childProcesses, scratch }, use) => {
    await use((inputs) => {
      const dir = scratch('action');
      // The folder where the install step makes its project: npm finds the versions there, not in the registry.
      const project = path.join(runnerFolders(dir).temp, 'lb-member-conformance');
      mkdirSync(project, { recursive: true });
      seedLockfile(project);
      return runAction(
        readAction(),
        { package: packed.tarball, ...inputs },
        { processes: childProcesses, dir, baseEnv: vendorShell() },
      );
    });
  },
});

test.describe.configure({ mode: 'default' });

test.describe('the package', () => {
  test('its tarball holds the command, the compiled suite and the data it reads, and nothing of development', async ({
    packed,
    trackedFiles,
  }) => {
    const { files } = packed;
    const root = ['package.json', 'README.md', 'requirements.yaml'];
    expect(
      files.filter((f) => !root.includes(f) && !/^(bin|dist|docs\/vendor|openapi|profiles)\//.test(f)),
    ).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
    const needed = trackedFiles
      .filter(
        (f) => /^(docs\/vendor|openapi|profiles)\//.test(f) || /^tests\/(v2|v3|common)\/.*\.ts$/.test(f),
      )
      .map((f) => (f.startsWith('tests/') ? `dist/${f.replace(/\.ts$/, '.js')}` : f));
    expect(needed.filter((f) => !files.includes(f))).toEqual([]);
    expect(files).toEqual(
      expect.arrayContaining([
        'bin/lb-member-conformance.js',
        'dist/playwright.config.js',
        'dist/src/runner/global-setup.js',
        'dist/src/reporter/conformance-reporter.js',
        'dist/reference-server/src/index.js',
      ]),
    );
    expect(files.filter((f) => f.startsWith('dist/scripts/')).sort()).toEqual(
      ['cli', 'commands', 'flags', 'serve'].map((name) => `dist/scripts/${name}.js`),
    );
    expect(files.filter((f) => f.startsWith('dist/tests/self/'))).toEqual([]);
  });

  test('installed in an empty project, the command runs the compiled suite there and writes the reports there', async ({
    installed,
    vendorRun,
  }) => {
    test.setTimeout(120_000);
    expect(existsSync(path.join(installed, 'node_modules', 'tsx')), 'tsx is installed with it').toBe(false);
    const listed = await vendorRun(['--list'], installed);
    expect(listed.exitCode, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(`${catalogue().size} requirements`);

    const run = await vendorRun(['--workers', '1', '--runs', '5', '--', '--grep', GREP], installed);
    expect(run.exitCode, run.stdout.slice(-3000) + run.stderr).toBe(0);
    const reports = path.join(installed, 'reports');
    const report = writtenReport(reports);
    expect(report.run.verdict).toBe('conforms');
    expect(requirementsWith(report, 'passed')).toEqual(['V2-WEIGHT-RANGE', 'V3-AUTH']);
    // The tests that ran are the package's compiled ones, not a clone's TypeScript.
    const locations = report.requirements.flatMap((r) => r.tests.map((t) => t.location));
    expect(locations.length).toBeGreaterThan(0);
    expect(locations.filter((l) => !/^tests\/v[23]\/[a-z-]+\.spec\.js:\d+$/.test(l))).toEqual([]);
    expect(existsSync(path.join(reports, 'junit.xml'))).toBe(true);
    expect(existsSync(path.join(reports, 'html', 'index.html'))).toBe(true);

    const compared = await vendorRun(
      ['compare', 'reports/conformance.json', 'reports/conformance.json'],
      installed,
    );
    expect(compared.exitCode, compared.stderr).toBe(0);
    expect(existsSync(path.join(reports, 'compare', 'index.html'))).toBe(true);
  });

  test('installed, `serve` answers as the reference server set by its flags, and `proxy` judges the traffic through it', async ({
    installed,
    spawnChild,
  }) => {
    // The command npx runs, without npm's shell between: a signal reaches it, as Ctrl-C does in a terminal.
    const command = path.join(installed, 'node_modules', '.bin', PROGRAM);
    const shell = { cwd: installed, baseEnv: vendorShell() };
    const preload = `${DEFAULTS.v3PoolId}=3`;
    const serve = spawnChild(
      command,
      ['serve', '--port', '0', '--token', TOKEN, '--preload', preload],
      shell,
    );
    await serve.printed('ready');
    const target = printedTarget(serve.stdout);
    expect(target.TARGET_TOKEN).toBe(TOKEN);
    const members = `/v3/${target.TARGET_PROJECT_ID}/elb/pools/${target.TARGET_V3_POOL_ID}/members`;
    const listing = await fetch(`${target.TARGET_URL}${members}`, { headers: { 'x-auth-token': TOKEN } });
    expect(listing.status).toBe(200);
    expect(((await listing.json()) as V3List).members).toHaveLength(3);

    const proxy = spawnChild(command, ['proxy', '--upstream', target.TARGET_URL ?? ''], shell);
    const listening = () => /listening on (\S+),/.exec(proxy.stdout)?.[1];
    await expect.poll(listening, { timeout: 30_000 }).toBeTruthy();
    const through = await fetch(`${listening()}${members}`, { headers: { 'x-auth-token': TOKEN } });
    expect(through.status).toBe(200);
    proxy.kill('SIGINT');
    expect(await proxy.exited, proxy.output).toBe(0);
    expect(writtenReport(path.join(installed, 'reports', 'proxy')).summary.passed).toBeGreaterThan(0);
  });
});

test.describe('the GitHub Action', () => {
  const action = readAction();
  const steps = action.runs.steps;

  test('each input sets the documented variable; the token comes from an input and is never in a script', () => {
    expect(action.runs.using).toBe('composite');
    const contract = readFileSync(path.join(ROOT, 'src/settings/target.ts'), 'utf8');
    const variables = new Set([...contract.matchAll(/'(TARGET_[A-Z0-9_]+)'/g)].map((m) => m[1] ?? ''));
    const env = commandStep().env ?? {};
    const fromInputs = Object.entries(env).filter(([, value]) => inputOf(value) !== undefined);
    expect(
      fromInputs
        .map(([name]) => name)
        .filter((name) => name.startsWith('TARGET_'))
        .sort(),
    ).toEqual([...variables].sort());
    for (const [variable, value] of fromInputs)
      expect(action.inputs[inputOf(value) ?? ''], `the input behind ${variable}`).toBeDefined();
    expect(inputOf(env.TARGET_TOKEN ?? '')).toBe('token');
    expect(inputOf(env.CONFORMANCE_WORKERS ?? '')).toBe('workers');
    expect(action.inputs['target-url']?.required).toBe(true);

    // Every input is used, and only through a step's env or with: a script never holds an expression.
    const used = new Set(
      steps.flatMap((step) => [
        ...Object.values(step.env ?? {}),
        ...Object.values(step.with ?? {}).map(String),
      ]),
    );
    const unused = Object.keys(action.inputs).filter((name) => !used.has(`\${{ inputs.${name} }}`));
    expect(unused).toEqual([]);
    for (const step of steps) {
      expect(step.run ?? '', step.name).not.toContain('${{');
      expect(step.run ?? '', step.name).not.toContain('TARGET_TOKEN');
      expect(step.run ?? '', step.name).not.toMatch(/set -[a-z]*x/);
    }
    expect(steps.map((step) => step.uses).filter(Boolean)).toEqual([
      'actions/setup-node@v4',
      'actions/upload-artifact@v4',
    ]);
    const upload = steps.find((step) => step.uses?.startsWith('actions/upload-artifact'));
    expect(upload?.if).toBe('always()');
    expect(upload?.with?.path).toBe('reports/');
  });

  test('docs/github-actions.md uses the action with every input set from the secrets and variables', () => {
    const doc = readFileSync(path.join(ROOT, 'docs/github-actions.md'), 'utf8');
    const workflows = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map(
      (m) => parse(m[1] ?? '') as { jobs: Record<string, { steps: ActionStep[] }> },
    );
    const uses = workflows.flatMap((w) =>
      Object.values(w.jobs).flatMap((job) =>
        job.steps.filter((s) => s.uses?.includes('lb-member-conformance')),
      ),
    );
    expect(uses).toHaveLength(1);
    const given = (uses[0]?.with ?? {}) as Record<string, string>;
    const env = commandStep().env ?? {};
    for (const [variable, value] of Object.entries(env)) {
      const input = inputOf(value);
      if (input === undefined || !variable.startsWith('TARGET_')) continue;
      const source = variable === 'TARGET_TOKEN' ? 'secrets' : 'vars';
      expect(given[input], input).toBe(`\${{ ${source}.${variable} }}`);
    }
  });

  test('run here against a conforming target the job passes, and the reports and the log hold no token', async ({
    serveReference,
    runTheAction,
  }) => {
    test.setTimeout(120_000);
    const served = await serveReference({ REFERENCE_TOKEN: TOKEN });
    const run = await runTheAction({
      ...inputsFor(served.env),
      workers: '1',
      args: `--runs 5 -- --grep ${GREP}`,
    });
    expect(run.exitCode, run.output).toBe(0);
    expect(run.used).toEqual(['actions/setup-node@v4', 'actions/upload-artifact@v4']);
    expect(run.output).toContain('::notice::the target conforms');
    const reports = path.join(run.workspace, 'reports');
    expect(writtenReport(reports).run.verdict).toBe('conforms');
    const needles = needlesFor(TOKEN);
    expect(occurrences('the log', Buffer.from(run.output), needles)).toEqual([]);
    expect(occurrencesInFiles(filesUnder(reports), needles)).toEqual([]);
  });

  test('run here against a target with a fault the job fails with exit code 1, and without a target with 2', async ({
    serveReference,
    runTheAction,
  }) => {
    test.setTimeout(120_000);
    const served = await serveReference({ REFERENCE_FAULTS: 'weight-upper-off-by-one' });
    const run = await runTheAction({
      ...inputsFor(served.env),
      workers: '1',
      args: '--runs 5 -- --grep V2-WEIGHT',
    });
    expect(run.exitCode, run.output).toBe(1);
    expect(run.used, 'the reports are uploaded all the same').toEqual([
      'actions/setup-node@v4',
      'actions/upload-artifact@v4',
    ]);
    expect(requirementsWith(writtenReport(path.join(run.workspace, 'reports')), 'failed')).toEqual([
      'V2-WEIGHT-RANGE',
    ]);

    const none = await runTheAction({});
    expect(none.exitCode, none.output).toBe(2);
    expect(none.output).toContain('the target-url input is empty');
    expect(none.used).toEqual(['actions/upload-artifact@v4']);
  });
});

/** The action's one step that runs the command: its env is where the inputs become variables. */
function commandStep(): ActionStep {
  const found = readAction().runs.steps.filter((step) => /^\s*lb-member-conformance\b/m.test(step.run ?? ''));
  expect(found, 'the steps that run lb-member-conformance').toHaveLength(1);
  return found[0] ?? {};
}

/** The action's inputs that point it at a served target: the TARGET_* lines it printed, by the run step's env. */
function inputsFor(target: Record<string, string>): Record<string, string> {
  const env = commandStep().env ?? {};
  const inputs: Record<string, string> = {};
  for (const [variable, value] of Object.entries(env)) {
    const input = inputOf(value);
    if (input !== undefined && target[variable] !== undefined) inputs[input] = target[variable];
  }
  const unmapped = Object.keys(target).filter((name) => !(name in env));
  if (unmapped.length > 0) throw new Error(`the action has no input for ${unmapped.join(', ')}`);
  return inputs;
}
