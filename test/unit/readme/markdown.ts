// README.md as the README tests read it: headings (as the anchors GitHub gives them), the blocks
// and tables marked with HTML comments, and the inline code spans. Just enough Markdown for a
// README we write ourselves; anything it cannot read is an error, never a silent skip.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export function readRepoFile(relative: string): string {
  return readFileSync(path.join(REPO_ROOT, relative), 'utf8');
}

export interface MarkdownLine {
  /** 1-based, for messages that point at the README line. */
  number: number;
  text: string;
  /** Inside a fenced code block (the fences themselves included). */
  fenced: boolean;
}

export function markdownLines(markdown: string): MarkdownLine[] {
  let fence: string | undefined;
  return markdown.split('\n').map((text, index) => {
    const opener = /^\s*(```|~~~)/.exec(text)?.[1];
    if (fence === undefined && opener !== undefined) {
      fence = opener;
      return { number: index + 1, text, fenced: true };
    }
    if (fence !== undefined) {
      if (text.trim().startsWith(fence)) fence = undefined;
      return { number: index + 1, text, fenced: true };
    }
    return { number: index + 1, text, fenced: false };
  });
}

/** The anchor GitHub gives a heading (github-slugger): lower case, punctuation dropped, spaces to hyphens. */
export function githubSlug(heading: string): string {
  const text = heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** Every heading's anchor, with GitHub's -1, -2 ... suffixes for repeated headings. */
export function headingAnchors(markdown: string): Map<string, MarkdownLine> {
  const anchors = new Map<string, MarkdownLine>();
  const seen = new Map<string, number>();
  for (const line of markdownLines(markdown)) {
    const heading = line.fenced ? undefined : /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line.text)?.[1];
    if (heading === undefined) continue;
    const slug = githubSlug(heading);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.set(count === 0 ? slug : `${slug}-${count}`, line);
  }
  return anchors;
}

/** A block or table that follows a `<!-- kind: argument -->` comment. */
export interface Marked {
  argument: string;
  /** The README line of the comment. */
  line: number;
  /** The block's lines between the fences, or the table's lines. */
  body: string[];
}

/** The fenced code block right after each `<!-- kind: argument -->` comment. */
export function markedBlocks(markdown: string, kind: string): Marked[] {
  return marked(markdown, kind, (lines, start) => {
    const open = lines[start];
    if (open === undefined || !open.fenced) return undefined;
    const body: string[] = [];
    for (let index = start + 1; index < lines.length; index += 1) {
      const line = lines[index];
      if (!line.fenced) break;
      if (/^\s*(```|~~~)/.test(line.text)) return body;
      body.push(line.text);
    }
    return undefined;
  });
}

/** The table right after each `<!-- kind: argument -->` comment, header and separator included. */
export function markedTables(markdown: string, kind: string): Marked[] {
  return marked(markdown, kind, (lines, start) => {
    const body: string[] = [];
    for (let index = start; index < lines.length && lines[index].text.trimStart().startsWith('|'); index += 1) {
      body.push(lines[index].text);
    }
    return body.length >= 2 ? body : undefined;
  });
}

function marked(markdown: string, kind: string, read: (lines: MarkdownLine[], start: number) => string[] | undefined): Marked[] {
  const lines = markdownLines(markdown);
  const found: Marked[] = [];
  lines.forEach((line, index) => {
    const argument = line.fenced ? undefined : new RegExp(`^<!--\\s*${kind}:\\s*(.+?)\\s*-->\\s*$`).exec(line.text.trim())?.[1];
    if (argument === undefined) return;
    let start = index + 1;
    while (start < lines.length && lines[start].text.trim() === '') start += 1;
    const body = read(lines, start);
    if (body === undefined) throw new Error(`README.md:${line.number}: <!-- ${kind}: ${argument} --> is not followed by what it marks`);
    found.push({ argument, line: line.number, body });
  });
  return found;
}

export type TableRow = Record<string, string>;

/** A Markdown table's rows as objects keyed by the header cells. Cells must not contain `|`. */
export function tableRows(table: string[]): TableRow[] {
  const cells = (line: string): string[] =>
    line
      .trim()
      .replace(/^\|/, '')
      .replace(/\|$/, '')
      .split('|')
      .map((cell) => cell.trim());
  const [header, separator, ...rows] = table;
  if (header === undefined || separator === undefined || !/^[\s|:-]+$/.test(separator))
    throw new Error(`not a Markdown table: ${table[0]}`);
  const names = cells(header);
  return rows.map((row) => {
    const values = cells(row);
    if (values.length !== names.length) throw new Error(`table row has ${values.length} cells, its header ${names.length}: ${row}`);
    return Object.fromEntries(names.map((name, index) => [name, values[index]]));
  });
}

/** The contents of every `inline code` span in a piece of Markdown. */
export function codeSpans(text: string): string[] {
  return [...text.matchAll(/`([^`\n]+)`/g)].map((match) => match[1]);
}

/** Inline code spans outside fenced blocks, with the README line each is on. */
export function inlineCode(markdown: string): Array<{ code: string; line: number }> {
  return markdownLines(markdown)
    .filter((line) => !line.fenced)
    .flatMap((line) => codeSpans(line.text).map((code) => ({ code, line: line.number })));
}
