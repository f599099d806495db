import { z } from 'zod';
import { method } from './define.ts';

/**
 * Things the core has to tell the user about, shown as a banner over every page until dismissed:
 * recovery: the database was damaged, moved aside and restored (or started fresh, or written
 * back after it was deleted under the running app); restored: a backup was restored on request;
 * read_only: the data folder cannot be written, or the disk is full; backup_failed: an automatic
 * backup could not be written; wal_lost: the database's -wal file was deleted by something outside
 * the app (while it ran, or before a crash); reloaded: another program (the CLI, a second window)
 * changed the database and it was read again.
 */
export const NOTICE_KINDS = ['recovery', 'restored', 'read_only', 'backup_failed', 'wal_lost', 'reloaded'] as const;
export const NoticeKindSchema = z.enum(NOTICE_KINDS);
export type NoticeKind = z.infer<typeof NoticeKindSchema>;

export const NoticeSchema = z.object({
  id: z.string(),
  kind: NoticeKindSchema,
  level: z.enum(['error', 'warning', 'info']),
  /** ISO 8601. */
  at: z.string(),
  title: z.string(),
  /** Japanese, complete sentences: what happened and what it means for the user. */
  message: z.string(),
  /** Files the message is about (the damaged file set aside, the backup used). */
  paths: z.array(z.string()),
});
export type Notice = z.infer<typeof NoticeSchema>;

export const noticesMethods = {
  'notices.list': method({
    summary: '利用者へのお知らせ（データベースの修復、復元、読み取り専用など）を返す',
    mutates: false,
    input: z.object({}).strict(),
    output: z.object({ items: z.array(NoticeSchema) }),
  }),
  'notices.dismiss': method({
    summary: 'お知らせを閉じる（確認済みにする）',
    mutates: true,
    input: z.object({ id: z.string().min(1).max(100) }).strict(),
    output: z.object({ items: z.array(NoticeSchema) }),
  }),
};
