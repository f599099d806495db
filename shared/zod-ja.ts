import type { z } from 'zod';
import { AppError, formatPath } from './errors.ts';
import { excerpt } from './excerpt.ts';

/** Japanese message for one zod issue. Field labels come from the caller when known. */
export function issueMessageJa(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      // zod 4 leaves `input` out of issues unless asked; its message still says what was received.
      if (('input' in issue && issue.input === undefined) || /received undefined/.test(issue.message)) return '必須項目です。';
      return `形式が正しくありません（${expectedJa(issue.expected)}が必要です）。`;
    case 'too_small':
      if (issue.origin === 'string') return `${String(issue.minimum)}文字以上で入力してください。`;
      if (issue.origin === 'array') return `${String(issue.minimum)}件以上必要です。`;
      return `${String(issue.minimum)}以上の値を入力してください。`;
    case 'too_big':
      if (issue.origin === 'string') return `${String(issue.maximum)}文字以内で入力してください。`;
      if (issue.origin === 'array') return `${String(issue.maximum)}件以内にしてください。`;
      return `${String(issue.maximum)}以下の値を入力してください。`;
    case 'invalid_format':
      return '書式が正しくありません。';
    case 'invalid_value':
      return `選択肢にない値です（${issue.values.map((v) => String(v)).join(' / ')}）。`;
    case 'unrecognized_keys':
      // Keys come from the input: a few, each cut short, so a damaged file never makes a huge message.
      return `不明な項目があります: ${issue.keys.slice(0, 5).map((k) => excerpt(k)).join(', ')}${issue.keys.length > 5 ? `（ほか${issue.keys.length - 5}件）` : ''}`;
    case 'invalid_union':
      return '形式が正しくありません。';
    case 'not_multiple_of':
      return `${String(issue.divisor)}の倍数で入力してください。`;
    case 'custom':
      return excerpt(issue.message, 300) || '値が正しくありません。';
    default:
      return excerpt(issue.message, 300) || '値が正しくありません。';
  }
}

function expectedJa(expected: string): string {
  const map: Record<string, string> = {
    string: '文字列',
    number: '数値',
    int: '整数',
    boolean: '真偽値',
    object: 'オブジェクト',
    array: '配列',
    date: '日付',
  };
  return map[expected] ?? expected;
}

/** Turn a ZodError into an AppError with a Japanese message and the field path of every issue. */
export function zodToAppError(err: z.ZodError, what = '入力'): AppError {
  // Path elements can be keys of the input (a damaged file's 20 MB key): each is quoted as an excerpt.
  const issues = err.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? p : excerpt(typeof p === 'symbol' ? String(p) : p, 60))), message: issueMessageJa(i) }));
  const first = issues[0];
  const where = first && first.path.length > 0 ? `「${excerpt(formatPath(first.path), 120)}」: ` : '';
  const more = issues.length > 1 ? `（ほか${issues.length - 1}件）` : '';
  const opts: { path?: (string | number)[]; issues: typeof issues } = { issues };
  if (first) opts.path = first.path;
  return new AppError('invalid_input', `${what}が正しくありません。${where}${first?.message ?? ''}${more}`, opts);
}
