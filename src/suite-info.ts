import { readFileSync } from 'node:fs';
import { packageFile } from './package-paths';

let info: { name: string; version: string } | undefined;

/** The suite's name and version, from its package.json: what its reports say wrote them. */
export function suiteInfo(): { name: string; version: string } {
  if (!info) {
    const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    info = { name: pkg.name, version: pkg.version };
  }
  return info;
}
