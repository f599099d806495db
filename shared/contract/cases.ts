import { z } from 'zod';
import { CASE_FIELDS, CaseInputSchema, CasePatchSchema, CaseSchema, SynonymGroupsSchema } from '../domain/case.ts';
import { cleanString } from '../text.ts';
import { method } from './define.ts';

export const CaseFiltersSchema = z
  .object({
    prefectures: z.array(cleanString().max(10)).max(48).default([]),
    fields: z.array(z.enum(CASE_FIELDS)).max(CASE_FIELDS.length).default([]),
    technologies: z.array(cleanString().max(60)).max(50).default([]),
    programs: z.array(cleanString().max(200)).max(50).default([]),
    yearFrom: z.number().int().min(1900).max(2100).nullable().default(null),
    yearTo: z.number().int().min(1900).max(2100).nullable().default(null),
  })
  .strict();
export type CaseFilters = z.infer<typeof CaseFiltersSchema>;

export const CaseSortSchema = z.enum(['relevance', 'year-desc', 'year-asc']);
export type CaseSort = z.infer<typeof CaseSortSchema>;

export const CaseSearchInputSchema = z
  .object({
    query: cleanString().max(500, '検索語は500文字以内にしてください。').default(''),
    filters: CaseFiltersSchema.default({ prefectures: [], fields: [], technologies: [], programs: [], yearFrom: null, yearTo: null }),
    sort: CaseSortSchema.default('relevance'),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(50),
  })
  .strict();
export type CaseSearchInput = z.input<typeof CaseSearchInputSchema>;

/** A snippet as text pieces; `hit` pieces match a search term. */
export const SnippetPartSchema = z.object({ text: z.string(), hit: z.boolean() });
export type SnippetPart = z.infer<typeof SnippetPartSchema>;

export const CaseHitSchema = z.object({
  id: z.string(),
  title: z.string(),
  prefecture: z.string(),
  municipality: z.string(),
  organization: z.string(),
  fiscalYear: z.number().int().nullable(),
  fields: z.array(z.string()),
  technologies: z.array(z.string()),
  origin: z.string(),
  /** Lower is better (bm25 convention); 0 when the query has no words. */
  score: z.number(),
  titleParts: z.array(SnippetPartSchema),
  snippetParts: z.array(SnippetPartSchema),
});
export type CaseHit = z.infer<typeof CaseHitSchema>;

export const CaseSearchResultSchema = z.object({
  total: z.number().int().nonnegative(),
  /** true when there are more than `total` matches (counting stops at 5,000 for words; shown as 「5,000件以上」). */
  totalIsLowerBound: z.boolean(),
  items: z.array(CaseHitSchema),
  /** The words searched for after normalisation and synonyms (for display). */
  terms: z.array(z.string()),
  tookMs: z.number(),
});
export type CaseSearchResult = z.infer<typeof CaseSearchResultSchema>;

const FacetValuesSchema = z.array(z.object({ value: z.string(), count: z.number().int() }));
export const CaseFacetsSchema = z.object({
  prefecture: FacetValuesSchema,
  field: FacetValuesSchema,
  technology: FacetValuesSchema,
  program: FacetValuesSchema,
  year: z.array(z.object({ value: z.number().int(), count: z.number().int() })),
});
export type CaseFacets = z.infer<typeof CaseFacetsSchema>;

export const ImportProblemSchema = z.object({
  /** Spreadsheet row: the header is row 1. For JSON, the array index + 1. */
  row: z.number().int(),
  column: z.string(),
  message: z.string(),
});
export type ImportProblem = z.infer<typeof ImportProblemSchema>;

export const CaseImportInputSchema = z
  .object({
    format: z.enum(['csv', 'json']),
    /** The file's bytes, base64 (encoding is detected: UTF-8 with or without BOM, Shift_JIS/CP932). */
    contentBase64: z.string().max(200 * 1024 * 1024),
    fileName: z.string().max(300).default(''),
    skipInvalid: z.boolean().default(false),
  })
  .strict();

export const CaseImportResultSchema = z.object({
  imported: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.array(ImportProblemSchema),
  /** false when nothing was written (a preview, or rejected rows without skipInvalid). */
  written: z.boolean(),
  encoding: z.string(),
  rows: z.number().int(),
});
export type CaseImportResult = z.infer<typeof CaseImportResultSchema>;

export const casesMethods = {
  'cases.search': method({
    summary: '好事例を検索する（全角半角・大小文字・同義語を区別しない）',
    mutates: false,
    input: CaseSearchInputSchema,
    output: CaseSearchResultSchema,
  }),
  'cases.facets': method({
    summary: '検索結果の絞り込み候補と件数を返す',
    mutates: false,
    input: CaseSearchInputSchema.pick({ query: true, filters: true }).strict(),
    output: CaseFacetsSchema,
  }),
  'cases.get': method({
    summary: '事例を1件返す',
    mutates: false,
    input: z.object({ id: z.string() }).strict(),
    output: CaseSchema,
  }),
  'cases.draftFromEngagement': method({
    summary: '案件から匿名化した好事例の下書きを作る（支援先名・担当者・出席者・連絡先・メモを除く。保存はしない）',
    mutates: false,
    input: z.object({ engagementId: z.string().trim().min(1, '案件の id を指定してください。') }).strict(),
    output: z.object({ draft: CaseInputSchema, removed: z.array(z.string()) }),
  }),
  'cases.create': method({
    summary: '事例を登録する',
    mutates: true,
    input: CaseInputSchema.strict(),
    output: CaseSchema,
  }),
  'cases.update': method({
    summary: '事例を更新する（指定した項目だけ）',
    mutates: true,
    /** expectedUpdatedAt: the updatedAt the form last saw; a stale write is refused with `conflict`. */
    input: z.object({ id: z.string(), patch: CasePatchSchema, expectedUpdatedAt: z.iso.datetime().optional() }).strict(),
    output: CaseSchema,
  }),
  'cases.delete': method({
    summary: '事例を削除する（戻すときは cases.restore）',
    mutates: true,
    input: z.object({ id: z.string(), expectedUpdatedAt: z.iso.datetime().optional() }).strict(),
    output: z.object({ deleted: CaseSchema }),
  }),
  'cases.restore': method({
    summary: '削除した事例を元に戻す',
    mutates: true,
    input: z.object({ case: CaseSchema }).strict(),
    output: CaseSchema,
  }),
  'cases.importPreview': method({
    summary: '取り込みの結果を、何も書き込まずに確認する',
    mutates: false,
    input: CaseImportInputSchema,
    output: CaseImportResultSchema,
  }),
  'cases.import': method({
    summary: 'CSV / JSON から事例を取り込む（既定では1行でも誤りがあれば何も書き込まない）',
    mutates: true,
    input: CaseImportInputSchema,
    output: CaseImportResultSchema,
  }),
  'cases.export': method({
    summary: '事例を CSV（BOM 付き UTF-8）または JSON で書き出す',
    mutates: false,
    input: z.object({ format: z.enum(['csv', 'json']) }).strict(),
    output: z.object({ fileName: z.string(), mimeType: z.string(), contentBase64: z.string(), count: z.number().int() }),
  }),
  'synonyms.list': method({
    summary: '検索の同義語グループを返す',
    mutates: false,
    input: z.object({}).strict(),
    output: z.object({ groups: z.array(z.array(z.string())) }),
  }),
  'synonyms.save': method({
    summary: '検索の同義語グループを保存する',
    mutates: true,
    input: z.object({ groups: SynonymGroupsSchema }).strict(),
    output: z.object({ groups: z.array(z.array(z.string())) }),
  }),
};
