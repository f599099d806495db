import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../shared/errors.ts';
import { runtimeProblem } from '../runtime.ts';

const requireNative = createRequire(import.meta.url);
let DatabaseCtor: typeof BetterSqlite3 | undefined;

/** Load better-sqlite3-multiple-ciphers only after checking the runtime, so Node 20 gets a message, not a segfault. */
export function loadSqlite(): typeof BetterSqlite3 {
  const problem = runtimeProblem();
  if (problem) throw new AppError('db_unavailable', problem);
  if (!DatabaseCtor) {
    // `file:` URIs (read once, when the library initialises) let the core open backups and a
    // database in a read-only folder with ?immutable=1, which creates nothing beside the file.
    // The core's own paths are absolute and never start with "file:".
    process.env.SQLITE_USE_URI ??= '1';
    DatabaseCtor = requireNative('better-sqlite3-multiple-ciphers') as typeof BetterSqlite3;
  }
  return DatabaseCtor;
}
