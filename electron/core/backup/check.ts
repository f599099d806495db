import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { writeFileAtomicSync } from '../files/write-atomic.ts';
import type { Logger } from '../log.ts';
import { openSqlite, type loadSqlite } from '../db/sqlite.ts';
import { keyForFile, keyPragmas } from '../crypto/keyring.ts';
import { backupDirFor } from './files.ts';

/**
 * When the database's full integrity check (`PRAGMA quick_check`, which reads every page: about
 * 7–12 s for a 100k-case library) runs, so that an open costs milliseconds while damage is still
 * found before it can cost a good backup.
 *
 * The cheap checks run at every open (db/open.ts: the file's size and header, that it opens as
 * SQLite, that its -wal belongs to it, that it holds Bansō's tables). `quick_check` runs at open
 * only when something may have gone wrong since it was last known good:
 * - an unclean shutdown: a session marker (`backups/.sessions/…`, one per process that has the
 *   database open for writing, removed when that process closes in order) whose process is gone:
 *   killed (SIGKILL), crashed, or the machine went down. A marker of a process that is still
 *   running (the desktop app while the CLI runs beside it) is not unclean;
 * - the files were changed while no Bansō process had them open: the last process to close in
 *   order records the database's and the -wal's size, time and identity (`cleanClose`); anything
 *   else at the next open (a sync tool, a copy, a disk that wrote garbage) is checked;
 * - no record at all (a database from before this rule, or written by another program), or a
 *   check that found damage not yet dealt with.
 * Otherwise the check runs in the background (a worker thread with its own read-only connection,
 * so the app keeps answering) once a day while a core runs, a minute after start.
 *
 * Backup rotation (which deletes old backups) runs only when the live database passed its check
 * within the last day and no check is pending or failed; the newest backup written before that
 * passing check is kept as well (see `lastKnownGood` in retention.ts). So a damaged database is
 * always found before rotation can discard the last backup made while it was still sound.
 */

/** How often the full check runs while a core runs, and how fresh a passing check must be for rotation. */
export const CHECK_EVERY_MS = 24 * 60 * 60_000;
/** The first background check after start: after the first screen and the start-up work. */
export const CHECK_DELAY_MS = 60_000;

const STATE_FILE = '.check.json';
const SESSIONS_DIR = '.sessions';

const StateSchema = z.object({
  /** The last passing quick_check of the live database (ISO time when it began). */
  lastOkAt: z.string().nullable().default(null),
  /** A check that found damage the recovery has not dealt with yet. */
  failed: z.object({ at: z.string(), reason: z.string() }).nullable().default(null),
  /** The files as the last process to close in order left them. */
  cleanClose: z.object({ at: z.string(), fingerprint: z.string() }).nullable().default(null),
});
export type CheckState = z.infer<typeof StateSchema>;

function statePath(dataDir: string): string {
  return path.join(backupDirFor(dataDir), STATE_FILE);
}

export function readCheckState(dataDir: string): CheckState | null {
  try {
    const parsed = StateSchema.safeParse(JSON.parse(fs.readFileSync(statePath(dataDir), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Read, change and write the state (read again right before writing: other processes write it too). */
function updateState(dataDir: string, change: (s: CheckState) => void, log: Logger): void {
  const s = readCheckState(dataDir) ?? { lastOkAt: null, failed: null, cleanClose: null };
  change(s);
  try {
    fs.mkdirSync(backupDirFor(dataDir), { recursive: true });
    writeFileAtomicSync(statePath(dataDir), JSON.stringify(s));
  } catch (err) {
    // Only ever costs an extra check at the next open.
    log.warn(`the integrity check record could not be written (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** Identity, size and time of the database file and of its -wal: equal means nobody wrote in between. */
export function filesFingerprint(dbPath: string): string {
  const one = (f: string) => {
    try {
      const st = fs.statSync(f);
      return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
    } catch {
      return '-';
    }
  };
  return `${one(dbPath)}|${one(`${dbPath}-wal`)}`;
}

// ---------------------------------------------------------------------------------------------
// Sessions: which processes have the database open, and which of them ended without closing it.

const MarkerSchema = z.object({ pid: z.number(), host: z.string(), startedAt: z.number(), procStart: z.string().nullable() });
type Marker = z.infer<typeof MarkerSchema>;

/** Markers this process wrote and has not closed yet (a marker with our pid that is not here is stale). */
const ownMarkers = new Set<string>();

/** The process's start time as Linux counts it (field 22 of /proc/PID/stat), to tell a reused pid; null elsewhere. */
function procStart(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by another user
  }
}

function sessionsDir(dataDir: string): string {
  return path.join(backupDirFor(dataDir), SESSIONS_DIR);
}

/**
 * Whether the process that wrote a marker still runs. Gone: no such pid, a pid that now belongs to
 * a process started at another time (Linux), a marker from before the machine last started, or a
 * marker of this very process that it no longer holds. A marker from another machine (a shared
 * folder) counts as running: its process cannot be seen from here.
 */
function markerAlive(name: string, m: Marker): boolean {
  if (m.host !== os.hostname()) return true;
  if (m.pid === process.pid) return ownMarkers.has(name);
  const bootedAt = Date.now() - os.uptime() * 1000;
  if (m.startedAt < bootedAt - 60_000) return false;
  if (!processAlive(m.pid)) return false;
  const now = procStart(m.pid);
  return m.procStart === null || now === null || now === m.procStart;
}

export interface Sessions {
  /** Markers of other processes that still run. */
  live: string[];
  /** Markers of processes that ended without closing the database: an unclean shutdown. */
  dead: string[];
}

export function listSessions(dataDir: string, except?: string): Sessions {
  const dir = sessionsDir(dataDir);
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return { live: [], dead: [] };
  }
  const out: Sessions = { live: [], dead: [] };
  for (const name of names) {
    if (name === except) continue;
    let m: Marker;
    try {
      const parsed = MarkerSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')));
      if (!parsed.success) {
        out.dead.push(name);
        continue;
      }
      m = parsed.data;
    } catch (err) {
      // Removed meanwhile (its process closed), or cut short by a crash while it was written.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') out.dead.push(name);
      continue;
    }
    (markerAlive(name, m) ? out.live : out.dead).push(name);
  }
  return out;
}

function removeMarkers(dataDir: string, names: readonly string[]): void {
  for (const n of names) fs.rmSync(path.join(sessionsDir(dataDir), n), { force: true });
}

/** This process's session: written before the database is opened for writing, removed when it is closed in order. */
export class Session {
  readonly name: string;
  private readonly dataDir: string;
  private readonly log: Logger;
  private open = true;

  private constructor(dataDir: string, name: string, log: Logger) {
    this.dataDir = dataDir;
    this.name = name;
    this.log = log;
  }

  /** Null when the marker cannot be written (a read-only folder: nothing is written there, nothing can be damaged by us). */
  static begin(dataDir: string, log: Logger): Session | null {
    const name = `${process.pid}-${randomBytes(4).toString('hex')}.json`;
    const marker: Marker = { pid: process.pid, host: os.hostname(), startedAt: Date.now(), procStart: procStart(process.pid) };
    let made: string | undefined;
    try {
      made = fs.mkdirSync(sessionsDir(dataDir), { recursive: true });
      writeFileAtomicSync(path.join(sessionsDir(dataDir), name), JSON.stringify(marker));
    } catch {
      // A full disk: leave nothing behind (not even the folders made just now).
      if (made) {
        for (let d = sessionsDir(dataDir); d.length >= made.length; d = path.dirname(d)) {
          try {
            fs.rmdirSync(d);
          } catch {
            break;
          }
        }
      }
      return null;
    }
    ownMarkers.add(name);
    return new Session(dataDir, name, log);
  }

  /**
   * The database connection is closed: remove the marker, and when no other process has the
   * database open, record the files as they are now (what the next open compares with).
   */
  end(dbPath: string): void {
    if (!this.open) return;
    this.open = false;
    ownMarkers.delete(this.name);
    removeMarkers(this.dataDir, [this.name]);
    const others = listSessions(this.dataDir);
    if (others.live.length > 0 || others.dead.length > 0) return; // the last one to close records it
    const fingerprint = filesFingerprint(dbPath);
    updateState(this.dataDir, (s) => (s.cleanClose = { at: new Date().toISOString(), fingerprint }), this.log);
  }
}

// ---------------------------------------------------------------------------------------------
// The decision at open, and what is recorded after a check.

export interface OpenCheckPlan {
  /** Why the full check must run at this open (English, for the log); null: the cheap checks suffice. */
  reason: string | null;
  /** Markers of processes that died; removed once the check passed or the damage was dealt with. */
  dead: string[];
}

/**
 * Decide, before any connection exists, whether this open needs `quick_check`. `fingerprint`
 * is taken before anything else touches the files; `self` is this process's own marker.
 */
export function planOpenCheck(dataDir: string, fingerprint: string, self: string | undefined): OpenCheckPlan {
  const sessions = listSessions(dataDir, self);
  const state = readCheckState(dataDir);
  if (sessions.dead.length > 0) return { reason: 'the last session did not end cleanly', dead: sessions.dead };
  if (state === null) return { reason: 'no record of an integrity check', dead: [] };
  if (state.failed) return { reason: 'the last integrity check found damage', dead: [] };
  // While another process has it open, the files change legitimately.
  if (sessions.live.length === 0 && state.cleanClose?.fingerprint !== fingerprint) return { reason: 'the files changed while no Bansō had them open', dead: [] };
  return { reason: null, dead: [] };
}

/** quick_check passed (at open or in the background), or the damage was dealt with (a restored backup, a fresh start). */
export function recordCheckOk(dataDir: string, at: Date, dead: readonly string[], log: Logger): void {
  updateState(
    dataDir,
    (s) => {
      if (s.lastOkAt === null || s.lastOkAt < at.toISOString()) s.lastOkAt = at.toISOString();
      s.failed = null;
    },
    log,
  );
  removeMarkers(dataDir, dead);
}

export function recordCheckFailed(dataDir: string, at: Date, reason: string, log: Logger): void {
  updateState(dataDir, (s) => (s.failed = { at: at.toISOString(), reason }), log);
}

// ---------------------------------------------------------------------------------------------
// The check itself, in a worker thread.

export type CheckOutcome = { status: 'ok' } | { status: 'damaged'; reason: string } | { status: 'error'; message: string };

/** CommonJS run by the worker: opens the file read-only and runs quick_check. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
let db;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  for (const p of workerData.keyPragmas) db.pragma(p);
  const rows = db.pragma('quick_check').map((r) => r.quick_check);
  parentPort.postMessage({ rows });
} catch (err) {
  parentPort.postMessage({ code: String((err && err.code) || ''), message: String((err && err.message) || err) });
} finally {
  try { if (db) db.close(); } catch {}
}
`;

const DAMAGE_CODES = /^SQLITE_(CORRUPT|NOTADB)/;

type WorkerAnswer = { rows?: string[]; code?: string; message?: string };

function outcome(m: WorkerAnswer): CheckOutcome {
  if (m.rows) {
    if (m.rows.length === 1 && m.rows[0] === 'ok') return { status: 'ok' };
    return { status: 'damaged', reason: `整合性の検査（quick_check）で問題が見つかりました: ${m.rows[0]?.split('\n').slice(0, 2).join(' ').slice(0, 200) ?? ''}` };
  }
  if (m.code && DAMAGE_CODES.test(m.code)) return { status: 'damaged', reason: `読み取り中に破損が見つかりました（${m.code}）` };
  return { status: 'error', message: m.code || m.message || 'error' };
}

/** The same check on this thread (blocks it while every page is read): only when no worker can be started. */
function quickCheckHere(file: string): CheckOutcome {
  let db: InstanceType<ReturnType<typeof loadSqlite>> | undefined;
  try {
    db = openSqlite(file, { readonly: true, fileMustExist: true });
    return outcome({ rows: (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check) });
  } catch (err) {
    return outcome({ code: String((err as { code?: string }).code ?? ''), message: String((err as Error).message ?? err) });
  } finally {
    db?.close();
  }
}

/**
 * Run quick_check on the live database in a worker thread (its own read-only connection: a
 * consistent snapshot). Should the worker not start at all (no module for it to load, as could
 * happen in a packaged app), the check runs on this thread instead: a pause once a day is better
 * than rotation that never runs.
 */
export function quickCheckInWorker(file: string, opts: { module?: string } = {}): { done: Promise<CheckOutcome>; stop(): void } {
  let worker: Worker;
  try {
    const sqlite = opts.module ?? createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers');
    const key = keyForFile(file); // an encrypted data folder: the worker keys its connection alike
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { sqlite, file, keyPragmas: key ? keyPragmas(key) : [] } });
  } catch {
    return { done: Promise.resolve(quickCheckHere(file)), stop: () => {} };
  }
  worker.unref();
  let answered = false;
  let stopped = false;
  const done = new Promise<CheckOutcome>((resolve) => {
    worker.once('message', (m: WorkerAnswer) => {
      answered = true;
      resolve(outcome(m));
    });
    // The worker itself failed (its code could not load the module): check here instead.
    worker.once('error', () => resolve(stopped ? { status: 'error', message: 'stopped' } : quickCheckHere(file)));
    worker.once('exit', () => {
      if (!answered) resolve({ status: 'error', message: 'stopped' });
    });
  });
  return {
    done,
    stop: () => {
      stopped = true;
      void worker.terminate();
    },
  };
}

export interface MonitorOptions {
  dataDir: string;
  dbPath: string;
  log: Logger;
  now?: () => Date;
  /** First background check after start; later ones every `everyMs`. */
  delayMs?: number;
  everyMs?: number;
  /** false: no timer (the CLI, which ends in milliseconds); `settle()` still runs a check on demand. */
  background?: boolean;
  /** A check found damage: the core takes the recovery path (reopen with the full check at open). */
  onDamage(reason: string): Promise<void>;
}

/**
 * The running core's side: the background schedule, and the gate backup rotation asks. One check
 * at a time; `settle()` starts one when rotation needs it and waits for it.
 */
export class IntegrityMonitor {
  private readonly o: Required<Omit<MonitorOptions, 'onDamage'>> & Pick<MonitorOptions, 'onDamage'>;
  private running: { done: Promise<boolean>; stop(): void } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(opts: MonitorOptions) {
    this.o = {
      ...opts,
      now: opts.now ?? (() => new Date()),
      delayMs: opts.delayMs ?? CHECK_DELAY_MS,
      everyMs: opts.everyMs ?? CHECK_EVERY_MS,
      background: opts.background ?? true,
    };
  }

  /** Start the schedule: the first check after the delay when one is due, then every day. */
  start(): void {
    if (!this.o.background || this.closed) return;
    this.schedule(this.due() ? this.o.delayMs : this.untilDue());
  }

  private schedule(ms: number): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.settle().finally(() => this.schedule(this.o.everyMs));
    }, Math.max(0, ms));
    this.timer.unref();
  }

  private untilDue(): number {
    const last = readCheckState(this.o.dataDir)?.lastOkAt;
    return last ? Date.parse(last) + this.o.everyMs - this.o.now().getTime() : 0;
  }

  /** A check is due: none passed within the day, one failed, or a process died without closing the database. */
  due(): boolean {
    const s = readCheckState(this.o.dataDir);
    if (!s || s.failed || !s.lastOkAt) return true;
    if (this.o.now().getTime() - Date.parse(s.lastOkAt) >= this.o.everyMs) return true;
    return listSessions(this.o.dataDir).dead.length > 0;
  }

  /** Rotation may delete backups now: a check passed within the day, none failed, none pending. */
  allowsRotation(): boolean {
    return !this.due();
  }

  /** The time the last passing check began (rotation keeps the newest backup from before it). */
  lastOkAt(): Date | null {
    const last = readCheckState(this.o.dataDir)?.lastOkAt;
    return last ? new Date(last) : null;
  }

  /** Run the check now unless one passed within the day; true when rotation may then run. */
  settle(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (!this.due()) return Promise.resolve(true);
    this.running ??= this.run();
    return this.running.done;
  }

  private run(): { done: Promise<boolean>; stop(): void } {
    const at = this.o.now();
    const dead = listSessions(this.o.dataDir).dead;
    this.o.log.info('integrity check (quick_check) in the background');
    const check = quickCheckInWorker(this.o.dbPath);
    const done = check.done.then(async (r) => {
      this.running = null;
      if (this.closed) return false;
      if (r.status === 'ok') {
        recordCheckOk(this.o.dataDir, at, dead, this.o.log);
        this.o.log.info('integrity check passed');
        return true;
      }
      if (r.status === 'damaged') {
        this.o.log.warn('the background integrity check found damage');
        recordCheckFailed(this.o.dataDir, at, r.reason, this.o.log);
        await this.o.onDamage(r.reason);
        return false; // the rotation that waited for this check does not run: its newest backup is of the damaged file
      }
      this.o.log.warn(`the background integrity check did not run (${r.message})`);
      return false;
    });
    return { done, stop: check.stop };
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running?.stop();
    this.running = null;
  }
}
