import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type {
  ClientSummary,
  EligibilityItem,
  EngagementSummary,
  EngagementView,
  HistoryEntity,
  HistoryItem,
  LogSaved,
} from '../../../shared/contract/engagements.ts';
import {
  CLIENT_DEFAULTS,
  ClientCreateSchema,
  ClientKindSchema,
  ClientPatchSchema,
  ClientSchema,
  type Client,
  type ClientCreate,
  type ClientKind,
} from '../../../shared/domain/client.ts';
import { addMonths, localIsoDate } from '../../../shared/domain/dates.ts';
import { evaluateEligibility } from '../../../shared/domain/eligibility.ts';
import {
  ENGAGEMENT_DEFAULTS,
  EngagementCreateSchema,
  EngagementPatchSchema,
  engagementDisplayName,
  type EngagementCreate,
  type EngagementProgram,
  type EngagementStatus,
} from '../../../shared/domain/engagement.ts';
import {
  LOG_ENTRY_DEFAULTS,
  LogEntryCreateSchema,
  LogEntryPatchSchema,
  LogEntrySchema,
  type LogEntry,
  type LogEntryCreate,
  type LogEntryFields,
  type LogMode,
  type NextAction,
  type NextActionInput,
} from '../../../shared/domain/log.ts';
import type { ProgramCatalogue } from '../../../shared/domain/program.ts';
import type { QuotaPreview, QuotaStatus } from '../../../shared/domain/quota.ts';
import { fiscalYearOf } from '../../../shared/domain/wareki.ts';
import { AppError } from '../../../shared/errors.ts';
import { excerpt } from '../../../shared/excerpt.ts';
import { zodToAppError } from '../../../shared/zod-ja.ts';
import { normalizeText } from '../../../shared/search/normalize.ts';
import type { DB } from '../db/types.ts';
import { listHistory } from '../data/history.ts';
import { DashboardQueries } from './dashboard.ts';
import { diff, type FieldChange } from './history.ts';
import { QuotaBook, type QuotaGroup } from './quota.ts';
import { LogReport } from './report.ts';
import { EngagementRepo, type EngagementRecord } from './repo.ts';

const LOG_FIELDS: (keyof LogEntryFields)[] = [
  'engagementId',
  'date',
  'startTime',
  'mode',
  'minutes',
  'place',
  'attendees',
  'topics',
  'notes',
  'decisions',
  'nextActions',
];

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw zodToAppError(r.error);
  return r.data;
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const k of keys) out[k] = o[k];
  return out;
}

function stale(what: string, current: string, path: (string | number)[] = ['expectedUpdatedAt']): AppError {
  return new AppError(
    'conflict',
    `この${what}は、ほかの画面で先に変更されています（保存済みの更新日時: ${current}）。読み込み直してから、もう一度変更してください。`,
    { path },
  );
}

function checkFresh(what: string, current: { updatedAt: string }, expected: string | undefined): void {
  if (expected !== undefined && expected !== current.updatedAt) throw stale(what, current.updatedAt);
}

export interface EngagementServiceOptions {
  now?: () => Date;
}

/**
 * Clients, engagements and the engagement log, shared by every face. Every write runs in one
 * IMMEDIATE transaction: the stale-write check, the change, its history rows and the derived
 * quota marks commit together or not at all.
 */
export class EngagementService {
  readonly repo: EngagementRepo;
  readonly quotas: QuotaBook;
  readonly catalogue: ProgramCatalogue;
  readonly dashboard: DashboardQueries;
  readonly report: LogReport;
  private readonly db: DB;
  private readonly now: () => Date;

  constructor(db: DB, catalogue: ProgramCatalogue, opts: EngagementServiceOptions = {}) {
    this.db = db;
    this.catalogue = catalogue;
    this.now = opts.now ?? (() => new Date());
    this.repo = new EngagementRepo(db);
    this.quotas = new QuotaBook(db, catalogue);
    this.dashboard = new DashboardQueries(db, catalogue);
    this.report = new LogReport(db);
  }

  /** Today on this computer (the user's calendar day). */
  today(): string {
    return localIsoDate(this.now());
  }

  /** One operation of the write path: one IMMEDIATE transaction, one op id, one timestamp (nested calls join it). */
  private write<T>(fn: () => T): T {
    return this.repo.store.operation(fn);
  }

  // ============================================================================================
  // Clients

  listClients(filter: { query?: string; kind?: ClientKind | undefined } = {}): ClientSummary[] {
    const q = normalizeText(filter.query ?? '').trim();
    return this.repo
      .clientSummaries()
      .filter((r) => (!filter.kind || r.kind === filter.kind) && (!q || normalizeText(r.name).includes(q) || normalizeText(r.prefecture).includes(q)))
      .map((r) => ({
        id: r.id,
        name: r.name,
        kind: ClientKindSchema.parse(r.kind),
        prefecture: r.prefecture,
        population: r.population,
        fiscalStrength: r.fiscal_strength,
        capitalYen: r.capital_yen,
        engagements: r.engagements,
        activeEngagements: r.active_engagements,
        updatedAt: r.updated_at,
      }));
  }

  getClient(id: string): Client {
    return this.repo.client(id);
  }

  createClient(input: ClientCreate): Client {
    const fields = parse(ClientCreateSchema, input);
    return this.write(() => this.repo.insertClient({ ...CLIENT_DEFAULTS, ...fields, id: randomUUID(), createdAt: '', updatedAt: '' }));
  }

  updateClient(id: string, patchInput: unknown, expectedUpdatedAt?: string): Client {
    const patch = parse(ClientPatchSchema, patchInput);
    return this.write(() => {
      this.repo.client(id);
      return this.repo.updateClient(id, patch, { expectedUpdatedAt }).client;
    });
  }

  deleteClient(id: string, expectedUpdatedAt?: string): Client {
    return this.write(() => {
      const c = this.repo.client(id);
      checkFresh('支援先', c, expectedUpdatedAt);
      const n = this.repo.engagementCountOfClient(id);
      if (n > 0) {
        throw new AppError('conflict', `この支援先には案件が${n}件あるため削除できません。先に案件を削除してください（記録を残す場合は案件の状態を「中止」や「完了」にします）。`, {
          path: ['id'],
        });
      }
      this.repo.deleteClient(id);
      return c;
    });
  }

  restoreClient(input: Client): Client {
    const c = parse(ClientSchema, input);
    return this.write(() => {
      if (this.repo.clientRow(c.id)) throw new AppError('conflict', 'この支援先はすでに存在します（元に戻す操作は済んでいます）。', { path: ['client', 'id'] });
      return this.repo.insertClient(c, { restore: true });
    });
  }

  eligibility(id: string): EligibilityItem[] {
    return evaluateEligibility(this.catalogue, this.repo.client(id));
  }

  // ============================================================================================
  // Engagements

  private defaultPlannedEnd(program: EngagementProgram, startDate: string): string | null {
    const rule = this.quotas.rule(program);
    return rule?.type === 'duration' ? addMonths(startDate, rule.months) : null;
  }

  private checkPeriod(e: { startDate: string; plannedEnd: string | null }, path: (string | number)[]): void {
    if (e.plannedEnd !== null && e.plannedEnd < e.startDate) {
      throw new AppError('invalid_input', `終了予定日（${e.plannedEnd}）は開始日（${e.startDate}）以降にしてください。`, { path });
    }
  }

  view(id: string): EngagementView {
    return this.viewOf(this.repo.engagement(id));
  }

  private viewOf(e: EngagementRecord): EngagementView {
    const client = this.repo.client(e.clientId, ['clientId']);
    const totals = this.repo.engagementTotals(e.id);
    return {
      ...e,
      cases: this.repo.engagementCases(e.id),
      clientName: client.name,
      displayName: engagementDisplayName(e, client.name),
      entries: totals.entries,
      minutes: totals.minutes,
      lastEntryDate: totals.last,
      quota: this.quotas.statusOf(e, this.today(), this.referenceFiscalYear(e, totals.last)),
    };
  }

  /**
   * The fiscal year an engagement's quota is shown for: that of its latest log entry, else of
   * today (or of the start date when the engagement has not started yet).
   */
  private referenceFiscalYear(e: EngagementRecord, lastEntryDate: string | null): number {
    const today = this.today();
    return fiscalYearOf(lastEntryDate ?? (today >= e.startDate ? today : e.startDate));
  }

  listEngagements(
    filter: { clientId?: string | undefined; status?: EngagementStatus | undefined; program?: EngagementProgram | undefined; caseId?: string | undefined } = {},
  ): EngagementSummary[] {
    if (filter.clientId) this.repo.client(filter.clientId, ['clientId']);
    const withCase =
      filter.caseId === undefined
        ? null
        : new Set(this.db.prepare('SELECT engagement_id FROM engagement_cases WHERE case_id = ?').pluck().all(filter.caseId) as string[]);
    const rows = this.repo.engagementSummaries(filter).filter((r) => withCase === null || withCase.has(r.id));
    return rows.map((r) => {
      const program = r.program as EngagementProgram;
      return {
        id: r.id,
        clientId: r.client_id,
        clientName: r.client_name,
        program,
        title: r.title,
        displayName: engagementDisplayName({ title: r.title, program }, r.client_name),
        status: r.status as EngagementStatus,
        startDate: r.start_date,
        plannedEnd: r.planned_end,
        advisors: JSON.parse(r.advisors) as string[],
        entries: r.entries,
        minutes: r.minutes,
        lastEntryDate: r.last_entry,
        updatedAt: r.updated_at,
      };
    });
  }

  createEngagement(input: EngagementCreate): EngagementView {
    const fields = parse(EngagementCreateSchema, input);
    return this.write(() => {
      this.repo.client(fields.clientId, ['clientId']);
      const e: EngagementRecord = {
        ...ENGAGEMENT_DEFAULTS,
        ...fields,
        plannedEnd: fields.plannedEnd === undefined ? this.defaultPlannedEnd(fields.program, fields.startDate) : fields.plannedEnd,
        id: randomUUID(),
        createdAt: '',
        updatedAt: '',
      };
      this.checkPeriod(e, ['plannedEnd']);
      return this.viewOf(this.repo.insertEngagement(e));
    });
  }

  /** The client-fiscal-year groups an engagement's entries count in (before a change that moves them). */
  private groupsOf(e: EngagementRecord): QuotaGroup[] {
    const out: QuotaGroup[] = [];
    const years = new Set(this.quotas.engagementEntries(e.id).map((x) => fiscalYearOf(x.date)));
    for (const fy of years) {
      const g = this.quotas.groupOf(e, `${fy}-04-01`);
      if (g) out.push(g);
    }
    return out;
  }

  updateEngagement(id: string, patchInput: unknown, expectedUpdatedAt?: string): EngagementView {
    const patch = parse(EngagementPatchSchema, patchInput);
    return this.write(() => {
      const before = this.repo.engagement(id);
      checkFresh('案件', before, expectedUpdatedAt);
      const after: EngagementRecord = { ...before, ...patch };
      const fields = new Set<string>(Object.keys(patch));
      if (patch.clientId !== undefined && patch.clientId !== before.clientId) this.repo.client(patch.clientId, ['patch', 'clientId']);
      if (patch.plannedEnd === undefined) {
        // Keep a default planned end in step with the start date and program it was derived from.
        const oldDefault = this.defaultPlannedEnd(before.program, before.startDate);
        const newDefault = this.defaultPlannedEnd(after.program, after.startDate);
        if ((before.plannedEnd === null || before.plannedEnd === oldDefault) && newDefault !== null && newDefault !== before.plannedEnd) {
          after.plannedEnd = newDefault;
          fields.add('plannedEnd');
        }
      }
      this.checkPeriod(after, patch.plannedEnd !== undefined ? ['patch', 'plannedEnd'] : ['patch', 'startDate']);
      const changes = diff(before, after, [...fields]);
      if (changes.length === 0) {
        checkFresh('案件', before, expectedUpdatedAt);
        return this.viewOf(before);
      }
      const quotaRelevant = changes.some((c) => ['clientId', 'program', 'startDate', 'plannedEnd'].includes(c.field));
      const oldGroups = quotaRelevant ? this.groupsOf(before) : [];
      const changed = Object.fromEntries(changes.map((c) => [c.field, c.new]));
      const saved = this.repo.updateEngagement(id, changed, { expectedUpdatedAt }).engagement;
      if (quotaRelevant) this.quotas.refresh({ groups: oldGroups, engagements: [id] });
      return this.viewOf(saved);
    });
  }

  deleteEngagement(id: string, opts: { expectedUpdatedAt?: string | undefined; withEntries?: boolean } = {}): { deleted: EngagementView; deletedEntries: number } {
    return this.write(() => {
      const e = this.repo.engagement(id);
      checkFresh('案件', e, opts.expectedUpdatedAt);
      const view = this.viewOf(e);
      const entries = this.repo.entriesOfEngagement(id, e.clientId);
      if (entries.length > 0 && !opts.withEntries) {
        throw new AppError(
          'conflict',
          `この案件には支援記録が${entries.length}件あるため削除できません。記録を残すには状態を「中止」にしてください。記録ごと削除する場合は、そのことを明示して（withEntries）削除してください。`,
          { path: ['withEntries'] },
        );
      }
      // A plan (schema v4) holds the advisor's answers: never dropped as a side effect.
      const hasPlan = this.db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'plans'").get() !== undefined
        && this.db.prepare('SELECT 1 FROM plans WHERE engagement_id = ?').get(id) !== undefined;
      if (hasPlan) {
        throw new AppError('conflict', 'この案件には計画（テンプレートへの回答）があるため削除できません。状態を「中止」にしてください。', { path: ['id'] });
      }
      const groups = this.groupsOf(e);
      for (const x of entries) this.repo.deleteLog(x);
      this.repo.deleteEngagement(id, { caseIds: view.cases.map((c) => c.id) });
      this.quotas.refresh({ groups });
      return { deleted: view, deletedEntries: entries.length };
    });
  }

  private setCases(id: string, change: (current: string[]) => string[]): EngagementView {
    return this.write(() => {
      const e = this.repo.engagement(id);
      const before = this.repo.engagementCases(id).map((c) => c.id);
      const wanted = change(before);
      const at = this.repo.store.operation((op) => op.at);
      for (const c of before) if (!wanted.includes(c)) this.repo.detachCase(id, c);
      for (const c of wanted) if (!before.includes(c)) this.repo.attachCase(id, c, at);
      const after = this.repo.engagementCases(id).map((c) => c.id);
      if (after.length === before.length && after.every((x, i) => x === before[i])) return this.viewOf(e);
      const updated = this.repo.updateEngagement(id, {}, { touch: true }).engagement;
      this.repo.store.note('engagement', id, 'caseIds', before, after);
      return this.viewOf(updated);
    });
  }

  attachCase(id: string, caseId: string): EngagementView {
    this.repo.engagement(id);
    if (!this.repo.caseExists(caseId)) throw new AppError('not_found', `事例が見つかりません（id: ${excerpt(caseId, 60)}）。`, { path: ['caseId'] });
    return this.setCases(id, (cur) => (cur.includes(caseId) ? cur : [...cur, caseId]));
  }

  detachCase(id: string, caseId: string): EngagementView {
    return this.setCases(id, (cur) => cur.filter((c) => c !== caseId));
  }

  /** The attached cases (the plan's case-ref answers are this list: plans/service.ts AttachedCases). */
  attachedCaseIds(id: string): string[] {
    return this.repo.engagementCases(id).map((c) => c.id);
  }

  /** Make the attached cases exactly `caseIds` (ids already checked by the caller). */
  setAttachedCases(id: string, caseIds: string[]): EngagementView {
    return this.setCases(id, () => [...new Set(caseIds)]);
  }

  quota(id: string, fiscalYear?: number): { quota: QuotaStatus | null; docs: string } {
    const e = this.repo.engagement(id);
    const fy = fiscalYear ?? this.referenceFiscalYear(e, this.repo.engagementTotals(id).last);
    return { quota: this.quotas.statusOf(e, this.today(), fy), docs: this.quotas.docs(e.program) };
  }

  // ============================================================================================
  // Log

  listLog(engagementId: string): LogEntry[] {
    const e = this.repo.engagement(engagementId, ['engagementId']);
    return this.repo.entriesOfEngagement(engagementId, e.clientId);
  }

  getLog(id: string): LogEntry {
    return this.repo.logEntry(id);
  }

  /** Give every next action an id; refuse ids used twice or by another entry. */
  private normalizeActions(actions: readonly NextActionInput[], entryId: string, path: (string | number)[]): NextAction[] {
    const seen = new Set<string>();
    return actions.map((a, i) => {
      const id = a.id ?? randomUUID();
      if (seen.has(id)) throw new AppError('invalid_input', '次のアクションの id が重複しています。', { path: [...path, i, 'id'] });
      seen.add(id);
      const owner = this.repo.actionOwner(id);
      if (owner !== undefined && owner !== entryId) throw new AppError('invalid_input', '次のアクションの id がほかの支援記録で使われています。', { path: [...path, i, 'id'] });
      return { id, task: a.task, owner: a.owner ?? '', due: a.due ?? null, done: a.done ?? false };
    });
  }

  private logSnapshot(e: LogEntry): Record<string, unknown> {
    return pick(e, LOG_FIELDS);
  }

  private saved(entryId: string): LogSaved {
    const entry = this.repo.logEntry(entryId);
    const e = this.repo.engagement(entry.engagementId);
    return { entry, quota: this.quotas.statusForDate(e, entry.date, this.today()) };
  }

  /** The first entry of an engagement that is 準備中 makes it 実施中 (recorded like any change, in the same operation). */
  private startIfPreparing(e: EngagementRecord): void {
    if (e.status !== 'preparing') return;
    this.repo.updateEngagement(e.id, { status: 'active' });
  }

  createLog(input: LogEntryCreate): LogSaved {
    const fields = parse(LogEntryCreateSchema, input);
    return this.write(() => {
      const eng = this.repo.engagement(fields.engagementId, ['engagementId']);
      const id = randomUUID();
      const entry: LogEntry = {
        ...LOG_ENTRY_DEFAULTS,
        ...fields,
        nextActions: this.normalizeActions(fields.nextActions ?? [], id, ['nextActions']),
        id,
        clientId: eng.clientId,
        overQuota: false,
        createdAt: '',
        updatedAt: '',
      };
      this.repo.insertLog(entry);
      this.startIfPreparing(eng);
      this.quotas.refresh({ engagements: [eng.id] });
      return this.saved(id);
    });
  }

  updateLog(id: string, patchInput: unknown, expectedUpdatedAt?: string): LogSaved {
    const patch = parse(LogEntryPatchSchema, patchInput);
    return this.write(() => {
      const before = this.repo.logEntry(id);
      checkFresh('支援記録', before, expectedUpdatedAt);
      const oldEng = this.repo.engagement(before.engagementId);
      const newEng = patch.engagementId !== undefined && patch.engagementId !== before.engagementId ? this.repo.engagement(patch.engagementId, ['patch', 'engagementId']) : oldEng;
      const after: LogEntry = {
        ...before,
        ...patch,
        nextActions: patch.nextActions ? this.normalizeActions(patch.nextActions, id, ['patch', 'nextActions']) : before.nextActions,
        clientId: newEng.clientId,
      };
      const changes: FieldChange[] = diff(before, after, Object.keys(patch));
      if (changes.length === 0) return this.saved(id);
      this.repo.updateLog(before, after, { expectedUpdatedAt });
      if (newEng.id !== oldEng.id) this.startIfPreparing(newEng);
      const oldGroup = this.quotas.groupOf(oldEng, before.date);
      this.quotas.refresh({ groups: oldGroup ? [oldGroup] : [], engagements: [oldEng.id, newEng.id] });
      return this.saved(id);
    });
  }

  deleteLog(id: string, expectedUpdatedAt?: string): LogEntry {
    return this.write(() => {
      const e = this.repo.logEntry(id);
      checkFresh('支援記録', e, expectedUpdatedAt);
      const eng = this.repo.engagement(e.engagementId);
      const group = this.quotas.groupOf(eng, e.date);
      this.repo.deleteLog(e);
      this.quotas.refresh({ groups: group ? [group] : [], engagements: [eng.id] });
      return e;
    });
  }

  restoreLog(input: LogEntry): LogSaved {
    const e = parse(LogEntrySchema, input);
    return this.write(() => {
      if (this.repo.logExists(e.id)) throw new AppError('conflict', 'この支援記録はすでに存在します（元に戻す操作は済んでいます）。', { path: ['entry', 'id'] });
      const eng = this.repo.engagement(e.engagementId, ['entry', 'engagementId']);
      const entry: LogEntry = { ...e, clientId: eng.clientId, nextActions: this.normalizeActions(e.nextActions, e.id, ['entry', 'nextActions']) };
      this.repo.insertLog(entry, { restore: true });
      this.quotas.refresh({ engagements: [eng.id] });
      return this.saved(e.id);
    });
  }

  checkQuota(input: { engagementId: string; date: string; mode: LogMode; minutes: number; startTime?: string | null; entryId?: string | undefined }): QuotaPreview {
    const eng = this.repo.engagement(input.engagementId, ['engagementId']);
    if (input.entryId !== undefined) this.repo.logEntry(input.entryId, ['entryId']);
    return this.quotas.preview(eng, { id: input.entryId, date: input.date, startTime: input.startTime ?? null, mode: input.mode, minutes: input.minutes }, this.today());
  }

  setActionDone(entryId: string, actionId: string, done: boolean, expectedUpdatedAt?: string): LogSaved {
    const entry = this.repo.logEntry(entryId, ['entryId']);
    if (!entry.nextActions.some((a) => a.id === actionId)) {
      throw new AppError('not_found', `次のアクションが見つかりません（id: ${excerpt(actionId, 60)}）。`, { path: ['actionId'] });
    }
    const nextActions = entry.nextActions.map((a) => (a.id === actionId ? { ...a, done } : a));
    return this.updateLog(entryId, { nextActions }, expectedUpdatedAt);
  }

  // ============================================================================================
  // History

  historyList(entity: HistoryEntity, id: string, limit: number, beforeId?: number): { items: HistoryItem[]; hasMore: boolean } {
    return listHistory(this.repo.store, entity, id, limit, beforeId);
  }

  /**
   * Undo the record's most recent change (one operation: one or several fields) by writing the
   * old values back as a new change. Creation, deletion and restoration are not undone here
   * (deletion has its own restore).
   */
  undo(entity: 'client' | 'engagement' | 'logEntry', id: string, expectedUpdatedAt?: string): { entity: HistoryEntity; id: string; fields: string[]; updatedAt: string } {
    return this.write(() => {
      const { patch, fields } = this.repo.store.undoPatch(entity, id);
      if (entity === 'client') {
        const c = this.updateClient(id, patch, expectedUpdatedAt);
        return { entity, id, fields, updatedAt: c.updatedAt };
      }
      if (entity === 'engagement') {
        let updatedAt = this.repo.engagement(id).updatedAt;
        const { caseIds, ...rest } = patch;
        if (Object.keys(rest).length > 0) updatedAt = this.updateEngagement(id, rest, expectedUpdatedAt).updatedAt;
        else checkFresh('案件', { updatedAt }, expectedUpdatedAt);
        if (caseIds !== undefined) {
          const wanted = (caseIds as string[]).filter((c) => this.repo.caseExists(c));
          updatedAt = this.setCases(id, () => wanted).updatedAt;
        }
        return { entity, id, fields, updatedAt };
      }
      const saved = this.updateLog(id, patch, expectedUpdatedAt);
      return { entity, id, fields, updatedAt: saved.entry.updatedAt };
    });
  }
}
