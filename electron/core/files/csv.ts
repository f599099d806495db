import { parse as parser } from 'csv-parse';
import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { AppError } from '../../../shared/errors.ts';
import { excerpt } from '../../../shared/excerpt.ts';
import { decodeText, type DetectedEncoding } from './text.ts';

/**
 * The app's one CSV reader and writer (case import/export, the yearly log report), on csv-parse
 * and csv-stringify.
 *
 * Writing: UTF-8 with BOM and CRLF, as Excel expects; a cell is quoted when it holds a comma, a
 * quote (doubled) or any line break (csv-stringify alone would leave a bare LF unquoted when the
 * record delimiter is CRLF).
 *
 * Reading: UTF-8 with or without BOM or Shift_JIS/CP932 (files/text.ts); CRLF, LF or CR between
 * records, mixed too; quoted cells with commas, doubled quotes and line breaks, which stay in the
 * cell as written. A blank line is a record [''] so that the record index stays the spreadsheet
 * row. RFC 4180 strictly first: text after a closing quote (`"x"y`, `"x" ,`) is refused with
 * the line. A file with a `"` inside an unquoted cell (`彼は"はい"と言った`, which no spreadsheet
 * program writes) is read again leniently (csv-parse's relax_quotes): such quotes stay as text.
 *
 * Formulas (CSV injection): a spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab
 * or a CR as a formula (`=HYPERLINK(…)`, `=cmd|' /C calc'!A0`). Every cell written gets a leading
 * apostrophe then, so it opens as text, and reading removes it again, so export → import gives
 * back every cell exactly (neutraliseCell / restoreCell). A plain negative number (`-3`, `-1.5`,
 * `-1,234`) is left as it is: it is a number to a spreadsheet, not a formula. `+81 3-1234-5678`
 * and `+3` are neutralised (a spreadsheet would compute `+81 3-…` or drop the `+`): they open as
 * `'+81 3-1234-5678` and come back from import as `+81 3-1234-5678`. A cell that already starts
 * with apostrophes before such a character gets one more, so the apostrophes a user typed survive
 * too. (csv-stringify's own `escape_formulas` leaves `'=x` as it is, and undoing it on import
 * would then turn `'=x` into `=x`.)
 */

export type { DetectedEncoding };

const APOSTROPHE = 0x27;
/** Starts like a formula, after any apostrophes. */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const NEGATIVE_NUMBER = /^-(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.[0-9]+)?$/;

function mayNeedNeutralising(c: number): boolean {
  // = + - @ TAB CR '
  return c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40 || c === 0x09 || c === 0x0d || c === APOSTROPHE;
}

/** The cell as written to a file: a leading apostrophe when a spreadsheet would run it as a formula. */
export function neutraliseCell(s: string): string {
  if (s === '' || !mayNeedNeutralising(s.charCodeAt(0))) return s;
  return FORMULA_START.test(s) && !NEGATIVE_NUMBER.test(s) ? `'${s}` : s;
}

/** The cell as read from a file: neutraliseCell undone (one apostrophe fewer before a formula start). */
export function restoreCell(s: string): string {
  return s.charCodeAt(0) === APOSTROPHE && s.length > 1 && FORMULA_START.test(s) ? s.slice(1) : s;
}

/** CSV text: every cell neutralised, CRLF after every record (the last one too). */
export function stringifyCsv(records: readonly (readonly string[])[]): string {
  return stringify(
    records.map((r) => r.map(neutraliseCell)),
    { record_delimiter: '\r\n', quoted_match: ['\r', '\n'] },
  );
}

/** CSV bytes for Excel: UTF-8 with BOM. */
export function encodeCsv(records: readonly (readonly string[])[]): Uint8Array {
  return new TextEncoder().encode(`\uFEFF${stringifyCsv(records)}`);
}

const CR = 0x0d;
const LF = 0x0a;

/** The 1-based text line of a character offset (CRLF, LF and CR each end a line). */
function lineAt(text: string, pos: number): number {
  let line = 1;
  for (let k = 0; k < pos && k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === LF || (c === CR && text.charCodeAt(k + 1) !== LF)) line++;
  }
  return line;
}

/** The refusal of broken CSV: the text line, what is wrong, and a short excerpt of that line. */
function syntaxError(text: string, line: number, what: string): AppError {
  const near = excerpt(lineText(text, line), 40);
  return new AppError('invalid_input', `CSV として読めません（テキストの${line}行目${near ? `:「${near}」` : ''}）: ${what}`);
}

/** The text of a 1-based line (CRLF, LF and CR each end a line); split stops at that line. */
function lineText(text: string, line: number): string {
  return text.split(/\r\n|\n|\r/, line)[line - 1] ?? '';
}

const OPTIONS = { bom: true, relax_column_count: true, skip_empty_lines: false, record_delimiter: ['\r\n', '\n', '\r'] };

function parseWith(text: string, relaxQuotes: boolean): string[][] {
  return parse(text, { ...OPTIONS, relax_quotes: relaxQuotes });
}

/** csv-parse's error → a Japanese message with the text line where the problem is. */
function explain(err: unknown, text: string): unknown {
  if (!(err instanceof CsvError)) return err;
  if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
    // `bytes` is where the unclosed cell begins (after its delimiter); `lines` would be the last line.
    const bytes = typeof err.bytes === 'number' ? err.bytes : 0;
    const offset = Buffer.from(text, 'utf8').subarray(0, bytes).toString('utf8').length;
    return syntaxError(text, lineAt(text, offset), '引用符（"）が閉じられていません。');
  }
  const line = typeof err.lines === 'number' ? err.lines : 1;
  if (err.code === 'CSV_INVALID_CLOSING_QUOTE' || err.code === 'INVALID_OPENING_QUOTE') {
    return syntaxError(text, line, '引用符（"）で囲んだセルの中の " は "" と2つ重ねて書いてください。');
  }
  return syntaxError(text, line, 'CSV の形式が正しくありません。');
}

/** The records of CSV text, every cell restored (restoreCell). Throws AppError('invalid_input') on broken quoting. */
export function parseCsv(text: string): string[][] {
  let records: string[][];
  try {
    try {
      records = parseWith(text, false);
    } catch (err) {
      if (!(err instanceof CsvError && err.code === 'INVALID_OPENING_QUOTE')) throw err;
      records = parseWith(text, true);
    }
  } catch (err) {
    throw explain(err, text);
  }
  for (const rec of records) {
    for (let j = 0; j < rec.length; j++) {
      const cell = rec[j]!;
      if (cell.charCodeAt(0) === APOSTROPHE) rec[j] = restoreCell(cell);
    }
  }
  return records;
}

/** A CSV file's records and the encoding it was read in. */
export function decodeCsv(bytes: Uint8Array): { records: string[][]; encoding: DetectedEncoding } {
  const { text, encoding } = decodeText(bytes);
  return { records: parseCsv(text), encoding };
}

/** A file's bytes, readable more than once (a retry with another encoding or lenient quotes reads it again). */
export type ByteSource = () => Iterable<Uint8Array>;

/** One reading of a file: the encoding assumed and whether quotes inside unquoted cells are text. */
export interface CsvAttempt {
  encoding: DetectedEncoding;
  relaxQuotes: boolean;
}

/** Thrown by readCsv when the attempt's assumption proved wrong: read the file again with `next`. */
export class CsvRetry extends Error {
  readonly next: CsvAttempt;
  constructor(next: CsvAttempt) {
    super(`CSV: read again as ${next.encoding}${next.relaxQuotes ? ' (lenient quotes)' : ''}`);
    this.next = next;
  }
}

const UNDECODABLE = '文字コードを判別できません（UTF-8 または Shift_JIS で保存してください）。';

/** The bytes of a source in one buffer (only for an error message's line, or a JSON file). */
export function sourceBytes(source: ByteSource): Uint8Array {
  const parts = [...source()];
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

/** A source over bytes already in memory, in slices (the parser never sees one huge buffer). */
export function bytesSource(bytes: Uint8Array, slice = 1 << 20): ByteSource {
  return function* () {
    for (let i = 0; i < bytes.length; i += slice) yield bytes.subarray(i, Math.min(bytes.length, i + slice));
  };
}

/**
 * The records of a CSV file, read as a stream: every record goes to `onRecord` as soon as it is
 * read (cells restored as parseCsv restores them), and nothing of the file is kept. The same rules
 * as decodeCsv + parseCsv, in the same order: UTF-8 (with or without BOM) first, Shift_JIS/CP932
 * when the file is not UTF-8 (CsvRetry: the caller undoes what it did with the records and reads
 * again), strict quotes first and lenient ones after an INVALID_OPENING_QUOTE (CsvRetry too).
 * Run it through withCsvAttempts, which does the retries.
 */
export function readCsv(source: ByteSource, attempt: CsvAttempt, onRecord: (rec: string[]) => void): void {
  const api = (parser({ ...OPTIONS, relax_quotes: attempt.relaxQuotes }) as unknown as { api: CsvApi }).api;
  const utf8 = attempt.encoding === 'shift_jis' ? null : new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const sjis = attempt.encoding === 'shift_jis' ? new TextDecoder('shift_jis', { fatal: true }) : null;
  const push = (rec: string[]) => {
    for (let j = 0; j < rec.length; j++) {
      const cell = rec[j]!;
      if (cell.charCodeAt(0) === APOSTROPHE) rec[j] = restoreCell(cell);
    }
    onRecord(rec);
  };
  const failed = (err: unknown): never => {
    if (err instanceof CsvError && err.code === 'INVALID_OPENING_QUOTE' && !attempt.relaxQuotes) throw new CsvRetry({ ...attempt, relaxQuotes: true });
    // A broken file: its text once more, for the line and excerpt of the message.
    throw explain(err, decodeText(sourceBytes(source)).text);
  };
  const notText = (): never => {
    if (attempt.encoding === 'utf-8') throw new CsvRetry({ encoding: 'shift_jis', relaxQuotes: false });
    throw new AppError('invalid_input', UNDECODABLE);
  };
  // The BOM is not part of the text (offsets in csv-parse's errors are then the text's, as in parseCsv).
  let bomLeft = attempt.encoding === 'utf-8-bom' ? 3 : 0;
  for (const chunk of source()) {
    let bytes = chunk;
    if (bomLeft > 0) {
      const skip = Math.min(bomLeft, bytes.length);
      bytes = bytes.subarray(skip);
      bomLeft -= skip;
    }
    if (utf8) {
      try {
        utf8.decode(bytes, { stream: true });
      } catch {
        notText();
      }
    } else {
      try {
        bytes = Buffer.from(sjis!.decode(bytes, { stream: true }), 'utf8');
      } catch {
        notText();
      }
    }
    const err = api.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), false, push, () => {});
    if (err !== undefined) failed(err);
  }
  try {
    if (utf8) utf8.decode();
    else {
      const rest = sjis!.decode();
      if (rest !== '') {
        const err = api.parse(Buffer.from(rest, 'utf8'), false, push, () => {});
        if (err !== undefined) failed(err);
      }
    }
  } catch (err) {
    if (err instanceof CsvRetry || err instanceof AppError) throw err;
    notText();
  }
  const err = api.parse(undefined, true, push, () => {});
  if (err !== undefined) failed(err);
}

/** csv-parse's incremental parser (what its stream and sync interfaces both call). */
interface CsvApi {
  parse(buf: Buffer | undefined, end: boolean, push: (rec: string[]) => void, close: () => void): Error | undefined;
}

/** The first attempt at a file: UTF-8 with BOM when it starts with one, else UTF-8. */
export function firstAttempt(source: ByteSource): CsvAttempt {
  const head: number[] = [];
  for (const chunk of source()) {
    for (let i = 0; i < chunk.length && head.length < 3; i++) head.push(chunk[i]!);
    if (head.length >= 3) break;
  }
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  return { encoding: bom ? 'utf-8-bom' : 'utf-8', relaxQuotes: false };
}

/** Run `fn` with the first attempt, and again with the next one as long as it throws CsvRetry. */
export function withCsvAttempts<T>(source: ByteSource, fn: (attempt: CsvAttempt) => T): T {
  let attempt = firstAttempt(source);
  for (;;) {
    try {
      return fn(attempt);
    } catch (err) {
      if (!(err instanceof CsvRetry)) throw err;
      attempt = err.next;
    }
  }
}
