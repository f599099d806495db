import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract/index.ts';
import { AppError } from '../../shared/errors.ts';
import path from 'node:path';
import { CaseService } from './cases/service.ts';
import { readSeedCases, syncSeedCases } from './cases/seeds.ts';
import type { CoreContext } from './context.ts';
import { openDatabase, type OpenOptions } from './db/open.ts';
import { createEngagementService } from './engagements/index.ts';
import { createPlanService } from './plans/index.ts';
import { createDispatcher, type Invoke } from './dispatch.ts';
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
}

/** seeds/ beside electron/ in the repo; beside out/ in the bundled and packaged app. */
export const DEFAULT_SEEDS_DIR = path.resolve(import.meta.dirname, '../../seeds');

/** The headless core: database, migrations and handlers. Never imports electron. */
export async function createCore(opts: CoreOptions): Promise<Core> {
  const log = opts.log ?? silentLogger;
  const opened = await openDatabase(opts.dataDir, { ...opts, log });
  const ctx: CoreContext = {
    db: opened.db,
    dataDir: opts.dataDir,
    dbPath: opened.path,
    schemaVersion: opened.schemaVersion,
    log,
    cases: new CaseService(opened.db),
    engagements: createEngagementService(opened.db, opts.seedsDir ?? DEFAULT_SEEDS_DIR, log),
    // The catalogue is read by the engagement service; plans use its 補助率 and caps.
    plans: createPlanService(opened.db, opts.seedsDir ?? DEFAULT_SEEDS_DIR, () => ctx.engagements.catalogue.programs, log),
  };
  if (opts.loadSeeds !== false) {
    try {
      syncSeedCases(opened.db, ctx.cases.repo, readSeedCases(opts.seedsDir ?? DEFAULT_SEEDS_DIR), log);
    } catch (err) {
      // Bad seed data must not keep the user from their own data.
      log.error('seed cases were not loaded', err);
    }
  }
  const invoke = createDispatcher(handlers, ctx, log);
  let closed = false;
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
      opened.db.close();
    },
  };
}
