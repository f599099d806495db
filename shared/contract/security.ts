import { z } from 'zod';
import { method } from './define.ts';

/**
 * 設定 → セキュリティ: whether the data folder is encrypted at rest, and the changes to it
 * (electron/core/crypto/). Secrets travel only in these inputs, never in logs or results, except
 * the recovery key, which `security.enable` returns once so that it can be shown once.
 */

export const KEY_SOURCES = ['passphrase', 'recovery', 'os'] as const;
export const KeySourceSchema = z.enum(KEY_SOURCES);
export type KeySource = z.infer<typeof KeySourceSchema>;

export const KEY_SOURCE_LABELS: Record<KeySource, string> = { passphrase: 'パスフレーズ', recovery: '回復キー', os: 'OS の鍵ストア' };

/** At least 8 characters (code points), at most 1024. */
export const PassphraseSchema = z
  .string()
  .refine((s) => [...s].length >= 8, { message: 'パスフレーズは 8 文字以上にしてください。' })
  .refine((s) => s.length <= 1024, { message: 'パスフレーズが長すぎます（1024 文字まで）。' });

export const SecurityStatusSchema = z.object({
  encrypted: z.boolean(),
  /** How this run unlocked the folder (null: plain). */
  keySource: KeySourceSchema.nullable(),
  /** The ways the folder can be unlocked. */
  methods: z.array(KeySourceSchema),
  /** The OS key store this app can use (desktop; null in browser mode and the CLI). */
  keyStore: z.object({ available: z.boolean(), backend: z.string().nullable() }),
});
export type SecurityStatus = z.infer<typeof SecurityStatusSchema>;

export const SecurityEnableSchema = z.object({
  status: SecurityStatusSchema,
  /** Shown once: 8 groups of 4 characters. */
  recoveryKey: z.string(),
  backupsConverted: z.number().int().nonnegative(),
});
export type SecurityEnable = z.infer<typeof SecurityEnableSchema>;

export const securityMethods = {
  'security.status': method({
    summary: 'データフォルダーが暗号化されているか、何で開くかを返す',
    mutates: false,
    input: z.object({}).strict(),
    output: SecurityStatusSchema,
  }),
  'security.enable': method({
    summary: 'データフォルダーを暗号化する（パスフレーズ、または OS の鍵ストア。回復キーを一度だけ返す）',
    mutates: true,
    input: z.object({ passphrase: PassphraseSchema.optional() }).strict(),
    output: SecurityEnableSchema,
  }),
  'security.changePassphrase': method({
    summary: 'パスフレーズを変える（または設定する）。いまのパスフレーズか回復キーが必要',
    mutates: true,
    input: z.object({ current: z.string().min(1).max(1024).optional(), next: PassphraseSchema }).strict(),
    output: SecurityStatusSchema,
  }),
  'security.unlock': method({
    summary: '暗号化されたデータフォルダーをパスフレーズか回復キーで開く（デスクトップで鍵ストアが使えないとき）',
    mutates: false,
    input: z.object({ secret: z.string().min(1).max(1024) }).strict(),
    output: z.object({ unlocked: z.boolean() }),
  }),
  'security.pendingRecoveryKey': method({
    summary: '起動時に作った回復キーのうち、まだ確認されていないものを返す（表示は一度だけ）',
    mutates: false,
    input: z.object({}).strict(),
    output: z.object({ recoveryKey: z.string().nullable() }),
  }),
  'security.confirmRecoveryKey': method({
    summary: '回復キーを印刷・保存したことを記録し、二度と表示しない',
    mutates: false,
    input: z.object({}).strict(),
    output: z.object({ recoveryKey: z.null() }),
  }),
  'security.renewRecoveryKey': method({
    summary: '回復キーを作り直す（古い回復キーは使えなくなる）。一度だけ返す',
    mutates: true,
    input: z.object({ current: z.string().min(1).max(1024).optional() }).strict(),
    output: z.object({ recoveryKey: z.string() }),
  }),
  'security.rekey': method({
    summary: 'データの鍵を新しくする（データベースとバックアップを暗号化し直す）',
    mutates: true,
    input: z.object({ current: z.string().min(1).max(1024).optional() }).strict(),
    output: SecurityStatusSchema,
  }),
};
