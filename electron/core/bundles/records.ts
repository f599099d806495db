import type {
  BundleAnswer,
  BundleCase,
  BundleClient,
  BundleEngagement,
  BundleEntity,
  BundleLogEntry,
  BundlePlan,
  BundleSynonyms,
} from '../../../shared/domain/bundle.ts';
import { CaseInputSchema, type Case } from '../../../shared/domain/case.ts';
import { ClientFieldsSchema, type Client } from '../../../shared/domain/client.ts';
import { EngagementFieldsSchema } from '../../../shared/domain/engagement.ts';
import { LogEntryFieldsSchema, type LogEntry } from '../../../shared/domain/log.ts';
import type { Template } from '../../../shared/domain/template.ts';
import { AppError } from '../../../shared/errors.ts';
import { rowToCase } from '../cases/repo.ts';
import { markSeedDeleted } from '../cases/seeds.ts';
import type { CaseService } from '../cases/service.ts';
import type { DB } from '../db/types.ts';
import { json } from '../engagements/history.ts';
import type { QuotaGroup } from '../engagements/quota.ts';
import { rowToEngagement, type EngagementRecord } from '../engagements/repo.ts';
import type { EngagementService } from '../engagements/service.ts';
import { answerField, PLAN_HISTORY_ENTITY } from '../plans/service.ts';
import type { PlanRow } from '../plans/service.ts';
import { DEFAULT_SYNONYM_GROUPS } from '../db/migrations/0002_cases.ts';

export const CLIENT_FIELDS = Object.keys(ClientFieldsSchema.shape) as (keyof Client)[];
export const ENGAGEMENT_FIELDS = Object.keys(EngagementFieldsSchema.shape) as (keyof EngagementRecord)[];
export const LOG_FIELDS = Object.keys(LogEntryFieldsSchema.shape) as (keyof LogEntry)[];
export const CASE_FIELDS = Object.keys(CaseInputSchema.shape) as (keyof Case)[];

/** The one synonyms record of a library (there is one table of groups per database). */
export const SYNONYMS_ID = 'library';

export type AnyRecord = BundleClient | BundleEngagement | BundleLogEntry | BundlePlan | BundleAnswer | BundleCase | BundleSynonyms;

/** `${engagementId}/${questionId}`: engagement ids are UUIDs, so the first slash splits. */
export function answerId(engagementId: string, questionId: string): string {
  return `${engagementId}/${questionId}`;
}

function splitAnswerId(id: string): { engagementId: string; questionId: string } {
  const i = id.indexOf('/');
  return { engagementId: id.slice(0, i), questionId: id.slice(i + 1) };
}

/** What a batch of writes changed that derived data (quota marks, the case filter index) depends on. */
export interface Touched {
  engagements: Set<string>;
  groups: QuotaGroup[];
}

/**
 * The records a bundle carries, read from and written to this database in their bundle form.
 * Every write records its history like the app's own edits (field by field, old → new;
 * entity 'case' and 'synonyms' for the library) and is called inside the caller's transaction.
 */
export class BundleRecords {
  private readonly db: DB;
  private readonly eng: EngagementService;
  private readonly cases: CaseService;
  private readonly s;

  constructor(db: DB, engagements: EngagementService, cases: CaseService) {
    this.db = db;
    this.eng = engagements;
    this.cases = cases;
    this.s = {
      plan: db.prepare('SELECT * FROM plans WHERE engagement_id = ?'),
      planInsert: db.prepare('INSERT INTO plans (engagement_id, template_id, template, start_date, closed_phases, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      planUpdate: db.prepare('UPDATE plans SET template_id = ?, template = ?, start_date = ?, closed_phases = ?, updated_at = ? WHERE engagement_id = ?'),
      planTouch: db.prepare('UPDATE plans SET updated_at = ? WHERE engagement_id = ?'),
      answers: db.prepare('SELECT question_id, value, updated_at FROM plan_answers WHERE engagement_id = ? ORDER BY question_id'),
      answer: db.prepare('SELECT value, updated_at FROM plan_answers WHERE engagement_id = ? AND question_id = ?'),
      answerUpsert: db.prepare(`INSERT INTO plan_answers (engagement_id, question_id, value, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (engagement_id, question_id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`),
      history: db.prepare('INSERT INTO history (at, entity, entity_id, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?)'),
      userModified: db.prepare('SELECT user_modified FROM cases WHERE id = ?').pluck(),
    };
  }

  // Reading ------------------------------------------------------------------------------------

  client(id: string): BundleClient | null {
    const r = this.eng.repo.clientRow(id);
    return r ? this.eng.repo.client(id) : null;
  }

  engagement(id: string): BundleEngagement | null {
    const r = this.eng.repo.engagementRow(id);
    if (!r) return null;
    return { ...rowToEngagement(r), caseIds: this.eng.repo.engagementCases(id).map((c) => c.id) };
  }

  logEntry(id: string): BundleLogEntry | null {
    if (!this.eng.repo.logExists(id)) return null;
    return toBundleLog(this.eng.repo.logEntry(id));
  }

  plan(engagementId: string): BundlePlan | null {
    const r = this.s.plan.get(engagementId) as PlanRow | undefined;
    if (!r) return null;
    return {
      engagementId: r.engagement_id,
      templateId: r.template_id,
      template: JSON.parse(r.template) as Template,
      startDate: r.start_date,
      closedPhases: JSON.parse(r.closed_phases) as string[],
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }

  answersOf(engagementId: string): BundleAnswer[] {
    return (this.s.answers.all(engagementId) as { question_id: string; value: string; updated_at: string }[]).map((r) => ({
      engagementId,
      questionId: r.question_id,
      value: JSON.parse(r.value) as NonNullable<unknown>,
      updatedAt: r.updated_at,
    }));
  }

  answer(id: string): BundleAnswer | null {
    const { engagementId, questionId } = splitAnswerId(id);
    const r = this.s.answer.get(engagementId, questionId) as { value: string; updated_at: string } | undefined;
    return r ? { engagementId, questionId, value: JSON.parse(r.value) as NonNullable<unknown>, updatedAt: r.updated_at } : null;
  }

  case(id: string): BundleCase | null {
    const r = this.cases.repo.getRow(id);
    return r ? rowToCase(r) : null;
  }

  synonyms(): BundleSynonyms {
    return { groups: this.cases.search.synonymGroups() };
  }

  local(entity: BundleEntity, id: string): AnyRecord | null {
    switch (entity) {
      case 'client':
        return this.client(id);
      case 'engagement':
        return this.engagement(id);
      case 'logEntry':
        return this.logEntry(id);
      case 'plan':
        return this.plan(id);
      case 'planAnswer':
        return this.answer(id);
      case 'case':
        return this.case(id);
      case 'synonyms':
        return this.synonyms();
    }
  }

  /**
   * Data every machine starts with and the user never edited is the same everywhere, so its own
   * content is its base: a seed case with user_modified = 0, and the synonym groups as migration
   * 0002 created them.
   */
  isPristineSeed(entity: BundleEntity, id: string, record: AnyRecord): boolean {
    if (entity === 'synonyms') return JSON.stringify((record as BundleSynonyms).groups) === JSON.stringify(DEFAULT_SYNONYM_GROUPS);
    return entity === 'case' && (record as BundleCase).origin === 'seed' && this.s.userModified.get(id) === 0;
  }

  // Writing ------------------------------------------------------------------------------------

  /**
   * Write the incoming version of a record: insert it (keeping its time stamps) when `before`
   * is null, else replace the content (updated_at = at). Returns nothing; throws AppError when
   * the record cannot be placed here (e.g. its engagement is gone).
   */
  write(entity: BundleEntity, before: AnyRecord | null, record: AnyRecord, at: string, touched: Touched): void {
    switch (entity) {
      case 'client':
        return this.writeClient(before as BundleClient | null, record as BundleClient, at);
      case 'engagement':
        return this.writeEngagement(before as BundleEngagement | null, record as BundleEngagement, at, touched);
      case 'logEntry':
        return this.writeLog(before as BundleLogEntry | null, record as BundleLogEntry, at, touched);
      case 'plan':
        return this.writePlan(before as BundlePlan | null, record as BundlePlan, at);
      case 'planAnswer':
        return this.writeAnswer(before as BundleAnswer | null, record as BundleAnswer, at);
      case 'case':
        return this.writeCase(before as BundleCase | null, record as BundleCase, at);
      case 'synonyms':
        return this.writeSynonyms(before as BundleSynonyms, record as BundleSynonyms, at);
    }
  }

  private writeClient(before: BundleClient | null, c: BundleClient, at: string): void {
    // The write path records history and the change log for every write below.
    if (!before) {
      this.eng.repo.insertClient(c);
      return;
    }
    const { id: _id, createdAt: _c, ...changes } = c;
    this.eng.repo.updateClient(c.id, { ...changes, updatedAt: at }, { keepStamps: true });
  }

  private requireClient(id: string, what: string): void {
    if (!this.eng.repo.clientRow(id)) throw new AppError('not_found', `${what}の支援先がこのパソコンにありません（id: ${id}）。`, { path: ['clientId'] });
  }

  private setCases(id: string, wanted: readonly string[], at: string): void {
    const current = this.eng.repo.engagementCases(id).map((c) => c.id);
    const present = wanted.filter((c) => this.eng.repo.caseExists(c));
    for (const c of current) if (!present.includes(c)) this.eng.repo.detachCase(id, c);
    for (const c of present) if (!current.includes(c)) this.eng.repo.attachCase(id, c, at);
  }

  private oldGroups(e: { id: string; program: string; clientId: string }, touched: Touched): void {
    for (const x of this.eng.quotas.engagementEntries(e.id)) {
      const g = this.eng.quotas.groupOf(e, x.date);
      if (g) touched.groups.push(g);
    }
  }

  private writeEngagement(before: BundleEngagement | null, e: BundleEngagement, at: string, touched: Touched): void {
    const { caseIds, ...record } = e;
    this.requireClient(record.clientId, '案件');
    touched.engagements.add(e.id);
    if (!before) {
      const present = caseIds.filter((c) => this.eng.repo.caseExists(c));
      this.eng.repo.insertEngagement(record, { caseIds: present });
      this.setCases(e.id, caseIds, at);
      return;
    }
    this.oldGroups(before, touched);
    const oldCases = before.caseIds;
    this.setCases(e.id, caseIds, at);
    const newCases = this.eng.repo.engagementCases(e.id).map((c) => c.id);
    const casesChanged = json([...oldCases].sort()) !== json([...newCases].sort());
    const { id: _id, createdAt: _c, ...changes } = record;
    this.eng.repo.updateEngagement(e.id, { ...changes, updatedAt: at }, { keepStamps: true, touch: casesChanged });
    if (casesChanged) this.eng.repo.store.note('engagement', e.id, 'caseIds', oldCases, newCases);
  }

  private writeLog(before: BundleLogEntry | null, l: BundleLogEntry, at: string, touched: Touched): void {
    const engRow = this.eng.repo.engagementRow(l.engagementId);
    if (!engRow) throw new AppError('not_found', `支援記録の案件がこのパソコンにありません（id: ${l.engagementId}）。`, { path: ['engagementId'] });
    touched.engagements.add(l.engagementId);
    if (!before) {
      const entry: LogEntry = { ...l, clientId: engRow.client_id, overQuota: false };
      this.eng.repo.insertLog(entry);
      return;
    }
    const old = this.eng.repo.logEntry(l.id);
    const oldEng = this.eng.repo.engagement(old.engagementId);
    touched.engagements.add(oldEng.id);
    const g = this.eng.quotas.groupOf(oldEng, old.date);
    if (g) touched.groups.push(g);
    const after: LogEntry = { ...l, clientId: engRow.client_id, overQuota: old.overQuota, createdAt: old.createdAt, updatedAt: at };
    this.eng.repo.updateLog(old, after, { keepStamps: true });
  }

  private planHistory(at: string, engagementId: string, field: string, old: unknown, now: unknown): void {
    this.s.history.run(at, PLAN_HISTORY_ENTITY, engagementId, field, old === undefined ? null : json(old), now === undefined ? null : json(now));
  }

  private writePlan(before: BundlePlan | null, p: BundlePlan, at: string): void {
    if (!this.eng.repo.engagementRow(p.engagementId)) {
      throw new AppError('not_found', `計画の案件がこのパソコンにありません（id: ${p.engagementId}）。`, { path: ['engagementId'] });
    }
    const template = JSON.stringify(p.template);
    const closed = JSON.stringify(p.closedPhases);
    if (!before) {
      this.s.planInsert.run(p.engagementId, p.templateId, template, p.startDate, closed, p.createdAt, p.updatedAt);
      this.planHistory(at, p.engagementId, '(created)', undefined, { templateId: p.templateId, version: p.template.version, startDate: p.startDate });
      return;
    }
    this.s.planUpdate.run(p.templateId, template, p.startDate, closed, at, p.engagementId);
    if (before.templateId !== p.templateId || json(before.template) !== template) {
      this.planHistory(at, p.engagementId, 'template', { templateId: before.templateId, version: before.template.version }, { templateId: p.templateId, version: p.template.version });
    }
    if (before.startDate !== p.startDate) this.planHistory(at, p.engagementId, 'startDate', before.startDate, p.startDate);
    if (json(before.closedPhases) !== closed) this.planHistory(at, p.engagementId, 'closedPhases', before.closedPhases, p.closedPhases);
  }

  private writeAnswer(before: BundleAnswer | null, a: BundleAnswer, at: string): void {
    if (!this.s.plan.get(a.engagementId)) {
      throw new AppError('not_found', `回答の計画がこのパソコンにありません（案件 id: ${a.engagementId}）。`, { path: ['engagementId'] });
    }
    const value = JSON.stringify(a.value);
    this.s.answerUpsert.run(a.engagementId, a.questionId, value, before ? at : a.updatedAt);
    this.s.history.run(at, PLAN_HISTORY_ENTITY, a.engagementId, answerField(a.questionId), before ? JSON.stringify(before.value) : null, value);
    this.s.planTouch.run(at, a.engagementId);
  }

  private writeCase(before: BundleCase | null, c: BundleCase, at: string): void {
    if (!before) {
      // Marked as edited by the user, so that a later release's seed data never overwrites it.
      // The write path records the history and the change log.
      this.cases.repo.insert(c, true);
      if (c.origin === 'seed') markSeedDeleted(this.db, c.id, false);
      return;
    }
    const after: Case = { ...c, origin: before.origin, createdAt: before.createdAt, updatedAt: at };
    this.cases.repo.replace(after, true, { keepStamps: true });
  }

  private writeSynonyms(before: BundleSynonyms, s: BundleSynonyms, at: string): void {
    this.cases.search.saveSynonyms(s.groups);
    this.s.history.run(at, 'synonyms', SYNONYMS_ID, 'groups', json(before.groups), json(s.groups));
  }
}

export function toBundleLog(e: LogEntry): BundleLogEntry {
  const { clientId: _c, overQuota: _o, ...rest } = e;
  return rest;
}
