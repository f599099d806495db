import path from 'node:path';
import type { BackupInfo } from '../../../shared/contract/backup.ts';
import { BACKUP_KIND_LABELS } from '../../../shared/contract/backup.ts';
import type { Command } from '../registry.ts';

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function line(b: BackupInfo): string {
  const d = new Date(b.createdAt);
  const p = (n: number) => String(n).padStart(2, '0');
  const when = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  return `${when}  ${BACKUP_KIND_LABELS[b.kind].padEnd(3, '　')}  v${b.schemaVersion}  ${size(b.size).padStart(8)}  ${b.name}`;
}

export const backupCreateCommand: Command = {
  name: 'backup create',
  usage: 'backup create [--json]',
  summary: 'いまのデータをバックアップする（SQLite のオンラインバックアップ）',
  async run({ core }) {
    const b = await core.call('backup.create', {});
    const file = path.join(core.ctx.backups.dir, b.name);
    return { value: { ...b, path: file }, text: `バックアップしました: ${file}（${size(b.size)}）` };
  },
};

export const backupListCommand: Command = {
  name: 'backup list',
  usage: 'backup list [--json]',
  summary: 'バックアップの一覧を表示する（新しい順）',
  async run({ core }) {
    const r = await core.call('backup.list', {});
    const text = r.items.length === 0 ? `バックアップはまだありません（${r.dir}）。` : [`バックアップの場所: ${r.dir}`, ...r.items.map(line)].join('\n');
    return { value: r, text };
  },
};

export const backupVerifyCommand: Command = {
  name: 'backup verify',
  usage: 'backup verify NAME [--json]',
  summary: 'バックアップを読み取り専用で開いて整合性を検査する（NAME は backup list の名前。問題があれば終了コード 1）',
  positionals: { min: 1, max: 1 },
  async run({ core, positionals }) {
    const r = await core.call('backup.verify', { name: positionals[0]! });
    return { value: r, text: `${r.ok ? '正常' : '異常'}: ${r.name} — ${r.message}`, exitCode: r.ok ? 0 : 1 };
  },
};

export const backupRestoreCommand: Command = {
  name: 'backup restore',
  usage: 'backup restore NAME [--json]',
  summary: 'バックアップから復元する（いまの状態は先に「復元前」としてバックアップする）',
  positionals: { min: 1, max: 1 },
  async run({ core, positionals }) {
    const r = await core.call('backup.restore', { name: positionals[0]! });
    return {
      value: r,
      text: `復元しました: ${r.restored.name}（スキーマ v${r.schemaVersion}）\n復元前の状態のバックアップ: ${r.preRestore.name}`,
    };
  },
};

export const BACKUP_COMMANDS: readonly Command[] = [backupCreateCommand, backupListCommand, backupVerifyCommand, backupRestoreCommand];
