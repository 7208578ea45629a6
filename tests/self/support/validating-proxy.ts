/** `lb-member-conformance proxy`, started as a process of its own for a self-test. */
import type { Child } from './child-process';
import { expect } from './harness';
import { COMMAND } from './paths';

export interface Proxied {
  child: Child;
  url: string;
  out: string;
}

/** Starts the proxy in front of `upstream` as a process of `processes`, writing into `out`; its URL once it listens. */
export async function startProxy(
  processes: { start: (program: string, args: readonly string[]) => Child },
  upstream: string,
  out: string,
): Promise<Proxied> {
  const child = processes.start(process.execPath, [COMMAND, 'proxy', '--upstream', upstream, '--out', out]);
  await expect
    .poll(() => /listening on (\S+),/.exec(child.stdout)?.[1] ?? child.output, { timeout: 20_000 })
    .toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  return { child, url: /listening on (\S+),/.exec(child.stdout)![1]!, out };
}
