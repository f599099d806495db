import { z } from 'zod';

/**
 * A number field with its domain range and a Japanese message that names the field. The range
 * is checked in a refinement (code "custom") so that the message reaches the user unchanged
 * (shared/zod-ja.ts words the built-in checks generically).
 */
export function boundedNumber(opts: { label: string; min: number; max: number; integer?: boolean; unit?: string; example?: string }) {
  const unit = opts.unit ?? '';
  const example = opts.example ? `（例: ${opts.example}）` : '';
  return z.number().superRefine((n, ctx) => {
    if (!Number.isFinite(n)) ctx.addIssue({ code: 'custom', message: `${opts.label}は数値で入力してください${example}。` });
    else if (opts.integer && !Number.isInteger(n)) ctx.addIssue({ code: 'custom', message: `${opts.label}は整数で入力してください。` });
    else if (n < opts.min || n > opts.max) {
      ctx.addIssue({
        code: 'custom',
        message: `${opts.label}は${opts.min.toLocaleString('ja-JP')}${unit}以上${opts.max.toLocaleString('ja-JP')}${unit}以下で入力してください（入力: ${n}）。`,
      });
    }
  });
}
