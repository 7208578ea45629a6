import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/** A new empty folder in `parent`: `name`, or `name-2`, `name-3`... when that one is taken. */
export function freshFolder(parent: string, name: string): string {
  let dir = path.join(parent, name);
  for (let n = 2; existsSync(dir); n++) dir = path.join(parent, `${name}-${n}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}
