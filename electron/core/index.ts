import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract/index.ts';
import { contract, isMethodName } from '../../shared/contract/index.ts';
import { AppError } from '../../shared/errors.ts';
import fs from 'node:fs';
import path from 'node:path';
import { BackupService, fileFingerprint } from './backup/service.ts';
import { IntegrityMonitor, Session } from './backup/check.ts';
import { backupDirFor, listBackups } from './backup/files.ts';
import { dbVanishedNotice, NoticeStore, readOnlyNotice, recoveryNotice, reloadedNotice, walLostAtOpenNotice, walVanishedNotice } from './backup/notices.ts';
import { BundleService } from './bundles/service.ts';
import { CaseService } from './cases/service.ts';
import { readSeedCases, syncSeedCases } from './cases/seeds.ts';
import type { CoreContext } from './context.ts';
import { dbPathFor, freeText, openDatabase, type OpenedDatabase, type OpenOptions } from './db/open.ts';
import { createEngagementService } from './engagements/index.ts';
import { createPlanService } from './plans/index.ts';
import { GlobalSearchService } from './search/service.ts';
import { localData } from './sync/local.ts';
import { SyncService, type SecretStore } from './sync/service.ts';
import { keyStoreSecrets } from './sync/secrets.ts';
import { createDispatcher, toErrorValue, type Invoke } from './dispatch.ts';
import { checkpointAll, DatabaseWatch } from './db/watch.ts';
import { LATEST_SCHEMA_VERSION } from './db/migrations/index.ts';
import { backupDatabase } from './db/sqlite.ts';
import { unlockFolder, type KeyStore, type UnlockSecrets } from './crypto/folder.ts';
import { encryptNewFolder, SecurityService } from './crypto/service.ts';
import { handlers } from './handlers/index.ts';
import { runDerivedSteps } from './data/derived.ts';
import { DERIVED_STEPS } from './data/steps.ts';
import { silentLogger, type Logger } from './log.ts';

export interface Core {
  /** The transport-neutral entry every face uses: validated, never throws. */
  invoke: Invoke;
  /** Typed convenience for in-process callers (CLI, tests): throws AppError on failure. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  ctx: CoreContext;
  close(): void;
}

export interface CoreOptions extends OpenOptions {
  dataDir: string;
  /** Secrets that open an encrypted data folder (crypto/folder.ts): passphrase, recovery key, the OS key store. */
  unlock?: UnlockSecrets;
  /** The OS key store (desktop: Electron safeStorage through the shell); also used to encrypt a folder without a passphrase. */
  keyStore?: KeyStore;
  /** A new data folder is encrypted with the key store before its database exists, when the store protects anything (the desktop). */
  encryptNew?: boolean;
  log?: Logger;
  /** Folder with seeds/cases etc.; defaults to the repo's (or the packaged app's) seeds/. */
  seedsDir?: string;
  /** false: do not load seed data (benchmarks on generated data). */
  loadSeeds?: boolean;
  /** false: no automatic backups (at start and every 30 minutes while data changes). Default on. */
  autoBackup?: boolean;
  /** Automatic backups: minimum time between two (default 30 minutes) and how often to check (default 1 minute). */
  backupIntervalMs?: number;
  backupCheckMs?: number;
  /** How often to look at the database file between calls (default 2 s). */
  watchEveryMs?: number;
  /**
   * When the start backup is taken (only when data changed since the last backup and the interval
   * has passed): `background` (default) a few seconds after start, while the app runs; `first-write`
   * right before the first call that writes (the CLI: read-only commands never back up).
   */
  startBackup?: 'background' | 'first-write';
  /** Delay of the background start backup (default 5 s: after the first screen). */
  startBackupDelayMs?: number;
  /**
   * The full integrity check in the background (backup/check.ts): default on; the first one after
   * `integrityDelayMs` (default 1 minute) when one is due, then daily. Off for the CLI, which runs
   * the check only when backup rotation needs it.
   */
  backgroundCheck?: boolean;
  integrityDelayMs?: number;
  integrityEveryMs?: number;
  /** false: the global search's index catches up only when searched (default: also in the background, after `searchIndexDelayMs`). */
  backgroundIndex?: boolean;
  searchIndexDelayMs?: number;
  /** Team sync: where the hub password is kept (default: sealed by `keyStore` when there is one), or the password itself for this process (CLI, browser mode: BANSO_HUB_PASSWORD). */
  hubSecrets?: SecretStore;
  hubPassword?: string | null;
  /** Team sync in the background while the app runs (default on; the CLI syncs only when asked). */
  autoSync?: boolean;
  /** How often the background sync looks whether a sync is due (default 1 minute). */
  syncCheckMs?: number;
}

/** A background sync runs when changes wait to be sent, or this long after the last one (to pull). */
export const SYNC_EVERY_MS = 5 * 60_000;

/** The background start backup waits this long after start, so that it never competes with the first screen. */
export const START_BACKUP_DELAY_MS = 5000;

const DISK_FULL_REFUSAL =
  'ディスクの空き容量がないため、閲覧専用で開いています。この変更は保存されておらず、データは変更前のままです。' +
  '空き容量を増やしてから Bansō を起動し直すと、また保存できるようになります。';

const WAL_UNSAVED = '保存した内容をディスクに確実に書き込めたか確認できませんでした。Bansō を起動し直してください。';

/** Background indexing of the global search: records per step and the pause between steps. */
const SEARCH_INDEX_CHUNK = 500;
const SEARCH_INDEX_PAUSE_MS = 20;

/** How often the core looks at the database file between calls (a vanished -wal, another program's changes). */
export const WATCH_EVERY_MS = 2000;

/** seeds/ beside electron/ in the repo; beside out/ in the bundled and packaged app. */
export const DEFAULT_SEEDS_DIR = path.resolve(import.meta.dirname, '../../seeds');

/** The headless core: database, migrations and handlers. Never imports electron. */
export async function createCore(opts: CoreOptions): Promise<Core> {
  const log = opts.log ?? silentLogger;
  // An encrypted folder is unlocked (and an interrupted change of encryption settled) before
  // anything else touches it: without the secret it throws `locked` and nothing is written.
  const pendingRecoveryKey = opts.encryptNew && opts.keyStore ? await encryptNewFolder(opts.dataDir, opts.keyStore, log) : null;
  await unlockFolder(opts.dataDir, { ...opts.unlock, keyStore: opts.keyStore ?? opts.unlock?.keyStore }, log);
  // Before opening: tells whether the file changed since the last start backup.
  const startFingerprint = fileFingerprint(dbPathFor(opts.dataDir));
  const notices = new NoticeStore(opts.dataDir, log);
  let readOnlyReason: OpenedDatabase['readOnlyReason'] = null;
  const noteOpen = (o: OpenedDatabase) => {
    if (o.recovery) notices.add(recoveryNotice(o.recovery), { persist: true });
    if (o.walFramesLost > 0) {
      const newest = listBackups(backupDirFor(opts.dataDir))[0];
      const info = newest ? { name: newest.name, path: path.join(backupDirFor(opts.dataDir), newest.name), createdAt: newest.createdAt } : null;
      notices.add(walLostAtOpenNotice(`${o.path}-wal`, o.walFramesLost, info), { persist: true });
    }
    readOnlyReason = o.readOnlyReason;
    if (o.readOnlyReason) notices.add(readOnlyNotice(opts.dataDir, o.readOnlyReason, freeText(opts.dataDir)), { persist: false });
  };
  const opened = await openDatabase(opts.dataDir, { ...opts, log });
  noteOpen(opened);
  // This process's session marker: a marker left by a process that died tells the next open to
  // run the full check (backup/check.ts). A crash before it is written (during a migration, say)
  // is seen all the same: the files no longer match what the last clean close recorded.
  let session = opened.readOnly ? null : Session.begin(opts.dataDir, log);
  const seedsDir = opts.seedsDir ?? DEFAULT_SEEDS_DIR;
  let bundles: BundleService | undefined;
  /** The services over one connection: made at start and again after a restore swaps the database. */
  // The hub password: sealed by the OS key store when the shell gives one (like the data key).
  const hubSecrets = opts.hubSecrets ?? (opts.keyStore ? keyStoreSecrets(opts.keyStore, opts.dataDir) : undefined);
  const services = (db: OpenedDatabase['db']) => {
    bundles = undefined;
    // Derived indexes behind their recorded version are rebuilt before any service reads them.
    if (!db.readonly) runDerivedSteps(db, DERIVED_STEPS, log);
    const cases = new CaseService(db);
    // The catalogue is read by the engagement service; plans use its 補助率 and caps.
    // The plan's case-ref answers are the engagement's attached cases (one list, written with its history).
    const plans = createPlanService(db, seedsDir, () => ctx.engagements.catalogue.programs, log, {
      attachedCases: { ids: (id) => ctx.engagements.attachedCaseIds(id), set: (id, ids) => void ctx.engagements.setAttachedCases(id, ids) },
    });
    return {
      cases,
      engagements: createEngagementService(db, seedsDir, log),
      plans,
      search: new GlobalSearchService({ db, cases: cases.search, caseRows: (seqs) => cases.repo.rowsBySeq(seqs), builtinTemplates: () => [...plans.builtins.values()], readOnly: () => ctx.readOnly, log }),
      sync: new SyncService(db, localData(db, () => ctx.cases.repo), {
        ...(hubSecrets ? { secrets: hubSecrets } : {}),
        password: opts.hubPassword ?? null,
        log,
      }),
    };
  };
  const ctx: CoreContext = {
    db: opened.db,
    dataDir: opts.dataDir,
    dbPath: opened.path,
    seedsDir,
    schemaVersion: opened.schemaVersion,
    readOnly: opened.readOnly,
    log,
    ...services(opened.db),
    get bundles(): BundleService {
      // Made on first use: it works over the case and engagement services above.
      bundles ??= new BundleService(ctx.db, ctx.engagements, ctx.cases);
      return bundles;
    },
    notices,
    backups: undefined as unknown as BackupService, // set below: it needs ctx
    security: undefined as unknown as SecurityService, // set below: it needs reopen
  };
  const syncSeeds = () => {
    if (opts.loadSeeds === false || ctx.readOnly) return;
    try {
      syncSeedCases(ctx.db, ctx.cases.repo, readSeedCases(seedsDir), log);
    } catch (err) {
      // Bad seed data must not keep the user from their own data.
      log.error('seed cases were not loaded', err);
    }
  };
  syncSeeds();

  // While a restore or a reload swaps the database, other calls wait.
  let gate: Promise<void> | null = null;
  let closed = false;
  const exclusive = async <T>(fn: () => Promise<T>): Promise<T> => {
    const p = fn();
    gate = p.then(
      () => undefined,
      () => undefined,
    );
    try {
      return await p;
    } finally {
      gate = null;
    }
  };
  /** Close the connection and open the data folder again: every service (and cache) is made anew. */
  const reopen = async (check: 'auto' | 'full' = 'auto') => {
    ctx.db.close();
    const o = await openDatabase(opts.dataDir, { ...opts, log, session: session?.name, check });
    noteOpen(o);
    ctx.db = o.db;
    ctx.schemaVersion = o.schemaVersion;
    ctx.readOnly = o.readOnly;
    Object.assign(ctx, services(o.db));
    syncSeeds();
    watch = new DatabaseWatch(ctx.db, ctx.dbPath);
  };
  const latest = opts.migrations ? (opts.migrations.at(-1)?.version ?? 0) : LATEST_SCHEMA_VERSION;
  // The full check off the critical path; a finding takes the recovery path at once (a reopen
  // that runs quick_check again, moves the damaged file aside and restores the newest good backup).
  const integrity = new IntegrityMonitor({
    dataDir: opts.dataDir,
    dbPath: opened.path,
    log,
    now: opts.now,
    delayMs: opts.integrityDelayMs,
    everyMs: opts.integrityEveryMs,
    background: opts.backgroundCheck !== false,
    onDamage: () => exclusive(() => reopen('full')),
  });
  /** For a change of encryption: the connection closed and this process's session ended meanwhile, then opened again. */
  const withDatabaseClosed = <T>(fn: () => Promise<T>): Promise<T> =>
    exclusive(async () => {
      ctx.db.close();
      session?.end(ctx.dbPath);
      session = null;
      try {
        return await fn();
      } finally {
        session = ctx.readOnly ? null : Session.begin(opts.dataDir, log);
        await reopen();
        ctx.backups.resetBaseline();
      }
    });
  ctx.security = new SecurityService({ dataDir: opts.dataDir, keyStore: opts.keyStore ?? null, withDatabaseClosed, readOnly: () => ctx.readOnly }, log, pendingRecoveryKey);
  ctx.backups = new BackupService(
    {
      db: () => ctx.db,
      dbPath: opened.path,
      dataDir: opts.dataDir,
      schemaVersion: () => ctx.schemaVersion,
      latestSchemaVersion: latest,
      readOnly: () => ctx.readOnly,
      reopen,
      exclusive,
    },
    { log, notices, now: opts.now, intervalMs: opts.backupIntervalMs, checkEveryMs: opts.backupCheckMs, gate: integrity },
  );

  // Changes under the running core (see db/watch.ts): looked at before every call and every few seconds.
  // The global search's index catches up in the background (after an upgrade of a large
  // database it has every record to index; a search meanwhile indexes one chunk itself).
  let indexTimer: NodeJS.Timeout | undefined;
  const indexLater = (ms: number) => {
    indexTimer = setTimeout(() => {
      if (closed) return;
      if (gate) return indexLater(1000);
      if (ctx.search.catchUpSome(SEARCH_INDEX_CHUNK) > 0) indexLater(SEARCH_INDEX_PAUSE_MS);
    }, ms);
    indexTimer.unref();
  };
  if (!ctx.readOnly && opts.backgroundIndex !== false) indexLater(opts.searchIndexDelayMs ?? START_BACKUP_DELAY_MS);

  let watch = new DatabaseWatch(ctx.db, ctx.dbPath);
  /** Set when a vanished -wal could not be saved into the database file: writes are refused until a restart. */
  let walBroken: string | null = null;
  const walPath = `${ctx.dbPath}-wal`;
  /** The -wal vanished: copy every frame the connection still has into the database file, then reopen. */
  const rescueWal = async (): Promise<boolean> => {
    log.warn('the -wal file vanished under the running core');
    if (checkpointAll(ctx.db)) {
      await reopen();
      notices.add(walVanishedNotice(walPath, true, null), { persist: true });
      return true;
    }
    // The frames are still readable through this connection: a backup through it holds them all.
    let backup: string | null = null;
    try {
      backup = path.join(ctx.backups.dir, (await ctx.backups.create('manual')).name);
    } catch (err) {
      log.error('emergency backup after a vanished -wal failed', err);
    }
    walBroken = walVanishedNotice(walPath, false, backup).message;
    notices.add(walVanishedNotice(walPath, false, backup), { persist: true });
    return false;
  };
  /** Bring the core up to date with the file before a call: reload after another program's changes, rescue a vanished -wal. */
  const ensureCurrent = async (): Promise<void> => {
    if (closed || walBroken) return;
    const change = watch.look();
    if (change === 'none') return;
    if (change === 'data' && (ctx.db.pragma('user_version', { simple: true }) as number) === ctx.schemaVersion) {
      // Another connection committed (the CLI, a restore from another process): the same
      // connection sees the new data; the caches built from the old data are made again.
      log.info('the database was changed by another connection: services rebuilt');
      Object.assign(ctx, services(ctx.db));
      notices.add(reloadedNotice(ctx.dbPath, false), { persist: false });
      return;
    }
    await exclusive(async () => {
      if (change === 'wal_lost') {
        await rescueWal();
      } else if (change === 'replaced' && !fs.existsSync(ctx.dbPath)) {
        // Deleted, not replaced: opening the path again would start an empty database. The open
        // connection still reads the whole (unlinked) file: fold its -wal in and write it back.
        log.warn('the database file vanished under the running core: written back from the open connection');
        checkpointAll(ctx.db);
        await backupDatabase(ctx.db, ctx.dbPath);
        await reopen();
        notices.add(dbVanishedNotice(ctx.dbPath), { persist: true });
      } else {
        log.info(`the database file was ${change === 'replaced' ? 'replaced' : 'migrated'} by another program: reopened`);
        await reopen();
        notices.add(reloadedNotice(ctx.dbPath, change === 'replaced'), { persist: false });
      }
    });
  };
  const watchTimer = setInterval(() => {
    if (!gate) void ensureCurrent().catch((err: unknown) => log.error('checking the database file failed', err));
  }, opts.watchEveryMs ?? WATCH_EVERY_MS);
  watchTimer.unref();

  // Whether the data changed since the newest automatic backup: only over data that existed (a
  // migration or a recovery has just written or used a backup).
  if (opened.existed && !opened.backupPath && !opened.recovery) ctx.backups.noteStart(startFingerprint);
  else ctx.backups.resetBaseline();
  const autoBackup = !ctx.readOnly && opts.autoBackup !== false;
  const firstWrite = autoBackup && opts.startBackup === 'first-write';
  let beforeFirstWrite: Promise<void> | null = null;
  if (autoBackup && !firstWrite) ctx.backups.startInBackground(opts.startBackupDelayMs ?? START_BACKUP_DELAY_MS);
  if (!ctx.readOnly) integrity.start();

  const dispatch = createDispatcher(handlers, ctx, log);
  const invoke: Invoke = async (method, input) => {
    while (gate) await gate;
    try {
      await ensureCurrent();
    } catch (err) {
      log.error('checking the database file failed', err);
      return { ok: false, error: toErrorValue(err, log, method) };
    }
    while (gate) await gate;
    const mutates = isMethodName(method) && contract[method].mutates;
    if (mutates && firstWrite) {
      beforeFirstWrite ??= ctx.backups.beforeWrite().catch((err: unknown) => log.error('the start backup failed', err));
      await beforeFirstWrite;
    }
    if (mutates && walBroken) return { ok: false, error: { code: 'storage_io', message: walBroken } };
    const r = await dispatch(method, input);
    // Opened read-only because the disk is full: a refused write says so, not "the folder is read-only".
    if (!r.ok && r.error.code === 'storage_readonly' && readOnlyReason === 'disk_full') return { ok: false, error: { code: 'storage_full', message: DISK_FULL_REFUSAL } };
    // A write is acknowledged only if it is durable: had the -wal vanished meanwhile, its frames
    // (this write's included) must first reach the database file.
    if (mutates && r.ok && watch.walLost()) {
      const saved = await exclusive(rescueWal);
      if (!saved) return { ok: false, error: { code: 'storage_io', message: walBroken ?? WAL_UNSAVED } };
    }
    return r;
  };
  // Team sync in the background: when configured, due (failures back off), and there is something to send
  // or the last sync is older than SYNC_EVERY_MS. Offline is normal: the failure is recorded, nothing else.
  let syncing = false;
  const syncTimer =
    opts.autoSync === false
      ? null
      : setInterval(() => {
          if (syncing || gate || ctx.readOnly) return;
          void (async () => {
            syncing = true;
            try {
              const s = await ctx.sync.status();
              if (!s.configured || !s.hasPassword || ctx.sync.engine.nextAttemptAt().getTime() > Date.now()) return;
              const last = s.lastSyncAt ? Date.parse(s.lastSyncAt) : 0;
              if (s.pending === 0 && Date.now() - last < SYNC_EVERY_MS) return;
              const r = await invoke('sync.now', {});
              if (!r.ok) log.info(`background sync: ${r.error.message}`);
            } catch (err) {
              log.error('background sync failed', err);
            } finally {
              syncing = false;
            }
          })();
        }, opts.syncCheckMs ?? 60_000);
  syncTimer?.unref();

  return {
    invoke,
    ctx,
    async call(method, input) {
      const r = await invoke(method, input);
      if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.path ? { path: r.error.path } : {});
      return r.value as never;
    },
    close() {
      if (closed) return;
      closed = true;
      clearInterval(watchTimer);
      clearTimeout(indexTimer);
      if (syncTimer) clearInterval(syncTimer);
      integrity.close();
      ctx.backups.close();
      ctx.cases.uploads.close();
      const unchanged = ctx.backups.unchangedAtClose();
      ctx.db.close();
      // After the close (it folds the -wal into the file): what the next open compares with.
      ctx.backups.recordClose(unchanged, fileFingerprint(ctx.dbPath));
      session?.end(ctx.dbPath);
    },
  };
}
