import type { AppErrorValue } from '../../../shared/errors.ts';

/**
 * SQLite's storage errors in words a user can act on. better-sqlite3 throws a SqliteError whose
 * `code` is SQLite's (extended) result code as a string: SQLITE_FULL, SQLITE_READONLY_DIRECTORY,
 * SQLITE_IOERR_WRITE, … Every write of the core runs in a transaction, so a write that fails this
 * way has changed nothing, and the messages say so.
 */
const STORAGE_ERRORS: readonly { prefix: string; value: AppErrorValue }[] = [
  {
    prefix: 'SQLITE_FULL',
    value: {
      code: 'storage_full',
      message:
        'ディスクの空き容量が足りないため保存できませんでした。この変更は保存されておらず、データは変更前のままです。' +
        '閲覧はこれまでどおりできます。空き容量を増やしてから、もう一度お試しください。',
    },
  },
  {
    prefix: 'SQLITE_READONLY',
    value: {
      code: 'storage_readonly',
      message:
        'データフォルダーに書き込めないため保存できませんでした（読み取り専用）。この変更は保存されておらず、データは変更前のままです。' +
        '閲覧はこれまでどおりできます。フォルダーの書き込み権限やディスクの状態を確認してください。',
    },
  },
  {
    prefix: 'SQLITE_IOERR',
    value: {
      code: 'storage_io',
      message:
        'ディスクの読み書きでエラーが発生したため、操作を完了できませんでした。変更は保存されていません。' +
        'ディスクの接続と空き容量を確認し、もう一度お試しください。',
    },
  },
  {
    prefix: 'SQLITE_CANTOPEN',
    value: {
      code: 'db_unavailable',
      message: 'データベースのファイルを開けません。データフォルダーが存在し、アクセスできることを確認してください。変更は保存されていません。',
    },
  },
  {
    prefix: 'SQLITE_CORRUPT',
    value: {
      code: 'db_damaged',
      message:
        'データベースが破損している可能性があります。変更は保存されていません。Bansō を再起動すると、起動時の点検で破損したファイルを別名で残し、' +
        '最新の正常なバックアップから復元します。',
    },
  },
  {
    prefix: 'SQLITE_NOTADB',
    value: {
      code: 'db_damaged',
      message:
        'データベースのファイルが読み取れません（破損の可能性）。変更は保存されていません。Bansō を再起動すると、起動時の点検で修復を試みます。',
    },
  },
  {
    prefix: 'SQLITE_BUSY',
    value: {
      code: 'db_unavailable',
      message: 'ほかの処理がデータベースを使用中のため、操作を完了できませんでした。変更は保存されていません。しばらくしてから、もう一度お試しください。',
    },
  },
];

/** The SQLite result code of an error thrown by better-sqlite3, or null. */
export function sqliteCode(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}

/** A structured error for SQLite's storage errors (full disk, read-only, I/O, damage); null for anything else. */
export function storageErrorValue(err: unknown): AppErrorValue | null {
  const code = sqliteCode(err);
  if (!code) return null;
  const hit = STORAGE_ERRORS.find((e) => code === e.prefix || code.startsWith(`${e.prefix}_`));
  return hit ? { ...hit.value } : null;
}

export function isDamageCode(code: string | null): boolean {
  return code !== null && (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_') || code === 'SQLITE_NOTADB');
}
