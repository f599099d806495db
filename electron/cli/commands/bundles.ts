import fs from 'node:fs';
import path from 'node:path';
import { BUNDLE_ENTITIES } from '../../../shared/domain/bundle.ts';
import { readSecretFile } from '../../core/crypto/secrets.ts';
import { AppError } from '../../../shared/errors.ts';
import { writeOutput } from '../output.ts';
import type { Command } from '../registry.ts';

function opt(options: Record<string, unknown>, key: string): string | undefined {
  const v = options[key];
  return typeof v === 'string' ? v : undefined;
}

/** A bundle's passphrase: --bundle-passphrase-file FILE or BANSO_BUNDLE_PASSPHRASE (never a command-line value). */
function bundlePassphrase(options: Record<string, unknown>): string | undefined {
  const f = options['bundle-passphrase-file'];
  if (typeof f === 'string') return readSecretFile(f, '--bundle-passphrase-file');
  return process.env.BANSO_BUNDLE_PASSPHRASE || undefined;
}

export const bundleExportCommand: Command = {
  name: 'bundle export',
  usage: 'bundle export (--engagement ID | --library) --out FILE [--bundle-passphrase-file FILE] [--json]',
  summary: '案件ひとつ、または事例ライブラリを受け渡し用のファイルに書き出す（パスフレーズを付けると AES-256-GCM で暗号化）',
  options: { engagement: { type: 'string' }, library: { type: 'boolean' }, out: { type: 'string' }, 'bundle-passphrase-file': { type: 'string' } },
  async run({ core, options }) {
    const passphrase = bundlePassphrase(options);
    const out = opt(options, 'out');
    const engagementId = opt(options, 'engagement');
    const library = options.library === true;
    if (engagementId === undefined && !library) throw new AppError('invalid_input', '--engagement ID か --library のどちらかを指定してください。', { path: ['engagement'] });
    if (engagementId !== undefined && library) throw new AppError('invalid_input', '--engagement と --library は同時に指定できません。', { path: ['library'] });
    if (!out) throw new AppError('invalid_input', '--out に書き出し先のファイルを指定してください。', { path: ['out'] });
    const r = await core.call('bundle.export', { ...(engagementId !== undefined ? { engagementId } : { library: true as const }), ...(passphrase ? { passphrase } : {}) });
    writeOutput(out, Buffer.from(r.contentBase64, 'base64'));
    return {
      value: { kind: r.kind, records: r.records, out: path.resolve(out) },
      text: `書き出しました: ${out}（${r.kind === 'library' ? '事例ライブラリ' : '案件'}、${r.records}件の記録）`,
    };
  },
};

export const bundleImportCommand: Command = {
  name: 'bundle import',
  usage: 'bundle import FILE [--bundle-passphrase-file FILE] [--json]',
  summary: '受け渡しファイルを取り込む（両方で変更された記録は競合として両方を残す。暗号化されたファイルはパスフレーズで開く）',
  positionals: { min: 1, max: 1 },
  options: { 'bundle-passphrase-file': { type: 'string' } },
  async run({ core, positionals, say, options }) {
    const passphrase = bundlePassphrase(options);
    const file = positionals[0]!;
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (err) {
      throw new AppError('invalid_input', `ファイルを読めません: ${file}（${(err as NodeJS.ErrnoException).code ?? 'error'}）`, { path: ['file'] });
    }
    const r = await core.call('bundle.import', { contentBase64: bytes.toString('base64'), fileName: path.basename(file), ...(passphrase ? { passphrase } : {}) });
    if (r.conflicts > 0) say(`両方で変更された記録が${r.conflicts}件あります。どちらも残してあります: banso conflicts list で確認し、conflicts resolve で解決してください。`);
    return {
      value: { added: r.added, updated: r.updated, conflicts: r.conflicts },
      text: `取り込みました: 追加 ${r.added}件 / 更新 ${r.updated}件 / 変更なし ${r.unchanged}件 / 競合 ${r.conflicts}件`,
    };
  },
};

export const conflictsListCommand: Command = {
  name: 'conflicts list',
  usage: 'conflicts list [--all] [--json]',
  summary: '取り込みで生じた競合（両方で変更された記録）の一覧',
  options: { all: { type: 'boolean' } },
  async run({ core, options }) {
    const r = await core.call('conflicts.list', { includeResolved: options.all === true });
    const text = r.items.length === 0
      ? '未解決の競合はありません。'
      : r.items
          .map((c) =>
            [
              `#${c.id} ${BUNDLE_ENTITIES[c.entity]}「${c.label}」${c.resolution ? `（解決済み: ${c.resolution}）` : ''}`,
              ...c.fields.map((f) => `  ${f.label}: 自分 ${JSON.stringify(f.mine)} / 取り込み ${JSON.stringify(f.theirs)}`),
            ].join('\n'),
          )
          .join('\n');
    return { value: r, text };
  },
};

export const conflictsResolveCommand: Command = {
  name: 'conflicts resolve',
  usage: 'conflicts resolve ID --keep mine|theirs [--json]',
  summary: '競合を解決する（mine: 自分の版を残す / theirs: 取り込んだ版を採用）',
  options: { keep: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run({ core, positionals, options }) {
    const id = Number(positionals[0]);
    if (!Number.isInteger(id) || id < 1) throw new AppError('invalid_input', `競合の番号は正の整数で指定してください: ${positionals[0]!}`, { path: ['id'] });
    const keep = opt(options, 'keep');
    if (keep !== 'mine' && keep !== 'theirs') throw new AppError('invalid_input', '--keep に mine（自分の版を残す）か theirs（取り込んだ版を採用）を指定してください。', { path: ['keep'] });
    const r = await core.call('conflicts.resolve', { id, keep });
    return { value: r, text: `競合 #${r.id} を解決しました（${keep === 'mine' ? '自分の版を残しました' : '取り込んだ版を採用しました'}）。` };
  },
};

export const BUNDLE_COMMANDS: readonly Command[] = [bundleExportCommand, bundleImportCommand, conflictsListCommand, conflictsResolveCommand];
