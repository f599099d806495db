import { z } from 'zod';
import { cleanDeep } from '../text.ts';
import { IsoDateSchema } from '../domain/dates.ts';
import { EngagementProgramSchema } from '../domain/engagement.ts';
import { ComputedResultSchema, OrphanAnswerSchema, PhaseGateSchema, PlanEvaluationSchema, ScheduleSchema } from '../domain/plan.ts';
import { type Template, TemplateSchema } from '../domain/template.ts';
import { method } from './define.ts';

/**
 * Plan templates (計画テンプレート) and plans (an engagement's filled-in template).
 *
 * Templates: built-in ones (seeds/templates, read-only) and the user's own (duplicate a built-in,
 * then save the whole edited template: add, remove and reorder sections and questions by sending
 * the new order). Import / export is JSON text; templates.validate reports every problem with its
 * path (phases[1].sections[0].questions[3].type) without saving anything.
 *
 * Plans: plan.create snapshots the template, so later edits or deletion of a custom template never
 * break the plan; plan.updateTemplate takes a new snapshot on request. plan.answer saves one answer
 * (autosave per field, optional expectedUpdatedAt against stale writes) and returns the recomputed
 * progress, gates and computed values. Answers whose question left the template are returned as
 * orphans and never dropped (only an explicit plan.answer with value null discards one).
 */

const Id = z.string().trim().min(1, 'id を指定してください。').max(100);
const TemplateId = z.string().trim().min(1, 'テンプレートの id を指定してください。').max(64);

export const TemplateSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  program: EngagementProgramSchema,
  description: z.string(),
  version: z.number().int(),
  builtIn: z.boolean(),
  phases: z.number().int(),
  questions: z.number().int(),
  usedBy: z.number().int(),
  updatedAt: z.string().nullable(),
});
export type TemplateSummary = z.infer<typeof TemplateSummarySchema>;

export const TemplateProblemSchema = z.object({ path: z.string(), message: z.string() });

/**
 * The plan's template snapshot was validated by TemplateSchema when it was stored; the output check
 * only confirms its shape, so loading a large plan does not re-run every template rule.
 */
const TemplateSnapshotSchema = z.custom<Template>((v) => typeof v === 'object' && v !== null && Array.isArray((v as { phases?: unknown }).phases), {
  message: 'テンプレートの写しが正しくありません。',
});

export const PlanViewSchema = PlanEvaluationSchema.extend({
  engagementId: z.string(),
  templateId: z.string(),
  template: TemplateSnapshotSchema,
  startDate: z.string(),
  schedule: ScheduleSchema,
  closedPhases: z.array(z.string()),
  templateUpdateAvailable: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PlanView = z.infer<typeof PlanViewSchema>;

export const PlanAnswerResultSchema = z.object({
  questionId: z.string(),
  value: z.unknown(),
  /** null when the answer was cleared. */
  updatedAt: z.string().nullable(),
  /** false when the value equals the stored one (nothing written, no history). */
  changed: z.boolean(),
  progress: PlanEvaluationSchema.shape.progress,
  gates: z.array(PhaseGateSchema),
  computed: z.record(z.string(), ComputedResultSchema),
  orphans: z.array(OrphanAnswerSchema),
});
export type PlanAnswerResult = z.infer<typeof PlanAnswerResultSchema>;

const Today = IsoDateSchema.optional();

export const PlanHistoryItemSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  /** answer.<questionId>, template, closedPhases or (created). */
  field: z.string(),
  /** Japanese label: the question's label for an answer, else what changed. */
  label: z.string(),
  /** The question of an answer change, null for other changes. */
  questionId: z.string().nullable(),
  oldValue: z.unknown(),
  newValue: z.unknown(),
});
export type PlanHistoryItem = z.infer<typeof PlanHistoryItemSchema>;

export const plansMethods = {
  'templates.list': method({
    summary: '計画テンプレートの一覧を返す（組み込みと自作）',
    mutates: false,
    input: z.object({}).strict(),
    output: z.object({ items: z.array(TemplateSummarySchema) }),
  }),
  'templates.get': method({
    summary: '計画テンプレートを1件返す',
    mutates: false,
    input: z.object({ id: TemplateId }).strict(),
    output: z.object({ template: TemplateSchema, builtIn: z.boolean() }),
  }),
  'templates.duplicate': method({
    summary: 'テンプレートを複製して自作テンプレートにする',
    mutates: true,
    input: z.object({ id: TemplateId, newId: TemplateId.optional(), name: z.string().trim().min(1).max(200).optional() }).strict(),
    output: TemplateSchema,
  }),
  'templates.save': method({
    summary: '自作テンプレートを丸ごと保存する（組み込みは編集不可、保存のたびに版が上がる）',
    mutates: true,
    input: z.object({ template: z.unknown(), expectedVersion: z.number().int().min(1).optional() }).strict(),
    output: TemplateSchema,
  }),
  'templates.delete': method({
    summary: '自作テンプレートを削除する（作成済みの計画は写しを持つため影響しない）',
    mutates: true,
    input: z.object({ id: TemplateId }).strict(),
    output: z.object({ deleted: TemplateSchema }),
  }),
  'templates.validate': method({
    summary: 'テンプレートの JSON を検査する（保存はしない）',
    mutates: false,
    input: z.object({ json: z.string().max(5_000_000).optional(), template: z.unknown().optional() }).strict(),
    output: z.object({ errors: z.array(TemplateProblemSchema), template: TemplateSchema.nullable() }),
  }),
  'templates.import': method({
    summary: 'テンプレートを JSON から取り込む',
    mutates: true,
    input: z.object({ json: z.string().max(5_000_000), onConflict: z.enum(['error', 'replace', 'new-id']).default('error') }).strict(),
    output: z.object({ template: TemplateSchema, replaced: z.boolean() }),
  }),
  'templates.export': method({
    summary: 'テンプレートを JSON で書き出す',
    mutates: false,
    input: z.object({ id: TemplateId }).strict(),
    output: z.object({ fileName: z.string(), json: z.string() }),
  }),
  'plan.create': method({
    summary: '案件の計画をテンプレートと開始日から作る（日程を和暦・西暦で返す）',
    mutates: true,
    input: z.object({ engagementId: Id, templateId: TemplateId.optional(), startDate: IsoDateSchema.optional(), today: Today }).strict(),
    output: PlanViewSchema,
  }),
  'plan.show': method({
    summary: '案件の計画を返す（日程・進み具合・関門・自動計算・回答・宙に浮いた回答）',
    mutates: false,
    input: z.object({ engagementId: Id, today: Today }).strict(),
    output: PlanViewSchema,
  }),
  'plan.answer': method({
    summary: '計画の設問に1件回答する（null で消去、型が合わなければ何も書き込まない）',
    mutates: true,
    input: z.object({ engagementId: Id, questionId: z.string().min(1).max(64), value: z.unknown().transform(cleanDeep), expectedUpdatedAt: z.string().max(40).optional() }).strict(),
    output: PlanAnswerResultSchema,
  }),
  'plan.updateTemplate': method({
    summary: '計画のテンプレートを最新版（または別のテンプレート）に差し替える（回答は残す）',
    mutates: true,
    input: z.object({ engagementId: Id, templateId: TemplateId.optional(), today: Today }).strict(),
    output: PlanViewSchema,
  }),
  'plan.closePhase': method({
    summary: 'フェーズを完了にする（関門に不足があれば理由を返して拒否）',
    mutates: true,
    input: z.object({ engagementId: Id, phaseId: z.string().min(1).max(64), today: Today }).strict(),
    output: PlanViewSchema,
  }),
  'plan.reopenPhase': method({
    summary: '完了にしたフェーズを作業中に戻す',
    mutates: true,
    input: z.object({ engagementId: Id, phaseId: z.string().min(1).max(64), today: Today }).strict(),
    output: PlanViewSchema,
  }),
  'plan.history': method({
    summary: '計画の変更履歴（回答・フェーズの完了・テンプレートの更新）を新しい順に返す',
    mutates: false,
    input: z
      .object({
        engagementId: Id,
        limit: z.number().int().min(1).max(1000).default(200),
        /** Only items with a smaller id (paging). */
        beforeId: z.number().int().optional(),
      })
      .strict(),
    output: z.object({ items: z.array(PlanHistoryItemSchema), hasMore: z.boolean() }),
  }),
  'plan.undo': method({
    summary: '計画の直前の変更（回答、フェーズの完了・再開）を元に戻す（元に戻したことも履歴に残る）',
    mutates: true,
    input: z.object({ engagementId: Id, expectedUpdatedAt: z.string().max(40).optional(), today: Today }).strict(),
    output: z.object({
      plan: PlanViewSchema,
      undone: z.object({ field: z.string(), label: z.string(), questionId: z.string().nullable() }),
    }),
  }),
};
