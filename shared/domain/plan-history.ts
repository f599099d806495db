import { rowHasContent, type TableRow } from './plan.ts';
import { CHECK_STATUSES, type Question, type TableColumn, type Template } from './template.ts';

/**
 * A row of a plan's history as people read it: names, never internal ids (the case a case-ref
 * points at, the option chosen, the phase closed, the template), and only what really changed (a
 * table edit names the row and the column; an edit that changed nothing visible is no row at all).
 * Pure: the renderer passes what it knows (the plan's template snapshot, the titles of cases).
 */
export interface ChangeText {
  /** What changed, when the row itself does not say (「2行目 解決策」); '' for the answer as a whole. */
  what: string;
  from: string;
  to: string;
}

export interface HistoryNames {
  caseTitle?: (id: string) => string | undefined;
  templateName?: (id: string) => string | undefined;
  formatDate?: (iso: string) => string;
  /** The label of a row of a table question (for row-ref cells), from the plan's current answers. */
  rowLabel?: (table: string, rowId: string) => string | undefined;
  /** The plan's template snapshot: phase names. */
  template?: Template;
}

const EMPTY = '（空）';
const MAX = 40;

function short(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > MAX ? `${one.slice(0, MAX)}…` : one;
}

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
}

function numberText(n: number, unit = ''): string {
  return `${n.toLocaleString('ja-JP')}${unit}`;
}

function optionLabel(options: readonly { value: string; label: string }[], v: unknown): string {
  return typeof v === 'string' ? (options.find((o) => o.value === v)?.label ?? v) : String(v);
}

function cellText(c: TableColumn, v: unknown, rowLabel: (table: string, id: string) => string | undefined, names: HistoryNames): string {
  if (isEmpty(v)) return EMPTY;
  switch (c.type) {
    case 'money':
      return typeof v === 'number' ? numberText(v, '円') : String(v);
    case 'number':
      return typeof v === 'number' ? numberText(v, c.unit) : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? numberText(Number(v), c.unit) : String(v);
    case 'date':
      return typeof v === 'string' && names.formatDate ? names.formatDate(v) : String(v);
    case 'choice':
      return optionLabel(c.options, v);
    case 'row-ref':
      return typeof v === 'string' ? (rowLabel(c.table, v) ?? '（削除された行）') : String(v);
    default:
      return short(String(v));
  }
}

/** One value of a question as one short line. */
export function answerText(q: Question | undefined, v: unknown, names: HistoryNames = {}): string {
  if (isEmpty(v)) return EMPTY;
  if (!q) {
    if (typeof v === 'number') return numberText(v);
    if (typeof v === 'string') return short(v);
    return Array.isArray(v) ? `${v.length}件` : '（記録）';
  }
  switch (q.type) {
    case 'number':
      return typeof v === 'number' ? numberText(v, q.unit) : String(v);
    case 'money':
      return typeof v === 'number' ? numberText(v, '円') : String(v);
    case 'date':
      return typeof v === 'string' && names.formatDate ? names.formatDate(v) : String(v);
    case 'single-choice':
      return optionLabel(q.options, v);
    case 'multiple-choice':
      return Array.isArray(v) ? short(v.map((x) => optionLabel(q.options, x)).join('、')) : String(v);
    case 'case-ref':
      return Array.isArray(v) ? short(v.map((id) => (typeof id === 'string' ? (names.caseTitle?.(id) ?? '（事例）') : String(id))).join('、')) : String(v);
    case 'table': {
      const rows = Array.isArray(v) ? (v as TableRow[]).filter(rowHasContent) : [];
      return rows.length === 0 ? EMPTY : `${rows.length}行`;
    }
    case 'checklist': {
      const entries = typeof v === 'object' && v !== null ? Object.values(v as Record<string, unknown>) : [];
      const done = entries.filter((x) => x === 'done' || x === 'na').length;
      return `完了・該当なし ${done}/${q.items.length}項目`;
    }
    case 'computed':
      return '（自動計算）';
    default:
      return typeof v === 'string' ? short(v) : String(v);
  }
}

function tableChanges(q: Extract<Question, { type: 'table' }>, before: unknown, after: unknown, names: HistoryNames, rowLabel: (table: string, id: string) => string | undefined): ChangeText[] {
  const a = Array.isArray(before) ? (before as TableRow[]) : [];
  const b = Array.isArray(after) ? (after as TableRow[]) : [];
  const label = (r: TableRow) => {
    const first = q.columns.find((c) => c.type === 'text' || c.type === 'choice');
    const t = first ? cellText(first, r.cells[first.id], rowLabel, names) : '';
    return t === EMPTY ? '' : t;
  };
  const out: ChangeText[] = [];
  const byIdBefore = new Map(a.map((r) => [r.id, r]));
  const idsAfter = new Set(b.map((r) => r.id));
  b.forEach((r, i) => {
    const old = byIdBefore.get(r.id);
    const n = `${i + 1}行目`;
    if (!old || !rowHasContent(old)) {
      if (rowHasContent(r)) out.push({ what: `${n}を追加`, from: '', to: label(r) || '（内容あり）' });
      return;
    }
    for (const c of q.columns) {
      const x = cellText(c, old.cells[c.id], rowLabel, names);
      const y = cellText(c, r.cells[c.id], rowLabel, names);
      if (x !== y) out.push({ what: `${n} ${c.label}`, from: x, to: y });
    }
  });
  for (const r of a) {
    if (!idsAfter.has(r.id) && rowHasContent(r)) out.push({ what: '行を削除', from: label(r) || '（内容あり）', to: '' });
  }
  return out;
}

/**
 * The changes one history row shows ([] when nothing visible changed: the row is left out).
 * `field` is answer.<id>, template, closedPhases or (created); `q` the question of an answer.
 */
export function describePlanChange(field: string, q: Question | undefined, before: unknown, after: unknown, names: HistoryNames = {}): ChangeText[] {
  const template = names.template;
  const rowLabel = (table: string, id: string): string | undefined => names.rowLabel?.(table, id);
  if (field === 'closedPhases') {
    const x = new Set(Array.isArray(before) ? (before as string[]) : []);
    const y = new Set(Array.isArray(after) ? (after as string[]) : []);
    const name = (id: string) => template?.phases.find((p) => p.id === id)?.name ?? 'フェーズ';
    const out: ChangeText[] = [];
    for (const id of y) if (!x.has(id)) out.push({ what: `「${name(id)}」`, from: '未完了', to: '完了' });
    for (const id of x) if (!y.has(id)) out.push({ what: `「${name(id)}」`, from: '完了', to: '再開' });
    return out;
  }
  if (field === 'template') {
    const t = (v: unknown) => {
      const o = (v ?? {}) as { templateId?: unknown; version?: unknown };
      const id = typeof o.templateId === 'string' ? o.templateId : '';
      return `${names.templateName?.(id) ?? id} 版${String(o.version ?? '')}`;
    };
    const x = t(before);
    const y = t(after);
    return x === y ? [] : [{ what: '', from: x, to: y }];
  }
  if (q?.type === 'table') return tableChanges(q, before, after, names, rowLabel);
  if (q?.type === 'checklist') {
    const x = (before ?? {}) as Record<string, string>;
    const y = (after ?? {}) as Record<string, string>;
    const status = (s: string | undefined) => CHECK_STATUSES[(s ?? 'todo') as keyof typeof CHECK_STATUSES] ?? String(s);
    return q.items.filter((i) => status(x[i.id]) !== status(y[i.id])).map((i) => ({ what: short(i.label), from: status(x[i.id]), to: status(y[i.id]) }));
  }
  const x = answerText(q, before, names);
  const y = answerText(q, after, names);
  return x === y ? [] : [{ what: '', from: x, to: y }];
}
