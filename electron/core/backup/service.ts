import fs from 'node:fs';
import path from 'node:path';
import type { BackupInfo, BackupKind, BackupList, BackupRestore, BackupVerify } from '../../../shared/contract/backup.ts';
import { AppError } from '../../../shared/errors.ts';
import { storageErrorValue } from '../db/errors.ts';
import type { DB } from '../db/types.ts';
import { writeFileAtomicSync } from '../files/write-atomic.ts';
import type { Logger } from '../log.ts';
import { backupDirFor, backupInfoOf, listBackups, newBackupName, removeStalePartials, restoreInto, verifyBackupFile, writeBackup } from './files.ts';
import { BackupFacts, hasChange, recordCount } from './facts.ts';
import type { NoticeStore } from './notices.ts';
import { backupsToKeep, highWaterBackups, lastKnownGood } from './retention.ts';
import { filesFingerprint, recordCheckOk } from './check.ts';

/** At most one automatic backup per this interval, and only when data changed since the last one. */
export const AUTO_BACKUP_INTERVAL_MS = 30 * 60_000;
/** How often the timer looks at the change counter. */
export const AUTO_BACKUP_CHECK_MS = 60_000;
/** The newest automatic backup and the files as they were when nothing had changed since it. */
const LAST_START_FILE = '.last-start.json';

/** What the service needs from the core it belongs to. */
export interface BackupHost {
  db(): DB;
  dbPath: string;
  dataDir: string;
  schemaVersion(): number;
  latestSchemaVersion: number;
  readOnly(): boolean;
  /** Close the database connection and open the data folder again (migrations, fresh services). */
  reopen(): Promise<void>;
  /** Run fn while no other call of the contract runs. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
}

/** What rotation asks the integrity check (backup/check.ts, IntegrityMonitor). */
export interface RotationGate {
  /** A check of the live database passed within the day; none is pending or failed. */
  allowsRotation(): boolean;
  /** Run the check if one is due (or wait for the one running); true when rotation may then run. */
  settle(): Promise<boolean>;
  /** When the last passing check began: the newest backup from before it is kept. */
  lastOkAt(): Date | null;
}

export interface BackupServiceOptions {
  log: Logger;
  notices: NoticeStore;
  now?: () => Date;
  intervalMs?: number;
  checkEveryMs?: number;
  gate: RotationGate;
}

/** Identity, size and time of the database file and its WAL: equal means nothing was written in between. */
export const fileFingerprint = filesFingerprint;

/**
 * Backups of the live database: automatic (at start, and at most every 30 minutes while data
 * changes), manual, pre-restore; listing, verifying, restoring and retention. One operation at a
 * time (a queue), so a timer's backup never overlaps a restore.
 */
export class BackupService {
  readonly dir: string;
  private readonly host: BackupHost;
  private readonly log: Logger;
  private readonly notices: NoticeStore;
  private readonly now: () => Date;
  private readonly intervalMs: number;
  private readonly checkEveryMs: number;
  private queue: Promise<unknown> = Promise.resolve();
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Change counter when the last backup began (null: unknown, i.e. changed). */
  private baseline: string | null = null;
  private lastBackupAt = Number.NEGATIVE_INFINITY;
  private closed = false;
  private readonly gate: RotationGate;
  /** Rotation waiting for the integrity check (backup/check.ts). */
  private rotation: Promise<void> | null = null;
  /** The newest automatic backup whose state the database still has (null: changed since, or unknown). */
  private unchangedSince: string | null = null;
  private started: Promise<BackupInfo | null> | null = null;
  private startHandle: ReturnType<typeof setTimeout> | null = null;
  private startDone: ((b: BackupInfo | null) => void) | null = null;

  constructor(host: BackupHost, opts: BackupServiceOptions) {
    this.host = host;
    this.dir = backupDirFor(host.dataDir);
    this.log = opts.log;
    this.notices = opts.notices;
    this.now = opts.now ?? (() => new Date());
    this.intervalMs = opts.intervalMs ?? AUTO_BACKUP_INTERVAL_MS;
    this.checkEveryMs = opts.checkEveryMs ?? AUTO_BACKUP_CHECK_MS;
    this.gate = opts.gate;
    const newest = listBackups(this.dir)[0];
    if (newest) this.lastBackupAt = Math.min(Date.parse(newest.createdAt), this.now().getTime());
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** total_changes() counts this connection's writes, data_version other connections' commits. */
  private counter(): string {
    const db = this.host.db();
    const t = (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    const v = db.pragma('data_version', { simple: true }) as number;
    return `${t}:${v}`;
  }

  /** Reset the change baseline (after the connection was reopened). */
  resetBaseline(): void {
    this.baseline = this.counter();
  }

  list(): BackupList {
    return { dir: this.dir, items: listBackups(this.dir) };
  }

  private find(name: string): BackupInfo {
    const item = listBackups(this.dir).find((b) => b.name === name);
    if (!item) throw new AppError('not_found', `バックアップが見つかりません: ${name}`, { path: ['name'] });
    return item;
  }

  private refuseReadOnly(): void {
    if (this.host.readOnly()) {
      throw new AppError('storage_readonly', 'データフォルダーに書き込めないため（読み取り専用）、バックアップの作成や復元はできません。閲覧はできます。');
    }
  }

  /** Write a backup now (not queued: callers are inside the queue). */
  private async write(kind: BackupKind): Promise<BackupInfo> {
    const at = this.now();
    const before = this.counter();
    const version = this.host.schemaVersion();
    let file: string;
    try {
      file = await writeBackup(this.host.db(), this.dir, () => newBackupName(this.dir, kind, at, version));
    } catch (err) {
      const storage = storageErrorValue(err);
      const code = (err as NodeJS.ErrnoException).code;
      if (storage) throw new AppError(storage.code, `バックアップを書き込めませんでした。${storage.message}`);
      if (code === 'ENOSPC') throw new AppError('storage_full', 'ディスクの空き容量が足りないため、バックアップを書き込めませんでした。データは変更されていません。');
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
        throw new AppError('storage_readonly', `バックアップのフォルダーに書き込めません（${code}）: ${this.dir}`);
      }
      throw err;
    }
    this.baseline = before;
    this.lastBackupAt = at.getTime();
    // Read before pruning: another process's pruning may remove it later, but it was written whole.
    const info = backupInfoOf(this.dir, path.basename(file));
    if (!info) throw new AppError('internal', 'バックアップを書き込んだ直後に見つかりません。');
    this.unchangedSince = info.name;
    this.rotate();
    return info;
  }

  /**
   * Rotation runs only over a database that passed its integrity check within the day, with no
   * check pending or failed; otherwise the check runs first (in the background) and rotation
   * after it, so a damaged database never pushes the last good backup out.
   */
  private rotate(): void {
    if (this.gate.allowsRotation()) {
      this.prune();
      return;
    }
    this.rotation ??= this.gate.settle().then(
      async (ok) => {
        this.rotation = null;
        if (ok && !this.closed) await this.serial(async () => void this.prune());
      },
      () => {
        this.rotation = null;
      },
    );
  }

  /** Rotation that waits for the integrity check (the CLI waits for it before it ends). */
  async rotated(): Promise<void> {
    await this.rotation;
  }

  /** Delete backups the retention rule and the high-water guard do not keep (see retention.ts); returns their names. */
  prune(): string[] {
    const items = listBackups(this.dir);
    const keep = backupsToKeep(items, this.now());
    const good = lastKnownGood(items, this.gate.lastOkAt());
    if (good) keep.add(good);
    const facts = new BackupFacts(this.dir, this.log);
    if (items.some((b) => !keep.has(b.name))) {
      const db = this.host.db();
      const current = recordCount(db);
      const ahead = (b: BackupInfo) => {
        const c = facts.content(b);
        if (!c) return null;
        return c.records > current || (c.lastChange !== null && !hasChange(db, c.lastChange));
      };
      for (const name of highWaterBackups(items, ahead, (b) => facts.verified(b))) keep.add(name);
    }
    const removed: string[] = [];
    for (const b of items) {
      if (keep.has(b.name)) continue;
      try {
        fs.rmSync(path.join(this.dir, b.name), { force: true });
        removed.push(b.name);
      } catch (err) {
        this.log.warn(`old backup could not be removed (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    }
    facts.save(items.filter((b) => keep.has(b.name)));
    removeStalePartials(this.dir, this.now());
    return removed;
  }

  create(kind: BackupKind = 'manual'): Promise<BackupInfo> {
    this.refuseReadOnly();
    return this.serial(() => this.write(kind));
  }

  verify(name: string): BackupVerify {
    const item = this.find(name);
    const r = verifyBackupFile(path.join(this.dir, item.name));
    if (r.ok && r.schemaVersion !== null && r.schemaVersion > this.host.latestSchemaVersion) {
      return { name, ok: false, schemaVersion: r.schemaVersion, message: `新しいバージョンの Bansō のバックアップです（スキーマ v${r.schemaVersion}）。このアプリでは復元できません。` };
    }
    return { name, ok: r.ok, message: r.message, schemaVersion: r.schemaVersion };
  }

  /**
   * Restore a backup: verify it, back the current state up (kind pre-restore), copy the backup
   * into the live database through SQLite's backup API (one transaction: all or nothing), then
   * reopen the connection (an older backup is migrated, caches are rebuilt).
   */
  restore(name: string): Promise<BackupRestore> {
    this.refuseReadOnly();
    return this.serial(() =>
      this.host.exclusive(async () => {
        const item = this.find(name);
        const file = path.join(this.dir, item.name);
        const check = verifyBackupFile(file);
        if (!check.ok) throw new AppError('invalid_input', `このバックアップは復元できません: ${check.message}`, { path: ['name'] });
        if ((check.schemaVersion ?? 0) > this.host.latestSchemaVersion) {
          throw new AppError('invalid_input', `新しいバージョンの Bansō のバックアップ（スキーマ v${check.schemaVersion}）は復元できません。`, { path: ['name'] });
        }
        const preRestore = await this.write('pre-restore');
        this.log.info('restoring a backup');
        await restoreInto(file, this.host.dbPath);
        // Copy the restored pages from the WAL into the file now: the file's own header then agrees
        // with its content (the start-up check treats a WAL that lowers the schema version as foreign).
        this.host.db().pragma('wal_checkpoint(TRUNCATE)');
        try {
          await this.host.reopen();
        } catch (err) {
          // The restored data could not be opened (e.g. its migration failed): put the previous state back.
          this.log.error('the restored backup could not be opened; putting the previous state back', err);
          await restoreInto(path.join(this.dir, preRestore.name), this.host.dbPath);
          await this.host.reopen();
          throw err;
        }
        this.resetBaseline();
        this.unchangedSince = item.name; // the data is now that backup's
        // It passed integrity_check above and was copied page by page: the database is sound now.
        recordCheckOk(this.host.dataDir, this.now(), [], this.log);
        this.notices.add(
          {
            kind: 'restored',
            level: 'info',
            title: 'バックアップから復元しました',
            message:
              `${item.name} から復元しました。復元する前の状態は ${preRestore.name} としてバックアップしてあります` +
              '（設定のバックアップからいつでも戻せます）。',
            paths: [file, path.join(this.dir, preRestore.name)],
          },
          { persist: true },
        );
        return { restored: item, preRestore, schemaVersion: this.host.schemaVersion() };
      }),
    );
  }

  /**
   * At start (before any backup is due): whether the data changed since the newest automatic
   * backup. The record (`.last-start.json`) holds that backup's name and the files as they were
   * with nothing changed since it; `fingerprint` is the files now, taken before the database
   * was opened. Unchanged: no backup until something changes. A start backup itself is only a
   * `tick()`: when something changed and the interval has passed since the last backup.
   */
  noteStart(fingerprint: string): void {
    try {
      const last = JSON.parse(fs.readFileSync(path.join(this.dir, LAST_START_FILE), 'utf8')) as { fingerprint?: string; name?: string };
      if (last.fingerprint === fingerprint && last.name && fs.existsSync(path.join(this.dir, last.name))) {
        this.resetBaseline();
        this.unchangedSince = last.name;
        return;
      }
    } catch {
      /* no record: changed */
    }
    this.baseline = null;
  }

  /**
   * Before the database connection closes: whether nothing changed since the newest automatic
   * backup. Then `closed()` records the files as they are after the close (the close folds the
   * -wal into the database file, which changes its time but not its data).
   */
  unchangedAtClose(): string | null {
    if (this.unchangedSince === null || this.baseline === null) return null;
    try {
      return this.counter() === this.baseline ? this.unchangedSince : null;
    } catch {
      return null;
    }
  }

  /** After the close: record the files for the next start's comparison (see noteStart). */
  recordClose(unchangedSince: string | null, fingerprint: string): void {
    if (unchangedSince === null || this.host.readOnly()) return;
    try {
      writeFileAtomicSync(path.join(this.dir, LAST_START_FILE), JSON.stringify({ fingerprint, name: unchangedSince }));
    } catch {
      /* only an optimisation: the next start backs up once more */
    }
  }

  /** The start backup of a running app: `delayMs` after start (when due, as every tick), then the timer. */
  startInBackground(delayMs: number): void {
    if (this.closed || this.startHandle || this.started) return;
    let done!: (b: BackupInfo | null) => void;
    this.started = new Promise((resolve) => (done = resolve));
    this.startDone = done;
    this.startHandle = setTimeout(() => {
      this.startHandle = null;
      void this.tick()
        .then(done, () => done(null))
        .finally(() => this.startTimer());
    }, delayMs);
    this.startHandle.unref();
  }

  /** The background start backup's result once it ran (null: not due, or none scheduled). */
  async whenStarted(): Promise<BackupInfo | null> {
    return (await this.started) ?? null;
  }

  /** The CLI's start backup: before its first write, when due (changed, and the interval passed); rotation waits for the check. */
  async beforeWrite(): Promise<void> {
    await this.tick();
    await this.rotated();
  }

  /** The timer's check: a backup when data changed since the last one and the interval has passed. */
  tick(): Promise<BackupInfo | null> {
    if (this.closed || this.host.readOnly()) return Promise.resolve(null);
    return this.serial(async () => {
      if (this.closed) return null;
      if (this.now().getTime() - this.lastBackupAt < this.intervalMs) return null;
      if (this.baseline !== null && this.counter() === this.baseline) return null;
      return this.runAutoInQueue();
    });
  }

  /** An automatic backup never fails the caller: a failure is logged and shown as a notice. */
  private async runAutoInQueue(): Promise<BackupInfo | null> {
    try {
      const info = await this.write('auto');
      this.notices.clearSession('backup_failed');
      return info;
    } catch (err) {
      this.log.error('automatic backup failed', err);
      const message = err instanceof AppError ? err.message : 'バックアップを書き込めませんでした。';
      this.notices.add({ kind: 'backup_failed', level: 'warning', title: '自動バックアップに失敗しました', message, paths: [this.dir] }, { persist: false });
      return null;
    }
  }

  startTimer(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => {
      void this.tick();
    }, this.checkEveryMs);
    this.timer.unref();
  }

  /** Stop the timer; a backup in progress ends on its own (a partial file is never listed). */
  close(): void {
    this.closed = true;
    if (this.startHandle) clearTimeout(this.startHandle);
    this.startHandle = null;
    this.startDone?.(null); // closed before it ran
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
