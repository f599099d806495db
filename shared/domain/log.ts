import { z } from 'zod';
import { cleanString } from '../text.ts';
import { IsoDateSchema, TimeSchema } from './dates.ts';
import { boundedNumber } from './numbers.ts';

/**
 * 支援記録 (log entry): one visit, meeting, call or e-mail of an engagement, with its next actions.
 * Same three-schema pattern as the client (fields / create / patch).
 */

export const LOG_MODES = {
  visit: '訪問',
  online: 'オンライン',
  phone: '電話',
  email: 'メール',
} as const;
export type LogMode = keyof typeof LOG_MODES;
export const LOG_MODE_CODES = Object.keys(LOG_MODES) as [LogMode, ...LogMode[]];
export const LogModeSchema = z.enum(LOG_MODE_CODES);

export const MAX_MINUTES = 1440;

/** 1 to 1440 minutes (a day); 0, negative, fractional or longer values are refused. */
export const MinutesSchema = boundedNumber({ label: '時間（分）', min: 1, max: MAX_MINUTES, integer: true, unit: '分' });

/** 次のアクション. `id` is assigned when missing, so the UI can add rows without making ids. */
export const NextActionInputSchema = z
  .object({
    id: z.uuid().optional(),
    task: cleanString().trim().min(1, 'やることは必須です。').max(500, 'やることは500文字以内にしてください。'),
    owner: cleanString().trim().max(100, '担当は100文字以内にしてください。').default(''),
    due: IsoDateSchema.nullable().default(null),
    done: z.boolean().default(false),
  })
  .strict();
export type NextActionInput = z.input<typeof NextActionInputSchema>;

export const NextActionSchema = z.object({
  id: z.uuid(),
  task: z.string(),
  owner: z.string(),
  due: z.string().nullable(),
  done: z.boolean(),
});
export type NextAction = z.infer<typeof NextActionSchema>;

export const LogEntryFieldsSchema = z.object({
  engagementId: z.uuid(),
  date: IsoDateSchema,
  /** 開始時刻 HH:MM; null = not recorded. */
  startTime: TimeSchema.nullable(),
  mode: LogModeSchema,
  minutes: MinutesSchema,
  place: cleanString().trim().max(200, '場所は200文字以内にしてください。'),
  attendees: z.array(cleanString().trim().min(1, '空の出席者があります。').max(100)).max(100, '出席者は100人までです。'),
  topics: cleanString().max(2000, '議題は2,000文字以内にしてください。'),
  /** Markdown. */
  notes: cleanString().max(200_000, 'メモは200,000文字以内にしてください。'),
  decisions: cleanString().max(20_000, '決定事項は20,000文字以内にしてください。'),
  nextActions: z.array(NextActionInputSchema).max(100, '次のアクションは100件までです。'),
  /**
   * 共有可: the entry may appear in documents the client reads (the plan's 策定経過: date, topic,
   * decisions). Off by default; メモ (notes) never leave the app in any case.
   */
  shareable: z.boolean({ error: () => '共有可は true か false で指定してください。' }),
});
export type LogEntryFields = z.infer<typeof LogEntryFieldsSchema>;

export const LOG_ENTRY_DEFAULTS = {
  startTime: null,
  place: '',
  attendees: [],
  topics: '',
  notes: '',
  decisions: '',
  nextActions: [],
  shareable: false,
} satisfies Partial<LogEntryFields>;

export const LogEntryCreateSchema = LogEntryFieldsSchema.partial({
  startTime: true,
  place: true,
  attendees: true,
  topics: true,
  notes: true,
  decisions: true,
  nextActions: true,
  shareable: true,
}).strict();
export type LogEntryCreate = z.input<typeof LogEntryCreateSchema>;

export const LogEntryPatchSchema = LogEntryFieldsSchema.partial().strict();
export type LogEntryPatch = z.input<typeof LogEntryPatchSchema>;

export const LogEntrySchema = LogEntryFieldsSchema.extend({
  id: z.uuid(),
  nextActions: z.array(NextActionSchema),
  /** The engagement's client (for display and quotas). */
  clientId: z.string(),
  /**
   * true when this entry went over its program's quota (see shared/domain/quota.ts for how it
   * is counted). Kept up to date when entries are added, edited or deleted.
   */
  overQuota: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type LogEntry = z.infer<typeof LogEntrySchema>;

export const LOG_FIELD_LABELS: Record<keyof LogEntryFields, string> = {
  engagementId: '案件',
  date: '日付',
  startTime: '開始時刻',
  mode: '形態',
  minutes: '時間（分）',
  place: '場所',
  attendees: '出席者',
  topics: '議題',
  notes: 'メモ',
  decisions: '決定事項',
  nextActions: '次のアクション',
  shareable: '共有可（策定経過に載せる）',
};

/**
 * Advice on a log entry's date against its engagement (saving never depends on it): a visit dated
 * before the engagement's start is most likely a typo (the wrong year, a month swapped with the day).
 */
export function entryDateWarning(date: string, engagement: { startDate: string }, format: (iso: string) => string = (x) => x): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{4}-\d{2}-\d{2}$/.test(engagement.startDate)) return '';
  if (date >= engagement.startDate) return '';
  return `この記録の日付（${format(date)}）は案件の開始日（${format(engagement.startDate)}）より前です。日付をご確認ください。`;
}
