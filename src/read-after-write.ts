/**
 * How long a read may lag a write it follows. The pages promise nothing on when a delete shows in the reads
 * that follow it, so a read that still shows a deleted member (or the effect of any write) is sent again for a
 * moment before what it shows counts: the clean-up's confirmation of deletes (cleanup/confirm.ts) and the
 * lifecycle checks alike. The waits on a write under way (http/settle.ts) read again the same way.
 */

/** How long a read is sent again while it shows the write not yet done. */
export const GRACE_MS = 700;
const FIRST_POLL_MS = 100;
const MAX_POLL_MS = 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends `read` again, after pauses that double from 100 ms up to 1 s, for as long as its last answer may be
 * waited on (`waitMs`: 0 once the answer is final): that answer, and how long the reads took in all.
 */
export async function readAgain<T>(
  read: () => Promise<T>,
  waitMs: (answer: T) => number,
): Promise<{ answer: T; waitedMs: number }> {
  const started = Date.now();
  for (let poll = FIRST_POLL_MS; ; poll = Math.min(poll * 2, MAX_POLL_MS)) {
    const answer = await read();
    const waitedMs = Date.now() - started;
    if (waitedMs + poll > waitMs(answer)) return { answer, waitedMs };
    await sleep(poll);
  }
}

/** The read, sent again while it does not show `settled`, up to GRACE_MS: its last answer. */
export async function settledRead<T>(read: () => Promise<T>, settled: (answer: T) => boolean): Promise<T> {
  return (await readAgain(read, (answer) => (settled(answer) ? 0 : GRACE_MS))).answer;
}
