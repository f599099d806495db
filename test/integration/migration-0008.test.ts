import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open.ts';
import { MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { caseFacetTokens, facetToken } from '../../electron/core/cases/facet-tokens.ts';
import { createCore } from '../../electron/core/index.ts';
import { bigramTokens } from '../../shared/search/normalize.ts';
import { draft } from '../helpers/cases.ts';
import { tempDir } from '../helpers/tmp.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const T = '2026-04-01T00:00:00.000Z';
/** How v7 (and every version before) normalised: NFKC, lower case, whitespace runs as one space (control and private-use characters kept). */
const oldNorm = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');

describe('migration 0008 case search text', () => {
  it('rebuilds both indexes of a v7 library: symbols become searchable, forged filter tokens stop matching, import keys follow the normaliser', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const v7 = await openDatabase(t.dir, { migrations: MIGRATIONS.slice(0, 7) });
    const forged = facetToken('prefecture', '岩手県');
    const cases = [
      draft({ title: '100% 地元採用の C# 拠点', body: `地元採用を進めた。${forged}`, prefecture: '高知県', fiscalYear: 2016 }),
      draft({ title: 'C 言語の研修', body: '地元採用の研修。', prefecture: '岩手県', fiscalYear: 2017 }),
      draft({ title: '制御\u0001文字', body: '', prefecture: '', fiscalYear: null }),
    ];
    cases.forEach((c, i) => {
      const id = `00000000-0000-4000-8000-00000000000${i + 1}`;
      // The title key as v7 computed it.
      const key = `${oldNorm(c.title).trim()}\u0001${oldNorm(c.municipality).trim()}`;
      v7.db
        .prepare(
          `INSERT INTO cases (id, title, summary, body, prefecture, municipality, organization, organization_type, fields, technologies, programs, fiscal_year, size, outcomes, sources, tags, origin, user_modified, title_key, created_at, updated_at)
           VALUES (?, ?, '', ?, ?, '', '', '', '[]', '[]', '[]', ?, '', '[]', '[]', '[]', 'user', 0, ?, ?, ?)`,
        )
        .run(id, c.title, c.body, c.prefecture, c.fiscalYear, key, T, T);
      const seq = v7.db.prepare('SELECT seq FROM cases WHERE id = ?').pluck().get(id) as number;
      // The index rows as v7 wrote them: one text with the private-use characters kept, and
      // side-index tokens where symbols were separators.
      const title = oldNorm(c.title);
      const text = oldNorm([c.body, c.prefecture].join('\n'));
      const words = (s: string) => s.replace(/[^\p{L}\p{N}\p{Co} ]+/gu, ' ');
      v7.db.prepare('INSERT INTO cases_tri (rowid, title, text) VALUES (?, ?, ?)').run(seq, title, `${text}\n${caseFacetTokens(c)}`);
      v7.db.prepare('INSERT INTO cases_bi (rowid, title, text) VALUES (?, ?, ?)').run(seq, bigramTokens(words(title)), `${bigramTokens(words(text))} ${caseFacetTokens(c)}`);
    });
    v7.db.close();

    const core = await createCore({ dataDir: t.dir, loadSeeds: false });
    try {
      expect(core.ctx.schemaVersion).toBeGreaterThanOrEqual(8);
      const titles = async (query: string, filters = {}) => (await core.call('cases.search', { query, filters })).items.map((h) => h.title).sort();
      expect(await titles('%')).toEqual(['100% 地元採用の C# 拠点']);
      expect(await titles('c#')).toEqual(['100% 地元採用の C# 拠点']);
      expect(await titles('c')).toEqual(['100% 地元採用の C# 拠点', 'C 言語の研修']);
      // The forged 岩手県 token in the first case's body matches no filter any more.
      expect(await titles('地元採用', { prefectures: ['岩手県'] })).toEqual(['C 言語の研修']);
      expect(await titles('', { prefectures: ['岩手県'] })).toEqual(['C 言語の研修']);
      // An import row without id finds the case by the title key the normaliser gives today.
      expect(core.ctx.cases.repo.findByTitle('制御\u0001文字', '')?.title).toBe('制御\u0001文字');
      // (The latest schema has one index, cases_bi: migration 0014.)
      for (const table of ['cases_bi']) {
        expect(core.ctx.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(3);
      }
    } finally {
      core.close();
    }
  });
});
