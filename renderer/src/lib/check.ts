import type { z } from 'zod';
import { issueMessageJa } from '../../../shared/zod-ja.ts';
import type { Prepared } from './autosave.ts';
import { parseNumberText } from './format.ts';

/** The schema's own (Japanese) message when it has one, otherwise the generic Japanese one. */
function message(issue: z.core.$ZodIssue): string {
  // ASCII only means zod's English default.
  return /[^\u0000-\u007f]/.test(issue.message) ? issue.message : issueMessageJa(issue);
}

/** Check a value against a field's schema; errors keyed "key" or "key.0.name". */
export function check(schema: z.ZodType, key: string, value: unknown): Prepared {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, value: r.data };
  const errors: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const path = [key, ...issue.path.map((p) => String(p))].join('.');
    errors[path] ??= message(issue);
  }
  return { ok: false, errors };
}

/** A number typed as text ('' = null) checked against the field's schema. */
export function checkNumber(schema: z.ZodType, key: string, label: string, text: string): Prepared {
  const n = parseNumberText(text);
  if (n === undefined) return { ok: false, errors: { [key]: `${label}は数値で入力してください。` } };
  return check(schema, key, n);
}

/**
 * Rows edited in a table (担当者, 次のアクション): entirely empty rows are left out; the errors
 * of the rows sent are keyed by their position on screen.
 */
export function checkRows<R extends object>(
  schema: z.ZodType,
  key: string,
  rows: readonly R[],
  isBlank: (row: R) => boolean,
  toValue: (row: R) => unknown,
): Prepared {
  const shownIndex: number[] = [];
  const values: unknown[] = [];
  rows.forEach((row, i) => {
    if (isBlank(row)) return;
    shownIndex.push(i);
    values.push(toValue(row));
  });
  const r = schema.safeParse(values);
  if (r.success) return { ok: true, value: r.data };
  const errors: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const [first, ...rest] = issue.path;
    const at = typeof first === 'number' ? shownIndex[first] : undefined;
    const path = at === undefined ? key : [key, at, ...rest.map((p) => String(p))].join('.');
    errors[path] ??= message(issue);
  }
  return { ok: false, errors };
}
