import type { DB } from './types.ts';

/** A write of at least this many rows is a bulk write (an import, a migration that rebuilds an index). */
export const BULK_ROWS = 500;

/**
 * After a bulk write, fold the write-ahead log into the database file and truncate it.
 * A large WAL (hundreds of MB after a 100k-case import) makes every later read look its pages
 * up in the WAL index first: searches measured 1.5–2× slower until the next write reset it.
 * The checkpoint takes ~0.3 s after 100k cases and is skipped quietly when another connection
 * is reading (SQLite then reports busy; the WAL is reset by a later write instead).
 */
export function settleWal(db: DB): void {
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // Busy or read-only: nothing is lost, reads are only slower until the next write.
  }
}
