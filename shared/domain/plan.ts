import { z } from 'zod';
import { addDays, isRealDate, MAX_DATE, MIN_DATE } from './dates.ts';
import type { CatalogueProgram } from './program.ts';
import { CHECK_STATUSES, type CheckStatus, type Computation, type Question, type QuestionOf, type Template, questionPlaces } from './template.ts';
import { formatDateWareki } from './wareki.ts';
import { excerpt } from '../excerpt.ts';

/**
 * A plan: an engagement's filled-in template. Pure rules only — answer validation, the schedule,
 * progress, the computations (issue priority, cost summary) and the gate checks. The core stores
 * the template snapshot and the answers (electron/core/plans/).
 *
 * Answer values by question type (null always means "no answer" and clears it):
 * - short-text, long-text: string · number: finite number · money: integer 円 ≥ 0 · date: YYYY-MM-DD
 * - single-choice: an option value · multiple-choice: option values (no repeats)
 * - checklist: {itemId: 'todo' | 'doing' | 'done' | 'na'} (a missing item is 未着手)
 * - table: [{id, cells: {columnId: value | null}}] (row ids are chosen by the client and stay stable)
 * - case-ref: case ids from the library · computed: never answered (derived)
 */

export const MAX_MONEY = 10_000_000_000_000; // 10兆円: any plausible plan, and far below 2^53.

export const TableRowSchema = z.object({ id: z.string().min(1).max(64), cells: z.record(z.string(), z.unknown()) });
export type TableRow = { id: string; cells: Record<string, unknown> };

export type AnswerCheck = { ok: true; value: unknown } | { ok: false; message: string; path: (string | number)[] };

const fail = (message: string, path: (string | number)[] = []): AnswerCheck => ({ ok: false, message, path });

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkMoney(v: unknown, what: string): string | null {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_MONEY) return `${what}は0以上の整数（円）で入力してください。`;
  return null;
}

function checkDate(v: unknown, what: string): string | null {
  if (typeof v !== 'string' || !isRealDate(v)) return `${what}は存在する日付を YYYY-MM-DD の形式で入力してください。`;
  if (v < MIN_DATE || v > MAX_DATE) return `${what}は${MIN_DATE.slice(0, 4)}年から${MAX_DATE.slice(0, 4)}年までの日付にしてください。`;
  return null;
}

function checkNumber(v: unknown, what: string, b: { min?: number | undefined; max?: number | undefined; integer: boolean }): string | null {
  if (typeof v !== 'number' || !Number.isFinite(v)) return `${what}は数値で入力してください。`;
  if (b.integer && !Number.isInteger(v)) return `${what}は整数で入力してください。`;
  if (b.min !== undefined && v < b.min) return `${what}は${b.min}以上にしてください。`;
  if (b.max !== undefined && v > b.max) return `${what}は${b.max}以下にしてください。`;
  return null;
}

/**
 * Check a value against its question; the value comes back as stored. A value of the wrong shape
 * is refused with a Japanese message and the path inside the value (e.g. [3, 'cells', 'urgency']).
 * `knownCases` (optional) lists the case ids that exist, for case-ref answers.
 */
export function validateAnswer(q: Question, value: unknown, knownCases?: ReadonlySet<string>): AnswerCheck {
  const what = `「${q.label}」`;
  switch (q.type) {
    case 'short-text':
    case 'long-text': {
      if (typeof value !== 'string') return fail(`${what}は文字列で入力してください。`);
      const max = q.type === 'short-text' ? q.maxLength : 100_000;
      if (value.length > max) return fail(`${what}は${max.toLocaleString('ja-JP')}文字以内にしてください。`);
      if (q.type === 'short-text' && /[\r\n]/.test(value)) return fail(`${what}は1行で入力してください。`);
      return { ok: true, value };
    }
    case 'number': {
      const m = checkNumber(value, what, q);
      return m ? fail(m) : { ok: true, value };
    }
    case 'money': {
      const m = checkMoney(value, what);
      return m ? fail(m) : { ok: true, value };
    }
    case 'date': {
      const m = checkDate(value, what);
      return m ? fail(m) : { ok: true, value };
    }
    case 'single-choice': {
      if (typeof value !== 'string' || !q.options.some((o) => o.value === value)) {
        return fail(`${what}は選択肢から選んでください（${q.options.map((o) => o.value).join(' / ')}）。`);
      }
      return { ok: true, value };
    }
    case 'multiple-choice': {
      if (!Array.isArray(value)) return fail(`${what}は選択肢の配列で入力してください。`);
      const seen = new Set<string>();
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        if (typeof v !== 'string' || !q.options.some((o) => o.value === v)) return fail(`${what}の選択肢にない値です: ${excerpt(v)}`, [i]);
        if (seen.has(v)) return fail(`${what}で同じ選択肢が重複しています: ${v}`, [i]);
        seen.add(v);
      }
      return { ok: true, value };
    }
    case 'checklist': {
      if (!isPlainObject(value)) return fail(`${what}は {項目id: 状態} の形で入力してください。`);
      for (const [k, v] of Object.entries(value)) {
        if (!q.items.some((i) => i.id === k)) return fail(`${what}にない項目です: ${k}`, [k]);
        if (typeof v !== 'string' || !(v in CHECK_STATUSES)) {
          return fail(`${what}の状態は ${Object.entries(CHECK_STATUSES).map(([c, l]) => `${c}（${l}）`).join(' / ')} のいずれかにしてください。`, [k]);
        }
      }
      return { ok: true, value };
    }
    case 'table':
      return validateTable(q, value);
    case 'case-ref': {
      if (!Array.isArray(value)) return fail(`${what}は事例 id の配列で入力してください。`);
      if (value.length > q.max) return fail(`${what}は${q.max}件までです。`);
      const seen = new Set<string>();
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        if (typeof v !== 'string' || v.length === 0 || v.length > 100) return fail(`${what}の事例 id が正しくありません。`, [i]);
        if (seen.has(v)) return fail(`${what}で同じ事例が重複しています: ${v}`, [i]);
        if (knownCases && !knownCases.has(v)) return fail(`${what}: 事例ライブラリにない事例です: ${v}`, [i]);
        seen.add(v);
      }
      return { ok: true, value };
    }
    case 'computed':
      return fail(`${what}は自動計算の項目のため、入力できません。`);
  }
}

function validateTable(q: QuestionOf<'table'>, value: unknown): AnswerCheck {
  const what = `「${q.label}」`;
  if (!Array.isArray(value)) return fail(`${what}は行の配列（[{id, cells}]）で入力してください。`);
  if (value.length > q.maxRows) return fail(`${what}は${q.maxRows}行までです。`);
  const ids = new Set<string>();
  const cols = new Map(q.columns.map((c) => [c.id, c]));
  for (let r = 0; r < value.length; r++) {
    const row: unknown = value[r];
    if (!isPlainObject(row) || typeof row.id !== 'string' || row.id.length === 0 || row.id.length > 64 || !isPlainObject(row.cells)) {
      return fail(`${what}の${r + 1}行目は {id, cells} の形にしてください。`, [r]);
    }
    for (const k of Object.keys(row)) if (k !== 'id' && k !== 'cells') return fail(`${what}の${r + 1}行目に不明な項目があります: ${k}`, [r, k]);
    if (ids.has(row.id)) return fail(`${what}の行 id が重複しています: ${row.id}`, [r, 'id']);
    ids.add(row.id);
    for (const [k, v] of Object.entries(row.cells)) {
      const c = cols.get(k);
      const at = [r, 'cells', k];
      if (!c) return fail(`${what}にない列です: ${k}`, at);
      if (v === null) continue;
      const cw = `${what}の${r + 1}行目「${c.label}」`;
      let m: string | null = null;
      switch (c.type) {
        case 'text':
          m = typeof v !== 'string' ? `${cw}は文字列で入力してください。` : v.length > 10_000 ? `${cw}は10,000文字以内にしてください。` : null;
          break;
        case 'number':
          m = checkNumber(v, cw, c);
          break;
        case 'money':
          m = checkMoney(v, cw);
          break;
        case 'date':
          m = checkDate(v, cw);
          break;
        case 'choice':
          m = typeof v === 'string' && c.options.some((o) => o.value === v) ? null : `${cw}は選択肢から選んでください（${c.options.map((o) => o.value).join(' / ')}）。`;
          break;
        case 'row-ref':
          m = typeof v === 'string' && v.length > 0 && v.length <= 64 ? null : `${cw}は参照する行の id で入力してください。`;
          break;
      }
      if (m) return fail(m, at);
    }
  }
  return { ok: true, value };
}

function filled(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') return v.trim() !== '';
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

/**
 * Whether a (valid) value counts as answered for progress: text not blank, a number, at least one
 * choice / row / case, every checklist item past 未着手, every required cell of every table row.
 */
export function isAnswered(q: Question, value: unknown): boolean {
  if (value === null || value === undefined) return false;
  switch (q.type) {
    case 'checklist': {
      const v = value as Record<string, CheckStatus>;
      return q.items.every((i) => v[i.id] !== undefined && v[i.id] !== 'todo');
    }
    case 'table': {
      const rows = value as TableRow[];
      const req = q.columns.filter((c) => c.required);
      return rows.length > 0 && rows.every((r) => req.every((c) => filled(r.cells[c.id])));
    }
    case 'computed':
      return true;
    default:
      return filled(value);
  }
}

// ------------------------------------------------------------------------------------------------
// Computations: pure, integer 円.

export interface IssueInput {
  id: string;
  label: string;
  importance: number | null;
  urgency: number | null;
}

export const IssuePriorityResultSchema = z.object({
  kind: z.literal('issue-priority'),
  /** Scored rows, highest score first; ties keep the table order and share a rank (1, 2, 2, 4). */
  items: z.array(z.object({ rowId: z.string(), label: z.string(), importance: z.number(), urgency: z.number(), score: z.number(), rank: z.number().int() })),
  /** Rows without both numbers (not ranked). */
  incomplete: z.array(z.object({ rowId: z.string(), label: z.string(), message: z.string() })),
  complete: z.boolean(),
});
export type IssuePriorityResult = z.infer<typeof IssuePriorityResultSchema>;

/** 重要度 × 緊急度 → score and rank. */
export function rankIssues(rows: readonly IssueInput[]): IssuePriorityResult {
  const scored: { rowId: string; label: string; importance: number; urgency: number; score: number; order: number }[] = [];
  const incomplete: IssuePriorityResult['incomplete'] = [];
  rows.forEach((r, order) => {
    if (r.importance === null || r.urgency === null) {
      incomplete.push({ rowId: r.id, label: r.label, message: `「${r.label || '（無題）'}」の${r.importance === null ? '重要度' : '緊急度'}が未入力です。` });
    } else scored.push({ rowId: r.id, label: r.label, importance: r.importance, urgency: r.urgency, score: r.importance * r.urgency, order });
  });
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  const items = scored.map((s, i) => {
    let rank = i + 1;
    if (i > 0 && scored[i - 1]!.score === s.score) rank = 0; // fixed below
    return { rowId: s.rowId, label: s.label, importance: s.importance, urgency: s.urgency, score: s.score, rank };
  });
  for (let i = 0; i < items.length; i++) if (items[i]!.rank === 0) items[i]!.rank = items[i - 1]!.rank;
  return { kind: 'issue-priority', items, incomplete, complete: rows.length > 0 && incomplete.length === 0 };
}

/** "1/2" → {num: 1, den: 2}; "3/4（高水準）・1/2（標準）" → the lowest (1/2, marked approximate); "0.5 × 財政力補正" → 1/2 approximate. */
export function parseSubsidyRate(text: string | null): { num: number; den: number; approximate: boolean } | null {
  if (!text) return null;
  const s = text.normalize('NFKC');
  const fracs = [...s.matchAll(/(\d+)\s*\/\s*(\d+)/g)].map((m) => ({ num: Number(m[1]), den: Number(m[2]) })).filter((f) => f.den > 0 && f.num <= f.den);
  const rest = s.replace(/(\d+)\s*\/\s*(\d+)/g, '').replace(/[\s（）()・]/g, '');
  if (fracs.length > 0) {
    const low = fracs.reduce((a, b) => (a.num * b.den <= b.num * a.den ? a : b));
    return { ...low, approximate: fracs.length > 1 || rest.length > 0 };
  }
  const dec = /(0?\.\d+)/.exec(s);
  if (dec) {
    const x = Number(dec[1]);
    const den = 100;
    const num = Math.round(x * den);
    const g = gcd(num, den);
    return { num: num / g, den: den / g, approximate: true };
  }
  return null;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

export interface CostRowInput {
  id: string;
  label: string;
  initial: number | null;
  running: number | null;
  years: number | null;
}

export interface SubsidyInput {
  program: string;
  programName: string;
  rateText: string | null;
  capYen: number | null;
}

export const CostSummaryResultSchema = z.object({
  kind: z.literal('cost-summary'),
  rows: z.array(z.object({ rowId: z.string(), label: z.string(), initial: z.number(), running: z.number(), years: z.number(), runningTotal: z.number(), total: z.number() })),
  initialTotal: z.number().int(),
  runningPerYear: z.number().int(),
  /** Σ running × years. */
  runningTotal: z.number().int(),
  total: z.number().int(),
  subsidy: z
    .object({
      program: z.string(),
      programName: z.string(),
      rateText: z.string().nullable(),
      rate: z.object({ num: z.number().int(), den: z.number().int(), approximate: z.boolean() }).nullable(),
      capYen: z.number().int().nullable(),
      base: z.enum(['initial', 'total']),
      baseYen: z.number().int(),
      /** floor(base × rate), limited by the cap; 0 when the rate is unknown. */
      amount: z.number().int(),
      capped: z.boolean(),
      note: z.string(),
    })
    .nullable(),
  /** total − subsidy. */
  net: z.number().int(),
  annualBenefit: z.number().int().nullable(),
  /** (net initial cost) ÷ (annual benefit − running per year), years to 1 decimal; null when not computable. */
  paybackYears: z.number().nullable(),
  paybackNote: z.string(),
  incomplete: z.array(z.object({ rowId: z.string(), label: z.string(), message: z.string() })),
  complete: z.boolean(),
});
export type CostSummaryResult = z.infer<typeof CostSummaryResultSchema>;

/**
 * Cost table → totals, subsidy, net cost and simple payback. Empty money cells count as 0; a row
 * with a running cost needs its years. Payback: the initial cost left after the subsidy's share of
 * it, divided by the yearly benefit net of the running cost.
 */
export function summarizeCosts(rows: readonly CostRowInput[], subsidy: SubsidyInput | null, base: 'initial' | 'total', annualBenefit: number | null): CostSummaryResult {
  const out: CostSummaryResult['rows'] = [];
  const incomplete: CostSummaryResult['incomplete'] = [];
  let initialTotal = 0;
  let runningPerYear = 0;
  let runningTotal = 0;
  for (const r of rows) {
    const initial = r.initial ?? 0;
    const running = r.running ?? 0;
    if (r.initial === null && r.running === null) {
      incomplete.push({ rowId: r.id, label: r.label, message: `「${r.label || '（無題）'}」の導入費・運用費がどちらも未入力です。` });
      continue;
    }
    if (running > 0 && (r.years === null || r.years <= 0)) {
      incomplete.push({ rowId: r.id, label: r.label, message: `「${r.label || '（無題）'}」の運用年数が未入力です。` });
      continue;
    }
    const years = running > 0 ? r.years! : (r.years ?? 0);
    const rt = Math.round(running * years);
    initialTotal += initial;
    runningPerYear += running;
    runningTotal += rt;
    out.push({ rowId: r.id, label: r.label, initial, running, years, runningTotal: rt, total: initial + rt });
  }
  const total = initialTotal + runningTotal;
  let sub: CostSummaryResult['subsidy'] = null;
  let subsidyOnInitial = 0;
  if (subsidy) {
    const rate = parseSubsidyRate(subsidy.rateText);
    const baseYen = base === 'initial' ? initialTotal : total;
    const raw = rate ? Math.floor((baseYen * rate.num) / rate.den) : 0;
    const capped = subsidy.capYen !== null && raw > subsidy.capYen;
    const amount = capped ? subsidy.capYen! : raw;
    const notes: string[] = [];
    if (!rate) notes.push('補助率が定まっていない制度のため、補助額は0円として計算しています。');
    else if (rate.approximate) notes.push(`補助率「${subsidy.rateText}」のうち ${rate.num}/${rate.den} で試算しています。`);
    if (capped) notes.push(`上限額 ${subsidy.capYen!.toLocaleString('ja-JP')}円を適用しました。`);
    sub = { program: subsidy.program, programName: subsidy.programName, rateText: subsidy.rateText, rate, capYen: subsidy.capYen, base, baseYen, amount, capped, note: notes.join('') };
    subsidyOnInitial = base === 'initial' ? amount : total === 0 ? 0 : Math.floor((amount * initialTotal) / total);
  }
  const net = total - (sub?.amount ?? 0);
  let paybackYears: number | null = null;
  let paybackNote = '';
  if (annualBenefit === null) paybackNote = '年間の効果額が未入力のため、回収年数は計算していません。';
  else if (annualBenefit - runningPerYear <= 0) paybackNote = '年間の効果額が運用費以下のため、投資は回収できません。';
  else {
    paybackYears = Math.round(((initialTotal - subsidyOnInitial) / (annualBenefit - runningPerYear)) * 10) / 10;
    paybackNote = '（導入費 − 補助額のうち導入費分）÷（年間の効果額 − 年間の運用費）';
  }
  return {
    kind: 'cost-summary',
    rows: out,
    initialTotal,
    runningPerYear,
    runningTotal,
    total,
    subsidy: sub,
    net,
    annualBenefit,
    paybackYears,
    paybackNote,
    incomplete,
    complete: rows.length > 0 && incomplete.length === 0,
  };
}

export const ComputedResultSchema = z.discriminatedUnion('kind', [IssuePriorityResultSchema, CostSummaryResultSchema]);
export type ComputedResult = z.infer<typeof ComputedResultSchema>;

function num(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

function cellText(v: unknown): string {
  return typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
}

/** Run one computation over the plan's answers (value lookup by question id). */
export function compute(c: Computation, answerOf: (qid: string) => unknown, programs: readonly CatalogueProgram[]): ComputedResult {
  const rows = (answerOf(c.table) as TableRow[] | undefined) ?? [];
  if (c.kind === 'issue-priority') {
    return rankIssues(rows.map((r) => ({ id: r.id, label: cellText(r.cells[c.labelColumn]), importance: num(r.cells[c.importance]), urgency: num(r.cells[c.urgency]) })));
  }
  let code: string | null = c.program;
  if (c.programQuestion !== null) {
    const chosen = answerOf(c.programQuestion);
    if (typeof chosen === 'string') code = chosen === 'none' ? null : chosen;
  }
  const p = code ? programs.find((x) => x.code === code) : undefined;
  const subsidy: SubsidyInput | null = p ? { program: p.code, programName: p.name, rateText: p.funding.rate, capYen: p.funding.capYen } : null;
  const benefit = c.benefitQuestion ? answerOf(c.benefitQuestion) : null;
  return summarizeCosts(
    rows.map((r) => ({ id: r.id, label: cellText(r.cells[c.labelColumn]), initial: num(r.cells[c.initial]), running: num(r.cells[c.running]), years: num(r.cells[c.years]) })),
    subsidy,
    c.subsidyBase,
    typeof benefit === 'number' ? benefit : null,
  );
}

// ------------------------------------------------------------------------------------------------
// Schedule.

export const PhaseStateSchema = z.enum(['upcoming', 'current', 'past']);

export const ScheduleSchema = z.object({
  start: z.string(),
  end: z.string(),
  startWareki: z.string(),
  endWareki: z.string(),
  today: z.string(),
  phases: z.array(
    z.object({
      phaseId: z.string(),
      name: z.string(),
      weeks: z.object({ from: z.number().int(), to: z.number().int() }),
      start: z.string(),
      end: z.string(),
      startWareki: z.string(),
      endWareki: z.string(),
      state: PhaseStateSchema,
    }),
  ),
});
export type Schedule = z.infer<typeof ScheduleSchema>;

/** Week n of a plan starting on `start` runs from start + 7(n−1) days to start + 7n − 1 days. */
export function buildSchedule(t: Template, start: string, today: string): Schedule {
  const phases = t.phases.map((p) => {
    const s = addDays(start, (p.weeks.from - 1) * 7);
    const e = addDays(start, p.weeks.to * 7 - 1);
    const state = today < s ? ('upcoming' as const) : today > e ? ('past' as const) : ('current' as const);
    return { phaseId: p.id, name: p.name, weeks: { from: p.weeks.from, to: p.weeks.to }, start: s, end: e, startWareki: formatDateWareki(s), endWareki: formatDateWareki(e), state };
  });
  const end = phases.reduce((m, p) => (p.end > m ? p.end : m), start);
  return { start, end, startWareki: formatDateWareki(start), endWareki: formatDateWareki(end), today, phases };
}

// ------------------------------------------------------------------------------------------------
// Progress, gates, orphans: the whole evaluation of a plan.

export const MissingAnswerSchema = z.object({
  questionId: z.string(),
  label: z.string(),
  phaseId: z.string(),
  sectionId: z.string(),
  sectionTitle: z.string(),
});

export const PhaseProgressSchema = z.object({
  phaseId: z.string(),
  name: z.string(),
  required: z.number().int(),
  answered: z.number().int(),
  /** answered / required, 1 when nothing is required. */
  ratio: z.number(),
  /** Answers of all questions (required or not) in this phase. */
  answeredAll: z.number().int(),
  questions: z.number().int(),
  /** The 未記入一覧: required questions without an answer, in template order. */
  missing: z.array(MissingAnswerSchema),
});
export type PhaseProgress = z.infer<typeof PhaseProgressSchema>;

export const GateProblemSchema = z.object({
  kind: z.enum(['required', 'min-items', 'every-row-referenced', 'computed-complete', 'checklist-settled']),
  /** The question to jump to. */
  questionId: z.string(),
  message: z.string(),
  /** Rows concerned (e.g. issues without a measure). */
  rowIds: z.array(z.string()),
});
export type GateProblem = z.infer<typeof GateProblemSchema>;

export const PhaseGateSchema = z.object({
  phaseId: z.string(),
  name: z.string(),
  /** true when nothing is missing: the phase can be closed. */
  ready: z.boolean(),
  closed: z.boolean(),
  problems: z.array(GateProblemSchema),
});
export type PhaseGate = z.infer<typeof PhaseGateSchema>;

export const AnswerSchema = z.object({ value: z.unknown(), updatedAt: z.string() });

/** A plan as stored: the engagement's template snapshot, start date and closed phases. */
export const PlanRecordSchema = z.object({
  engagementId: z.string(),
  templateId: z.string(),
  /** The template as it was when the plan was made or last updated (validated when stored). */
  template: z.record(z.string(), z.unknown()),
  startDate: z.string(),
  closedPhases: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** One stored answer of a plan. */
export const PlanAnswerRecordSchema = z.object({ engagementId: z.string(), questionId: z.string(), value: z.unknown(), updatedAt: z.string() });
export type StoredAnswer = { value: unknown; updatedAt: string };

export const OrphanAnswerSchema = z.object({
  questionId: z.string(),
  value: z.unknown(),
  updatedAt: z.string(),
  /** removed: the question is no longer in the template; incompatible: its type or options changed. */
  reason: z.enum(['removed', 'incompatible']),
  message: z.string(),
});
export type OrphanAnswer = z.infer<typeof OrphanAnswerSchema>;

export const PlanEvaluationSchema = z.object({
  progress: z.object({ required: z.number().int(), answered: z.number().int(), ratio: z.number(), phases: z.array(PhaseProgressSchema) }),
  gates: z.array(PhaseGateSchema),
  computed: z.record(z.string(), ComputedResultSchema),
  answers: z.record(z.string(), AnswerSchema),
  orphans: z.array(OrphanAnswerSchema),
});
export type PlanEvaluation = z.infer<typeof PlanEvaluationSchema>;

/**
 * Evaluate a plan: sort answers into live and orphaned (never dropped), run every computation,
 * count progress and check every phase's gates.
 */
export function evaluatePlan(t: Template, stored: ReadonlyMap<string, StoredAnswer>, programs: readonly CatalogueProgram[], closedPhases: readonly string[] = []): PlanEvaluation {
  const places = questionPlaces(t);
  const byId = new Map(places.map((p) => [p.question.id, p]));
  const answers: Record<string, StoredAnswer> = {};
  const orphans: OrphanAnswer[] = [];
  for (const [qid, a] of stored) {
    const place = byId.get(qid);
    if (!place) {
      orphans.push({ questionId: qid, value: a.value, updatedAt: a.updatedAt, reason: 'removed', message: 'この回答の設問はテンプレートから削除されました。' });
      continue;
    }
    const check = validateAnswer(place.question, a.value);
    if (!check.ok) orphans.push({ questionId: qid, value: a.value, updatedAt: a.updatedAt, reason: 'incompatible', message: `設問が変更され、回答が合わなくなりました: ${check.message}` });
    else answers[qid] = a;
  }
  const answerOf = (qid: string) => answers[qid]?.value;

  const computed: Record<string, ComputedResult> = {};
  for (const p of places) if (p.question.type === 'computed') computed[p.question.id] = compute(p.question.computation, answerOf, programs);

  const phaseProgress: PhaseProgress[] = [];
  const gates: PhaseGate[] = [];
  let required = 0;
  let answeredReq = 0;
  t.phases.forEach((phase) => {
    const pr: PhaseProgress = { phaseId: phase.id, name: phase.name, required: 0, answered: 0, ratio: 1, answeredAll: 0, questions: 0, missing: [] };
    const problems: GateProblem[] = [];
    for (const s of phase.sections) {
      for (const q of s.questions) {
        if (q.type === 'computed') continue;
        pr.questions++;
        const done = isAnswered(q, answerOf(q.id));
        if (done) pr.answeredAll++;
        if (!q.required) continue;
        pr.required++;
        if (done) pr.answered++;
        else {
          pr.missing.push({ questionId: q.id, label: q.label, phaseId: phase.id, sectionId: s.id, sectionTitle: s.title });
          problems.push({ kind: 'required', questionId: q.id, message: `未記入: ${s.title} ／ ${q.label}`, rowIds: [] });
        }
      }
    }
    pr.ratio = pr.required === 0 ? 1 : pr.answered / pr.required;
    required += pr.required;
    answeredReq += pr.answered;
    phaseProgress.push(pr);
    for (const g of phase.gates) problems.push(...checkGate(g, byId, answerOf, computed));
    gates.push({ phaseId: phase.id, name: phase.name, ready: problems.length === 0, closed: closedPhases.includes(phase.id), problems });
  });
  return {
    progress: { required, answered: answeredReq, ratio: required === 0 ? 1 : answeredReq / required, phases: phaseProgress },
    gates,
    computed,
    answers,
    orphans,
  };
}

type Gate = Template['phases'][number]['gates'][number];

function checkGate(g: Gate, byId: ReadonlyMap<string, { question: Question }>, answerOf: (qid: string) => unknown, computed: Record<string, ComputedResult>): GateProblem[] {
  const q = (id: string) => byId.get(id)?.question;
  switch (g.kind) {
    case 'min-items': {
      const v = answerOf(g.question);
      const n = Array.isArray(v) ? v.length : 0;
      if (n >= g.min) return [];
      return [{ kind: g.kind, questionId: g.question, message: g.label || `「${q(g.question)?.label ?? g.question}」が${g.min}件以上必要です（現在${n}件）。`, rowIds: [] }];
    }
    case 'every-row-referenced': {
      const table = q(g.table);
      const by = q(g.by);
      const rows = (answerOf(g.table) as TableRow[] | undefined) ?? [];
      const refs = new Set(((answerOf(g.by) as TableRow[] | undefined) ?? []).map((r) => r.cells[g.column]).filter((x): x is string => typeof x === 'string'));
      const col = by?.type === 'table' ? by.columns.find((c) => c.id === g.column) : undefined;
      const labelCol = col?.type === 'row-ref' ? col.labelColumn : null;
      const missing = rows.filter((r) => !refs.has(r.id));
      if (missing.length === 0) return [];
      const names = missing.map((r) => `「${(labelCol ? cellText(r.cells[labelCol]) : '') || r.id}」`).join('、');
      return [
        {
          kind: g.kind,
          questionId: g.by,
          message: g.label ? `${g.label}: ${names}` : `${names}に対応する「${by?.label ?? g.by}」がありません（「${table?.label ?? g.table}」の行ごとに1件以上必要です）。`,
          rowIds: missing.map((r) => r.id),
        },
      ];
    }
    case 'computed-complete': {
      const r = computed[g.question];
      if (r?.complete) return [];
      const reasons = !r ? [] : r.incomplete.map((i) => i.message);
      const why = reasons.length > 0 ? reasons.join(' ') : '表に行がありません。';
      return [{ kind: g.kind, questionId: g.question, message: `${g.label || `「${q(g.question)?.label ?? g.question}」を計算できません。`}${why}`, rowIds: r?.incomplete.map((i) => i.rowId) ?? [] }];
    }
    case 'checklist-settled': {
      const cq = q(g.question);
      if (cq?.type !== 'checklist') return [];
      const v = (answerOf(g.question) as Record<string, CheckStatus> | undefined) ?? {};
      const open = cq.items.filter((i) => v[i.id] !== 'done' && v[i.id] !== 'na');
      if (open.length === 0) return [];
      return [{ kind: g.kind, questionId: g.question, message: `${g.label || `「${cq.label}」に完了していない項目があります`}: ${open.map((i) => i.label).join('、')}`, rowIds: open.map((i) => i.id) }];
    }
  }
}
