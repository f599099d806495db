import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open.ts';
import { MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { tempDir } from '../helpers/tmp.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const T = '2026-04-01T00:00:00.000Z';
const H = 'a'.repeat(64);

describe('migration 0005 bundles', () => {
  it('adds STRICT sync_state, sync_seen and conflicts tables, keeping v4 data, with checks', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const v4 = await openDatabase(t.dir, { migrations: MIGRATIONS.slice(0, 4) });
    expect(v4.schemaVersion).toBe(4);
    v4.db.prepare(`INSERT INTO clients (id, name, kind, prefecture, created_at, updated_at) VALUES ('c1', '能代市', 'municipality', '秋田県', ?, ?)`).run(T, T);
    v4.db.close();

    const v5 = await openDatabase(t.dir, { migrations: MIGRATIONS.slice(0, 5) });
    const db = v5.db;
    try {
      expect(v5.applied).toEqual([5]);
      expect(v5.backupPath).toMatch(/banso-v4-before-migration/);
      expect(db.prepare("SELECT name, strict FROM pragma_table_list WHERE name IN ('sync_state','sync_seen','conflicts') ORDER BY name").all()).toEqual([
        { name: 'conflicts', strict: 1 },
        { name: 'sync_seen', strict: 1 },
        { name: 'sync_state', strict: 1 },
      ]);
      expect(db.prepare('SELECT count(*) AS n FROM clients').get()).toEqual({ n: 1 });

      const sync = db.prepare('INSERT INTO sync_state (entity, entity_id, hash, synced_at) VALUES (?, ?, ?, ?)');
      sync.run('client', 'c1', H, T);
      expect(() => sync.run('client', 'c1', H, T)).toThrow(/UNIQUE|PRIMARY/);
      expect(() => sync.run('nonsense', 'c2', H, T)).toThrow(/CHECK/);
      expect(() => sync.run('client', 'c2', 'ABC', T)).toThrow(/CHECK/);
      expect(() => sync.run('client', 'c3', 'A'.repeat(64), T)).toThrow(/CHECK/);

      const conflict = db.prepare(`INSERT INTO conflicts (entity, entity_id, incoming, incoming_hash, local, bundle_exported_at, created_at, resolved_at, resolution)
        VALUES (@entity, 'c1', @incoming, '${H}', @local, '${T}', '${T}', @resolvedAt, @resolution)`);
      const ok = { entity: 'client', incoming: '{"hash":"x","record":{}}', local: '{}', resolvedAt: null, resolution: null };
      conflict.run(ok);
      expect(() => conflict.run({ ...ok, incoming: 'not json' })).toThrow(/CHECK/);
      expect(() => conflict.run({ ...ok, incoming: '[1]' })).toThrow(/CHECK/);
      expect(() => conflict.run({ ...ok, resolution: 'mine' })).toThrow(/CHECK/); // resolved without a time
      expect(() => conflict.run({ ...ok, resolvedAt: T, resolution: 'maybe' })).toThrow(/CHECK/);
      conflict.run({ ...ok, resolvedAt: T, resolution: 'theirs' });
      expect(db.prepare('SELECT count(*) AS n FROM conflicts WHERE resolved_at IS NULL').get()).toEqual({ n: 1 });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });
});
