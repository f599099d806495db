import { z } from 'zod';
import { method } from './define.ts';

/** Team synchronisation through a PostgreSQL hub (electron/core/sync). */
export const SyncSslModeSchema = z.enum(['disable', 'require', 'verify-ca', 'verify-full']);

export const SyncStatusSchema = z.object({
  configured: z.boolean(),
  url: z.string().nullable(),
  role: z.string().nullable(),
  sslmode: SyncSslModeSchema.nullable(),
  caFile: z.string().nullable(),
  /** Whether a password is at hand for the role (kept in the OS key store, or given to this process). */
  hasPassword: z.boolean(),
  lastSyncAt: z.string().nullable(),
  lastError: z.string().nullable(),
  nextRetryAt: z.string().nullable(),
  /** Local changes not yet on the hub (the status line's 未送信 N件). */
  pending: z.number().int().nonnegative(),
  conflicts: z.number().int().nonnegative(),
  /** Engagements marked 「チームと共有」. */
  shared: z.array(z.string()),
  state: z.enum(['synced', 'pending', 'offline', 'unconfigured']),
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

export const SyncConflictSchema = z.object({
  id: z.number().int(),
  entity: z.string(),
  entityId: z.string(),
  /** What the record is, in words (title or name), for the person deciding. */
  label: z.string(),
  remoteAuthor: z.string(),
  remoteFields: z.record(z.string(), z.unknown()),
  localFields: z.record(z.string(), z.unknown()),
  detectedAt: z.string(),
});
export type SyncConflict = z.infer<typeof SyncConflictSchema>;

const HubUrlSchema = z
  .string()
  .trim()
  .min(1, 'ハブのアドレスを入力してください。')
  .max(500)
  .refine((s) => /^postgres(ql)?:\/\/[^\s/]+(\/[^\s]*)?$/.test(s), 'ハブのアドレスは postgresql://ホスト:ポート/データベース の形で入力してください。')
  .refine((s) => !/^postgres(ql)?:\/\/[^/@]*:[^/@]*@/.test(s), 'アドレスにパスワードを含めないでください（パスワードは別の欄に入力します）。');

export const syncMethods = {
  'sync.status': method({ input: z.object({}), output: SyncStatusSchema, mutates: false, summary: 'チーム同期の状態（最終同期、未送信、競合）' }),
  'sync.configure': method({
    input: z.object({
      url: HubUrlSchema,
      role: z.string().trim().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'ロール名は英小文字・数字・_ で入力してください。'),
      sslmode: SyncSslModeSchema.optional(),
      caFile: z.string().max(1000).optional(),
      /** Kept in the OS key store when there is one, else only for this process; never in the settings. */
      password: z.string().min(1).max(500).optional(),
    }),
    output: SyncStatusSchema,
    mutates: true,
    summary: 'チーム同期のハブ（アドレス、ロール、TLS）を設定する',
  }),
  'sync.test': method({
    input: z.object({}),
    output: z.object({ ok: z.boolean(), message: z.string() }),
    mutates: false,
    summary: 'ハブに接続できるか試す',
  }),
  'sync.now': method({
    input: z.object({}),
    output: z.object({ pushed: z.number().int(), pulled: z.number().int(), conflicts: z.number().int(), merged: z.number().int() }),
    mutates: true,
    summary: 'いま同期する（送信してから受信）',
  }),
  'sync.share': method({
    input: z.object({ engagementId: z.string().min(1).max(200) }),
    output: SyncStatusSchema,
    mutates: true,
    summary: '案件を「チームと共有」にする',
  }),
  'sync.unshare': method({
    input: z.object({ engagementId: z.string().min(1).max(200) }),
    output: z.object({ status: SyncStatusSchema, message: z.string() }),
    mutates: true,
    summary: '案件の共有をやめる（ハブに残るものを伝える）',
  }),
  'sync.conflicts': method({ input: z.object({}), output: z.object({ items: z.array(SyncConflictSchema) }), mutates: false, summary: '同期の競合の一覧' }),
  'sync.resolve': method({
    input: z.object({ id: z.number().int(), choice: z.enum(['local', 'remote']) }),
    output: z.object({ items: z.array(SyncConflictSchema) }),
    mutates: true,
    summary: '同期の競合を解決する（この端末の版か、ハブの版か）',
  }),
};
