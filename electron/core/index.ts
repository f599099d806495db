import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract/index.ts';
import { AppError } from '../../shared/errors.ts';
import type { CoreContext } from './context.ts';
import { openDatabase, type OpenOptions } from './db/open.ts';
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
}

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
  };
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
