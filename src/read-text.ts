import { readFileSync } from 'node:fs';

/**
 * The text of a file a user named, or what keeps it from being read, in words for a message that names the file:
 * `no such file`, or `cannot be read (EACCES)`.
 */
export function readText(file: string): { text: string } | { problem: string } {
  try {
    return { text: readFileSync(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(error)})` };
  }
}
