import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dbPathFor, loadSqlite, openDatabase } from '../../electron/core/db/open.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import type { DB, Migration } from '../../electron/core/db/types.ts';
import { tempDir } from '../helpers/tmp.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));
function dir(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}
function sha(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}
function tables(db: DB): string[] {
  return (db.prepare("SELECT name FROM sqlite_schema WHERE type='table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

describe('migration runner', () => {
  it('numbers migrations in increasing order from 1 (a number reserved for another branch may be missing)', () => {
    const v = MIGRATIONS.map((m) => m.version);
    expect(v[0]).toBe(1);
    v.slice(1).forEach((n, i) => expect(n).toBeGreaterThan(v[i]!));
    expect(LATEST_SCHEMA_VERSION).toBe(v.at(-1));
  });

  it('migrates an empty folder to the latest version without a backup (nothing to back up)', async () => {
    const d = dir();
    const o = await openDatabase(d);
    expect(o.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(o.applied).toEqual(MIGRATIONS.map((m) => m.version));
    expect(o.backupPath).toBeNull();
    o.db.close();
    const again = await openDatabase(d);
    expect(again.applied).toEqual([]);
    again.db.close();
  });

  it('refuses a database from a newer version and leaves the file untouched', async () => {
    const d = dir();
    const Database = loadSqlite();
    const raw = new Database(dbPathFor(d));
    raw.exec('CREATE TABLE t (x INTEGER) STRICT; INSERT INTO t VALUES (1);');
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    raw.close();
    const before = sha(dbPathFor(d));
    const entries = fs.readdirSync(d).sort();
    await expect(openDatabase(d)).rejects.toMatchObject({ code: 'db_from_future', message: expect.stringMatching(/新しいバージョン/) });
    expect(sha(dbPathFor(d))).toBe(before);
    expect(fs.readdirSync(d).sort()).toEqual(entries); // no WAL, no backup, nothing new
  });

  it('backs the file up with the online backup before migrating existing data', async () => {
    const d = dir();
    const v1 = await openDatabase(d, { migrations: MIGRATIONS.slice(0, 1) });
    v1.db.prepare("INSERT INTO settings (key, value) VALUES ('advisorName', '\"鈴木\"')").run();
    v1.db.close();
    const extra: Migration = { version: MIGRATIONS.length + 1, name: 'test-extra', up: (db) => db.exec('CREATE TABLE extra (id INTEGER PRIMARY KEY) STRICT') };
    const all = [...MIGRATIONS, extra];
    const o = await openDatabase(d, { migrations: all, now: () => new Date('2026-04-01T09:00:00Z') });
    expect(o.backupPath).toMatch(/backups[\\/]banso-v1-before-migration-20260401T090000Z\.sqlite3$/);
    const Database = loadSqlite();
    const b = new Database(o.backupPath!, { readonly: true });
    expect(b.pragma('user_version', { simple: true })).toBe(1);
    expect(b.prepare('SELECT value FROM settings').get()).toEqual({ value: '"鈴木"' });
    expect(b.pragma('integrity_check', { simple: true })).toBe('ok');
    b.close();
    o.db.close();
  });

  it('rolls a failing migration back completely and keeps the data', async () => {
    const d = dir();
    const v = await openDatabase(d);
    v.db.prepare("INSERT INTO settings (key, value) VALUES ('organization', '\"総務省\"')").run();
    v.db.close();
    const bad: Migration = {
      version: LATEST_SCHEMA_VERSION + 1,
      name: 'broken',
      up: (db) => {
        db.exec('CREATE TABLE half (id INTEGER) STRICT; DELETE FROM settings;');
        throw new Error('boom');
      },
    };
    await expect(openDatabase(d, { migrations: [...MIGRATIONS, bad] })).rejects.toMatchObject({ code: 'db_unavailable', message: expect.stringMatching(/更新前の状態のまま/) });
    const o = await openDatabase(d);
    expect(o.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(tables(o.db)).not.toContain('half');
    expect(o.db.prepare('SELECT value FROM settings').get()).toEqual({ value: '"総務省"' });
    expect(fs.readdirSync(path.join(d, 'backups')).filter((f) => !f.startsWith('.')).length).toBe(1); // one backup (dot files are bookkeeping: the database marker)
    o.db.close();
  });
});

/** One test per schema version: migrate to N-1, put data in, migrate to N, check. */
describe('migration 0001 initial', () => {
  it('creates STRICT settings and an append-only history', async () => {
    const d = dir();
    const o = await openDatabase(d, { migrations: MIGRATIONS.slice(0, 1) });
    expect(o.schemaVersion).toBe(1);
    expect(tables(o.db)).toEqual(expect.arrayContaining(['settings', 'history']));
    const strict = o.db.prepare("SELECT name, strict FROM pragma_table_list WHERE name IN ('settings','history') ORDER BY name").all();
    expect(strict).toEqual([{ name: 'history', strict: 1 }, { name: 'settings', strict: 1 }]);
    o.db.prepare("INSERT INTO history (at, entity, entity_id, field, old_value, new_value) VALUES ('t','x','1','f',NULL,'1')").run();
    expect(() => o.db.prepare("UPDATE history SET field='g'").run()).toThrow(/append-only/);
    expect(() => o.db.prepare("INSERT INTO settings (key, value) VALUES ('k', x'00')").run()).toThrow(/cannot store BLOB/);
    o.db.close();
  });
});
