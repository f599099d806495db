import { z } from 'zod';
import { addDays, daysBetween } from './dates.ts';
import { ENGAGEMENT_PROGRAM_SHORT, EngagementProgramSchema, type EngagementProgram } from './engagement.ts';
import type { LogMode } from './log.ts';
import type { AdvisorQuotaRule, DurationQuotaRule, QuotaRule } from './program.ts';
import { fiscalYearOf, fiscalYearRange, formatFiscalYearWareki } from './wareki.ts';

/**
 * Quotas: how much support an engagement program allows, counted from the log. The limits are
 * data (seeds/programs/programs.json, `quotas`); the counting is here, in pure functions, and
 * the same functions serve the preview before saving, the marks after saving, the engagement's
 * used / remaining display and the dashboard's warnings.
 *
 * ## advisor (地域情報化アドバイザー派遣): per client and fiscal year (type "client-fiscal-year")
 * 1. Scope: every log entry of every `advisor` engagement of the same client (whatever the
 *    engagement's status) whose date falls in the fiscal year (1 April – 31 March;
 *    2026-03-31 belongs to 2025年度, 2026-04-01 to 2026年度).
 * 2. Entries whose mode is in `countedModes` (visit, online, phone) count; `email` counts 0.
 * 3. If at least one counted entry of that fiscal year is a `visit` (現地派遣を含む支援), the limit
 *    is `visitLimit` (3) 回 and every counted entry — visit, online or phone — is 1 回 (one
 *    support occasion = one log entry; two meetings on one trip logged as two entries are 2 回).
 * 4. Otherwise (online only) the limit is `hoursLimit` (10) 時間 and the usage is the sum of the
 *    counted entries' minutes ÷ 60.
 * 5. Entries are taken in order (date, start time, creation); an entry is marked over quota when
 *    the running count after it is above the limit (the 4th 回, or the entry during which the
 *    minutes pass 600). Adding a first visit to a year switches the whole year to 回 and the marks
 *    are recomputed.
 * 6. Exceeded = used > limit (3 of 3 is at the limit, not over). Near = not exceeded and
 *    used ≥ limit × nearRatio.
 *
 * ## plan-a / plan-b (計画策定支援): per engagement (type "duration")
 * The planned period is start → planned end (default start + 3 months). Usage is in 日: the days
 * from the start to the latest entry. An entry dated after planned end + graceDays is marked over
 * quota; exceeded = the latest entry is past planned end + graceDays; near = within nearDays of
 * the planned end. No planned end = no quota.
 *
 * Other programs (telework, system-building, other) have no quota.
 */

export const QuotaUnitSchema = z.enum(['回', '時間', '日']);
export type QuotaUnit = z.infer<typeof QuotaUnitSchema>;

export const QuotaStatusSchema = z.object({
  program: EngagementProgramSchema,
  type: z.enum(['client-fiscal-year', 'duration']),
  /** client-fiscal-year: the fiscal year counted (2025 = 令和7年度); duration: null. */
  fiscalYear: z.number().int().nullable(),
  /** visits: 回 (a year with on-site visits); hours: 時間 (online only); days: 日 (duration). */
  basis: z.enum(['visits', 'hours', 'days']),
  used: z.number(),
  limit: z.number(),
  unit: QuotaUnitSchema,
  /** limit − used, never below 0. */
  remaining: z.number(),
  exceeded: z.boolean(),
  near: z.boolean(),
  /** One Japanese sentence for the UI, e.g. 「令和7年度の派遣: 2回 / 3回（残り1回）」. */
  message: z.string(),
  /** Counted entries (advisor) or entries of the engagement (duration). */
  entries: z.number().int(),
  /** duration: the planned end and the last day not flagged. */
  plannedEnd: z.string().nullable(),
  graceUntil: z.string().nullable(),
});
export type QuotaStatus = z.infer<typeof QuotaStatusSchema>;

/** What counting needs of a log entry. */
export interface QuotaEntry {
  id: string;
  date: string;
  startTime: string | null;
  mode: LogMode;
  minutes: number;
  createdAt: string;
}

export interface QuotaCount {
  status: QuotaStatus;
  /** Ids of the entries that are over the quota. */
  overIds: Set<string>;
}

export function chronological(a: QuotaEntry, b: QuotaEntry): number {
  return (
    cmp(a.date, b.date) || cmp(a.startTime ?? '', b.startTime ?? '') || cmp(a.createdAt, b.createdAt) || cmp(a.id, b.id)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, '').replace(/\.$/, '');
}

/** The totals an advisor quota status is made from (what countAdvisorQuota sums, or SQL does). */
export interface AdvisorTotals {
  /** Counted entries (modes in countedModes). */
  counted: number;
  /** Counted entries whose mode is visitMode. */
  visits: number;
  /** Minutes of the counted entries. */
  minutes: number;
}

/** The status of one client and fiscal year from its totals (rules 3, 4 and 6 above). */
export function advisorStatus(rule: AdvisorQuotaRule, fiscalYear: number, t: AdvisorTotals): QuotaStatus {
  const withVisits = t.visits > 0;
  const limit = withVisits ? rule.visitLimit : rule.hoursLimit;
  const unit: QuotaUnit = withVisits ? '回' : '時間';
  const used = withVisits ? t.counted : round2(t.minutes / 60);
  const exceeded = withVisits ? t.counted > rule.visitLimit : t.minutes > rule.hoursLimit * 60;
  const remaining = Math.max(0, round2(limit - used));
  const near = !exceeded && used >= limit * rule.nearRatio;
  const fy = formatFiscalYearWareki(fiscalYear);
  const what = withVisits ? '派遣（現地派遣を含む）' : 'オンライン支援';
  const message = exceeded
    ? `${fy}の${what}: ${fmt(used)}${unit} / 上限${fmt(limit)}${unit}（${fmt(round2(used - limit))}${unit}超過）`
    : `${fy}の${what}: ${fmt(used)}${unit} / 上限${fmt(limit)}${unit}（残り${fmt(remaining)}${unit}）`;
  return {
    program: rule.program as EngagementProgram,
    type: 'client-fiscal-year',
    fiscalYear,
    basis: withVisits ? 'visits' : 'hours',
    used,
    limit,
    unit,
    remaining,
    exceeded,
    near,
    message,
    entries: t.counted,
    plannedEnd: null,
    graceUntil: null,
  };
}

/**
 * advisor: count the entries of one client and one fiscal year. `entries` may include entries of
 * other years or uncounted modes; they are filtered here.
 */
export function countAdvisorQuota(rule: AdvisorQuotaRule, fiscalYear: number, entries: readonly QuotaEntry[]): QuotaCount {
  const { start, end } = fiscalYearRange(fiscalYear);
  const counted = entries.filter((e) => e.date >= start && e.date <= end && rule.countedModes.includes(e.mode)).sort(chronological);
  const totals: AdvisorTotals = { counted: counted.length, visits: 0, minutes: 0 };
  for (const e of counted) {
    if (e.mode === rule.visitMode) totals.visits++;
    totals.minutes += e.minutes;
  }
  const overIds = new Set<string>();
  if (totals.visits > 0) {
    counted.forEach((e, i) => {
      if (i + 1 > rule.visitLimit) overIds.add(e.id);
    });
  } else {
    let running = 0;
    for (const e of counted) {
      running += e.minutes;
      if (running > rule.hoursLimit * 60) overIds.add(e.id);
    }
  }
  return { status: advisorStatus(rule, fiscalYear, totals), overIds };
}

/**
 * plan-a / plan-b: the status from the engagement's number of entries and latest entry date.
 * `asOf` (e.g. today) is the reference for `near` and, without entries, for `used`.
 */
export function durationStatus(
  rule: DurationQuotaRule,
  engagement: { startDate: string; plannedEnd: string | null },
  t: { entries: number; lastDate: string | null },
  asOf?: string,
): QuotaStatus | null {
  if (!engagement.plannedEnd) return null;
  const graceUntil = addDays(engagement.plannedEnd, rule.graceDays);
  const limit = Math.max(0, daysBetween(engagement.startDate, engagement.plannedEnd));
  const reference = t.lastDate ?? asOf ?? engagement.startDate;
  const used = Math.max(0, daysBetween(engagement.startDate, reference));
  const exceeded = t.lastDate !== null && t.lastDate > graceUntil;
  const near = !exceeded && (asOf ?? reference) >= addDays(engagement.plannedEnd, -rule.nearDays);
  const remaining = Math.max(0, limit - used);
  const message = exceeded
    ? `予定期間（${engagement.startDate}〜${engagement.plannedEnd}、猶予${rule.graceDays}日）を過ぎた記録があります。`
    : `開始から${used}日 / 予定${limit}日（終了予定 ${engagement.plannedEnd}、残り${remaining}日）`;
  return {
    program: rule.program as EngagementProgram,
    type: 'duration',
    fiscalYear: null,
    basis: 'days',
    used,
    limit,
    unit: '日',
    remaining,
    exceeded,
    near,
    message,
    entries: t.entries,
    plannedEnd: engagement.plannedEnd,
    graceUntil,
  };
}

/** plan-a / plan-b: one engagement's entries against its planned period, with the over-quota marks. */
export function countDurationQuota(
  rule: DurationQuotaRule,
  engagement: { startDate: string; plannedEnd: string | null },
  entries: readonly QuotaEntry[],
  asOf?: string,
): QuotaCount | null {
  let lastDate: string | null = null;
  for (const e of entries) if (lastDate === null || e.date > lastDate) lastDate = e.date;
  const status = durationStatus(rule, engagement, { entries: entries.length, lastDate }, asOf);
  if (!status) return null;
  const overIds = new Set(entries.filter((e) => e.date > status.graceUntil!).map((e) => e.id));
  return { status, overIds };
}

/** The preview shown before saving an entry (log.checkQuota). */
export const QuotaPreviewSchema = z.object({
  /** false when the engagement's program has no quota. */
  applies: z.boolean(),
  before: QuotaStatusSchema.nullable(),
  after: QuotaStatusSchema.nullable(),
  /**
   * true when saving the entry as given goes over the quota: the entry itself would be marked,
   * or it adds usage to a period that ends up over the limit (then the entry that comes last
   * in date order carries the mark).
   */
  wouldExceed: z.boolean(),
  /** Japanese sentence to show beside the form ("" when nothing to say). */
  warning: z.string(),
});
export type QuotaPreview = z.infer<typeof QuotaPreviewSchema>;

export function previewWarning(rule: QuotaRule, after: QuotaStatus | null, wouldExceed: boolean): string {
  if (!after || !wouldExceed) return '';
  const name = ENGAGEMENT_PROGRAM_SHORT[rule.program as EngagementProgram] ?? rule.program;
  if (after.type === 'duration') {
    return `${name}の予定期間（終了予定 ${after.plannedEnd ?? ''}、猶予${rule.type === 'duration' ? rule.graceDays : 0}日まで）を過ぎた記録です。保存はできますが、期間超過として記録されます。`;
  }
  return `この記録で${after.message}となり、上限を超えます。保存はできますが、上限超過として記録されます。`;
}

/** The fiscal year whose quota applies to an entry date. */
export function quotaFiscalYear(date: string): number {
  return fiscalYearOf(date);
}
