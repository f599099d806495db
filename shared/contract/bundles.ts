import { z } from 'zod';
import { BUNDLE_KINDS, BundleEntitySchema } from '../domain/bundle.ts';
import { method } from './define.ts';
import { PassphraseSchema } from './security.ts';

/**
 * Hand-off bundles (受け渡し): export one engagement or the case library to one file, import it
 * on another machine (validated, idempotent, conflicts kept for the user), and resolve conflicts.
 * The file travels as bytes (base64) or text; the core never takes a file path from a caller.
 */

const BundleKindSchema = z.enum(Object.keys(BUNDLE_KINDS) as [keyof typeof BUNDLE_KINDS, ...(keyof typeof BUNDLE_KINDS)[]]);

export const BundleExportInputSchema = z
  .object({
    engagementId: z.string().trim().min(1, '案件の id を指定してください。').max(100).optional(),
    library: z.literal(true, { error: () => '事例ライブラリを書き出すときは library: true を指定してください。' }).optional(),
    /** Seal the file (AES-256-GCM, key from scrypt) with this passphrase: for a bundle that carries client data. */
    passphrase: PassphraseSchema.optional(),
  })
  .strict()
  .refine((x) => (x.engagementId !== undefined) !== (x.library === true), {
    message: '書き出す対象として、案件（engagementId）か事例ライブラリ（library: true）のどちらか一方を指定してください。',
  });

export const BundleImportInputSchema = z
  .object({
    /** The file's bytes, base64 (UTF-8 JSON). */
    contentBase64: z.string().max(280 * 1024 * 1024, 'ファイルが大きすぎます（200MB まで）。').optional(),
    /** Or the file's text. */
    text: z.string().max(200 * 1024 * 1024, 'ファイルが大きすぎます（200MB まで）。').optional(),
    fileName: z.string().max(300).default(''),
    /** The passphrase of a sealed bundle. */
    passphrase: z.string().max(1024).optional(),
  })
  .strict()
  .refine((x) => (x.contentBase64 !== undefined) !== (x.text !== undefined), {
    message: '取り込むファイルの内容を、contentBase64 か text のどちらか一方で指定してください。',
  });

export const BundleImportResultSchema = z.object({
  kind: BundleKindSchema,
  /** Records that were not here and were added. */
  added: z.number().int(),
  /** Records changed only on the other machine since they last met, updated here. */
  updated: z.number().int(),
  /** Records already the same, or changed only here (kept). */
  unchanged: z.number().int(),
  /** Records changed on both sides: both versions kept, listed by conflicts.list. */
  conflicts: z.number().int(),
});
export type BundleImportResult = z.infer<typeof BundleImportResultSchema>;

export const ConflictResolutionSchema = z.enum(['mine', 'theirs', 'superseded']);

export const ConflictFieldSchema = z.object({
  field: z.string(),
  label: z.string(),
  /** This machine's value as shown to people; null when the record is gone here. */
  mine: z.string().nullable(),
  theirs: z.string(),
});
export type ConflictField = z.infer<typeof ConflictFieldSchema>;

export const ConflictViewSchema = z.object({
  id: z.number().int(),
  entity: BundleEntitySchema,
  entityLabel: z.string(),
  entityId: z.string(),
  /** The record as people name it (client name, 2026-05-01 訪問, case title …). */
  label: z.string(),
  /** When the bundle was written on the other machine. */
  bundleExportedAt: z.string(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolution: ConflictResolutionSchema.nullable(),
  /** false when the local record was deleted after the import. */
  localExists: z.boolean(),
  /** The fields that differ, this machine's version beside the incoming one. */
  fields: z.array(ConflictFieldSchema),
});
export type ConflictView = z.infer<typeof ConflictViewSchema>;

export const bundlesMethods = {
  'bundle.export': method({
    summary: '案件ひとつ（支援先・支援記録・計画・関連する好事例）または事例ライブラリを受け渡し用のファイルに書き出す',
    mutates: false,
    input: BundleExportInputSchema,
    output: z.object({ fileName: z.string(), mimeType: z.string(), contentBase64: z.string(), kind: BundleKindSchema, records: z.number().int() }),
  }),
  'bundle.import': method({
    summary: '受け渡しファイルを取り込む（検査してから1回で書き込む。両方で変更された記録は競合として両方を残す）',
    mutates: true,
    input: BundleImportInputSchema,
    output: BundleImportResultSchema,
  }),
  'conflicts.list': method({
    summary: '取り込みで生じた競合（両方で変更された記録）の一覧',
    mutates: false,
    input: z.object({ includeResolved: z.boolean().default(false) }).strict(),
    output: z.object({ items: z.array(ConflictViewSchema), open: z.number().int() }),
  }),
  'conflicts.resolve': method({
    summary: '競合を解決する（自分の版を残す / 取り込んだ版を採用する）',
    mutates: true,
    input: z
      .object({
        id: z.number().int().positive(),
        keep: z.enum(['mine', 'theirs'], { error: () => 'keep には mine（自分の版を残す）か theirs（取り込んだ版を採用）を指定してください。' }),
      })
      .strict(),
    output: z.object({ id: z.number().int(), entity: BundleEntitySchema, entityId: z.string(), resolution: ConflictResolutionSchema, resolvedAt: z.string() }),
  }),
};
