/**
 * Requests outside the documented operations, one test each in each API's spec (docs/readings.md §1 "Every
 * response"): methods the member paths do not offer (V2-/V3-METHOD-REFUSED), and paths that name nothing
 * (V2-/V3-PATH-UNKNOWN).
 */
import { randomUUID } from 'node:crypto';
import type { ApiResponse } from '../../src/http/client';
import type { MemberVerbs } from '../../src/member-verbs';
import {
  keptAsIs,
  methodRefused,
  pathRefused,
  storedNothing,
  type Api,
  type Finding,
  type RoutedAnswer,
} from '../../src/rules';
import { expectHeld } from '../../src/rules/enforce';
import type { Endpoint } from '../../src/target/allocator';
import { requirementTest } from '../../src/fixtures';

type Members = MemberVerbs<
  { id: string; address: string; protocol_port: number; name?: unknown; weight?: unknown },
  object
>;

/** What the routing tests need of an API's members: a valid body on a fresh endpoint, and the verbs. */
export interface RoutingMembers {
  members: Members;
  /** A valid member on a fresh endpoint. */
  fresh: () => { address: string; protocol_port: number };
}

const routed = (response: ApiResponse): RoutedAnswer => ({
  status: response.status,
  allow: response.headers['allow'],
});

/**
 * The methods sent where the pages and docs/readings.md §2 offer none: PATCH, which none of the APIs has on a
 * member path, and POST on a member. Never PUT: OpenStack's Update Member is PUT on a member, and Octavia's
 * Batch Update Members PUT on the members (docs/readings.md §1). Each carries a member body: a valid member on
 * a fresh endpoint, or new values for the member the path names.
 */
const OFF_METHODS = [
  { method: 'PATCH', on: 'members', sends: 'fresh' },
  { method: 'PATCH', on: 'member', sends: 'changes' },
  { method: 'POST', on: 'member', sends: 'fresh' },
] as const;

/** The fields a refused request sent new values for, and must not have changed. */
const KEPT = ['name', 'weight'] as const;

const METHOD_REFUSED = { v2: 'V2-METHOD-REFUSED', v3: 'V3-METHOD-REFUSED' } as const;

export function methodRefusals(api: Api) {
  const requirement = METHOD_REFUSED[api];
  return {
    declared: requirementTest(
      requirement,
      'PATCH on the members and PATCH or POST on a member are refused with a 4xx and change nothing; ' +
        'a 405 names in Allow the methods the path offers',
      `${api}-method-refused`,
    ),
    check: async ({ members, fresh }: RoutingMembers): Promise<void> => {
      const { member } = await members.create({ ...fresh(), weight: 1 });
      const before = await members.read(member.id);
      const judged: { findings: Finding[]; response: ApiResponse }[] = [];
      const carried: { endpoint: Endpoint; response: ApiResponse }[] = [];
      for (const row of OFF_METHODS) {
        const path = members.pathOf(row.on === 'member' ? member.id : undefined);
        const body = fresh();
        const sent =
          row.sends === 'fresh' ? body : { name: `${members.namePrefix}changed-${member.id}`, weight: 2 };
        const response = await members.offContract(row.method, path, { member: sent });
        if (row.sends === 'fresh')
          carried.push({ endpoint: { address: body.address, port: body.protocol_port }, response });
        const offered = members.methodsOn(row.on);
        judged.push({
          findings: [methodRefused(requirement, { method: row.method, path }, routed(response), offered)],
          response,
        });
      }
      const after = await members.read(member.id);
      judged.push({
        findings: [keptAsIs(requirement, member.id, before.member, after.member, KEPT)],
        response: after.response,
      });
      // What the refused requests may have stored is handed to clean-up before any verdict; a listing that breaks
      // a rule of its own (a changed member listed) is reported after this requirement's verdicts.
      let listingFailure: unknown;
      for (const { endpoint, response } of carried) {
        const stored = await members.storedOn(endpoint).catch((error: unknown) => {
          listingFailure ??= error;
          return undefined;
        });
        if (stored) judged.push({ findings: [storedNothing(requirement, stored, endpoint)], response });
      }
      await members.delete(member.id);
      for (const { findings, response } of judged) expectHeld(findings, response.exchange);
      if (listingFailure !== undefined) throw listingFailure;
    },
  };
}

/**
 * The paths that name nothing, as changes to the segments of the members path (`pool` is the index of the pool
 * id among them): a misspelt segment, one past a member, an empty or malformed id, a version that is not there.
 */
const UNKNOWN_PATHS: { what: string; change: (segments: string[], pool: number) => string[] }[] = [
  { what: 'a misspelt segment', change: (s, pool) => s.with(pool - 1, 'pool') },
  { what: 'a misspelt last segment', change: (s) => s.with(-1, 'memberz') },
  { what: 'a segment past a member', change: (s) => [...s, randomUUID(), 'nothing'] },
  { what: 'an empty pool id', change: (s, pool) => s.with(pool, '') },
  { what: 'a malformed escape as the pool id', change: (s, pool) => s.with(pool, '%zz') },
  { what: 'a lone % as the member id', change: (s) => [...s, '%'] },
  { what: 'a version the API does not have', change: (s) => s.with(0, 'v0') },
];

/** The first path that names nothing: what the form tests send (tests/common/answer-form.ts). */
export function unknownPath(members: Members): string {
  return pathsNamingNothing(members)[0]!.path;
}

function pathsNamingNothing(members: Members): { what: string; path: string }[] {
  const pool = randomUUID();
  const segments = members.pathOf(undefined, { pool }).split('/').slice(1);
  const at = segments.indexOf(pool);
  const real = segments.with(at, members.pool);
  return UNKNOWN_PATHS.map(({ what, change }) => ({ what, path: `/${change(real, at).join('/')}` }));
}

export function unknownPaths(api: Api) {
  const requirement = `${api.toUpperCase()}-PATH-UNKNOWN`;
  return {
    declared: requirementTest(
      requirement,
      'a path that names nothing (a misspelt, extra, empty or malformed segment) is refused with a 4xx',
      `${api}-path-unknown`,
    ),
    check: async (members: Members): Promise<void> => {
      for (const { what, path } of pathsNamingNothing(members)) {
        const response = await members.offContract('GET', path);
        expectHeld([pathRefused(requirement, { method: 'GET', path }, routed(response))], response.exchange, {
          context: what,
        });
      }
    },
  };
}
