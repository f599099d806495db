import { z } from 'zod';
import { cleanString } from '../text.ts';
import { formatPath } from '../errors.ts';
import { excerpt } from '../excerpt.ts';
import { parseJsonText } from '../json-text.ts';
import { issueMessageJa } from '../zod-ja.ts';
import { EngagementProgramSchema } from './engagement.ts';
import { CatalogueProgramCodeSchema } from './program.ts';

/**
 * 計画テンプレート (plan template): the guided path an advisor follows with a client. Templates are
 * data (seeds/templates/*.json for the built-in ones, the plan_templates table for the user's own);
 * a plan is an engagement's filled-in template (shared/domain/plan.ts).
 *
 * template → phases (week range, goals, gates) → sections (the document chapter they feed) →
 * questions (typed, with guidance, optionally required).
 *
 * Ids are unique within their kind in one template (phases, sections, questions; columns within a
 * table; items within a checklist; option values within a question). References (a computed
 * value's table and columns, a row-ref column's table, a gate's questions) must point at existing
 * questions of a fitting type. Every problem is reported with its path, e.g.
 * phases[1].sections[0].questions[3].type.
 */

export const QUESTION_TYPES = {
  'short-text': '短文',
  'long-text': '長文（Markdown）',
  number: '数値',
  money: '金額（円）',
  date: '日付',
  'single-choice': '単一選択',
  'multiple-choice': '複数選択',
  checklist: 'チェックリスト',
  table: '表',
  'case-ref': '好事例の参照',
  computed: '自動計算',
} as const;
export type QuestionType = keyof typeof QUESTION_TYPES;
export const QUESTION_TYPE_CODES = Object.keys(QUESTION_TYPES) as [QuestionType, ...QuestionType[]];

export const COLUMN_TYPES = {
  text: '文字',
  number: '数値',
  money: '金額（円）',
  date: '日付',
  choice: '選択',
  'row-ref': '他の表の行',
} as const;
export type ColumnType = keyof typeof COLUMN_TYPES;

/** Status of one checklist item. A missing item counts as 未着手. */
export const CHECK_STATUSES = { todo: '未着手', doing: '対応中', done: '完了', na: '該当なし' } as const;
export type CheckStatus = keyof typeof CHECK_STATUSES;
export const CHECK_STATUS_CODES = Object.keys(CHECK_STATUSES) as [CheckStatus, ...CheckStatus[]];

export const COMPUTATIONS = {
  'issue-priority': '課題の優先順位（重要度 × 緊急度）',
  'cost-summary': '費用の集計（導入費・運用費・補助額・実質負担・回収年数）',
} as const;
export type ComputationKind = keyof typeof COMPUTATIONS;

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const idMessage = 'id は英数字で始まり、英数字・-・_ の64文字以内にしてください。';
/** An id or a reference to one; an empty one is reported once (指定してください), not also as a bad id. */
export const ElementIdSchema = z.string().superRefine((v, ctx) => {
  if (v === '') ctx.addIssue({ code: 'custom', message: 'id を指定してください（参照なら対象を選んでください）。' });
  else if (!ID_RE.test(v)) ctx.addIssue({ code: 'custom', message: idMessage });
});
export const TemplateIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'テンプレートの id は小文字の英数字で始まり、小文字の英数字と - の64文字以内にしてください。');

const text = (max: number, what: string) => cleanString().trim().min(1, `${what}を入力してください。`).max(max, `${what}は${max}文字以内にしてください。`);
const optText = (max: number, what: string) => cleanString().max(max, `${what}は${max}文字以内にしてください。`).default('');

/** A choice: written as a plain string (value = label) or as {value, label}. */
export const ChoiceOptionSchema = z
  .union([text(200, '選択肢'), z.object({ value: text(100, '選択肢の値'), label: text(200, '選択肢の表示名') }).strict()])
  .transform((o) => (typeof o === 'string' ? { value: o, label: o } : o));
export type ChoiceOption = z.output<typeof ChoiceOptionSchema>;
const Options = z.array(ChoiceOptionSchema).min(1, '選択肢を1つ以上指定してください。').max(100, '選択肢は100個までです。');

const NumberBounds = {
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().default(false),
  unit: cleanString().max(20).default(''),
};

export const TableColumnSchema = z.discriminatedUnion('type', [
  z.object({ id: ElementIdSchema, label: text(100, '列名'), type: z.literal('text'), required: z.boolean().default(false), multiline: z.boolean().default(false) }).strict(),
  z.object({ id: ElementIdSchema, label: text(100, '列名'), type: z.literal('number'), required: z.boolean().default(false), ...NumberBounds }).strict(),
  z.object({ id: ElementIdSchema, label: text(100, '列名'), type: z.literal('money'), required: z.boolean().default(false) }).strict(),
  z.object({ id: ElementIdSchema, label: text(100, '列名'), type: z.literal('date'), required: z.boolean().default(false) }).strict(),
  z.object({ id: ElementIdSchema, label: text(100, '列名'), type: z.literal('choice'), required: z.boolean().default(false), options: Options }).strict(),
  /** The id of a row of another table question of the same template (e.g. the issue a measure solves). */
  z.object({ id: ElementIdSchema, label: text(100, '列名'), type: z.literal('row-ref'), required: z.boolean().default(false), table: ElementIdSchema, labelColumn: ElementIdSchema }).strict(),
]);
export type TableColumn = z.output<typeof TableColumnSchema>;

export const ComputationSchema = z.discriminatedUnion('kind', [
  /** Rank the rows of `table` by importance × urgency (higher first; ties keep the row order). */
  z
    .object({
      kind: z.literal('issue-priority'),
      table: ElementIdSchema,
      labelColumn: ElementIdSchema,
      importance: ElementIdSchema,
      urgency: ElementIdSchema,
    })
    .strict(),
  /**
   * Totals of a cost table: Σ initial, Σ running per year, Σ running × years; the subsidy from the
   * program catalogue's 補助率 and cap (program fixed here, or chosen in `programQuestion`, a
   * single-choice question whose option values are catalogue codes or 'none'); net cost; simple
   * payback when `benefitQuestion` (a money question: yearly benefit) is answered.
   */
  z
    .object({
      kind: z.literal('cost-summary'),
      table: ElementIdSchema,
      labelColumn: ElementIdSchema,
      initial: ElementIdSchema,
      running: ElementIdSchema,
      years: ElementIdSchema,
      program: CatalogueProgramCodeSchema.nullable().default(null),
      programQuestion: ElementIdSchema.nullable().default(null),
      /** What the subsidy rate applies to: the initial costs only, or initial + running over the years. */
      subsidyBase: z.enum(['initial', 'total']).default('total'),
      benefitQuestion: ElementIdSchema.nullable().default(null),
    })
    .strict(),
]);
export type Computation = z.output<typeof ComputationSchema>;

const questionBase = {
  id: ElementIdSchema,
  label: text(300, '設問'),
  /** Shown beside the question: what to ask, what a good answer looks like. */
  guidance: optText(5000, 'ガイド'),
  required: z.boolean().default(false),
};

export const QuestionSchema = z.discriminatedUnion('type', [
  z.object({ ...questionBase, type: z.literal('short-text'), maxLength: z.number().int().min(1).max(2000).default(200), placeholder: optText(200, '入力例') }).strict(),
  z.object({ ...questionBase, type: z.literal('long-text'), placeholder: optText(1000, '入力例') }).strict(),
  z.object({ ...questionBase, type: z.literal('number'), ...NumberBounds }).strict(),
  z.object({ ...questionBase, type: z.literal('money') }).strict(),
  z.object({ ...questionBase, type: z.literal('date') }).strict(),
  z.object({ ...questionBase, type: z.literal('single-choice'), options: Options }).strict(),
  z.object({ ...questionBase, type: z.literal('multiple-choice'), options: Options }).strict(),
  z
    .object({
      ...questionBase,
      type: z.literal('checklist'),
      items: z
        .array(z.object({ id: ElementIdSchema, label: text(300, '項目'), guidance: optText(2000, 'ガイド') }).strict())
        .min(1, '項目を1つ以上指定してください。')
        .max(200, '項目は200個までです。'),
    })
    .strict(),
  z
    .object({
      ...questionBase,
      type: z.literal('table'),
      columns: z.array(TableColumnSchema).min(1, '列を1つ以上指定してください。').max(30, '列は30個までです。'),
      maxRows: z.number().int().min(1).max(1000).default(200),
    })
    .strict(),
  z.object({ ...questionBase, type: z.literal('case-ref'), max: z.number().int().min(1).max(100).default(20) }).strict(),
  z.object({ ...questionBase, type: z.literal('computed'), computation: ComputationSchema }).strict(),
]);
export type Question = z.output<typeof QuestionSchema>;
export type QuestionOf<T extends QuestionType> = Extract<Question, { type: T }>;

export const SectionSchema = z
  .object({
    id: ElementIdSchema,
    title: text(200, 'セクション名'),
    /** The chapter of the exported document this section feeds, e.g. 第2章 地域課題の整理. */
    chapter: optText(200, '章'),
    guidance: optText(5000, 'ガイド'),
    questions: z.array(QuestionSchema).max(200, '設問は1セクション200個までです。'),
  })
  .strict();
export type Section = z.output<typeof SectionSchema>;

/** What must hold before a phase can be closed, besides its required questions being answered. */
export const GateSchema = z.discriminatedUnion('kind', [
  /** A table, case-ref or multiple-choice question has at least `min` rows / items. */
  z.object({ kind: z.literal('min-items'), question: ElementIdSchema, min: z.number().int().min(1).max(1000).default(1), label: optText(300, '説明') }).strict(),
  /** Every row of `table` is referenced by at least one row of `by` (through its row-ref `column`). */
  z.object({ kind: z.literal('every-row-referenced'), table: ElementIdSchema, by: ElementIdSchema, column: ElementIdSchema, label: optText(300, '説明') }).strict(),
  /** A computed question has a complete result (e.g. the cost table has totals). */
  z.object({ kind: z.literal('computed-complete'), question: ElementIdSchema, label: optText(300, '説明') }).strict(),
  /** Every item of a checklist is 完了 or 該当なし. */
  z.object({ kind: z.literal('checklist-settled'), question: ElementIdSchema, label: optText(300, '説明') }).strict(),
]);
export type Gate = z.output<typeof GateSchema>;

export const PhaseSchema = z
  .object({
    id: ElementIdSchema,
    name: text(100, 'フェーズ名'),
    /** Week range from the plan's start, 1-based and inclusive: {from: 1, to: 4} = weeks 1–4. */
    weeks: z
      .object({ from: z.number().int().min(1, '週は1以上です。').max(156), to: z.number().int().min(1, '週は1以上です。').max(156, '週は156以下です。') })
      .strict()
      .refine((w) => w.from <= w.to, { message: '終了週は開始週以降にしてください。', path: ['to'] }),
    goals: z.array(text(300, '目標')).max(20, '目標は20個までです。').default([]),
    sections: z.array(SectionSchema).min(1, 'セクションを1つ以上指定してください。').max(50, 'セクションは50個までです。'),
    gates: z.array(GateSchema).max(20).default([]),
  })
  .strict();
export type Phase = z.output<typeof PhaseSchema>;

const TemplateObjectSchema = z
  .object({
    $schema: z.string().optional(),
    id: TemplateIdSchema,
    name: text(200, 'テンプレート名'),
    /** Incremented by the core on every save of a custom template. */
    version: z.number().int().min(1).default(1),
    /** The engagement program it is made for (the default template of a new plan). */
    program: EngagementProgramSchema,
    description: optText(2000, '説明'),
    phases: z.array(PhaseSchema).min(1, 'フェーズを1つ以上指定してください。').max(20, 'フェーズは20個までです。'),
  })
  .strict();

type TemplateShape = z.output<typeof TemplateObjectSchema>;
type Ctx = z.RefinementCtx;

function checkReferences(t: TemplateShape, ctx: Ctx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', message, path });
  const phases = new Set<string>();
  const sections = new Set<string>();
  const questions = new Map<string, Question>();
  t.phases.forEach((p, pi) => {
    if (phases.has(p.id)) issue(['phases', pi, 'id'], `フェーズの id が重複しています: ${p.id}`);
    phases.add(p.id);
    p.sections.forEach((s, si) => {
      if (sections.has(s.id)) issue(['phases', pi, 'sections', si, 'id'], `セクションの id が重複しています: ${s.id}`);
      sections.add(s.id);
      s.questions.forEach((q, qi) => {
        const at = ['phases', pi, 'sections', si, 'questions', qi];
        if (questions.has(q.id)) issue([...at, 'id'], `設問の id が重複しています: ${q.id}`);
        else questions.set(q.id, q);
        if (q.type === 'single-choice' || q.type === 'multiple-choice') dupes(q.options.map((o) => o.value), (i, v) => issue([...at, 'options', i], `選択肢が重複しています: ${v}`));
        if (q.type === 'checklist') dupes(q.items.map((o) => o.id), (i, v) => issue([...at, 'items', i, 'id'], `項目の id が重複しています: ${v}`));
        if (q.type === 'table') {
          dupes(q.columns.map((c) => c.id), (i, v) => issue([...at, 'columns', i, 'id'], `列の id が重複しています: ${v}`));
          q.columns.forEach((c, ci) => {
            if (c.type === 'choice') dupes(c.options.map((o) => o.value), (i, v) => issue([...at, 'columns', ci, 'options', i], `選択肢が重複しています: ${v}`));
          });
        }
        if ((q.type === 'number') && q.min !== undefined && q.max !== undefined && q.min > q.max) issue([...at, 'max'], '最大値は最小値以上にしてください。');
      });
    });
  });

  const table = (id: string) => {
    const q = questions.get(id);
    return q?.type === 'table' ? q : null;
  };
  // An empty reference is already reported by ElementIdSchema.
  const needTable = (path: (string | number)[], id: string) => {
    const q = questions.get(id);
    if (!q) {
      if (id !== '') issue(path, `設問が見つかりません: ${id}`);
    } else if (q.type !== 'table') issue(path, `表の設問を指定してください（${id} は${QUESTION_TYPES[q.type]}）。`);
    return table(id);
  };
  const needColumn = (path: (string | number)[], tq: QuestionOf<'table'> | null, col: string, types: readonly ColumnType[]) => {
    if (!tq || col === '') return;
    const c = tq.columns.find((x) => x.id === col);
    if (!c) issue(path, `表「${tq.label}」に列がありません: ${excerpt(col)}`);
    else if (!types.includes(c.type)) issue(path, `列「${c.label}」の種類（${COLUMN_TYPES[c.type]}）はここでは使えません（${types.map((x) => COLUMN_TYPES[x]).join('・')}）。`);
  };
  const needQuestion = (path: (string | number)[], id: string, types: readonly QuestionType[]) => {
    const q = questions.get(id);
    if (!q) {
      if (id !== '') issue(path, `設問が見つかりません: ${id}`);
    } else if (!types.includes(q.type)) issue(path, `設問 ${id} の種類（${QUESTION_TYPES[q.type]}）はここでは使えません（${types.map((x) => QUESTION_TYPES[x]).join('・')}）。`);
    return q ?? null;
  };

  t.phases.forEach((p, pi) => {
    p.sections.forEach((s, si) =>
      s.questions.forEach((q, qi) => {
        const at = ['phases', pi, 'sections', si, 'questions', qi];
        if (q.type === 'table') {
          q.columns.forEach((c, ci) => {
            if (c.type !== 'row-ref') return;
            if (c.table === q.id) issue([...at, 'columns', ci, 'table'], '同じ表の行は参照できません。');
            const tq = needTable([...at, 'columns', ci, 'table'], c.table);
            needColumn([...at, 'columns', ci, 'labelColumn'], tq, c.labelColumn, ['text', 'choice', 'number', 'money', 'date']);
          });
        }
        if (q.type === 'computed') {
          const c = q.computation;
          const cp = [...at, 'computation'];
          const tq = needTable([...cp, 'table'], c.table);
          needColumn([...cp, 'labelColumn'], tq, c.labelColumn, ['text', 'choice']);
          if (c.kind === 'issue-priority') {
            needColumn([...cp, 'importance'], tq, c.importance, ['number', 'choice']);
            needColumn([...cp, 'urgency'], tq, c.urgency, ['number', 'choice']);
          } else {
            needColumn([...cp, 'initial'], tq, c.initial, ['money']);
            needColumn([...cp, 'running'], tq, c.running, ['money']);
            needColumn([...cp, 'years'], tq, c.years, ['number']);
            if (c.programQuestion !== null) {
              const pq = needQuestion([...cp, 'programQuestion'], c.programQuestion, ['single-choice']);
              if (pq?.type === 'single-choice') {
                pq.options.forEach((o) => {
                  if (o.value !== 'none' && !CatalogueProgramCodeSchema.safeParse(o.value).success) {
                    issue([...cp, 'programQuestion'], `制度を選ぶ設問 ${pq.id} の選択肢の値は事業コードか none にしてください（${o.value}）。`);
                  }
                });
              }
            }
            if (c.benefitQuestion !== null) needQuestion([...cp, 'benefitQuestion'], c.benefitQuestion, ['money']);
          }
        }
      }),
    );
    p.gates.forEach((g, gi) => {
      const gp = ['phases', pi, 'gates', gi];
      if (g.kind === 'min-items') needQuestion([...gp, 'question'], g.question, ['table', 'case-ref', 'multiple-choice']);
      else if (g.kind === 'computed-complete') needQuestion([...gp, 'question'], g.question, ['computed']);
      else if (g.kind === 'checklist-settled') needQuestion([...gp, 'question'], g.question, ['checklist']);
      else {
        needTable([...gp, 'table'], g.table);
        const by = needTable([...gp, 'by'], g.by);
        if (by) {
          const c = by.columns.find((x) => x.id === g.column);
          if (!c) issue([...gp, 'column'], `表「${by.label}」に列がありません: ${excerpt(g.column)}`);
          else if (c.type !== 'row-ref' || c.table !== g.table) issue([...gp, 'column'], `列「${c.label}」は表 ${g.table} の行を参照する列ではありません。`);
        }
      }
    });
  });
}

function dupes(values: readonly string[], report: (index: number, value: string) => void): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(v)) report(i, v);
    seen.add(v);
  });
}

export const TemplateSchema = TemplateObjectSchema.superRefine(checkReferences);
export type Template = z.output<typeof TemplateSchema>;
export type TemplateInput = z.input<typeof TemplateSchema>;

/** A custom template as stored: the whole template as its body, and its place in the list. */
export const TemplateRecordSchema = z.object({
  id: z.string(),
  body: TemplateSchema,
  position: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

// ------------------------------------------------------------------------------------------------
// Walking a template.

export interface QuestionPlace {
  question: Question;
  phaseId: string;
  phaseIndex: number;
  sectionId: string;
  sectionIndex: number;
  questionIndex: number;
}

/** Every question with where it stands, in template order. */
export function questionPlaces(t: Template): QuestionPlace[] {
  const out: QuestionPlace[] = [];
  t.phases.forEach((p, phaseIndex) =>
    p.sections.forEach((s, sectionIndex) =>
      s.questions.forEach((question, questionIndex) => out.push({ question, phaseId: p.id, phaseIndex, sectionId: s.id, sectionIndex, questionIndex })),
    ),
  );
  return out;
}

export function questionMap(t: Template): Map<string, QuestionPlace> {
  return new Map(questionPlaces(t).map((p) => [p.question.id, p]));
}

/** One problem of a template, the path written as people read it (phases[1].sections[0].questions[3].type). */
export interface TemplateProblem {
  path: string;
  message: string;
}

const KIND_NAMES: Record<string, string> = {
  type: Object.keys(QUESTION_TYPES).join(' / '),
  kind: [...Object.keys(COMPUTATIONS), 'min-items', 'every-row-referenced', 'computed-complete', 'checklist-settled'].join(' / '),
};

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

function problemOf(issue: z.core.$ZodIssue): TemplateProblem {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const last = path[path.length - 1];
  // The schema's own Japanese message names the field (「設問を入力してください。」); zod's defaults are English.
  // zod's English text for unknown keys repeats the keys themselves (a Japanese key would pass the
  // test below), so that code always gets the Japanese wording, as does anything overlong.
  const own = issue.code !== 'custom' && issue.code !== 'unrecognized_keys' && issue.message.length <= 200 && JAPANESE.test(issue.message);
  let message = own ? issue.message : issueMessageJa(issue);
  if (issue.code === 'invalid_union' && typeof last === 'string' && KIND_NAMES[last]) {
    const names = last === 'type' && path[path.length - 3] === 'columns' ? Object.keys(COLUMN_TYPES).join(' / ') : KIND_NAMES[last];
    message = `種類が正しくありません（${names} のいずれか）。`;
  } else if (issue.code === 'invalid_union' && issue.path.length > 0) {
    // A question or column whose discriminator is missing: zod points at the object itself.
    const errors = (issue as { errors?: unknown[] }).errors;
    if (Array.isArray(errors) && errors.length === 0) message = '種類（type / kind）を指定してください。';
  }
  return { path: formatPath(path), message };
}

/** Validate any value as a template: the parsed template, or every problem with its path. */
export function validateTemplate(raw: unknown): { ok: true; template: Template } | { ok: false; errors: TemplateProblem[] } {
  const r = TemplateSchema.safeParse(raw);
  if (r.success) return { ok: true, template: r.data };
  return { ok: false, errors: r.error.issues.map(problemOf) };
}

/** Validate template JSON text (a syntax error is one problem at the empty path). */
export function validateTemplateText(json: string): { ok: true; template: Template } | { ok: false; errors: TemplateProblem[] } {
  const parsed = parseJsonText(json, 'テンプレートのファイル');
  if (!parsed.ok) return { ok: false, errors: [{ path: '', message: parsed.message }] };
  return validateTemplate(parsed.value);
}
