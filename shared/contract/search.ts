import { z } from 'zod';
import { cleanString } from '../text.ts';
import { SnippetPartSchema } from './cases.ts';
import { method } from './define.ts';

/**
 * The global search (Ctrl+K and `banso search`): one query over clients, engagements, log
 * entries, plan answers, cases and templates, with the case search's normalisation and query
 * plan (NFKC, case folding, 1–2 character words, synonyms, "…" phrases, -exclusions).
 */
export const SEARCH_KINDS = {
  client: '支援先',
  engagement: '案件',
  log: '支援記録',
  plan: '計画の回答',
  case: '好事例',
  template: 'テンプレート',
} as const;
export type SearchKind = keyof typeof SEARCH_KINDS;
export const SEARCH_KIND_CODES = Object.keys(SEARCH_KINDS) as [SearchKind, ...SearchKind[]];

export const GlobalSearchInputSchema = z
  .object({
    query: cleanString().max(500, '検索語は500文字以内にしてください。'),
    /** Only this kind; all kinds when absent. */
    kind: z.enum(SEARCH_KIND_CODES).optional(),
    /** Results per kind. */
    limit: z.number().int().min(1, '件数は1以上にしてください。').max(100, '件数は100以下にしてください。').default(5),
  })
  .strict();
export type GlobalSearchInput = z.input<typeof GlobalSearchInputSchema>;

export const GlobalHitSchema = z.object({
  kind: z.enum(SEARCH_KIND_CODES),
  /** The record's id; for a plan answer `ENGAGEMENT_ID#QUESTION_ID`. */
  id: z.string(),
  title: z.string(),
  titleParts: z.array(SnippetPartSchema),
  snippet: z.string(),
  snippetParts: z.array(SnippetPartSchema),
  /** Where it belongs, for display: 「雫川町 テレワーク › 現状の把握」. */
  context: z.string(),
  /** What the UI needs to open the right place. */
  engagementId: z.string().optional(),
  clientId: z.string().optional(),
  /** Log entries: the entry; plan answers: the question and its phase. */
  entryId: z.string().optional(),
  questionId: z.string().optional(),
  phaseId: z.string().optional(),
});
export type GlobalHit = z.infer<typeof GlobalHitSchema>;

export const GlobalSearchGroupSchema = z.object({
  kind: z.enum(SEARCH_KIND_CODES),
  label: z.string(),
  items: z.array(GlobalHitSchema),
  /** There are more matches of this kind than `limit`. */
  more: z.boolean(),
});
export type GlobalSearchGroup = z.infer<typeof GlobalSearchGroupSchema>;

export const GlobalSearchResultSchema = z.object({
  /** Kinds with at least one match, in the order of SEARCH_KINDS. */
  groups: z.array(GlobalSearchGroupSchema),
  terms: z.array(z.string()),
  /** Records changed but not yet searchable (after an upgrade the index is built in the background). */
  pending: z.number().int().nonnegative(),
  tookMs: z.number(),
});
export type GlobalSearchResult = z.infer<typeof GlobalSearchResultSchema>;

export const searchMethods = {
  'search.global': method({
    input: GlobalSearchInputSchema,
    output: GlobalSearchResultSchema,
    mutates: false,
    summary: '支援先・案件・支援記録・計画の回答・好事例・テンプレートをまとめて検索する',
  }),
};
