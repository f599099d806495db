import { z } from 'zod';
import { method } from './define.ts';

/**
 * auto: at start and at most every 30 minutes while data changes; manual: asked for by the user;
 * pre-migration: written before a schema update; pre-restore: the state just before a restore.
 */
export const BACKUP_KINDS = ['auto', 'manual', 'pre-migration', 'pre-restore'] as const;
export const BackupKindSchema = z.enum(BACKUP_KINDS);
export type BackupKind = z.infer<typeof BackupKindSchema>;

export const BACKUP_KIND_LABELS: Record<BackupKind, string> = {
  auto: '自動',
  manual: '手動',
  'pre-migration': '更新前',
  'pre-restore': '復元前',
};

/**
 * A backup is named by its file name in the backups folder, never by a path: the name is
 * checked against this pattern and then against the list of backups that exist.
 */
export const BackupNameSchema = z
  .string()
  .max(120)
  .refine((s) => /^banso-[0-9A-Za-z-]+\.sqlite3$/.test(s), 'バックアップ名の形式が正しくありません（パスではなく、一覧に表示される名前を指定してください）。');

export const BackupInfoSchema = z.object({
  /** File name in the backups folder. */
  name: z.string(),
  /** When it was written (ISO 8601, from the name). */
  createdAt: z.string(),
  size: z.number().int().nonnegative(),
  kind: BackupKindSchema,
  /** Schema version of the data in it (from the name). */
  schemaVersion: z.number().int().nonnegative(),
});
export type BackupInfo = z.infer<typeof BackupInfoSchema>;

export const BackupListSchema = z.object({
  /** The backups folder. */
  dir: z.string(),
  /** Newest first. */
  items: z.array(BackupInfoSchema),
});
export type BackupList = z.infer<typeof BackupListSchema>;

export const BackupVerifySchema = z.object({
  name: z.string(),
  ok: z.boolean(),
  /** Japanese: 「問題ありません」 or what is wrong. */
  message: z.string(),
  /** user_version read from the file itself; null when it cannot be read. */
  schemaVersion: z.number().int().nonnegative().nullable(),
});
export type BackupVerify = z.infer<typeof BackupVerifySchema>;

export const BackupRestoreSchema = z.object({
  restored: BackupInfoSchema,
  /** The state just before the restore, kept as a backup of kind pre-restore. */
  preRestore: BackupInfoSchema,
  /** Schema version after the restore (older backups are migrated). */
  schemaVersion: z.number().int().nonnegative(),
});
export type BackupRestore = z.infer<typeof BackupRestoreSchema>;

export const backupMethods = {
  'backup.create': method({
    summary: 'いまのデータをバックアップする（SQLite のオンラインバックアップ）',
    mutates: true,
    input: z.object({}).strict(),
    output: BackupInfoSchema,
  }),
  'backup.list': method({
    summary: 'バックアップの一覧を返す（新しい順）',
    mutates: false,
    input: z.object({}).strict(),
    output: BackupListSchema,
  }),
  'backup.verify': method({
    summary: 'バックアップを読み取り専用で開いて整合性を検査する',
    mutates: false,
    input: z.object({ name: BackupNameSchema }).strict(),
    output: BackupVerifySchema,
  }),
  'backup.restore': method({
    summary: 'バックアップから復元する（いまの状態を先にバックアップする）',
    mutates: true,
    input: z.object({ name: BackupNameSchema }).strict(),
    output: BackupRestoreSchema,
  }),
};
