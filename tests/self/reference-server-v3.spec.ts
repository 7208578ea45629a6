import { randomUUID } from 'node:crypto';
import { ids, TIMESTAMP } from '../../reference-server/modes/probes';
import { DEFAULTS } from '../../reference-server/src/index';
import type { Fields, Reply, ReferenceClient, V3List, V3Member, ErrorBody } from './support/reference-client';
import { expectV3Error, UUID } from './support/reference-errors';
import { expect, test } from './support/harness';
import { FILTER_FIELDS } from '../../src/rules/v3-filters';

/*
 * The built-in reference server's v3 API in its correct mode: every rule of docs/readings.md §1 and §2 for
 * querying backend servers (and the helper endpoints of §2).
 */

test.describe.configure({ mode: 'parallel' });

const V3_POOL = DEFAULTS.v3PoolId;
const V3_OTHER_POOL = DEFAULTS.v3OtherPoolId;

/** page_info of a forward page counts the page and names its first and last member. */
function expectPageInfo({ members, page_info }: V3List): void {
  expect(page_info.current_count).toBe(members.length);
  if (members.length > 0) expect(page_info.previous_marker).toBe(members[0]?.id);
  if (page_info.next_marker !== undefined) expect(page_info.next_marker).toBe(members.at(-1)?.id);
}

/** Walks forward with `limit`, checking page_info on every page; returns the pages. */
const walkForward = (api: ReferenceClient, limit: number, filter = ''): Promise<V3Member[][]> =>
  api.walkForward(limit, filter, expectPageInfo);

/** From the last forward page, walks back with page_reverse=true; returns the pages in walking order. */
const walkBack = (
  api: ReferenceClient,
  limit: number,
  from: V3Member[],
  filter = '',
): Promise<V3Member[][]> => api.walkBack(limit, from[0]?.id, filter);

test.describe('v3 list', () => {
  test.use({ referenceOptions: { preload: { [V3_POOL]: 40, [V3_OTHER_POOL]: 5 } } });

  test('answers 200 with request_id, page_info and well-formed members of this pool only', async ({
    api,
  }) => {
    const reply = await api.v3List();
    expect(reply.status).toBe(200);
    expect(reply.body.request_id).toMatch(UUID);
    expect(reply.body.page_info).toEqual({ previous_marker: reply.body.members[0]?.id, current_count: 40 });
    const others = new Set(ids(await api.v3All('', V3_OTHER_POOL)));
    for (const m of reply.body.members) {
      expect(others.has(m.id)).toBe(false);
      expect(m.project_id).toBe(api.d.projectId);
      expect(m.ip_version).toBe(m.address.includes(':') ? 'v6' : 'v4');
      expect(['ONLINE', 'NO_MONITOR', 'OFFLINE']).toContain(m.operating_status);
      expect(m.created_at).toMatch(TIMESTAMP);
      expect(m.updated_at).toMatch(TIMESTAMP);
      expect(m.member_type).toBe(m.subnet_cidr_id === null ? 'ip' : 'instance');
      expect(m.instance_id).toBe('');
      expect(m.weight).toBeGreaterThanOrEqual(0);
      expect(m.weight).toBeLessThanOrEqual(100);
    }
    const kinds = new Set(reply.body.members.map((m) => `${m.ip_version}/${m.member_type}`));
    expect([...kinds].sort()).toEqual(['v4/instance', 'v4/ip', 'v6/instance']);
  });

  test('walks forward page by page over every member once, and back over the same pages', async ({ api }) => {
    const all = await api.v3All();
    for (const limit of [1, 7, 8, 40, 41]) {
      const pages = await walkForward(api, limit);
      expect(pages.flat(), `limit ${limit}`).toEqual(all);
      // the last page has no next_marker even when it is full (40 = 5 x 8)
      expect(pages.at(-1)?.length).toBe(40 % limit || limit);
      const back = await walkBack(api, limit, pages.at(-1) ?? []);
      expect(back, `limit ${limit}`).toEqual(pages.slice(0, -1).reverse());
    }
  });

  test('limit=0 returns an empty page; limit=2000 and no limit return everything', async ({ api }) => {
    const zero = await api.v3List('limit=0');
    expect(zero.status).toBe(200);
    expect(zero.body.members).toEqual([]);
    expect(zero.body.page_info).toEqual({ current_count: 0 });
    const all = await api.v3All();
    expect((await api.v3List('limit=2000')).body.members).toEqual(all);
  });

  for (const limit of ['abc', '1.5', '-1', '2001', '', '1e3', ' 5', '0x10', '99999999999999999999']) {
    test(`rejects limit=${JSON.stringify(limit)} with 400 (ELB.8902)`, async ({ api }) => {
      expectV3Error(await api.v3List(`limit=${encodeURIComponent(limit)}`), 400, 'ELB.8902');
    });
  }

  test('marker without limit is ignored entirely, even an invalid one', async ({ api }) => {
    const all = await api.v3All();
    for (const marker of [all[5]?.id, '', randomUUID()]) {
      expect((await api.v3List(`marker=${marker}`)).body.members).toEqual(all);
    }
  });

  test('with limit, an empty marker, an unknown id or a member of another pool is 400', async ({ api }) => {
    const other = (await api.v3All('', V3_OTHER_POOL))[0]?.id;
    for (const marker of ['', randomUUID(), other, 'not-a-uuid']) {
      expectV3Error(await api.v3List(`limit=5&marker=${marker}`), 400, 'ELB.8902');
    }
  });

  test('a page starts right after the marker; page_reverse returns the members just before it', async ({
    api,
  }) => {
    const all = ids(await api.v3All());
    const forward = await api.v3List(`limit=4&marker=${all[9]}`);
    expect(ids(forward.body.members)).toEqual(all.slice(10, 14));
    expect(forward.body.page_info).toEqual({
      previous_marker: all[10],
      next_marker: all[13],
      current_count: 4,
    });
    const reverse = await api.v3List(`limit=4&marker=${all[9]}&page_reverse=true`);
    expect(ids(reverse.body.members)).toEqual(all.slice(5, 9));
    expect(reverse.body.page_info.previous_marker).toBe(all[5]);
    const head = await api.v3List(`limit=4&marker=${all[2]}&page_reverse=true`);
    expect(ids(head.body.members)).toEqual(all.slice(0, 2));
    expect((await api.v3List(`limit=4&marker=${all[9]}&page_reverse=false`)).body.members).toEqual(
      forward.body.members,
    );
    expect((await api.v3List(`limit=4&marker=${all.at(-1)}`)).body).toMatchObject({
      members: [],
      page_info: { current_count: 0 },
    });
  });

  for (const value of ['yes', 'True', '1', '']) {
    test(`rejects page_reverse=${JSON.stringify(value)} with 400`, async ({ api }) => {
      expectV3Error(await api.v3List(`limit=5&page_reverse=${value}`), 400, 'ELB.8902');
    });
  }

  // The filter parameters of the vendor page, as the suite reads them.
  const FILTERS = FILTER_FIELDS.map((f) => f.name);
  const rendered = (m: V3Member, key: string): string =>
    String((m as unknown as Record<string, unknown>)[key] ?? '');

  test('each filter matches exactly the members whose rendered value is equal', async ({ api }) => {
    const all = await api.v3All();
    // a v4 instance member, an IPv6 member and an IP-as-a-backend member
    const samples = [all[0], all[3], all[5]].filter((m): m is V3Member => m !== undefined);
    expect(new Set(samples.map((m) => `${m.ip_version}/${m.member_type}`)).size).toBe(3);
    for (const sample of samples) {
      for (const key of FILTERS) {
        if (sample.subnet_cidr_id === null && key === 'subnet_cidr_id') continue;
        const value = rendered(sample, key);
        const reply = await api.v3List(`${key}=${encodeURIComponent(value)}`);
        const expected = all.filter((m) => rendered(m, key) === value);
        expect(reply.body.members, `${key}=${value}`).toEqual(expected);
        expect(ids(reply.body.members)).toContain(sample.id);
      }
    }
    const upper = all[0]?.name.toUpperCase() ?? '';
    expect((await api.v3List(`name=${upper}`)).body.members).toEqual([]);
    expect((await api.v3List(`name=${all[0]?.name.slice(0, 3)}`)).body.members).toEqual([]);
  });

  test('repeated values are OR-ed, different parameters AND-ed, enterprise_project_id is ignored', async ({
    api,
  }) => {
    const all = await api.v3All();
    const [a, b] = [all[1], all[2]];
    if (!a || !b) throw new Error('preload failed');
    const either = await api.v3List(`address=${a.address}&address=${b.address}`);
    expect(either.body.members).toEqual(
      all.filter((m) => m.address === a.address || m.address === b.address),
    );
    const both = await api.v3List(
      `ip_version=v4&weight=${a.weight}&weight=${b.weight}&operating_status=ONLINE`,
    );
    expect(both.body.members).toEqual(
      all.filter(
        (m) =>
          m.ip_version === 'v4' && [a.weight, b.weight].includes(m.weight) && m.operating_status === 'ONLINE',
      ),
    );
    const none = await api.v3List(
      `address=${a.address}&protocol_port=${b.protocol_port === a.protocol_port ? 1 : b.protocol_port}`,
    );
    expect(none.body.members).toEqual([]);
    expect((await api.v3List('enterprise_project_id=all_granted_eps')).body.members).toEqual(all);
  });

  test('filters apply before pagination: pages of a filtered listing walk the filtered members', async ({
    api,
  }) => {
    const filter = 'member_type=instance&admin_state_up=true';
    const filtered = (await api.v3List(filter)).body.members;
    expect(filtered.length).toBeGreaterThan(10);
    const pages = await walkForward(api, 4, filter);
    expect(pages.flat()).toEqual(filtered);
    expect(await walkBack(api, 4, pages.at(-1) ?? [], filter)).toEqual(pages.slice(0, -1).reverse());
  });

  test('an unknown pool is 404 (ELB.8904); a project the token does not serve is refused with 403', async ({
    api,
  }) => {
    expectV3Error(await api.v3List('', randomUUID()), 404, 'ELB.8904');
    const foreign = 'f'.repeat(32);
    for (const [method, path] of [
      ['GET', api.v3Path(V3_POOL, undefined, foreign)],
      ['GET', api.v3Path(randomUUID(), undefined, foreign)],
      ['POST', api.v3Path(V3_POOL, undefined, foreign)],
      ['DELETE', api.v3Path(V3_POOL, randomUUID(), foreign)],
    ] as const) {
      const reply = await api.call(
        method,
        path,
        method === 'POST' ? { body: { member: api.v3Member() } } : {},
      );
      expectV3Error(reply, 403, 'ELB.1001');
      expect(reply.body.error_msg).toContain(`project ${foreign}`);
    }
  });
});

test.describe('v3 create, read-back and delete', () => {
  test('creates instance, IPv6 and IP-as-a-backend members', async ({ api }) => {
    const cases: [Fields, Partial<V3Member>][] = [
      [api.v3Member({ name: 'v4', weight: 0 }), { ip_version: 'v4', member_type: 'instance', weight: 0 }],
      [
        { address: '2001:db8:a583:6a::10', protocol_port: 443, subnet_cidr_id: api.d.v3Subnet6Id },
        { ip_version: 'v6', member_type: 'instance', weight: 1, name: '' },
      ],
      [
        { address: '203.0.113.9', protocol_port: 80 },
        { ip_version: 'v4', member_type: 'ip', subnet_cidr_id: null },
      ],
    ];
    for (const [sent, expected] of cases) {
      const reply = await api.v3Create(sent);
      expect(reply.status).toBe(201);
      expect(reply.body.request_id).toMatch(UUID);
      expect(reply.body.member).toMatchObject({
        ...expected,
        address: sent.address,
        project_id: api.d.projectId,
      });
      const back = await api.v3Get(reply.body.member.id, V3_POOL);
      expect(back.status).toBe(200);
      expect(back.body.member).toEqual(reply.body.member);
    }
    expect(await api.v3All()).toHaveLength(3);
  });

  const rejected: [string, (a: ReferenceClient) => Fields][] = [
    ['an IPv6 address without subnet', () => ({ address: '2001:db8::1', protocol_port: 80 })],
    ['an address outside its subnet', (a) => a.v3Member({ address: '10.0.0.1' })],
    ['an IPv4 address in the IPv6 subnet', (a) => a.v3Member({ subnet_cidr_id: a.d.v3Subnet6Id })],
    ['an unknown subnet', (a) => a.v3Member({ subnet_cidr_id: randomUUID() })],
    ['weight 101', (a) => a.v3Member({ weight: 101 })],
    ['protocol_port 0', (a) => a.v3Member({ protocol_port: 0 })],
    ['no protocol_port', (a) => a.v3Member({ protocol_port: undefined })],
    ['a garbage address', (a) => a.v3Member({ address: 'x' })],
  ];
  for (const [label, make] of rejected) {
    test(`rejects ${label} with 400 and stores nothing`, async ({ api }) => {
      expectV3Error(await api.v3Create(make(api)), 400, 'ELB.8902');
      expect(await api.v3All()).toEqual([]);
    });
  }

  test('the UDP pool refuses an IP-as-a-backend member with 400 and stores nothing; it takes one of a subnet', async ({
    api,
  }) => {
    const udp = api.d.v3UdpPoolId;
    expectV3Error(await api.v3Create({ address: '203.0.113.9', protocol_port: 53 }, udp), 400, 'ELB.8902');
    expect(await api.v3All('', udp)).toEqual([]);
    const reply = await api.v3Create(api.v3Member({ protocol_port: 53 }), udp);
    expect(reply.status).toBe(201);
    expect(ids(await api.v3All('', udp))).toEqual([reply.body.member.id]);
    expect(await api.v3All()).toEqual([]);
  });

  test('duplicates are 409 (ELB.8907), also under concurrency; DELETE is 204 then 404', async ({ api }) => {
    const sent = api.v3Member();
    const replies = await Promise.all(Array.from({ length: 10 }, () => api.v3Create(sent)));
    expect(replies.map((r) => r.status).sort()).toEqual([201, ...Array<number>(9).fill(409)]);
    expectV3Error(replies.find((r) => r.status === 409) as Reply<ErrorBody>, 409, 'ELB.8907');
    const [member] = await api.v3All();
    if (!member) throw new Error('nothing stored');
    expect((await api.call('DELETE', api.v3Path(V3_POOL, member.id))).status).toBe(204);
    expectV3Error(await api.call('GET', api.v3Path(V3_POOL, member.id)), 404, 'ELB.8904');
    expectV3Error(await api.call('DELETE', api.v3Path(V3_POOL, member.id)), 404, 'ELB.8904');
    expect((await api.v3Create(sent)).status).toBe(201);
  });
});

test.describe('a pool of 100,000 members', () => {
  test.use({ referenceOptions: { preload: { [V3_POOL]: 100_000 } } });

  test('pages through every member, and a marker deep in the pool works both ways', async ({ api }) => {
    test.setTimeout(120_000);
    const pages = await walkForward(api, 2000);
    const all = ids(pages.flat());
    expect(all).toHaveLength(100_000);
    expect(new Set(all).size).toBe(100_000);
    const deep = all[87_654];
    const forward = await api.v3List(`limit=3&marker=${deep}`);
    expect(ids(forward.body.members)).toEqual(all.slice(87_655, 87_658));
    const reverse = await api.v3List(`limit=3&marker=${deep}&page_reverse=true`);
    expect(ids(reverse.body.members)).toEqual(all.slice(87_651, 87_654));
    const filtered = await api.v3List(`ip_version=v6&limit=2&marker=${deep}`);
    expect(filtered.body.members.every((m) => m.ip_version === 'v6')).toBe(true);
    expect(filtered.body.page_info.current_count).toBe(2);
  });
});
