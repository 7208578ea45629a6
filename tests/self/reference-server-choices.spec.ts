import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { expect, test } from './support/harness';
import { CHOICE_ROWS, type ChoiceRow } from '../../reference-server/modes/choices';
import { BUSY_MS } from '../../reference-server/src/busy';
import { ids, isSortedById, MiB, TIMESTAMP, walksAgree } from '../../reference-server/modes/probes';
import {
  CHOICES,
  DEFAULTS,
  startReferenceServer,
  type NoiseSettings,
} from '../../reference-server/src/index';
import type { Reply } from './support/reference-client';
import { withServer } from './support/reference-fixture';
import { ALWAYS_PRESENT } from '../../src/rules/v3-listing';

/*
 * The reference server's choices: legitimate alternatives docs/readings.md leaves open. One test pair per row of
 * reference-server/modes/choices.ts proves that the choice changes the behaviour it names and no other row's;
 * then the precedence rules, the details that a row cannot show, and every choice at once still being a
 * correct server.
 */

test.describe.configure({ mode: 'parallel' });

/** The latency choice at 5 ms: the rows and flows below would take minutes at its default (its own row uses 300). */
const FAST_NOISE: Partial<NoiseSettings> = { latencyMs: 5 };
const V3_POOL = DEFAULTS.v3PoolId;

const observe = (row: ChoiceRow, choices: string[]): Promise<unknown> =>
  withServer({ choices, preload: row.preload, noise: { ...FAST_NOISE, ...row.noise } }, row.probe);

test.describe('choices', () => {
  test('each description is one sentence: what, then why it conforms; overlaps and precedence name other choices', () => {
    const names = CHOICES.map((c) => c.name);
    for (const row of CHOICE_ROWS) {
      const others = [...(row.overlaps ?? []), ...(row.winsOver ?? [])];
      expect(
        others.filter((o) => o === row.name || !names.includes(o)),
        row.name,
      ).toEqual([]);
    }
    for (const { name, description } of CHOICES) {
      const unquoted = description.replace(/"[^"]*"/g, '""');
      expect(unquoted, `${name}: what it does, a colon, why that conforms`).toMatch(/\S: \S.*\.$/);
      expect(unquoted.match(/\. /g), `${name}: one sentence`).toBeNull();
    }
  });

  test('an unknown choice is refused with the known ones listed', async () => {
    await expect(startReferenceServer({ choices: ['v3-order-by-id', 'nope'] })).rejects.toThrow(
      /unknown choice "nope".*known choices: .*v3-order-by-id/,
    );
  });

  for (const row of CHOICE_ROWS) {
    test(`${row.name} changes what it names`, async () => {
      expect(await observe(row, []), 'the default server').toEqual(row.standard);
      expect(await observe(row, [row.name]), `the server with ${row.name}`).toEqual(row.chosen);
    });

    test(`${row.name} leaves every other row as the default server has it`, async () => {
      const others = CHOICE_ROWS.filter((o) => o !== row && !(row.overlaps ?? []).includes(o.name));
      const seen = await Promise.all(others.map((o) => observe(o, [row.name])));
      const changed = others.filter((o, i) => !isDeepStrictEqual(seen[i], o.standard)).map((o) => o.name);
      expect(changed, `rows changed by ${row.name}`).toEqual([]);
    });
  }
});

test.describe('choice details', () => {
  for (const row of CHOICE_ROWS) {
    for (const loser of row.winsOver ?? []) {
      test(`${row.name} wins over ${loser}`, async () => {
        expect(await observe(row, [loser, row.name])).toEqual(row.chosen);
      });
    }
  }

  for (const shape of ['v2-error-native-shape', 'v2-error-octavia-shape']) {
    test(`${shape}: every v2.0 error status carries a non-empty message`, async () => {
      await withServer({ choices: [shape] }, async (c) => {
        const replies = [
          await c.v2Create(c.v2Member({ weight: 101 })),
          await c.call('GET', c.v2Path(undefined, randomUUID())),
          await c.call('PUT', c.v2Path()),
          await c.v2Create(c.v2Member({ padding: 'x'.repeat(MiB) })),
          await c.call('GET', c.v2Path(), { token: null }),
        ];
        const member = c.v2Member();
        await c.v2Create(member);
        replies.push(await c.v2Create(member));
        expect(replies.map((r) => r.status)).toEqual([400, 404, 405, 413, 401, 409]);
        for (const { body, mime } of replies) {
          expect(mime).toBe('application/json');
          if (shape === 'v2-error-native-shape') {
            expect(body.error_msg).toEqual(expect.stringMatching(/./));
            expect(body.error_code).toEqual(expect.stringMatching(/^ELB\.\d{4}$/));
          } else {
            expect(body).toEqual({
              faultcode: 'Client',
              faultstring: expect.stringMatching(/./),
              debuginfo: null,
            });
          }
        }
      });
    });
  }

  test('foreign-members: valid members of another team at the top and the start of the ranges, all kinds in v3 pools', async () => {
    await withServer({ choices: ['foreign-members'] }, async (c) => {
      const ranges: Record<string, { top: RegExp; start: RegExp }> = {
        [c.d.v2PoolId]: {
          top: /^192\.168\.255\.(19[2-9]|2[0-4]\d|25[0-4])$/,
          start: /^192\.168\.128\.[2-6]$/,
        },
        [c.d.v3PoolId]: {
          top: /^(120\.10\.255\.(19[2-9]|2[0-4]\d|25[0-4])|2001:db8:a583:6a:ffff:ffff:ffff:ff[0-9a-f]{2})$/,
          start: /^120\.10\.128\.[2-6]$/,
        },
      };
      for (const [pool, { top, start }] of Object.entries(ranges)) {
        const members = await c.v3All('', pool);
        expect(members.map((m) => m.name)).toEqual(
          Array.from({ length: 25 }, (_, i) => `other-team-${i + 1}`),
        );
        expect(members.map((m) => m.protocol_port)).toEqual(Array.from({ length: 25 }, (_, i) => 80 + i));
        for (const [i, m] of members.entries()) expect(m.address, m.name).toMatch(i % 5 === 4 ? start : top);
        expect(new Set(members.map((m) => m.address)).size).toBe(25);
      }
      const kinds = (await c.v3All()).map((m) => `${m.ip_version}/${m.member_type}`);
      expect(new Set(kinds)).toEqual(new Set(['v4/instance', 'v6/instance', 'v4/ip']));
      // the client's usual addresses, from the start of the range, are free
      expect((await c.v2Create(c.v2Member())).status).toBe(201);
      expect((await c.v3Create(c.v3Member())).status).toBe(201);
      // and a foreign pair is a duplicate like any other
      const [foreign] = await c.v2All();
      const again = await c.v2Create({
        address: foreign?.address,
        protocol_port: 80,
        subnet_id: c.d.v2SubnetId,
      });
      expect(again.status).toBe(409);
    });
  });

  test('v3-order-by-id: filtered pages, both ways, stay consistent while members come and go', async () => {
    await withServer({ choices: ['v3-order-by-id'], preload: { [V3_POOL]: 60 } }, async (c) => {
      const check = async (): Promise<void> => {
        const all = ids(await c.v3All());
        // the v2.0 listing reads the pool in creation order, without the id index
        expect(all).toEqual(ids(await c.v2All(V3_POOL)).sort());
        for (const filter of ['', 'member_type=instance&admin_state_up=true', 'ip_version=v6']) {
          const filtered = ids(await c.v3All(filter));
          expect(filtered).toEqual(all.filter((id) => filtered.includes(id)));
          for (const limit of [1, 4, 7]) {
            expect(ids((await c.walkForward(limit, filter)).flat()), `${filter} limit ${limit}`).toEqual(
              filtered,
            );
            expect(await walksAgree(c, limit, filter), `${filter} limit ${limit}`).toBe(true);
          }
        }
        // a marker that a filter leaves out still places the page
        const v4 = ids(await c.v3All('ip_version=v4'));
        const after = ids(await c.v3All(`ip_version=v6&limit=100&marker=${v4[10]}`));
        expect(after).toEqual(ids(await c.v3All('ip_version=v6')).filter((id) => id > (v4[10] ?? '')));
      };
      await check();
      for (let i = 0; i < 5; i++) expect((await c.v3Create(c.v3Member())).status).toBe(201);
      const some = ids(await c.v3All()).filter((_, i) => i % 9 === 4);
      for (const id of some) expect((await c.call('DELETE', c.v3Path(undefined, id))).status).toBe(204);
      await check();
    });
  });

  test('v3-order-by-id: a large preload is ordered once, and a marker deep in it works both ways', async () => {
    await withServer({ choices: ['v3-order-by-id'], preload: { [V3_POOL]: 20_000 } }, async (c) => {
      const all = ids(await c.v3All('limit=2000'));
      expect(isSortedById(all)).toBe(true);
      const deep = all[1234];
      expect(ids(await c.v3All(`limit=3&marker=${deep}`))).toEqual(all.slice(1235, 1238));
      expect(ids(await c.v3All(`limit=3&marker=${deep}&page_reverse=true`))).toEqual(all.slice(1231, 1234));
    });
  });
});

test.describe('every choice at once', () => {
  const ALL = CHOICES.map((ch) => ch.name);

  test('still answers a correct v2.0 create, read-back, list, duplicate and 4xx flow', async () => {
    await withServer({ choices: ALL, noise: FAST_NOISE }, async (c) => {
      const sent = c.v2Member({ name: 'mine', weight: 7, admin_state_up: false });
      const created = await c.v2Create(sent);
      // Any 2xx with the member conforms (v2-create-200 answers 200).
      expect(created.status).toBeGreaterThanOrEqual(200);
      expect(created.status).toBeLessThan(300);
      expect(created.mime).toBe('application/json');
      // operating_status may change after the create (v2-create-answers-offline).
      const { operating_status: status, ...member } = created.body.member;
      expect(member).toMatchObject({ ...sent, tenant_id: c.d.projectId, id: expect.stringMatching(/./) });
      expect(status).toEqual(expect.stringMatching(/./));
      expect((await c.v2Get(member.id)).body.member).toMatchObject(member);
      const listed = await c.v2All();
      expect(listed).toContainEqual(expect.objectContaining(member));

      const expectError = (reply: Reply): void => {
        expect(reply.status).toBeGreaterThanOrEqual(400);
        expect(reply.status).toBeLessThan(500);
        expect(reply.mime).toBe('application/json');
        expect(reply.body.error_msg).toEqual(expect.stringMatching(/./));
      };
      // Every choice at once: the refusals take the 4xx of their choices (v2-duplicate-400, v2-invalid-member-422,
      // unknown-pool-400, auth-403).
      expectError(await c.v2Create({ ...sent, name: 'again' }));
      expect(await c.v2All()).toEqual(listed);
      for (const bad of [{ weight: 101 }, { protocol_port: 0 }, { address: '2001:db8::1' }, { name: 42 }]) {
        expectError(await c.v2Create(c.v2Member(bad)));
      }
      expectError(await c.v2Create(c.v2Member({ subnet_id: randomUUID() })));
      expectError(await c.v2Create(c.v2Member({ padding: 'x'.repeat(MiB) })));
      expectError(await c.v2Create(c.v2Member(), randomUUID()));
      expectError(await c.call('GET', c.v2Path(), { token: null }));
      expect(await c.v2All()).toEqual(listed);
    });
  });

  test('still answers a correct v3 create, list, paging, duplicate and 4xx flow', async () => {
    await withServer({ choices: ALL, preload: { [V3_POOL]: 40 }, noise: FAST_NOISE }, async (c) => {
      const sent = [
        c.v3Member({ name: 'v4' }),
        { address: '2001:db8:a583:6a::10', protocol_port: 443, subnet_cidr_id: c.d.v3Subnet6Id },
        { address: '203.0.113.9', protocol_port: 80 },
      ];
      for (const member of sent) {
        const reply = await c.v3Create(member);
        // busy-after-write: the next write waits until the load balancer has settled, as a client must
        await new Promise((resolve) => setTimeout(resolve, BUSY_MS + 20));
        expect(reply.status).toBe(201);
        expect(reply.body.request_id).toEqual(expect.stringMatching(/./));
        expect((await c.v3Get(reply.body.member.id)).body.member).toEqual(reply.body.member);
      }
      const list = await c.v3List();
      expect(list.status).toBe(200);
      const all = list.body.members ?? [];
      expect(all).toHaveLength(40 + 25 + 3);
      expect(list.body.page_info?.current_count).toBe(all.length);
      const others = new Set(ids(await c.v3All('', c.d.v3OtherPoolId)));
      // By filter: member_type may be left out (v3-member-type-absent).
      const ipMembers = new Set(ids(await c.v3All('member_type=ip')));
      for (const m of all) {
        for (const field of ALWAYS_PRESENT) expect(m, field).toHaveProperty(field);
        if (!ipMembers.has(m.id)) expect(m.subnet_cidr_id).toEqual(expect.stringMatching(/./));
        expect(m.ip_version).toBe(m.address.includes(':') ? 'v6' : 'v4');
        expect(['ONLINE', 'NO_MONITOR', 'OFFLINE']).toContain(m.operating_status);
        for (const stamp of ['created_at', 'updated_at'] as const)
          if (stamp in m) expect(m[stamp]).toMatch(TIMESTAMP);
        expect(others.has(m.id)).toBe(false);
      }

      for (const filter of ['', 'member_type=instance&weight=1&weight=14', 'ip_version=v6']) {
        const filtered = ids(await c.v3All(filter));
        for (const limit of [1, 7, 8]) {
          expect(ids((await c.walkForward(limit, filter)).flat()), `${filter} ${limit}`).toEqual(filtered);
          expect(await walksAgree(c, limit, filter), `${filter} ${limit}`).toBe(true);
        }
      }
      expect(ids(await c.v3All(`marker=${all[5]?.id}`))).toEqual(ids(all));
      expect((await c.v3List('limit=0')).status).toBe(200);

      // Every choice at once: the refusals take the 4xx of their choices (v3-paging-422, unknown-pool-400), and
      // error_code its symbolic form (v3-error-code-symbolic).
      const expectError = async (reply: Promise<Reply>, code: string): Promise<void> => {
        const { status, body } = await reply;
        expect(status).toBeGreaterThanOrEqual(400);
        expect(status).toBeLessThan(500);
        expect(body).toMatchObject({ error_msg: expect.stringMatching(/./), error_code: code });
      };
      await expectError(c.v3Create(sent[0] ?? {}), 'Conflict');
      await expectError(c.v3Create(c.v3Member({ weight: 101 })), 'InvalidParameter');
      for (const query of ['limit=abc', 'limit=2001', `limit=5&marker=${randomUUID()}`, 'limit=5&marker=']) {
        await expectError(c.v3List(query), 'InvalidParameter');
      }
      await expectError(c.v3List('', randomUUID()), 'InvalidParameter');
      expect(await c.v3All()).toEqual(all);
    });
  });
});
