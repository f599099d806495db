import { cleanText } from '../text.ts';

/**
 * Code points the search never sees, removed before NFKC:
 * - ASCII control characters other than whitespace (which becomes a space): they are invisible,
 *   and the side index's tokenizer would cut text at them;
 * - the supplementary private-use planes 15 and 16 (U+F0000–U+10FFFF): the full-text indexes
 *   keep their own marks there (facet tokens, electron/core/cases/facet-tokens.ts, and the value
 *   boundary below), so no text of a case can forge a filter value or a boundary.
 */
const UNSEEN = /[\x01-\x08\x0e-\x1f\x7f\u{F0000}-\u{10FFFF}]/gu;
/** A quick test for UNSEEN (plane 15–16 characters start with the high surrogates U+DB80–U+DBFF). */
const MAYBE_UNSEEN = /[\x01-\x08\x0e-\x1f\x7f\uDB80-\uDBFF]/;

/**
 * Where case folding goes further than lower-casing (ς → σ, ͅ → ι), and the noncharacters
 * U+FFFE/U+FFFF, which SQLite reads as U+FFFD: the trigram index folds and reads text that way, so
 * normalised text must already be folded for both indexes to agree with a plain substring search.
 */
const FOLD = /[\u03c2\u0345\ufffe\uffff]/g;
/** Anything cleanText, UNSEEN or FOLD would change (NUL, controls, any surrogate, the folded characters). */
const MAYBE_DIRTY = /[\0-\x08\x0e-\x1f\x7f\uD800-\uDFFF\u03c2\u0345\ufffe\uffff]/;
const FOLDED: Record<string, string> = { '\u03c2': '\u03c3', '\u0345': '\u03b9', '\ufffe': '\ufffd', '\uffff': '\ufffd' };

/** Everything normalizeText does but the whitespace: cleaned, unseen code points removed, NFKC, lower case, folded. */
export function normalizeChars(s: string): string {
  const quick = s.normalize('NFKC').toLowerCase();
  // One scan of the result decides whether there was anything to clean, remove or fold (NFKC and
  // lower-casing keep all of those); usual text has none. Then the full way, removing first so
  // that NFKC composes across what was removed.
  if (!MAYBE_DIRTY.test(quick)) return quick;
  return cleanText(s).replace(UNSEEN, '').normalize('NFKC').toLowerCase().replace(FOLD, (c) => FOLDED[c]!);
}

/**
 * normalizeText without the case folding: what the query parser reads, so that the operators OR
 * and AND are told from the words or / and (each word is then normalised with normalizeText).
 */
export function normalizeKeepCase(s: string): string {
  const quick = s.normalize('NFKC');
  const clean = MAYBE_DIRTY.test(quick) ? cleanText(s).replace(UNSEEN, '').normalize('NFKC') : quick;
  return clean.replace(/\s+/g, ' ');
}

/**
 * One normalisation for indexing and for queries: the shared text cleaning (no NUL), control
 * characters and the index's private-use marks removed, NFKC (ﾃﾚﾜｰｸ → テレワーク, ＶＰＮ → VPN,
 * full-width digits, symbols and spaces → half-width) and case folding. Whitespace runs become
 * one space. Search is a plain substring search over text normalised this way.
 */
export function normalizeText(s: string): string {
  return normalizeChars(s).replace(/\s+/g, ' ');
}

/**
 * Separates the values of a case (summary, body, each tag, …) in the indexed text, so that a
 * phrase never matches across two values. In the trigram index this is a newline (no normalised
 * query contains one); in the side index it becomes a boundary token from the reserved plane 16.
 */
export const VALUE_SEPARATOR = '\n';

/**
 * Each non-empty value normalised as normalizeText would, joined by VALUE_SEPARATOR, in one pass
 * over the whole text rather than one call per value (a case has a dozen or more short ones). Equal
 * to normalising each value alone (NFKC and lower-casing never act across a newline, and a value's
 * own line breaks become spaces first), except that a value's space at either end is kept, which
 * no query can tell: queries are trimmed and never hold a newline.
 */
export function normalizeValues(values: readonly string[]): string {
  let joined = '';
  for (const v of values) {
    if (v === '') continue;
    if (joined !== '') joined += VALUE_SEPARATOR;
    joined += v.includes('\n') ? v.replace(/\n/g, ' ') : v;
  }
  return normalizeChars(joined).replace(/[^\S\n]+/g, ' ');
}

const BOUNDARY_HIGH = 0xdbff; // U+10FFFD as UTF-16
const BOUNDARY_LOW = 0xdffd;

/**
 * The side index's ('ascii' tokenizer) spelling of a character: ASCII punctuation and symbols,
 * which that tokenizer would treat as separators, as their full-width forms (U+FF01–U+FF5E).
 * Normalised text never contains those (NFKC makes them ASCII), so the spelling is exact.
 */
const SPELL = new Uint16Array(0x80);
for (let c = 0; c < 0x80; c++) {
  const alnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  SPELL[c] = c > 0x20 && c < 0x7f && !alnum ? c + 0xfee0 : c;
}
const spell = (u: number): number => (u < 0x80 ? SPELL[u]! : u);

/**
 * The side index for 1–2 character terms: normalised text cut at spaces into runs, and every run
 * becomes its overlapping bigrams plus its last character alone, so that every character
 * occurrence starts a token ("地域課題 c#" → "地域 域課 課題 題 c＃ ＃"). Every character but a
 * space is part of a run (symbols, punctuation, emoji), so a term is a substring of the text
 * exactly when its tokens occur in a row. A 2-character term is then a token query, a
 * 1-character term a prefix query. A VALUE_SEPARATOR also ends the run and adds a boundary token.
 */
export function bigramTokens(normalized: string): string {
  // Written as UTF-16 code units into one buffer and turned into a string once: an import
  // calls this for every case, and a small string per token was most of its time and garbage.
  const n = normalized.length;
  const buf = tokenBuffer(n * 3 + 4);
  let len = 0;
  /** normalized[from, to) as a token, then a space. */
  const emit = (from: number, to: number) => {
    for (let k = from; k < to; k++) buf[len++] = spell(normalized.charCodeAt(k));
    buf[len++] = 0x20;
  };
  let prev = -1; // index of the previous character in the current run, -1 at a run start
  for (let i = 0; i < n; ) {
    const c = normalized.charCodeAt(i);
    const w = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1; // code units of this character
    if (c > 0x20) {
      if (prev >= 0) emit(prev, i + w); // the previous character and this one (they are adjacent)
      prev = i;
    } else {
      if (prev >= 0) emit(prev, i); // the run's last character alone
      prev = -1;
      if (c === 0x0a) {
        buf[len++] = BOUNDARY_HIGH;
        buf[len++] = BOUNDARY_LOW;
        buf[len++] = 0x20;
      }
    }
    i += w;
  }
  if (prev >= 0) emit(prev, n);
  if (len > 0) len--; // no trailing space
  let out = '';
  for (let k = 0; k < len; k += 8192) out += String.fromCharCode.apply(null, buf.subarray(k, Math.min(len, k + 8192)) as unknown as number[]);
  return out;
}

let sharedBuffer = new Uint16Array(4096);
function tokenBuffer(size: number): Uint16Array {
  if (sharedBuffer.length < size) sharedBuffer = new Uint16Array(Math.max(size, sharedBuffer.length * 2));
  return sharedBuffer;
}

/** Length in code points. */
export function cpLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Voiced sound marks and combining marks stay with the character before them. */
const JOINS_PREVIOUS = /^[\u0300-\u036f\u3099\u309a\uff9e\uff9f\u200d\ufe0f]$/u;

/**
 * Normalise text while remembering, for every normalised UTF-16 index, the index in
 * the original string it came from; used to highlight hits in the original text.
 */
export function normalizeWithMap(original: string): { text: string; map: number[] } {
  let text = '';
  const map: number[] = [];
  const chars = Array.from(original);
  let pos = 0;
  for (let i = 0; i < chars.length; ) {
    const start = pos;
    let cluster = chars[i]!;
    pos += chars[i]!.length;
    i++;
    while (i < chars.length && JOINS_PREVIOUS.test(chars[i]!)) {
      cluster += chars[i]!;
      pos += chars[i]!.length;
      i++;
    }
    let n = normalizeChars(cluster);
    if (/^\s+$/.test(n)) n = text.endsWith(' ') ? '' : ' ';
    for (let k = 0; k < n.length; k++) map.push(start);
    text += n;
  }
  map.push(original.length);
  return { text, map };
}

/**
 * A term as a phrase over the bigram side index: overlapping bigrams of each run (the term cut at
 * spaces), the last character of every run but the final one, and for a final run of one
 * character a prefix token. Consecutive positions make it a substring match
 * ("テレワーク" → "テレ レワ ワー ーク"; "教育" → "教育"; "柚" → "柚"*; "c++" → "c＋ ＋＋").
 */
export function bigramPhrase(normalizedTerm: string): { tokens: string[]; prefix: boolean } {
  const runs = normalizedTerm.split(' ').filter((r) => r !== '');
  const tokens: string[] = [];
  let prefix = false;
  runs.forEach((run, i) => {
    const cps = Array.from(run, (ch) => (ch.length === 1 ? String.fromCharCode(spell(ch.charCodeAt(0))) : ch));
    const last = i === runs.length - 1;
    if (cps.length === 1) {
      tokens.push(cps[0]!);
      if (last) prefix = true;
      return;
    }
    for (let k = 0; k + 1 < cps.length; k++) tokens.push(cps[k]! + cps[k + 1]!);
    if (!last) tokens.push(cps[cps.length - 1]!);
  });
  return { tokens, prefix };
}

/** Does the text hold a code point that normalising removes? (Then UTF-16 positions move.) */
export function hasUnseen(s: string): boolean {
  return MAYBE_UNSEEN.test(s) || s.includes('\0');
}
