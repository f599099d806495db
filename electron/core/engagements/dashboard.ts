import type { Dashboard } from '../../../shared/contract/engagements.ts';
import { addDays, shiftMonth } from '../../../shared/domain/dates.ts';
import { engagementDisplayName, type EngagementProgram } from '../../../shared/domain/engagement.ts';
import type { ProgramCatalogue } from '../../../shared/domain/program.ts';
import { advisorStatus, durationStatus, round2 } from '../../../shared/domain/quota.ts';
import { fiscalYearOf, fiscalYearRange } from '../../../shared/domain/wareki.ts';
import type { DB } from '../db/types.ts';

type Warning = Dashboard['quotaWarnings'][number];

const COLLATOR = new Intl.Collator('ja');

interface ActionRow {
  action_id: string;
  task: string;
  owner: string;
  due: string | null;
  entry_id: string;
  entry_date: string;
  engagement_id: string;
  title: string;
  program: string;
  client_id: string;
  client_name: string;
}

/**
 * The home dashboard in a handful of indexed queries (target: ≤ 50 ms at 200 clients,
 * 2,000 engagements, 50,000 log entries; see test/bench/suites/engagements.ts).
 */
export class DashboardQueries {
  private readonly s;
  private readonly catalogue: ProgramCatalogue;

  constructor(db: DB, catalogue: ProgramCatalogue) {
    this.catalogue = catalogue;
    const actionCols = `a.id AS action_id, a.task, a.owner, a.due, l.id AS entry_id, l.date AS entry_date,
      e.id AS engagement_id, e.title, e.program, c.id AS client_id, c.name AS client_name`;
    const actionJoin = `FROM next_actions a JOIN log_entries l ON l.id = a.log_entry_id
      JOIN engagements e ON e.id = l.engagement_id JOIN clients c ON c.id = e.client_id`;
    this.s = {
      // Open actions with a due date, through the partial index next_actions_open (due) WHERE done = 0.
      dueActions: db.prepare(`SELECT ${actionCols} ${actionJoin}
        WHERE a.done = 0 AND a.due IS NOT NULL AND e.status != 'cancelled' ORDER BY a.due, l.date, a.position LIMIT ?`),
      undatedActions: db.prepare(`SELECT ${actionCols} ${actionJoin}
        WHERE a.done = 0 AND a.due IS NULL AND e.status != 'cancelled' ORDER BY l.date, a.position LIMIT ?`),
      // Open actions are counted from the partial index alone (engagement_id is denormalised onto
      // next_actions for this), minus those of cancelled engagements.
      openActions: db.prepare('SELECT due, engagement_id FROM next_actions WHERE done = 0'),
      cancelled: db.prepare("SELECT id FROM engagements WHERE status = 'cancelled'"),
      statusCounts: db.prepare('SELECT status, count(*) AS n FROM engagements GROUP BY status'),
      month: db.prepare(`SELECT count(*) AS entries, coalesce(sum(minutes), 0) AS minutes, coalesce(sum(mode = 'visit'), 0) AS visits
        FROM log_entries WHERE date BETWEEN ? AND ?`),
      // Totals per client of a client-fiscal-year quota, index-only through log_by_engagement, with
      // the client's name and the engagement of its latest entry ("date|id" sorts by date).
      groupTotals: db.prepare(`SELECT t.client_id, c.name AS client_name, t.counted, t.visits, t.minutes, e.id AS engagement_id, e.title
        FROM (SELECT e.client_id, count(*) AS counted, coalesce(sum(l.mode = @visit), 0) AS visits, coalesce(sum(l.minutes), 0) AS minutes,
              max(l.date || '|' || e.id) AS latest
            FROM engagements e JOIN log_entries l ON l.engagement_id = e.id AND l.date BETWEEN @start AND @end
            WHERE e.program = @program AND l.mode IN (SELECT value FROM json_each(@modes))
            GROUP BY e.client_id) t
        JOIN clients c ON c.id = t.client_id
        JOIN engagements e ON e.id = substr(t.latest, 12)`),
      endingEngagements: db.prepare(`SELECT e.id, e.client_id, c.name AS client_name, e.title, e.program, e.start_date, e.planned_end,
          (SELECT count(*) FROM log_entries l WHERE l.engagement_id = e.id) AS entries,
          (SELECT max(l.date) FROM log_entries l WHERE l.engagement_id = e.id) AS last_date
        FROM engagements e JOIN clients c ON c.id = e.client_id
        WHERE e.status IN ('preparing', 'active') AND e.program = ? AND e.planned_end IS NOT NULL AND e.planned_end <= ?`),
    };
  }

  load(today: string, actionsLimit: number): Dashboard {
    const fiscalYear = fiscalYearOf(today);

    const due = this.s.dueActions.all(actionsLimit) as ActionRow[];
    const undated = due.length < actionsLimit ? (this.s.undatedActions.all(actionsLimit - due.length) as ActionRow[]) : [];
    const nextActions = [...due, ...undated].map((r) => ({
      actionId: r.action_id,
      entryId: r.entry_id,
      entryDate: r.entry_date,
      engagementId: r.engagement_id,
      engagementName: engagementDisplayName({ title: r.title, program: r.program as EngagementProgram }, r.client_name),
      clientId: r.client_id,
      clientName: r.client_name,
      program: r.program as EngagementProgram,
      task: r.task,
      owner: r.owner,
      due: r.due,
      overdue: r.due !== null && r.due < today,
    }));
    const cancelled = new Set((this.s.cancelled.all() as { id: string }[]).map((r) => r.id));
    const counts = { total: 0, overdue: 0 };
    for (const a of this.s.openActions.all() as { due: string | null; engagement_id: string }[]) {
      if (cancelled.has(a.engagement_id)) continue;
      counts.total++;
      if (a.due !== null && a.due < today) counts.overdue++;
    }

    const statusCounts = { preparing: 0, active: 0, done: 0, cancelled: 0 };
    for (const r of this.s.statusCounts.all() as { status: keyof typeof statusCounts; n: number }[]) statusCounts[r.status] = r.n;

    // The fiscal year of today, April to March (months still to come are 0).
    const firstMonth = `${fiscalYear}-04`;
    const monthly = Array.from({ length: 12 }, (_, i) => {
      const month = shiftMonth(firstMonth, i);
      const r = this.s.month.get(`${month}-01`, `${month}-31`) as { entries: number; minutes: number; visits: number };
      return { month, entries: r.entries, minutes: r.minutes, hours: round2(r.minutes / 60), visits: r.visits };
    });

    return {
      today,
      fiscalYear,
      nextActions,
      nextActionsTotal: counts.total,
      overdueTotal: counts.overdue,
      statusCounts,
      monthly,
      quotaWarnings: this.quotaWarnings(today, fiscalYear),
    };
  }

  private quotaWarnings(today: string, fiscalYear: number): Warning[] {
    const out: Warning[] = [];
    const { start, end } = fiscalYearRange(fiscalYear);
    for (const rule of this.catalogue.quotas) {
      if (rule.type === 'client-fiscal-year') {
        const rows = this.s.groupTotals.all({ start, end, program: rule.program, visit: rule.visitMode, modes: JSON.stringify(rule.countedModes) }) as {
          client_id: string;
          client_name: string;
          counted: number;
          visits: number;
          minutes: number;
          engagement_id: string;
          title: string;
        }[];
        for (const r of rows) {
          const status = advisorStatus(rule, fiscalYear, r);
          if (!status.exceeded && !status.near) continue;
          out.push({
            level: status.exceeded ? 'over' : 'near',
            clientId: r.client_id,
            clientName: r.client_name,
            engagementId: r.engagement_id,
            engagementName: engagementDisplayName({ title: r.title, program: rule.program as EngagementProgram }, r.client_name),
            quota: status,
          });
        }
      } else {
        const rows = this.s.endingEngagements.all(rule.program, addDays(today, rule.nearDays)) as {
          id: string;
          client_id: string;
          client_name: string;
          title: string;
          program: string;
          start_date: string;
          planned_end: string;
          entries: number;
          last_date: string | null;
        }[];
        for (const r of rows) {
          const status = durationStatus(rule, { startDate: r.start_date, plannedEnd: r.planned_end }, { entries: r.entries, lastDate: r.last_date }, today);
          if (!status) continue;
          const pastEnd = today > (status.graceUntil ?? r.planned_end);
          const level = status.exceeded || pastEnd ? 'over' : status.near ? 'near' : null;
          if (!level) continue;
          out.push({
            level,
            clientId: r.client_id,
            clientName: r.client_name,
            engagementId: r.id,
            engagementName: engagementDisplayName({ title: r.title, program: r.program as EngagementProgram }, r.client_name),
            quota:
              pastEnd && !status.exceeded
                ? { ...status, message: `終了予定日（${r.planned_end}）を過ぎても実施中です。状態を「完了」にするか、終了予定日を見直してください。` }
                : status,
          });
        }
      }
    }
    return out.sort((a, b) => (a.level === b.level ? COLLATOR.compare(a.clientName, b.clientName) : a.level === 'over' ? -1 : 1));
  }
}
