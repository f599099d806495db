import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { filesFingerprint, planOpenCheck, recordCheckOk } from '../backup/check.ts';
import { backupDirFor, listBackups, preMigrationName, writeBackup } from '../backup/files.ts';
import { diskFull, freeBytes, isDiskFullCode, openReadOnly, probeDatabase, recoverDamaged, shortFileReason, type RecoveryReport } from '../backup/recover.ts';
import { sqliteCode } from './errors.ts';
import type { Logger } from '../log.ts';
import { silentLogger } from '../log.ts';
import { DB_FILE_NAME } from '../paths.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { loadSqlite } from './sqlite.ts';
import type { DB, Migration } from './types.ts';
import { settleWal } from './wal.ts';
import { lostWalFrames } from './watch.ts';

export { loadSqlite } from './sqlite.ts';

export interface OpenOptions {
  migrations?: readonly Migration[];
  log?: Logger;
  /** Clock for backup file names (tests). */
  now?: () => Date;
  /**
   * Open read-only: reading works, every write fails with storage_readonly. Chosen automatically
   * when the data folder or the database file cannot be written.
   */
  readOnly?: boolean;
  /**
   * `auto` (default): `quick_check` only when the last session did not end cleanly, the files
   * changed while no Bansō had them open, or no check is on record (backup/check.ts); `full`:
   * always (after a background check found damage).
   */
  check?: 'auto' | 'full';
  /** This process's session marker (backup/check.ts), so that it is not taken for another process. */
  session?: string;
}

export interface OpenedDatabase {
  db: DB;
  path: string;
  schemaVersion: number;
  /** Versions applied by this open. */
  applied: number[];
  /** Backup written before migrating, if any. */
  backupPath: string | null;
  /** The file held data before this open (false for a new database, also after a fresh start from damage). */
  existed: boolean;
  readOnly: boolean;
  /** Why it is read-only: asked for, a folder that cannot be written, or a full disk; null when writable. */
  readOnlyReason: ReadOnlyReason | null;
  /** Frames the -shm said were committed but whose -wal was gone at open (lost changes); 0 normally. */
  walFramesLost: number;
  /** Set when the start-up check found the database damaged: what was moved where and what was restored. */
  recovery: RecoveryReport | null;
  /** Why this open ran `quick_check` (English); null when the cheap checks sufficed (or there was no file). */
  fullCheck: string | null;
}

export type ReadOnlyReason = 'requested' | 'folder' | 'disk_full';

export function dbPathFor(dataDir: string): string {
  return path.join(dataDir, DB_FILE_NAME);
}

function writable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function hasContent(file: string): boolean {
  for (const f of [file, `${file}-wal`]) {
    try {
      if (fs.statSync(f).size > 0) return true;
    } catch {
      /* missing */
    }
  }
  return false;
}

/**
 * Written in the backups folder once a database in the data folder holds its schema. With it (or
 * with any backup), an empty or too-short database file is damage to recover from, not a first start.
 */
export const DB_MARKER_NAME = '.banso-database';

export function dbMarkerPath(dataDir: string): string {
  return path.join(backupDirFor(dataDir), DB_MARKER_NAME);
}

/** Whether a database with data existed in this folder: there are backups, or the marker says so. */
export function databaseExisted(dataDir: string): boolean {
  return fs.existsSync(dbMarkerPath(dataDir)) || listBackups(backupDirFor(dataDir)).length > 0;
}

function writeMarker(dataDir: string, log: Logger): void {
  const marker = dbMarkerPath(dataDir);
  if (fs.existsSync(marker)) return;
  try {
    fs.mkdirSync(path.dirname(marker), { recursive: true });
    fs.writeFileSync(marker, `${JSON.stringify({ createdAt: new Date().toISOString(), note: 'Bansō: a database with data lives in this folder' })}\n`, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') log.warn(`the database marker could not be written (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function futureError(version: number, latest: number, file: string): AppError {
  return new AppError(
    'db_from_future',
    `このデータベース（スキーマ v${version}）は新しいバージョンの Bansō で作成されています。` +
      `このアプリが扱えるのは v${latest} までです。ファイルは変更していません。Bansō を更新してください: ${file}`,
  );
}

/**
 * Run the migrations after `current` in order, each in its own transaction, after an online
 * backup of the existing data (kind pre-migration). Also used after a restore of an older backup.
 */
export async function migrate(
  db: DB,
  dataDir: string,
  opts: { migrations?: readonly Migration[]; log?: Logger; now?: () => Date } = {},
): Promise<{ applied: number[]; backupPath: string | null }> {
  const migrations = opts.migrations ?? MIGRATIONS;
  const log = opts.log ?? silentLogger;
  const now = opts.now ?? (() => new Date());
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = migrations.filter((m) => m.version > current);
  let backupPath: string | null = null;
  if (pending.length > 0 && current > 0) {
    backupPath = await writeBackup(db, backupDirFor(dataDir), preMigrationName(current, now()));
    log.info(`migration backup written (v${current})`);
  }
  const applied: number[] = [];
  for (const m of pending) {
    try {
      // IMMEDIATE, and the version read again inside: a second process starting at the same moment
      // waits for this one's migration and then finds it applied, instead of running it twice.
      const ran = db.transaction(() => {
        if ((db.pragma('user_version', { simple: true }) as number) >= m.version) return false;
        m.up(db, { from: current });
        db.pragma(`user_version = ${m.version}`);
        return true;
      }).immediate();
      if (!ran) continue;
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
  return { applied, backupPath };
}

export async function openDatabase(dataDir: string, opts: OpenOptions = {}): Promise<OpenedDatabase> {
  const migrations = opts.migrations ?? MIGRATIONS;
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
  const log = opts.log ?? silentLogger;
  const now = opts.now ?? (() => new Date());
  const Database = loadSqlite();
  const file = dbPathFor(dataDir);

  let readOnly: ReadOnlyReason | null = opts.readOnly === true ? 'requested' : null;
  if (!readOnly) {
    try {
      fs.mkdirSync(dataDir, { recursive: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      if (code === 'ENOSPC') throw new AppError('storage_full', `ディスクの空き容量がないため、データフォルダーを作成できません: ${dataDir}`);
      throw new AppError('db_unavailable', `データフォルダーを作成できません: ${dataDir}（${code}）`);
    }
    if (!writable(dataDir) || (fs.existsSync(file) && !writable(file))) readOnly = 'folder';
    else if (fs.existsSync(file) && diskFull(dataDir)) readOnly = 'disk_full';
    if (readOnly) log.warn(`opening read-only (${readOnly})`);
  }
  const why = (r: ReadOnlyReason) => (r === 'disk_full' ? `ディスクの空き容量がない（残り ${freeText(dataDir)}）ため` : 'データフォルダーに書き込めないため');

  // The start-up check: read-only, so a damaged file is left exactly as it is. Always the cheap
  // checks (size and header, then a read-only connection: SQLite, schema version, whose -wal,
  // Bansō's tables); SQLite's quick_check only when backup/check.ts says something may be wrong.
  const exists = fs.existsSync(file);
  let existed = exists && hasContent(file);
  // Before any connection: the first one rebuilds the -shm and the evidence is gone.
  const walFramesLost = (exists && lostWalFrames(file)) || 0;
  if (walFramesLost > 0) log.warn(`the -shm lists ${walFramesLost} frames but the -wal is gone`);
  let recovery: RecoveryReport | null = null;
  let damage: string | null = null;
  // Taken before any connection touches the files (see backup/check.ts).
  const plan = exists ? planOpenCheck(dataDir, filesFingerprint(file), opts.session) : { reason: null, dead: [] };
  const fullCheck = opts.check === 'full' ? 'asked for' : plan.reason;
  const checkedAt = now();
  if (exists) {
    const short = shortFileReason(file);
    // An empty file where no database ever was is a first start (e.g. a crash before the first commit).
    if (short !== null && (existed || databaseExisted(dataDir))) damage = short;
  }
  if (damage === null && existed) {
    let probe: ReturnType<typeof probeDatabase>;
    try {
      if (fullCheck) log.info(`integrity check (quick_check) at open: ${fullCheck}`);
      probe = probeDatabase(file, latest, { quick: fullCheck !== null });
    } catch (err) {
      throw new AppError('db_unavailable', `データベースを開けません: ${file}（${(err as Error).message}）`);
    }
    if (probe.future) throw futureError(probe.version ?? 0, latest, file);
    if (probe.status === 'damaged') damage = probe.reason;
  }
  if (damage !== null) {
    if (readOnly) {
      throw new AppError('db_damaged', `データベースが破損しています（${damage}）。${why(readOnly)}修復できません: ${file}`);
    }
    log.warn('the database failed its start-up check');
    recovery = await recoverDamaged({ dataDir, file, reason: damage, latest, now: now(), log });
    existed = fs.existsSync(file);
  }
  // Recorded for the next open and for backup rotation; a restored backup passed integrity_check.
  if (!readOnly && (recovery || (existed && fullCheck))) recordCheckOk(dataDir, checkedAt, plan.dead, log);
  const full = existed || recovery ? fullCheck : null;

  /** Reading only: the folder cannot be written, or the disk is full. */
  const openForReading = (reason: ReadOnlyReason): OpenedDatabase => {
    if (!existed) throw new AppError(reason === 'disk_full' ? 'storage_full' : 'db_unavailable', `${why(reason)}、データベースを作成できません: ${dataDir}`);
    let db: DB;
    try {
      db = openReadOnly(file);
    } catch (err) {
      throw new AppError('db_unavailable', `データベースを開けません: ${file}（${(err as Error).message}）`);
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    if (migrations.some((m) => m.version > version)) {
      db.close();
      throw new AppError(
        reason === 'disk_full' ? 'storage_full' : 'db_unavailable',
        `データベースの更新（v${version} → v${latest}）が必要ですが、${why(reason)}開けません。` +
          (reason === 'disk_full' ? `空き容量を増やしてから、もう一度起動してください: ${dataDir}` : `書き込みできる場所で一度起動してください: ${dataDir}`),
      );
    }
    db.pragma('foreign_keys = ON');
    return { db, path: file, schemaVersion: version, applied: [], backupPath: null, existed, readOnly: true, readOnlyReason: reason, walFramesLost, recovery, fullCheck: full };
  };
  if (readOnly) return openForReading(readOnly);

  /** A full disk at this point: read what exists; with nothing to read, say that the disk is full. */
  const fullDisk = (err: unknown): OpenedDatabase | null => {
    if (!isDiskFullCode(sqliteCode(err)) || !diskFull(dataDir)) return null;
    log.warn('the disk is full: opening read-only');
    if (existed) return openForReading('disk_full');
    throw new AppError('storage_full', `ディスクの空き容量がない（残り ${freeText(dataDir)}）ため、データベースを作成できません。空き容量を増やしてから、もう一度起動してください: ${dataDir}`);
  };
  let db: DB;
  try {
    db = new Database(file);
  } catch (err) {
    const r = fullDisk(err);
    if (r) return r;
    throw err;
  }
  try {
    db.pragma('busy_timeout = 5000'); // first: switching a new file to WAL waits for a process starting at the same moment
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const { applied, backupPath } = await migrate(db, dataDir, { migrations, log, now });
    if (applied.length > 0) settleWal(db);
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    if (schemaVersion > 0) writeMarker(dataDir, log);
    if (!existed && !recovery) recordCheckOk(dataDir, checkedAt, plan.dead, log); // a new database is sound
    return { db, path: file, schemaVersion, applied, backupPath, existed, readOnly: false, readOnlyReason: null, walFramesLost, recovery, fullCheck: full };
  } catch (err) {
    db.close();
    // The disk filled up just now (or SQLite could not make its -shm): open for reading instead.
    const r = fullDisk(err);
    if (r) return r;
    throw err;
  }
}

/** Free space for messages: "0 KB", "3.2 MB", "不明". */
export function freeText(dir: string): string {
  const free = freeBytes(dir);
  if (free === null) return '不明';
  return free >= 1024 * 1024 ? `${(free / 1024 / 1024).toFixed(1)} MB` : `${Math.floor(free / 1024).toLocaleString('ja-JP')} KB`;
}
