import { randomUUID } from 'node:crypto';
import { localIsoDate } from '../../../shared/domain/dates.ts';
import { buildSchedule, evaluatePlan, type PlanEvaluation, type Schedule, type StoredAnswer, validateAnswer } from '../../../shared/domain/plan.ts';
import type { CatalogueProgram } from '../../../shared/domain/program.ts';
import { type Question, type Template, type TemplateProblem, TemplateIdSchema, questionMap, validateTemplate, validateTemplateText } from '../../../shared/domain/template.ts';
import { AppError } from '../../../shared/errors.ts';
import { excerpt } from '../../../shared/excerpt.ts';
import type { DB } from '../db/types.ts';

/** History rows of plans: entity 'plan', entity_id = engagement id. */
export const PLAN_HISTORY_ENTITY = 'plan';
export const answerField = (questionId: string) => `answer.${questionId}`;
const ANSWER_PREFIX = 'answer.';
const PLAN_CREATED = '(created)';

/** One row of a plan's change history (newest first), labelled for people. */
export interface PlanHistoryItem {
  id: number;
  at: string;
  /** answer.<questionId>, template, closedPhases or (created). */
  field: string;
  label: string;
  /** The question of an answer change (null for other changes). */
  questionId: string | null;
  oldValue: unknown;
  newValue: unknown;
}

export interface TemplateSummary {
  id: string;
  name: string;
  program: Template['program'];
  description: string;
  version: number;
  builtIn: boolean;
  phases: number;
  questions: number;
  /** Plans made from this template (they keep their own snapshot). */
  usedBy: number;
  updatedAt: string | null;
}

export interface PlanView extends PlanEvaluation {
  engagementId: string;
  templateId: string;
  template: Template;
  startDate: string;
  schedule: Schedule;
  closedPhases: string[];
  /** The custom template the plan came from has been saved since (plan.updateTemplate applies it). */
  templateUpdateAvailable: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A row of `plans` as stored (the template snapshot and closed phases as JSON). */
export interface PlanRow {
  engagement_id: string;
  template_id: string;
  template: string;
  start_date: string;
  closed_phases: string;
  created_at: string;
  updated_at: string;
}

/**
 * The engagement's attached cases (engagement_cases), the one list that 「案件に添付」 in the
 * library, the engagement pane, the plan's case-ref questions (「参考にする好事例」), the gates and
 * the DOCX all use. Writes go through the engagement service (its history and updated_at).
 */
export interface AttachedCases {
  /** The case ids attached to the engagement, in the order attached. */
  ids(engagementId: string): string[];
  /** Make the attached cases exactly these (in this order for the new ones). */
  set(engagementId: string, caseIds: string[]): void;
}

export interface PlanServiceOptions {
  now?: () => Date;
  /** Without it (a bare service in a test) case-ref answers read and write engagement_cases directly. */
  attachedCases?: AttachedCases;
}

/**
 * Templates (built-in from seeds, custom in plan_templates) and plans. Every write runs in one
 * IMMEDIATE transaction together with its history rows; a refused write changes nothing.
 */
export class PlanService {
  readonly builtins: ReadonlyMap<string, Template>;
  private readonly db: DB;
  private readonly programs: () => readonly CatalogueProgram[];
  private readonly now: () => Date;
  private lastStamp = 0;
  private readonly s;
  /** Parsed template snapshots by engagement, valid while the plan's updated_at is unchanged. */
  private readonly snapshotCache = new Map<string, { json: string; template: Template }>();
  private readonly attached: AttachedCases;

  constructor(db: DB, builtins: readonly Template[], programs: () => readonly CatalogueProgram[], opts: PlanServiceOptions = {}) {
    this.db = db;
    this.builtins = new Map(builtins.map((t) => [t.id, t]));
    this.programs = programs;
    this.now = opts.now ?? (() => new Date());
    this.attached = opts.attachedCases ?? directAttachedCases(db, () => this.stamp());
    this.s = {
      customList: db.prepare('SELECT id, body, updated_at FROM plan_templates ORDER BY position, id'),
      customGet: db.prepare('SELECT body, updated_at FROM plan_templates WHERE id = ?'),
      customInsert: db.prepare('INSERT INTO plan_templates (id, body, position, created_at, updated_at) VALUES (?, ?, (SELECT coalesce(max(position), 0) + 1 FROM plan_templates), ?, ?)'),
      customUpdate: db.prepare('UPDATE plan_templates SET body = ?, updated_at = ? WHERE id = ?'),
      customDelete: db.prepare('DELETE FROM plan_templates WHERE id = ?'),
      usage: db.prepare('SELECT template_id, count(*) AS n FROM plans GROUP BY template_id'),
      engagement: db.prepare('SELECT id, program, start_date FROM engagements WHERE id = ?'),
      plan: db.prepare('SELECT * FROM plans WHERE engagement_id = ?'),
      planInsert: db.prepare('INSERT INTO plans (engagement_id, template_id, template, start_date, closed_phases, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      planTouch: db.prepare('UPDATE plans SET updated_at = ? WHERE engagement_id = ?'),
      /** When a case-ref answer (the attached cases) last changed: attaching touches the engagement. */
      casesUpdatedAt: db.prepare('SELECT updated_at FROM engagements WHERE id = ?').pluck(),
      planTemplate: db.prepare('UPDATE plans SET template_id = ?, template = ?, updated_at = ? WHERE engagement_id = ?'),
      planClosed: db.prepare('UPDATE plans SET closed_phases = ?, updated_at = ? WHERE engagement_id = ?'),
      answers: db.prepare('SELECT question_id, value, updated_at FROM plan_answers WHERE engagement_id = ?'),
      answer: db.prepare('SELECT value, updated_at FROM plan_answers WHERE engagement_id = ? AND question_id = ?'),
      answerUpsert: db.prepare(`INSERT INTO plan_answers (engagement_id, question_id, value, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (engagement_id, question_id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`),
      answerDelete: db.prepare('DELETE FROM plan_answers WHERE engagement_id = ? AND question_id = ?'),
      history: db.prepare('INSERT INTO history (at, entity, entity_id, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?)'),
      historyList: db.prepare(`SELECT id, at, field, old_value, new_value FROM history
        WHERE entity = ? AND entity_id = ? AND (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?`),
      historyLastAt: db.prepare('SELECT at FROM history WHERE entity = ? AND entity_id = ? ORDER BY id DESC LIMIT 1'),
      historyGroup: db.prepare('SELECT field, old_value, new_value FROM history WHERE entity = ? AND entity_id = ? AND at = ? ORDER BY id'),
      knownCases: db.prepare('SELECT value FROM json_each(?) WHERE value IN (SELECT id FROM cases)').pluck(),
    };
  }

  private stamp(): string {
    let t = this.now().getTime();
    if (t <= this.lastStamp) t = this.lastStamp + 1;
    this.lastStamp = t;
    return new Date(t).toISOString();
  }

  private write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  // ============================================================================================
  // Templates

  listTemplates(): TemplateSummary[] {
    const usage = new Map((this.s.usage.all() as { template_id: string; n: number }[]).map((r) => [r.template_id, r.n]));
    const summary = (t: Template, builtIn: boolean, updatedAt: string | null): TemplateSummary => ({
      id: t.id,
      name: t.name,
      program: t.program,
      description: t.description,
      version: t.version,
      builtIn,
      phases: t.phases.length,
      questions: t.phases.reduce((n, p) => n + p.sections.reduce((m, s) => m + s.questions.length, 0), 0),
      usedBy: usage.get(t.id) ?? 0,
      updatedAt,
    });
    const custom = (this.s.customList.all() as { id: string; body: string; updated_at: string }[]).map((r) => summary(JSON.parse(r.body) as Template, false, r.updated_at));
    return [...[...this.builtins.values()].map((t) => summary(t, true, null)), ...custom];
  }

  private custom(id: string): Template | null {
    const row = this.s.customGet.get(id) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as Template) : null;
  }

  getTemplate(id: string): { template: Template; builtIn: boolean } {
    const b = this.builtins.get(id);
    if (b) return { template: b, builtIn: true };
    const c = this.custom(id);
    if (c) return { template: c, builtIn: false };
    throw new AppError('not_found', `テンプレートが見つかりません: ${id}`, { path: ['id'] });
  }

  private freeId(base: string): string {
    const stem = base.replace(/-copy(-\d+)?$/, '').slice(0, 50);
    for (let i = 1; i < 10_000; i++) {
      const id = i === 1 ? `${stem}-copy` : `${stem}-copy-${i}`;
      if (!this.builtins.has(id) && !this.custom(id)) return id;
    }
    return `t-${randomUUID().slice(0, 8)}`;
  }

  private assertFreeId(id: string): void {
    if (this.builtins.has(id)) throw new AppError('conflict', `「${excerpt(id, 60)}」は組み込みテンプレートの id です。別の id にしてください。`, { path: ['id'] });
    if (this.custom(id)) throw new AppError('conflict', `同じ id のテンプレートがすでにあります: ${id}`, { path: ['id'] });
  }

  duplicateTemplate(id: string, opts: { newId?: string | undefined; name?: string | undefined }): Template {
    const src = this.getTemplate(id).template;
    if (opts.newId !== undefined && !TemplateIdSchema.safeParse(opts.newId).success) {
      throw new AppError('invalid_input', TemplateIdSchema.safeParse(opts.newId).error?.issues[0]?.message ?? 'テンプレートの id が正しくありません。', { path: ['newId'] });
    }
    return this.write(() => {
      const newId = opts.newId ?? this.freeId(src.id);
      this.assertFreeId(newId);
      const t: Template = { ...structuredClone(src), id: newId, name: opts.name ?? `${src.name}（コピー）`, version: 1 };
      const at = this.stamp();
      this.s.customInsert.run(newId, JSON.stringify(t), at, at);
      return t;
    });
  }

  /** Save a whole custom template (create or replace). Built-in templates are read-only. */
  saveTemplate(raw: unknown, expectedVersion?: number): Template {
    const r = validateTemplate(raw);
    if (!r.ok) throw templateError(r.errors);
    const t = r.template;
    if (this.builtins.has(t.id)) {
      throw new AppError('conflict', '組み込みテンプレートは編集できません。複製してから編集してください。', { path: ['id'] });
    }
    return this.write(() => {
      const at = this.stamp();
      const old = this.custom(t.id);
      if (old && expectedVersion !== undefined && old.version !== expectedVersion) {
        throw new AppError('conflict', `テンプレートはほかの操作で更新されています（版 ${old.version}）。読み込み直してください。`, { path: ['version'] });
      }
      const saved: Template = { ...t, version: old ? old.version + 1 : t.version };
      if (old) this.s.customUpdate.run(JSON.stringify(saved), at, t.id);
      else this.s.customInsert.run(t.id, JSON.stringify(saved), at, at);
      return saved;
    });
  }

  /** Delete a custom template. Plans made from it keep their snapshot and are not affected. */
  deleteTemplate(id: string): Template {
    if (this.builtins.has(id)) throw new AppError('conflict', '組み込みテンプレートは削除できません。', { path: ['id'] });
    return this.write(() => {
      const t = this.custom(id);
      if (!t) throw new AppError('not_found', `テンプレートが見つかりません: ${id}`, { path: ['id'] });
      this.s.customDelete.run(id);
      return t;
    });
  }

  validate(input: { json?: string | undefined; template?: unknown }): { errors: TemplateProblem[]; template: Template | null } {
    const r = input.json !== undefined ? validateTemplateText(input.json) : validateTemplate(input.template);
    return r.ok ? { errors: [], template: r.template } : { errors: r.errors, template: null };
  }

  /** Import template JSON. An id taken by a built-in or a custom template: error, replace (custom only) or a new id. */
  importTemplate(json: string, onConflict: 'error' | 'replace' | 'new-id'): { template: Template; replaced: boolean } {
    const r = validateTemplateText(json);
    if (!r.ok) throw templateError(r.errors);
    let t = r.template;
    const taken = this.builtins.has(t.id) || this.custom(t.id) !== null;
    if (taken && onConflict === 'new-id') t = { ...t, id: this.freeId(t.id) };
    else if (taken && (onConflict === 'error' || this.builtins.has(t.id))) this.assertFreeId(t.id);
    const replaced = taken && onConflict === 'replace';
    return { template: this.saveTemplate(t), replaced };
  }

  exportTemplate(id: string): { fileName: string; json: string; template: Template } {
    const { template } = this.getTemplate(id);
    return { fileName: `banso-template-${template.id}.json`, json: JSON.stringify(template, null, 2) + '\n', template };
  }

  // ============================================================================================
  // Plans

  private engagement(id: string): { id: string; program: string; start_date: string } {
    const e = this.s.engagement.get(id) as { id: string; program: string; start_date: string } | undefined;
    if (!e) throw new AppError('not_found', `案件が見つかりません: ${id}`, { path: ['engagementId'] });
    return e;
  }

  private planRow(engagementId: string): PlanRow {
    const row = this.s.plan.get(engagementId) as PlanRow | undefined;
    if (!row) {
      this.engagement(engagementId);
      throw new AppError('not_found', 'この案件にはまだ計画がありません。テンプレートと開始日を選んで作成してください。', { path: ['engagementId'] });
    }
    return row;
  }

  private snapshot(row: PlanRow): Template {
    const c = this.snapshotCache.get(row.engagement_id);
    if (c && c.json === row.template) return c.template;
    const template = JSON.parse(row.template) as Template;
    this.snapshotCache.set(row.engagement_id, { json: row.template, template });
    return template;
  }

  /**
   * The answers as evaluated and shown: plan_answers, except that every case-ref question is
   * answered by the engagement's attached cases (one notion of them; a case-ref value still in
   * plan_answers from before migration v0011 is kept there, and no longer read).
   */
  private storedAnswers(engagementId: string, template: Template): Map<string, StoredAnswer> {
    const rows = this.s.answers.all(engagementId) as { question_id: string; value: string; updated_at: string }[];
    const map = new Map(rows.map((r) => [r.question_id, { value: JSON.parse(r.value) as unknown, updatedAt: r.updated_at }]));
    let ids: string[] | null = null;
    for (const { question } of questionMap(template).values()) {
      if (question.type !== 'case-ref') continue;
      ids ??= this.attached.ids(engagementId);
      if (ids.length > 0) map.set(question.id, { value: [...ids], updatedAt: this.s.casesUpdatedAt.get(engagementId) as string });
      else map.delete(question.id);
    }
    return map;
  }

  /** The template a new plan uses: the one asked for, else the built-in made for the engagement's program. */
  private templateFor(program: string, templateId: string | undefined): Template {
    if (templateId !== undefined) return this.getTemplate(templateId).template;
    const t = [...this.builtins.values()].find((x) => x.program === program);
    if (!t) throw new AppError('invalid_input', 'この案件の事業に対応する組み込みテンプレートがありません。テンプレートを指定してください。', { path: ['templateId'] });
    return t;
  }

  createPlan(input: { engagementId: string; templateId?: string | undefined; startDate?: string | undefined }, today?: string): PlanView {
    this.write(() => {
      const e = this.engagement(input.engagementId);
      if (this.s.plan.get(input.engagementId)) {
        throw new AppError('conflict', 'この案件にはすでに計画があります。テンプレートを変えるときは plan.updateTemplate を使ってください。', { path: ['engagementId'] });
      }
      const t = this.templateFor(e.program, input.templateId);
      const at = this.stamp();
      const start = input.startDate ?? e.start_date;
      this.s.planInsert.run(input.engagementId, t.id, JSON.stringify(t), start, '[]', at, at);
      this.s.history.run(at, PLAN_HISTORY_ENTITY, input.engagementId, '(created)', null, JSON.stringify({ templateId: t.id, version: t.version, startDate: start }));
    });
    return this.show(input.engagementId, today);
  }

  show(engagementId: string, today?: string): PlanView {
    const row = this.planRow(engagementId);
    const template = this.snapshot(row);
    const closed = JSON.parse(row.closed_phases) as string[];
    const evaluation = evaluatePlan(template, this.storedAnswers(engagementId, template), this.programs(), closed);
    let updateAvailable = false;
    if (!this.builtins.has(row.template_id)) {
      const cur = this.custom(row.template_id);
      updateAvailable = cur !== null && cur.version !== template.version;
    } else updateAvailable = this.builtins.get(row.template_id)!.version !== template.version;
    return {
      engagementId,
      templateId: row.template_id,
      template,
      startDate: row.start_date,
      schedule: buildSchedule(template, row.start_date, today ?? localIsoDate(this.now())),
      closedPhases: closed,
      templateUpdateAvailable: updateAvailable,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      ...evaluation,
    };
  }

  /**
   * Save (or with null, clear) one answer. The value is checked against its question; a wrong one
   * is refused with invalid_input and nothing is written. An orphaned answer (its question left
   * the template) can only be cleared. `expectedUpdatedAt` guards autosave against stale writes.
   */
  answer(input: { engagementId: string; questionId: string; value: unknown; expectedUpdatedAt?: string | undefined }, today?: string) {
    const path = ['value'];
    if (input.value === undefined) throw new AppError('invalid_input', '回答の値（value）を指定してください。消すときは null を指定します。', { path });
    const saved = this.write(() => {
      const row = this.planRow(input.engagementId);
      const template = this.snapshot(row);
      const place = questionMap(template).get(input.questionId);
      if (place?.question.type === 'case-ref') return this.answerCases(input.engagementId, place.question, input.value);
      const old = this.s.answer.get(input.engagementId, input.questionId) as { value: string; updated_at: string } | undefined;
      if (!place && !(old && input.value === null)) {
        throw new AppError('not_found', `計画のテンプレートにない設問です: ${input.questionId}`, { path: ['questionId'] });
      }
      if (input.expectedUpdatedAt !== undefined && old && old.updated_at !== input.expectedUpdatedAt) {
        throw new AppError('conflict', 'この回答はほかの操作で更新されています。読み込み直してください。', { path: ['expectedUpdatedAt'] });
      }
      let value: unknown = input.value;
      if (value !== null && place) {
        // (case-ref answers are the attached cases: answerCases above.)
        const check = validateAnswer(place.question, value);
        if (!check.ok) throw new AppError('invalid_input', check.message, { path: [...path, ...check.path] });
        value = check.value;
      }
      const json = value === null ? null : JSON.stringify(value);
      if ((old?.value ?? null) === json) return { value, updatedAt: old?.updated_at ?? null, changed: false };
      const at = this.stamp();
      if (json === null) this.s.answerDelete.run(input.engagementId, input.questionId);
      else this.s.answerUpsert.run(input.engagementId, input.questionId, json, at);
      this.s.history.run(at, PLAN_HISTORY_ENTITY, input.engagementId, answerField(input.questionId), old?.value ?? null, json);
      this.s.planTouch.run(at, input.engagementId);
      return { value, updatedAt: json === null ? null : at, changed: true };
    });
    const view = this.show(input.engagementId, today);
    return {
      questionId: input.questionId,
      value: saved.value,
      updatedAt: saved.updatedAt,
      changed: saved.changed,
      progress: view.progress,
      gates: view.gates,
      computed: view.computed,
      orphans: view.orphans,
    };
  }

  /**
   * A case-ref answer is the engagement's attached cases: the value becomes that list (cases added
   * are attached, cases taken out detached), recorded in the plan's history as an answer change.
   * Inside the caller's transaction.
   */
  private answerCases(engagementId: string, question: Question, raw: unknown): { value: unknown; updatedAt: string | null; changed: boolean } {
    const before = this.attached.ids(engagementId);
    let wanted: string[] = [];
    if (raw !== null) {
      const known = Array.isArray(raw) ? new Set(this.s.knownCases.all(JSON.stringify(raw)) as string[]) : undefined;
      const check = validateAnswer(question, raw, known);
      if (!check.ok) throw new AppError('invalid_input', check.message, { path: ['value', ...check.path] });
      wanted = check.value as string[];
    }
    const json = (ids: string[]) => (ids.length === 0 ? null : JSON.stringify(ids));
    if (json(before) === json(wanted)) return { value: before.length === 0 ? null : before, updatedAt: before.length === 0 ? null : (this.s.casesUpdatedAt.get(engagementId) as string), changed: false };
    this.attached.set(engagementId, wanted);
    const after = this.attached.ids(engagementId);
    const casesAt = after.length === 0 ? null : (this.s.casesUpdatedAt.get(engagementId) as string);
    // Only the order differed: the attached cases keep the order they were attached in.
    if (json(before) === json(after)) return { value: after.length === 0 ? null : after, updatedAt: casesAt, changed: false };
    const at = this.stamp();
    this.s.history.run(at, PLAN_HISTORY_ENTITY, engagementId, answerField(question.id), json(before), json(after));
    this.s.planTouch.run(at, engagementId);
    return { value: after.length === 0 ? null : after, updatedAt: casesAt, changed: true };
  }

  /**
   * Take a new snapshot: the current version of the plan's template, or another template. Answers
   * are never touched; those whose question is gone (or no longer fits) show up as orphans.
   */
  updateTemplate(input: { engagementId: string; templateId?: string | undefined }, today?: string): PlanView {
    this.write(() => {
      const row = this.planRow(input.engagementId);
      const t = this.getTemplate(input.templateId ?? row.template_id).template;
      const json = JSON.stringify(t);
      if (json === row.template) return; // already this version: nothing to write, nothing in the history
      const at = this.stamp();
      this.s.planTemplate.run(t.id, json, at, input.engagementId);
      const before = this.snapshot(row);
      this.s.history.run(at, PLAN_HISTORY_ENTITY, input.engagementId, 'template', JSON.stringify({ templateId: row.template_id, version: before.version }), JSON.stringify({ templateId: t.id, version: t.version }));
    });
    return this.show(input.engagementId, today);
  }

  /** Close a phase when its gate has no problems (refused with the list otherwise), or reopen it. */
  setPhaseClosed(input: { engagementId: string; phaseId: string; closed: boolean }, today?: string): PlanView {
    this.write(() => {
      const row = this.planRow(input.engagementId);
      const view = this.show(input.engagementId, today);
      const gate = view.gates.find((g) => g.phaseId === input.phaseId);
      if (!gate) throw new AppError('not_found', `計画にないフェーズです: ${input.phaseId}`, { path: ['phaseId'] });
      if (input.closed && !gate.ready) {
        throw new AppError('invalid_input', `「${gate.name}」はまだ完了にできません: ${gate.problems.map((p) => p.message).join(' ／ ')}`, {
          path: ['phaseId'],
          issues: gate.problems.map((p) => ({ path: ['questions', p.questionId], message: p.message })),
        });
      }
      const before = JSON.parse(row.closed_phases) as string[];
      const after = input.closed ? [...new Set([...before, input.phaseId])] : before.filter((x) => x !== input.phaseId);
      if (after.length === before.length && after.every((x, i) => x === before[i])) return;
      const at = this.stamp();
      this.s.planClosed.run(JSON.stringify(after), at, input.engagementId);
      this.s.history.run(at, PLAN_HISTORY_ENTITY, input.engagementId, 'closedPhases', JSON.stringify(before), JSON.stringify(after));
    });
    return this.show(input.engagementId, today);
  }

  // ============================================================================================
  // History: every change of a plan (answers, template snapshot, closed phases) is a row of the
  // history table (entity 'plan', entity_id = engagement id), written with the change.

  /** The plan's changes, newest first. Answer rows are labelled with their question (from the current snapshot). */
  history(engagementId: string, limit: number, beforeId?: number): { items: PlanHistoryItem[]; hasMore: boolean } {
    const row = this.planRow(engagementId);
    const places = questionMap(this.snapshot(row));
    const rows = this.s.historyList.all(PLAN_HISTORY_ENTITY, engagementId, beforeId ?? null, beforeId ?? null, limit + 1) as {
      id: number;
      at: string;
      field: string;
      old_value: string | null;
      new_value: string | null;
    }[];
    const parse = (v: string | null): unknown => (v === null ? null : (JSON.parse(v) as unknown));
    const items = rows.slice(0, limit).map((r): PlanHistoryItem => {
      const questionId = r.field.startsWith(ANSWER_PREFIX) ? r.field.slice(ANSWER_PREFIX.length) : null;
      let label: string;
      if (questionId !== null) {
        const q = places.get(questionId)?.question;
        label = q ? q.label : `${questionId}（テンプレートにない設問）`;
      } else label = HISTORY_LABELS[r.field] ?? r.field;
      return { id: r.id, at: r.at, field: r.field, label, questionId, oldValue: parse(r.old_value), newValue: parse(r.new_value) };
    });
    return { items, hasMore: rows.length > limit };
  }

  /**
   * Undo the plan's most recent change (an answer, or closing / reopening a phase) by writing the
   * old value back as a new change, so the undo itself is in the history too. A template update
   * and the creation of the plan are not undone here. `expectedUpdatedAt` guards against a plan
   * changed since the caller looked at it.
   */
  undo(engagementId: string, expectedUpdatedAt?: string, today?: string): { plan: PlanView; undone: { field: string; label: string; questionId: string | null } } {
    const undone = this.write(() => {
      const row = this.planRow(engagementId);
      if (expectedUpdatedAt !== undefined && row.updated_at !== expectedUpdatedAt) {
        throw new AppError('conflict', '計画はほかの操作で更新されています。読み込み直してください。', { path: ['expectedUpdatedAt'] });
      }
      const last = this.s.historyLastAt.get(PLAN_HISTORY_ENTITY, engagementId) as { at: string } | undefined;
      const group = last ? (this.s.historyGroup.all(PLAN_HISTORY_ENTITY, engagementId, last.at) as { field: string; old_value: string | null; new_value: string | null }[]) : [];
      if (group.length === 0 || group.some((r) => r.field === PLAN_CREATED)) {
        throw new AppError('not_found', '元に戻せる変更がありません（計画を作成した直後です）。', { path: ['engagementId'] });
      }
      if (group.some((r) => r.field === 'template')) {
        throw new AppError('conflict', '直前の変更はテンプレートの更新です。テンプレートの更新は元に戻せません（回答はすべて残っています）。', { path: ['engagementId'] });
      }
      const at = this.stamp();
      const fields: string[] = [];
      const places = questionMap(this.snapshot(row));
      for (const r of group) {
        if (r.field.startsWith(ANSWER_PREFIX) && places.get(r.field.slice(ANSWER_PREFIX.length))?.question.type === 'case-ref') {
          // The attached cases as they were.
          const cur = this.attached.ids(engagementId);
          this.attached.set(engagementId, r.old_value === null ? [] : (JSON.parse(r.old_value) as string[]).filter((id) => this.s.knownCases.all(JSON.stringify([id])).length > 0));
          this.s.history.run(at, PLAN_HISTORY_ENTITY, engagementId, r.field, cur.length === 0 ? null : JSON.stringify(cur), r.old_value);
        } else if (r.field.startsWith(ANSWER_PREFIX)) {
          const qid = r.field.slice(ANSWER_PREFIX.length);
          const cur = this.s.answer.get(engagementId, qid) as { value: string } | undefined;
          if (r.old_value === null) this.s.answerDelete.run(engagementId, qid);
          else this.s.answerUpsert.run(engagementId, qid, r.old_value, at);
          this.s.history.run(at, PLAN_HISTORY_ENTITY, engagementId, r.field, cur?.value ?? null, r.old_value);
        } else if (r.field === 'closedPhases') {
          this.s.planClosed.run(r.old_value ?? '[]', at, engagementId);
          this.s.history.run(at, PLAN_HISTORY_ENTITY, engagementId, r.field, row.closed_phases, r.old_value ?? '[]');
        } else {
          throw new AppError('conflict', `この変更は元に戻せません: ${r.field}`, { path: ['engagementId'] });
        }
        fields.push(r.field);
      }
      this.s.planTouch.run(at, engagementId);
      return fields;
    });
    const plan = this.show(engagementId, today);
    const field = undone[0] ?? '';
    const questionId = field.startsWith(ANSWER_PREFIX) ? field.slice(ANSWER_PREFIX.length) : null;
    const label = questionId !== null ? (questionMap(plan.template).get(questionId)?.question.label ?? questionId) : (HISTORY_LABELS[field] ?? field);
    return { plan, undone: { field, label, questionId } };
  }
}

/** engagement_cases read and written directly (no engagement history): for a PlanService made on its own. */
function directAttachedCases(db: DB, stamp: () => string): AttachedCases {
  const list = db.prepare('SELECT case_id FROM engagement_cases WHERE engagement_id = ? ORDER BY attached_at, case_id').pluck();
  const attach = db.prepare('INSERT OR IGNORE INTO engagement_cases (engagement_id, case_id, attached_at) VALUES (?, ?, ?)');
  const detach = db.prepare('DELETE FROM engagement_cases WHERE engagement_id = ? AND case_id = ?');
  return {
    ids: (id) => list.all(id) as string[],
    set: (id, wanted) => {
      const before = list.all(id) as string[];
      for (const c of before) if (!wanted.includes(c)) detach.run(id, c);
      for (const c of wanted) if (!before.includes(c)) attach.run(id, c, stamp());
    },
  };
}

const HISTORY_LABELS: Record<string, string> = {
  [PLAN_CREATED]: '計画の作成',
  template: 'テンプレート',
  closedPhases: 'フェーズの完了',
};

export function templateError(errors: readonly TemplateProblem[]): AppError {
  const first = errors[0];
  const more = errors.length > 1 ? `（ほか${errors.length - 1}件）` : '';
  return new AppError('invalid_input', `テンプレートが正しくありません。${first ? `「${excerpt(first.path, 120) || '(全体)'}」: ${excerpt(first.message, 300)}` : ''}${more}`, {
    path: first ? [first.path] : [],
    issues: errors.map((e) => ({ path: [e.path], message: e.message })),
  });
}
