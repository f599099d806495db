import type { Question, TableColumn } from '../../shared/domain/template.ts';

/** The texts a test types into a plan; every other answer is a fixed valid value of its type. */
export interface AnswerTexts {
  short(q: Extract<Question, { type: 'short-text' }>): string;
  long(q: Extract<Question, { type: 'long-text' }>): string;
  /** A text cell of table row `row` (1-based). */
  cell(column: TableColumn, row: number): string;
  /** Rows of every table question. */
  rows: number;
  /** The case a case-ref question refers to. */
  caseId: string;
}

/** A valid answer for a question of any type (undefined for computed questions). */
export function answerFor(q: Question, t: AnswerTexts): unknown {
  switch (q.type) {
    case 'short-text':
      return t.short(q);
    case 'long-text':
      return t.long(q);
    case 'number':
      return Math.min(q.max ?? 100, Math.max(q.min ?? 0, 3));
    case 'money':
      return 3_000_000;
    case 'date':
      return '2025-09-30';
    case 'single-choice':
      return q.options[0]!.value;
    case 'multiple-choice':
      return q.options.slice(0, 2).map((o) => o.value);
    case 'checklist':
      return Object.fromEntries(q.items.map((it, i) => [it.id, i % 2 === 0 ? 'done' : 'doing']));
    case 'table':
      return Array.from({ length: t.rows }, (_, i) => i + 1).map((n) => ({
        id: `r${n}`,
        cells: Object.fromEntries(
          q.columns.map((c) => {
            switch (c.type) {
              case 'text':
                return [c.id, t.cell(c, n)];
              case 'number':
                return [c.id, Math.min(c.max ?? 100, Math.max(c.min ?? 0, n + 1))];
              case 'money':
                return [c.id, 1_000_000 * n];
              case 'date':
                return [c.id, `2025-0${n + 6}-01`];
              case 'choice':
                return [c.id, c.options[n % c.options.length]!.value];
              case 'row-ref':
                return [c.id, `r${n}`];
            }
          }),
        ),
      }));
    case 'case-ref':
      return [t.caseId];
    case 'computed':
      return undefined;
  }
}
