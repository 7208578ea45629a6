/**
 * Query backend servers (v3): what a listed member's fields say of its create and of its address
 * (src/rules/v3-members.ts). The v3 client holds every listing of every test to these rules; each test here
 * makes sure that a member they bite on is there to be listed: one created without weight, of the kind the rule
 * is about, with the fields it is about.
 */
import { requirementTest, test } from '../../src/fixtures';
import { ConformanceFailure } from '../../src/http/failure';
import { ids, type MemberKind, type V3Fields } from '../../src/v3/members';

const ROWS: { id: string; key: string; title: string; kind: MemberKind; fields?: V3Fields }[] = [
  {
    id: 'V3-CREATED-DEFAULTS',
    key: 'v3-created-defaults',
    title:
      'a member created without weight or subnet_cidr_id is listed with weight 1, member_type ip and no instance_id',
    kind: 'ip',
  },
  {
    id: 'V3-LISTED-AS-SENT',
    key: 'v3-listed-as-sent',
    title: 'a member is listed with the name, protocol_port and weight its create sent',
    kind: 'v4',
    fields: { weight: 7 },
  },
  {
    id: 'V3-CREATED-TIME',
    key: 'v3-created-time',
    title: 'created_at is the time of the create, and updated_at is not before it',
    kind: 'v4',
  },
  {
    id: 'V3-IP-MEMBER-IPV4',
    key: 'v3-ip-member-ipv4',
    title: 'an IPv6 member is listed with its subnet_cidr_id: no member without one has an IPv6 address',
    kind: 'v6',
  },
];

for (const row of ROWS) {
  test(...requirementTest(row.id, row.title, row.key), async ({ v3 }) => {
    const { member } = await v3.create(v3.member(row.kind, row.fields));
    const listing = await v3.listing();
    if (!ids(listing).includes(member.id))
      throw new ConformanceFailure(`the member ${member.id} just created is not listed`);
    await v3.delete(member.id);
  });
}

test(
  ...requirementTest(
    'V3-IP-MEMBER-IPV4',
    'a create of an IPv6 address without subnet_cidr_id (IP as a backend) is refused with a 4xx',
    'v3-ip-member-ipv6-refused',
  ),
  async ({ v3 }) => {
    const { subnet_cidr_id: _subnet, ...withoutSubnet } = v3.member('v6');
    await v3.create(withoutSubnet, { expect: '4xx' });
  },
);

/**
 * Addresses far from any private subnet (RFC 5737, RFC 3849 and public ones), of both families: the first of each
 * family outside TARGET_V3_SUBNET_CIDR is sent, so one is of the subnet's own family and one of the other, which
 * no subnet of that family holds.
 */
const FAR_ADDRESSES = [
  '203.0.113.10',
  '198.51.100.20',
  '8.8.4.4',
  '2001:db8:ffff::10',
  '2001:4860:4860::8844',
];

test(
  ...requirementTest(
    'V3-SUBNET-ADDRESS',
    'a member listed in the subnet has its address inside the subnet: one created outside it, of either family, is refused or listed nowhere',
    'v3-subnet-address',
  ),
  async ({ v3 }) => {
    const subnet = v3.target.v3?.subnetCidr;
    const outside = ['.', ':'].flatMap((mark) =>
      FAR_ADDRESSES.filter((address) => address.includes(mark) && !subnet?.contains(address)).slice(0, 1),
    );
    if (outside.length < 2)
      throw new Error(
        `no address of each family of ${FAR_ADDRESSES.join(', ')} lies outside ${subnet?.text}`,
      );
    for (const address of outside) {
      // Refused or accepted, the create is no verdict: the listing is, held to the rule as every listing is.
      const response = await v3.create({ ...v3.member('v4'), address }, { expect: [201, '4xx'] });
      await v3.listing();
      const id = (response.json as { member?: { id?: string } } | undefined)?.member?.id;
      if (response.status === 201 && id) await v3.delete(id);
    }
  },
);
