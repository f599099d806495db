import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';

export type DB = BetterSqlite3.Database;

/** One schema version. `up` runs inside a transaction; it must not commit or change pragmas. */
export interface Migration {
  version: number;
  name: string;
  up(db: DB): void;
}
