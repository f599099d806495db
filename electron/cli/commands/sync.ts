import { AppError } from '../../../shared/errors.ts';
import { readSecretFile } from '../../core/crypto/secrets.ts';
import type { SyncStatus } from '../../../shared/contract/sync.ts';
import type { Command, CommandContext } from '../registry.ts';

const STATE_JA: Record<SyncStatus['state'], string> = { synced: '同期済み', pending: '未送信あり', offline: 'オフライン', unconfigured: '未設定' };

function statusText(s: SyncStatus): string {
  return [
    `状態: ${STATE_JA[s.state]}${s.pending > 0 ? `（未送信 ${s.pending}件）` : ''}`,
    `ハブ: ${s.url ?? '（未設定）'}  ロール: ${s.role ?? '—'}  パスワード: ${s.hasPassword ? 'あり' : 'なし'}`,
    `最終同期: ${s.lastSyncAt ?? 'まだありません'}`,
    ...(s.lastError ? [`前回の失敗: ${s.lastError}`, `次の再試行: ${s.nextRetryAt ?? '—'}`] : []),
    `競合: ${s.conflicts}件  共有中の案件: ${s.shared.length}件`,
  ].join('\n');
}

/** `--password-file FILE`: the hub password for this process only (never stored). */
function usePasswordFile(sync: { usePassword(pw: string): void }, options: CommandContext['options']): void {
  const file = options['password-file'] as string | undefined;
  if (file) sync.usePassword(readSecretFile(file, '--password-file'));
}

export const syncConfigureCommand: Command = {
  name: 'sync configure',
  usage: 'sync configure --url URL [--role R] [--sslmode MODE] [--ca-file FILE] [--password-file FILE] [--json]',
  summary: 'チーム同期のハブを設定する（パスワードはファイルか環境変数 BANSO_HUB_PASSWORD で。コマンド行には書かない）',
  options: { url: { type: 'string' }, role: { type: 'string' }, sslmode: { type: 'string' }, 'ca-file': { type: 'string' }, 'password-file': { type: 'string' } },
  async run({ core, options }) {
    const url = options.url as string | undefined;
    if (!url) throw new AppError('invalid_input', '--url にハブのアドレス（postgresql://ホスト:ポート/データベース）を指定してください。');
    const role = (options.role as string | undefined) ?? (await core.call('sync.status', {})).role ?? process.env.USER ?? '';
    const pwFile = options['password-file'] as string | undefined;
    const s = await core.call('sync.configure', {
      url,
      role,
      ...(options.sslmode ? { sslmode: options.sslmode as 'disable' } : {}),
      ...(options['ca-file'] ? { caFile: options['ca-file'] as string } : {}),
      ...(pwFile ? { password: readSecretFile(pwFile, '--password-file') } : {}),
    });
    return { value: s, text: `設定しました。\n${statusText(s)}` };
  },
};

export const syncNowCommand: Command = {
  name: 'sync now',
  usage: 'sync now [--password-file FILE] [--json]',
  summary: 'いまハブと同期する（送信してから受信）。{"pushed","pulled","conflicts"} を出す',
  options: { 'password-file': { type: 'string' } },
  async run({ core, options }) {
    usePasswordFile(core.ctx.sync, options);
    const r = await core.call('sync.now', {});
    return {
      value: r,
      text: `送信 ${r.pushed}件、受信 ${r.pulled}件（うち項目ごとに統合 ${r.merged}件）、競合 ${r.conflicts}件${r.conflicts > 0 ? '（受け渡し・同期 の画面で決めてください）' : ''}`,
    };
  },
};

export const syncStatusCommand: Command = {
  name: 'sync status',
  usage: 'sync status [--json]',
  summary: 'チーム同期の状態を表示する',
  async run({ core }) {
    const s = await core.call('sync.status', {});
    return { value: s, text: statusText(s) };
  },
};

export const syncShareCommand: Command = {
  name: 'sync share',
  usage: 'sync share ENGAGEMENT_ID [--password-file FILE] [--json]',
  summary: '案件を「チームと共有」にする',
  positionals: { min: 1, max: 1 },
  options: { 'password-file': { type: 'string' } },
  async run({ core, options, positionals }) {
    usePasswordFile(core.ctx.sync, options);
    const s = await core.call('sync.share', { engagementId: positionals[0]! });
    return { value: s, text: `共有しました。次の同期で案件の内容を送ります。\n${statusText(s)}` };
  },
};

export const syncUnshareCommand: Command = {
  name: 'sync unshare',
  usage: 'sync unshare ENGAGEMENT_ID [--password-file FILE] [--json]',
  summary: '案件の共有をやめる',
  positionals: { min: 1, max: 1 },
  options: { 'password-file': { type: 'string' } },
  async run({ core, options, positionals }) {
    usePasswordFile(core.ctx.sync, options);
    const r = await core.call('sync.unshare', { engagementId: positionals[0]! });
    return { value: r, text: r.message };
  },
};

export const syncConflictsCommand: Command = {
  name: 'sync conflicts',
  usage: 'sync conflicts [--json]',
  summary: '同期の競合を一覧する',
  async run({ core }) {
    const r = await core.call('sync.conflicts', {});
    const text =
      r.items.length === 0
        ? '競合はありません。'
        : r.items.map((c) => `#${c.id} ${c.entity} ${c.label}（${c.remoteAuthor}）: この端末 ${JSON.stringify(c.localFields)} / ハブ ${JSON.stringify(c.remoteFields)}`).join('\n');
    return { value: r, text };
  },
};

export const syncResolveCommand: Command = {
  name: 'sync resolve',
  usage: 'sync resolve ID --keep local|remote [--json]',
  summary: '同期の競合を解決する',
  positionals: { min: 1, max: 1 },
  options: { keep: { type: 'string' } },
  async run({ core, options, positionals }) {
    const keep = options.keep;
    if (keep !== 'local' && keep !== 'remote') throw new AppError('invalid_input', '--keep には local（この端末の版）か remote（ハブの版）を指定してください。');
    const id = Number(positionals[0]);
    if (!Number.isInteger(id)) throw new AppError('invalid_input', `競合の番号が正しくありません: ${positionals[0]!.slice(0, 20)}`);
    const r = await core.call('sync.resolve', { id, choice: keep });
    return { value: r, text: `解決しました。次の同期でチームに伝わります。残りの競合: ${r.items.length}件` };
  },
};

export const SYNC_COMMANDS: readonly Command[] = [syncConfigureCommand, syncNowCommand, syncStatusCommand, syncShareCommand, syncUnshareCommand, syncConflictsCommand, syncResolveCommand];
