import { randomUUID } from 'node:crypto';
import { MiB } from '../../reference-server/modes/probes';
import { expectNeutronError, expectV3Error, UUID } from './support/reference-errors';
import type { Fields, ReferenceClient, V2List, V2Member } from './support/reference-client';
import { expect, test } from './support/harness';

/*
 * The built-in reference server's v2.0 API in its correct mode: every rule of docs/readings.md §1 and §2 for
 * adding a backend server, reading it back, deleting it and listing the pool.
 */

test.describe.configure({ mode: 'parallel' });

test.describe('v2.0 create', () => {
  test('answers 201 with every field, the defaults, and the same values on read-back (v2.0 and v3)', async ({
    api,
  }) => {
    const sent = api.v2Member();
    const reply = await api.v2Create(sent);
    expect(reply.status).toBe(201);
    const member = reply.body.member;
    expect(member).toEqual({
      id: expect.stringMatching(UUID),
      tenant_id: api.d.projectId,
      name: '',
      address: sent.address,
      protocol_port: 80,
      subnet_id: api.d.v2SubnetId,
      admin_state_up: true,
      weight: 1,
      operating_status: 'NO_MONITOR',
    });
    expect((await api.v2Get(member.id)).body.member).toEqual(member);
    const v3 = await api.v3Get(member.id, api.d.v2PoolId);
    expect(v3.body.member).toMatchObject({
      id: member.id,
      address: sent.address,
      subnet_cidr_id: api.d.v2SubnetId,
    });
  });

  test('echoes every sent field unchanged and reads them back', async ({ api }) => {
    const sent = api.v2Member({
      name: 'member-jy-tt-1',
      protocol_port: 8080,
      weight: 7,
      admin_state_up: false,
      tenant_id: api.d.projectId,
    });
    const reply = await api.v2Create(sent);
    expect(reply.status).toBe(201);
    const { id, operating_status, ...echoed } = reply.body.member;
    expect(echoed).toEqual(sent);
    expect(operating_status).toBeTruthy();
    expect((await api.v2Get(id)).body.member).toEqual(reply.body.member);
  });

  const accepted: [string, Fields][] = [
    ['weight 0', { weight: 0 }],
    ['weight 100', { weight: 100 }],
    ['protocol_port 1', { protocol_port: 1 }],
    ['protocol_port 65535', { protocol_port: 65535 }],
    ['a name of 255 characters', { name: 'n'.repeat(255) }],
    ['an empty name', { name: '' }],
    ['admin_state_up false', { admin_state_up: false }],
    ['an address inside the subnet but outside the address range', { address: '192.168.1.1' }],
    ['an unknown extra field', { color: 'blue' }],
  ];
  for (const [label, overrides] of accepted) {
    test(`accepts ${label} and stores it`, async ({ api }) => {
      const sent = api.v2Member(overrides);
      const reply = await api.v2Create(sent);
      expect(reply.status).toBe(201);
      const stored = (await api.v2Get(reply.body.member.id)).body.member;
      for (const key of Object.keys(overrides).filter((k) => k !== 'color'))
        expect(stored).toHaveProperty(key, sent[key]);
      expect(stored).not.toHaveProperty('color');
    });
  }

  const OMIT = undefined; // JSON.stringify drops the field
  const rejectedMembers: [string, (api: ReferenceClient) => Fields][] = [
    ['weight 101', (a) => a.v2Member({ weight: 101 })],
    ['weight -1', (a) => a.v2Member({ weight: -1 })],
    ['weight 1.5', (a) => a.v2Member({ weight: 1.5 })],
    ['weight "5"', (a) => a.v2Member({ weight: '5' })],
    ['weight null', (a) => a.v2Member({ weight: null })],
    ['weight true', (a) => a.v2Member({ weight: true })],
    ['protocol_port 0', (a) => a.v2Member({ protocol_port: 0 })],
    ['protocol_port 65536', (a) => a.v2Member({ protocol_port: 65536 })],
    ['protocol_port "80"', (a) => a.v2Member({ protocol_port: '80' })],
    ['protocol_port 80.5', (a) => a.v2Member({ protocol_port: 80.5 })],
    ['protocol_port null', (a) => a.v2Member({ protocol_port: null })],
    ['no protocol_port', (a) => a.v2Member({ protocol_port: OMIT })],
    ['a name of 256 characters', (a) => a.v2Member({ name: 'n'.repeat(256) })],
    ['a numeric name', (a) => a.v2Member({ name: 42 })],
    ['name null', (a) => a.v2Member({ name: null })],
    ['name true', (a) => a.v2Member({ name: true })],
    ['an object as name', (a) => a.v2Member({ name: {} })],
    ['a tenant_id of another project', (a) => a.v2Member({ tenant_id: 'f'.repeat(32) })],
    ['a tenant_id of 256 characters', (a) => a.v2Member({ tenant_id: a.d.projectId + 'x'.repeat(224) })],
    ['a numeric tenant_id', (a) => a.v2Member({ tenant_id: 7 })],
    ['tenant_id null', (a) => a.v2Member({ tenant_id: null })],
    ['admin_state_up "false"', (a) => a.v2Member({ admin_state_up: 'false' })],
    ['admin_state_up 1', (a) => a.v2Member({ admin_state_up: 1 })],
    ['admin_state_up null', (a) => a.v2Member({ admin_state_up: null })],
    ['no address', (a) => a.v2Member({ address: OMIT })],
    ['an empty address', (a) => a.v2Member({ address: '' })],
    ['an IPv6 address', (a) => a.v2Member({ address: '2001:db8::1' })],
    ['a garbage address', (a) => a.v2Member({ address: 'not-an-ip' })],
    ['an address outside the subnet', (a) => a.v2Member({ address: '10.1.2.3' })],
    ['an address of 65 characters', (a) => a.v2Member({ address: '1'.repeat(65) })],
    ['a numeric address', (a) => a.v2Member({ address: 3232235777 })],
    ['no subnet_id', (a) => a.v2Member({ subnet_id: OMIT })],
    ['an unknown subnet_id', (a) => a.v2Member({ subnet_id: randomUUID() })],
    ['the IPv6 subnet', (a) => a.v2Member({ subnet_id: a.d.v3Subnet6Id, address: '2001:db8:a583:6a::9' })],
    ['the v2.0 IPv6 subnet', (a) => a.v2Member({ subnet_id: a.d.v2Subnet6Id, address: '2001:db8:6::9' })],
    ['the v2.0 IPv6 subnet with an IPv4 address', (a) => a.v2Member({ subnet_id: a.d.v2Subnet6Id })],
    ['a numeric subnet_id', (a) => a.v2Member({ subnet_id: 12 })],
  ];
  const rejectedBodies: [string, string][] = [
    ['a body that is not JSON', '{"member": '],
    ['an empty body', ''],
    ['a JSON array', '[]'],
    ['a JSON string', '"x"'],
    ['JSON null', 'null'],
    ['a JSON number', '5'],
    ['an object without "member"', '{}'],
    ['"member" as an array', '{"member": []}'],
    ['"member" as a string', '{"member": "x"}'],
    ['"member" null', '{"member": null}'],
  ];
  const rejected: [string, (api: ReferenceClient) => string][] = [
    ...rejectedMembers.map(([label, make]): [string, (api: ReferenceClient) => string] => [
      label,
      (a) => JSON.stringify({ member: make(a) }),
    ]),
    ...rejectedBodies.map(([label, raw]): [string, (api: ReferenceClient) => string] => [label, () => raw]),
  ];
  for (const [label, body] of rejected) {
    test(`rejects ${label} with 400 and stores nothing`, async ({ api }) => {
      const before = await api.v2All();
      const reply = await api.call('POST', api.v2Path(), { raw: body(api) });
      expectNeutronError(reply, 400);
      expect(await api.v2All()).toEqual(before);
    });
  }

  test('answers 413 to a body over 1 MiB, stores nothing, and still accepts exactly 1 MiB', async ({
    api,
  }) => {
    const padded = (size: number): string => {
      const bare = JSON.stringify({ member: { ...api.v2Member(), padding: '' } });
      return bare.replace('"padding":""', `"padding":"${'x'.repeat(size - bare.length)}"`);
    };
    const tooLarge = padded(MiB + 1);
    expect(Buffer.byteLength(tooLarge)).toBe(MiB + 1);
    expectNeutronError(await api.call('POST', api.v2Path(), { raw: tooLarge }), 413);
    expect(await api.v2All()).toEqual([]);
    expectV3Error(await api.call('POST', api.v3Path(), { raw: 'x'.repeat(2 * MiB) }), 413, 'ELB.1001');
    const exact = padded(MiB);
    expect(Buffer.byteLength(exact)).toBe(MiB);
    expect((await api.call('POST', api.v2Path(), { raw: exact })).status).toBe(201);
  });

  test('rejects a duplicate (address, protocol_port) in the pool with 409 and changes nothing', async ({
    api,
  }) => {
    const sent = api.v2Member({ name: 'first' });
    expect((await api.v2Create(sent)).status).toBe(201);
    const before = await api.v2All();
    expectNeutronError(await api.v2Create({ ...sent, name: 'second', weight: 5 }), 409);
    expect(await api.v2All()).toEqual(before);
    // the same address on another port, another address on the same port, the same pair in another pool
    expect((await api.v2Create({ ...sent, protocol_port: 81 })).status).toBe(201);
    expect((await api.v2Create(api.v2Member())).status).toBe(201);
    expect((await api.v2Create(sent, api.d.v2OtherPoolId)).status).toBe(201);
  });

  test('the uniqueness rule holds under concurrency: of 10 identical creates exactly one wins', async ({
    api,
  }) => {
    const sent = api.v2Member();
    const replies = await Promise.all(Array.from({ length: 10 }, () => api.v2Create(sent)));
    expect(replies.map((r) => r.status).sort()).toEqual([201, ...Array<number>(9).fill(409)]);
    expect((await api.v2All()).filter((m) => m.address === sent.address)).toHaveLength(1);
  });

  test('treats two spellings of one IPv4 address as the same address', async ({ api }) => {
    expect((await api.v2Create(api.v2Member({ address: '192.168.7.7' }))).status).toBe(201);
    const v3 = await api.v3Create(
      { address: '2001:db8:a583:6a::7', protocol_port: 80, subnet_cidr_id: api.d.v3Subnet6Id },
      api.d.v3PoolId,
    );
    expect(v3.status).toBe(201);
    const again = await api.v3Create(
      { address: '2001:DB8:A583:6A:0:0:0:7', protocol_port: 80, subnet_cidr_id: api.d.v3Subnet6Id },
      api.d.v3PoolId,
    );
    expectV3Error(again, 409, 'ELB.8907');
  });

  test('answers 404 for an unknown pool on every route', async ({ api }) => {
    const pool = randomUUID();
    expectNeutronError(await api.v2Create(api.v2Member(), pool), 404);
    expectNeutronError(await api.call('GET', api.v2Path(pool)), 404);
    expectNeutronError(await api.call('GET', api.v2Path(pool, randomUUID())), 404);
    expectNeutronError(await api.call('DELETE', api.v2Path(pool, randomUUID())), 404);
  });
});

test.describe('v2.0 read-back, delete and listing', () => {
  test('GET and DELETE one member; unknown members are 404', async ({ api }) => {
    const { id } = (await api.v2Create(api.v2Member())).body.member;
    expect((await api.v2Get(id)).status).toBe(200);
    expectNeutronError(await api.v2Get(id, api.d.v2OtherPoolId), 404);
    const deleted = await api.call('DELETE', api.v2Path(undefined, id));
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expectNeutronError(await api.v2Get(id), 404);
    expectNeutronError(await api.call('DELETE', api.v2Path(undefined, id)), 404);
    expect(await api.v2All()).toEqual([]);
  });

  test.describe('paging', () => {
    test.use({ referenceOptions: { preload: { '5a9a3e9e-d1aa-448e-af37-a70171f2a332': 23 } } });

    test('walks forward by "next" links and back by "previous" links, the OpenStack way', async ({ api }) => {
      const all = await api.v2All();
      expect(all).toHaveLength(23);
      const pages: V2Member[][] = [];
      let reply = await api.call<V2List>('GET', `${api.v2Path()}?limit=5`);
      for (;;) {
        expect(reply.status).toBe(200);
        pages.push(reply.body.members);
        const next = reply.body.members_links.find((l) => l.rel === 'next');
        if (!next) break;
        expect(next.href.startsWith(`${api.server.url}${api.v2Path()}?`)).toBe(true);
        reply = await api.call<V2List>('GET', next.href);
      }
      expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);
      expect(pages.flat()).toEqual(all);

      const previous = reply.body.members_links.find((l) => l.rel === 'previous');
      expect(previous).toBeDefined();
      const back = await api.call<V2List>('GET', previous?.href ?? '');
      expect(back.body.members).toEqual(pages[3]);
      expect(back.body.members_links.map((l) => l.rel).sort()).toEqual(['next', 'previous']);
    });

    test('a marker naming the last member gives an empty list; filters match exactly', async ({ api }) => {
      const all = await api.v2All();
      const last = all.at(-1);
      const first = all[0];
      if (!last || !first) throw new Error('preload failed');
      const tail = await api.call<V2List>('GET', `${api.v2Path()}?marker=${last.id}`);
      expect(tail.body.members).toEqual([]);
      const byAddress = await api.call<V2List>('GET', `${api.v2Path()}?address=${first.address}`);
      expect(byAddress.body.members).toEqual(all.filter((m) => m.address === first.address));
      const query = `protocol_port=${first.protocol_port}&name=${encodeURIComponent(first.name ?? '')}`;
      const byBoth = await api.call<V2List>('GET', `${api.v2Path()}?${query}`);
      expect(byBoth.body.members).toEqual([first]);
    });

    const badQueries: [string, string][] = [
      ['limit=0', 'limit=0'],
      ['limit=-1', 'limit=-1'],
      ['limit=abc', 'limit=abc'],
      ['page_reverse=maybe', 'page_reverse=maybe'],
      ['an unknown marker', `marker=${randomUUID()}`],
      ['an empty marker', 'marker='],
    ];
    for (const [label, query] of badQueries) {
      test(`rejects ${label} with 400`, async ({ api }) => {
        expectNeutronError(await api.call('GET', `${api.v2Path()}?${query}`), 400);
      });
    }
  });
});
