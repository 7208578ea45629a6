// The contract as a profile reads it: openapi/ follows the huawei profile; other profiles patch it here.
import { isRecord } from '../json';
import type { ProfileName } from '../catalogue/requirements';

/** One change to a document of openapi/, at a JSON pointer into it as written (before $refs are resolved). */
export interface OverlayPatch {
  readonly file: string;
  readonly pointer: string;
  /** Merged into the schema object at `pointer` (shallow: a key given here replaces the document's). */
  readonly merge?: Readonly<Record<string, unknown>>;
  /** Appended to the array at `pointer`. */
  readonly append?: unknown;
  /** The rule of docs/readings.md §4 behind the change. */
  readonly why: string;
}

const V2 = 'v2-lbaas-members.yaml';
const ERROR_BODY = '/components/schemas/ErrorBody';

/** docs/readings.md §4, what `octavia` changes. Everything not listed keeps the huawei reading. */
const OCTAVIA: readonly OverlayPatch[] = [
  {
    file: V2,
    pointer: '/components/schemas/Member/properties/weight',
    merge: { maximum: 256 },
    why: 'docs/readings.md §4: v2.0 weight range 0..256',
  },
  {
    file: V2,
    pointer: '/components/schemas/Member/properties/subnet_id',
    merge: { type: ['string', 'null'] },
    why: 'docs/readings.md §4: subnet_id optional (a member created without one reads "subnet_id": null)',
  },
  {
    file: V2,
    pointer: `${ERROR_BODY}/anyOf`,
    append: { required: ['description'] },
    why: 'docs/readings.md §4: errors raised while routing come as {"code", "title", "description"}',
  },
  {
    file: V2,
    pointer: `${ERROR_BODY}/properties`,
    merge: {
      description: {
        type: 'string',
        minLength: 1,
        description:
          'Octavia routing errors (pecan/webob): {"code", "title", "description"} [docs/readings.md §4]',
      },
    },
    why: 'docs/readings.md §4: the message of a routing error is its description',
  },
];

export const OVERLAYS: Readonly<Record<ProfileName, readonly OverlayPatch[]>> = {
  huawei: [],
  octavia: OCTAVIA,
};

/** Applies the profile's patches of `file` to `document` (a parsed copy, changed in place). */
export function applyOverlay(document: unknown, file: string, profile: ProfileName): void {
  for (const patch of OVERLAYS[profile].filter((p) => p.file === file)) {
    const target = at(document, patch.pointer, file);
    if (patch.merge !== undefined) {
      if (!isRecord(target))
        throw new Error(`${file}${patch.pointer}: an overlay can merge only into an object`);
      Object.assign(target, structuredClone(patch.merge));
    }
    if (patch.append !== undefined) {
      if (!Array.isArray(target))
        throw new Error(`${file}${patch.pointer}: an overlay can append only to an array`);
      target.push(structuredClone(patch.append));
    }
  }
}

function at(document: unknown, pointer: string, file: string): unknown {
  let node = document;
  for (const token of pointer.split('/').slice(1)) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isRecord(node) && !Array.isArray(node)) throw new Error(`${file}${pointer}: no such node`);
    node = (node as Record<string, unknown>)[key];
  }
  if (node === undefined) throw new Error(`${file}${pointer}: no such node`);
  return node;
}
