import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { isDamageCode, sqliteCode } from '../db/errors.ts';
import { openSqlite } from '../db/sqlite.ts';
import type { DB } from '../db/types.ts';
import type { Logger } from '../log.ts';
import { backupDirFor, listBackups, openImmutable, restoreInto, stamp, verifyBackupFile } from './files.ts';

/**
 * The start-up check of the database file, and what happens when it fails.
 *
 * Damaged means: SQLite cannot read it as a database (SQLITE_NOTADB / SQLITE_CORRUPT), or
 * `PRAGMA quick_check` finds a problem, or the -wal beside it belongs to another database
 * (SQLite replays any WAL it finds; a WAL that makes the schema version go backwards or the
 * Bansō tables disappear cannot be ours). A damaged database is moved aside — renamed with a
 * time stamp together with its -wal/-shm, never deleted — and the newest backup that passes
 * `integrity_check` is restored in its place through the backup API. Without a good backup the
 * core starts with a new, empty database. Either way the user is told (a recovery notice).
 *
 * Anything else that keeps the file from opening (permissions, locks) is not damage: the file is
 * left alone and the error is reported.
 */

export interface ProbeResult {
  status: 'ok' | 'damaged';
  /** user_version as SQLite reads it (with the WAL); null when unreadable. */
  version: number | null;
  /** Japanese, for the notice. */
  reason: string;
}

const SQLITE_MAGIC = 'SQLite format 3\0';

/** user_version in the main file's header, without SQLite (and so without the WAL). */
function headerVersion(file: string): number | null {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(100);
    if (fs.readSync(fd, buf, 0, 100, 0) < 100) return null;
    if (buf.toString('latin1', 0, 16) !== SQLITE_MAGIC) return null;
    return buf.readUInt32BE(60);
  } catch {
    return null;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The smallest file SQLite writes for a database: one page of the smallest page size. */
export const MIN_DATABASE_BYTES = 512;

/**
 * The cheap part of the start-up check: the file's size and its 100-byte header, nothing else
 * (no SQLite, no page read), so it can run at every open whatever the size of the database.
 * SQLite itself takes a file shorter than one page for a new, empty database and would write
 * over it; for a file that held data this says why it cannot be that data:
 * - empty (0 bytes) or shorter than one page (e.g. `: > banso.sqlite3`, a sync tool that
 *   created an empty placeholder, a 1-byte leftover);
 * - cut short: with no -wal to replay, the file is shorter than the page count its header states.
 * Returns null when the file looks whole (the full check is `quick_check` in the probe).
 */
export function shortFileReason(file: string): string | null {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    if (size === 0) return 'データベースのファイルが空になっています（0 バイト）';
    if (size < MIN_DATABASE_BYTES) return `データベースのファイルが短すぎます（${size} バイト。データベースは少なくとも ${MIN_DATABASE_BYTES} バイトあります）`;
    const buf = Buffer.alloc(100);
    if (fs.readSync(fd, buf, 0, 100, 0) < 100 || buf.toString('latin1', 0, 16) !== SQLITE_MAGIC) return null; // not SQLite: the probe says so
    if (hasWal(file)) return null; // frames still to replay may make it whole
    const raw = buf.readUInt16BE(16);
    const pageSize = raw === 1 ? 65536 : raw;
    const pages = buf.readUInt32BE(28);
    // The page count in the header is valid when the change counter equals "version valid for".
    if (pages > 0 && buf.readUInt32BE(24) === buf.readUInt32BE(92) && size < pages * pageSize) {
      return `データベースのファイルが途中で切れています（${size.toLocaleString('ja-JP')} バイト。ヘッダーによれば ${(pages * pageSize).toLocaleString('ja-JP')} バイト）`;
    }
    return null;
  } catch {
    return null; // unreadable: the probe reports why
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function hasWal(file: string): boolean {
  try {
    return fs.statSync(`${file}-wal`).size > 0;
  } catch {
    return false;
  }
}

/** Below this much free space the disk counts as full: SQLite cannot even make the -shm WAL mode needs. */
export const MIN_FREE_BYTES = 1024 * 1024;

/**
 * Free space for this user on the disk that holds `dir`, in bytes; null when the file system does
 * not say (statfs unsupported, or a file system that reports no size at all).
 */
export function freeBytes(dir: string): number | null {
  try {
    const st = fs.statfsSync(dir);
    if (!(st.blocks > 0) || !(st.bsize > 0)) return null;
    return st.bavail * st.bsize;
  } catch {
    return null;
  }
}

export function diskFull(dir: string): boolean {
  const free = freeBytes(dir);
  return free !== null && free < MIN_FREE_BYTES;
}

/** SQLite codes a full disk produces while opening: no room for the -shm (IOERR_SHMSIZE), the -wal, or a page. */
export function isDiskFullCode(code: string | null): boolean {
  return code !== null && (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR'));
}

/**
 * A read-only connection that needs no -shm: exclusive locking mode keeps the WAL index in memory,
 * so a -wal left by a crash is still read, on a disk with no room for anything. `query_only`
 * refuses every write (SQLITE_READONLY). Other processes cannot use the database meanwhile.
 */
function openWithoutShm(file: string): DB {
  const db = openSqlite(file, { fileMustExist: true });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('query_only = 1');
    db.pragma('user_version', { simple: true });
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Open the database read-only: nothing is written, no checkpoint happens on close, so a damaged
 * file stays exactly as it was. In a read-only folder with no -wal (a clean shutdown), SQLite
 * cannot create the -shm it needs for WAL mode, and the file is opened immutable instead. On a
 * full disk the same holds, and a -wal left by a crash is read through a connection that keeps
 * the WAL index in memory; the empty -wal/-shm the failed attempt made are removed again.
 */
export function openReadOnly(file: string): DB {
  const before = new Set(['-wal', '-shm'].filter((s) => fs.existsSync(`${file}${s}`)));
  try {
    const db = openSqlite(file, { readonly: true, fileMustExist: true });
    try {
      db.pragma('user_version', { simple: true });
      return db;
    } catch (err) {
      db.close();
      throw err;
    }
  } catch (err) {
    const code = sqliteCode(err);
    if ((code?.startsWith('SQLITE_READONLY') || code?.startsWith('SQLITE_CANTOPEN')) && !hasWal(file)) return openImmutable(file);
    if (isDiskFullCode(code) && diskFull(path.dirname(file))) {
      for (const s of ['-wal', '-shm']) {
        const f = `${file}${s}`;
        try {
          if (!before.has(s) && fs.statSync(f).size < 4096) fs.rmSync(f, { force: true });
        } catch {
          /* not there */
        }
      }
      return hasWal(file) ? openWithoutShm(file) : openImmutable(file);
    }
    throw err;
  }
}

/**
 * Check the file at `file` (which exists) without changing it. Throws for problems that are not
 * damage. `quick: false` leaves out `quick_check` (every page read) and keeps the cheap checks:
 * it opens as SQLite, the schema version, a -wal of another database, Bansō's tables.
 */
export function probeDatabase(file: string, latest: number, opts: { quick: boolean } = { quick: true }): ProbeResult & { future: boolean } {
  // A read-only connection may still create an empty -wal/-shm; for a damaged file they are removed
  // again, so what is set aside is exactly what was found.
  const before = new Set(['-wal', '-shm'].filter((s) => fs.existsSync(`${file}${s}`)));
  const result = probe(file, latest, opts.quick);
  if (result.status === 'damaged') {
    for (const s of ['-wal', '-shm']) {
      const f = `${file}${s}`;
      try {
        if (!before.has(s) && (s === '-shm' || fs.statSync(f).size === 0)) fs.rmSync(f, { force: true });
      } catch {
        /* not there */
      }
    }
  }
  return result;
}

function probe(file: string, latest: number, quick: boolean): ProbeResult & { future: boolean } {
  const raw = headerVersion(file);
  let db: DB;
  try {
    db = openReadOnly(file);
  } catch (err) {
    const code = sqliteCode(err);
    if (isDamageCode(code)) return { status: 'damaged', version: null, reason: `SQLite のデータベースとして読み取れません（${code}）`, future: false };
    throw err;
  }
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > latest) return { status: 'ok', version, reason: '', future: true };
    const rows = quick ? (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check) : ['ok'];
    if (rows.length !== 1 || rows[0] !== 'ok') {
      return { status: 'damaged', version, reason: `整合性の検査（quick_check）で問題が見つかりました: ${rows[0]?.split('\n').slice(0, 2).join(' ').slice(0, 200) ?? ''}`, future: false };
    }
    if (hasWal(file) && raw !== null && raw >= 1 && version < raw) {
      return { status: 'damaged', version, reason: `横にある -wal ファイルが別のデータベースのものです（スキーマ v${raw} → v${version}）`, future: false };
    }
    if (version >= 1) {
      const hasSettings = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'settings'").get() !== undefined;
      if (!hasSettings) {
        const why = hasWal(file) ? '横にある -wal ファイルが別のデータベースのものです' : 'Bansō のデータベースではありません';
        return { status: 'damaged', version, reason: `${why}（必要な表がありません）`, future: false };
      }
    }
    return { status: 'ok', version, reason: '', future: false };
  } catch (err) {
    const code = sqliteCode(err);
    if (isDamageCode(code)) return { status: 'damaged', version: null, reason: `読み取り中に破損が見つかりました（${code}）`, future: false };
    throw err;
  } finally {
    db.close();
  }
}

export interface RecoveryReport {
  /** Why the database was judged damaged (Japanese). */
  reason: string;
  /** Where the damaged file (and its -wal/-shm) now are. */
  movedTo: string[];
  /** The backup restored in its place; null when none was good and the core started fresh. */
  restoredFrom: { name: string; path: string; createdAt: string } | null;
  /** Backups that were tried and failed integrity_check. */
  rejected: string[];
  at: string;
}

/** Rename the damaged database and its companions aside; the -wal goes first, so no new database ever meets it. */
function moveAside(dataDir: string, file: string, at: Date): string[] {
  const base = path.basename(file, '.sqlite3');
  let prefix = path.join(dataDir, `${base}.damaged-${stamp(at)}`);
  for (let n = 2; fs.existsSync(`${prefix}.sqlite3`); n++) prefix = path.join(dataDir, `${base}.damaged-${stamp(at)}-${n}`);
  const moved: string[] = [];
  for (const suffix of ['-wal', '-shm', '-journal', '']) {
    const from = `${file}${suffix}`;
    if (!fs.existsSync(from)) continue;
    const to = `${prefix}.sqlite3${suffix}`;
    try {
      fs.renameSync(from, to);
    } catch (err) {
      throw new AppError(
        'db_damaged',
        `データベースが破損していますが、別名に移せませんでした（${(err as NodeJS.ErrnoException).code ?? 'error'}）。` +
          `ほかに Bansō が起動していないか確認してください: ${from}`,
      );
    }
    moved.push(to);
  }
  return moved.reverse(); // the database first
}

/** Move the damaged database aside and put the newest good backup (if any) in its place. */
export async function recoverDamaged(opts: { dataDir: string; file: string; reason: string; latest: number; now: Date; log: Logger }): Promise<RecoveryReport> {
  const { dataDir, file, reason, latest, now, log } = opts;
  const movedTo = moveAside(dataDir, file, now);
  log.warn(`damaged database moved aside (${movedTo.length} files)`);
  const rejected: string[] = [];
  const dir = backupDirFor(dataDir);
  for (const b of listBackups(dir)) {
    if (b.schemaVersion > latest) continue;
    const p = path.join(dir, b.name);
    const check = verifyBackupFile(p);
    if (!check.ok || (check.schemaVersion ?? 0) > latest) {
      rejected.push(b.name);
      continue;
    }
    try {
      await restoreInto(p, file);
    } catch (err) {
      log.error('restoring a backup after damage failed', err);
      for (const s of ['', '-journal', '-wal', '-shm']) fs.rmSync(`${file}${s}`, { force: true });
      rejected.push(b.name);
      continue;
    }
    log.warn('database restored from the newest good backup');
    return { reason, movedTo, restoredFrom: { name: b.name, path: p, createdAt: b.createdAt }, rejected, at: now.toISOString() };
  }
  log.warn('no good backup: starting with a new database');
  return { reason, movedTo, restoredFrom: null, rejected, at: now.toISOString() };
}
