/**
 * One normalisation for indexing and for queries: NFKC (ﾃﾚﾜｰｸ → テレワーク, ＶＰＮ → VPN,
 * full-width digits and spaces → half-width) and Latin case folding. Whitespace runs
 * become one space.
 */
export function normalizeText(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');
}

/** Characters that are part of a word for the side index (letters, numbers, private use). */
export const WORD_CHAR = /[\p{L}\p{N}\p{Co}]/u;
const SEPARATORS = /[^\p{L}\p{N}\p{Co}]+/u;

/** Split normalised text into runs of word characters. */
export function wordRuns(normalized: string): string[] {
  return normalized.split(SEPARATORS).filter((r) => r.length > 0);
}

/** Fast path for the common word characters; the regex decides the rest. */
function isWordCode(c: number, ch: string): boolean {
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
  if ((c >= 0x3041 && c <= 0x3096) || (c >= 0x30a1 && c <= 0x30fa) || c === 0x30fc || (c >= 0x4e00 && c <= 0x9fff)) return true;
  return WORD_CHAR.test(ch);
}

/**
 * The side index for 1–2 character terms: every run of word characters becomes its
 * overlapping bigrams plus its last character alone, so that every character
 * occurrence starts a token ("地域課題" → "地域 域課 課題 題"). A 2-character term is
 * then a token query, a 1-character term a prefix query.
 */
export function bigramTokens(normalized: string): string {
  const out: string[] = [];
  let prev = ''; // previous word character in the current run, '' at a run start
  const n = normalized.length;
  for (let i = 0; i < n; i++) {
    let c = normalized.charCodeAt(i);
    let ch: string;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      ch = normalized.slice(i, i + 2);
      c = ch.codePointAt(0)!;
      i++;
    } else {
      ch = normalized[i]!;
    }
    if (isWordCode(c, ch)) {
      if (prev !== '') out.push(prev + ch);
      prev = ch;
    } else if (prev !== '') {
      out.push(prev);
      prev = '';
    }
  }
  if (prev !== '') out.push(prev);
  return out.join(' ');
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
    let n = cluster.normalize('NFKC').toLowerCase();
    if (/^\s+$/.test(n)) n = text.endsWith(' ') ? '' : ' ';
    for (let k = 0; k < n.length; k++) map.push(start);
    text += n;
  }
  map.push(original.length);
  return { text, map };
}

/**
 * A term as a phrase over the bigram side index: overlapping bigrams of each run of
 * word characters, the last character of every run but the final one, and for a final
 * run of one character a prefix token. Consecutive positions make it a substring match
 * ("テレワーク" → "テレ レワ ワー ーク"; "教育" → "教育"; "柚" → "柚"*).
 */
export function bigramPhrase(normalizedTerm: string): { tokens: string[]; prefix: boolean } {
  const runs = wordRuns(normalizedTerm);
  const tokens: string[] = [];
  let prefix = false;
  runs.forEach((run, i) => {
    const cps = Array.from(run);
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
