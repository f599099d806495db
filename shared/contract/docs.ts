import { z } from 'zod';
import { IsoDateSchema } from '../domain/dates.ts';
import { PlanDocSettingsSchema } from '../domain/plan-doc.ts';
import { method } from './define.ts';

/**
 * Documents (DOCX export). `docs.export` renders the plan document (計画書 / ソリューション実装計画書 /
 * テレワーク導入 提案書 / 推進体制構築 取組方針, by the plan's template) or the 支援実施報告書 of an
 * engagement; `docs.model` returns the same document as a plain document model
 * (shared/domain/document.ts) for a preview. Same input, same bytes: the time stamps come from the
 * data (the latest change), never from the clock.
 */

const Id = z.string().trim().min(1, 'id を指定してください。').max(100);

export const DocsInputSchema = z
  .object({
    engagementId: Id,
    doc: z.enum(['plan', 'report'], { error: () => '文書の種類は plan（計画書）か report（支援実施報告書）を指定してください。' }).default('plan'),
    era: z.enum(['wareki', 'seireki'], { error: () => '日付の書き方は wareki（和暦）か seireki（西暦）を指定してください。' }).optional(),
    unanswered: z.enum(['omit', 'mark'], { error: () => '未回答の設問は omit（省く）か mark（（未記入）と表示）を指定してください。' }).default('omit'),
    /** 支援実施報告書 without cover and contents (default: when it records one visit); false asks for them. */
    compact: z.boolean().optional(),
    /** 作成日; default: the date of the latest change of the plan or the log. */
    date: IsoDateSchema.optional(),
  })
  .strict();
export type DocsInput = z.input<typeof DocsInputSchema>;

const RunSchema = z.object({ text: z.string(), bold: z.boolean().optional(), italic: z.boolean().optional() });
interface ListShape {
  type: 'list';
  ordered: boolean;
  items: z.infer<typeof RunSchema>[][];
  start?: number | undefined;
  sub?: (ListShape | null)[] | undefined;
}
/** A list, with the lists nested under its items (Markdown, shared/domain/markdown.ts). */
const ListSchema: z.ZodType<ListShape> = z.lazy(() =>
  z.object({
    type: z.literal('list'),
    ordered: z.boolean(),
    items: z.array(z.array(RunSchema)),
    start: z.number().int().optional(),
    sub: z.array(ListSchema.nullable()).optional(),
  }),
);
export const DocBlockSchema = z.union([
  z.object({ type: z.literal('heading'), level: z.union([z.literal(1), z.literal(2), z.literal(3)]), number: z.string(), text: z.string() }),
  z.object({ type: z.literal('paragraph'), runs: z.array(RunSchema), align: z.enum(['left', 'center', 'right']).optional(), tone: z.enum(['normal', 'note', 'title', 'subtitle']).optional() }),
  z.object({ type: z.literal('subheading'), level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6)]), runs: z.array(RunSchema) }),
  ListSchema,
  z.object({
    type: z.literal('table'),
    header: z.array(z.string()),
    rows: z.array(z.array(z.string())),
    totals: z.array(z.string()).optional(),
    align: z.array(z.enum(['left', 'right', 'center'])).optional(),
  }),
  z.object({ type: z.literal('pageBreak') }),
  z.object({ type: z.literal('toc'), title: z.string() }),
]);

export const DocModelSchema = z.object({
  kind: z.enum(['plan', 'report']),
  title: z.string(),
  header: z.string(),
  cover: z.object({ title: z.string(), subtitle: z.string(), client: z.string(), date: z.string(), author: z.string(), organization: z.string() }),
  meta: z.object({ creator: z.string(), description: z.string(), created: z.string(), modified: z.string() }),
  blocks: z.array(DocBlockSchema),
});

/** The plan document's settings and its reference .docx (name and size only). */
export const PlanDocViewSchema = z.object({
  settings: PlanDocSettingsSchema,
  reference: z.object({ name: z.string(), bytes: z.number().int() }).nullable(),
  /** The document's title, period and header as exported with these settings. */
  preview: z.object({ title: z.string(), period: z.string(), header: z.string() }),
  updatedAt: z.string().nullable(),
});
export type PlanDocView = z.infer<typeof PlanDocViewSchema>;

const SettingsPatchSchema = z
  .object({
    title: z.string().optional(),
    status: z.string().optional(),
    startFy: z.number().nullable().optional(),
    endFy: z.number().nullable().optional(),
    department: z.string().optional(),
    date: z.string().nullable().optional(),
  })
  .strict();

export const docsMethods = {
  'docs.tablesXlsx': method({
    summary: '計画の表（KPI・施策体系・事業一覧・工程表）を Excel（.xlsx）で書き出す',
    mutates: false,
    input: z.object({ engagementId: Id, era: z.enum(['wareki', 'seireki'], { error: () => '日付の書き方は wareki（和暦）か seireki（西暦）を指定してください。' }).optional() }).strict(),
    output: z.object({ fileName: z.string(), mimeType: z.string(), contentBase64: z.string(), count: z.number().int() }),
  }),
  'docs.settings': method({
    summary: '計画書の設定（名前・素案/案/確定版・計画期間・担当部署・表紙の日付・参照する様式）を返す',
    mutates: false,
    input: z.object({ engagementId: Id }).strict(),
    output: PlanDocViewSchema,
  }),
  'docs.updateSettings': method({
    summary: '計画書の設定を変える（渡した項目だけ）',
    mutates: true,
    input: z.object({ engagementId: Id, patch: SettingsPatchSchema }).strict(),
    output: PlanDocViewSchema,
  }),
  'docs.setReference': method({
    summary: '団体の様式（.docx）を取り込み、計画書のスタイル・余白・フォント・ヘッダー/フッター・段落番号に使う（null で外す）',
    mutates: true,
    input: z
      .object({
        engagementId: Id,
        reference: z.object({ fileName: z.string().trim().min(1).max(200), contentBase64: z.string().max(28_000_000, 'ファイルが大きすぎます（20MBまで）。') }).strict().nullable(),
      })
      .strict(),
    output: PlanDocViewSchema,
  }),
  'docs.export': method({
    summary: '計画書または支援実施報告書を DOCX で書き出す（A4 縦・和暦/西暦）',
    mutates: false,
    input: DocsInputSchema,
    output: z.object({ fileName: z.string(), mimeType: z.string(), contentBase64: z.string() }),
  }),
  'docs.model': method({
    summary: '書き出す文書の内容（文書モデル）を返す（プレビュー用）',
    mutates: false,
    input: DocsInputSchema,
    output: DocModelSchema,
  }),
};
