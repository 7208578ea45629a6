/**
 * The relative links of the repository's Markdown and whether each resolves: to a tracked file or folder inside
 * the repository and, for an anchor, to a heading of a Markdown file or a line of a text file (GitHub's `#L12`).
 */
import path from 'node:path';

export interface Link {
  file: string;
  line: number;
  target: string;
}

/** Text with fenced code blocks blanked out, keeping the line count. */
function withoutFences(markdown: string): string {
  return markdown.replace(/^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^ {0,3}\1[^\n]*$|(?![\s\S]))/gm, (block) =>
    block.replace(/[^\n]/g, ' '),
  );
}

/** The targets of a Markdown file's links and images, inline and reference-style, outside code. */
export function markdownLinks(file: string, markdown: string): Link[] {
  const text = withoutFences(markdown).replace(/(`+)[^`\n]*?\1/g, (span) => ' '.repeat(span.length));
  const lineOf = (index: number) => text.slice(0, index).split('\n').length;
  const inline = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+["'(][^)]*)?\)/g)];
  const references = [...text.matchAll(/^ {0,3}\[[^\]\n]+\]:\s*<?([^\s>]+)>?/gm)];
  return [...inline, ...references]
    .map((m) => ({ file, line: lineOf(m.index ?? 0), target: m[1] ?? '' }))
    .sort((a, b) => a.line - b.line);
}

/** The anchors GitHub gives a Markdown file's headings (and any `<a id|name="...">`). */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const m of withoutFences(markdown).matchAll(/^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/gm)) {
    const text = (m[1] ?? '')
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]+>/g, '')
      .replace(/[`*]/g, '');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  for (const m of markdown.matchAll(/<a\s[^>]*\b(?:id|name)="([^"]+)"/g)) anchors.add(m[1] ?? '');
  return anchors;
}

/** Whether a link points outside the repository's own files (a URL, a mail address): not checked here. */
export const isExternal = (target: string): boolean => /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(target);

/**
 * What is wrong with a relative link: its target leaves the repository, is not a tracked file or folder, or
 * names an anchor the target does not have. `read` gives a tracked file's text.
 */
export function linkProblem(
  link: Link,
  tracked: ReadonlySet<string>,
  read: (file: string) => string,
): string | undefined {
  const at = `${link.file}:${link.line}: link ${link.target}`;
  const hash = link.target.indexOf('#');
  const pathPart = decodeURIComponent(hash < 0 ? link.target : link.target.slice(0, hash));
  const anchor = hash < 0 ? '' : decodeURIComponent(link.target.slice(hash + 1));
  if (pathPart.startsWith('/')) return `${at}: an absolute path; link relative to the file`;
  const target = pathPart
    ? path.posix.normalize(path.posix.join(path.posix.dirname(link.file), pathPart)).replace(/\/$/, '')
    : link.file;
  if (target === '..' || target.startsWith('../')) return `${at}: leaves the repository`;
  const isFile = tracked.has(target);
  const isFolder = target === '.' || [...tracked].some((f) => f.startsWith(`${target}/`));
  if (!isFile && !isFolder) return `${at}: ${target} is not a file or folder of the repository`;
  if (!anchor || !isFile) return undefined;
  if (target.endsWith('.md')) {
    return headingAnchors(read(target)).has(anchor)
      ? undefined
      : `${at}: ${target} has no heading #${anchor}`;
  }
  const lines = /^L(\d+)(?:-L(\d+))?$/.exec(anchor);
  if (lines) {
    const count = read(target).split('\n').length;
    const last = Number(lines[2] ?? lines[1]);
    return Number(lines[1]) >= 1 && last <= count ? undefined : `${at}: ${target} has lines 1-${count}`;
  }
  return undefined;
}
