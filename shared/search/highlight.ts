import { hasUnseen, normalizeChars, normalizeWithMap } from './normalize.ts';

export interface Part {
  text: string;
  hit: boolean;
}

/** Markdown marks that should not show in a one-line snippet. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s*(?:[-*+]|\d+\.)\s+/gm, '')
    .replace(/\*\*|__|`/g, '')
    .replace(/^\s*\|?[-:| ]+\|?\s*$/gm, '')
    .replace(/\|/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Ranges [start, end) in the original string where any needle (already normalised) occurs. */
export function hitRanges(original: string, needles: readonly string[]): [number, number][] {
  if (needles.length === 0 || original === '') return [];
  // Fast path: when normalising keeps every UTF-16 unit in place (the usual case), the
  // indexes are the same in both strings; otherwise map them back character by character.
  const quick = hasUnseen(original) ? null : normalizeChars(original);
  const { text, map } = quick !== null && quick.length === original.length ? { text: quick, map: null } : normalizeWithMap(original);
  const at = (i: number) => (map ? (map[i] ?? original.length) : i);
  const ranges: [number, number][] = [];
  for (const n of needles) {
    if (!n) continue;
    let from = 0;
    for (;;) {
      const i = text.indexOf(n, from);
      if (i < 0) break;
      ranges.push([at(i), at(i + n.length)]);
      from = i + Math.max(1, n.length);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

function toParts(s: string, ranges: [number, number][], offset = 0): Part[] {
  const parts: Part[] = [];
  let pos = 0;
  for (const [a0, b0] of ranges) {
    const a = a0 - offset;
    const b = b0 - offset;
    if (b <= 0 || a >= s.length) continue;
    const from = Math.max(a, 0);
    if (from > pos) parts.push({ text: s.slice(pos, from), hit: false });
    parts.push({ text: s.slice(from, Math.min(b, s.length)), hit: true });
    pos = Math.min(b, s.length);
  }
  if (pos < s.length) parts.push({ text: s.slice(pos), hit: false });
  return parts;
}

/** The whole string, cut into hit and non-hit parts. */
export function highlight(original: string, needles: readonly string[]): Part[] {
  return toParts(original, hitRanges(original, needles));
}

/**
 * A window of about `width` characters around the first hit of the first text that has
 * one (else the start of the first non-empty text), with … where it was cut.
 */
export function snippet(texts: readonly string[], needles: readonly string[], width = 90): Part[] {
  // Hits beyond the first few thousand characters are not worth the time of a list row.
  // Each text made plain only when it is reached (a hit in the summary spares the body).
  const plain: string[] = [];
  for (const raw of texts) {
    const t = plainText(raw.length > 4000 ? raw.slice(0, 4000) : raw);
    if (t.length === 0) continue;
    plain.push(t);
    const ranges = hitRanges(t, needles);
    if (ranges.length === 0) continue;
    const first = ranges[0]!;
    let start = Math.max(0, first[0] - Math.floor(width / 4));
    const end = Math.min(t.length, start + width);
    if (end - start < width) start = Math.max(0, end - width);
    const parts = toParts(t.slice(start, end), ranges, start);
    if (start > 0) parts.unshift({ text: '…', hit: false });
    if (end < t.length) parts.push({ text: '…', hit: false });
    return parts;
  }
  if (plain.length === 0) return [];
  const t = plain[0]!;
  return t.length > width ? [{ text: t.slice(0, width), hit: false }, { text: '…', hit: false }] : [{ text: t, hit: false }];
}

/** Parts as a string with **hits** marked, for the CLI. */
export function partsToMarked(parts: readonly Part[]): string {
  return parts.map((p) => (p.hit ? `**${p.text}**` : p.text)).join('');
}
