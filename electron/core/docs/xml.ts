import { cleanText } from '../../../shared/domain/document.ts';

/**
 * The XML text rules of the DOCX writer, in one place. Every string that goes into a part passes
 * through one of these, whether the `docx` library serialises it (core properties, the page header)
 * or body-xml.ts writes it:
 * - characters XML 1.0 cannot hold (NUL and the other C0 controls except tab, LF and CR, U+FFFE,
 *   U+FFFF, lone surrogates) are removed — the document model's own rule, `cleanText`;
 * - markup characters are escaped (body-xml.ts; the library escapes what it writes itself).
 * Text is never put into XML with `String.replace` and a replacement string: `$&`, `$'`, `` $` ``
 * and `$1` in a name would expand into markup.
 */

/** The text without the characters XML 1.0 forbids; everything else (emoji, long text) is kept. */
export const xmlChars: (s: string) => string = cleanText;

/** Character data: forbidden characters removed, `&`, `<` and `>` escaped (so `]]>` cannot occur). */
export function xmlText(s: string): string {
  return xmlChars(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value in double quotes. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;');
}
