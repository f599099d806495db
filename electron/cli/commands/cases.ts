import fs from 'node:fs';
import path from 'node:path';
import { formatFiscalYearWareki } from '../../../shared/domain/wareki.ts';
import { AppError } from '../../../shared/errors.ts';
import { partsToMarked } from '../../../shared/search/highlight.ts';
import { writeOutput } from '../output.ts';
import type { Command } from '../registry.ts';

function formatOf(file: string, explicit: unknown): 'csv' | 'json' {
  const f = typeof explicit === 'string' ? explicit : path.extname(file).slice(1).toLowerCase();
  if (f === 'csv' || f === 'json') return f;
  throw new AppError('invalid_input', `形式を判別できません: ${file}（--format csv|json を指定してください）。`, { path: ['format'] });
}

/** Bytes sent per cases.importUpload call. */
const PIECE = 8 * 1024 * 1024;

/**
 * Send a file to the core in pieces (cases.importUpload), never holding it whole: a file of any
 * size is then read as a stream by the import. Returns the upload's id.
 */
async function uploadFile(core: Parameters<Command['run']>[0]['core'], file: string): Promise<string | undefined> {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    throw new AppError('invalid_input', `ファイルを読めません: ${file}（${(err as NodeJS.ErrnoException).code ?? 'error'}）`, { path: ['file'] });
  }
  try {
    const buf = Buffer.allocUnsafe(PIECE);
    let uploadId: string | undefined;
    for (;;) {
      const n = fs.readSync(fd, buf, 0, PIECE, null);
      if (n === 0 && uploadId !== undefined) return uploadId;
      uploadId = (await core.call('cases.importUpload', { uploadId, chunkBase64: buf.subarray(0, n).toString('base64') })).uploadId;
      if (n === 0) return uploadId;
    }
  } finally {
    fs.closeSync(fd);
  }
}

export const casesImportCommand: Command = {
  name: 'cases import',
  usage: 'cases import FILE [--format csv|json] [--dry-run] [--skip-invalid] [--json]',
  summary: '事例を CSV / JSON から取り込む（誤りがあれば既定では何も書き込まない）',
  options: { 'dry-run': { type: 'boolean' }, 'skip-invalid': { type: 'boolean' }, format: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run({ core, options, positionals, say }) {
    const file = positionals[0]!;
    const format = formatOf(file, options.format);
    const uploadId = await uploadFile(core, file);
    const method = options['dry-run'] ? 'cases.importPreview' : 'cases.import';
    const r = await core.call(method, { format, uploadId, fileName: path.basename(file), skipInvalid: Boolean(options['skip-invalid']) });
    for (const p of r.rejected) say(`${p.row}行目 ${p.column}: ${p.message}`);
    const rejectedAll = r.rejected.length > 0 && !r.written && !options['dry-run'];
    if (rejectedAll) say(`誤りのある行があるため、何も書き込んでいません（${r.rejected.length}件）。--skip-invalid で正しい行だけ取り込めます。`);
    const value = { imported: r.imported, updated: r.updated, unchanged: r.unchanged, rejected: r.rejected, written: r.written, encoding: r.encoding };
    const text = `${options['dry-run'] ? '（確認のみ）' : ''}追加 ${r.imported}件 / 更新 ${r.updated}件 / 変更なし ${r.unchanged}件 / エラー ${r.rejected.length}件（文字コード: ${r.encoding}）`;
    return { value, text, exitCode: rejectedAll ? 2 : 0 };
  },
};

export const casesSearchCommand: Command = {
  name: 'cases search',
  usage: 'cases search QUERY [--prefecture P] [--field F] [--limit N] [--json]',
  summary: '事例を検索する',
  options: { prefecture: { type: 'string', multiple: true }, field: { type: 'string', multiple: true }, limit: { type: 'string' }, sort: { type: 'string' } },
  positionals: { min: 0, max: 1 },
  async run({ core, options, positionals }) {
    const limit = options.limit === undefined ? 20 : Number(options.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new AppError('invalid_input', '--limit には 1〜500 の整数を指定してください。', { path: ['limit'] });
    const r = await core.call('cases.search', {
      query: positionals[0] ?? '',
      filters: {
        prefectures: (options.prefecture as string[] | undefined) ?? [],
        fields: ((options.field as string[] | undefined) ?? []) as never,
      },
      sort: (options.sort as 'relevance' | 'year-desc' | 'year-asc' | undefined) ?? 'relevance',
      limit,
    });
    const value = r.items.map((h) => ({
      id: h.id,
      title: h.title,
      snippet: partsToMarked(h.snippetParts),
      score: h.score,
      prefecture: h.prefecture,
      fields: h.fields,
    }));
    const text = [
      `${r.total}件（${r.tookMs.toFixed(1)} ms）`,
      ...r.items.map((h) => `- ${partsToMarked(h.titleParts)}（${[h.prefecture, h.municipality].filter(Boolean).join(' ')}${h.fiscalYear ? ` ${formatFiscalYearWareki(h.fiscalYear)}` : ''}）\n  ${partsToMarked(h.snippetParts)}\n  id: ${h.id}`),
    ].join('\n');
    return { value, text };
  },
};

export const casesExportCommand: Command = {
  name: 'cases export',
  usage: 'cases export --format csv|json --out FILE [--json]',
  summary: '事例を CSV（BOM 付き UTF-8）または JSON で書き出す',
  options: { format: { type: 'string' }, out: { type: 'string' } },
  async run({ core, options }) {
    const out = options.out;
    if (typeof out !== 'string' || out === '') throw new AppError('invalid_input', '--out に書き出し先のファイルを指定してください。', { path: ['out'] });
    const format = formatOf(out, options.format);
    const r = await core.call('cases.export', { format });
    writeOutput(out, Buffer.from(r.contentBase64, 'base64'));
    return { value: { out: path.resolve(out), format, count: r.count }, text: `${r.count}件を書き出しました: ${out}` };
  },
};

export const casesGetCommand: Command = {
  name: 'cases get',
  usage: 'cases get ID [--json]',
  summary: '事例を1件表示する',
  positionals: { min: 1, max: 1 },
  async run({ core, positionals }) {
    const c = await core.call('cases.get', { id: positionals[0]! });
    const text = [
      c.title,
      `${c.prefecture} ${c.municipality} ${c.organization}`.trim(),
      c.fiscalYear ? formatFiscalYearWareki(c.fiscalYear) : '',
      c.summary,
      '',
      c.body,
      ...c.sources.map((s) => `出典: ${s.document}${s.section ? `（${s.section}）` : ''}`),
    ].join('\n');
    return { value: c, text };
  },
};
