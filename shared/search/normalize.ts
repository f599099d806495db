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

/**
 * The side index for 1–2 character terms: every run of word characters becomes its
 * overlapping bigrams plus its last character alone, so that every character
 * occurrence starts a token ("地域課題" → "地域 域課 課題 題"). A 2-character term is
 * then a token query, a 1-character term a prefix query.
 */
export function bigramTokens(normalized: string): string {
  // Written as UTF-16 code units into one buffer and turned into a string once: an import
  // calls this for every case, and a small string per token was most of its time and garbage.
  const n = normalized.length;
  const buf = tokenBuffer(n * 3 + 4);
  let len = 0;
  /** normalized[from, to) as a token, then a space. */
  const emit = (from: number, to: number) => {
    for (let k = from; k < to; k++) buf[len++] = normalized.charCodeAt(k);
    buf[len++] = 0x20;
  };
  let prev = -1; // index of the previous word character in the current run, -1 at a run start
  for (let i = 0; i < n; ) {
    let c = normalized.charCodeAt(i);
    let w = 1; // code units of this character (2 for a surrogate pair)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      c = normalized.codePointAt(i)!;
      w = 2;
    }
    if (isWordAt(normalized, i, c, w)) {
      if (prev >= 0) emit(prev, i + w); // the previous character and this one (they are adjacent)
      prev = i;
    } else if (prev >= 0) {
      emit(prev, i); // the run's last character alone
      prev = -1;
    }
    i += w;
  }
  if (prev >= 0) emit(prev, n);
  if (len > 0) len--; // no trailing space
  let out = '';
  for (let k = 0; k < len; k += 8192) out += String.fromCharCode.apply(null, buf.subarray(k, Math.min(len, k + 8192)) as unknown as number[]);
  return out;
}

/** Is the character at i (code point c, w code units) a word character? Fast path for the common ones; the regex decides the rest. */
function isWordAt(s: string, i: number, c: number, w: number): boolean {
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
  if ((c >= 0x3041 && c <= 0x3096) || (c >= 0x30a1 && c <= 0x30fa) || c === 0x30fc || (c >= 0x4e00 && c <= 0x9fff)) return true;
  return WORD_CHAR.test(s.slice(i, i + w));
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
