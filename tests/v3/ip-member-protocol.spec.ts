/**
 * Add a backend server (v3): IP as a backend in a pool of another protocol. "In this case, IP addresses of these
 * servers must be IPv4 addresses, and the protocol of the backend server group must be TCP, HTTP, or HTTPS."
 * (docs/vendor/v3-query-backend-servers.txt:361): in TARGET_V3_UDP_POOL_ID a create without subnet_cidr_id is
 * refused and stores nothing. The sentence binds only members without subnet_cidr_id, so a create with one is
 * accepted there: a target that refuses every create in that pool fails.
 */
import { requirementTest, test } from '../../src/fixtures';
import { storedNothing } from '../../src/rules';
import { expectHeld } from '../../src/rules/enforce';

test(
  ...requirementTest(
    'V3-IP-MEMBER-PROTOCOL',
    'in a pool whose protocol is none of TCP, HTTP, HTTPS (TARGET_V3_UDP_POOL_ID), a create with subnet_cidr_id is accepted, and one without it (IP as a backend) is refused with a 4xx and stores nothing',
    'v3-ip-member-protocol',
  ),
  async ({ v3 }) => {
    const pool = v3.udpPool;
    if (pool === undefined) throw new Error('V3-IP-MEMBER-PROTOCOL needs TARGET_V3_UDP_POOL_ID');
    const { member } = await v3.create(v3.member('v4'), { pool });
    await v3.delete(member.id, { pool });
    const body = v3.member('ip');
    await v3.create(body, { pool, expect: '4xx' });
    const endpoint = { address: body.address, port: body.protocol_port };
    expectHeld([storedNothing('V3-IP-MEMBER-PROTOCOL', await v3.storedOn(endpoint, { pool }), endpoint)]);
  },
);
