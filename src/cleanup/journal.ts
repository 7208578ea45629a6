/**
 * The journal of one run: which members its workers created and deleted, which creates were sent without
 * an answer ever being read, and which members a delete answered (with success or 404) left in place (leftovers). Each process appends to a file of its own under runDir(), one JSON line per
 * event, synchronously, so that whatever was written survives an interruption at any point. After Playwright
 * exits, the runner reads the journal and removes what it says is still there (src/cleanup/leftovers.ts).
 */
import { appendFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LeftoverEvidence } from '../evidence';
import { runDir } from '../run-identity';

export type MemberApi = 'v2' | 'v3';

/** Where a member lives: enough to delete it again. */
export interface MemberPlace {
  api: MemberApi;
  poolId: string;
}

/** A create that may have stored a member whose name does not carry the run's prefix. */
export interface SentCreate extends MemberPlace {
  ticket: string;
  address: unknown;
  port: unknown;
  /** The name as sent (any JSON value, or undefined when the body had none). */
  name: unknown;
}

type Entry =
  | ({ event: 'created'; id: string } & MemberPlace)
  | { event: 'deleted'; id: string }
  | ({ event: 'sent' } & SentCreate)
  | { event: 'answered'; ticket: string }
  | ({ event: 'leftover' } & LeftoverEvidence);

export function journalDir(dir: string = runDir()): string {
  return path.join(dir, 'journal');
}

let counter = 0;
/**
 * This process's journal file in each run's journal folder, the folder made once: appends sit on the path of
 * every create and delete. A worker of a run against several targets writes to the journal of each test's run.
 */
const files = new Map<string, string>();

function append(entry: Entry): void {
  const dir = journalDir();
  let file = files.get(dir);
  if (file === undefined) {
    mkdirSync(dir, { recursive: true });
    file = path.join(dir, `${process.pid}.jsonl`);
    files.set(dir, file);
  }
  appendFileSync(file, `${JSON.stringify(entry)}\n`);
}

export function journalCreated(place: MemberPlace, id: string): void {
  append({ event: 'created', id, ...place });
}

export function journalDeleted(id: string): void {
  append({ event: 'deleted', id });
}

/** Before a create whose name cannot identify the run; returns the ticket to close once an answer is read. */
export function journalSent(create: Omit<SentCreate, 'ticket'>): string {
  const ticket = `${process.pid}-${++counter}`;
  append({ event: 'sent', ticket, ...create });
  return ticket;
}

export function journalAnswered(ticket: string): void {
  append({ event: 'answered', ticket });
}

/** A member still there after a delete of it was answered (success or 404): the runner names it and exits 1. */
export function journalLeftover(leftover: LeftoverEvidence): void {
  append({ event: 'leftover', ...leftover });
}

export interface JournalState {
  /** Members created and not deleted since, by id. */
  created: Map<string, MemberPlace>;
  /** Creates sent whose answer was never read (the process was interrupted while they were on the wire). */
  unanswered: SentCreate[];
  /** Members a delete answered (success or 404) left in place, by id. */
  leftovers: Map<string, LeftoverEvidence>;
}

export function readJournal(dir: string): JournalState {
  const created = new Map<string, MemberPlace>();
  const sent = new Map<string, SentCreate>();
  const leftovers = new Map<string, LeftoverEvidence>();
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((name) => name.endsWith('.jsonl'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  for (const file of files) {
    for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      let entry: Entry;
      try {
        entry = JSON.parse(line) as Entry;
      } catch {
        continue; // an empty line, or the last line of a process killed while writing it
      }
      if (entry.event === 'created') created.set(entry.id, { api: entry.api, poolId: entry.poolId });
      else if (entry.event === 'deleted') created.delete(entry.id);
      else if (entry.event === 'sent') {
        const { event: _, ...create } = entry;
        sent.set(entry.ticket, create);
      } else if (entry.event === 'leftover') {
        const { event: _, ...leftover } = entry;
        leftovers.set(entry.id, leftover);
      } else sent.delete(entry.ticket);
    }
  }
  return { created, unanswered: [...sent.values()], leftovers };
}
