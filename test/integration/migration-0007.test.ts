import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open.ts';
import { MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { tempDir } from '../helpers/tmp.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const T = '2026-04-01T00:00:00.000Z';
const H = 'a'.repeat(64);
const H2 = 'b'.repeat(64);

describe('migration 0007 bundle ledger', () => {
  it('adds the STRICT bundle_ledger, copies what v6 had received as imported versions, and checks its rows', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const v6 = await openDatabase(t.dir, { migrations: MIGRATIONS.slice(0, 6) });
    expect(v6.schemaVersion).toBe(6);
    const sync = v6.db.prepare('INSERT INTO sync_state (entity, entity_id, hash, synced_at) VALUES (?, ?, ?, ?)');
    sync.run('logEntry', 'l1', H, T);
    sync.run('client', 'c1', H2, T);
    v6.db.close();

    const v7 = await openDatabase(t.dir, { migrations: MIGRATIONS.slice(0, 7) });
    const db = v7.db;
    try {
      expect(v7.applied).toEqual([7]);
      expect(v7.backupPath).toMatch(/banso-v6-before-migration/);
      expect(db.prepare("SELECT strict, wr FROM pragma_table_list WHERE name = 'bundle_ledger'").get()).toEqual({ strict: 1, wr: 1 });
      expect(db.prepare('SELECT entity, entity_id, hash, direction, first_at FROM bundle_ledger ORDER BY entity').all()).toEqual([
        { entity: 'client', entity_id: 'c1', hash: H2, direction: 'imported', first_at: T },
        { entity: 'logEntry', entity_id: 'l1', hash: H, direction: 'imported', first_at: T },
      ]);
      // sync_state is kept as it was: it still says which version was received last.
      expect(db.prepare('SELECT count(*) FROM sync_state').pluck().get()).toBe(2);

      const put = db.prepare('INSERT INTO bundle_ledger (entity, entity_id, hash, direction, first_at) VALUES (?, ?, ?, ?, ?)');
      put.run('logEntry', 'l1', H, 'exported', T); // the same version, the other direction
      expect(() => put.run('logEntry', 'l1', H, 'exported', T)).toThrow(/UNIQUE|PRIMARY/);
      expect(() => put.run('nonsense', 'x', H, 'exported', T)).toThrow(/CHECK/);
      expect(() => put.run('client', 'x', 'ABC', 'exported', T)).toThrow(/CHECK/);
      expect(() => put.run('client', 'x', 'A'.repeat(64), 'exported', T)).toThrow(/CHECK/);
      expect(() => put.run('client', 'x', H, 'sent', T)).toThrow(/CHECK/);
      expect(() => put.run('client', '', H, 'exported', T)).toThrow(/CHECK/);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });
});
