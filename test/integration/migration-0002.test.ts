import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open.ts';
import { MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { tempDir } from '../helpers/tmp.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

describe('migration 0002 cases', () => {
  it('adds the case library to a v1 database without touching its data', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const v1 = await openDatabase(t.dir, { migrations: MIGRATIONS.slice(0, 1) });
    v1.db.prepare("INSERT INTO settings (key, value) VALUES ('advisorName', '\"伴走 花子\"')").run();
    v1.db.prepare("INSERT INTO history (at, entity, entity_id, field, old_value, new_value) VALUES ('2026-01-01T00:00:00Z', 'settings', 'advisorName', 'advisorName', '\"\"', '\"伴走 花子\"')").run();
    v1.db.close();

    const v2 = await openDatabase(t.dir, { migrations: MIGRATIONS.slice(0, 2) });
    try {
      expect(v2.applied).toEqual([2]);
      expect(v2.backupPath).not.toBeNull();
      const db = v2.db;
      expect(db.prepare('SELECT value FROM settings').get()).toEqual({ value: '"伴走 花子"' });
      expect((db.prepare('SELECT count(*) AS n FROM history').get() as { n: number }).n).toBe(1);
      const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
      expect(tables).toEqual(expect.arrayContaining(['cases', 'cases_tri', 'cases_bi', 'synonyms', 'seed_state']));
      expect(db.prepare("SELECT strict FROM pragma_table_list WHERE name = 'cases'").get()).toEqual({ strict: 1 });
      // The trigram and bigram indexes are FTS5 tables with the expected tokenizers.
      const sql = (name: string) => (db.prepare('SELECT sql FROM sqlite_schema WHERE name = ?').get(name) as { sql: string }).sql;
      expect(sql('cases_tri')).toMatch(/tokenize = 'trigram'/);
      expect(sql('cases_bi')).toMatch(/tokenize = 'ascii'/);
      // Seeded synonym groups, including the four the library promises.
      const groups = db.prepare('SELECT group_concat(term, \'/\') AS g FROM synonyms GROUP BY grp ORDER BY grp').all() as { g: string }[];
      const joined = groups.map((r) => r.g);
      for (const g of ['テレワーク/リモートワーク/在宅勤務', 'サテライトオフィス/シェアオフィス/コワーキング', 'DX/デジタル化', '自動運転/無人運転']) {
        expect(joined.some((x) => x.split('/').sort().join('/') === g.split('/').sort().join('/')), g).toBe(true);
      }
      // Constraints hold: an unknown origin is refused.
      expect(() =>
        db.prepare("INSERT INTO cases (id, title, origin, title_key, created_at, updated_at) VALUES ('x', 't', 'alien', 'k', 'a', 'b')").run(),
      ).toThrow(/CHECK/);
    } finally {
      v2.db.close();
    }
  });
});
