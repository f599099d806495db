import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BackupInfo, BackupKind } from '../../../shared/contract/backup.ts';
import { BACKUP_KINDS } from '../../../shared/contract/backup.ts';
import { backupDatabase, loadSqlite, openSqlite } from '../db/sqlite.ts';
import type { DB } from '../db/types.ts';
import { BACKUP_DIR_NAME } from '../paths.ts';

/**
 * Backup files: names, listing, writing (always SQLite's online backup API, never a file copy of
 * the live database), verifying and restoring.
 *
 * Names carry everything the list shows, so listing never opens a file:
 *   banso-20260401T090000Z-auto-v5.sqlite3          (kind auto | manual | pre-restore | pre-migration)
 *   banso-20260401T090000Z-2-manual-v5.sqlite3      (a second one in the same second)
 *   banso-v4-before-migration-20260401T090000Z.sqlite3   (pre-migration, written by db/open.ts)
 * A backup is written to a hidden `.banso-backup-….partial` file of its own first and put in
 * place when complete (never over another backup), so every listed file is a whole database. Backups are single files in rollback-journal mode (no -wal).
 */

export function backupDirFor(dataDir: string): string {
  return path.join(dataDir, BACKUP_DIR_NAME);
}

/** 20260401T090000Z: sortable, safe in file names on every OS. */
export function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

function parseStamp(s: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return null;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  return Number.isNaN(d.getTime()) ? null : d;
}

const KIND_RE = BACKUP_KINDS.join('|');
const NAME_RE = new RegExp(`^banso-(\\d{8}T\\d{6}Z)(?:-(\\d+))?-(${KIND_RE})-v(\\d+)\\.sqlite3$`);
const PRE_MIGRATION_RE = /^banso-v(\d+)-before-migration-(\d{8}T\d{6}Z)\.sqlite3$/;

export interface ParsedName {
  kind: BackupKind;
  createdAt: Date;
  /** Tie-breaker within one second. */
  seq: number;
  schemaVersion: number;
}

export function parseBackupName(name: string): ParsedName | null {
  const m = NAME_RE.exec(name);
  if (m) {
    const createdAt = parseStamp(m[1]!);
    if (!createdAt) return null;
    return { createdAt, seq: m[2] ? Number(m[2]) : 1, kind: m[3] as BackupKind, schemaVersion: Number(m[4]) };
  }
  const p = PRE_MIGRATION_RE.exec(name);
  if (p) {
    const createdAt = parseStamp(p[2]!);
    if (!createdAt) return null;
    return { createdAt, seq: 1, kind: 'pre-migration', schemaVersion: Number(p[1]) };
  }
  return null;
}

/** A free name for a new backup in dir (free now: writeBackup asks again if another process takes it first). */
export function newBackupName(dir: string, kind: BackupKind, at: Date, schemaVersion: number): string {
  for (let seq = 1; ; seq++) {
    const name = `banso-${stamp(at)}${seq > 1 ? `-${seq}` : ''}-${kind}-v${schemaVersion}.sqlite3`;
    if (!fs.existsSync(path.join(dir, name))) return name;
  }
}

/** The name of the legacy-format pre-migration backup db/open.ts writes. */
export function preMigrationName(schemaVersion: number, at: Date): string {
  return `banso-v${schemaVersion}-before-migration-${stamp(at)}.sqlite3`;
}

/** A temporary name of this write's own: processes starting at the same second never share one. */
function partialName(): string {
  return `.banso-backup-${process.pid}-${randomBytes(6).toString('hex')}.partial`;
}

/** Backups in dir, newest first. Files that are not backups are ignored (never touched). */
export function listBackups(dir: string): BackupInfo[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const items: (BackupInfo & { t: number; seq: number })[] = [];
  for (const name of names) {
    const info = backupInfo(dir, name);
    if (info) items.push(info);
  }
  items.sort((a, b) => b.t - a.t || b.seq - a.seq || (a.name < b.name ? 1 : -1));
  return items.map(({ t: _t, seq: _seq, ...info }) => info);
}

/** The list entry of one backup file; null when the name is not a backup's or the file is gone. */
function backupInfo(dir: string, name: string): (BackupInfo & { t: number; seq: number }) | null {
  const p = parseBackupName(name);
  if (!p) return null;
  try {
    const st = fs.statSync(path.join(dir, name));
    if (!st.isFile()) return null;
    return { name, createdAt: p.createdAt.toISOString(), size: st.size, kind: p.kind, schemaVersion: p.schemaVersion, t: p.createdAt.getTime(), seq: p.seq };
  } catch {
    return null; // removed meanwhile
  }
}

/** Like one entry of listBackups. */
export function backupInfoOf(dir: string, name: string): BackupInfo | null {
  const info = backupInfo(dir, name);
  if (!info) return null;
  const { t: _t, seq: _seq, ...rest } = info;
  return rest;
}

function fsyncDir(dir: string): void {
  // Makes the rename durable; not possible on every platform (Windows), where it is skipped.
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    /* best effort */
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Codes of file systems without hard links (FAT, exFAT, some network shares). */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK', 'EINVAL']);

/**
 * Put the complete file `partial` in place under a name that no other backup has: a hard link
 * fails with EEXIST instead of replacing a backup another process published under the same name
 * in the same second, and then the next free name is tried. Where hard links are not available,
 * a rename after a check. A fixed name (pre-migration) that is taken already holds the same
 * state (another process backed up the same version at the same second): that one is kept.
 */
function publish(partial: string, dir: string, name: string | (() => string)): string {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const final = path.join(dir, typeof name === 'string' ? name : name());
    try {
      fs.linkSync(partial, final);
      fs.rmSync(partial, { force: true });
      return final;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (code === 'EEXIST') {
        if (typeof name === 'string') {
          fs.rmSync(partial, { force: true });
          return final;
        }
        continue;
      }
      if (!NO_LINKS.has(code)) throw err;
      if (fs.existsSync(final)) {
        if (typeof name === 'string') {
          fs.rmSync(partial, { force: true });
          return final;
        }
        continue;
      }
      fs.renameSync(partial, final);
      return final;
    }
  }
  throw Object.assign(new Error('no free backup name'), { code: 'EEXIST' });
}

/**
 * Write a backup of `db` (the live connection) into dir through SQLite's online backup API:
 * consistent even while the database is in use, never a file copy. The result is one
 * self-contained file in rollback-journal mode, written under a temporary name of its own and
 * put in place only when complete. `name` is the file name, or a function giving the next free
 * one (asked again when another process takes a name first). Returns the backup's path.
 */
export async function writeBackup(db: DB, dir: string, name: string | (() => string)): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const partial = path.join(dir, partialName());
  try {
    await backupDatabase(db, partial); // keyed like the data folder (crypto/keyring.ts)
    const b = openSqlite(partial, { fileMustExist: true });
    try {
      b.pragma('journal_mode = DELETE'); // no -wal/-shm beside a backup when it is read later
    } finally {
      b.close();
    }
    const final = publish(partial, dir, name);
    fsyncDir(dir);
    return final;
  } catch (err) {
    for (const f of [partial, `${partial}-journal`, `${partial}-wal`, `${partial}-shm`]) fs.rmSync(f, { force: true });
    throw err;
  }
}

/** Remove partial backups left by a process that died while writing one (older than an hour). */
export function removeStalePartials(dir: string, now: Date): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    if (!n.startsWith('.banso-') || !/\.partial(-journal|-wal|-shm)?$|^\.banso-tmp-/.test(n)) continue;
    try {
      const st = fs.statSync(path.join(dir, n));
      if (now.getTime() - st.mtimeMs > 3_600_000) fs.rmSync(path.join(dir, n), { force: true });
    } catch {
      /* gone */
    }
  }
}

/**
 * Open a closed database file read-only without creating or changing anything beside it
 * (`immutable`: no -wal/-shm, no locks). Only for files nobody writes: backups, or a database in a
 * read-only folder.
 */
export function openImmutable(file: string): DB {
  loadSqlite();
  if (!fs.existsSync(file)) throw Object.assign(new Error(`no such file: ${file}`), { code: 'SQLITE_CANTOPEN' });
  return openSqlite(`${pathToFileURL(file).href}?immutable=1`, { readonly: true });
}

export interface FileCheck {
  ok: boolean;
  /** Japanese. */
  message: string;
  schemaVersion: number | null;
}

/** PRAGMA integrity_check on a backup file opened read-only (immutable), plus a look at what it is. */
export function verifyBackupFile(file: string): FileCheck {
  let db: DB;
  try {
    db = openImmutable(file);
  } catch (err) {
    return { ok: false, message: `ファイルを開けません（${(err as { code?: string }).code ?? 'error'}）。`, schemaVersion: null };
  }
  try {
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    const rows = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (rows.length !== 1 || rows[0] !== 'ok') {
      return { ok: false, message: `破損しています: ${rows.slice(0, 3).join(' / ').slice(0, 300)}`, schemaVersion };
    }
    const hasSettings = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'settings'").get() !== undefined;
    if (schemaVersion < 1 || !hasSettings) return { ok: false, message: 'Bansō のデータベースではありません。', schemaVersion };
    return { ok: true, message: '問題ありません（整合性検査 ok）。', schemaVersion };
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'error';
    return { ok: false, message: `破損しています（${code}）。`, schemaVersion: null };
  } finally {
    db.close();
  }
}

/**
 * Copy a backup into the database at `target` through SQLite's backup API (the backup file is
 * the source, opened read-only). All pages are copied in one step inside one write transaction
 * of the target: another connection to the target (the core's own) sees the old or the new
 * database, never a mix, and a crash in the middle leaves the old one. Works on a live
 * database in WAL mode and on a target that does not exist yet.
 */
export async function restoreInto(backupFile: string, target: string): Promise<void> {
  const src = openImmutable(backupFile);
  try {
    await backupDatabase(src, target, { progress: () => 0x7fffffff });
  } finally {
    src.close();
  }
}
