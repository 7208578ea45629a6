/**
 * Where the package's files are. The code runs either as TypeScript from a clone of the repository, or as the
 * JavaScript that `npm run build` compiles into dist/ of an installed package (docs/command.md); the data it
 * reads (openapi/, profiles/, requirements.yaml, package.json) stays at the package root in both.
 */
import path from 'node:path';

/** The extension of the running code: `.ts` in a clone, `.js` when compiled. */
export const CODE_EXTENSION = path.extname(__filename);

/** The folder holding src/, reference-server/, tests/ and the Playwright config of the running code. */
export const CODE_ROOT = path.resolve(__dirname, '..');

/** The folder holding package.json and the data files: the code root, or the folder above dist/. */
export const PACKAGE_ROOT = CODE_EXTENSION === '.js' ? path.dirname(CODE_ROOT) : CODE_ROOT;

/** A file of the package root: `packageFile('requirements.yaml')`. */
export function packageFile(...parts: string[]): string {
  return path.join(PACKAGE_ROOT, ...parts);
}

/** A module of the running code, by its path without extension: `codeFile('src/runner/global-setup')`. */
export function codeFile(modulePath: string): string {
  return path.join(CODE_ROOT, `${modulePath}${CODE_EXTENSION}`);
}
