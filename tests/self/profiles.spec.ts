// The vendor profiles of profiles/ (src/target/profiles.ts): each file loads into the profile the suite holds a
// target to, a malformed file is refused with its file and field named, and a profile added as one file (with
// its catalogue tags) is chosen by TARGET_PROFILE and reads its own contract.
import { cpSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { PROFILES as CATALOGUE_PROFILES } from '../../src/catalogue/requirements';
import {
  LOADED_PROFILES,
  PROFILES,
  PROFILES_DIR,
  SHARED_LIMITS,
  loadProfiles,
} from '../../src/target/profiles';
import { v2Member } from './support/contract-bodies';
import { expect, test } from './support/harness';
import { ROOT } from './support/paths';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed file, changed in place by each row
type ParsedFile = Record<string, any>;

const fileOf = (name: string) => readFileSync(path.join(PROFILES_DIR, `${name}.yaml`), 'utf8');

test('profiles/ holds one file per profile, the default (huawei) first, each over the shared limits', () => {
  expect(PROFILES).toEqual(['huawei', 'octavia']);
  expect(CATALOGUE_PROFILES).toBe(PROFILES);
  for (const name of PROFILES) {
    const profile = LOADED_PROFILES.table[name];
    expect(profile?.name).toBe(name);
    expect(profile?.limits).toMatchObject(SHARED_LIMITS);
    expect(LOADED_PROFILES.files[name]).toBe(path.join(PROFILES_DIR, `${name}.yaml`));
  }
  expect(LOADED_PROFILES.table.octavia?.limits.weight).toEqual({ min: 0, max: 256 });
  expect(LOADED_PROFILES.table.octavia?.refusals.unknownPool).toBe(404);
});

/** Each row: a change to octavia.yaml (as parsed YAML), and the field the error must name. */
const MALFORMED: { what: string; change: (doc: ParsedFile) => void; says: string }[] = [
  {
    what: 'a flag that is not a boolean',
    change: (d) => (d.flags.v3Offered = 'no'),
    says: '"flags.v3Offered"',
  },
  { what: 'a flag left out', change: (d) => delete d.flags.v2Ipv6Allowed, says: '"flags.v2Ipv6Allowed"' },
  { what: 'an unknown flag', change: (d) => (d.flags.v4Offered = true), says: '"flags.v4Offered"' },
  { what: 'a negative weight', change: (d) => (d.limits.weight.max = -1), says: '"limits.weight.max"' },
  { what: 'min over max', change: (d) => (d.limits.weight.min = 300), says: '"limits.weight"' },
  { what: 'an unknown limit', change: (d) => (d.limits.pageSize = 5), says: '"limits.pageSize"' },
  {
    what: 'a shared limit as text',
    change: (d) => (d.limits.nameLength = 'long'),
    says: '"limits.nameLength"',
  },
  {
    what: 'a refusal that is no 4xx',
    change: (d) => (d.refusals.unknownPool.status = 500),
    says: '"refusals.unknownPool.status"',
  },
  { what: 'a refusal left out', change: (d) => delete d.refusals.badToken, says: '"refusals.badToken"' },
  {
    what: 'a status without its source',
    change: (d) => delete d.v2CreateSuccess.source,
    says: '"v2CreateSuccess.source"',
  },
  {
    what: 'a create success that is no 2xx',
    change: (d) => (d.v2CreateSuccess.status = 404),
    says: '"v2CreateSuccess.status"',
  },
  {
    what: 'a patch of a document openapi/ does not hold',
    change: (d) => (d.overlays[0].file = 'v4.yaml'),
    says: '"overlays[0].file"',
  },
  { what: 'a patch without its why', change: (d) => delete d.overlays[1].why, says: '"overlays[1].why"' },
  {
    what: 'a patch that neither merges nor appends',
    change: (d) => delete d.overlays[2].append,
    says: '"overlays[2]"',
  },
  { what: 'an unknown field', change: (d) => (d.weight = 3), says: '"weight"' },
  { what: 'no source', change: (d) => delete d.source, says: '"source"' },
];

for (const row of MALFORMED) {
  test(`a profile file with ${row.what} is refused, naming the file and the field`, ({ scratch }) => {
    const dir = scratch();
    writeFileSync(path.join(dir, 'huawei.yaml'), fileOf('huawei'));
    const doc = parse(fileOf('octavia')) as ParsedFile;
    row.change(doc);
    writeFileSync(path.join(dir, 'octavia.yaml'), stringify(doc));
    expect(() => loadProfiles(dir)).toThrow(`${path.join(dir, 'octavia.yaml')}: ${row.says}`);
  });
}

test('the copies the malformed rows start from load as they are', ({ scratch }) => {
  const dir = scratch();
  for (const name of PROFILES) writeFileSync(path.join(dir, `${name}.yaml`), stringify(parse(fileOf(name))));
  expect(loadProfiles(dir).table).toEqual(LOADED_PROFILES.table);
});

test('a folder of profiles needs exactly one default, and text that is YAML', ({ scratch }) => {
  const none = scratch();
  writeFileSync(path.join(none, 'octavia.yaml'), fileOf('octavia'));
  expect(() => loadProfiles(none)).toThrow(/exactly one profile file must say "default: true" \(none does\)/);
  const two = scratch();
  writeFileSync(path.join(two, 'huawei.yaml'), fileOf('huawei'));
  writeFileSync(path.join(two, 'acme.yaml'), fileOf('huawei'));
  expect(() => loadProfiles(two)).toThrow(/acme\.yaml, .*huawei\.yaml/);
  const broken = scratch();
  writeFileSync(path.join(broken, 'huawei.yaml'), 'limits: [unclosed');
  expect(() => loadProfiles(broken)).toThrow(`${path.join(broken, 'huawei.yaml')}: not YAML`);
});

/** A third profile: octavia's file with its own weight range, and its contract patched to match. */
function acmeProfile(): string {
  const doc = parse(fileOf('octavia')) as ParsedFile;
  doc.source = 'a third vendor, for this test';
  doc.limits.weight = { min: 0, max: 1000 };
  doc.overlays[0].merge = { maximum: 1000 };
  return stringify(doc);
}

/** Run in a copy of the repository that has profiles/acme.yaml and acme among V2-WEIGHT-RANGE's profiles. */
const PROBE = `
import { parseTargetEnv } from './src/settings/target';
import { loadContract, validateResponse } from './src/contract';
import { requirement } from './src/catalogue/requirements';

const weight = async (profile: string, value: number) =>
  (await validateResponse(await loadContract(profile), {
    operationId: 'createMemberV2',
    status: 201,
    contentType: 'application/json',
    body: JSON.stringify({ member: { ...JSON.parse(process.argv[2] ?? '{}'), weight: value } }),
  })).map((v) => v.pointer);

void (async () => {
  const target = parseTargetEnv({ ...JSON.parse(process.argv[3] ?? '{}'), TARGET_PROFILE: 'acme' });
  console.log(JSON.stringify({
    profile: target.profile.name,
    weight: target.profile.limits.weight,
    created: target.profile.v2CreateSuccess,
    accepted: await weight('acme', 1000),
    refused: await weight('acme', 1001),
    octavia: await weight('octavia', 1000),
    tagged: requirement('V2-WEIGHT-RANGE').profiles,
  }));
})();
`;

test('a profile added as one file and its catalogue tags is chosen by TARGET_PROFILE and reads its own contract', async ({
  scratch,
  runNode,
}) => {
  const copy = scratch('repository');
  for (const part of ['src', 'profiles', 'openapi', 'package.json', 'tsconfig.json'])
    cpSync(path.join(ROOT, part), path.join(copy, part), { recursive: true });
  symlinkSync(realpathSync(path.join(ROOT, 'node_modules')), path.join(copy, 'node_modules'));
  symlinkSync(path.join(ROOT, 'reference-server'), path.join(copy, 'reference-server'));
  writeFileSync(path.join(copy, 'profiles/acme.yaml'), acmeProfile());
  const catalogue = readFileSync(path.join(ROOT, 'requirements.yaml'), 'utf8');
  const tagged = catalogue.replace(
    /(- id: V2-WEIGHT-RANGE\n(?: {2}.*\n)*? {2}profiles: \[huawei, octavia)\]/,
    '$1, acme]',
  );
  expect(tagged).not.toBe(catalogue);
  writeFileSync(path.join(copy, 'requirements.yaml'), tagged);
  writeFileSync(path.join(copy, 'probe.ts'), PROBE);

  const env = {
    TARGET_URL: 'https://elb.example.com/',
    TARGET_TOKEN: 'secret',
    TARGET_V2_POOL_ID: 'pool-2',
    TARGET_V2_ADDRESS_CIDR: '10.0.1.0/24',
  };
  const run = await runNode(
    ['--import', 'tsx', 'probe.ts', JSON.stringify(v2Member), JSON.stringify(env)],
    {},
    {
      cwd: copy,
    },
  );
  expect(run.exitCode, run.stderr).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual({
    profile: 'acme',
    weight: { min: 0, max: 1000 },
    created: 201,
    accepted: [],
    refused: ['/member/weight'],
    octavia: ['/member/weight'],
    tagged: ['huawei', 'octavia', 'acme'],
  });
});
