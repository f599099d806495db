import type { TableRow } from './plan.ts';
import type { CatalogueProgram } from './program.ts';
import type { DocumentOutline, Question, QuestionOf, TableColumn } from './template.ts';
import { fiscalYearOf, formatDate, formatFiscalYear, type DateStyle } from './wareki.ts';

/**
 * The tables officials expect in a plan, computed from the answers and the template's document
 * outline (which table question holds the KPIs, the measures, the rollout): the KPI table, the
 * 施策体系 (goal → area → measure), the 事業一覧 (cost in 千円, funding from the program catalogue)
 * and the 工程表 by fiscal year. The DOCX (document.ts) and the workbook (xlsx) both use them;
 * cells keep numbers as numbers so the workbook can format them.
 */

export type PlanCell = string | number;

function group(n: number): string {
  const [i, f] = String(Math.abs(n)).split('.');
  return `${n < 0 ? '-' : ''}${i!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${f ? `.${f}` : ''}`;
}

export interface PlanTable {
  id: 'kpi' | 'system' | 'projects' | 'schedule';
  title: string;
  header: string[];
  rows: PlanCell[][];
  totals?: PlanCell[];
  align: ('left' | 'right' | 'center')[];
  /** Per column: a number format for the workbook (#,##0). */
  numFmt?: (string | null)[];
}

export const SCHEDULE_STAGES = ['検討', '実証', '導入', '運用'] as const;
export type ScheduleStage = (typeof SCHEDULE_STAGES)[number];

/** Funding kinds as municipal budgets name them, from the catalogue's form of money. */
const FUNDING_BY_FORM: Record<CatalogueProgram['funding']['form'], string> = {
  subsidy: '国庫補助',
  grant: '交付金',
  commission: '国の委託事業',
  'special-tax': '特別交付税',
  'free-support': '国の支援制度',
  'by-call': '国庫補助',
};

export interface PlanTablesInput {
  outline: DocumentOutline;
  questions: ReadonlyMap<string, Question>;
  answers: Readonly<Record<string, unknown>>;
  period: { startFy: number; endFy: number };
  era: DateStyle;
  programs: readonly CatalogueProgram[];
}

function rowsOf(answers: Readonly<Record<string, unknown>>, id: string): TableRow[] {
  const v = answers[id];
  return Array.isArray(v) ? (v as TableRow[]).filter((r) => r && typeof r === 'object' && typeof r.cells === 'object' && r.cells !== null) : [];
}

function tableQ(questions: ReadonlyMap<string, Question>, id: string): QuestionOf<'table'> | null {
  const q = questions.get(id);
  return q?.type === 'table' ? q : null;
}

/** A cell as text: a choice's label, a referenced row's label, a date in the style chosen. */
function cellLabel(col: TableColumn | undefined, v: unknown, input: PlanTablesInput): string {
  if (!col || v === null || v === undefined || v === '') return '';
  switch (col.type) {
    case 'choice':
      return col.options.find((o) => o.value === v)?.label ?? String(v);
    case 'row-ref': {
      const t = tableQ(input.questions, col.table);
      const row = rowsOf(input.answers, col.table).find((r) => r.id === v);
      return row ? cellLabel(t?.columns.find((c) => c.id === col.labelColumn), row.cells[col.labelColumn], input) : '';
    }
    case 'date':
      return typeof v === 'string' ? formatDate(v, input.era) : '';
    case 'number':
      return typeof v === 'number' ? `${v}${col.unit}` : String(v);
    default:
      return String(v);
  }
}

const col = (q: QuestionOf<'table'> | null, id: string | null) => (q && id ? q.columns.find((c) => c.id === id) : undefined);

/** The funding text of a measure: a catalogue code gives 国庫補助（事業名）, 'general' 一般財源, else the option's label. */
export function fundingLabel(value: unknown, column: TableColumn | undefined, programs: readonly CatalogueProgram[]): string {
  if (value === null || value === undefined || value === '') return '';
  const v = String(value);
  if (v === 'general') return '一般財源';
  const p = programs.find((x) => x.code === v);
  if (p) return `${FUNDING_BY_FORM[p.funding.form]}（${p.shortName || p.name}${p.funding.rate ? ` ${p.funding.rate}` : ''}）`;
  if (column?.type === 'choice') return column.options.find((o) => o.value === v)?.label ?? v;
  return v;
}

export function kpiTable(input: PlanTablesInput): PlanTable | null {
  const b = input.outline.kpi;
  if (!b) return null;
  const q = tableQ(input.questions, b.table);
  const rows = rowsOf(input.answers, b.table);
  if (!q || rows.length === 0) return null;
  const baseFy = input.period.startFy - 1;
  const num = (r: TableRow, id: string) => {
    const v = r.cells[id];
    const c = col(q, id);
    const unit = b.unit ? cellLabel(col(q, b.unit), r.cells[b.unit], input) : c?.type === 'number' ? c.unit : '';
    if (typeof v === 'number') return `${group(v)}${unit}`;
    return v === null || v === undefined ? '' : String(v);
  };
  return {
    id: 'kpi',
    title: '成果指標（KPI）',
    header: ['指標', '現状値（基準年度）', '目標値（目標年度）', '担当課'],
    rows: rows.map((r) => {
      const deadline = b.deadline ? r.cells[b.deadline] : null;
      const targetFy = typeof deadline === 'string' && /^\d{4}-\d{2}-\d{2}/.test(deadline) ? fiscalYearOf(deadline) : input.period.endFy;
      const base = num(r, b.baseline);
      const target = num(r, b.target);
      return [
        cellLabel(col(q, b.indicator), r.cells[b.indicator], input),
        base ? `${base}（${formatFiscalYear(baseFy, input.era)}）` : '',
        target ? `${target}（${formatFiscalYear(targetFy, input.era)}）` : '',
        b.owner ? cellLabel(col(q, b.owner), r.cells[b.owner], input) : '',
      ];
    }),
    align: ['left', 'right', 'right', 'left'],
  };
}

interface Measure {
  id: string;
  name: string;
  goal: string;
  area: string;
  owner: string;
  costYen: number | null;
  funding: string;
}

export function measuresOf(input: PlanTablesInput): Measure[] {
  const b = input.outline.measures;
  if (!b) return [];
  const q = tableQ(input.questions, b.table);
  if (!q) return [];
  return rowsOf(input.answers, b.table)
    .map((r) => {
      let area = '';
      if (b.area) {
        const ac = col(q, b.area);
        if (ac?.type === 'row-ref' && b.areaVia) {
          const ref = rowsOf(input.answers, ac.table).find((x) => x.id === r.cells[b.area!]);
          const rq = tableQ(input.questions, ac.table);
          area = ref ? cellLabel(col(rq, b.areaVia), ref.cells[b.areaVia], input) : '';
        } else area = cellLabel(ac, r.cells[b.area], input);
      }
      const cost = b.cost ? r.cells[b.cost] : null;
      return {
        id: r.id,
        name: cellLabel(col(q, b.measure), r.cells[b.measure], input),
        goal: b.goal ? cellLabel(col(q, b.goal), r.cells[b.goal], input) : '',
        area,
        owner: b.owner ? cellLabel(col(q, b.owner), r.cells[b.owner], input) : '',
        costYen: typeof cost === 'number' ? cost : null,
        funding: b.funding ? fundingLabel(r.cells[b.funding], col(q, b.funding), input.programs) : '',
      };
    })
    .filter((m) => m.name !== '');
}

/** 施策体系: 基本目標 → 施策分野 → 施策, sorted so a goal's rows stand together; a repeated goal or area is left blank (a tree). */
export function systemTable(input: PlanTablesInput): PlanTable | null {
  const ms = measuresOf(input);
  if (ms.length === 0) return null;
  const order = new Map<string, number>();
  for (const m of ms) if (!order.has(m.goal)) order.set(m.goal, order.size);
  const sorted = [...ms].sort((a, b) => order.get(a.goal)! - order.get(b.goal)! || (a.area === b.area ? 0 : ms.findIndex((x) => x.area === a.area) - ms.findIndex((x) => x.area === b.area)));
  const rows: PlanCell[][] = [];
  let lastGoal: string | null = null;
  let lastArea: string | null = null;
  for (const m of sorted) {
    const goal = m.goal || '（基本目標を設定していません）';
    const newGoal = goal !== lastGoal;
    rows.push([newGoal ? goal : '', newGoal || m.area !== lastArea ? m.area : '', m.name]);
    lastGoal = goal;
    lastArea = m.area;
  }
  return { id: 'system', title: '施策体系', header: ['基本目標', '施策分野', '施策'], rows, align: ['left', 'left', 'left'] };
}

/** 事業一覧: No. | 事業名 | 担当課 | 事業費（千円） | 財源; cost rounded to 千円, with a 合計 row. */
export function projectsTable(input: PlanTablesInput): PlanTable | null {
  const ms = measuresOf(input);
  if (ms.length === 0) return null;
  const k = (yen: number | null) => (yen === null ? '' : Math.round(yen / 1000));
  const total = ms.reduce((a, m) => a + (m.costYen ?? 0), 0);
  return {
    id: 'projects',
    title: '事業一覧',
    header: ['No.', '事業名', '担当課', '事業費（千円）', '財源'],
    rows: ms.map((m, i) => [i + 1, m.name, m.owner, k(m.costYen), m.funding]),
    totals: ['合計', '', '', k(total), ''],
    align: ['center', 'left', 'left', 'right', 'left'],
    numFmt: ['0', null, null, '#,##0', null],
  };
}

const STAGE_ALIASES: Record<string, ScheduleStage> = { 検討: '検討', 準備: '検討', 設計: '検討', 実証: '実証', 試行: '実証', 導入: '導入', 構築: '導入', 整備: '導入', 運用: '運用', 本格運用: '運用', 展開: '運用' };

function stageOf(label: string): ScheduleStage {
  const t = label.normalize('NFKC');
  for (const [k, v] of Object.entries(STAGE_ALIASES)) if (t.includes(k)) return v;
  return '導入';
}

/**
 * 工程表: one row per measure (and per rollout step that names no measure), one column per fiscal
 * year of the plan period. A rollout step starts a stage (its stage column, else 導入) in the fiscal
 * year of its start date; a year shows the latest stage begun by then, 導入 turning into 運用 the
 * years after; years before the first step are 検討.
 */
export function scheduleTable(input: PlanTablesInput): PlanTable | null {
  const ms = measuresOf(input);
  const b = input.outline.rollout;
  const rq = b ? tableQ(input.questions, b.table) : null;
  const steps = b && rq ? rowsOf(input.answers, b.table) : [];
  if (ms.length === 0 && steps.length === 0) return null;
  const years: number[] = [];
  for (let y = input.period.startFy; y <= input.period.endFy && years.length < 10; y++) years.push(y);
  const events = new Map<string, { fy: number; stage: ScheduleStage }[]>();
  const loose: { label: string; ev: { fy: number; stage: ScheduleStage }[] }[] = [];
  for (const r of steps) {
    const start = r.cells[b!.start];
    if (typeof start !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(start)) continue;
    const stage = b!.stage ? stageOf(cellLabel(col(rq, b!.stage), r.cells[b!.stage], input)) : '導入';
    const ev = { fy: fiscalYearOf(start), stage };
    // The rollout may be the measures' own table (a start date per measure).
    const mid = b!.table === input.outline.measures?.table ? r.id : b!.measure ? r.cells[b!.measure] : null;
    if (typeof mid === 'string' && ms.some((m) => m.id === mid)) {
      const list = events.get(mid) ?? [];
      list.push(ev);
      events.set(mid, list);
    } else {
      const labelCol = b!.step ?? rq!.columns.find((c) => c.type === 'text')?.id ?? null;
      loose.push({ label: labelCol ? cellLabel(col(rq, labelCol), r.cells[labelCol], input) || '（無題の取組）' : '（無題の取組）', ev: [ev] });
    }
  }
  const cells = (ev: { fy: number; stage: ScheduleStage }[]): string[] => {
    const sorted = [...ev].sort((a, b) => a.fy - b.fy);
    return years.map((y) => {
      const last = sorted.filter((e) => e.fy <= y).at(-1);
      if (!last) return '検討';
      if (last.stage === '導入' && y > last.fy) return '運用';
      return last.stage;
    });
  };
  const rows: PlanCell[][] = [...ms.map((m) => [m.name, ...cells(events.get(m.id) ?? [])]), ...loose.map((l) => [l.label, ...cells(l.ev)])];
  return {
    id: 'schedule',
    title: '工程表',
    header: ['施策・取組', ...years.map((y) => formatFiscalYear(y, input.era))],
    rows,
    align: ['left', ...years.map(() => 'center' as const)],
  };
}

export function planTables(input: PlanTablesInput): PlanTable[] {
  return [kpiTable(input), systemTable(input), projectsTable(input), scheduleTable(input)].filter((t): t is PlanTable => t !== null);
}

/** A table cell as the DOCX shows it: numbers grouped (1,234). */
export function cellText(c: PlanCell): string {
  return typeof c === 'number' ? group(c) : c;
}
