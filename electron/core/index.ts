import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract/index.ts';
import { AppError } from '../../shared/errors.ts';
import path from 'node:path';
import { BackupService, fileFingerprint } from './backup/service.ts';
import { NoticeStore, recoveryNotice } from './backup/notices.ts';
import { BundleService } from './bundles/service.ts';
import { CaseService } from './cases/service.ts';
import { readSeedCases, syncSeedCases } from './cases/seeds.ts';
import type { CoreContext } from './context.ts';
import { dbPathFor, freeText, openDatabase, type OpenedDatabase, type OpenOptions } from './db/open.ts';
import { createEngagementService } from './engagements/index.ts';
import { createPlanService } from './plans/index.ts';
import { createDispatcher, type Invoke } from './dispatch.ts';
import { MIGRATIONS } from './db/migrations/index.ts';
import { handlers } from './handlers/index.ts';
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
}

const DISK_FULL_REFUSAL =
  'ディスクの空き容量がないため、閲覧専用で開いています。この変更は保存されておらず、データは変更前のままです。' +
  '空き容量を増やしてから Bansō を起動し直すと、また保存できるようになります。';

/** seeds/ beside electron/ in the repo; beside out/ in the bundled and packaged app. */
export const DEFAULT_SEEDS_DIR = path.resolve(import.meta.dirname, '../../seeds');

/** The headless core: database, migrations and handlers. Never imports electron. */
export async function createCore(opts: CoreOptions): Promise<Core> {
  const log = opts.log ?? silentLogger;
  // Before opening: tells whether the file changed since the last start backup.
  const startFingerprint = fileFingerprint(dbPathFor(opts.dataDir));
  const notices = new NoticeStore(opts.dataDir, log);
  const noteOpen = (o: OpenedDatabase) => {
    if (o.recovery) notices.add(recoveryNotice(o.recovery), { persist: true });
    readOnlyReason = o.readOnlyReason;
    if (o.readOnlyReason === 'disk_full') {
      notices.add(
        {
          kind: 'read_only',
          level: 'error',
          title: 'ディスクがいっぱいのため、閲覧専用で開いています',
          message:
            `データフォルダーのあるディスクの空き容量がありません（残り ${freeText(opts.dataDir)}）。データを守るため、閲覧専用で開いています。` +
            '記録の閲覧や検索はできますが、変更やバックアップは保存できません。不要なファイルを削除するなどして空き容量を増やしてから、Bansō を起動し直してください: ' +
            opts.dataDir,
          paths: [opts.dataDir],
        },
        { persist: false },
      );
    } else if (o.readOnly) {
      notices.add(
        {
          kind: 'read_only',
          level: 'warning',
          title: '閲覧専用で開いています',
          message: `データフォルダーに書き込めないため、閲覧専用で開いています。変更やバックアップは保存できません。フォルダーの書き込み権限や空き容量を確認してから、Bansō を起動し直してください: ${opts.dataDir}`,
          paths: [opts.dataDir],
        },
        { persist: false },
      );
    }
  };
  let readOnlyReason: OpenedDatabase['readOnlyReason'] = null;
  const opened = await openDatabase(opts.dataDir, { ...opts, log });
  noteOpen(opened);
  const seedsDir = opts.seedsDir ?? DEFAULT_SEEDS_DIR;
  let bundles: BundleService | undefined;
  /** The services over one connection: made at start and again after a restore swaps the database. */
  const services = (db: OpenedDatabase['db']) => {
    bundles = undefined;
    return {
      cases: new CaseService(db),
      engagements: createEngagementService(db, seedsDir, log),
      // The catalogue is read by the engagement service; plans use its 補助率 and caps.
      plans: createPlanService(db, seedsDir, () => ctx.engagements.catalogue.programs, log),
    };
  };
  const ctx: CoreContext = {
    db: opened.db,
    dataDir: opts.dataDir,
    dbPath: opened.path,
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

  // While a restore swaps the database, other calls wait (see BackupHost.exclusive).
  let gate: Promise<void> | null = null;
  let closed = false;
  const latest = (opts.migrations ?? MIGRATIONS).at(-1)?.version ?? 0;
  ctx.backups = new BackupService(
    {
      db: () => ctx.db,
      dbPath: opened.path,
      dataDir: opts.dataDir,
      schemaVersion: () => ctx.schemaVersion,
      latestSchemaVersion: latest,
      readOnly: () => ctx.readOnly,
      async reopen() {
        // Every service is made again over the new connection (caches such as the case filter index included).
        ctx.db.close();
        const o = await openDatabase(opts.dataDir, { ...opts, log });
        noteOpen(o);
        ctx.db = o.db;
        ctx.schemaVersion = o.schemaVersion;
        ctx.readOnly = o.readOnly;
        Object.assign(ctx, services(o.db));
        syncSeeds();
      },
      async exclusive(fn) {
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
      },
    },
    { log, notices, now: opts.now, intervalMs: opts.backupIntervalMs, checkEveryMs: opts.backupCheckMs },
  );
  if (!ctx.readOnly && opts.autoBackup !== false) {
    // At start: only over data that existed (a migration or a recovery has just written or used one).
    if (opened.existed && !opened.backupPath && !opened.recovery) await ctx.backups.atStart(startFingerprint);
    else ctx.backups.resetBaseline();
    ctx.backups.startTimer();
  }

  const dispatch = createDispatcher(handlers, ctx, log);
  const invoke: Invoke = async (method, input) => {
    while (gate) await gate;
    const r = await dispatch(method, input);
    // Opened read-only because the disk is full: a refused write says so, not "the folder is read-only".
    if (!r.ok && r.error.code === 'storage_readonly' && readOnlyReason === 'disk_full') return { ok: false, error: { code: 'storage_full', message: DISK_FULL_REFUSAL } };
    return r;
  };
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
      ctx.backups.close();
      ctx.db.close();
    },
  };
}
