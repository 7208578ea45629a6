import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { NoVerdict } from '../http/no-verdict';

/**
 * Thrown instead of sending a create that TARGET_MAX_WRITES does not allow; the create is never sent, and the
 * test has no verdict (its requirements are reported inconclusive, not failed).
 */
export class WriteBudgetExhausted extends NoVerdict {
  constructor(
    readonly max: number,
    what: string,
  ) {
    super(
      `TARGET_MAX_WRITES=${max}: the run has already sent ${max} create(s), so ${what} was not sent. ` +
        'Raise TARGET_MAX_WRITES, or select fewer requirements with --grep.',
    );
  }
}

/**
 * The run's cap on creates, shared by every worker of every process of the run: each create claims the next
 * free number as a directory under the run's directory. mkdir is atomic, so two workers never claim the same
 * number, and a claim above the cap is refused before anything is sent.
 */
export class WriteBudget {
  private next = 1;

  constructor(
    readonly max: number,
    private readonly dir: string,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  /** Claims one create, or throws WriteBudgetExhausted when the run has used them all. */
  claim(what: string): void {
    for (; this.next <= this.max; this.next++) {
      try {
        mkdirSync(path.join(this.dir, String(this.next)));
        this.next++;
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    throw new WriteBudgetExhausted(this.max, what);
  }
}
