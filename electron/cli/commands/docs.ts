import path from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { writeOutput } from '../output.ts';
import type { Command } from '../registry.ts';

function opt(options: Record<string, unknown>, key: string): string | undefined {
  const v = options[key];
  return typeof v === 'string' ? v : undefined;
}

export const planExportCommand: Command = {
  name: 'plan export',
  usage: 'plan export ENGAGEMENT_ID --out FILE.docx|FILE.xlsx [--doc plan|report|tables] [--era wareki|seireki] [--unanswered omit|mark] [--date YYYY-MM-DD] [--json]',
  summary: '計画書（または支援実施報告書）を DOCX で、計画の表（KPI・施策体系・事業一覧・工程表）を Excel で書き出す（--doc tables、.xlsx）',
  options: { out: { type: 'string' }, doc: { type: 'string' }, era: { type: 'string' }, unanswered: { type: 'string' }, date: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run({ core, positionals, options }) {
    const out = opt(options, 'out');
    if (!out) throw new AppError('invalid_input', '--out に書き出し先のファイル（.docx）を指定してください。', { path: ['out'] });
    const doc = opt(options, 'doc');
    if (doc === 'tables' || /\.xlsx$/i.test(out)) {
      if (doc !== undefined && doc !== 'tables') throw new AppError('invalid_input', `--doc ${doc} は DOCX です。--out に .docx のファイル名を指定してください（.xlsx は --doc tables）。`, { path: ['doc'] });
      if (!/\.xlsx$/i.test(out)) throw new AppError('invalid_input', '--doc tables は Excel です。--out に .xlsx のファイル名を指定してください。', { path: ['out'] });
      const era = opt(options, 'era');
      const t = await core.call('docs.tablesXlsx', { engagementId: positionals[0]!, ...(era ? { era: era as 'wareki' } : {}) });
      const bytes = Buffer.from(t.contentBase64, 'base64');
      writeOutput(out, bytes);
      return { value: { out: path.resolve(out), fileName: t.fileName, bytes: bytes.length, sheets: t.count }, text: `書き出しました: ${out}（表 ${t.count}枚）` };
    }
    const input: Record<string, string> = { engagementId: positionals[0]! };
    for (const k of ['doc', 'era', 'unanswered', 'date']) {
      const v = opt(options, k);
      if (v !== undefined) input[k] = v;
    }
    const r = await core.call('docs.export', input as never);
    const bytes = Buffer.from(r.contentBase64, 'base64');
    writeOutput(out, bytes);
    return { value: { out: path.resolve(out), fileName: r.fileName, bytes: bytes.length }, text: `書き出しました: ${out}（${Math.ceil(bytes.length / 1024)} KB）` };
  },
};

export const DOC_COMMANDS: readonly Command[] = [planExportCommand];
