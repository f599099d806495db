/**
 * Case files: reading CSV / JSON that people bring (UTF-8 with or without BOM, Shift_JIS/CP932 from Excel)
 * and writing CSV (UTF-8 with BOM, CRLF, for Excel) and JSON that read back to the same data.
 *
 * Pure functions over bytes: no database, no file system. The importer decides what to do with the
 * problems (write nothing, or skip the rejected rows).
 *
 * The file format (CSV header names = JSON keys):
 *   id, title, summary, body, prefecture, municipality, organization, fields, technologies, programs,
 *   fiscal_year, outcomes, sources, tags            (required CSV columns, CASE_CSV_COLUMNS)
 *   organization_type, size, origin, created_at, updated_at   (optional on import, always exported)
 * In CSV, lists are separated by `;` (or full-width `；`), an outcome is `名前=値 単位` and a source is
 * `資料名#節`. JSON uses arrays and objects ({label, value, unit} / {document, section}) and also accepts
 * the CSV string forms and camelCase keys (fiscalYear, organizationType, createdAt, updatedAt).
 *
 * CSV is read and written by the app's one CSV module (electron/core/files/csv.ts, on csv-parse and
 * csv-stringify): encodings, line endings, quoting, and formula neutralisation on export that import
 * undoes, so a cell such as `=SUM(A1)` or `+81 3-1234-5678` comes back as it was.
 *
 * CSV round-trip limitation (JSON has none): the CSV forms have no escaping, so a list item containing
 * `;`/`；`, an outcome label containing `=`/`＝`, a source document containing `#`, an outcome value
 * containing whitespace, and an outcome with an empty unit whose value is a number followed by text
 * (`9社` is read back as value 9, unit 社) do not come back unchanged from CSV.
 */
import { z } from 'zod';
import type { ImportProblem } from '../../../shared/contract/cases.ts';
import {
  CASE_CSV_COLUMNS,
  CASE_FIELDS,
  CASE_ORIGINS,
  CaseInputSchema,
  ORGANIZATION_TYPES,
} from '../../../shared/domain/case.ts';
import type { Case, CaseField, CaseInput, CaseOrigin, OrganizationType ,
  CASE_CSV_EXTRA_COLUMNS} from '../../../shared/domain/case.ts';
import { normalizePrefecture } from '../../../shared/domain/prefectures.ts';
import { parseFiscalYear } from '../../../shared/domain/wareki.ts';
import { parseJsonText } from '../../../shared/json-text.ts';
import { AppError } from '../../../shared/errors.ts';
import { excerpt } from '../../../shared/excerpt.ts';
import { issueMessageJa } from '../../../shared/zod-ja.ts';
import { bytesSource, encodeCsv, readCsv, withCsvAttempts, type ByteSource, type CsvAttempt } from '../files/csv.ts';
import { decodeText, type DetectedEncoding } from '../files/text.ts';
import { CaseEntity } from './entity.ts';

export type { DetectedEncoding };

/** Bookkeeping carried by a file so that export → import loses nothing. Absent when the cell is empty. */
export interface ParsedExtras {
  origin?: CaseOrigin;
  createdAt?: string;
  updatedAt?: string;
}

export interface ParsedRow {
  /** CSV: the spreadsheet row (header = row 1). JSON: the array index + 1 (first object = 1). */
  row: number;
  /** A lower-case UUID, or null for a new case (empty id). */
  id: string | null;
  input: CaseInput;
  extras: ParsedExtras;
}

export interface ParsedFile {
  encoding: DetectedEncoding;
  /** Only the rows without any problem. */
  rows: ParsedRow[];
  /** Every problem found, ordered by row; a row may have several. */
  problems: ImportProblem[];
  /** Data rows in the file (valid or not; blank CSV lines are not counted). */
  total: number;
}

type Column = (typeof CASE_CSV_COLUMNS)[number] | (typeof CASE_CSV_EXTRA_COLUMNS)[number];
type RawRecord = Record<Column, unknown>;

/** A record with every column unset; one object shape for all rows keeps property access fast. */
function emptyRecord(): RawRecord {
  return { ...EMPTY_RECORD };
}

/** Every column, in file order: the required ones, then the extras. */
export const CASE_FILE_COLUMNS: readonly Column[] = CaseEntity.fileColumns as Column[];
const EMPTY_RECORD = Object.fromEntries(CASE_FILE_COLUMNS.map((c) => [c, undefined])) as RawRecord;

const ENCODER = new TextEncoder();

// ---------------------------------------------------------------------------------------------------
// Shared vocabulary (built once)

const KEY_ALIASES = new Map<string, Column>([
  ...CASE_FILE_COLUMNS.map((c) => [c, c] as const),
  ['fiscalYear', 'fiscal_year'],
  ['organizationType', 'organization_type'],
  ['createdAt', 'created_at'],
  ['updatedAt', 'updated_at'],
]);

/** CaseInput keys → file columns, for zod issue paths. */
const SCHEMA_KEY_TO_COLUMN: Record<string, Column> = {
  fiscalYear: 'fiscal_year',
  organizationType: 'organization_type',
};

const FIELD_BY_NFKC = new Map<string, CaseField>(CASE_FIELDS.map((f) => [f.normalize('NFKC').trim(), f]));
const ORG_TYPE_BY_TEXT = new Map<string, OrganizationType>();
for (const [code, label] of Object.entries(ORGANIZATION_TYPES) as [OrganizationType, string][]) {
  ORG_TYPE_BY_TEXT.set(code, code);
  ORG_TYPE_BY_TEXT.set(label.normalize('NFKC'), code);
}
const ORIGINS = new Set<string>(CASE_ORIGINS);

const UUID = z.uuid();
const ISO_DATETIME = z.iso.datetime();

const LIST_SEP = /[;；]/;
const OUTCOME_EQ = /[=＝]/;
const WHITESPACE = /\s/; // includes the full-width space U+3000
const NUMBER_PREFIX = /^([+\-−－]?[0-9０-９][0-9０-９,，.．]*)(.*)$/s;
const JAPANESE = /[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]/;
const BOM_START = /^\uFEFF/;

const MSG = {
  unknownColumn: '不明な列です',
  unknownKey: '不明な項目です',
  missingColumn: '必須の列がありません',
  fiscalYear: '年度を読み取れません（例: 2021、R3、令和3年度、H29）',
  outcome: '成果は「名前=値 単位」の形で書いてください',
  notField: 'は分野の一覧にありません',
} as const;

// ---------------------------------------------------------------------------------------------------
// One record (a CSV row or a JSON object, keys already mapped to columns) → a row or problems

interface RowContext {
  problems: ImportProblem[];
  /** id → the row where it first appeared */
  seenIds: Map<string, number>;
  /** '行目' for CSV, '件目' for JSON */
  rowWord: string;
  /** Cell text → result; the same prefectures and years repeat on every row. */
  prefectureCache: Map<string, string | null>;
  yearCache: Map<string, number | null>;
}

function newContext(problems: ImportProblem[], rowWord: string): RowContext {
  return { problems, seenIds: new Map(), rowWord, prefectureCache: new Map(), yearCache: new Map() };
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** A bad value as messages quote it: a short, cleaned excerpt (a 20 MB cell, NULs). */
function show(v: unknown): string {
  return excerpt(v);
}

function splitList(s: string): string[] {
  const out: string[] = [];
  if (s === '') return out;
  for (const part of s.indexOf('；') < 0 ? s.split(';') : s.split(LIST_SEP)) {
    const t = part.trim();
    if (t !== '') out.push(t);
  }
  return out;
}

/** A list cell: a `;` string or an array; strings trimmed, empty items dropped. Other values go to zod as they are. */
function listOf(v: unknown): unknown {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return splitList(v);
  if (!Array.isArray(v)) return v;
  const out: unknown[] = [];
  for (const x of v) {
    if (typeof x === 'string') {
      const t = x.trim();
      if (t !== '') out.push(t);
    } else out.push(x);
  }
  return out;
}

/** `進出企業=9 社` → {label, value, unit}; `移住者=8人` → value 8, unit 人; null without `=`. */
export function parseOutcome(item: string): { label: string; value: string; unit: string } | null {
  const eq = item.search(OUTCOME_EQ);
  if (eq < 0) return null;
  const label = item.slice(0, eq).trim();
  const rest = item.slice(eq + 1).trim();
  const ws = rest.search(WHITESPACE);
  if (ws >= 0) return { label, value: rest.slice(0, ws), unit: rest.slice(ws + 1).trim() };
  const m = NUMBER_PREFIX.exec(rest);
  if (m) return { label, value: m[1]!, unit: m[2]!.trim() };
  return { label, value: rest, unit: '' };
}

/** `資料名#節` → {document, section}. */
export function parseSource(item: string): { document: string; section: string } {
  const hash = item.indexOf('#');
  if (hash < 0) return { document: item.trim(), section: '' };
  return { document: item.slice(0, hash).trim(), section: item.slice(hash + 1).trim() };
}

function formatOutcome(o: { label: string; value: string; unit: string }): string {
  return o.unit === '' ? `${o.label}=${o.value}` : `${o.label}=${o.value} ${o.unit}`;
}

function formatSource(s: { document: string; section: string }): string {
  return s.section === '' ? s.document : `${s.document}#${s.section}`;
}

function zodMessage(issue: z.core.$ZodIssue): string {
  // The schema's own Japanese messages (題名は必須です。 …) say more than the generic ones.
  const base = JAPANESE.test(issue.message) ? issue.message : issueMessageJa(issue);
  const index = issue.path[1];
  return typeof index === 'number' ? `${index + 1}件目: ${base}` : base;
}

function assemble(row: number, raw: RawRecord, ctx: RowContext): ParsedRow | null {
  const problems = ctx.problems;
  const before = problems.length;
  const reported = new Set<Column>();
  const report = (column: Column, message: string): void => {
    problems.push({ row, column, message });
    reported.add(column);
  };

  // id
  let id: string | null = null;
  if (!isBlank(raw.id)) {
    const parsed = typeof raw.id === 'string' ? UUID.safeParse(raw.id.trim()) : null;
    if (!parsed?.success) {
      report('id', `id は UUID（例: 3f2b8c1e-6d4a-4f0e-9b7a-2c5d8e1f0a3b）で書いてください。新しい事例なら空欄にします: 「${show(raw.id)}」`);
    } else {
      id = parsed.data.toLowerCase();
      const first = ctx.seenIds.get(id);
      if (first !== undefined) report('id', `${first}${ctx.rowWord}と同じ id です（1つのファイルに同じ id は1回だけ書けます）。`);
      else ctx.seenIds.set(id, row);
    }
  }

  // prefecture
  let prefecture: unknown = '';
  if (!isBlank(raw.prefecture)) {
    let p: string | null = null;
    if (typeof raw.prefecture === 'string') {
      const hit = ctx.prefectureCache.get(raw.prefecture);
      if (hit !== undefined) p = hit;
      else ctx.prefectureCache.set(raw.prefecture, (p = normalizePrefecture(raw.prefecture)));
    }
    if (p === null) report('prefecture', `都道府県名として読み取れません（例: 徳島県、東京、全国）: 「${show(raw.prefecture)}」`);
    else prefecture = p;
  }

  // fiscal_year
  let fiscalYear: number | null = null;
  if (!isBlank(raw.fiscal_year)) {
    const v = raw.fiscal_year;
    let y: number | null = null;
    if (typeof v === 'number') y = parseFiscalYear(v);
    else if (typeof v === 'string') {
      const hit = ctx.yearCache.get(v);
      if (hit !== undefined) y = hit;
      else ctx.yearCache.set(v, (y = parseFiscalYear(v)));
    }
    if (y === null) report('fiscal_year', `${MSG.fiscalYear}: 「${show(v)}」`);
    else fiscalYear = y;
  }

  // fields
  let fields: unknown = listOf(raw.fields);
  if (Array.isArray(fields)) {
    const known: CaseField[] = [];
    for (const f of fields as unknown[]) {
      const hit = typeof f === 'string' ? FIELD_BY_NFKC.get(f.normalize('NFKC').trim()) : undefined;
      if (hit === undefined) report('fields', `「${show(f)}」${MSG.notField}`);
      else known.push(hit);
    }
    fields = known;
  }

  // outcomes
  let outcomes = listOf(raw.outcomes);
  if (Array.isArray(outcomes)) {
    outcomes = (outcomes as unknown[]).map((o) => {
      if (typeof o === 'string') {
        const parsed = parseOutcome(o);
        if (parsed === null) report('outcomes', `${MSG.outcome}: 「${show(o)}」`);
        return parsed;
      }
      if (o !== null && typeof o === 'object' && typeof (o as { value?: unknown }).value === 'number') {
        return { ...o, value: String((o as { value: number }).value) };
      }
      return o;
    });
  }

  // sources
  let sources = listOf(raw.sources);
  if (Array.isArray(sources)) sources = (sources as unknown[]).map((s) => (typeof s === 'string' ? parseSource(s) : s));

  // organization_type
  let organizationType: unknown = '';
  if (!isBlank(raw.organization_type)) {
    const t = typeof raw.organization_type === 'string' ? ORG_TYPE_BY_TEXT.get(raw.organization_type.normalize('NFKC').trim()) : undefined;
    if (t === undefined) {
      const choices = Object.entries(ORGANIZATION_TYPES).map(([code, label]) => `${code}（${label}）`).join('、');
      report('organization_type', `団体の種類は次のいずれかです: ${choices}: 「${show(raw.organization_type)}」`);
    } else organizationType = t;
  }

  // extras
  const extras: ParsedExtras = {};
  if (!isBlank(raw.origin)) {
    const o = typeof raw.origin === 'string' ? raw.origin.trim() : '';
    if (ORIGINS.has(o)) extras.origin = o as CaseOrigin;
    else report('origin', `登録元は ${CASE_ORIGINS.join(' / ')} のいずれかです: 「${show(raw.origin)}」`);
  }
  for (const [column, key] of [
    ['created_at', 'createdAt'],
    ['updated_at', 'updatedAt'],
  ] as const) {
    const v = raw[column];
    if (isBlank(v)) continue;
    const parsed = typeof v === 'string' ? ISO_DATETIME.safeParse(v.trim()) : null;
    if (parsed?.success) extras[key] = parsed.data;
    else report(column, `日時は ISO 8601 の UTC（例: 2025-04-01T09:00:00.000Z）で書いてください: 「${show(v)}」`);
  }

  const draft = {
    title: raw.title ?? '',
    summary: raw.summary ?? '',
    body: raw.body ?? '',
    prefecture,
    municipality: raw.municipality ?? '',
    organization: raw.organization ?? '',
    organizationType,
    fields,
    technologies: listOf(raw.technologies),
    programs: listOf(raw.programs),
    fiscalYear,
    size: raw.size ?? '',
    outcomes,
    sources,
    tags: listOf(raw.tags),
  };
  const result = CaseInputSchema.safeParse(draft);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = issue.path[0];
      const column = typeof key === 'string' ? (SCHEMA_KEY_TO_COLUMN[key] ?? (key as Column)) : ('' as Column);
      if (reported.has(column)) continue; // already explained in the column's own words
      problems.push({ row, column, message: zodMessage(issue) });
    }
  }
  if (problems.length > before || !result.success) return null;
  return { row, id, input: result.data, extras };
}

// ---------------------------------------------------------------------------------------------------
// CSV

function isBlankRecord(rec: readonly string[]): boolean {
  for (const cell of rec) if (cell.trim() !== '') return false;
  return true;
}

/**
 * Rows are numbered as in a spreadsheet: the header is row 1, the first data row is row 2, a quoted
 * multi-line cell is still one row, and blank lines count (they are rows in Excel too) but are skipped.
 */
export function parseCasesCsv(bytes: Uint8Array): ParsedFile {
  const source = bytesSource(bytes);
  return withCsvAttempts(source, (attempt) => {
    const rows: ParsedRow[] = [];
    const read = readCasesCsv(source, attempt, (r) => rows.push(r));
    return { ...read, rows };
  });
}

/**
 * A CSV file of cases as a stream (files/csv.ts readCsv): every row without problems goes to
 * `onRow` as soon as it is read, so a file of any size is never held as rows. Throws CsvRetry
 * like readCsv (the caller undoes what `onRow` did; withCsvAttempts reads again).
 */
export function readCasesCsv(source: ByteSource, attempt: CsvAttempt, onRow: (row: ParsedRow) => void, problems: ImportProblem[] = []): Omit<ParsedFile, 'rows'> {
  const ctx = newContext(problems, '行目');
  const encoding = attempt.encoding;
  let index = 0; // records read so far (the next record's spreadsheet row is index + 1)
  let header: { row: number; columnAt: (Column | null)[]; width: number; complete: boolean } | null = null;
  let total = 0;
  readCsv(source, attempt, (rec) => {
    index++;
    const row = index;
    if (isBlankRecord(rec)) return;
    if (header === null) {
      header = readHeader(rec, row, problems);
      return;
    }
    total++;
    if (!header.complete) return;
    if (rec.length !== header.width) {
      problems.push({ row, column: '', message: `列の数が見出しと合いません（見出しは${header.width}列、この行は${rec.length}列）。` });
      return;
    }
    const raw = emptyRecord();
    for (let j = 0; j < header.width; j++) {
      const col = header.columnAt[j];
      if (col) raw[col] = rec[j];
    }
    const parsed = assemble(row, raw, ctx);
    if (parsed) onRow(parsed);
  });
  if (header === null) {
    problems.push({ row: 1, column: '', message: 'ファイルが空です（見出しの行がありません）。' });
  }
  return { encoding, problems, total };
}

function readHeader(cells: readonly string[], headerRow: number, problems: ImportProblem[]): { row: number; columnAt: (Column | null)[]; width: number; complete: boolean } {
  const columnAt: (Column | null)[] = [];
  const found = new Set<Column>();
  for (const cell of cells) {
    const name = cell.replace(BOM_START, '').trim();
    if (name === '') {
      columnAt.push(null);
      continue;
    }
    const col = KEY_ALIASES.get(name) ?? KEY_ALIASES.get(name.normalize('NFKC').toLowerCase());
    if (col === undefined) {
      problems.push({ row: headerRow, column: name, message: MSG.unknownColumn });
      columnAt.push(null);
    } else if (found.has(col)) {
      problems.push({ row: headerRow, column: col, message: '同じ列が2回あります（最初の列を使います）。' });
      columnAt.push(null);
    } else {
      found.add(col);
      columnAt.push(col);
    }
  }
  const missing = CASE_CSV_COLUMNS.filter((c) => !found.has(c));
  for (const c of missing) problems.push({ row: headerRow, column: c, message: MSG.missingColumn });
  return { row: headerRow, columnAt, width: cells.length, complete: missing.length === 0 };
}

/** CSV forms of the columns that are not plain text or `;` lists. */
const CSV_FORMAT: Partial<Record<Column, (v: never) => string>> = {
  outcomes: (v: Case['outcomes']) => v.map(formatOutcome).join(';'),
  sources: (v: Case['sources']) => v.map(formatSource).join(';'),
};

/** One case as CSV cells, column by column from the entity definition (lists joined by `;`). */
function caseToRecord(c: Case): Record<Column, string> {
  const o = CaseEntity.toFileObject(c as never) as Record<Column, unknown>;
  const out = {} as Record<Column, string>;
  for (const col of CASE_FILE_COLUMNS) {
    const v = o[col];
    const f = CSV_FORMAT[col];
    out[col] = f ? f(v as never) : v === null || v === undefined ? '' : Array.isArray(v) ? v.join(';') : String(v);
  }
  return out;
}

/** UTF-8 with BOM and CRLF (what Excel expects); every column, required then extra. See the limitation above. */
export function casesToCsv(cases: readonly Case[]): Uint8Array {
  const records: string[][] = [[...CASE_FILE_COLUMNS]];
  for (const c of cases) {
    const r = caseToRecord(c);
    records.push(CASE_FILE_COLUMNS.map((col) => r[col]));
  }
  return encodeCsv(records);
}

// ---------------------------------------------------------------------------------------------------
// JSON

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * An array of case objects (or `{ "cases": [...] }` as in seeds/cases/*.json). `row` is the array
 * index + 1, so the first object is row 1 (there is no header row in JSON).
 */
export function parseCasesJson(bytes: Uint8Array): ParsedFile {
  const { text, encoding } = decodeText(bytes);
  const parsed = parseJsonText(text, '事例のファイル');
  if (!parsed.ok) throw new AppError('invalid_input', parsed.message);
  const data = parsed.value;
  let items: unknown[];
  if (Array.isArray(data)) items = data;
  else if (isPlainObject(data) && Array.isArray(data.cases)) items = data.cases;
  else throw new AppError('invalid_input', 'JSON は事例の配列（[ { … }, … ]）にしてください。');

  const problems: ImportProblem[] = [];
  const ctx = newContext(problems, '件目');
  const rows: ParsedRow[] = [];
  for (let i = 0; i < items.length; i++) {
    const row = i + 1;
    const item = items[i];
    if (!isPlainObject(item)) {
      problems.push({ row, column: '', message: '事例はオブジェクト（{ … }）で書いてください。' });
      continue;
    }
    const raw = emptyRecord();
    const given = new Set<Column>();
    let bad = false;
    for (const key of Object.keys(item)) {
      const col = KEY_ALIASES.get(key);
      if (col === undefined) {
        problems.push({ row, column: key, message: MSG.unknownKey });
        bad = true;
      } else if (given.has(col)) {
        problems.push({ row, column: col, message: '同じ項目が2回書かれています（snake_case と camelCase）。' });
        bad = true;
      } else {
        given.add(col);
        raw[col] = item[key];
      }
    }
    const parsed = assemble(row, raw, ctx);
    if (parsed && !bad) rows.push(parsed);
  }
  return { encoding, rows, problems, total: items.length };
}

/** One exported case: the CSV's column names (from the entity definition), lists as arrays, outcomes and sources as objects. */
function caseToJsonObject(c: Case): Record<Column, unknown> {
  const o = CaseEntity.toFileObject(c as never) as Record<Column, unknown>;
  return {
    ...o,
    outcomes: c.outcomes.map((x) => ({ label: x.label, value: x.value, unit: x.unit })),
    sources: c.sources.map((x) => ({ document: x.document, section: x.section })),
  };
}

/** UTF-8 without BOM, indented, with a final newline. */
export function casesToJson(cases: readonly Case[]): Uint8Array {
  return ENCODER.encode(`${JSON.stringify(cases.map(caseToJsonObject), null, 2)}\n`);
}
