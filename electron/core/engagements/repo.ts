import type { Client } from '../../../shared/domain/client.ts';
import type { Engagement } from '../../../shared/domain/engagement.ts';
import type { LogEntry, NextAction } from '../../../shared/domain/log.ts';
import { AppError } from '../../../shared/errors.ts';
import { excerpt } from '../../../shared/excerpt.ts';
import type { DB } from '../db/types.ts';
import { DataStore, type Expectation } from '../data/store.ts';
import {
  ClientEntity,
  EngagementEntity,
  LogEntryEntity,
  NextActionEntity,
  type ActionRow,
  type ClientRow,
  type EngagementRow,
  type LogRow,
} from './entities.ts';

/** Rows of the v3 tables and their mapping to the domain records: the entity definitions (entities.ts). */
export type { ActionRow, ClientRow, EngagementRow, LogRow };

export function rowToClient(r: ClientRow): Client {
  return ClientEntity.toRecord(r) as Client;
}

export type EngagementRecord = Omit<Engagement, 'cases'>;

export function rowToEngagement(r: EngagementRow): EngagementRecord {
  return EngagementEntity.toRecord(r) as EngagementRecord;
}

export function rowToAction(r: ActionRow): NextAction {
  const { id, task, owner, due, done } = NextActionEntity.toRecord(r);
  return { id, task, owner, due, done };
}

export function rowToLog(r: LogRow, clientId: string, actions: NextAction[]): LogEntry {
  return { ...(LogEntryEntity.toRecord(r) as Omit<LogEntry, 'clientId' | 'nextActions'>), clientId, nextActions: actions };
}

/** A log entry's own columns (without the joined client and its next-action rows). */
function logFields(e: LogEntry): Record<string, unknown> {
  const { clientId: _c, nextActions: _n, ...own } = e;
  return own;
}

/** Prepared statements over the v3 tables, created once per connection. No business rules here. */
export class EngagementRepo {
  private readonly s;
  readonly db: DB;
  /** The one write path: every write below is a mutation (history, version, change log). */
  readonly store: DataStore;

  constructor(db: DB) {
    this.db = db;
    this.store = DataStore.of(db);
    this.s = {
      clientById: db.prepare('SELECT * FROM clients WHERE id = ?'),
      clientSummaries: db.prepare(`SELECT c.id, c.name, c.kind, c.prefecture, c.population, c.fiscal_strength, c.capital_yen, c.updated_at,
          (SELECT count(*) FROM engagements e WHERE e.client_id = c.id) AS engagements,
          (SELECT count(*) FROM engagements e WHERE e.client_id = c.id AND e.status IN ('preparing', 'active')) AS active_engagements
        FROM clients c ORDER BY c.name, c.id`),
      engagementCountOfClient: db.prepare('SELECT count(*) AS n FROM engagements WHERE client_id = ?'),

      engById: db.prepare('SELECT * FROM engagements WHERE id = ?'),
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
      logOfEngagement: db.prepare(
        'SELECT * FROM log_entries WHERE engagement_id = ? ORDER BY date DESC, coalesce(start_time, \'\') DESC, created_at DESC, id DESC',
      ),
      actionsOfEntry: db.prepare('SELECT * FROM next_actions WHERE log_entry_id = ? ORDER BY position'),
      actionsOfEngagement: db.prepare(`SELECT a.* FROM next_actions a JOIN log_entries l ON l.id = a.log_entry_id
        WHERE l.engagement_id = ? ORDER BY a.log_entry_id, a.position`),
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

  /** Insert a client (stamped by the write path unless it carries its stamps, as a restore or an import does). */
  insertClient(c: Client, opts: { restore?: boolean } = {}): Client {
    const r = opts.restore
      ? this.store.mutate<Client>({ entity: ClientEntity, id: c.id, restore: c })
      : this.store.mutate<Client>({ entity: ClientEntity, id: c.id, create: c, keepStamps: true });
    return r.after!;
  }

  /** Change some fields; returns the stored client and which fields changed. */
  updateClient(id: string, changes: Partial<Client>, expect: Expectation & { keepStamps?: boolean } = {}): { client: Client; changed: string[] } {
    const r = this.store.mutate<Client>({ entity: ClientEntity, id, changes, keepStamps: expect.keepStamps === true, ...expect });
    return { client: r.after!, changed: r.changed };
  }

  deleteClient(id: string, expect: Expectation = {}): void {
    this.store.mutate({ entity: ClientEntity, id, delete: true, ...expect });
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

  insertEngagement(e: EngagementRecord, historyExtra?: Record<string, unknown>): EngagementRecord {
    return this.store.mutate<EngagementRecord>({ entity: EngagementEntity, id: e.id, create: e, keepStamps: true, historyExtra }).after!;
  }

  /**
   * Change some fields. `touch`: write (stamp, version, change log) even when only the attached
   * cases changed. Returns the stored engagement and the fields that changed.
   */
  updateEngagement(
    id: string,
    changes: Partial<EngagementRecord>,
    expect: Expectation & { keepStamps?: boolean; touch?: boolean } = {},
  ): { engagement: EngagementRecord; changed: string[] } {
    const r = this.store.mutate<EngagementRecord>({ entity: EngagementEntity, id, changes, ...expect });
    return { engagement: r.after!, changed: r.changed };
  }

  deleteEngagement(id: string, historyExtra?: Record<string, unknown>): void {
    this.s.detachAll.run(id);
    this.store.mutate({ entity: EngagementEntity, id, delete: true, historyExtra });
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

  /** Insert a log entry and its next actions (each a record of its own in the change log). */
  insertLog(e: LogEntry, opts: { restore?: boolean } = {}): LogEntry {
    const own = logFields(e);
    const extra = { nextActions: e.nextActions };
    const r = opts.restore
      ? this.store.mutate({ entity: LogEntryEntity, id: e.id, restore: own, historyExtra: extra })
      : this.store.mutate({ entity: LogEntryEntity, id: e.id, create: own, keepStamps: true, historyExtra: extra });
    this.syncActions(e.id, e.engagementId, [], e.nextActions);
    return { ...(r.after as Omit<LogEntry, 'clientId' | 'nextActions'>), clientId: e.clientId, nextActions: e.nextActions };
  }

  /**
   * Write an entry's new content (over_quota is set by setOverQuota): the changed fields, and
   * its next actions when they changed (history field 'nextActions', old → new). Returns the
   * fields that changed.
   */
  updateLog(before: LogEntry, after: LogEntry, expect: Expectation & { keepStamps?: boolean } = {}): string[] {
    const { overQuota: _o, ...changes } = logFields(after);
    const actionsChanged = JSON.stringify(before.nextActions) !== JSON.stringify(after.nextActions);
    const r = this.store.mutate({ entity: LogEntryEntity, id: before.id, changes, touch: actionsChanged, ...expect });
    if (actionsChanged) this.store.note('logEntry', before.id, 'nextActions', before.nextActions, after.nextActions);
    this.syncActions(before.id, after.engagementId, before.nextActions, after.nextActions);
    return actionsChanged ? [...r.changed, 'nextActions'] : r.changed;
  }

  /** Delete an entry: its next actions first (each deletion in the change log), then the entry. */
  deleteLog(e: LogEntry, expect: Expectation = {}): void {
    const current = this.store.read(LogEntryEntity, e.id);
    if (current) this.store.mutate({ entity: LogEntryEntity, id: e.id, changes: {}, ...expect }); // the stale-write check, before anything is deleted
    this.syncActions(e.id, e.engagementId, e.nextActions, []);
    this.store.mutate({ entity: LogEntryEntity, id: e.id, delete: true, historyExtra: { nextActions: e.nextActions } });
  }

  actionOwner(actionId: string): string | undefined {
    return (this.s.actionOwner.get(actionId) as { log_entry_id: string } | undefined)?.log_entry_id;
  }

  /** Make an entry's next-action rows match `after` (in order), each change a mutation of its own record. */
  private syncActions(entryId: string, engagementId: string, before: readonly NextAction[], after: readonly NextAction[]): void {
    const keep = new Set(after.map((a) => a.id));
    for (const a of before) if (!keep.has(a.id)) this.store.mutate({ entity: NextActionEntity, id: a.id, delete: true });
    const had = new Set(before.map((a) => a.id));
    after.forEach((a, position) => {
      const rec = { id: a.id, logEntryId: entryId, engagementId, position, task: a.task, owner: a.owner, due: a.due, done: a.done };
      if (had.has(a.id)) this.store.mutate({ entity: NextActionEntity, id: a.id, changes: rec });
      else this.store.mutate({ entity: NextActionEntity, id: a.id, create: rec });
    });
  }

  /** Set the derived over-quota mark; true when it changed. */
  setOverQuota(id: string, over: boolean): boolean {
    const v = over ? 1 : 0;
    return this.s.setOver.run(v, id, v).changes > 0;
  }
}
