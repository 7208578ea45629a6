/**
 * The TARGET_* contract of docs/readings.md §3: good configurations parse, bad ones stop the run before any request
 * with exit code 2 and a message that names the variable.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EndpointAllocator, checkCapacity } from '../../src/target/allocator';
import { Cidr } from '../../src/target/cidr';
import { ConfigError, parseTargetEnv } from '../../src/settings';
import { expect, test as harness } from './support/harness';

/** A target that counts the requests it gets: a configuration error must stop the run before any. */
const test = harness.extend<{ countingTarget: { url: string; count: () => number } }>({
  countingTarget: async ({}, use) => {
    let requests = 0;
    const server = http.createServer((_req, res) => {
      requests++;
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await use({ url: `http://127.0.0.1:${port}`, count: () => requests });
    await new Promise((resolve) => server.close(resolve));
  },
});

const GOOD: Record<string, string> = {
  TARGET_URL: 'https://elb.example.com/',
  TARGET_TOKEN: 'secret',
  TARGET_PROJECT_ID: 'p1',
  TARGET_V2_POOL_ID: 'pool-2',
  TARGET_V2_SUBNET_ID: 'subnet-2',
  TARGET_V2_ADDRESS_CIDR: '10.0.1.0/24',
  TARGET_V2_SUBNET_CIDR: '10.0.0.0/16',
  TARGET_V2_SUBNET6_ID: 'subnet6-2',
  TARGET_V3_POOL_ID: 'pool-3',
  TARGET_V3_SUBNET_ID: 'subnet-3',
  TARGET_V3_ADDRESS_CIDR: '10.1.1.0/24',
  TARGET_V3_UDP_POOL_ID: 'pool-udp',
};

test('a complete configuration parses', () => {
  const target = parseTargetEnv(GOOD);
  expect(target.url).toBe('https://elb.example.com');
  expect(target.profile.name).toBe('huawei');
  expect(target.v2?.subnetCidr?.text).toBe('10.0.0.0/16');
  expect(target.v2?.subnet6Id).toBe('subnet6-2');
  expect(target.v3?.projectId).toBe('p1');
  expect(target.v3?.udpPoolId).toBe('pool-udp');
  expect(target.readOnly).toBe(false);
});

test('with only the v2.0 variables, v3 is left out rather than failing', () => {
  const v2Only = Object.fromEntries(Object.entries(GOOD).filter(([k]) => !k.startsWith('TARGET_V3')));
  expect(parseTargetEnv(v2Only).v3).toBeUndefined();
});

test('the octavia profile needs no subnet and offers no v3', () => {
  const target = parseTargetEnv({ ...GOOD, TARGET_PROFILE: 'octavia', TARGET_V2_SUBNET_ID: '' });
  expect(target.v2?.subnetId).toBeUndefined();
  expect(target.v3).toBeUndefined();
  expect(target.profile.limits.weight.max).toBe(256);
});

/** Each row: what is changed, the variable the error must name, and words the message must hold. */
const BAD: { change: Record<string, string | undefined>; variable: string; says: RegExp }[] = [
  { change: { TARGET_URL: 'elb.example.com' }, variable: 'TARGET_URL', says: /not a URL/ },
  { change: { TARGET_URL: 'ftp://elb.example.com' }, variable: 'TARGET_URL', says: /http or https/ },
  { change: { TARGET_URL: 'https://elb.example.com/?x=1' }, variable: 'TARGET_URL', says: /no query/ },
  {
    change: { TARGET_PROFILE: 'aws' },
    variable: 'TARGET_PROFILE',
    says: /not a known profile.*huawei, octavia/,
  },
  {
    change: { TARGET_V2_ADDRESS_CIDR: '10.0.1.0/33' },
    variable: 'TARGET_V2_ADDRESS_CIDR',
    says: /not a CIDR/,
  },
  { change: { TARGET_V2_ADDRESS_CIDR: 'banana' }, variable: 'TARGET_V2_ADDRESS_CIDR', says: /not a CIDR/ },
  {
    change: { TARGET_V2_ADDRESS_CIDR: '2001:db8::/64' },
    variable: 'TARGET_V2_ADDRESS_CIDR',
    says: /ipv4 range is expected/,
  },
  {
    change: { TARGET_V2_ADDRESS_CIDR: '10.9.0.0/24' },
    variable: 'TARGET_V2_ADDRESS_CIDR',
    says: /not inside TARGET_V2_SUBNET_CIDR/,
  },
  {
    change: { TARGET_V2_ADDRESS_CIDR: undefined },
    variable: 'TARGET_V2_ADDRESS_CIDR',
    says: /needs addresses/,
  },
  { change: { TARGET_V2_SUBNET_ID: undefined }, variable: 'TARGET_V2_SUBNET_ID', says: /mandatory/ },
  { change: { TARGET_V2_POOL_ID: 'a/b' }, variable: 'TARGET_V2_POOL_ID', says: /not a usable id/ },
  { change: { TARGET_V2_OTHER_POOL_ID: 'pool-2' }, variable: 'TARGET_V2_OTHER_POOL_ID', says: /same pool/ },
  { change: { TARGET_PROJECT_ID: undefined }, variable: 'TARGET_PROJECT_ID', says: /project_id/ },
  { change: { TARGET_V3_SUBNET6_ID: 's6' }, variable: 'TARGET_V3_ADDRESS6_CIDR', says: /go together/ },
  { change: { TARGET_V2_SUBNET6_ID: 's 6' }, variable: 'TARGET_V2_SUBNET6_ID', says: /not a usable id/ },
  {
    change: { TARGET_V2_SUBNET6_ID: 'subnet-1', TARGET_V2_SUBNET_ID: 'subnet-1' },
    variable: 'TARGET_V2_SUBNET6_ID',
    says: /same subnet as TARGET_V2_SUBNET_ID/,
  },
  {
    change: { TARGET_V3_UDP_POOL_ID: 'udp pool' },
    variable: 'TARGET_V3_UDP_POOL_ID',
    says: /not a usable id/,
  },
  {
    change: { TARGET_V3_UDP_POOL_ID: 'pool-3' },
    variable: 'TARGET_V3_UDP_POOL_ID',
    says: /same pool as TARGET_V3_POOL_ID/,
  },
  {
    change: { TARGET_V3_UDP_POOL_ID: 'pool-3o', TARGET_V3_OTHER_POOL_ID: 'pool-3o' },
    variable: 'TARGET_V3_UDP_POOL_ID',
    says: /same pool as TARGET_V3_OTHER_POOL_ID/,
  },
  {
    change: { TARGET_V3_UDP_POOL_ID: 'pool-2' },
    variable: 'TARGET_V3_UDP_POOL_ID',
    says: /v2.0 tests also use/,
  },
  { change: { TARGET_READ_ONLY: 'yes' }, variable: 'TARGET_READ_ONLY', says: /must be 1/ },
  { change: { TARGET_MAX_WRITES: '-3' }, variable: 'TARGET_MAX_WRITES', says: /whole number/ },
  { change: { TARGET_TOKEN: 'a\nb' }, variable: 'TARGET_TOKEN', says: /line break/ },
  {
    change: {
      TARGET_V2_POOL_ID: undefined,
      TARGET_V3_POOL_ID: undefined,
      TARGET_V2_SUBNET_ID: undefined,
      TARGET_V2_ADDRESS_CIDR: undefined,
      TARGET_V3_SUBNET_ID: undefined,
      TARGET_V3_ADDRESS_CIDR: undefined,
    },
    variable: 'TARGET_V2_POOL_ID',
    says: /at least one pool/,
  },
];

for (const row of BAD) {
  test(`${row.variable}: ${JSON.stringify(row.change)} is refused`, () => {
    const env: Record<string, string | undefined> = { ...GOOD, ...row.change };
    let error: unknown;
    try {
      parseTargetEnv(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(row.variable);
    expect((error as ConfigError).message).toMatch(new RegExp(`^${row.variable}: `));
    expect((error as ConfigError).message).toMatch(row.says);
  });
}

test('a range too small for every worker slot is refused, naming the variable and the numbers', () => {
  expect(() => checkCapacity(Cidr.parse('10.0.0.0/30'), 'TARGET_V2_ADDRESS_CIDR', 2)).toThrow(
    /^TARGET_V2_ADDRESS_CIDR: 10\.0\.0\.0\/30 has 1 usable address\(es\); this run needs at least 4/,
  );
  expect(() => checkCapacity(Cidr.parse('10.0.0.0/29'), 'TARGET_V2_ADDRESS_CIDR', 2)).not.toThrow();
});

test('the allocator never hands out a pair twice, nor a reserved one, and slots never share an address', () => {
  const cidr = Cidr.parse('10.0.0.0/28');
  const a = new EndpointAllocator(cidr, 'X', { index: 0, count: 2 }, 7);
  const b = new EndpointAllocator(cidr, 'X', { index: 1, count: 2 }, 7);
  const first = a.next();
  a.reserve([{ address: first.address, port: first.port + 1 }]);
  const pairs = [first, ...Array.from({ length: 500 }, () => a.next())];
  const keys = pairs.map((p) => `${p.address}|${p.port}`);
  expect(new Set(keys).size).toBe(keys.length);
  expect(keys).not.toContain(`${first.address}|${first.port + 1}`);
  const bAddresses = new Set(Array.from({ length: 50 }, () => b.next().address));
  expect(pairs.filter((p) => bAddresses.has(p.address))).toEqual([]);
  const sameAddress = a.withAddress(first.address);
  expect(sameAddress.address).toBe(first.address);
  // The last pair's port is not yet used on every address of the slot.
  const last = pairs[pairs.length - 1]!;
  const samePort = a.withPort(last.port, last.address);
  expect(samePort).toMatchObject({ port: last.port });
  expect(samePort.address).not.toBe(last.address);
  for (const p of [...pairs, sameAddress, samePort]) expect(cidr.contains(p.address)).toBe(true);
});

test.describe('npm run conformance', () => {
  test.describe.configure({ mode: 'parallel' });

  const RUN_ERRORS: { change: Record<string, string>; variable: string }[] = [
    { change: { TARGET_V2_ADDRESS_CIDR: 'nonsense' }, variable: 'TARGET_V2_ADDRESS_CIDR' },
    {
      change: { TARGET_V2_ADDRESS_CIDR: '10.0.1.0/30', TARGET_V2_SUBNET_CIDR: '' },
      variable: 'TARGET_V2_ADDRESS_CIDR',
    },
    { change: { TARGET_PROFILE: 'nope' }, variable: 'TARGET_PROFILE' },
    { change: { CONFORMANCE_RUNS: 'many' }, variable: 'CONFORMANCE_RUNS' },
    { change: { CONFORMANCE_WORKERS: '0' }, variable: 'CONFORMANCE_WORKERS' },
    { change: { CONFORMANCE_CONCURRENCY: 'all' }, variable: 'CONFORMANCE_CONCURRENCY' },
  ];

  for (const row of RUN_ERRORS) {
    test(`exits 2 before any request when ${row.variable} is wrong: ${JSON.stringify(row.change)}`, async ({
      countingTarget: target,
      runConformance,
    }) => {
      const run = await runConformance({ ...GOOD, TARGET_URL: target.url, ...row.change });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`configuration error: ${row.variable}: `));
      expect(target.count()).toBe(0);
    });
  }

  test('exits 2 naming REFERENCE_FAULTS when the built-in server is asked for an unknown fault', async ({
    runConformance,
  }) => {
    const run = await runConformance({ REFERENCE_FAULTS: 'no-such-fault' });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/configuration error: REFERENCE_FAULTS: "no-such-fault" is not a fault/);
  });
});
