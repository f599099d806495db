import type { Client, ClientKind } from '../../../shared/domain/client.ts';
import type { Engagement, EngagementProgram, EngagementStatus } from '../../../shared/domain/engagement.ts';
import type { LogEntry, LogMode, NextAction } from '../../../shared/domain/log.ts';
import { AppError } from '../../../shared/errors.ts';
import { excerpt } from '../../../shared/excerpt.ts';
import type { DB } from '../db/types.ts';

/** Rows of the v3 tables and their mapping to the domain records. */

export interface ClientRow {
  id: string;
  name: string;
  kind: string;
  prefecture: string;
  population: number | null;
  fiscal_strength: number | null;
  employees: number | null;
  capital_yen: number | null;
  industry: string;
  notes: string;
  contacts: string;
  partner_municipalities: string | null;
  previous_partner_municipalities: number | null;
  created_at: string;
  updated_at: string;
}

export interface EngagementRow {
  id: string;
  client_id: string;
  program: string;
  title: string;
  advisors: string;
  start_date: string;
  planned_end: string | null;
  status: string;
  notes: string;
  created_at: string;
  updated_at: string;
}

export interface LogRow {
  id: string;
  engagement_id: string;
  date: string;
  start_time: string | null;
  mode: string;
  minutes: number;
  place: string;
  attendees: string;
  topics: string;
  notes: string;
  decisions: string;
  shareable: number;
  over_quota: number;
  created_at: string;
  updated_at: string;
}

export interface ActionRow {
  id: string;
  log_entry_id: string;
  position: number;
  task: string;
  owner: string;
  due: string | null;
  done: number;
}

export function rowToClient(r: ClientRow): Client {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as ClientKind,
    prefecture: r.prefecture as Client['prefecture'],
    population: r.population,
    fiscalStrength: r.fiscal_strength,
    employees: r.employees,
    capitalYen: r.capital_yen,
    industry: r.industry,
    notes: r.notes,
    contacts: JSON.parse(r.contacts) as Client['contacts'],
    partnerMunicipalities: r.partner_municipalities === null ? null : (JSON.parse(r.partner_municipalities) as string[]),
    previousPartnerMunicipalities: r.previous_partner_municipalities,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function clientParams(c: Client) {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    prefecture: c.prefecture,
    population: c.population,
    fiscal_strength: c.fiscalStrength,
    employees: c.employees,
    capital_yen: c.capitalYen,
    industry: c.industry,
    notes: c.notes,
    contacts: JSON.stringify(c.contacts),
    partner_municipalities: c.partnerMunicipalities === null ? null : JSON.stringify(c.partnerMunicipalities),
    previous_partner_municipalities: c.previousPartnerMunicipalities,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

export type EngagementRecord = Omit<Engagement, 'cases'>;

export function rowToEngagement(r: EngagementRow): EngagementRecord {
  return {
    id: r.id,
    clientId: r.client_id,
    program: r.program as EngagementProgram,
    title: r.title,
    advisors: JSON.parse(r.advisors) as string[],
    startDate: r.start_date,
    plannedEnd: r.planned_end,
    status: r.status as EngagementStatus,
    notes: r.notes,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function engagementParams(e: EngagementRecord) {
  return {
    id: e.id,
    client_id: e.clientId,
    program: e.program,
    title: e.title,
    advisors: JSON.stringify(e.advisors),
    start_date: e.startDate,
    planned_end: e.plannedEnd,
    status: e.status,
    notes: e.notes,
    created_at: e.createdAt,
    updated_at: e.updatedAt,
  };
}

export function rowToAction(r: ActionRow): NextAction {
  return { id: r.id, task: r.task, owner: r.owner, due: r.due, done: r.done === 1 };
}

export function rowToLog(r: LogRow, clientId: string, actions: NextAction[]): LogEntry {
  return {
    id: r.id,
    engagementId: r.engagement_id,
    clientId,
    date: r.date,
    startTime: r.start_time,
    mode: r.mode as LogMode,
    minutes: r.minutes,
    place: r.place,
    attendees: JSON.parse(r.attendees) as string[],
    topics: r.topics,
    notes: r.notes,
    decisions: r.decisions,
    nextActions: actions,
    shareable: r.shareable === 1,
    overQuota: r.over_quota === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function logParams(e: LogEntry) {
  return {
    id: e.id,
    engagement_id: e.engagementId,
    date: e.date,
    start_time: e.startTime,
    mode: e.mode,
    minutes: e.minutes,
    place: e.place,
    attendees: JSON.stringify(e.attendees),
    topics: e.topics,
    notes: e.notes,
    decisions: e.decisions,
    shareable: e.shareable ? 1 : 0,
    over_quota: e.overQuota ? 1 : 0,
    created_at: e.createdAt,
    updated_at: e.updatedAt,
  };
}

/** Prepared statements over the v3 tables, created once per connection. No business rules here. */
export class EngagementRepo {
  private readonly s;
  readonly db: DB;

  constructor(db: DB) {
    this.db = db;
    this.s = {
      clientById: db.prepare('SELECT * FROM clients WHERE id = ?'),
      clientInsert: db.prepare(`INSERT INTO clients (id, name, kind, prefecture, population, fiscal_strength, employees, capital_yen,
          industry, notes, contacts, partner_municipalities, previous_partner_municipalities, created_at, updated_at)
        VALUES (@id, @name, @kind, @prefecture, @population, @fiscal_strength, @employees, @capital_yen,
          @industry, @notes, @contacts, @partner_municipalities, @previous_partner_municipalities, @created_at, @updated_at)`),
      clientUpdate: db.prepare(`UPDATE clients SET name = @name, kind = @kind, prefecture = @prefecture, population = @population,
          fiscal_strength = @fiscal_strength, employees = @employees, capital_yen = @capital_yen, industry = @industry, notes = @notes,
          contacts = @contacts, partner_municipalities = @partner_municipalities,
          previous_partner_municipalities = @previous_partner_municipalities, updated_at = @updated_at WHERE id = @id`),
      clientDelete: db.prepare('DELETE FROM clients WHERE id = ?'),
      clientSummaries: db.prepare(`SELECT c.id, c.name, c.kind, c.prefecture, c.population, c.fiscal_strength, c.capital_yen, c.updated_at,
          (SELECT count(*) FROM engagements e WHERE e.client_id = c.id) AS engagements,
          (SELECT count(*) FROM engagements e WHERE e.client_id = c.id AND e.status IN ('preparing', 'active')) AS active_engagements
        FROM clients c ORDER BY c.name, c.id`),
      engagementCountOfClient: db.prepare('SELECT count(*) AS n FROM engagements WHERE client_id = ?'),

      engById: db.prepare('SELECT * FROM engagements WHERE id = ?'),
      engInsert: db.prepare(`INSERT INTO engagements (id, client_id, program, title, advisors, start_date, planned_end, status, notes, created_at, updated_at)
        VALUES (@id, @client_id, @program, @title, @advisors, @start_date, @planned_end, @status, @notes, @created_at, @updated_at)`),
      engUpdate: db.prepare(`UPDATE engagements SET client_id = @client_id, program = @program, title = @title, advisors = @advisors,
          start_date = @start_date, planned_end = @planned_end, status = @status, notes = @notes, updated_at = @updated_at WHERE id = @id`),
      engDelete: db.prepare('DELETE FROM engagements WHERE id = ?'),
      engTotals: db.prepare('SELECT count(*) AS entries, coalesce(sum(minutes), 0) AS minutes, max(date) AS last FROM log_entries WHERE engagement_id = ?'),
      engCases: db.prepare(`SELECT ec.case_id AS id, coalesce(c.title, '') AS title, ec.attached_at AS attachedAt
        FROM engagement_cases ec LEFT JOIN cases c ON c.id = ec.case_id WHERE ec.engagement_id = ? ORDER BY ec.attached_at, ec.case_id`),
      caseExists: db.prepare('SELECT 1 AS x FROM cases WHERE id = ?'),
      attach: db.prepare('INSERT OR IGNORE INTO engagement_cases (engagement_id, case_id, attached_at) VALUES (?, ?, ?)'),
      detach: db.prepare('DELETE FROM engagement_cases WHERE engagement_id = ? AND case_id = ?'),
      detachAll: db.prepare('DELETE FROM engagement_cases WHERE engagement_id = ?'),
      // Totals per engagement in one pass over the covering index log_by_engagement.
      engSummaries: db.prepare(`SELECT e.*, c.name AS client_name, coalesce(t.entries, 0) AS entries, coalesce(t.minutes, 0) AS minutes, t.last_entry
        FROM engagements e JOIN clients c ON c.id = e.client_id
        LEFT JOIN (SELECT engagement_id, count(*) AS entries, sum(minutes) AS minutes, max(date) AS last_entry
          FROM log_entries WHERE (@client_id IS NULL OR engagement_id IN (SELECT id FROM engagements WHERE client_id = @client_id))
          GROUP BY engagement_id) t ON t.engagement_id = e.id
        WHERE (@client_id IS NULL OR e.client_id = @client_id)
          AND (@status IS NULL OR e.status = @status)
          AND (@program IS NULL OR e.program = @program)
        ORDER BY e.start_date DESC, e.id`),
      logCountOfEngagement: db.prepare('SELECT count(*) AS n FROM log_entries WHERE engagement_id = ?'),

      logById: db.prepare('SELECT l.*, e.client_id AS client_id FROM log_entries l JOIN engagements e ON e.id = l.engagement_id WHERE l.id = ?'),
      logInsert: db.prepare(`INSERT INTO log_entries (id, engagement_id, date, start_time, mode, minutes, place, attendees, topics, notes, decisions,
          shareable, over_quota, created_at, updated_at)
        VALUES (@id, @engagement_id, @date, @start_time, @mode, @minutes, @place, @attendees, @topics, @notes, @decisions,
          @shareable, @over_quota, @created_at, @updated_at)`),
      logUpdate: db.prepare(`UPDATE log_entries SET engagement_id = @engagement_id, date = @date, start_time = @start_time, mode = @mode,
          minutes = @minutes, place = @place, attendees = @attendees, topics = @topics, notes = @notes, decisions = @decisions,
          shareable = @shareable, updated_at = @updated_at WHERE id = @id`),
      logDelete: db.prepare('DELETE FROM log_entries WHERE id = ?'),
      logOfEngagement: db.prepare(
        'SELECT * FROM log_entries WHERE engagement_id = ? ORDER BY date DESC, coalesce(start_time, \'\') DESC, created_at DESC, id DESC',
      ),
      actionsOfEntry: db.prepare('SELECT * FROM next_actions WHERE log_entry_id = ? ORDER BY position'),
      actionsOfEngagement: db.prepare(`SELECT a.* FROM next_actions a JOIN log_entries l ON l.id = a.log_entry_id
        WHERE l.engagement_id = ? ORDER BY a.log_entry_id, a.position`),
      actionsDelete: db.prepare('DELETE FROM next_actions WHERE log_entry_id = ?'),
      actionInsert: db.prepare('INSERT INTO next_actions (id, log_entry_id, engagement_id, position, task, owner, due, done) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      actionsMove: db.prepare('UPDATE next_actions SET engagement_id = @eng WHERE log_entry_id = @entry AND engagement_id != @eng'),
      actionOwner: db.prepare('SELECT log_entry_id FROM next_actions WHERE id = ?'),
      setOver: db.prepare('UPDATE log_entries SET over_quota = ? WHERE id = ? AND over_quota != ?'),
    };
  }

  // Clients ------------------------------------------------------------------------------------

  clientRow(id: string): ClientRow | undefined {
    return this.s.clientById.get(id) as ClientRow | undefined;
  }

  client(id: string, path: (string | number)[] = ['id']): Client {
    const r = this.clientRow(id);
    if (!r) throw new AppError('not_found', `支援先が見つかりません（id: ${excerpt(id, 60)}）。`, { path });
    return rowToClient(r);
  }

  insertClient(c: Client): void {
    this.s.clientInsert.run(clientParams(c));
  }

  updateClient(c: Client): void {
    this.s.clientUpdate.run(clientParams(c));
  }

  deleteClient(id: string): void {
    this.s.clientDelete.run(id);
  }

  clientSummaries(): {
    id: string;
    name: string;
    kind: string;
    prefecture: string;
    population: number | null;
    fiscal_strength: number | null;
    capital_yen: number | null;
    updated_at: string;
    engagements: number;
    active_engagements: number;
  }[] {
    return this.s.clientSummaries.all() as never;
  }

  engagementCountOfClient(id: string): number {
    return (this.s.engagementCountOfClient.get(id) as { n: number }).n;
  }

  // Engagements --------------------------------------------------------------------------------

  engagementRow(id: string): EngagementRow | undefined {
    return this.s.engById.get(id) as EngagementRow | undefined;
  }

  engagement(id: string, path: (string | number)[] = ['id']): EngagementRecord {
    const r = this.engagementRow(id);
    if (!r) throw new AppError('not_found', `案件が見つかりません（id: ${excerpt(id, 60)}）。`, { path });
    return rowToEngagement(r);
  }

  insertEngagement(e: EngagementRecord): void {
    this.s.engInsert.run(engagementParams(e));
  }

  updateEngagement(e: EngagementRecord): void {
    this.s.engUpdate.run(engagementParams(e));
  }

  deleteEngagement(id: string): void {
    this.s.detachAll.run(id);
    this.s.engDelete.run(id);
  }

  engagementTotals(id: string): { entries: number; minutes: number; last: string | null } {
    return this.s.engTotals.get(id) as { entries: number; minutes: number; last: string | null };
  }

  engagementCases(id: string): { id: string; title: string; attachedAt: string }[] {
    return this.s.engCases.all(id) as { id: string; title: string; attachedAt: string }[];
  }

  caseExists(id: string): boolean {
    return this.s.caseExists.get(id) !== undefined;
  }

  attachCase(engagementId: string, caseId: string, at: string): boolean {
    return this.s.attach.run(engagementId, caseId, at).changes > 0;
  }

  detachCase(engagementId: string, caseId: string): boolean {
    return this.s.detach.run(engagementId, caseId).changes > 0;
  }

  engagementSummaries(filter: { clientId?: string | undefined; status?: string | undefined; program?: string | undefined }): (EngagementRow & {
    client_name: string;
    entries: number;
    minutes: number;
    last_entry: string | null;
  })[] {
    return this.s.engSummaries.all({ client_id: filter.clientId ?? null, status: filter.status ?? null, program: filter.program ?? null }) as never;
  }

  logCountOfEngagement(id: string): number {
    return (this.s.logCountOfEngagement.get(id) as { n: number }).n;
  }

  // Log ----------------------------------------------------------------------------------------

  logEntry(id: string, path: (string | number)[] = ['id']): LogEntry {
    const r = this.s.logById.get(id) as (LogRow & { client_id: string }) | undefined;
    if (!r) throw new AppError('not_found', `支援記録が見つかりません（id: ${excerpt(id, 60)}）。`, { path });
    const actions = (this.s.actionsOfEntry.all(id) as ActionRow[]).map(rowToAction);
    return rowToLog(r, r.client_id, actions);
  }

  logExists(id: string): boolean {
    return this.s.logById.get(id) !== undefined;
  }

  entriesOfEngagement(engagementId: string, clientId: string): LogEntry[] {
    const rows = this.s.logOfEngagement.all(engagementId) as LogRow[];
    const byEntry = new Map<string, NextAction[]>();
    for (const a of this.s.actionsOfEngagement.all(engagementId) as ActionRow[]) {
      let list = byEntry.get(a.log_entry_id);
      if (!list) byEntry.set(a.log_entry_id, (list = []));
      list.push(rowToAction(a));
    }
    return rows.map((r) => rowToLog(r, clientId, byEntry.get(r.id) ?? []));
  }

  insertLog(e: LogEntry): void {
    this.s.logInsert.run(logParams(e));
    this.writeActions(e, e.nextActions);
  }

  /** Content only; over_quota is set by setOverQuota. Next actions are replaced when they changed. */
  updateLog(e: LogEntry, actionsChanged: boolean): void {
    this.s.logUpdate.run(logParams(e));
    if (actionsChanged) {
      this.s.actionsDelete.run(e.id);
      this.writeActions(e, e.nextActions);
    } else {
      this.s.actionsMove.run({ eng: e.engagementId, entry: e.id });
    }
  }

  deleteLog(id: string): void {
    this.s.logDelete.run(id); // next actions go with it (ON DELETE CASCADE)
  }

  actionOwner(actionId: string): string | undefined {
    return (this.s.actionOwner.get(actionId) as { log_entry_id: string } | undefined)?.log_entry_id;
  }

  private writeActions(entry: LogEntry, actions: readonly NextAction[]): void {
    actions.forEach((a, i) => this.s.actionInsert.run(a.id, entry.id, entry.engagementId, i, a.task, a.owner, a.due, a.done ? 1 : 0));
  }

  /** Set the derived over-quota mark; true when it changed. */
  setOverQuota(id: string, over: boolean): boolean {
    const v = over ? 1 : 0;
    return this.s.setOver.run(v, id, v).changes > 0;
  }
}
