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
  usage: 'plan export ENGAGEMENT_ID --out FILE.docx [--doc plan|report] [--era wareki|seireki] [--unanswered omit|mark] [--date YYYY-MM-DD] [--json]',
  summary: '計画書（または支援実施報告書）を DOCX で書き出す',
  options: { out: { type: 'string' }, doc: { type: 'string' }, era: { type: 'string' }, unanswered: { type: 'string' }, date: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run({ core, positionals, options }) {
    const out = opt(options, 'out');
    if (!out) throw new AppError('invalid_input', '--out に書き出し先のファイル（.docx）を指定してください。', { path: ['out'] });
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
