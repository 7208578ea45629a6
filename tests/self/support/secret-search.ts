import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';

/** One way a secret can be written down: its name and the bytes to look for. */
export interface Needle {
  form: string;
  bytes: Buffer;
}

/**
 * The forms a token can take in output: as is, URL-encoded, JSON-escaped, and base64 (standard and URL-safe)
 * at each of the three alignments a token can have inside a longer base64 text (only the characters that
 * depend on the token alone, so a match inside `base64("X-Auth-Token: " + token)` is found too).
 */
export function needlesFor(secret: string): Needle[] {
  const needles = new Map<string, string>([
    ['plain', secret],
    ['url-encoded', encodeURIComponent(secret)],
    ['json', JSON.stringify(secret).slice(1, -1)],
  ]);
  const bytes = Buffer.from(secret, 'utf8');
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    // Only whole groups of 3 bytes that hold no byte before the token: those characters are the same
    // whatever surrounds the token.
    const start = shift === 0 ? 0 : 4;
    const end = Math.floor((shift + bytes.length) / 3) * 4;
    const core = encoded.slice(start, end);
    needles.set(`base64 (offset ${shift})`, core);
    needles.set(`base64url (offset ${shift})`, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  // One needle per distinct text (a token of letters, digits and dashes is its own URL and JSON form).
  const distinct = new Map<string, string>();
  for (const [form, text] of needles) if (text.length >= 8 && !distinct.has(text)) distinct.set(text, form);
  return [...distinct].map(([text, form]) => ({ form, bytes: Buffer.from(text) }));
}

/** The entries of a zip archive (stored or deflated; Playwright's traces, blob reports and HTML report data). */
export function unzip(archive: Buffer): { name: string; data: Buffer }[] {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip archive: no end of central directory');
  const count = archive.readUInt16LE(end + 10);
  let offset = archive.readUInt32LE(end + 16);
  const entries: { name: string; data: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    if (archive.readUInt32LE(offset) !== 0x02014b50) throw new Error(`bad central directory entry ${i}`);
    const method = archive.readUInt16LE(offset + 10);
    const size = archive.readUInt32LE(offset + 20);
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    const local = archive.readUInt32LE(offset + 42);
    const name = archive.toString('utf8', offset + 46, offset + 46 + nameLength);
    const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const raw = archive.subarray(start, start + size);
    if (method !== 0 && method !== 8) throw new Error(`${name}: zip method ${method} is not supported`);
    entries.push({ name, data: method === 8 ? inflateRawSync(raw) : raw });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const EMBEDDED_ZIP = /data:application\/zip;base64,([A-Za-z0-9+/=]+)/g;

/**
 * Where the needles occur in some content: itself, the entries of a zip archive, and zip archives embedded
 * as base64 data URLs (Playwright's HTML report keeps its data that way), recursively. Returns descriptions
 * like `index.html!report/abc.json: plain`.
 */
export function occurrences(where: string, content: Buffer, needles: readonly Needle[], depth = 0): string[] {
  const found = needles.filter((n) => content.includes(n.bytes)).map((n) => `${where}: ${n.form}`);
  if (depth > 4) return found;
  if (content.subarray(0, 4).equals(ZIP_MAGIC)) {
    for (const entry of unzip(content))
      found.push(...occurrences(`${where}!${entry.name}`, entry.data, needles, depth + 1));
  }
  for (const match of content.toString('latin1').matchAll(EMBEDDED_ZIP)) {
    found.push(
      ...occurrences(`${where}!<embedded zip>`, Buffer.from(match[1] ?? '', 'base64'), needles, depth + 1),
    );
  }
  return found;
}

/** Where the needles occur in any file under the folders (recursively, into zips). */
export function occurrencesInFiles(files: readonly string[], needles: readonly Needle[]): string[] {
  return files.flatMap((file) => {
    let content: Buffer;
    try {
      content = readFileSync(file);
    } catch (error) {
      // A file of another run under reports/ may be gone again; one of this run's never is.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return occurrences(file, content, needles);
  });
}

/**
 * Every file under a folder, recursively, but for the folders `skip` names. Another test may remove its
 * folders while this one reads: what is gone by then is left out.
 */
export function filesUnder(dir: string, skip: readonly string[] = []): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries.flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return skip.includes(file) ? [] : filesUnder(file, skip);
    return entry.isFile() ? [file] : [];
  });
}
