import { z } from 'zod';
import { ClientCreateSchema, ClientKindSchema, ClientPatchSchema, ClientSchema } from '../domain/client.ts';
import { IsoDateSchema } from '../domain/dates.ts';
import { EligibilityStatusSchema } from '../domain/eligibility.ts';
import {
  EngagementCreateSchema,
  EngagementPatchSchema,
  EngagementProgramSchema,
  EngagementSchema,
  EngagementStatusSchema,
} from '../domain/engagement.ts';
import { LogEntryCreateSchema, LogEntryPatchSchema, LogEntrySchema, LogModeSchema, MinutesSchema } from '../domain/log.ts';
import { CatalogueProgramCodeSchema, ProgramCatalogueSchema } from '../domain/program.ts';
import { QuotaPreviewSchema, QuotaStatusSchema } from '../domain/quota.ts';
import { method } from './define.ts';

/**
 * Clients (支援先), engagements (案件), the engagement log (支援記録), history, quotas, the
 * program catalogue and eligibility, the home dashboard and the yearly log report.
 *
 * Autosave: every `*.update` takes a PATCH (only the fields given change) and an optional
 * `expectedUpdatedAt` (the updatedAt the form last saw). A stale write is refused with code
 * `conflict` and nothing changes; a successful one returns the saved record with its new
 * updatedAt. Every change writes field-level history (old → new) in the same transaction.
 * Undo of the last edit: `history.undo` (reverts the record's most recent change, itself recorded).
 */

const Id = z.string().trim().min(1, 'id を指定してください。').max(100);
const ExpectedUpdatedAt = z.iso.datetime().optional();

// ---------------------------------------------------------------------------------------------
// Clients

export const ClientSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: ClientKindSchema,
  prefecture: z.string(),
  population: z.number().nullable(),
  fiscalStrength: z.number().nullable(),
  capitalYen: z.number().nullable(),
  engagements: z.number().int(),
  activeEngagements: z.number().int(),
  updatedAt: z.string(),
});
export type ClientSummary = z.infer<typeof ClientSummarySchema>;

export const EligibilityItemSchema = z.object({
  program: CatalogueProgramCodeSchema,
  name: z.string(),
  status: EligibilityStatusSchema,
  reasons: z.array(z.string()),
});
export type EligibilityItem = z.infer<typeof EligibilityItemSchema>;

// ---------------------------------------------------------------------------------------------
// Engagements

/** An engagement as the UI shows it: the record plus its client's name, totals and quota. */
export const EngagementViewSchema = EngagementSchema.extend({
  clientName: z.string(),
  /** title, or client name + program. */
  displayName: z.string(),
  entries: z.number().int(),
  minutes: z.number().int(),
  lastEntryDate: z.string().nullable(),
  /**
   * Used / remaining: advisor — the fiscal year of the latest log entry (else today's);
   * plan-a / plan-b — the planned period. null when the program has no quota.
   */
  quota: QuotaStatusSchema.nullable(),
});
export type EngagementView = z.infer<typeof EngagementViewSchema>;

export const EngagementSummarySchema = z.object({
  id: z.string(),
  clientId: z.string(),
  clientName: z.string(),
  program: EngagementProgramSchema,
  title: z.string(),
  displayName: z.string(),
  status: EngagementStatusSchema,
  startDate: z.string(),
  plannedEnd: z.string().nullable(),
  advisors: z.array(z.string()),
  entries: z.number().int(),
  minutes: z.number().int(),
  lastEntryDate: z.string().nullable(),
  updatedAt: z.string(),
});
export type EngagementSummary = z.infer<typeof EngagementSummarySchema>;

// ---------------------------------------------------------------------------------------------
// Log

export const LogSavedSchema = z.object({
  entry: LogEntrySchema,
  /** The quota of the entry's program after saving (null when the program has none). */
  quota: QuotaStatusSchema.nullable(),
});
export type LogSaved = z.infer<typeof LogSavedSchema>;

// ---------------------------------------------------------------------------------------------
// History

/** Entities with history and undo through history.list / history.undo. */
export const HistoryEntitySchema = z.enum(['client', 'engagement', 'logEntry', 'case', 'settings']);
export type HistoryEntity = z.infer<typeof HistoryEntitySchema>;

export const HistoryItemSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  /** A field name of the record, or (created) / (deleted) / (restored) with a snapshot. */
  field: z.string(),
  /** Japanese label of the field. */
  label: z.string(),
  oldValue: z.unknown(),
  newValue: z.unknown(),
});
export type HistoryItem = z.infer<typeof HistoryItemSchema>;

// ---------------------------------------------------------------------------------------------
// Dashboard

export const DashboardActionSchema = z.object({
  actionId: z.string(),
  entryId: z.string(),
  entryDate: z.string(),
  engagementId: z.string(),
  engagementName: z.string(),
  clientId: z.string(),
  clientName: z.string(),
  program: EngagementProgramSchema,
  task: z.string(),
  owner: z.string(),
  due: z.string().nullable(),
  overdue: z.boolean(),
});

export const DashboardQuotaWarningSchema = z.object({
  level: z.enum(['near', 'over']),
  clientId: z.string(),
  clientName: z.string(),
  /** The engagement (duration quotas), or the client's latest advisor engagement. */
  engagementId: z.string(),
  engagementName: z.string(),
  quota: QuotaStatusSchema,
});

export const DashboardSchema = z.object({
  today: z.string(),
  fiscalYear: z.number().int(),
  /** Open next actions, by due date (no due date last), at most `actionsLimit`. */
  nextActions: z.array(DashboardActionSchema),
  nextActionsTotal: z.number().int(),
  overdueTotal: z.number().int(),
  statusCounts: z.object({ preparing: z.number().int(), active: z.number().int(), done: z.number().int(), cancelled: z.number().int() }),
  /** The 12 months of the current fiscal year, April to March (for a chart; months to come are 0). */
  monthly: z.array(
    z.object({
      month: z.string(),
      entries: z.number().int(),
      minutes: z.number().int(),
      hours: z.number(),
      visits: z.number().int(),
    }),
  ),
  /** Clients near or over a quota this fiscal year, and plan engagements near or past their end. Over first. */
  quotaWarnings: z.array(DashboardQuotaWarningSchema),
});
export type Dashboard = z.infer<typeof DashboardSchema>;

// ---------------------------------------------------------------------------------------------

const FileOutput = z.object({ fileName: z.string(), mimeType: z.string(), contentBase64: z.string(), count: z.number().int() });

export const engagementsMethods = {
  // Clients -----------------------------------------------------------------------------------
  'clients.list': method({
    summary: '支援先の一覧を返す（名前・種別で絞り込み可）',
    mutates: false,
    input: z
      .object({ query: z.string().max(200).default(''), kind: ClientKindSchema.optional() })
      .strict(),
    output: z.object({ items: z.array(ClientSummarySchema) }),
  }),
  'clients.get': method({
    summary: '支援先を1件返す（担当者を含む）',
    mutates: false,
    input: z.object({ id: Id }).strict(),
    output: ClientSchema,
  }),
  'clients.create': method({
    summary: '支援先を登録する',
    mutates: true,
    input: ClientCreateSchema,
    output: ClientSchema,
  }),
  'clients.update': method({
    summary: '支援先を更新する（指定した項目だけ。自動保存用）',
    mutates: true,
    input: z.object({ id: Id, patch: ClientPatchSchema, expectedUpdatedAt: ExpectedUpdatedAt }).strict(),
    output: ClientSchema,
  }),
  'clients.delete': method({
    summary: '支援先を削除する（案件がある支援先は削除できない。戻すときは clients.restore）',
    mutates: true,
    input: z.object({ id: Id, expectedUpdatedAt: ExpectedUpdatedAt }).strict(),
    output: z.object({ deleted: ClientSchema }),
  }),
  'clients.restore': method({
    summary: '削除した支援先を元に戻す',
    mutates: true,
    input: z.object({ client: ClientSchema }).strict(),
    output: ClientSchema,
  }),
  'clients.eligibility': method({
    summary: '支援先が各事業の対象か（対象 / 対象外 / 要確認）を理由とともに返す',
    mutates: false,
    input: z.object({ id: Id }).strict(),
    output: z.object({ clientId: z.string(), items: z.array(EligibilityItemSchema) }),
  }),

  // Engagements -------------------------------------------------------------------------------
  'engagements.list': method({
    summary: '案件の一覧を返す（支援先・状態・事業で絞り込み可）',
    mutates: false,
    input: z
      .object({
        clientId: Id.optional(),
        status: EngagementStatusSchema.optional(),
        program: EngagementProgramSchema.optional(),
        /** Only the engagements this case is attached to. */
        caseId: z.string().max(100).optional(),
      })
      .strict(),
    output: z.object({ items: z.array(EngagementSummarySchema) }),
  }),
  'engagements.get': method({
    summary: '案件を1件返す（支援先名、記録の件数、上限の使用状況を含む）',
    mutates: false,
    input: z.object({ id: Id }).strict(),
    output: EngagementViewSchema,
  }),
  'engagements.create': method({
    summary: '案件を登録する（計画策定支援は終了予定日が既定で開始日の3か月後）',
    mutates: true,
    input: EngagementCreateSchema,
    output: EngagementViewSchema,
  }),
  'engagements.update': method({
    summary: '案件を更新する（指定した項目だけ。自動保存用）',
    mutates: true,
    input: z.object({ id: Id, patch: EngagementPatchSchema, expectedUpdatedAt: ExpectedUpdatedAt }).strict(),
    output: EngagementViewSchema,
  }),
  'engagements.delete': method({
    summary: '案件を削除する（支援記録がある案件は withEntries: true のときだけ記録ごと削除）',
    mutates: true,
    input: z.object({ id: Id, expectedUpdatedAt: ExpectedUpdatedAt, withEntries: z.boolean().default(false) }).strict(),
    output: z.object({ deleted: EngagementSchema, deletedEntries: z.number().int() }),
  }),
  'engagements.attachCase': method({
    summary: '案件に好事例を関連付ける',
    mutates: true,
    input: z.object({ id: Id, caseId: Id }).strict(),
    output: EngagementViewSchema,
  }),
  'engagements.detachCase': method({
    summary: '案件から好事例の関連付けを外す',
    mutates: true,
    input: z.object({ id: Id, caseId: Id }).strict(),
    output: EngagementViewSchema,
  }),
  'engagements.quota': method({
    summary: '案件の上限の使用状況（使用 / 上限 / 残り）と数え方の説明を返す（年度を省くと最新の記録の年度）',
    mutates: false,
    input: z.object({ id: Id, fiscalYear: z.number().int().min(2000).max(2100).optional() }).strict(),
    output: z.object({ quota: QuotaStatusSchema.nullable(), docs: z.string() }),
  }),

  // Log ---------------------------------------------------------------------------------------
  'log.list': method({
    summary: '案件の支援記録を新しい順に返す',
    mutates: false,
    input: z.object({ engagementId: Id }).strict(),
    output: z.object({ items: z.array(LogEntrySchema) }),
  }),
  'log.get': method({
    summary: '支援記録を1件返す',
    mutates: false,
    input: z.object({ id: Id }).strict(),
    output: LogEntrySchema,
  }),
  'log.create': method({
    summary: '支援記録を登録する（上限を超えても保存し、超過の印を付ける。準備中の案件は実施中になる）',
    mutates: true,
    input: LogEntryCreateSchema,
    output: LogSavedSchema,
  }),
  'log.update': method({
    summary: '支援記録を更新する（指定した項目だけ。自動保存用）',
    mutates: true,
    input: z.object({ id: Id, patch: LogEntryPatchSchema, expectedUpdatedAt: ExpectedUpdatedAt }).strict(),
    output: LogSavedSchema,
  }),
  'log.delete': method({
    summary: '支援記録を削除する（戻すときは log.restore）',
    mutates: true,
    input: z.object({ id: Id, expectedUpdatedAt: ExpectedUpdatedAt }).strict(),
    output: z.object({ deleted: LogEntrySchema }),
  }),
  'log.restore': method({
    summary: '削除した支援記録を元に戻す',
    mutates: true,
    input: z.object({ entry: LogEntrySchema }).strict(),
    output: LogSavedSchema,
  }),
  'log.checkQuota': method({
    summary: '保存する前に、この記録で上限を超えるかを確かめる（何も書き込まない）',
    mutates: false,
    input: z
      .object({
        engagementId: Id,
        date: IsoDateSchema,
        mode: LogModeSchema,
        minutes: MinutesSchema,
        startTime: z.string().nullable().default(null),
        /** When editing an existing entry: its id (it is counted with the new values, not twice). */
        entryId: Id.optional(),
      })
      .strict(),
    output: QuotaPreviewSchema,
  }),
  'log.setActionDone': method({
    summary: '次のアクションを完了 / 未完了にする',
    mutates: true,
    input: z.object({ entryId: Id, actionId: Id, done: z.boolean(), expectedUpdatedAt: ExpectedUpdatedAt }).strict(),
    output: LogSavedSchema,
  }),

  // History -----------------------------------------------------------------------------------
  'history.list': method({
    summary: '記録の変更履歴（いつ、どの項目が、何から何へ）を新しい順に返す',
    mutates: false,
    input: z
      .object({
        entity: HistoryEntitySchema,
        id: Id,
        limit: z.number().int().min(1).max(1000).default(200),
        /** Only items with a smaller id (paging). */
        beforeId: z.number().int().optional(),
      })
      .strict(),
    output: z.object({ items: z.array(HistoryItemSchema), hasMore: z.boolean() }),
  }),
  'history.undo': method({
    summary: '記録の直前の変更を元に戻す（元に戻したことも履歴に残る）',
    mutates: true,
    input: z.object({ entity: HistoryEntitySchema, id: Id, expectedUpdatedAt: ExpectedUpdatedAt }).strict(),
    output: z.object({ entity: HistoryEntitySchema, id: z.string(), fields: z.array(z.string()), updatedAt: z.string() }),
  }),

  // Catalogue, dashboard, reports ------------------------------------------------------------
  'programs.list': method({
    summary: '事業カタログ（対象、金額、補助率、上限）と上限の数え方を返す',
    mutates: false,
    input: z.object({}).strict(),
    output: ProgramCatalogueSchema,
  }),
  'dashboard.get': method({
    summary: 'ホーム画面のデータ（次のアクション、状態別の案件数、月別の時間と訪問、上限の注意）を返す',
    mutates: false,
    input: z
      .object({
        /** The day to compute for (default: today on this computer). */
        today: IsoDateSchema.optional(),
        actionsLimit: z.number().int().min(1).max(500).default(50),
      })
      .strict(),
    output: DashboardSchema,
  }),
  'reports.logXlsx': method({
    summary: '年度の支援記録を Excel（.xlsx、和暦の列・数値書式・列幅つき）で書き出す',
    mutates: false,
    input: z
      .object({
        fiscalYear: z.number().int().min(2000).max(2100),
        program: EngagementProgramSchema.optional(),
        clientId: Id.optional(),
      })
      .strict(),
    output: FileOutput,
  }),
  'reports.logCsv': method({
    summary: '年度の支援記録を CSV（BOM 付き UTF-8、和暦と西暦の日付）で書き出す',
    mutates: false,
    input: z
      .object({
        fiscalYear: z.number().int().min(2000).max(2100),
        program: EngagementProgramSchema.optional(),
        clientId: Id.optional(),
      })
      .strict(),
    output: FileOutput,
  }),
};
