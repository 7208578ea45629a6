import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Fields, ProbeClient, Reply, V2List, V2Member, V2One, V3List } from './probe-client';

/* The steps the probes of the fault and choice tables share. */

export const MiB = 1024 * 1024;
export const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export const ids = (members: readonly { id: string }[]): string[] => members.map((m) => m.id);

/** 2xx collapses to "ok": a create answered 200 (v2-create-200) reads the same as one answered 201. */
export const outcome = (status: number): number | 'ok' => (status >= 200 && status < 300 ? 'ok' : status);

export const statusOf = async (reply: Promise<Reply<unknown>>): Promise<number> => (await reply).status;
export const mimeOf = async (reply: Promise<Reply<unknown>>): Promise<string> => (await reply).mime;

/** The id of a created member, wrapped or not. */
export function createdId(body: unknown): string {
  const b = body as { member?: { id?: string }; id?: string } | undefined;
  return b?.member?.id ?? b?.id ?? '';
}

/** Creates a v2.0 member; with `field`, also reads the member back and reports that field. */
export async function v2Outcome(c: ProbeClient, overrides: Fields, field?: keyof V2Member): Promise<unknown> {
  const reply = await c.v2Create(c.v2Member(overrides));
  if (field === undefined || outcome(reply.status) !== 'ok') return outcome(reply.status);
  const back = await c.v2Get(createdId(reply.body));
  return [outcome(reply.status), back.body.member[field]];
}

/**
 * Creates a v2.0 member whose `field` is the JSON text `spelling` (`1e2`, `80.0`), which JSON.stringify never
 * writes; reads the member back and reports the outcome and that field.
 */
export async function v2SpelledOutcome(
  c: ProbeClient,
  field: keyof V2Member,
  spelling: string,
): Promise<unknown> {
  const member = JSON.stringify(c.v2Member({ [field]: undefined })).slice(0, -1);
  const raw = `{"member":${member},${JSON.stringify(field)}:${spelling}}}`;
  const reply = await c.call<V2One>('POST', c.v2Path(), { raw });
  if (outcome(reply.status) !== 'ok') return outcome(reply.status);
  const back = await c.v2Get(createdId(reply.body));
  return [outcome(reply.status), back.body.member[field]];
}

/** The outcomes of these v2.0 creates (member, pool), one after the other. */
export async function v2Sequence(c: ProbeClient, members: [Fields, string?][]): Promise<unknown[]> {
  const outcomes: unknown[] = [];
  for (const [member, pool] of members) outcomes.push(outcome((await c.v2Create(member, pool)).status));
  return outcomes;
}

/** A member created twice in one pool: the outcome of each create, then how many members at its address it holds. */
export async function v2DuplicateStored(c: ProbeClient): Promise<unknown[]> {
  const m = c.v2Member();
  const statuses = await v2Sequence(c, [[m], [m]]);
  return [...statuses, (await c.v2All()).filter((x) => x.address === m.address).length];
}

/** A v3 member created twice in one pool: the outcome of each create, then how many members at its address it holds. */
export async function v3DuplicateStored(c: ProbeClient): Promise<unknown[]> {
  const m = c.v3Member();
  const statuses = [outcome((await c.v3Create(m)).status), outcome((await c.v3Create(m)).status)];
  return [...statuses, (await c.v3All()).filter((x) => x.address === m.address).length];
}

/** The statuses of v2.0 creates with these field overrides, one after the other. */
export async function v2Statuses(c: ProbeClient, overrides: readonly Fields[]): Promise<number[]> {
  const statuses: number[] = [];
  for (const fields of overrides) statuses.push((await c.v2Create(c.v2Member(fields))).status);
  return statuses;
}

export const v3Statuses = (c: ProbeClient, queries: readonly string[]): Promise<number[]> =>
  Promise.all(queries.map((query) => statusOf(c.v3List(query))));

/**
 * The status and Allow header of a request with a method its member path does not offer: PATCH on the v2.0
 * members, POST on a v2.0 member, PATCH on a v3 member.
 */
export async function refusedMethods(c: ProbeClient): Promise<unknown[]> {
  const member = createdId((await c.v2Create(c.v2Member())).body);
  const replies = [
    await c.call('PATCH', c.v2Path(), { body: { member: c.v2Member() } }),
    await c.call('POST', c.v2Path(undefined, member), { body: { member: c.v2Member() } }),
    await c.call('PATCH', c.v3Path(undefined, randomUUID()), { body: {} }),
  ];
  return replies.map((r) => [r.status, r.allow ?? null]);
}

/** The members path of each API with its `pools` segment misspelt `pool`: a path that names nothing. */
export const misspelt = (c: ProbeClient): string[] =>
  [c.v2Path(), c.v3Path()].map((p) => p.replace('/pools/', '/pool/'));

export const v3Ids = async (c: ProbeClient, pool?: string): Promise<string[]> => ids(await c.v3All('', pool));

/** Positions in the unfiltered, unpaginated listing of the members a query returns. */
export async function positions(c: ProbeClient, query: (all: string[]) => string): Promise<number[]> {
  const all = await v3Ids(c);
  return ids(await c.v3All(query(all))).map((id) => all.indexOf(id));
}

/** Walks forward, then back from the last page: true when the back walk visits the same pages in reverse. */
export async function walksAgree(c: ProbeClient, limit: number, filter = ''): Promise<boolean> {
  const forward = await c.walkForward(limit, filter);
  const back = await c.walkBack(limit, forward.at(-1)?.[0]?.id, filter);
  return isDeepStrictEqual(back, forward.slice(0, -1).reverse());
}

export const isSortedById = (list: readonly string[]): boolean =>
  list.every((id, i) => i === 0 || (list[i - 1] ?? '') < id);

/** A project the server's token does not serve. */
const OTHER_PROJECT_ID = 'f0'.repeat(16);

/** A v2.0 create whose tenant_id names another project: its outcome, then how many members hold its address. */
export async function v2ForeignTenant(
  c: ProbeClient,
  tenantId: string = OTHER_PROJECT_ID,
): Promise<unknown[]> {
  const m = c.v2Member({ tenant_id: tenantId });
  const created = outcome((await c.v2Create(m)).status);
  return [created, (await c.v2All()).filter((x) => x.address === m.address).length];
}

/** A v3 listing of the pool under another project's path: its status, and how many members it shows. */
/** The fields of the error body a listing under another project answers. */
export async function v3ForeignProjectBody(c: ProbeClient): Promise<string[]> {
  const reply = await c.call<Record<string, unknown>>(
    'GET',
    c.v3Path(undefined, undefined, OTHER_PROJECT_ID),
  );
  return Object.keys(reply.body);
}

export async function v3ForeignProject(c: ProbeClient): Promise<unknown[]> {
  const reply = await c.call<V3List>('GET', c.v3Path(undefined, undefined, OTHER_PROJECT_ID));
  return [reply.status, reply.body.members?.length ?? 0];
}

/** A v2.0 listing request: a query of the pool's listing, or a URL a link gave. */
const v2Target = (c: ProbeClient, query: string): string =>
  query.startsWith('http') ? query : `${c.v2Path()}?${query}`;

/** Positions in the unpaginated v2.0 listing of the members a listing with `query` (or at a link's URL) holds. */
export async function v2Positions(c: ProbeClient, query: string): Promise<number[]> {
  const all = ids(await c.v2All());
  const page = await c.call<V2List>('GET', v2Target(c, query));
  return ids(page.body.members ?? []).map((id) => all.indexOf(id));
}

/** The href of the link `rel` of a v2.0 page, or '' when it has none. */
export async function v2Link(c: ProbeClient, query: string, rel: string): Promise<string> {
  const page = await c.call<V2List>('GET', v2Target(c, query));
  const links: unknown[] = Array.isArray(page.body.members_links) ? page.body.members_links : [];
  const link = links.find((l) => (l as { rel?: unknown } | null)?.rel === rel) as
    { href?: string } | undefined;
  return link?.href ?? '';
}

/** The positions of the pages a v2.0 walk with `limit` reads by its "next" links, `steps` of them at most. */
export async function v2LinkWalk(c: ProbeClient, limit: number, steps: number): Promise<number[][]> {
  const pages: number[][] = [];
  for (let query = `limit=${limit}`; query !== '' && pages.length < steps;) {
    pages.push(await v2Positions(c, query));
    query = await v2Link(c, query, 'next');
  }
  return pages;
}

/** The id of the member at `index` of the unpaginated v2.0 listing. */
export const v2IdAt = async (c: ProbeClient, index: number): Promise<string> =>
  ids(await c.v2All())[index] ?? '';
