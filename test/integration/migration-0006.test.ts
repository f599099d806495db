import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open.ts';
import { MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { createCore } from '../../electron/core/index.ts';
import { searchText } from '../../electron/core/cases/repo.ts';
import { bigramTokens } from '../../shared/search/normalize.ts';
import { draft } from '../helpers/cases.ts';
import { tempDir } from '../helpers/tmp.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const T = '2026-04-01T00:00:00.000Z';

describe('migration 0006 case facet tokens', () => {
  it('rebuilds both full-text indexes of a v5 library with the filter tokens, keeping every case findable', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const v5 = await openDatabase(t.dir, { migrations: MIGRATIONS.slice(0, 5) });
    // A v5 library as v5 indexed it: words only, no filter tokens.
    const cases = [
      draft({ title: '除雪車の自動運転', body: '課題を整理した', prefecture: '岩手県', technologies: ['AI'], fiscalYear: 2021 }),
      draft({ title: '柚子の選果', body: '課題の共有', prefecture: '高知県', technologies: ['IoT'], fiscalYear: 2018 }),
    ];
    cases.forEach((c, i) => {
      const id = `00000000-0000-4000-8000-00000000000${i + 1}`;
      v5.db
        .prepare(
          `INSERT INTO cases (id, title, summary, body, prefecture, municipality, organization, organization_type, fields, technologies, programs, fiscal_year, size, outcomes, sources, tags, origin, user_modified, title_key, created_at, updated_at)
           VALUES (?, ?, '', ?, ?, '', '', '', '[]', ?, '[]', ?, '', '[]', '[]', '[]', 'user', 0, ?, ?, ?)`,
        )
        .run(id, c.title, c.body, c.prefecture, JSON.stringify(c.technologies), c.fiscalYear, `k${i}`, T, T);
      const seq = (v5.db.prepare('SELECT seq FROM cases WHERE id = ?').pluck().get(id) as number);
      const { title, text } = searchText(c);
      v5.db.prepare('INSERT INTO cases_tri (rowid, title, text) VALUES (?, ?, ?)').run(seq, title, text);
      v5.db.prepare('INSERT INTO cases_bi (rowid, title, text) VALUES (?, ?, ?)').run(seq, bigramTokens(title), bigramTokens(text));
    });
    v5.db.close();

    const core = await createCore({ dataDir: t.dir, loadSeeds: false });
    try {
      expect(core.ctx.schemaVersion).toBeGreaterThanOrEqual(6);
      const filters = { prefectures: ['岩手県'], fields: [], technologies: ['AI'], programs: [], yearFrom: 2020, yearTo: 2022 };
      const r = await core.call('cases.search', { query: '課題', filters });
      expect(r.items.map((h) => h.title)).toEqual(['除雪車の自動運転']);
      expect((await core.call('cases.search', { query: '', filters: { ...filters, technologies: ['IoT'] } })).total).toBe(0);
      expect((await core.call('cases.search', { query: '自動運転' })).total).toBe(1);
      expect((await core.call('cases.search', { query: '課題' })).total).toBe(2);
      // Exactly one index row per case in each index (the old rows are gone).
      // (The latest schema has one index, cases_bi: migration 0014.)
      for (const table of ['cases_bi']) {
        expect(core.ctx.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(2);
      }
    } finally {
      core.close();
    }
  });
});
