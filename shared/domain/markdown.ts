import type { Block, ListBlock, Run } from './document.ts';

/**
 * The one Markdown grammar of Bansō: long answers, case bodies, notes and log entries are parsed
 * here into the document model's blocks (document.ts), which both the React preview
 * (renderer/src/components/DocBlocks.tsx) and the DOCX writer (electron/core/docs/body-xml.ts)
 * render — so the same text gives the same blocks in the app and in Word. A small parser we own
 * (no HTML is ever interpreted; everything becomes text runs):
 *
 * - paragraphs: separated by blank lines; a single line break stays a line break ("\n" in a run);
 * - `#` … `######` headings → `subheading` blocks (not numbered, not in the TOC: the document's own
 *   headings keep their numbering);
 * - lists: `-`, `*`, `+` or `・` bullets, `1.` `1)` `1．` `1）` numbers; a list item indented under
 *   another (2+ spaces or a tab) is a nested list; an indented line continues its item;
 * - pipe tables with a separator line (`| --- | :---: |`), alignment from the colons;
 * - inline: `**bold**` / `__bold__`, `*italic*` / `_italic_`, `***both***`,
 *   `[label](url)` as 「label（url）」, `<https://…>` as the address, `\*` for a literal mark. Backticks are plain text (no code spans: a
 *   plan or a log is not code, and a typed `` ` `` must never make text vanish).
 */

// C0 controls except tab, LF, CR; U+FFFE/U+FFFF; lone surrogates (XML 1.0 cannot hold them).
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function clean(s: string): string {
  return s.replace(FORBIDDEN, '');
}

const TABLE_LINE = /^\s*\|.*\|\s*$/;
const TABLE_SEP = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;
const BULLET = /^([ \t]*)(?:[-*+][ \t]+|[・･][ \t]*)(.*)$/;
const ORDERED = /^([ \t]*)(\d{1,9})[.．)）][ \t]+(.*)$/;
const HEADING = /^[ \t]{0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$/;
const FENCE = /^[ \t]{0,3}(```|~~~)/;

/** Columns of indentation (a tab counts 4). */
function indentOf(s: string): number {
  let n = 0;
  for (const ch of s) n += ch === '\t' ? 4 : 1;
  return n;
}

// ------------------------------------------------------------------------------------------------
// Inline.

type Mark = 'bold' | 'italic';

/**
 * Runs of one piece of text with its inline marks. An unmatched mark stays as typed; marks inside
 * a word with underscores (snake_case) are left alone.
 */
export function parseInline(text: string): Run[] {
  const out: Run[] = [];
  const push = (t: string, bold: boolean, italic: boolean) => {
    if (t === '') return;
    const last = out[out.length - 1];
    if (last && Boolean(last.bold) === bold && Boolean(last.italic) === italic) {
      last.text += t;
      return;
    }
    const r: Run = { text: t };
    if (bold) r.bold = true;
    if (italic) r.italic = true;
    out.push(r);
  };
  walk(clean(text), new Set<Mark>(), push);
  return out.length > 0 ? out : [{ text: '' }];
}

function walk(s: string, marks: ReadonlySet<Mark>, push: (t: string, bold: boolean, italic: boolean) => void): void {
  const bold = marks.has('bold');
  const italic = marks.has('italic');
  let plain = '';
  const flush = () => {
    push(plain, bold, italic);
    plain = '';
  };
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    // Backslash escapes a punctuation mark.
    if (ch === '\\' && i + 1 < s.length && /[\\`*_[\]()#+\-.!|<>~]/.test(s[i + 1]!)) {
      plain += s[i + 1];
      i += 2;
      continue;
    }
    // <https://…>: the address as text.
    if (ch === '<') {
      const m = /^<((?:https?|mailto):[^\s<>]+)>/.exec(s.slice(i));
      if (m) {
        plain += m[1];
        i += m[0].length;
        continue;
      }
    }
    // [label](url): the label, then the address in full-width brackets (unless it is the same).
    if (ch === '[') {
      const m = /^\[([^\]]*)\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+"[^"]*")?\)/.exec(s.slice(i));
      if (m) {
        flush();
        walk(m[1]!, marks, push);
        const url = m[2]!;
        if (url && url !== m[1]) plain += `（${url}）`;
        i += m[0].length;
        continue;
      }
    }
    if (ch === '*' || ch === '_') {
      const run = s.slice(i).match(ch === '*' ? /^\*+/ : /^_+/)![0];
      const n = Math.min(run.length, 3);
      const prev = s[i - 1] ?? ' ';
      const next = s[i + run.length] ?? ' ';
      // An opening mark is followed by text; `_` inside a word is not a mark.
      const canOpen = next.trim() !== '' && !(ch === '_' && /[\p{L}\p{N}]/u.test(prev) && /[A-Za-z0-9]/.test(prev));
      if (canOpen) {
        const close = findClose(s, i + n, ch, n);
        if (close > i + n) {
          flush();
          const inner = s.slice(i + n, close);
          const add = new Set(marks);
          if (n === 1 || n === 3) add.add('italic');
          if (n >= 2) add.add('bold');
          walk(inner, add, push);
          i = close + n;
          continue;
        }
      }
      plain += run;
      i += run.length;
      continue;
    }
    plain += ch;
    i++;
  }
  flush();
}

/** Where the mark of `n` × `ch` opened before `from` closes (-1: it does not). */
function findClose(s: string, from: number, ch: string, n: number): number {
  const mark = ch.repeat(n);
  let i = from;
  while (i < s.length) {
    if (s[i] === '\\') {
      i += 2;
      continue;
    }
    if (s.startsWith(mark, i) && s[i - 1]?.trim() !== '' && s[i - 1] !== undefined) {
      const after = s[i + n];
      // Exactly this many marks (a longer run belongs to another mark), and `_` not inside a word.
      if (after !== ch && !(ch === '_' && after !== undefined && /[A-Za-z0-9]/.test(after))) return i;
    }
    i++;
  }
  return -1;
}

/** The plain text of runs (table cells, headings in the TOC). */
export function runsText(runs: readonly Run[]): string {
  return runs.map((r) => r.text).join('');
}

// ------------------------------------------------------------------------------------------------
// Blocks.

function splitRow(line: string): string[] {
  const t = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  const cells: string[] = [];
  let cur = '';
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '\\' && t[i + 1] === '|') {
      cur += '|';
      i++;
    } else if (t[i] === '|') {
      cells.push(cur);
      cur = '';
    } else cur += t[i];
  }
  cells.push(cur);
  return cells.map((c) => runsText(parseInline(c.trim())));
}

function alignOf(sep: string): ('left' | 'right' | 'center')[] {
  return sep
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => {
      const t = c.trim();
      if (t.startsWith(':') && t.endsWith(':')) return 'center';
      if (t.endsWith(':')) return 'right';
      return 'left';
    });
}

interface ItemLine {
  indent: number;
  ordered: boolean;
  start: number;
  text: string;
}

function listItem(line: string): ItemLine | null {
  const o = ORDERED.exec(line);
  if (o) return { indent: indentOf(o[1]!), ordered: true, start: Number(o[2]), text: o[3]! };
  const b = BULLET.exec(line);
  if (b) return { indent: indentOf(b[1]!), ordered: false, start: 1, text: b[2]! };
  return null;
}

/** The document model's blocks of a Markdown text. */
export function parseMarkdown(md: string): Block[] {
  const lines = clean(md).replace(/\r\n?/g, '\n').split('\n');
  const out: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    // A fenced block: its lines as they are, one paragraph.
    const fence = FENCE.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trimStart().startsWith(fence[1]!)) body.push(lines[i++]!);
      i++;
      if (body.length > 0) out.push({ type: 'paragraph', runs: [{ text: body.join('\n') }] });
      continue;
    }
    if (TABLE_LINE.test(line) && i + 1 < lines.length && TABLE_SEP.test(lines[i + 1]!)) {
      const header = splitRow(line);
      const align = alignOf(lines[i + 1]!);
      const rows: string[][] = [];
      i += 2;
      while (i < lines.length && TABLE_LINE.test(lines[i]!)) {
        const r = splitRow(lines[i]!);
        rows.push(header.map((_, k) => r[k] ?? ''));
        i++;
      }
      const table: Block = { type: 'table', header, rows };
      if (align.some((a) => a !== 'left')) table.align = header.map((_, k) => align[k] ?? 'left');
      out.push(table);
      continue;
    }
    const h = HEADING.exec(line);
    if (h) {
      out.push({ type: 'subheading', level: h[1]!.length as 1 | 2 | 3 | 4 | 5 | 6, runs: parseInline(h[2]!) });
      i++;
      continue;
    }
    if (listItem(line)) {
      const r = parseList(lines, i);
      out.push(r.list);
      i = r.next;
      continue;
    }
    // A paragraph: up to a blank line or the start of another block.
    const para: string[] = [];
    while (i < lines.length) {
      const l = lines[i]!;
      if (l.trim() === '' || HEADING.test(l) || FENCE.test(l) || listItem(l) || (TABLE_LINE.test(l) && i + 1 < lines.length && TABLE_SEP.test(lines[i + 1]!))) break;
      para.push(l.trim());
      i++;
    }
    out.push({ type: 'paragraph', runs: parseInline(para.join('\n')) });
  }
  return out;
}

/** A list from line `at`, with nested lists for items indented under an item. */
function parseList(lines: readonly string[], at: number): { list: ListBlock; next: number } {
  const first = listItem(lines[at]!)!;
  const base = first.indent;
  const list: ListBlock = { type: 'list', ordered: first.ordered, items: [] };
  if (first.ordered && first.start !== 1) list.start = first.start;
  let i = at;
  let text: string[] = [];
  const close = () => {
    if (text.length > 0) list.items.push(parseInline(text.join('\n')));
    text = [];
  };
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      // A blank line ends the list unless the list goes on right after it.
      const nextItem = i + 1 < lines.length ? listItem(lines[i + 1]!) : null;
      if (nextItem && nextItem.indent >= base && nextItem.ordered === list.ordered) {
        i++;
        continue;
      }
      break;
    }
    const item = listItem(line);
    if (item && item.indent > base + 1 && list.items.length + (text.length > 0 ? 1 : 0) > 0) {
      // Nested under the item just read.
      close();
      const sub = parseList(lines, i);
      const k = list.items.length - 1;
      list.sub ??= [];
      while (list.sub.length < k) list.sub.push(null);
      list.sub[k] = sub.list;
      i = sub.next;
      continue;
    }
    if (item && item.indent >= base - 1) {
      if (item.ordered !== list.ordered) break;
      close();
      text = [item.text];
      i++;
      continue;
    }
    if (item) break; // a shallower list: the parent's
    // An indented line continues the item; a line at the margin ends the list.
    if (indentOf(/^[ \t]*/.exec(line)![0]) > base && text.length > 0) {
      text.push(line.trim());
      i++;
      continue;
    }
    break;
  }
  close();
  if (list.sub) while (list.sub.length < list.items.length) list.sub.push(null);
  return { list, next: i };
}
