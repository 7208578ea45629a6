import fc from 'fast-check';
import { MAX_LIMIT, WALK_PAGES, type MemberKind, type V3Members, type V3Member } from '../v3/members';

/** One member of a generated pool: its kind and the fields that filters look at. */
export interface MemberSpec {
  kind: MemberKind;
  /** Appended to the run's name prefix; the set holds a prefix pair (a, ab) and a case pair (b, B). */
  name: string;
  weight: number;
  admin_state_up: boolean;
}

const NAMES = ['a', 'ab', 'b', 'B'];
const WEIGHTS = [0, 1, 7, 100];

/** A fixed pool with one member of each kind and both names of each pair, for the examples every seed runs. */
export function everyKind(kinds: readonly MemberKind[]): MemberSpec[] {
  return NAMES.map((name, i) => ({
    kind: kinds[i % kinds.length] as MemberKind,
    name,
    weight: WEIGHTS[i % WEIGHTS.length] as number,
    admin_state_up: i % 2 === 0,
  }));
}

/**
 * The members a v3 property's cases read: every kind, and each name of both pairs twice, on another kind, with
 * another weight and state, so that a filter value matches more than one member and a page size of 2 or 4
 * divides the pool evenly. Created once per test: the cases only read, and vary the query.
 */
export function readPool(kinds: readonly MemberKind[]): MemberSpec[] {
  const rotated = [...kinds.slice(1), kinds[0] as MemberKind];
  const again = everyKind(rotated).map((member, i) => ({
    ...member,
    name: NAMES[NAMES.length - 1 - i] as string,
    weight: WEIGHTS[(i + 2) % WEIGHTS.length] as number,
    admin_state_up: !member.admin_state_up,
  }));
  return [...everyKind(kinds), ...again];
}

/**
 * Creates the read pool, lists it once and hands the listing to `use`, whose cases compare with it (see
 * V3Members.whileStable `known`), then deletes the members; the test's clean-up deletes them if `use` fails.
 */
export async function withReadPool(
  v3: V3Members,
  use: (listing: V3Member[]) => Promise<void>,
): Promise<void> {
  const created = await populate(v3, readPool(v3.kinds));
  await use(await v3.listing());
  await depopulate(v3, created);
}

/** Page sizes, some chosen relative to the pool's size once it is known (its listing may hold others' members). */
export type LimitChoice = number | 'divides-evenly' | 'whole-pool' | 'beyond-pool';

export function limitChoice(): fc.Arbitrary<LimitChoice> {
  return fc.oneof(
    fc.integer({ min: 1, max: 4 }),
    fc.constantFrom<LimitChoice>('divides-evenly', 'whole-pool', 'beyond-pool'),
  );
}

/**
 * The page size for a pool of n members: at least n / WALK_PAGES and at most MAX_LIMIT (the most a page may
 * hold); 'divides-evenly' makes the last page a full one where such a size exists.
 */
export function resolveLimit(choice: LimitChoice, n: number): number {
  const least = Math.ceil(n / WALK_PAGES);
  const size = (k: number) => Math.min(MAX_LIMIT, Math.max(k, least, 1));
  if (typeof choice === 'number') return size(choice);
  if (choice === 'whole-pool') return size(n);
  if (choice === 'beyond-pool') return size(n + 3);
  for (let k = Math.max(2, least); k < n && k <= MAX_LIMIT; k++) if (n % k === 0) return k;
  return size(n);
}

/**
 * Creates the members of the spec, all at once: the checks compare with what the target lists, never with the
 * order of creation. The test's clean-up deletes them whatever happens. Under TARGET_READ_ONLY=1 it creates
 * nothing, and the checks run on what the pool already holds.
 */
export async function populate(v3: V3Members, specs: readonly MemberSpec[]): Promise<V3Member[]> {
  if (v3.target.readOnly) return [];
  return Promise.all(
    specs.map(async ({ kind, name, weight, admin_state_up }) => {
      const body = v3.member(kind, { name: `${v3.namePrefix}${name}`, weight, admin_state_up });
      return (await v3.create(body)).member;
    }),
  );
}

export async function depopulate(v3: V3Members, members: readonly V3Member[]): Promise<void> {
  await Promise.all(members.map((member) => v3.delete(member.id)));
}
