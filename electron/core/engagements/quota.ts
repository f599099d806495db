import type { ProgramCatalogue, QuotaRule } from '../../../shared/domain/program.ts';
import {
  countAdvisorQuota,
  countDurationQuota,
  previewWarning,
  type QuotaCount,
  type QuotaEntry,
  type QuotaPreview,
  type QuotaStatus,
} from '../../../shared/domain/quota.ts';
import type { LogMode } from '../../../shared/domain/log.ts';
import { fiscalYearOf, fiscalYearRange } from '../../../shared/domain/wareki.ts';
import type { DB } from '../db/types.ts';
import type { EngagementRecord } from './repo.ts';

interface QuotaRow {
  id: string;
  date: string;
  start_time: string | null;
  mode: string;
  minutes: number;
  created_at: string;
}

function toEntry(r: QuotaRow): QuotaEntry {
  return { id: r.id, date: r.date, startTime: r.start_time, mode: r.mode as LogMode, minutes: r.minutes, createdAt: r.created_at };
}

/** A client-fiscal-year quota group: (program, client, fiscal year). */
export type QuotaGroup = { program: string; clientId: string; fiscalYear: number };

export interface QuotaTargets {
  groups?: Iterable<QuotaGroup>;
  engagements?: Iterable<string>;
}

/**
 * The database side of quotas: loads the entries a quota counts, keeps the derived
 * log_entries.over_quota marks current and answers status / preview questions. The counting
 * itself is shared/domain/quota.ts.
 */
export class QuotaBook {
  private readonly s;
  private readonly rules: Map<string, QuotaRule>;

  constructor(db: DB, catalogue: ProgramCatalogue) {
    this.rules = new Map(catalogue.quotas.map((q) => [q.program, q]));
    this.s = {
      groupEntries: db.prepare(`SELECT l.id, l.date, l.start_time, l.mode, l.minutes, l.created_at
        FROM engagements e JOIN log_entries l ON l.engagement_id = e.id
        WHERE e.client_id = ? AND e.program = ? AND l.date BETWEEN ? AND ?`),
      engagementEntries: db.prepare('SELECT id, date, start_time, mode, minutes, created_at FROM log_entries WHERE engagement_id = ?'),
      engagement: db.prepare('SELECT id, client_id, program, start_date, planned_end FROM engagements WHERE id = ?'),
      clearMarks: db.prepare('UPDATE log_entries SET over_quota = 0 WHERE engagement_id = ? AND over_quota = 1'),
      setOver: db.prepare('UPDATE log_entries SET over_quota = ? WHERE id = ? AND over_quota != ?'),
      allEngagements: db.prepare('SELECT id FROM engagements'),
    };
  }

  rule(program: string): QuotaRule | null {
    return this.rules.get(program) ?? null;
  }

  docs(program: string): string {
    return this.rule(program)?.docs ?? 'この事業には回数や期間の上限はありません。';
  }

  groupEntries(g: QuotaGroup): QuotaEntry[] {
    const { start, end } = fiscalYearRange(g.fiscalYear);
    return (this.s.groupEntries.all(g.clientId, g.program, start, end) as QuotaRow[]).map(toEntry);
  }

  engagementEntries(engagementId: string): QuotaEntry[] {
    return (this.s.engagementEntries.all(engagementId) as QuotaRow[]).map(toEntry);
  }

  /** Count for one group or engagement with the entries given. */
  private count(eng: Pick<EngagementRecord, 'program' | 'startDate' | 'plannedEnd'>, fiscalYear: number, entries: QuotaEntry[], asOf?: string): QuotaCount | null {
    const rule = this.rule(eng.program);
    if (!rule) return null;
    if (rule.type === 'client-fiscal-year') return countAdvisorQuota(rule, fiscalYear, entries);
    return countDurationQuota(rule, eng, entries, asOf);
  }

  /**
   * The quota of an engagement: for client-fiscal-year rules the fiscal year given (default: the
   * one `asOf` falls in); for duration rules the planned period. null when the program has none.
   */
  statusOf(eng: EngagementRecord, asOf: string, fiscalYear?: number): QuotaStatus | null {
    const rule = this.rule(eng.program);
    if (!rule) return null;
    if (rule.type === 'client-fiscal-year') {
      const fy = fiscalYear ?? fiscalYearOf(asOf);
      return countAdvisorQuota(rule, fy, this.groupEntries({ program: eng.program, clientId: eng.clientId, fiscalYear: fy })).status;
    }
    return countDurationQuota(rule, eng, this.engagementEntries(eng.id), asOf)?.status ?? null;
  }

  /** The quota an entry dated `date` counts against (after saving). */
  statusForDate(eng: EngagementRecord, date: string, asOf: string): QuotaStatus | null {
    return this.statusOf(eng, asOf, fiscalYearOf(date));
  }

  /** The group an entry of this engagement on this date belongs to, if its program counts per client and year. */
  groupOf(eng: { program: string; clientId: string }, date: string): QuotaGroup | null {
    return this.rule(eng.program)?.type === 'client-fiscal-year' ? { program: eng.program, clientId: eng.clientId, fiscalYear: fiscalYearOf(date) } : null;
  }

  /** Recompute the over_quota marks of the groups and engagements given (inside the writing transaction). */
  refresh(t: QuotaTargets): void {
    const groups = new Map<string, QuotaGroup>();
    const addGroup = (g: QuotaGroup) => groups.set(`${g.program}\u0000${g.clientId}\u0000${g.fiscalYear}`, g);
    for (const g of t.groups ?? []) addGroup(g);
    for (const id of new Set(t.engagements ?? [])) {
      const row = this.s.engagement.get(id) as { id: string; client_id: string; program: string; start_date: string; planned_end: string | null } | undefined;
      if (!row) continue;
      const rule = this.rule(row.program);
      const entries = this.engagementEntries(id);
      if (rule?.type === 'client-fiscal-year') {
        for (const fy of new Set(entries.map((e) => fiscalYearOf(e.date)))) addGroup({ program: row.program, clientId: row.client_id, fiscalYear: fy });
      } else if (rule?.type === 'duration') {
        const c = countDurationQuota(rule, { startDate: row.start_date, plannedEnd: row.planned_end }, entries);
        if (!c) this.s.clearMarks.run(id);
        else for (const e of entries) this.mark(e.id, c.overIds.has(e.id));
      } else {
        this.s.clearMarks.run(id);
      }
    }
    for (const g of groups.values()) {
      const rule = this.rule(g.program);
      const entries = this.groupEntries(g);
      if (rule?.type !== 'client-fiscal-year') {
        for (const e of entries) this.mark(e.id, false);
        continue;
      }
      const c = countAdvisorQuota(rule, g.fiscalYear, entries);
      for (const e of entries) this.mark(e.id, c.overIds.has(e.id));
    }
  }

  /** Recompute every mark (after a bulk load, or a change of the quota rules). */
  refreshAll(): void {
    this.refresh({ engagements: (this.s.allEngagements.all() as { id: string }[]).map((r) => r.id) });
  }

  private mark(id: string, over: boolean): void {
    const v = over ? 1 : 0;
    this.s.setOver.run(v, id, v);
  }

  /**
   * What saving an entry would do to the quota, without writing: `entry.id` is the id of the
   * entry being edited (counted once, with the new values) or undefined for a new entry.
   */
  preview(eng: EngagementRecord, entry: { id?: string | undefined; date: string; startTime: string | null; mode: LogMode; minutes: number }, asOf: string): QuotaPreview {
    const rule = this.rule(eng.program);
    if (!rule) return { applies: false, before: null, after: null, wouldExceed: false, warning: '' };
    const fy = fiscalYearOf(entry.date);
    const current = rule.type === 'client-fiscal-year' ? this.groupEntries({ program: eng.program, clientId: eng.clientId, fiscalYear: fy }) : this.engagementEntries(eng.id);
    const existing = entry.id ? current.find((e) => e.id === entry.id) : undefined;
    const id = entry.id ?? '\u0000new';
    // A new entry sorts after the entries already logged for the same day and time.
    const hypothetical: QuotaEntry = { id, date: entry.date, startTime: entry.startTime, mode: entry.mode, minutes: entry.minutes, createdAt: existing?.createdAt ?? '\uffff' };
    const withEntry = [...current.filter((e) => e.id !== entry.id), hypothetical];
    const before = this.count(eng, fy, current, asOf);
    const after = this.count(eng, fy, withEntry, asOf);
    // Flag when the entry is itself over the quota, or when it adds usage to a period that ends up
    // over it (a back-dated entry pushes a later one over: that later one gets the mark).
    const entryOver = after?.overIds.has(id) ?? false;
    const wouldExceed = entryOver || (after !== null && after.status.exceeded && after.status.used > (before?.status.used ?? 0));
    return {
      applies: after !== null,
      before: before?.status ?? null,
      after: after?.status ?? null,
      wouldExceed,
      warning: previewWarning(rule, after?.status ?? null, wouldExceed),
    };
  }
}
