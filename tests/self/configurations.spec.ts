/**
 * A run against several targets (src/settings/configurations.ts, src/fixtures/configurations.ts): each test is
 * registered once per configuration, carrying it, and runs with its configuration's settings alone in the
 * environment. The proof runs (support/proof-run.ts) rest on both; their whole-suite runs prove the rest.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { configurationTitle, oncePerConfiguration } from '../../src/fixtures/configurations';
import {
  applyConfiguration,
  CONFIGURATION_ANNOTATION,
  CONFIGURATIONS_VARIABLE,
  runConfigurations,
  type RunConfiguration,
} from '../../src/settings/configurations';
import { expect, test } from './support/harness';

const CONFIGURATIONS: RunConfiguration[] = [
  { name: 'a', settings: { TARGET_URL: 'http://127.0.0.1:1', FC_SEED: '7' }, metadata: {} },
  { name: 'b', settings: { TARGET_URL: 'http://127.0.0.1:2', CONFORMANCE_RUNS: '5' }, metadata: {} },
];

/** A stand-in for Playwright's `test`: what was registered, inside which describe block, with which options. */
function recordingRegistrar() {
  const registered: { describe: string | undefined; use: unknown; args: unknown[] }[] = [];
  let describe: string | undefined;
  let use: unknown;
  const register = Object.assign(
    (...args: unknown[]) => {
      registered.push({ describe, use, args });
    },
    {
      describe(title: string, body: () => void) {
        describe = title;
        body();
        describe = undefined;
        use = undefined;
      },
      use(options: { configuration: string }) {
        use = options;
      },
    },
  );
  return { register, registered };
}

test.describe('a run against several targets', () => {
  test.beforeEach(({ setEnv, scratch }) => {
    const file = path.join(scratch(), 'configurations.json');
    writeFileSync(file, JSON.stringify(CONFIGURATIONS));
    setEnv({
      [CONFIGURATIONS_VARIABLE]: file,
      TARGET_URL: undefined,
      FC_SEED: undefined,
      CONFORMANCE_RUNS: undefined,
    });
  });

  test('reads its configurations from the file the variable names; a run of one target has none', () => {
    expect(runConfigurations().map((c) => c.name)).toEqual(['a', 'b']);
    expect(runConfigurations({})).toEqual([]);
  });

  test("puts a test's own settings into the environment and takes out those only another one sets", () => {
    process.env.HOME_OF_SOMETHING_ELSE = 'kept';
    try {
      applyConfiguration('a', CONFIGURATIONS);
      expect([process.env.TARGET_URL, process.env.FC_SEED, process.env.CONFORMANCE_RUNS]).toEqual([
        'http://127.0.0.1:1',
        '7',
        undefined,
      ]);
      applyConfiguration('b', CONFIGURATIONS);
      expect([process.env.TARGET_URL, process.env.FC_SEED, process.env.CONFORMANCE_RUNS]).toEqual([
        'http://127.0.0.1:2',
        undefined,
        '5',
      ]);
      expect(process.env.HOME_OF_SOMETHING_ELSE).toBe('kept');
      expect(() => applyConfiguration('c', CONFIGURATIONS)).toThrow('the run has no configuration c');
    } finally {
      delete process.env.HOME_OF_SOMETHING_ELSE;
    }
  });

  test('registers each test once per configuration, in its describe block, with its option and annotation', () => {
    const { register, registered } = recordingRegistrar();
    const body = () => undefined;
    const given = { type: 'requirement', description: 'V2-AUTH' };
    oncePerConfiguration(register)(
      'V2-AUTH a create without a token',
      { tag: '@V2-AUTH', annotation: [given] },
      body,
    );
    oncePerConfiguration(register)('a test without details', body);
    expect(registered.map((r) => [r.describe, r.use, r.args[0]])).toEqual([
      [configurationTitle('a'), { configuration: 'a' }, 'V2-AUTH a create without a token'],
      [configurationTitle('b'), { configuration: 'b' }, 'V2-AUTH a create without a token'],
      [configurationTitle('a'), { configuration: 'a' }, 'a test without details'],
      [configurationTitle('b'), { configuration: 'b' }, 'a test without details'],
    ]);
    expect(registered[1]?.args).toEqual([
      'V2-AUTH a create without a token',
      { tag: '@V2-AUTH', annotation: [given, { type: CONFIGURATION_ANNOTATION, description: 'b' }] },
      body,
    ]);
    expect(registered[2]?.args).toEqual([
      'a test without details',
      { annotation: { type: CONFIGURATION_ANNOTATION, description: 'a' } },
      body,
    ]);
  });

  test('in a run of one target, registers each test as it is written', ({ setEnv }) => {
    setEnv({ [CONFIGURATIONS_VARIABLE]: undefined });
    const { register } = recordingRegistrar();
    expect(oncePerConfiguration(register)).toBe(register);
  });
});
