/**
 * The package as a vendor installs it: `npm pack` of the repository, then `npm install` of the tarball in a
 * project of its own. No request leaves the machine: npm's proxy is a closed loopback port, so the install
 * comes from npm's cache (warm since `npm ci`) or fails.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanEnv, type ChildProcesses } from './child-process';
import { ROOT } from './paths';

/**
 * The environment of a vendor's shell: cleanEnv() without the npm_* variables of the npm that runs the
 * self-tests (which name this repository as the project), and with OFFLINE_NPM.
 */
export function vendorShell(): Record<string, string> {
  const env = Object.entries(cleanEnv()).filter(([name]) => !name.toLowerCase().startsWith('npm_'));
  return { ...Object.fromEntries(env), ...OFFLINE_NPM };
}

/** npm's settings for the self-tests: the registry unreachable (a closed loopback port), no audit, no fund. */
export const OFFLINE_NPM: Record<string, string> = {
  npm_config_proxy: 'http://127.0.0.1:9',
  npm_config_https_proxy: 'http://127.0.0.1:9',
  npm_config_fetch_retries: '0',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};

export interface PackedPackage {
  tarball: string;
  /** The paths in the tarball, relative to the package root. */
  files: string[];
}

/** `npm pack` of the repository into `dir` (its prepack script builds dist/ first). */
export async function packPackage(processes: ChildProcesses, dir: string): Promise<PackedPackage> {
  const packed = await processes.run('npm', ['pack', '--json', '--pack-destination', dir], {
    baseEnv: vendorShell(),
  });
  if (packed.exitCode !== 0) throw new Error(`npm pack exited with ${packed.exitCode}:\n${packed.stderr}`);
  const [result] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  if (!result) throw new Error(`npm pack described no package:\n${packed.stdout}`);
  return { tarball: path.join(dir, result.filename), files: result.files.map((f) => f.path) };
}

/**
 * Gives `project` the repository's lockfile entries of the package's run-time dependencies, so that npm takes
 * their versions from it instead of asking the registry which versions there are: `npm ci` caches the
 * tarballs of a lockfile, not the registry's lists of versions.
 */
export function seedLockfile(project: string): void {
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  const runtime = Object.entries(lock.packages).filter(([where, entry]) => where !== '' && !entry.dev);
  const name = path.basename(project);
  const seeded = {
    name,
    lockfileVersion: 3,
    requires: true,
    packages: { '': { name }, ...Object.fromEntries(runtime) },
  };
  writeFileSync(path.join(project, 'package-lock.json'), `${JSON.stringify(seeded, null, 2)}\n`);
}

/** `npm init -y`, then `npm install <tarball>` in `project`, as the README says; fails with npm's output. */
export async function installPackage(
  processes: ChildProcesses,
  project: string,
  tarball: string,
): Promise<void> {
  seedLockfile(project);
  for (const args of [
    ['init', '-y'],
    ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund'],
  ]) {
    const step = await processes.run('npm', args, { cwd: project, baseEnv: vendorShell() });
    if (step.exitCode !== 0)
      throw new Error(`npm ${args.join(' ')} exited with ${step.exitCode}:\n${step.stdout}${step.stderr}`);
  }
}
