import { z } from 'zod';

/**
 * Saving a file the user asked for (DOCX, CSV, JSON). In the desktop app the renderer hands the
 * bytes and a suggested base name to the main process, which asks where to save them with its own
 * dialog: the renderer never names a path. In browser mode the renderer downloads the bytes.
 */

/** Longest suggested file name, in characters (most file systems allow 255 bytes). */
export const MAX_SAVE_FILE_NAME = 120;
/** Largest file the app saves: 100 MiB of bytes. */
export const MAX_SAVE_FILE_BYTES = 100 * 1024 * 1024;
/** Base64 of MAX_SAVE_FILE_BYTES bytes. */
export const MAX_SAVE_FILE_BASE64 = Math.ceil(MAX_SAVE_FILE_BYTES / 3) * 4;

// No folders (/ \), no drive or stream names (:), nothing Windows forbids, no control characters.
const FORBIDDEN_IN_NAME = /[/\\:*?"<>|\u0000-\u001F\u007F]/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const SaveFileNameSchema = z
  .string({ error: () => 'ファイル名を文字列で指定してください。' })
  .min(1, 'ファイル名がありません。')
  .max(MAX_SAVE_FILE_NAME, `ファイル名が長すぎます（${MAX_SAVE_FILE_NAME}文字まで）。`)
  .refine((s) => !FORBIDDEN_IN_NAME.test(s), 'ファイル名にフォルダーの区切りや使えない文字（/ \\ : * ? " < > |）が含まれています。')
  .refine((s) => s.trim() === s && !/^\.+$/.test(s), 'ファイル名が正しくありません。')
  .refine((s) => !s.endsWith('.'), 'ファイル名の最後に「.」は使えません。');

export const SaveFileRequestSchema = z
  .object({
    fileName: SaveFileNameSchema,
    mimeType: z.string().max(200, 'ファイルの種類（MIME）が長すぎます。').optional(),
    contentBase64: z
      .string({ error: () => 'ファイルの中身を base64 の文字列で指定してください。' })
      .max(MAX_SAVE_FILE_BASE64, `ファイルが大きすぎます（${MAX_SAVE_FILE_BYTES / 1024 / 1024} MB まで）。`)
      .refine((s) => s.length % 4 === 0 && BASE64.test(s), 'ファイルの中身が base64 になっていません。'),
  })
  .strict();
export type SaveFileRequest = z.input<typeof SaveFileRequestSchema>;

/** `where`: the path the file was written to (desktop only; browser downloads go where the browser puts them). */
export interface SaveFileResult {
  saved: boolean;
  where?: string;
}

const FILTERS: Record<string, string> = {
  docx: 'Word 文書',
  csv: 'CSV（Excel で開けます）',
  json: 'JSON',
  pdf: 'PDF',
  txt: 'テキスト',
};

/** The save dialog's file type list for a suggested name: its extension first, then every file. */
export function saveDialogFilters(fileName: string): { name: string; extensions: string[] }[] {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(fileName);
  const all = { name: 'すべてのファイル', extensions: ['*'] };
  if (!m) return [all];
  const ext = m[1]!.toLowerCase();
  return [{ name: FILTERS[ext] ?? `${ext.toUpperCase()} ファイル`, extensions: [ext] }, all];
}
