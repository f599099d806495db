import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../../shared/errors.ts';
import type { Logger } from '../log.ts';
import { silentLogger } from '../log.ts';
import { BACKUP_DIR_NAME, DB_FILE_NAME } from '../paths.ts';
import { runtimeProblem } from '../runtime.ts';
import { MIGRATIONS } from './migrations/index.ts';
import type { DB, Migration } from './types.ts';

const requireNative = createRequire(import.meta.url);
let DatabaseCtor: typeof BetterSqlite3 | undefined;

/** Load better-sqlite3 only after checking the runtime, so Node 20 gets a message, not a segfault. */
export function loadSqlite(): typeof BetterSqlite3 {
  const problem = runtimeProblem();
  if (problem) throw new AppError('db_unavailable', problem);
  DatabaseCtor ??= requireNative('better-sqlite3') as typeof BetterSqlite3;
  return DatabaseCtor;
}

export interface OpenOptions {
  migrations?: readonly Migration[];
  log?: Logger;
  /** Clock for backup file names (tests). */
  now?: () => Date;
}

export interface OpenedDatabase {
  db: DB;
  path: string;
  schemaVersion: number;
  /** Versions applied by this open. */
  applied: number[];
  /** Backup written before migrating, if any. */
  backupPath: string | null;
}

export function dbPathFor(dataDir: string): string {
  return path.join(dataDir, DB_FILE_NAME);
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** Read user_version without writing anything (no WAL switch, no checkpoint on close). */
function peekVersion(file: string): number {
  const Database = loadSqlite();
  const ro = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return ro.pragma('user_version', { simple: true }) as number;
  } finally {
    ro.close();
  }
}

export async function openDatabase(dataDir: string, opts: OpenOptions = {}): Promise<OpenedDatabase> {
  const migrations = opts.migrations ?? MIGRATIONS;
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
  const log = opts.log ?? silentLogger;
  const now = opts.now ?? (() => new Date());
  const Database = loadSqlite();

  try {
    fs.mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    throw new AppError('db_unavailable', `データフォルダーを作成できません: ${dataDir}（${(err as NodeJS.ErrnoException).code ?? 'error'}）`);
  }
  const file = dbPathFor(dataDir);
  const existed = fs.existsSync(file) && fs.statSync(file).size > 0;

  if (existed) {
    let version: number;
    try {
      version = peekVersion(file);
    } catch (err) {
      throw new AppError('db_unavailable', `データベースを開けません: ${file}（${(err as Error).message}）`);
    }
    if (version > latest) {
      throw new AppError(
        'db_from_future',
        `このデータベース（スキーマ v${version}）は新しいバージョンの Bansō で作成されています。` +
          `このアプリが扱えるのは v${latest} までです。ファイルは変更していません。Bansō を更新してください: ${file}`,
      );
    }
  }

  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');

    const current = db.pragma('user_version', { simple: true }) as number;
    const pending = migrations.filter((m) => m.version > current);
    let backupPath: string | null = null;
    if (pending.length > 0 && current > 0) {
      const dir = path.join(dataDir, BACKUP_DIR_NAME);
      fs.mkdirSync(dir, { recursive: true });
      backupPath = path.join(dir, `banso-v${current}-before-migration-${stamp(now())}.sqlite3`);
      await db.backup(backupPath);
      log.info(`migration backup written (v${current})`);
    }
    const applied: number[] = [];
    for (const m of pending) {
      try {
        db.transaction(() => {
          m.up(db);
          db.pragma(`user_version = ${m.version}`);
        })();
      } catch (err) {
        log.error(`migration v${m.version} (${m.name}) failed`, err);
        throw new AppError(
          'db_unavailable',
          `データベースの更新（v${m.version} ${m.name}）に失敗しました。更新前の状態のまま残しています。` +
            (backupPath ? `更新前のバックアップ: ${backupPath}` : ''),
        );
      }
      applied.push(m.version);
    }
    return { db, path: file, schemaVersion: db.pragma('user_version', { simple: true }) as number, applied, backupPath };
  } catch (err) {
    db.close();
    throw err;
  }
}
