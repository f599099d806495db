import { CLIENT_KINDS, type ClientKind } from './client.ts';
import { ENGAGEMENT_PROGRAMS, type EngagementProgram } from './engagement.ts';
import { LOG_MODES, type LogMode } from './log.ts';
import type { ComputedResult, Schedule, TableRow } from './plan.ts';
import { CHECK_STATUSES, DOC_APPENDIX, DOC_PREFACE, DocumentOutlineSchema, type CheckStatus, type DocChapterRole, type DocumentOutline, type Question, type Template } from './template.ts';
import { parseMarkdown } from './markdown.ts';
import { formatDate, localizeIsoDates, type DateStyle } from './wareki.ts';
import { coverDate, DEFAULT_PLAN_DOC_SETTINGS, glossaryFor, PLAN_DOC_STATUSES, periodText, planPeriod, type GlossaryEntry, type PlanDocSettings } from './plan-doc.ts';
import { cellText as planCellText, kpiTable, planTables, projectsTable, scheduleTable, systemTable, type PlanTable } from './plan-tables.ts';
import type { CatalogueProgram } from './program.ts';

/**
 * The document model (文書モデル): a plain data structure that both the DOCX renderer
 * (electron/core/docs/docx.ts) and the app's preview (renderer/src/components/DocBlocks.tsx) turn
 * into output; Markdown text becomes these blocks through shared/domain/markdown.ts. It holds no rendering
 * decisions beyond what a reader sees: headings already carry their numbers (第1章 / 1. / (1)),
 * tables their header and totals rows, every text is cleaned of characters XML forbids.
 */

export interface Run {
  /** May hold "\n": a line break inside the paragraph. */
  text: string;
  bold?: boolean;
  italic?: boolean;
}

/** A bulleted or numbered list; `sub[i]` is the list nested under item i (Markdown, markdown.ts). */
export interface ListBlock {
  type: 'list';
  ordered: boolean;
  items: Run[][];
  /** First number of an ordered list (1 when absent). */
  start?: number;
  sub?: (ListBlock | null)[];
}

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3; /** 第1章 / 1. / (1); '' for an unnumbered heading (はじめに, 目次). */ number: string; text: string }
  | { type: 'paragraph'; runs: Run[]; align?: 'left' | 'center' | 'right'; /** note: smaller, for （未記入） and sources; title / subtitle: the cover. */ tone?: Tone }
  /** A Markdown heading inside an answer or a case: not numbered, not in the TOC. */
  | { type: 'subheading'; level: 1 | 2 | 3 | 4 | 5 | 6; runs: Run[] }
  | ListBlock
  | {
      type: 'table';
      header: string[];
      rows: string[][];
      /** A 合計 row shown bold after the rows. */
      totals?: string[];
      /** Per column: numbers and money right-aligned. */
      align?: ('left' | 'right' | 'center')[];
    }
  | { type: 'pageBreak' }
  | { type: 'toc'; title: string };

export type Tone = 'normal' | 'note' | 'title' | 'subtitle';

export interface DocCover {
  title: string;
  subtitle: string;
  client: string;
  /** 作成日, already formatted (和暦 or 西暦). */
  date: string;
  author: string;
  organization: string;
}

export interface DocModel {
  kind: 'plan' | 'report';
  title: string;
  /** Shown in the page header. */
  header: string;
  cover: DocCover;
  /** Fixed core properties: the same input gives the same bytes. */
  meta: { creator: string; description: string; /** ISO date-time */ created: string; modified: string };
  blocks: Block[];
}

/** 和暦 or 西暦 (shared/domain/wareki.ts formats the dates). */
export type Era = DateStyle;
export interface DocOptions {
  era: Era;
  unanswered: 'omit' | 'mark';
}
export const DEFAULT_DOC_OPTIONS: DocOptions = { era: 'wareki', unanswered: 'omit' };
export const UNANSWERED_MARK = '（未記入）';

// ------------------------------------------------------------------------------------------------
// Text helpers.

// C0 controls except tab, LF, CR; U+FFFE/U+FFFF; lone surrogates (emoji as proper pairs stay).
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes the characters XML 1.0 cannot hold; keeps everything else (emoji, long text). */
export function cleanText(s: string): string {
  return s.replace(FORBIDDEN, '');
}

export { formatDate };

/** 1234567 → 1,234,567円 (no locale data involved, so the output is the same everywhere). */
export function formatYen(n: number): string {
  return `${groupDigits(n)}円`;
}

export function groupDigits(n: number): string {
  const neg = n < 0;
  const [i, f] = String(Math.abs(n)).split('.');
  const g = i!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${g}${f ? `.${f}` : ''}`;
}

/**
 * The Markdown of long answers, case summaries and log entries → blocks, with the one grammar of
 * shared/domain/markdown.ts (the app's previews render the same blocks).
 */
export function markdownBlocks(md: string): Block[] {
  return parseMarkdown(md);
}

// ------------------------------------------------------------------------------------------------
// Heading numbers.

const CHAPTER_PREFIX = /^\s*第\s*[0-9０-９一二三四五六七八九十]+\s*章\s*/;

/** 「第2章 地域課題の整理」→「地域課題の整理」 (the document numbers its chapters itself). */
export function chapterTitle(chapter: string): string {
  return cleanText(chapter).replace(CHAPTER_PREFIX, '').trim();
}

/**
 * Gives every heading its number: level 1 第N章, level 2 N., level 3 (N); a level-1 heading whose
 * number is already '' and marked unnumbered stays so. Counters below a level restart.
 */
export function numberHeadings(blocks: Block[], unnumbered: ReadonlySet<Block> = new Set()): Block[] {
  const c = [0, 0, 0];
  return blocks.map((b) => {
    if (b.type !== 'heading') return b;
    if (unnumbered.has(b)) {
      for (let k = b.level; k < 3; k++) c[k] = 0;
      return b;
    }
    const l = b.level - 1;
    c[l]!++;
    for (let k = l + 1; k < 3; k++) c[k] = 0;
    const n = c[l]!;
    const number = b.level === 1 ? `第${n}章` : b.level === 2 ? `${n}.` : `(${n})`;
    return { ...b, number };
  });
}

// ------------------------------------------------------------------------------------------------
// Builders.

export interface DocCase {
  id: string;
  title: string;
  prefecture: string;
  municipality: string;
  organization: string;
  fiscalYear: number | null;
  summary: string;
  outcomes: { label: string; value: string; unit: string }[];
  sources: { document: string; section: string }[];
}

export interface DocContext {
  client: { name: string; kind: string; prefecture: string };
  engagement: { id: string; displayName: string; program: EngagementProgram; startDate: string; plannedEnd: string | null; advisors: string[] };
  settings: { advisorName: string; organization: string };
  /** 作成日 (ISO date) and the fixed time stamp written as the core properties. */
  date: string;
  stamp: string;
}

export interface PlanDocInput extends DocContext {
  template: Template;
  answers: Readonly<Record<string, unknown>>;
  computed: Readonly<Record<string, ComputedResult>>;
  schedule: Schedule;
  /** Attached to the engagement or referenced by a case-ref answer, each once. */
  cases: DocCase[];
}

/** The title of the plan document for a template's program. */
export const PLAN_DOC_TITLES: Record<EngagementProgram, string> = {
  'plan-a': '地域DX推進計画',
  'plan-b': 'ソリューション実装計画書',
  telework: 'テレワーク導入 提案書',
  'system-building': '推進体制構築 取組方針',
  advisor: '支援計画書',
  other: '計画書',
};

function kindLabel(kind: string): string {
  return CLIENT_KINDS[kind as ClientKind] ?? kind;
}

function authorOf(ctx: DocContext): string {
  return cleanText(ctx.settings.advisorName || ctx.engagement.advisors.join('、'));
}

function coverOf(ctx: DocContext, title: string, opts: DocOptions): DocCover {
  return {
    title,
    subtitle: cleanText(ENGAGEMENT_PROGRAMS[ctx.engagement.program]),
    client: cleanText(ctx.client.name),
    date: formatDate(ctx.date, opts.era),
    author: authorOf(ctx),
    organization: cleanText(ctx.settings.organization),
  };
}

function metaOf(ctx: DocContext, title: string) {
  return { creator: authorOf(ctx) || 'Bansō', description: `${cleanText(ctx.client.name)} ${title}`, created: ctx.stamp, modified: ctx.stamp };
}

const p = (text: string, tone: Tone = 'normal'): Block => ({ type: 'paragraph', runs: [{ text: cleanText(text) }], tone });
const h = (level: 1 | 2 | 3, text: string): Block & { type: 'heading' } => ({ type: 'heading', level, number: '', text: cleanText(text) });

function cellText(v: unknown, col: Extract<Question, { type: 'table' }>['columns'][number], refs: ReadonlyMap<string, ReadonlyMap<string, string>>, era: Era): string {
  if (v === null || v === undefined || v === '') return '';
  switch (col.type) {
    case 'money':
      return typeof v === 'number' ? formatYen(v) : cleanText(String(v));
    case 'number':
      return typeof v === 'number' ? `${groupDigits(v)}${col.unit}` : cleanText(String(v));
    case 'date':
      return typeof v === 'string' ? formatDate(v, era) : '';
    case 'choice':
      return cleanText(col.options.find((o) => o.value === v)?.label ?? String(v));
    case 'row-ref':
      return cleanText(refs.get(col.table)?.get(String(v)) ?? String(v));
    case 'text':
      return cleanText(String(v));
  }
}

function answered(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') return v.trim() !== '';
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

function caseLine(c: DocCase, era: Era): string {
  void era;
  const place = [c.prefecture, c.municipality].filter(Boolean).join('');
  const year = c.fiscalYear ? `${c.fiscalYear}年度` : '';
  return [place, c.organization, year].filter(Boolean).map(cleanText).join('・');
}

/** The blocks of one answered question (without its label heading). */
function answerBlocks(q: Question, v: unknown, input: PlanDocInput, refs: ReadonlyMap<string, ReadonlyMap<string, string>>, caseNo: ReadonlyMap<string, number>, opts: DocOptions): Block[] {
  const era = opts.era;
  switch (q.type) {
    case 'short-text':
      return [p(String(v))];
    case 'long-text':
      return markdownBlocks(String(v));
    case 'number':
      return [p(`${groupDigits(Number(v))}${q.unit}`)];
    case 'money':
      return [p(formatYen(Number(v)))];
    case 'date':
      return [p(formatDate(String(v), era))];
    case 'single-choice':
      return [p(q.options.find((o) => o.value === v)?.label ?? String(v))];
    case 'multiple-choice': {
      const vals = v as string[];
      return [{ type: 'list', ordered: false, items: vals.map((x) => [{ text: cleanText(q.options.find((o) => o.value === x)?.label ?? x) }]) }];
    }
    case 'checklist': {
      const st = v as Record<string, CheckStatus>;
      return [{ type: 'table', header: ['項目', '状況'], rows: q.items.map((i) => [cleanText(i.label), CHECK_STATUSES[st[i.id] ?? 'todo']]), align: ['left', 'center'] }];
    }
    case 'table': {
      const rows = v as TableRow[];
      const align = q.columns.map((c) => (c.type === 'money' || c.type === 'number' ? ('right' as const) : ('left' as const)));
      return [{ type: 'table', header: q.columns.map((c) => cleanText(c.label)), rows: rows.map((r) => q.columns.map((c) => cellText(r.cells[c.id], c, refs, era))), align }];
    }
    case 'case-ref': {
      const ids = v as string[];
      const byId = new Map(input.cases.map((c) => [c.id, c]));
      return [
        {
          type: 'list',
          ordered: false,
          items: ids.map((id) => {
            const c = byId.get(id);
            const n = caseNo.get(id);
            return [{ text: c ? cleanText(c.title) : id }, { text: n ? `（参考事例 ${n} を参照）` : '' }].filter((r) => r.text !== '');
          }),
        },
      ];
    }
    case 'computed':
      return computedBlocks(input.computed[q.id]);
  }
}

function computedBlocks(r: ComputedResult | undefined): Block[] {
  if (!r) return [];
  if (r.kind === 'issue-priority') {
    if (r.items.length === 0 && r.incomplete.length === 0) return [];
    const rows = r.items.map((i) => [String(i.rank), cleanText(i.label), String(i.importance), String(i.urgency), String(i.score)]);
    const out: Block[] = [{ type: 'table', header: ['順位', '課題', '重要度', '緊急度', '評点'], rows, align: ['center', 'left', 'right', 'right', 'right'] }];
    if (r.incomplete.length > 0) out.push(p(`評価未了: ${r.incomplete.map((i) => cleanText(i.label || '（無題）')).join('、')}`, 'note'));
    return out;
  }
  if (r.rows.length === 0) return [];
  const out: Block[] = [
    {
      type: 'table',
      header: ['費目', '導入費', '運用費（年）', '年数', '運用費計', '合計'],
      rows: r.rows.map((x) => [cleanText(x.label), formatYen(x.initial), formatYen(x.running), `${x.years}年`, formatYen(x.runningTotal), formatYen(x.total)]),
      totals: ['合計', formatYen(r.initialTotal), formatYen(r.runningPerYear), '', formatYen(r.runningTotal), formatYen(r.total)],
      align: ['left', 'right', 'right', 'right', 'right', 'right'],
    },
  ];
  const summary: string[][] = [['事業費 合計', formatYen(r.total)]];
  if (r.subsidy) {
    summary.push([`補助額（${cleanText(r.subsidy.programName)}${r.subsidy.rateText ? ` ${cleanText(r.subsidy.rateText)}` : ''}）`, formatYen(r.subsidy.amount)]);
  }
  summary.push(['実質負担額', formatYen(r.net)]);
  if (r.annualBenefit !== null) summary.push(['年間の効果額', formatYen(r.annualBenefit)]);
  if (r.paybackYears !== null) summary.push(['投資回収年数', `${r.paybackYears}年`]);
  out.push({ type: 'table', header: ['区分', '金額'], rows: summary, align: ['left', 'right'] });
  if (r.subsidy?.note) out.push(p(r.subsidy.note, 'note'));
  return out;
}

/** The outline of a template; a snapshot taken before outlines existed gets the standard one. */
export function outlineOf(t: Template): DocumentOutline {
  const d = (t as { document?: unknown }).document;
  const r = DocumentOutlineSchema.safeParse(d ?? {});
  return r.success ? r.data : DocumentOutlineSchema.parse({});
}

/** Where a section's chapter text suggests its questions go (for questions the outline does not map). */
const ROLE_HINTS: [RegExp, DocChapterRole | typeof DOC_PREFACE][] = [
  [/はじめに|要旨/, DOC_PREFACE],
  [/策定|趣旨|背景|位置付け|位置づけ|概況|事業の概要/, 'intro'],
  [/現状|課題/, 'current'],
  [/方針|体系|理念|目標/, 'policy'],
  [/体制|進捗|効果測定|改善|評価/, 'governance'],
  [/施策|事業|解決|方策|導入|実装|取組|ツール|スケジュール|ロードマップ|構成|要件|運用/, 'measures'],
];

/**
 * The chapter id (or preface / appendix) each question of the template goes to: the outline's
 * map first, else a guess from its section's chapter and title, else 資料編. Every question gets
 * a place, so no answer is ever left out of the document.
 */
export function placeQuestions(t: Template, outline: DocumentOutline = outlineOf(t)): Map<string, string> {
  const ids = new Set(outline.chapters.map((c) => c.id));
  const byRole = new Map<string, string>();
  for (const c of outline.chapters) if (!byRole.has(c.role)) byRole.set(c.role, c.id);
  const out = new Map<string, string>();
  for (const ph of t.phases)
    for (const s of ph.sections) {
      const hint = `${s.chapter} ${s.title}`;
      const guess = ROLE_HINTS.find(([re]) => re.test(hint))?.[1];
      const fallback = guess === DOC_PREFACE ? DOC_PREFACE : (guess && byRole.get(guess)) || DOC_APPENDIX;
      for (const q of s.questions) {
        const m = outline.map[q.id];
        out.set(q.id, m && (ids.has(m) || m === DOC_PREFACE || m === DOC_APPENDIX) ? m : fallback);
      }
    }
  return out;
}

function tableBlock(t: PlanTable): Block {
  return {
    type: 'table',
    header: t.header,
    rows: t.rows.map((r) => r.map((c) => cleanText(planCellText(c)))),
    ...(t.totals ? { totals: t.totals.map((c) => cleanText(planCellText(c))) } : {}),
    align: t.align,
  };
}

export interface DocLogEntry {
  date: string;
  mode: string;
  topics: string;
  decisions: string;
}

/** What the plan document needs beyond the plan itself. */
export interface PlanDocExtras {
  settings: PlanDocSettings;
  /** Log entries the user marked as shareable (共有可), oldest first; internal notes never come here. */
  shared: DocLogEntry[];
  glossary: readonly GlossaryEntry[];
  programs: readonly CatalogueProgram[];
  /** The plan's start (default plan period). */
  planStart: string;
}

const NO_EXTRAS = (input: PlanDocInput): PlanDocExtras => ({ settings: DEFAULT_PLAN_DOC_SETTINGS, shared: [], glossary: [], programs: [], planStart: input.engagement.startDate });

function planTitleOf(input: PlanDocInput, outline: DocumentOutline, s: PlanDocSettings): string {
  return cleanText(s.title || outline.title || PLAN_DOC_TITLES[input.template.program] || '計画');
}

/** 〇〇町 (the last part of 徳島県神山町 is what a plan's title uses; the full name stays on the cover). */
function shortBodyName(name: string): string {
  const m = /^(?:北海道|東京都|京都府|大阪府|.{2,3}県)(.+[市町村区])$/.exec(name);
  return m ? m[1]! : name;
}

function planCover(input: PlanDocInput, fullTitle: string, period: string, s: PlanDocSettings, opts: DocOptions): Block[] {
  const c = (text: string, tone: Tone = 'subtitle', bold = false): Block => ({ type: 'paragraph', runs: [{ text: cleanText(text), ...(bold ? { bold } : {}) }], align: 'center', tone });
  const out: Block[] = [];
  for (let i = 0; i < 7; i++) out.push({ type: 'paragraph', runs: [{ text: '' }], align: 'center' });
  out.push(c(fullTitle, 'title', true));
  out.push(c(`計画期間　${period}`));
  for (let i = 0; i < 9; i++) out.push({ type: 'paragraph', runs: [{ text: '' }], align: 'center' });
  out.push(c(coverDate(s.date ?? input.date, opts.era)));
  out.push(c(input.client.name));
  if (s.department) out.push(c(s.department));
  out.push({ type: 'pageBreak' });
  return out;
}

/**
 * The plan document: the municipality's own 素案 (〇〇町 地域DX推進計画（素案）), in the outline of
 * published plans — はじめに, 第1章 計画の策定にあたって … 第5章 推進体制と進捗管理 (or the
 * template's own chapters), 資料編 (策定経過, 用語集, 参考事例, the remaining answers) — with the
 * KPI table, 施策体系, 事業一覧 and 工程表 where the chapters' roles put them.
 */
export function buildPlanDocument(input: PlanDocInput, options: Partial<DocOptions> = {}, extras: PlanDocExtras = NO_EXTRAS(input)): DocModel {
  const opts = { ...DEFAULT_DOC_OPTIONS, ...options };
  const outline = outlineOf(input.template);
  const s = extras.settings;
  const status = PLAN_DOC_STATUSES[s.status];
  const title = planTitleOf(input, outline, s);
  const body = shortBodyName(cleanText(input.client.name));
  const named = title.startsWith(body) ? title : `${body} ${title}`;
  const fullTitle = s.status === 'final' ? named : `${named}（${status}）`;
  const period = planPeriod(s, extras.planStart);
  const periodLine = periodText(period, opts.era);

  const blocks: Block[] = [...planCover(input, fullTitle, periodLine, s, opts), { type: 'toc', title: '目次' }, { type: 'pageBreak' }];
  const unnumbered = new Set<Block>();

  const questions = input.template.phases.flatMap((ph) => ph.sections.flatMap((x) => x.questions));
  const qmap = new Map(questions.map((q) => [q.id, q]));
  // Labels of table rows, for row-ref columns (e.g. the issue a measure solves).
  const refs = new Map<string, Map<string, string>>();
  for (const q of questions) {
    if (q.type !== 'table') continue;
    const labelCol = q.columns.find((c) => c.type === 'text' || c.type === 'choice') ?? q.columns[0]!;
    const rows = Array.isArray(input.answers[q.id]) ? (input.answers[q.id] as TableRow[]) : [];
    refs.set(q.id, new Map(rows.map((r) => [r.id, cellText(r.cells[labelCol.id], labelCol, new Map(), opts.era)])));
  }
  const caseNo = new Map(input.cases.map((c, i) => [c.id, i + 1]));
  const tinput = { outline, questions: qmap, answers: input.answers, period, era: opts.era, programs: extras.programs };
  const kpi = kpiTable(tinput);

  const place = placeQuestions(input.template, outline);
  const firstOf = (role: DocChapterRole) => outline.chapters.find((c) => c.role === role)?.id;
  /** The blocks of the questions placed in one chapter: each question a section (level 2). */
  // Within a chapter: the questions the outline lists, in its order, then the others in template order.
  const mapOrder = new Map(Object.keys(outline.map).map((k, i) => [k, i]));
  const ordered = [...questions].sort((a, b) => (mapOrder.get(a.id) ?? 1e9) - (mapOrder.get(b.id) ?? 1e9));
  const questionBlocks = (chapterId: string, level: 2 | 3): Block[] => {
    const out: Block[] = [];
    for (const q of ordered) {
      if (place.get(q.id) !== chapterId) continue;
      if (kpi && q.id === outline.kpi?.table) {
        // A KPI table left in the 資料編 goes to the first 推進体制 chapter instead.
        if (chapterId === DOC_APPENDIX && firstOf('governance')) continue;
        out.push(h(level, q.label), tableBlock(kpi));
        continue;
      }
      const v = q.type === 'computed' ? input.computed[q.id] : input.answers[q.id];
      const content = q.type === 'computed' ? computedBlocks(input.computed[q.id]) : answered(v) ? answerBlocks(q, v, input, refs, caseNo, opts) : [];
      if (content.length === 0) {
        if (opts.unanswered === 'omit' || q.type === 'computed') continue;
        out.push(h(level, q.label), p(UNANSWERED_MARK, 'note'));
        continue;
      }
      out.push(h(level, q.label), ...content);
    }
    return out;
  };

  let preface = questionBlocks(DOC_PREFACE, 3);
  // One answer before the chapters (the summary) needs no heading of its own under はじめに.
  if (preface.filter((b) => b.type === 'heading').length === 1 && preface[0]?.type === 'heading') preface = preface.slice(1);
  if (preface.length > 0) {
    const head = h(1, 'はじめに');
    unnumbered.add(head);
    blocks.push(head, ...preface);
  }

  const roleDone = new Set<string>();
  for (const ch of outline.chapters) {
    const body: Block[] = questionBlocks(ch.id, 2);
    const first = firstOf(ch.role) === ch.id;
    if (first && ch.role === 'intro') body.push(h(2, '計画期間'), p(`本計画の期間は、${periodLine}とします。`));
    if (first && ch.role === 'policy') {
      const t = systemTable(tinput);
      if (t) body.push(h(2, t.title), tableBlock(t));
      roleDone.add('policy');
    }
    if (first && ch.role === 'measures') {
      for (const t of [projectsTable(tinput), scheduleTable(tinput)]) if (t) body.push(h(2, t.title), tableBlock(t));
      if (projectsTable(tinput)) body.push(p('事業費は概算で、千円未満を四捨五入しています。財源は想定であり、予算編成と補助制度の採択により変わります。', 'note'));
      roleDone.add('measures');
    }
    if (first && ch.role === 'governance' && kpi && place.get(outline.kpi!.table) === DOC_APPENDIX) {
      body.push(h(2, kpi.title), tableBlock(kpi));
    }
    if (body.length === 0 && opts.unanswered === 'omit') continue;
    blocks.push(h(1, chapterTitle(ch.title) || ch.title), ...(body.length > 0 ? body : [p(UNANSWERED_MARK, 'note')]));
  }
  // Templates without such chapters still show the tables (in the 資料編).
  const leftover: Block[] = [];
  if (!roleDone.has('policy')) {
    const t = systemTable(tinput);
    if (t) leftover.push(h(3, t.title), tableBlock(t));
  }
  if (!roleDone.has('measures')) for (const t of [projectsTable(tinput), scheduleTable(tinput)]) if (t) leftover.push(h(3, t.title), tableBlock(t));

  // 資料編.
  const appendix = h(1, '資料編');
  unnumbered.add(appendix);
  blocks.push(appendix);
  // 策定経過: the support, then the meetings the user marked as shareable.
  const d = (iso: string) => formatDate(iso, opts.era);
  const progress: string[][] = [[d(input.engagement.startDate), `${cleanText(ENGAGEMENT_PROGRAMS[input.engagement.program])}による策定支援を開始`, input.engagement.advisors.length > 0 ? `支援: ${cleanText(input.engagement.advisors.join('、'))}` : '']];
  for (const e of extras.shared) {
    const what = cleanText(e.topics.split('\n')[0]?.trim() || (LOG_MODES[e.mode as LogMode] ?? e.mode));
    progress.push([d(e.date), what, cleanText(e.decisions.trim().replace(/\s*\n\s*/g, '／'))]);
  }
  blocks.push(h(2, '策定経過'), { type: 'table', header: ['年月日', '内容', '主な決定事項・備考'], rows: progress, align: ['left', 'left', 'left'] });

  // 用語集: the glossary terms the document's text uses.
  const text = blocksText(blocks) + questions.map((q) => answerText(input.answers[q.id])).join('\n');
  const terms = glossaryFor(text, extras.glossary);
  if (terms.length > 0) blocks.push(h(2, '用語集'), { type: 'table', header: ['用語', '説明'], rows: terms.map((t) => [cleanText(t.term), cleanText(t.definition)]), align: ['left', 'left'] });

  if (input.cases.length > 0) {
    blocks.push(h(2, '参考事例'));
    input.cases.forEach((c, i) => {
      blocks.push(h(3, `参考事例 ${i + 1}　${c.title}`));
      const line = caseLine(c, opts.era);
      if (line) blocks.push(p(line));
      if (c.summary.trim()) blocks.push(...markdownBlocks(c.summary));
      if (c.outcomes.length > 0) blocks.push({ type: 'table', header: ['成果', '値'], rows: c.outcomes.map((o) => [cleanText(o.label), cleanText(`${o.value}${o.unit ? ` ${o.unit}` : ''}`)]), align: ['left', 'right'] });
      for (const x of c.sources) blocks.push(p(`出典: ${x.document}${x.section ? `（${x.section}）` : ''}`, 'note'));
    });
  }
  const rest = [...questionBlocks(DOC_APPENDIX, 3), ...leftover];
  if (rest.length > 0) blocks.push(h(2, '検討資料'), ...rest);

  const header = `${named}${s.status === 'final' ? '' : `（${status}）`}`;
  return {
    kind: 'plan',
    title: fullTitle,
    header,
    cover: { title: fullTitle, subtitle: `計画期間　${periodLine}`, client: cleanText(input.client.name), date: coverDate(s.date ?? input.date, opts.era), author: '', organization: cleanText(s.department) },
    // The municipality is the author of its plan; the advisor appears in 策定経過 only.
    meta: { creator: cleanText(input.client.name) || 'Bansō', description: fullTitle, created: input.stamp, modified: input.stamp },
    blocks: numberHeadings(blocks, unnumbered),
  };
}

function coverBlocks(cover: DocCover): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < 6; i++) out.push({ type: 'paragraph', runs: [{ text: '' }], align: 'center' });
  out.push({ type: 'paragraph', runs: [{ text: cover.client }], align: 'center', tone: 'subtitle' });
  out.push({ type: 'paragraph', runs: [{ text: cover.title, bold: true }], align: 'center', tone: 'title' });
  out.push({ type: 'paragraph', runs: [{ text: cover.subtitle }], align: 'center', tone: 'subtitle' });
  for (let i = 0; i < 8; i++) out.push({ type: 'paragraph', runs: [{ text: '' }], align: 'center' });
  out.push({ type: 'paragraph', runs: [{ text: `作成日　${cover.date}` }], align: 'center', tone: 'subtitle' });
  if (cover.organization) out.push({ type: 'paragraph', runs: [{ text: cover.organization }], align: 'center', tone: 'subtitle' });
  if (cover.author) out.push({ type: 'paragraph', runs: [{ text: `作成者　${cover.author}` }], align: 'center', tone: 'subtitle' });
  out.push({ type: 'pageBreak' });
  return out;
}

/** The head of a short report (no cover): title, then who, for whom and when, right-aligned. */
function compactHead(cover: DocCover): Block[] {
  const out: Block[] = [{ type: 'paragraph', runs: [{ text: cover.title, bold: true }], align: 'center', tone: 'subtitle' }];
  const right = (t: string): Block => ({ type: 'paragraph', runs: [{ text: t }], align: 'right' });
  out.push(right(`${cover.date}`));
  out.push(right(`${cover.client} 御中`));
  if (cover.organization || cover.author) out.push(right([cover.organization, cover.author].filter(Boolean).join('　')));
  return out;
}

/** The plan's tables (KPI, 施策体系, 事業一覧, 工程表) with the document's full title, for the workbook. */
export function planTablesOf(input: PlanDocInput, options: Partial<DocOptions> = {}, extras: PlanDocExtras = NO_EXTRAS(input)): { title: string; tables: PlanTable[] } {
  const opts = { ...DEFAULT_DOC_OPTIONS, ...options };
  const outline = outlineOf(input.template);
  const s = extras.settings;
  const title = planTitleOf(input, outline, s);
  const body = shortBodyName(cleanText(input.client.name));
  const named = title.startsWith(body) ? title : `${body} ${title}`;
  const fullTitle = s.status === 'final' ? named : `${named}（${PLAN_DOC_STATUSES[s.status]}）`;
  const questions = new Map(input.template.phases.flatMap((ph) => ph.sections.flatMap((x) => x.questions)).map((q) => [q.id, q]));
  const tables = planTables({ outline, questions, answers: input.answers, period: planPeriod(s, extras.planStart), era: opts.era, programs: extras.programs });
  return { title: fullTitle, tables };
}

function answerText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(answerText).join('\n');
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>).map(answerText).join('\n');
  return '';
}

/** All the text of the blocks (for the glossary). */
export function blocksText(blocks: readonly Block[]): string {
  const out: string[] = [];
  const runsText = (rs: readonly Run[]) => rs.map((r) => r.text).join('');
  const list = (l: ListBlock) => {
    l.items.forEach((it, i) => {
      out.push(runsText(it));
      const sub = l.sub?.[i];
      if (sub) list(sub);
    });
  };
  for (const b of blocks) {
    if (b.type === 'heading') out.push(b.text);
    else if (b.type === 'paragraph' || b.type === 'subheading') out.push(runsText(b.runs));
    else if (b.type === 'list') list(b);
    else if (b.type === 'table') out.push(b.header.join(' '), ...b.rows.map((r) => r.join(' ')));
  }
  return out.join('\n');
}

export interface ReportLogEntry {
  date: string;
  startTime: string | null;
  mode: string;
  minutes: number;
  place: string;
  attendees: string[];
  topics: string;
  decisions: string;
  nextActions: { task: string; owner: string; due: string | null; done: boolean }[];
}

export interface ReportDocInput extends DocContext {
  entries: ReportLogEntry[];
  /** 「令和7年度の派遣: 2回 / 3回（残り1回）」, or null when the program has no quota. */
  quota: { message: string; used: number; limit: number; unit: string } | null;
  /** Without cover and contents; default: when there is at most one entry. */
  compact?: boolean;
}

/** 支援実施報告書 of an engagement: client, program, period, every log entry, quota, open actions. */
export function buildReportDocument(input: ReportDocInput, options: Partial<DocOptions> = {}): DocModel {
  const opts = { ...DEFAULT_DOC_OPTIONS, ...options };
  const title = '支援実施報告書';
  const cover = coverOf(input, title, opts);
  const d = (iso: string) => formatDate(iso, opts.era);
  const e = input.engagement;
  const total = input.entries.reduce((a, x) => a + x.minutes, 0);
  // One visit fits on a page or two: no cover and no contents unless asked.
  const compact = input.compact ?? input.entries.length <= 1;
  const blocks: Block[] = compact ? compactHead(cover) : [...coverBlocks(cover), { type: 'toc', title: '目次' }, { type: 'pageBreak' }];
  blocks.push(h(1, '支援の概要'));
  blocks.push({
    type: 'table',
    header: ['項目', '内容'],
    rows: [
      ['支援先', `${cleanText(input.client.name)}（${kindLabel(input.client.kind)}・${cleanText(input.client.prefecture)}）`],
      ['案件', cleanText(e.displayName)],
      ['事業', ENGAGEMENT_PROGRAMS[e.program]],
      ['支援期間', `${d(e.startDate)}〜${e.plannedEnd ? d(e.plannedEnd) : '（終了日未定）'}`],
      ['アドバイザー', cleanText(e.advisors.join('、')) || cleanText(input.settings.advisorName) || '—'],
      ['支援回数・時間', `${input.entries.length}回・計${groupDigits(total)}分`],
    ],
  });
  if (input.quota) {
    blocks.push(h(2, '利用枠'));
    blocks.push(p(cleanText(localizeIsoDates(input.quota.message, opts.era))));
  }
  blocks.push(h(1, '支援の記録'));
  if (input.entries.length === 0) blocks.push(p('支援の記録はまだありません。', 'note'));
  if (input.entries.length > 1) blocks.push({
    type: 'table',
    header: ['日付', '形態', '時間（分）', '議題', '決定事項'],
    rows: input.entries.map((x) => [d(x.date), LOG_MODES[x.mode as LogMode] ?? x.mode, String(x.minutes), cleanText(x.topics), cleanText(x.decisions)]),
    totals: ['合計', '', groupDigits(total), '', ''],
    align: ['left', 'center', 'right', 'left', 'left'],
  });
  for (const x of input.entries) {
    blocks.push(h(2, `${d(x.date)}${x.startTime ? ` ${x.startTime}` : ''}　${LOG_MODES[x.mode as LogMode] ?? x.mode}（${x.minutes}分）`));
    if (x.place) blocks.push(p(`場所: ${x.place}`));
    if (x.attendees.length > 0) blocks.push(p(`出席者: ${x.attendees.join('、')}`));
    if (x.topics.trim()) blocks.push({ type: 'paragraph', runs: [{ text: '議題', bold: true }] }, ...markdownBlocks(x.topics));
    if (x.decisions.trim()) blocks.push({ type: 'paragraph', runs: [{ text: '決定事項', bold: true }] }, ...markdownBlocks(x.decisions));
  }
  blocks.push(h(1, '今後の対応'));
  const open = input.entries.flatMap((x) => x.nextActions.filter((a) => !a.done).map((a) => ({ ...a, from: x.date })));
  if (open.length === 0) blocks.push(p('未完了の次のアクションはありません。'));
  else {
    blocks.push({
      type: 'table',
      header: ['やること', '担当', '期限', '記録日'],
      rows: open.map((a) => [cleanText(a.task), cleanText(a.owner), a.due ? d(a.due) : '', d(a.from)]),
    });
  }
  return { kind: 'report', title, header: `${cleanText(input.client.name)}　${title}`, cover, meta: metaOf(input, title), blocks: numberHeadings(blocks) };
}
