import type BetterSqlite3 from 'better-sqlite3';

export type DB = BetterSqlite3.Database;

/** One schema version. `up` runs inside a transaction; it must not commit or change pragmas. */
export interface Migration {
  version: number;
  name: string;
  /** `from`: the version the database had before this open's first migration (0: a new database). */
  up(db: DB, info: { from: number }): void;
}
