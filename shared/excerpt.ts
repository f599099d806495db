/**
 * A short, clean excerpt of a value for a message to the user ("…: 「値」").
 *
 * Error messages quote the value they refuse so the user can find it, but the value comes from a
 * file or a request and may be anything: a 20 MB cell, NULs and other control characters, a
 * right-to-left override that reorders the message, a lone surrogate that breaks the JSON of the
 * answer. Every message that quotes input quotes it through `excerpt`:
 *
 * - at most `max` characters (code points, so a surrogate pair is never cut in half), then `…`;
 * - control characters (C0, DEL, C1; line breaks and tabs included) become one space, runs of
 *   white space one space, and leading and trailing space is dropped;
 * - invisible format characters that can disguise text (bidirectional controls, zero-width
 *   characters, BOM), lone surrogates, noncharacters and private-use code points are dropped;
 * - the cost does not depend on the size of the value: only its beginning is read.
 *
 * Pure: no Node, no DOM (shared/ rules), usable by the core, the CLI and the renderer.
 */

/** Longest prefix (in UTF-16 code units) read from a value: enough for any `max` a message uses. */
const SCAN_LIMIT = 4096;

/** Code points dropped from an excerpt (invisible, or meaningless outside the app). */
function dropped(cp: number): boolean {
  return (
    (cp >= 0x200b && cp <= 0x200f) || // zero-width space/joiners, LRM, RLM
    (cp >= 0x202a && cp <= 0x202e) || // bidi embeddings and overrides
    (cp >= 0x2060 && cp <= 0x206f) || // word joiner, bidi isolates, deprecated format characters
    cp === 0xfeff || // BOM, zero-width no-break space
    (cp >= 0xd800 && cp <= 0xdfff) || // a lone surrogate (a pair is read as one code point)
    (cp >= 0xe000 && cp <= 0xf8ff) || // private use
    (cp >= 0xfdd0 && cp <= 0xfdef) || // noncharacters
    (cp & 0xfffe) === 0xfffe || // U+FFFE, U+FFFF and their copies in every plane
    cp >= 0xf0000 // supplementary private-use planes
  );
}

function isSpaceOrControl(cp: number): boolean {
  return cp <= 0x20 || (cp >= 0x7f && cp <= 0xa0) || cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 || cp === 0x202f || cp === 0x205f || cp === 0x3000;
}

/** The value as text, without turning a huge object into a huge string first when avoidable. */
function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === null) return String(value);
  if (typeof value === 'symbol') return value.description ?? '';
  if (typeof value === 'function') return '';
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return Array.isArray(value) ? '[…]' : '{…}'; // circular or not serialisable
  }
}

/**
 * The first `max` characters of `value`, cleaned (see above); `…` marks a cut. An empty or
 * entirely invisible value gives ''.
 */
export function excerpt(value: unknown, max = 40): string {
  const limit = Math.max(1, Math.floor(max));
  const text = asText(value);
  const out: string[] = [];
  let pendingSpace = false;
  let cut = false;
  let i = 0;
  const end = Math.min(text.length, SCAN_LIMIT);
  while (i < end) {
    const cp = text.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    if (isSpaceOrControl(cp)) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (dropped(cp)) continue;
    const need = pendingSpace ? 2 : 1;
    if (out.length + need > limit) {
      cut = true;
      break;
    }
    if (pendingSpace) out.push(' ');
    pendingSpace = false;
    out.push(String.fromCodePoint(cp));
  }
  if (!cut && i < text.length) {
    // Stopped at the scan limit: whatever follows is not shown.
    cut = true;
  }
  return cut ? `${out.join('')}…` : out.join('');
}

