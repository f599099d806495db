import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open.ts';
import { MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { m0015 } from '../../electron/core/db/migrations/0015_global_search_one_index.ts';
import { createCore } from '../../electron/core/index.ts';
import { tempDir } from '../helpers/tmp.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const T = '2025-06-01T00:00:00.000Z';
const tables = (db: { prepare(s: string): { pluck(): { all(): unknown[] } } }) =>
  db.prepare("SELECT name FROM sqlite_schema WHERE name LIKE 'gsearch%' AND type = 'table' ORDER BY name").pluck().all() as string[];

describe('migration 0015 global search one index', () => {
  it('drops the unread trigram index; the records stay findable through the bigram index, and new edits are indexed', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const i = MIGRATIONS.findIndex((m) => m.version === m0015.version);
    const before = await openDatabase(t.dir, { migrations: MIGRATIONS.slice(0, i) });
    before.db.prepare("INSERT INTO clients (id, name, kind, prefecture, created_at, updated_at) VALUES ('c1', '雫川町', 'municipality', '岩手県', ?, ?)").run(T, T);
    before.db.prepare("INSERT INTO gsearch_tri (rowid, title, text) VALUES (1, '雫川町', '')").run();
    expect(tables(before.db)).toContain('gsearch_tri');
    before.db.close();

    const core = await createCore({ dataDir: t.dir, loadSeeds: false });
    try {
      expect(tables(core.ctx.db)).not.toContain('gsearch_tri');
      expect(tables(core.ctx.db)).toContain('gsearch_bi');
      const found = await core.call('search.global', { query: '雫川', limit: 5 });
      expect(found.groups.find((g) => g.kind === 'client')?.items.map((h) => h.id)).toEqual(['c1']);
      const c = await core.call('clients.create', { name: '柚子ヶ浦町', kind: 'municipality', prefecture: '高知県' });
      const again = await core.call('search.global', { query: '柚子', limit: 5 });
      expect(again.groups.find((g) => g.kind === 'client')?.items.map((h) => h.id)).toEqual([c.id]);
    } finally {
      core.close();
    }
  });
});
