// The contract as a profile reads it: openapi/ follows the default profile; the others patch it in their files
// of profiles/.
import { isRecord } from '../json';
import { LOADED_PROFILES, withNamed, type OverlayPatch, type ProfileName } from '../target/profiles';

export type { OverlayPatch };

/** Each profile's patches, from its file of profiles/ (`overlays`). */
export const OVERLAYS = withNamed(LOADED_PROFILES.overlays);

/** Applies the profile's patches of `file` to `document` (a parsed copy, changed in place). */
export function applyOverlay(document: unknown, file: string, profile: ProfileName): void {
  const patches = LOADED_PROFILES.overlays[profile];
  if (patches === undefined) throw new Error(`no profile ${profile}: ${LOADED_PROFILES.names.join(', ')}`);
  for (const [n, patch] of patches.entries()) {
    if (patch.file !== file) continue;
    const where = `${LOADED_PROFILES.files[profile]}: overlays[${n}]: ${file}`;
    const target = at(document, patch.pointer, where);
    if (patch.merge !== undefined) {
      if (!isRecord(target))
        throw new Error(`${where}${patch.pointer}: an overlay can merge only into an object`);
      Object.assign(target, structuredClone(patch.merge));
    }
    if (patch.append !== undefined) {
      if (!Array.isArray(target))
        throw new Error(`${where}${patch.pointer}: an overlay can append only to an array`);
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
