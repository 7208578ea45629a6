/**
 * Add a backend server (v2.0): the value rules of each request field, as fast-check properties.
 * One row per rule: the requirement, the values to try (the bounds always among them), and the verdict the
 * profile's sources demand: accepted (any 2xx, 201 under octavia) or the refusal (any 4xx, 400 under octavia),
 * where no source names the status (docs/readings.md §4, §5). Where a value rule of src/rules/v2-values.ts
 * decides the requirement, the status each case must get is that rule's (the row's verdict only says which
 * side of the rule its values are meant to fall on). Accepted values are deleted again at once; rejected
 * ones get their refusal and must leave the pool unchanged.
 */
import fc from 'fast-check';
import { requirementTest, test } from '../../src/fixtures';
import { checkProperty } from '../../src/generators/property';
import {
  asFields,
  notOfPageType,
  numberSpellings,
  ofCodePoints,
  UNICODE,
  type V2Field,
} from '../../src/generators/input-space';
import {
  asciiOfLength,
  integerOutside,
  integerWithin,
  notABoolean,
  notAnInteger,
  notAnIpAddress,
  notAString,
} from '../../src/generators/values';
import type { ExpectedStatus } from '../../src/http/expect';
import { edited, memberIn } from '../../src/member-verbs';
import { mandatoryFields, valueRuleOf, VALUE_REQUIREMENTS } from '../../src/rules';
import type { Endpoint } from '../../src/target/allocator';
import { SHARED_LIMITS } from '../../src/target/profiles';
import type { V2Members } from '../../src/v2/members';

interface Case {
  /** The field overrides of the member; undefined removes a field. */
  fields: Record<string, unknown>;
  /** The endpoint the member uses, when the rule is about its port. */
  endpoint?: Endpoint;
  /** Fields sent as these JSON texts (a number written 1e3). */
  spellings?: Record<string, string>;
}

type Verdict = 'accepted' | ExpectedStatus;

interface ValueRule {
  id: string;
  key: string;
  title: string;
  /**
   * Whether the value is accepted (the profile's success status) or refused with the given status; a function
   * where the profile decides (docs/readings.md §4).
   */
  verdict: Verdict | ((v2: V2Members) => Verdict);
  /** The values, given what the target allows (profile bounds, subnet, project). */
  values: (v2: V2Members) => fc.Arbitrary<unknown>;
  /** Cases run on every seed: the boundaries, or one value of each class. */
  examples: (v2: V2Members) => unknown[];
  /** At most this many cases beyond the examples (default: CONFORMANCE_RUNS in all). */
  drawn?: number;
  /** How a value becomes a case; by default it is the value of `field`. */
  field?: string;
  toCase?: (value: unknown, v2: V2Members) => Case;
}

const limits = (v2: V2Members) => v2.target.profile.limits;
const weightMax = (v2: V2Members) => limits(v2).weight.max;
const port = (v2: V2Members) => limits(v2).port;
const nameMax = (v2: V2Members) => limits(v2).nameLength;
/** A refused member: any 4xx, 400 under octavia (docs/readings.md §4). */
const refused = (v2: V2Members) => v2.target.profile.refusals.invalidMember;
const projectPrefix = (v2: V2Members) => v2.target.projectId ?? v2.namePrefix;

/**
 * The row of a type rule: one value of every JSON type the page's type excludes on every seed, made from a
 * value of the field's type, and a couple of random ones beyond them.
 */
function typeRule(
  row: Pick<ValueRule, 'id' | 'key' | 'title' | 'values'> & { field: V2Field },
  sample: (v2: V2Members) => { integer: number; string: string },
): ValueRule {
  return { ...row, verdict: refused, examples: (v2) => notOfPageType(row.field, sample(v2)), drawn: 2 };
}

/** The longest address (V2-ADDRESS-FORMAT), the same under every profile. */
const addressMax = SHARED_LIMITS.addressLength;

function outsideSubnet(v2: V2Members): fc.Arbitrary<string> {
  const subnet = v2.subnetCidr;
  return fc.ipV4().filter((address) => !subnet?.contains(address));
}

function farFromSubnet(v2: V2Members): string[] {
  return ['203.0.113.10', '198.51.100.20', '8.8.4.4'].filter((a) => !v2.subnetCidr?.contains(a)).slice(0, 1);
}

const RULES: ValueRule[] = [
  {
    id: 'V2-WEIGHT-RANGE',
    key: 'v2-weight-range-accepted',
    title: "every integer weight of the profile's range is accepted",
    verdict: 'accepted',
    field: 'weight',
    values: (v2) => integerWithin(0, weightMax(v2)),
    examples: (v2) => [0, weightMax(v2)],
  },
  {
    id: 'V2-WEIGHT-RANGE',
    key: 'v2-weight-range-rejected',
    title: "every integer weight outside the profile's range is rejected with a 4xx (400 under octavia)",
    verdict: refused,
    field: 'weight',
    values: (v2) => integerOutside(0, weightMax(v2)),
    // Written as JSON allows (1e3): out of range whatever the spelling.
    examples: (v2) => [-1, weightMax(v2) + 1, ...numberSpellings(limits(v2).weight, false)],
  },
  typeRule(
    {
      id: 'V2-WEIGHT-TYPE',
      key: 'v2-weight-type',
      title: 'a weight that is not an integer is rejected with a 4xx (400 under octavia)',
      field: 'weight',
      values: (v2) => notAnInteger(0, weightMax(v2)),
    },
    () => ({ integer: 5, string: '5' }),
  ),
  {
    id: 'V2-PORT-RANGE',
    key: 'v2-port-range-accepted',
    title: 'every protocol_port from 1 to 65535 is accepted',
    verdict: 'accepted',
    values: (v2) => integerWithin(port(v2).min, port(v2).max),
    examples: (v2) => [port(v2).min, port(v2).max],
    toCase: (port, v2) => {
      const endpoint = v2.endpoints.withPort(port as number, '');
      return { fields: {}, endpoint };
    },
  },
  {
    id: 'V2-PORT-RANGE',
    key: 'v2-port-range-rejected',
    title: 'every integer protocol_port outside 1..65535 is rejected with a 4xx (400 under octavia)',
    verdict: refused,
    field: 'protocol_port',
    values: (v2) => integerOutside(port(v2).min, port(v2).max),
    // Written as JSON allows (-0, 0.0): out of range whatever the spelling.
    examples: (v2) => [port(v2).min - 1, port(v2).max + 1, -1, ...numberSpellings(port(v2), false)],
  },
  typeRule(
    {
      id: 'V2-PORT-TYPE',
      key: 'v2-port-type',
      title: 'a protocol_port that is not an integer is rejected with a 4xx (400 under octavia)',
      field: 'protocol_port',
      values: (v2) => notAnInteger(port(v2).min, port(v2).max),
    },
    () => ({ integer: 80, string: '80' }),
  ),
  {
    id: 'V2-REQUIRED-FIELDS',
    key: 'v2-required-fields',
    title: 'a create without one of the mandatory fields is rejected with a 4xx (400 under octavia)',
    verdict: refused,
    values: (v2) => fc.constantFrom(...mandatoryFields(v2.target.profile)),
    examples: (v2) => mandatoryFields(v2.target.profile),
    toCase: (field) => ({ fields: { [field as string]: undefined } }),
  },
  {
    id: 'V2-NAME-LENGTH',
    key: 'v2-name-length-accepted',
    title: 'a name of 0 to 255 characters is accepted',
    verdict: 'accepted',
    field: 'name',
    values: (v2) => fc.integer({ min: 0, max: nameMax(v2) }).chain((n) => asciiOfLength(n, v2.namePrefix)),
    examples: (v2) => ['', v2.namePrefix.padEnd(nameMax(v2), 'n')],
  },
  {
    id: 'V2-NAME-LENGTH',
    key: 'v2-name-length-rejected',
    title: 'a name of 256 characters or more is rejected with a 4xx (400 under octavia)',
    verdict: refused,
    field: 'name',
    values: (v2) =>
      fc.integer({ min: nameMax(v2) + 1, max: 1024 }).chain((n) => asciiOfLength(n, v2.namePrefix)),
    // One more code point than the limit is too long however a target counts (docs/readings.md §5).
    examples: (v2) => [
      v2.namePrefix.padEnd(nameMax(v2) + 1, 'n'),
      ofCodePoints(v2.namePrefix, UNICODE.astral + UNICODE.combining, nameMax(v2) + 1),
    ],
  },
  typeRule(
    {
      id: 'V2-NAME-TYPE',
      key: 'v2-name-type',
      title: 'a name that is not a string is rejected with a 4xx (400 under octavia)',
      field: 'name',
      values: () => notAString(),
    },
    (v2) => ({ integer: 123, string: v2.namePrefix }),
  ),
  {
    id: 'V2-TENANT-ID-LENGTH',
    key: 'v2-tenant-id-length',
    title: 'a tenant_id of 256 characters or more is rejected with a 4xx',
    verdict: refused,
    field: 'tenant_id',
    values: (v2) =>
      fc
        .integer({ min: limits(v2).tenantIdLength + 1, max: 1024 })
        .chain((n) => asciiOfLength(n, projectPrefix(v2))),
    examples: (v2) => [projectPrefix(v2).padEnd(limits(v2).tenantIdLength + 1, 't')],
  },
  typeRule(
    {
      id: 'V2-TENANT-ID-TYPE',
      key: 'v2-tenant-id-type',
      title: 'a tenant_id that is not a string is rejected with a 4xx',
      field: 'tenant_id',
      values: () => notAString(),
    },
    (v2) => ({ integer: 42, string: projectPrefix(v2) }),
  ),
  typeRule(
    {
      id: 'V2-ADMIN-STATE-TYPE',
      key: 'v2-admin-state-type',
      title: 'an admin_state_up that is not a JSON boolean is rejected with a 4xx (400 under octavia)',
      field: 'admin_state_up',
      values: () => notABoolean(),
    },
    () => ({ integer: 1, string: 'true' }),
  ),
  {
    id: 'V2-ADDRESS-FORMAT',
    key: 'v2-address-format-rejected',
    title:
      'an address that is no IP address, longer than 64 characters or not a string is rejected with a 4xx (400 under octavia)',
    verdict: refused,
    field: 'address',
    values: () =>
      fc.oneof(
        notAnIpAddress(),
        fc.string({
          unit: fc.constantFrom('1', '2', '.', ':'),
          minLength: addressMax + 1,
          maxLength: 120,
        }),
      ),
    // A JSON number once, not among the random values: a target that stores it anyway may then fail every
    // listing of the pool (Octavia does, docs/octavia.md D7), which clean-up has to repair.
    examples: () => ['not-an-ip', '1.1.1.1'.padEnd(addressMax + 1, '1'), 123],
  },
  {
    id: 'V2-ADDRESS-FORMAT',
    key: 'v2-address-format-ipv6',
    title:
      'an IPv6 address is rejected with a 4xx under huawei ("Only IPv4 subnets"), accepted under octavia',
    verdict: (v2) => (v2.target.profile.v2Ipv6Allowed ? 'accepted' : refused(v2)),
    values: () => fc.constantFrom('2001:db8::', '2001:db8:0:1::', 'fd00:db8::'),
    examples: () => ['2001:db8::'],
    // The prefix with this case's IPv4 address in its last 32 bits, so that the pair is the allocator's own.
    toCase: (prefix, v2) => {
      const endpoint = v2.endpoints.next();
      const [a = 0, b = 0, c = 0, d = 0] = endpoint.address.split('.').map(Number);
      const tail = `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
      // Under octavia subnet_id is optional and names an IPv4 subnet here: an IPv6 member goes without it.
      const subnet = v2.target.profile.v2Ipv6Allowed ? { subnet_id: undefined } : {};
      return { fields: { address: `${prefix as string}${tail}`, ...subnet }, endpoint };
    },
  },
  {
    id: 'V2-ADDRESS-IN-SUBNET',
    key: 'v2-address-in-subnet',
    title: 'an IPv4 address outside the subnet of subnet_id is rejected with a 4xx',
    verdict: refused,
    field: 'address',
    values: (v2) => outsideSubnet(v2),
    examples: (v2) => farFromSubnet(v2),
  },
  {
    id: 'V2-SUBNET-UNKNOWN',
    key: 'v2-subnet-unknown',
    title: 'a subnet_id that names no subnet is a client error',
    verdict: '4xx',
    field: 'subnet_id',
    values: () => fc.uuid({ version: 4 }),
    examples: () => ['00000000-0000-4000-8000-000000000000'],
  },
  typeRule(
    {
      id: 'V2-SUBNET-ID-TYPE',
      key: 'v2-subnet-id-type',
      title: 'a subnet_id that is not a string is rejected with a 4xx',
      field: 'subnet_id',
      values: () => notAString(),
    },
    (v2) => ({ integer: 42, string: v2.subnetId ?? '' }),
  ),
];

function caseFor(rule: ValueRule, value: unknown, v2: V2Members): Case {
  if (rule.toCase) return rule.toCase(value, v2);
  return asFields(rule.field as string, value);
}

function verdictOf(rule: ValueRule, v2: V2Members): Verdict {
  return typeof rule.verdict === 'function' ? rule.verdict(v2) : rule.verdict;
}

/**
 * The verdict a case must get: the value rule's, where one decides the row's requirement; the row's otherwise.
 * A case on the other side of the rule than its row means is the suite's own mistake, not the target's.
 */
function caseVerdict(rule: ValueRule, member: Record<string, unknown>, v2: V2Members): Verdict {
  const meant = verdictOf(rule, v2);
  if (!VALUE_REQUIREMENTS.has(rule.id)) return meant;
  const broken = valueRuleOf(member, v2.target.profile);
  if ((broken === undefined) !== (meant === 'accepted') || (broken && broken.requirement !== rule.id))
    throw new Error(
      `${rule.id}: the case ${JSON.stringify(member)} breaks ${broken?.requirement ?? 'no value rule'}, ` +
        `its row means it to be ${meant === 'accepted' ? 'accepted' : `refused for ${rule.id}`}`,
    );
  return broken ? refused(v2) : 'accepted';
}

for (const rule of RULES) {
  test(...requirementTest(rule.id, rule.title, rule.key), async ({ v2 }) => {
    const rejected: Record<string, unknown>[] = [];
    const examples = rule.examples(v2);
    let failure: unknown;
    try {
      await checkProperty(
        rule.values(v2),
        async (value) => {
          const { fields, endpoint = v2.endpoints.next(), spellings } = caseFor(rule, value, v2);
          const member = edited(v2.member({}, { endpoint }), fields);
          const verdict = caseVerdict(rule, member, v2);
          if (verdict === 'accepted') {
            const success = v2.target.profile.v2CreateSuccess;
            await v2.delete(memberIn(await v2.createRaw(member, { expect: success, spellings })).id);
            return;
          }
          rejected.push(member);
          await v2.rejectedCreate(member, { expect: verdict, spellings });
        },
        {
          examples,
          title: `${rule.id} ${rule.title}`,
          casesAtOnce: v2.casesAtOnce,
          ...(rule.drawn !== undefined ? { maxRuns: examples.length + rule.drawn } : {}),
        },
      );
    } catch (error) {
      failure = error;
    }
    // Also after a failed property: a rejected create that changed the pool anyway must be cleaned up.
    await v2.expectNoneStored(rejected).catch((error: unknown) => {
      failure ??= error;
    });
    if (failure !== undefined) throw failure;
  });
}
