/**
 * Node's compile cache (Node.js 22.1 and later): V8's code for every module, kept on disk beside the project's
 * other caches, so that the many processes of a run (Playwright's runner and workers, the conformance command,
 * the self-tests' children) do not each compile the same modules again. Node reads NODE_COMPILE_CACHE when a
 * process starts, so the variable is set for the processes a run starts, who pass it on to theirs. A value the
 * user set wins; an older Node ignores the variable, and a folder that cannot be written leaves it uncached.
 */
import { packageFile } from '../package-paths';

const COMPILE_CACHE_DIR = packageFile('node_modules', '.cache', 'node-compile');

/** The environment with NODE_COMPILE_CACHE set: as given, or the package's own folder. */
export function withCompileCache<E extends Record<string, string | undefined>>(env: E): E {
  return { ...env, NODE_COMPILE_CACHE: env.NODE_COMPILE_CACHE || COMPILE_CACHE_DIR };
}
