import { z } from 'zod';
import { cleanString } from '../text.ts';
import { IsoDateSchema } from './dates.ts';

/**
 * 案件 (engagement): one program of support for one client. Same three-schema pattern as the
 * client (fields / create / patch) so that autosave can send one field at a time.
 */

export const ENGAGEMENT_PROGRAMS = {
  telework: 'テレワーク・ワンストップ・サポート相談',
  'plan-a': '計画策定支援 Aコース（地域課題整理）',
  'plan-b': '計画策定支援 Bコース（ソリューション実装）',
  'system-building': '推進体制構築支援',
  advisor: '地域情報化アドバイザー派遣',
  other: 'その他',
} as const;
export type EngagementProgram = keyof typeof ENGAGEMENT_PROGRAMS;
export const ENGAGEMENT_PROGRAM_CODES = Object.keys(ENGAGEMENT_PROGRAMS) as [EngagementProgram, ...EngagementProgram[]];
export const EngagementProgramSchema = z.enum(ENGAGEMENT_PROGRAM_CODES);

/** Short labels for tables and charts. */
export const ENGAGEMENT_PROGRAM_SHORT: Record<EngagementProgram, string> = {
  telework: 'テレワーク相談',
  'plan-a': '計画策定A',
  'plan-b': '計画策定B',
  'system-building': '推進体制構築',
  advisor: 'アドバイザー派遣',
  other: 'その他',
};

export const ENGAGEMENT_STATUSES = {
  preparing: '準備中',
  active: '実施中',
  done: '完了',
  cancelled: '中止',
} as const;
export type EngagementStatus = keyof typeof ENGAGEMENT_STATUSES;
export const ENGAGEMENT_STATUS_CODES = Object.keys(ENGAGEMENT_STATUSES) as [EngagementStatus, ...EngagementStatus[]];
export const EngagementStatusSchema = z.enum(ENGAGEMENT_STATUS_CODES);

export const EngagementFieldsSchema = z.object({
  clientId: z.uuid(),
  program: EngagementProgramSchema,
  /** Display name; empty = "支援先名 + 事業名". */
  title: cleanString().trim().max(200, '案件名は200文字以内にしてください。'),
  advisors: z.array(cleanString().trim().min(1, '空のアドバイザー名があります。').max(100)).max(20, 'アドバイザーは20人までです。'),
  startDate: IsoDateSchema,
  /** null = open-ended. Must not be before startDate. */
  plannedEnd: IsoDateSchema.nullable(),
  status: EngagementStatusSchema,
  /** Markdown. */
  notes: cleanString().max(100_000, 'メモは100,000文字以内にしてください。'),
});
export type EngagementFields = z.infer<typeof EngagementFieldsSchema>;

/**
 * Defaults for optional fields. plannedEnd's default depends on the program: start + the months of
 * its duration quota (plan-a / plan-b: 3 months, seeds/programs/programs.json), otherwise null.
 */
export const ENGAGEMENT_DEFAULTS = {
  title: '',
  advisors: [],
  status: 'preparing',
  notes: '',
} satisfies Partial<EngagementFields>;

export const EngagementCreateSchema = EngagementFieldsSchema.partial({ title: true, advisors: true, plannedEnd: true, status: true, notes: true }).strict();
export type EngagementCreate = z.input<typeof EngagementCreateSchema>;

export const EngagementPatchSchema = EngagementFieldsSchema.partial().strict();
export type EngagementPatch = z.infer<typeof EngagementPatchSchema>;

export const AttachedCaseSchema = z.object({ id: z.string(), title: z.string(), attachedAt: z.string() });

export const EngagementSchema = EngagementFieldsSchema.extend({
  id: z.uuid(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** Cases (好事例) attached to this engagement, in the order attached. */
  cases: z.array(AttachedCaseSchema),
});
export type Engagement = z.infer<typeof EngagementSchema>;

export const ENGAGEMENT_FIELD_LABELS: Record<keyof EngagementFields | 'caseIds', string> = {
  clientId: '支援先',
  program: '事業',
  title: '案件名',
  advisors: 'アドバイザー',
  startDate: '開始日',
  plannedEnd: '終了予定日',
  status: '状態',
  notes: 'メモ',
  caseIds: '関連する好事例',
};

/** The engagement's name as shown: its title, or client name + program. */
export function engagementDisplayName(e: { title: string; program: EngagementProgram }, clientName: string): string {
  return e.title || `${clientName} ${ENGAGEMENT_PROGRAM_SHORT[e.program]}`;
}
