import fs from 'node:fs';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../shared/errors.ts';
import { keyedUri, keyForFile, keyPragmas } from '../crypto/keyring.ts';
import { runtimeProblem } from '../runtime.ts';

const requireNative = createRequire(import.meta.url);
let DatabaseCtor: typeof BetterSqlite3 | undefined;

/** Load better-sqlite3(-multiple-ciphers) only after checking the runtime, so Node 20 gets a message, not a segfault. */
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

type Db = BetterSqlite3.Database;

/** Key a fresh connection (before its first read). */
export function keyConnection(db: Db, key: Buffer): void {
  for (const p of keyPragmas(key)) db.pragma(p);
}

/**
 * Open a connection. `key`: the data key (null: plain); when left out, the key of the unlocked
 * data folder that holds the file (crypto/keyring.ts), so backups and the database open alike.
 */
export function openSqlite(file: string, options?: BetterSqlite3.Options, key?: Buffer | null): Db {
  const k = key === undefined ? keyForFile(file) : key;
  const db = new (loadSqlite())(file, options);
  if (k) {
    try {
      keyConnection(db, k);
    } catch (err) {
      db.close();
      throw err;
    }
  }
  return db;
}

/**
 * SQLite's online backup API from `src` into the file `target` (created when missing, else
 * overwritten page by page in one transaction). better-sqlite3's `backup()` opens the target
 * without a key, which SQLite3MultipleCiphers refuses between encrypted databases ("incompatible
 * source and target databases"); for a keyed target the same backup runs on a keyed `file:` URI,
 * through the binding's own backup handle (its JS wrapper only refuses a URI as a path).
 */
export async function backupDatabase(src: Db, target: string, opts: { key?: Buffer | null; progress?: () => number } = {}): Promise<void> {
  const k = opts.key === undefined ? keyForFile(target) : opts.key;
  if (!k) {
    await (opts.progress ? src.backup(target, { progress: opts.progress }) : src.backup(target));
    return;
  }
  const isNewFile = !fs.existsSync(target);
  const handleOf = (Object.getOwnPropertySymbols(src) as symbol[]).map((s) => (src as unknown as Record<symbol, unknown>)[s]).find(
    (v): v is { backup(db: Db, attached: string, file: string, isNew: boolean): BackupHandle } => typeof (v as { backup?: unknown } | null)?.backup === 'function',
  );
  if (!handleOf) throw new AppError('internal', 'SQLite のバックアップ機能を使えません（ライブラリの版が想定と違います）。');
  const handle = handleOf.backup(src, 'main', keyedUri(target, k), isNewFile);
  await new Promise<void>((resolve, reject) => {
    let rate = opts.progress ? opts.progress() : 0;
    const step = () => {
      try {
        const p = handle.transfer(rate);
        if (!p.remainingPages) {
          handle.close();
          resolve();
          return;
        }
        rate = opts.progress ? opts.progress() : 100;
        setImmediate(step);
      } catch (err) {
        handle.close();
        reject(err as Error);
      }
    };
    setImmediate(step);
  });
}

interface BackupHandle {
  transfer(pages: number): { totalPages: number; remainingPages: number };
  close(): void;
}
