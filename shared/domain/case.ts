import { z } from 'zod';
import { cleanString } from '../text.ts';
import { NATIONWIDE, PREFECTURES } from './prefectures.ts';
import { MAX_YEAR, MIN_YEAR } from './wareki.ts';

/** 分野: a fixed vocabulary (files that use these names import as they are). */
export const CASE_FIELDS = [
  'テレワーク・働き方',
  'サテライトオフィス・移住',
  '教育',
  '医療・介護・健康',
  '防災',
  '交通・MaaS',
  '農林水産',
  '観光',
  '商店街・まちづくり',
  '産業・ものづくり',
  '行政DX',
  'キャッシュレス',
  '人材育成',
  'エネルギー',
  '通信インフラ',
  'データ活用',
  '地域コミュニティ',
  'その他',
] as const;
export const CaseFieldSchema = z.enum(CASE_FIELDS, { error: () => `分野は次のいずれかです: ${CASE_FIELDS.join('、')}` });
export type CaseField = z.infer<typeof CaseFieldSchema>;

export const ORGANIZATION_TYPES = {
  'local-gov': '地方公共団体',
  company: '企業',
  npo: 'NPO・団体',
  university: '大学・研究機関',
  consortium: '協議会・コンソーシアム',
  other: 'その他',
} as const;
export type OrganizationType = keyof typeof ORGANIZATION_TYPES;
export const OrganizationTypeSchema = z.union([
  z.enum(Object.keys(ORGANIZATION_TYPES) as [OrganizationType, ...OrganizationType[]]),
  z.literal(''),
]);

export const CasePrefectureSchema = z.union([z.enum(PREFECTURES), z.literal(NATIONWIDE), z.literal('')], {
  error: () => '都道府県名が正しくありません（例: 徳島県、全国）。',
});

export const CASE_ORIGINS = ['seed', 'user', 'import'] as const;
export const CaseOriginSchema = z.enum(CASE_ORIGINS);
export type CaseOrigin = z.infer<typeof CaseOriginSchema>;

const tag = cleanString().trim().min(1, '空の項目があります。').max(60, '60文字以内にしてください。');

/** 進出企業 = 9 社 */
export const OutcomeSchema = z.object({
  label: cleanString().trim().min(1, '成果の名前が空です。').max(100),
  value: cleanString().trim().min(1, '成果の値が空です。').max(50),
  unit: cleanString().trim().max(20).default(''),
});
export type Outcome = z.infer<typeof OutcomeSchema>;

/** Where a fact comes from: a document and its section. */
export const SourceSchema = z.object({
  document: cleanString().trim().min(1, '出典の資料名が空です。').max(300),
  section: cleanString().trim().max(300).default(''),
});
export type Source = z.infer<typeof SourceSchema>;

export const FiscalYearSchema = z
  .number({ error: () => '年度は西暦の整数で指定してください。' })
  .int()
  .min(MIN_YEAR, `年度は${MIN_YEAR}年度以降にしてください。`)
  .max(MAX_YEAR, `年度は${MAX_YEAR}年度以前にしてください。`)
  .nullable();

/** What a person writes: everything except identity and bookkeeping. */
export const CaseInputSchema = z.object({
  title: cleanString().trim().min(1, '題名は必須です。').max(200, '題名は200文字以内にしてください。'),
  summary: cleanString().max(2000, '概要は2,000文字以内にしてください。').default(''),
  body: cleanString().max(100_000, '本文は100,000文字以内にしてください。').default(''),
  prefecture: CasePrefectureSchema.default(''),
  municipality: cleanString().trim().max(100).default(''),
  organization: cleanString().trim().max(200).default(''),
  organizationType: OrganizationTypeSchema.default(''),
  fields: z.array(CaseFieldSchema).max(20).default([]),
  technologies: z.array(tag).max(50).default([]),
  programs: z.array(cleanString().trim().min(1).max(200)).max(50).default([]),
  fiscalYear: FiscalYearSchema.default(null),
  size: cleanString().trim().max(100).default(''),
  outcomes: z.array(OutcomeSchema).max(100).default([]),
  sources: z.array(SourceSchema).max(50).default([]),
  tags: z.array(tag).max(100).default([]),
});
export type CaseInput = z.infer<typeof CaseInputSchema>;
export type CaseInputDraft = z.input<typeof CaseInputSchema>;

type PatchShape<T extends z.ZodRawShape> = { [K in keyof T]: z.ZodOptional<T[K] extends z.ZodDefault<infer I> ? I : T[K]> };

/**
 * A change to some fields of a case. Built without the input schema's defaults: zod 4's
 * `.partial()` keeps `.default()`, which would turn every field left out of a patch into its
 * empty default and wipe it.
 */
export const CasePatchSchema = z
  .object(
    Object.fromEntries(
      Object.entries(CaseInputSchema.shape).map(([k, s]) => [k, (s instanceof z.ZodDefault ? (s.unwrap() as z.ZodType) : s).optional()]),
    ) as PatchShape<typeof CaseInputSchema.shape>,
  )
  .strict();
export type CasePatch = z.infer<typeof CasePatchSchema>;

export const CaseSchema = CaseInputSchema.extend({
  id: z.uuid({ error: () => 'id は UUID で指定してください。' }),
  origin: CaseOriginSchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Case = z.infer<typeof CaseSchema>;

/** A seed case as stored in seeds/cases/*.json: a fixed id, no bookkeeping. */
export const SeedCaseSchema = CaseInputSchema.extend({
  id: z.uuid(),
  sources: z.array(SourceSchema).min(1, '種データの事例には出典が必要です。'),
}).strict();
export type SeedCase = z.infer<typeof SeedCaseSchema>;

export const SeedCaseFileSchema = z.object({
  $schema: z.string().optional(),
  cases: z.array(SeedCaseSchema).min(1),
});

/**
 * Search synonym groups (「同義語」): each group's words find each other. One schema for
 * `synonyms.save` and for hand-off bundles, so both clean the words the same way.
 */
export const SynonymGroupsSchema = z
  .array(z.array(cleanString().trim().min(1).max(60)).min(2, '同義語のグループには2語以上が必要です。').max(30))
  .max(1000);

/** The column order of CSV files (import and export). Extra columns after these are optional. */
export const CASE_CSV_COLUMNS = [
  'id',
  'title',
  'summary',
  'body',
  'prefecture',
  'municipality',
  'organization',
  'fields',
  'technologies',
  'programs',
  'fiscal_year',
  'outcomes',
  'sources',
  'tags',
] as const;
/** Written on export after the required columns, read on import when present, so nothing is lost. */
export const CASE_CSV_EXTRA_COLUMNS = ['organization_type', 'size', 'origin', 'created_at', 'updated_at'] as const;

/** Japanese labels of the columns, for messages. */
export const CASE_COLUMN_LABELS: Record<string, string> = {
  id: 'ID',
  title: '題名',
  summary: '概要',
  body: '本文',
  prefecture: '都道府県',
  municipality: '市区町村',
  organization: '団体・企業',
  organization_type: '団体の種類',
  fields: '分野',
  technologies: '技術',
  programs: '活用した制度',
  fiscal_year: '年度',
  size: '規模',
  outcomes: '成果',
  sources: '出典',
  tags: 'タグ',
  origin: '登録元',
  created_at: '作成日時',
  updated_at: '更新日時',
};

/**
 * A case's title with its place, the place only when the title does not already say it: many titles
 * end in （長野県駒ヶ根市）, which must not be followed by （長野県駒ヶ根市） again.
 */
export function titleWithPlace(title: string, prefecture: string, municipality: string): string {
  const placeText = `${prefecture}${municipality}`;
  if (placeText === '') return title;
  const compact = title.replace(/\s+/g, '');
  if (compact.includes(placeText) || (municipality !== '' && compact.includes(municipality))) return title;
  return `${title}（${placeText}）`;
}
