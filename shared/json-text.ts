import { excerpt } from './excerpt.ts';

/**
 * JSON text that people bring (bundles, case files, templates), parsed with a Japanese message
 * instead of the engine's English one ("Expected double-quoted property name in JSON at
 * position 2626"): where the problem is (line and column), and a short excerpt of the text there.
 */
export type JsonText = { ok: true; value: unknown } | { ok: false; message: string };

/** Line and column (1-based) of a UTF-16 offset. */
function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: pos - start + 1 };
}

/** Where the engine says the problem is, as an offset into `text`, or null when it does not say. */
function errorOffset(message: string, text: string): number | null {
  const m = /at position (\d+)/.exec(message);
  if (m) return Math.min(Number(m[1]), text.length);
  const token = /Unexpected token '(.)'/u.exec(message);
  if (token) {
    const i = text.indexOf(token[1]!);
    return i >= 0 ? i : null;
  }
  return null;
}

/** Parse JSON text (a leading BOM is allowed). `what` names the file in the message, e.g. 「受け渡しファイル」. */
export function parseJsonText(text: string, what: string): JsonText {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { ok: false, message: `${what}が空です。` };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (err) {
    const message = err instanceof Error ? err.message : '';
    if (/Unexpected end of JSON input|Unterminated string/.test(message)) {
      return { ok: false, message: `${what}を JSON として読めません。途中で切れています（最後まで書かれていないか、壊れています）。` };
    }
    const at = errorOffset(message, body);
    if (at === null) return { ok: false, message: `${what}を JSON として読めません（書式が正しくありません）。` };
    if (body.slice(at).trim() === '') {
      return { ok: false, message: `${what}を JSON として読めません。途中で切れています（最後まで書かれていないか、壊れています）。` };
    }
    const { line, column } = lineColumn(body, at);
    // From a little before the place, but not from an earlier line.
    const from = Math.max(at - column + 1, at - 15);
    const near = excerpt(body.slice(from, at + 15), 30);
    return { ok: false, message: `${what}を JSON として読めません（${line}行目 ${column}文字目付近${near ? `:「${near}」` : ''}）。` };
  }
}
