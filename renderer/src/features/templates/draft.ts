import {
  COLUMN_TYPES,
  type ChoiceOption,
  type ColumnType,
  type Gate,
  type Phase,
  type Question,
  type QuestionType,
  type Section,
  type TableColumn,
  type Template,
} from '../../../../shared/domain/template.ts';

/**
 * Pure helpers of the template editor: which node is selected, the paths the core reports
 * problems at (phases[1].sections[0].questions[3].type), new elements with fresh ids, moving and
 * removing. Every edit works on a copy; the store keeps the draft immutable.
 */

export type Selection =
  | { kind: 'template' }
  | { kind: 'phase'; p: number }
  | { kind: 'section'; p: number; s: number }
  | { kind: 'question'; p: number; s: number; q: number };

export const phasePath = (p: number) => `phases[${p}]`;
export const sectionPath = (p: number, s: number) => `${phasePath(p)}.sections[${s}]`;
export const questionPath = (p: number, s: number, q: number) => `${sectionPath(p, s)}.questions[${q}]`;

export function selectionPath(sel: Selection): string {
  switch (sel.kind) {
    case 'template':
      return '';
    case 'phase':
      return phasePath(sel.p);
    case 'section':
      return sectionPath(sel.p, sel.s);
    case 'question':
      return questionPath(sel.p, sel.s, sel.q);
  }
}

/** True when `path` is `prefix` itself or lies inside it (phases[1] contains phases[1].name, not phases[10]). */
export function pathWithin(path: string, prefix: string): boolean {
  if (prefix === '') return true;
  if (!path.startsWith(prefix)) return false;
  const next = path.charAt(prefix.length);
  return next === '' || next === '.' || next === '[';
}

/** The node a problem's path points into (the deepest phase / section / question), for jumping to it. */
export function selectionOfPath(path: string): Selection {
  const q = /^phases\[(\d+)\]\.sections\[(\d+)\]\.questions\[(\d+)\]/.exec(path);
  if (q) return { kind: 'question', p: Number(q[1]), s: Number(q[2]), q: Number(q[3]) };
  const s = /^phases\[(\d+)\]\.sections\[(\d+)\]/.exec(path);
  if (s) return { kind: 'section', p: Number(s[1]), s: Number(s[2]) };
  const p = /^phases\[(\d+)\]/.exec(path);
  if (p) return { kind: 'phase', p: Number(p[1]) };
  return { kind: 'template' };
}

/** The selection still points at something in `t` (after a removal or a reload). */
export function clampSelection(t: Template, sel: Selection): Selection {
  if (sel.kind === 'template') return sel;
  const phase = t.phases[sel.p];
  if (!phase) return t.phases.length > 0 ? { kind: 'phase', p: t.phases.length - 1 } : { kind: 'template' };
  if (sel.kind === 'phase') return sel;
  const section = phase.sections[sel.s];
  if (!section) return phase.sections.length > 0 ? { kind: 'section', p: sel.p, s: phase.sections.length - 1 } : { kind: 'phase', p: sel.p };
  if (sel.kind === 'section') return sel;
  if (!section.questions[sel.q]) return section.questions.length > 0 ? { kind: 'question', p: sel.p, s: sel.s, q: section.questions.length - 1 } : { kind: 'section', p: sel.p, s: sel.s };
  return sel;
}

/** A DOM id for the input of one field path (validation errors focus it). */
export const fieldId = (path: string) => `tpl-field:${path}`;

// ------------------------------------------------------------------------------------------------
// Ids

function allIds(t: Template): Set<string> {
  const ids = new Set<string>();
  for (const p of t.phases) {
    ids.add(p.id);
    for (const s of p.sections) {
      ids.add(s.id);
      for (const q of s.questions) ids.add(q.id);
    }
  }
  return ids;
}

/** A fresh id: `${stem}-1`, `${stem}-2`, … not taken by any phase, section or question. */
export function freshId(t: Template, stem: string): string {
  const ids = allIds(t);
  for (let i = 1; ; i++) {
    const id = `${stem}-${i}`;
    if (!ids.has(id)) return id;
  }
}

function freshIn(taken: readonly string[], stem: string): string {
  const set = new Set(taken);
  for (let i = 1; ; i++) {
    const id = `${stem}-${i}`;
    if (!set.has(id)) return id;
  }
}

// ------------------------------------------------------------------------------------------------
// New elements

export function newQuestion(t: Template): Question {
  return { id: freshId(t, 'q'), label: '新しい設問', guidance: '', required: false, type: 'long-text', placeholder: '' };
}

export function newSection(t: Template): Section {
  return { id: freshId(t, 'section'), title: '新しいセクション', chapter: '', guidance: '', questions: [] };
}

export function newPhase(t: Template): Phase {
  const lastTo = t.phases.reduce((n, p) => Math.max(n, p.weeks.to), 0);
  const from = Math.min(156, lastTo + 1);
  const phase: Phase = { id: freshId(t, 'phase'), name: '新しいフェーズ', weeks: { from, to: Math.min(156, from + 3) }, goals: [], sections: [], gates: [] };
  const withPhase: Template = { ...t, phases: [...t.phases, phase] };
  phase.sections.push(newSection(withPhase));
  return phase;
}

export const newOption = (taken: readonly ChoiceOption[]): ChoiceOption => {
  const v = freshIn(
    taken.map((o) => o.value),
    '選択肢',
  );
  return { value: v, label: v };
};

export const newChecklistItem = (taken: readonly { id: string }[]) => ({
  id: freshIn(
    taken.map((i) => i.id),
    'item',
  ),
  label: '新しい項目',
  guidance: '',
});

export function newColumn(taken: readonly TableColumn[]): TableColumn {
  return {
    id: freshIn(
      taken.map((c) => c.id),
      'col',
    ),
    label: '新しい列',
    type: 'text',
    required: false,
    multiline: false,
  };
}

/** The question as another type: what every type shares is kept, the rest starts from defaults. */
export function changeQuestionType(q: Question, type: QuestionType): Question {
  if (q.type === type) return q;
  const base = { id: q.id, label: q.label, guidance: q.guidance, required: q.required };
  const options: ChoiceOption[] = q.type === 'single-choice' || q.type === 'multiple-choice' ? q.options : [{ value: '選択肢-1', label: '選択肢-1' }];
  switch (type) {
    case 'short-text':
      return { ...base, type, maxLength: 200, placeholder: q.type === 'long-text' ? q.placeholder.slice(0, 200) : '' };
    case 'long-text':
      return { ...base, type, placeholder: q.type === 'short-text' ? q.placeholder : '' };
    case 'number':
      return { ...base, type, integer: false, unit: '' };
    case 'money':
      return { ...base, type };
    case 'date':
      return { ...base, type };
    case 'single-choice':
      return { ...base, type, options };
    case 'multiple-choice':
      return { ...base, type, options };
    case 'checklist':
      return { ...base, type, items: [{ id: 'item-1', label: '新しい項目', guidance: '' }] };
    case 'table':
      return { ...base, type, columns: [{ id: 'col-1', label: '項目', type: 'text', required: false, multiline: false }], maxRows: 200 };
    case 'case-ref':
      return { ...base, type, max: 20 };
    case 'computed':
      return { ...base, type, required: false, computation: { kind: 'issue-priority', table: '', labelColumn: '', importance: '', urgency: '' } };
  }
}

export const COLUMN_TYPE_CODES = Object.keys(COLUMN_TYPES) as ColumnType[];

export function changeColumnType(c: TableColumn, type: ColumnType): TableColumn {
  if (c.type === type) return c;
  const base = { id: c.id, label: c.label, required: c.required };
  switch (type) {
    case 'text':
      return { ...base, type, multiline: false };
    case 'number':
      return { ...base, type, integer: false, unit: '' };
    case 'money':
      return { ...base, type };
    case 'date':
      return { ...base, type };
    case 'choice':
      return { ...base, type, options: [{ value: '選択肢-1', label: '選択肢-1' }] };
    case 'row-ref':
      return { ...base, type, table: '', labelColumn: '' };
  }
}

export function newGate(kind: Gate['kind']): Gate {
  switch (kind) {
    case 'min-items':
      return { kind, question: '', min: 1, label: '' };
    case 'every-row-referenced':
      return { kind, table: '', by: '', column: '', label: '' };
    case 'computed-complete':
      return { kind, question: '', label: '' };
    case 'checklist-settled':
      return { kind, question: '', label: '' };
  }
}

export const GATE_KINDS: Record<Gate['kind'], string> = {
  'min-items': '件数が足りている（表・好事例・複数選択）',
  'every-row-referenced': '表の各行に対応する行がある',
  'computed-complete': '自動計算が完了している',
  'checklist-settled': 'チェックリストがすべて完了・該当なし',
};

// ------------------------------------------------------------------------------------------------
// Lists

/** A copy of `list` with item i moved by `step` (−1 up, +1 down); the same list when it cannot move. */
export function moved<T>(list: readonly T[], i: number, step: -1 | 1): T[] {
  const j = i + step;
  if (i < 0 || i >= list.length || j < 0 || j >= list.length) return [...list];
  const out = [...list];
  const [item] = out.splice(i, 1);
  out.splice(j, 0, item as T);
  return out;
}

export function removed<T>(list: readonly T[], i: number): T[] {
  return list.filter((_, k) => k !== i);
}

export function inserted<T>(list: readonly T[], at: number, item: T): T[] {
  const out = [...list];
  out.splice(Math.max(0, Math.min(at, out.length)), 0, item);
  return out;
}

export function replaced<T>(list: readonly T[], i: number, item: T): T[] {
  return list.map((x, k) => (k === i ? item : x));
}

// ------------------------------------------------------------------------------------------------
// Moving nodes of the outline

/**
 * Move the selected section or question one place up or down. A question at the edge of its
 * section moves into the neighbouring section (of any phase); a section at the edge of its phase
 * moves into the neighbouring phase. Returns the new template and where the node went, or null.
 */
export function moveNode(t: Template, sel: Selection, step: -1 | 1): { template: Template; selection: Selection } | null {
  if (sel.kind === 'phase') {
    const j = sel.p + step;
    if (j < 0 || j >= t.phases.length) return null;
    return { template: { ...t, phases: moved(t.phases, sel.p, step) }, selection: { kind: 'phase', p: j } };
  }
  if (sel.kind === 'section') {
    const phase = t.phases[sel.p];
    if (!phase) return null;
    const j = sel.s + step;
    if (j >= 0 && j < phase.sections.length) {
      const phases = replaced(t.phases, sel.p, { ...phase, sections: moved(phase.sections, sel.s, step) });
      return { template: { ...t, phases }, selection: { kind: 'section', p: sel.p, s: j } };
    }
    // Across phases: to the end of the previous phase or the start of the next one.
    const np = sel.p + step;
    const target = t.phases[np];
    const section = phase.sections[sel.s];
    if (!target || !section) return null;
    const at = step === -1 ? target.sections.length : 0;
    let phases = replaced(t.phases, sel.p, { ...phase, sections: removed(phase.sections, sel.s) });
    phases = replaced(phases, np, { ...target, sections: inserted(target.sections, at, section) });
    return { template: { ...t, phases }, selection: { kind: 'section', p: np, s: at } };
  }
  if (sel.kind === 'question') {
    const phase = t.phases[sel.p];
    const section = phase?.sections[sel.s];
    const question = section?.questions[sel.q];
    if (!phase || !section || !question) return null;
    const j = sel.q + step;
    if (j >= 0 && j < section.questions.length) {
      const sections = replaced(phase.sections, sel.s, { ...section, questions: moved(section.questions, sel.q, step) });
      return { template: { ...t, phases: replaced(t.phases, sel.p, { ...phase, sections }) }, selection: { kind: 'question', p: sel.p, s: sel.s, q: j } };
    }
    // Across sections (and phases).
    const flat: { p: number; s: number }[] = [];
    t.phases.forEach((ph, pi) => ph.sections.forEach((_, si) => flat.push({ p: pi, s: si })));
    const k = flat.findIndex((f) => f.p === sel.p && f.s === sel.s);
    const dest = flat[k + step];
    if (!dest) return null;
    const without = { ...section, questions: removed(section.questions, sel.q) };
    let phases = replaced(t.phases, sel.p, { ...phase, sections: replaced(phase.sections, sel.s, without) });
    const dp = phases[dest.p]!;
    const ds = dp.sections[dest.s]!;
    const at = step === -1 ? ds.questions.length : 0;
    phases = replaced(phases, dest.p, { ...dp, sections: replaced(dp.sections, dest.s, { ...ds, questions: inserted(ds.questions, at, question) }) });
    return { template: { ...t, phases }, selection: { kind: 'question', p: dest.p, s: dest.s, q: at } };
  }
  return null;
}

/** Remove the selected phase, section or question; the selection moves to a neighbour. */
export function removeNode(t: Template, sel: Selection): { template: Template; selection: Selection } | null {
  if (sel.kind === 'template') return null;
  if (sel.kind === 'phase') {
    const template = { ...t, phases: removed(t.phases, sel.p) };
    return { template, selection: clampSelection(template, sel) };
  }
  const phase = t.phases[sel.p];
  if (!phase) return null;
  if (sel.kind === 'section') {
    const template = { ...t, phases: replaced(t.phases, sel.p, { ...phase, sections: removed(phase.sections, sel.s) }) };
    return { template, selection: clampSelection(template, sel) };
  }
  if (sel.kind === 'question') {
    const section = phase.sections[sel.s];
    if (!section) return null;
    const sections = replaced(phase.sections, sel.s, { ...section, questions: removed(section.questions, sel.q) });
    const template = { ...t, phases: replaced(t.phases, sel.p, { ...phase, sections }) };
    return { template, selection: clampSelection(template, sel) };
  }
  return null;
}

/** Add a question after the selected one (or at the end of the selected section). */
export function addQuestion(t: Template, sel: Selection): { template: Template; selection: Selection } | null {
  if (sel.kind !== 'section' && sel.kind !== 'question') return null;
  const phase = t.phases[sel.p];
  const section = phase?.sections[sel.s];
  if (!phase || !section) return null;
  const at = sel.kind === 'question' ? sel.q + 1 : section.questions.length;
  const sections = replaced(phase.sections, sel.s, { ...section, questions: inserted(section.questions, at, newQuestion(t)) });
  return { template: { ...t, phases: replaced(t.phases, sel.p, { ...phase, sections }) }, selection: { kind: 'question', p: sel.p, s: sel.s, q: at } };
}

/** Add a section after the selected section (or at the end of the selected phase). */
export function addSection(t: Template, sel: Selection): { template: Template; selection: Selection } | null {
  if (sel.kind === 'template') return null;
  const phase = t.phases[sel.p];
  if (!phase) return null;
  const at = sel.kind === 'phase' ? phase.sections.length : sel.s + 1;
  const template = { ...t, phases: replaced(t.phases, sel.p, { ...phase, sections: inserted(phase.sections, at, newSection(t)) }) };
  return { template, selection: { kind: 'section', p: sel.p, s: at } };
}

export function addPhase(t: Template, sel: Selection): { template: Template; selection: Selection } {
  const at = sel.kind === 'template' ? t.phases.length : sel.p + 1;
  const template = { ...t, phases: inserted(t.phases, at, newPhase(t)) };
  return { template, selection: { kind: 'phase', p: at } };
}

/** Every question of the template with where it is, for the selects of gates and computations. */
export function allQuestions(t: Template): { question: Question; label: string }[] {
  return t.phases.flatMap((p) => p.sections.flatMap((s) => s.questions.map((question) => ({ question, label: `${question.label}（${question.id}）` }))));
}
