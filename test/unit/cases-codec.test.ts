import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  casesToCsv,
  casesToJson,
  parseCasesCsv,
  parseCasesJson,
  parseOutcome,
} from '../../electron/core/cases/codec.ts';
import { parseCsv } from '../../electron/core/files/csv.ts';
import { decodeText } from '../../electron/core/files/text.ts';
import type { ParsedFile } from '../../electron/core/cases/codec.ts';
import { CASE_CSV_COLUMNS, CASE_CSV_EXTRA_COLUMNS, CaseSchema } from '../../shared/domain/case.ts';
import type { Case } from '../../shared/domain/case.ts';
import { AppError } from '../../shared/errors.ts';
import { REPO_ROOT } from '../helpers/tmp.ts';

const enc = new TextEncoder();
const HEADER = CASE_CSV_COLUMNS.join(',');
type Col = (typeof CASE_CSV_COLUMNS)[number] | (typeof CASE_CSV_EXTRA_COLUMNS)[number];

/** One CSV cell, quoted when it has to be. */
function cell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** A data line in the order of `columns` (the required header by default); unset cells are empty. */
function line(values: Partial<Record<Col, string>>, columns: readonly Col[] = CASE_CSV_COLUMNS): string {
  return columns.map((c) => cell(values[c] ?? '')).join(',');
}

function csvBytes(lines: string[], eol = '\n', bom = false): Uint8Array {
  return enc.encode((bom ? '\uFEFF' : '') + lines.join(eol) + eol);
}

function json(value: unknown): Uint8Array {
  return enc.encode(JSON.stringify(value));
}

function problemsOf(file: ParsedFile): { row: number; column: string }[] {
  return file.problems.map((p) => ({ row: p.row, column: p.column }));
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('did not throw');
}

describe('decodeText', () => {
  it('strips a UTF-8 BOM and says so', () => {
    const r = decodeText(enc.encode('\uFEFF題名,本文'));
    expect(r).toEqual({ text: '題名,本文', encoding: 'utf-8-bom' });
  });

  it('reads UTF-8 without BOM (plain ASCII too)', () => {
    expect(decodeText(enc.encode('徳島県 🎉'))).toEqual({ text: '徳島県 🎉', encoding: 'utf-8' });
    expect(decodeText(enc.encode('id,title'))).toEqual({ text: 'id,title', encoding: 'utf-8' });
  });

  it('falls back to Shift_JIS / CP932 (NEC and IBM extensions, half-width kana)', () => {
    // ① ㈱ 髙 ｱ あ in CP932
    const bytes = new Uint8Array([0x87, 0x40, 0x87, 0x8a, 0xfb, 0xfc, 0xb1, 0x82, 0xa0]);
    expect(decodeText(bytes)).toEqual({ text: '①㈱髙ｱあ', encoding: 'shift_jis' });
  });

  it('refuses bytes that are neither UTF-8 nor Shift_JIS', () => {
    const err = catchError(() => decodeText(new Uint8Array([0x41, 0xfd, 0xfe, 0xff])));
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('invalid_input');
    expect((err as AppError).message).toBe('文字コードを判別できません（UTF-8 または Shift_JIS で保存してください）。');
  });

  it('keeps line endings as they are', () => {
    expect(decodeText(enc.encode('a\r\nb\rc\n')).text).toBe('a\r\nb\rc\n');
  });
});

describe('parseCsv (electron/core/files/csv.ts)', () => {
  it('splits on CRLF, LF and CR, even mixed, and keeps line breaks inside quoted cells', () => {
    expect(parseCsv('a,b\r\n1,"x\r\ny"\n2,3\r4,5')).toEqual([
      ['a', 'b'],
      ['1', 'x\r\ny'],
      ['2', '3'],
      ['4', '5'],
    ]);
  });

  it('reads doubled quotes, commas, empty cells, blank lines and a missing final newline', () => {
    expect(parseCsv('"a,b","say ""hi""",,""\n\nx,彼は"はい"と言った,')).toEqual([
      ['a,b', 'say "hi"', '', ''],
      [''],
      ['x', '彼は"はい"と言った', ''],
    ]);
  });

  it('refuses an unclosed quote and text after a closing quote, naming the line', () => {
    const open = catchError(() => parseCsv('a,b\n1,"never closed\n2,3\n'));
    expect(open).toBeInstanceOf(AppError);
    expect((open as AppError).message).toContain('2行目');
    const after = catchError(() => parseCsv('a,b\n1,2\n3,"x"y\n'));
    expect((after as AppError).message).toContain('3行目');
  });
});

describe('parseCasesCsv: encodings and line endings', () => {
  it('reads a Shift_JIS (CP932) file written by iconv, with CRLF', () => {
    const bytes = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/cases/sjis.csv'));
    const r = parseCasesCsv(bytes);
    expect(r.encoding).toBe('shift_jis');
    expect(r.problems).toEqual([]);
    expect(r.total).toBe(1);
    expect(r.rows).toHaveLength(1);
    const row = r.rows[0]!;
    expect(row.row).toBe(2);
    expect(row.id).toBeNull();
    expect(row.input).toMatchObject({
      title: '①サテライトオフィス誘致',
      summary: 'ｱﾝｹｰﾄで希望を把握',
      body: '本文、髙橋さんの"声"\r\n２行目',
      prefecture: '徳島県',
      organization: '㈱神山サテライト',
      fields: ['サテライトオフィス・移住', 'テレワーク・働き方'],
      fiscalYear: 2017,
      outcomes: [
        { label: '進出企業', value: '9', unit: '社' },
        { label: '移住者', value: '8', unit: '人' },
      ],
      sources: [{ document: '神山町資料', section: '第２章' }],
      tags: ['移住～定住'],
    });
  });

  it('reads UTF-8 with a BOM before the first header cell', () => {
    const r = parseCasesCsv(csvBytes([HEADER, line({ title: '事例' })], '\r\n', true));
    expect(r.encoding).toBe('utf-8-bom');
    expect(r.problems).toEqual([]);
    expect(r.rows.map((x) => x.input.title)).toEqual(['事例']);
  });

  it('reads UTF-8 without BOM', () => {
    const r = parseCasesCsv(csvBytes([HEADER, line({ title: '事例' })]));
    expect(r.encoding).toBe('utf-8');
    expect(r.rows).toHaveLength(1);
  });

  it('gives the same result for CRLF, LF and mixed line endings', () => {
    const lines = [HEADER, line({ title: 'A', body: '一行目\n二行目' }), line({ title: 'B', fiscal_year: 'R3' })];
    const lf = parseCasesCsv(csvBytes(lines, '\n'));
    const crlf = parseCasesCsv(csvBytes(lines, '\r\n'));
    const mixed = parseCasesCsv(enc.encode(`${lines[0]}\r\n${lines[1]}\n${lines[2]}\r\n`));
    expect(lf.problems).toEqual([]);
    expect(lf.rows.map((r) => [r.row, r.input.title, r.input.body, r.input.fiscalYear])).toEqual([
      [2, 'A', '一行目\n二行目', null],
      [3, 'B', '', 2021],
    ]);
    expect(crlf.rows).toEqual(lf.rows);
    expect(mixed.rows).toEqual(lf.rows);
  });

  it('reports an empty file', () => {
    const r = parseCasesCsv(new Uint8Array());
    expect(r.rows).toEqual([]);
    expect(problemsOf(r)).toEqual([{ row: 1, column: '' }]);
  });
});

describe('parseCasesCsv: quoting and row numbers', () => {
  it('reads quoted cells with commas, doubled quotes and line breaks', () => {
    const body = '第一段落、カンマ, 半角カンマ\n「引用」と "二重引用符"\n\n空行の後';
    const r = parseCasesCsv(csvBytes([HEADER, line({ title: '題名, カンマ入り', summary: '"強調"', body })], '\r\n'));
    expect(r.problems).toEqual([]);
    expect(r.rows[0]!.input).toMatchObject({ title: '題名, カンマ入り', summary: '"強調"', body });
  });

  it('counts a multi-line cell as one row, so later rows keep their spreadsheet numbers', () => {
    const r = parseCasesCsv(
      csvBytes([
        HEADER, // 1
        line({ title: '複数行', body: '1\n2\n3\n4' }), // 2
        line({ title: '年度が変', fiscal_year: '令和百年度' }), // 3
        '', // 4: a blank line is a row in a spreadsheet too
        line({ title: 'ok', summary: 'a\nb' }), // 5
        line({ title: '', body: 'x' }), // 6
      ]),
    );
    expect(r.total).toBe(4);
    expect(r.rows.map((x) => x.row)).toEqual([2, 5]);
    expect(r.problems).toEqual([
      { row: 3, column: 'fiscal_year', message: '年度を読み取れません（例: 2021、R3、令和3年度、H29）: 「令和百年度」' },
      { row: 6, column: 'title', message: '題名は必須です。' },
    ]);
  });
});

describe('parseCasesCsv: fiscal years', () => {
  const forms: [string, number | null][] = [
    ['2021', 2021],
    ['R3', 2021],
    ['令和3年度', 2021],
    ['H29', 2017],
    ['平成29年度', 2017],
    ['令和元年度', 2019],
    ['２０２１', 2021],
    ['Ｒ３', 2021],
    ['r3', 2021],
    ['2021年度', 2021],
    ['', null],
  ];
  it.each(forms)('%s → %s', (text, year) => {
    const r = parseCasesCsv(csvBytes([HEADER, line({ title: 't', fiscal_year: text })]));
    expect(r.problems).toEqual([]);
    expect(r.rows[0]!.input.fiscalYear).toBe(year);
  });

  it('rejects what is not a year', () => {
    for (const bad of ['昔', '1800', 'H40', '2021-22']) {
      const r = parseCasesCsv(csvBytes([HEADER, line({ title: 't', fiscal_year: bad })]));
      expect(r.rows, bad).toEqual([]);
      expect(problemsOf(r), bad).toEqual([{ row: 2, column: 'fiscal_year' }]);
      expect(r.problems[0]!.message).toContain('年度を読み取れません');
    }
  });
});

describe('parseCasesCsv: header', () => {
  it('accepts the required columns in any order with spaces around, and reads the extra columns', () => {
    const columns = [...CASE_CSV_EXTRA_COLUMNS, ...[...CASE_CSV_COLUMNS].reverse()];
    const header = columns.map((c) => ` ${c} `).join(',');
    const r = parseCasesCsv(
      csvBytes([
        header,
        line(
          {
            title: '逆順',
            prefecture: '東京',
            organization_type: '地方公共団体',
            size: '人口1万人',
            origin: 'seed',
            created_at: '2024-04-01T00:00:00.000Z',
            updated_at: '2025-01-02T03:04:05.678Z',
          },
          columns,
        ),
      ]),
    );
    expect(r.problems).toEqual([]);
    expect(r.rows[0]!.input).toMatchObject({ title: '逆順', prefecture: '東京都', organizationType: 'local-gov', size: '人口1万人' });
    expect(r.rows[0]!.extras).toEqual({ origin: 'seed', createdAt: '2024-04-01T00:00:00.000Z', updatedAt: '2025-01-02T03:04:05.678Z' });
  });

  it('reports each missing required column at row 1 and parses no rows', () => {
    const columns = CASE_CSV_COLUMNS.filter((c) => c !== 'title' && c !== 'fiscal_year');
    const r = parseCasesCsv(csvBytes([columns.join(','), line({ body: 'x' }, columns), line({ body: 'y' }, columns)]));
    expect(r.rows).toEqual([]);
    expect(r.total).toBe(2);
    expect(r.problems).toEqual([
      { row: 1, column: 'title', message: '必須の列がありません' },
      { row: 1, column: 'fiscal_year', message: '必須の列がありません' },
    ]);
  });

  it('reports an unknown column at row 1 and still reads the rows', () => {
    const r = parseCasesCsv(csvBytes([`${HEADER},memo`, `${line({ title: 't' })},メモ`]));
    expect(r.problems).toEqual([{ row: 1, column: 'memo', message: '不明な列です' }]);
    expect(r.rows.map((x) => x.input.title)).toEqual(['t']);
  });

  it('reports a row whose number of cells differs from the header', () => {
    const r = parseCasesCsv(csvBytes([HEADER, line({ title: 'ok' }), `${line({ title: 'long' })},extra`, 'short,row']));
    expect(r.rows.map((x) => x.row)).toEqual([2]);
    expect(problemsOf(r)).toEqual([
      { row: 3, column: '' },
      { row: 4, column: '' },
    ]);
    expect(r.problems[0]!.message).toContain('列の数');
  });
});

describe('parseCasesCsv: cells', () => {
  it('reports bad rows with their row and column, several per row, and keeps the good ones', () => {
    const r = parseCasesCsv(
      csvBytes([
        HEADER,
        line({ title: 'good', prefecture: '全国' }), // 2
        line({ title: 'bad prefecture', prefecture: '東京県' }), // 3
        line({ id: 'not-a-uuid', title: 'bad id and field', fields: '教育;農業' }), // 4
        line({ title: 'x'.repeat(201), tags: 't'.repeat(61) }), // 5
        line({ title: 'bad outcome', outcomes: '進出企業=9 社;成果なし' }), // 6
      ]),
    );
    expect(r.rows.map((x) => [x.row, x.input.prefecture])).toEqual([[2, '全国']]);
    expect(problemsOf(r)).toEqual([
      { row: 3, column: 'prefecture' },
      { row: 4, column: 'id' },
      { row: 4, column: 'fields' },
      { row: 5, column: 'title' },
      { row: 5, column: 'tags' },
      { row: 6, column: 'outcomes' },
    ]);
    const msg = (row: number, column: string) => r.problems.find((p) => p.row === row && p.column === column)!.message;
    expect(msg(4, 'fields')).toBe('「農業」は分野の一覧にありません');
    expect(msg(5, 'title')).toBe('題名は200文字以内にしてください。');
    expect(msg(5, 'tags')).toBe('1件目: 60文字以内にしてください。');
    expect(msg(6, 'outcomes')).toBe('成果は「名前=値 単位」の形で書いてください: 「成果なし」');
  });

  it('splits lists on ; and ； , trims items and drops empty ones', () => {
    const r = parseCasesCsv(
      csvBytes([HEADER, line({ title: 't', technologies: ' AI ；IoT;; ドローン ;', programs: '地方創生推進交付金', tags: '' })]),
    );
    expect(r.rows[0]!.input).toMatchObject({ technologies: ['AI', 'IoT', 'ドローン'], programs: ['地方創生推進交付金'], tags: [] });
  });

  it('accepts field names in full- or half-width forms', () => {
    const r = parseCasesCsv(csvBytes([HEADER, line({ title: 't', fields: 'ﾃﾚﾜｰｸ･働き方; 行政ＤＸ ;交通・ＭａａＳ' })]));
    expect(r.problems).toEqual([]);
    expect(r.rows[0]!.input.fields).toEqual(['テレワーク・働き方', '行政DX', '交通・MaaS']);
  });

  it('reads outcomes and sources', () => {
    const r = parseCasesCsv(
      csvBytes([
        HEADER,
        line({
          title: 't',
          outcomes: '進出企業=9 社;移住者=8人;雇用＝1,200　人;満足度=高い;比率=12.5%;売上=約3億円',
          sources: '神山町資料#第2章;総務省 事例集;  報告書 # 3.1 節 ',
        }),
      ]),
    );
    expect(r.problems).toEqual([]);
    expect(r.rows[0]!.input.outcomes).toEqual([
      { label: '進出企業', value: '9', unit: '社' },
      { label: '移住者', value: '8', unit: '人' },
      { label: '雇用', value: '1,200', unit: '人' },
      { label: '満足度', value: '高い', unit: '' },
      { label: '比率', value: '12.5', unit: '%' },
      { label: '売上', value: '約3億円', unit: '' },
    ]);
    expect(r.rows[0]!.input.sources).toEqual([
      { document: '神山町資料', section: '第2章' },
      { document: '総務省 事例集', section: '' },
      { document: '報告書', section: '3.1 節' },
    ]);
  });

  it('parses single outcomes', () => {
    expect(parseOutcome('進出企業=9 社')).toEqual({ label: '進出企業', value: '9', unit: '社' });
    expect(parseOutcome('人数=９人')).toEqual({ label: '人数', value: '９', unit: '人' });
    expect(parseOutcome('件数=30')).toEqual({ label: '件数', value: '30', unit: '' });
    expect(parseOutcome('成果なし')).toBeNull();
  });

  it('reports an empty outcome value in the outcomes column', () => {
    const r = parseCasesCsv(csvBytes([HEADER, line({ title: 't', outcomes: 'a=1 件;進出企業=' })]));
    expect(r.problems).toEqual([{ row: 2, column: 'outcomes', message: '2件目: 成果の値が空です。' }]);
  });

  it('takes ids as lower-case UUIDs and empty ids as new cases', () => {
    const id = 'A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D';
    const r = parseCasesCsv(csvBytes([HEADER, line({ id, title: 'a' }), line({ title: 'b' })]));
    expect(r.rows.map((x) => x.id)).toEqual([id.toLowerCase(), null]);
  });

  it('reports a duplicate id on the later row', () => {
    const id = '3f2b8c1e-6d4a-4f0e-9b7a-2c5d8e1f0a3b';
    const r = parseCasesCsv(
      csvBytes([HEADER, line({ id, title: 'first' }), line({ title: 'other' }), line({ id: id.toUpperCase(), title: 'again' })]),
    );
    expect(r.rows.map((x) => x.row)).toEqual([2, 3]);
    expect(r.problems).toEqual([{ row: 4, column: 'id', message: expect.stringContaining('2行目と同じ id') as unknown }]);
  });

  it('reports bad extras (organization type, origin, dates)', () => {
    const columns = [...CASE_CSV_COLUMNS, ...CASE_CSV_EXTRA_COLUMNS];
    const r = parseCasesCsv(
      csvBytes([
        columns.join(','),
        line({ title: 'a', organization_type: 'company', origin: 'import' }, columns),
        line({ title: 'b', organization_type: '役所', origin: 'web', created_at: '2025/04/01' }, columns),
      ]),
    );
    expect(r.rows.map((x) => [x.input.organizationType, x.extras])).toEqual([['company', { origin: 'import' }]]);
    expect(problemsOf(r)).toEqual([
      { row: 3, column: 'organization_type' },
      { row: 3, column: 'origin' },
      { row: 3, column: 'created_at' },
    ]);
  });
});

describe('parseCasesJson', () => {
  it('reads snake_case objects with arrays and objects; row = index + 1', () => {
    const r = parseCasesJson(
      json([
        {
          id: null,
          title: '事例A',
          prefecture: '徳島',
          fields: ['教育'],
          fiscal_year: 'R3',
          outcomes: [{ label: '参加者', value: 120, unit: '人' }, '満足度=90 %'],
          sources: [{ document: '資料' }, '報告書#2章'],
          organization_type: 'npo',
        },
        { title: '事例B', fiscal_year: 2019, tags: 'a;b' },
      ]),
    );
    expect(r.encoding).toBe('utf-8');
    expect(r.problems).toEqual([]);
    expect(r.total).toBe(2);
    expect(r.rows.map((x) => x.row)).toEqual([1, 2]);
    expect(r.rows[0]!.input).toMatchObject({
      prefecture: '徳島県',
      fiscalYear: 2021,
      organizationType: 'npo',
      outcomes: [
        { label: '参加者', value: '120', unit: '人' },
        { label: '満足度', value: '90', unit: '%' },
      ],
      sources: [
        { document: '資料', section: '' },
        { document: '報告書', section: '2章' },
      ],
    });
    expect(r.rows[1]!.input).toMatchObject({ fiscalYear: 2019, tags: ['a', 'b'] });
  });

  it('reads camelCase objects (API shape) and the seed file shape { cases: [...] }', () => {
    const id = '3f2b8c1e-6d4a-4f0e-9b7a-2c5d8e1f0a3b';
    const item = { id, title: 'A', fiscalYear: 2020, organizationType: 'company', origin: 'user', createdAt: '2025-01-01T00:00:00.000Z' };
    for (const r of [parseCasesJson(json([item])), parseCasesJson(json({ cases: [item] }))]) {
      expect(r.problems).toEqual([]);
      expect(r.rows[0]!.id).toBe(id);
      expect(r.rows[0]!.input).toMatchObject({ fiscalYear: 2020, organizationType: 'company' });
      expect(r.rows[0]!.extras).toEqual({ origin: 'user', createdAt: '2025-01-01T00:00:00.000Z' });
    }
  });

  it('reports bad objects by index + 1 and key', () => {
    const id = '3f2b8c1e-6d4a-4f0e-9b7a-2c5d8e1f0a3b';
    const r = parseCasesJson(
      json([
        { id, title: 'ok' },
        'not an object',
        { title: 'typo', fiscalyear: 2020 },
        { title: 'both', fiscal_year: 2020, fiscalYear: 2020 },
        { id, title: 'dup' },
        { title: 42, fields: ['農業'], fiscal_year: true },
      ]),
    );
    expect(r.total).toBe(6);
    expect(r.rows.map((x) => x.row)).toEqual([1]);
    expect(problemsOf(r)).toEqual([
      { row: 2, column: '' },
      { row: 3, column: 'fiscalyear' },
      { row: 4, column: 'fiscal_year' },
      { row: 5, column: 'id' },
      { row: 6, column: 'fiscal_year' },
      { row: 6, column: 'fields' },
      { row: 6, column: 'title' },
    ]);
    expect(r.problems[1]!.message).toBe('不明な項目です');
    expect(r.problems[3]!.message).toContain('1件目と同じ id');
  });

  it('throws invalid_input for text that is not JSON, with the position', () => {
    const err = catchError(() => parseCasesJson(enc.encode('[{"title": "a",}]')));
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('invalid_input');
    // Where (line and column, as a person counts them) and what is there, in Japanese: never the engine's English.
    expect((err as AppError).message).toBe('事例のファイルを JSON として読めません（1行目 16文字目付近:「[{"title": "a",}]」）。');
  });

  it('throws invalid_input when the top level is not an array', () => {
    const err = catchError(() => parseCasesJson(json({ title: 'a' })));
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('invalid_input');
  });

  it('reads JSON with a BOM and in Shift_JIS', () => {
    expect(parseCasesJson(enc.encode('\uFEFF[{"title":"事例"}]')).encoding).toBe('utf-8-bom');
    // [{"title":"あ"}] with あ = 82 A0
    const sjis = new Uint8Array([...enc.encode('[{"title":"'), 0x82, 0xa0, ...enc.encode('"}]')]);
    const r = parseCasesJson(sjis);
    expect(r.encoding).toBe('shift_jis');
    expect(r.rows[0]!.input.title).toBe('あ');
  });
});

describe('export and round trip', () => {
  const cases: Case[] = [
    CaseSchema.parse({
      id: '3f2b8c1e-6d4a-4f0e-9b7a-2c5d8e1f0a3b',
      title: '神山町サテライトオフィス「えんがわ」',
      summary: '光ファイバ網を活かし、IT企業の拠点を誘致した。',
      body: '第一段落、カンマ, 半角カンマ。\n「引用」と "二重引用符" と ""二つ"" 😀🎉\r\n\n  字下げ  \n最後の行',
      prefecture: '徳島県',
      municipality: '神山町',
      organization: 'NPO法人グリーンバレー',
      organizationType: 'npo',
      fields: ['サテライトオフィス・移住', 'テレワーク・働き方'],
      technologies: ['光ファイバ', 'クラウド'],
      programs: ['地方創生推進交付金', 'デジタル田園都市国家構想交付金'],
      fiscalYear: 2017,
      size: '人口約5,000人',
      outcomes: [
        { label: '進出企業', value: '16', unit: '社' },
        { label: '満足度', value: '高い', unit: '' },
        { label: '転入超過', value: '1.5', unit: '倍' },
      ],
      sources: [
        { document: '神山町 創生戦略', section: '第2章 2.1' },
        { document: '総務省 事例集', section: '' },
      ],
      tags: ['移住', 'IT企業'],
      origin: 'import',
      createdAt: '2024-04-01T00:00:00.000Z',
      updatedAt: '2025-11-22T10:20:30.456Z',
    }),
    CaseSchema.parse({
      id: '0b9c7a3e-1f2d-4c5b-8a6e-9d8c7b6a5f4e',
      title: '全国 MaaS 実証',
      summary: '',
      body: '',
      prefecture: '全国',
      fiscalYear: null,
      origin: 'user',
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
    }),
    CaseSchema.parse({
      id: 'c1d2e3f4-a5b6-4c7d-9e8f-0a1b2c3d4e5f',
      title: '"引用符" で始まる題名, カンマ付き',
      summary: '=SUM(A1) のような文字列',
      body: '"',
      prefecture: '北海道',
      municipality: '札幌市',
      organizationType: 'local-gov',
      fields: ['行政DX'],
      fiscalYear: 2019,
      outcomes: [{ label: '申請の電子化', value: '100', unit: '%' }],
      origin: 'seed',
      createdAt: '2023-05-01T00:00:00.000Z',
      updatedAt: '2023-05-02T00:00:00.000Z',
    }),
  ];

  const expected = cases.map(({ id, origin, createdAt, updatedAt, ...input }) => ({ id, input, extras: { origin, createdAt, updatedAt } }));
  const strip = (f: ParsedFile) => f.rows.map((r) => ({ id: r.id, input: r.input, extras: r.extras }));

  it('writes CSV as UTF-8 with BOM, CRLF and every column', () => {
    const bytes = casesToCsv(cases);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.subarray(3));
    expect(text.split('\r\n')[0]).toBe([...CASE_CSV_COLUMNS, ...CASE_CSV_EXTRA_COLUMNS].join(','));
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text).toContain('進出企業=16 社;満足度=高い;転入超過=1.5 倍');
    expect(text).toContain('神山町 創生戦略#第2章 2.1;総務省 事例集');
    expect(text).toContain(',2017,');
    const records = parseCsv(text);
    expect(records).toHaveLength(4);
    expect(records[1]![CASE_CSV_COLUMNS.indexOf('body')]).toBe(cases[0]!.body);
  });

  it('CSV round trip gives back the same inputs and extras', () => {
    const r = parseCasesCsv(casesToCsv(cases));
    expect(r.encoding).toBe('utf-8-bom');
    expect(r.problems).toEqual([]);
    expect(r.rows.map((x) => x.row)).toEqual([2, 3, 4]);
    expect(strip(r)).toEqual(expected);
  });

  it('writes JSON as UTF-8 without BOM, snake_case, every column', () => {
    const bytes = casesToJson(cases);
    expect(bytes[0]).toBe('['.charCodeAt(0));
    const data = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>[];
    expect(Object.keys(data[0]!)).toEqual([...CASE_CSV_COLUMNS, ...CASE_CSV_EXTRA_COLUMNS]);
    expect(data[1]).toMatchObject({ fiscal_year: null, prefecture: '全国', organization_type: '' });
    expect(data[0]!.outcomes).toEqual(cases[0]!.outcomes);
  });

  it('JSON round trip gives back the same inputs and extras', () => {
    const r = parseCasesJson(casesToJson(cases));
    expect(r.problems).toEqual([]);
    expect(r.rows.map((x) => x.row)).toEqual([1, 2, 3]);
    expect(strip(r)).toEqual(expected);
  });

  it('exports an empty list as just the header / an empty array', () => {
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(casesToCsv([]))).toBe(`\uFEFF${[...CASE_CSV_COLUMNS, ...CASE_CSV_EXTRA_COLUMNS].join(',')}\r\n`);
    expect(parseCasesJson(casesToJson([]))).toEqual({ encoding: 'utf-8', rows: [], problems: [], total: 0 });
  });
});
