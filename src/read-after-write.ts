/**
 * How long a read may lag a write it follows. The pages promise nothing on when a delete shows in the reads
 * that follow it, so a read that still shows a deleted member (or the effect of any write) is sent again for a
 * moment before what it shows counts: the clean-up's confirmation of deletes (cleanup/confirm.ts) and the
 * lifecycle checks alike.
 */

/** How long a read is sent again while it shows the write not yet done. */
export const GRACE_MS = 700;
export const FIRST_POLL_MS = 100;
export const MAX_POLL_MS = 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The read, sent again while it does not show `settled`, up to GRACE_MS: its last answer. */
export async function settledRead<T>(read: () => Promise<T>, settled: (answer: T) => boolean): Promise<T> {
  const started = Date.now();
  for (let poll = FIRST_POLL_MS; ; poll = Math.min(poll * 2, MAX_POLL_MS)) {
    const answer = await read();
    if (settled(answer) || Date.now() - started + poll > GRACE_MS) return answer;
    await sleep(poll);
  }
}
