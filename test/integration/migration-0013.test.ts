import { afterEach, describe, expect, it } from 'vitest';
import { indexedColumns } from '../../electron/core/cases/case-index.ts';
import { facetToken } from '../../electron/core/cases/facet-tokens.ts';
import { rowToCase, searchText, type CaseRow } from '../../electron/core/cases/repo.ts';
import { openDatabase } from '../../electron/core/db/open.ts';
import { MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { m0013 } from '../../electron/core/db/migrations/0013_one_case_index.ts';
import type { DB } from '../../electron/core/db/types.ts';
import { createCore } from '../../electron/core/index.ts';
import type { CaseInputDraft } from '../../shared/domain/case.ts';
import { generateCases } from '../bench/gen-cases.ts';
import { draft } from '../helpers/cases.ts';
import { tempDir } from '../helpers/tmp.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

/** Cases whose text exercises every branch of the tokenizer (symbols, emoji, surrogates, controls, forged marks, lists, outcomes). */
const ODD: CaseInputDraft[] = [
  { title: 'C# と C++ の開発者を誘致 🚀', summary: 'c#/.NET、a+b=c、100%！', body: '👨‍👩‍👧 と ❤️、壊れた\ud800サロゲート、外字\ue000、制御\u0001文字\u007f。\n改行\tタブ　全角空白', prefecture: '福岡県', technologies: ['C#', 'C++'], fiscalYear: 2021, tags: ['a b', 'c'] },
  { title: 'ＦＵＬＬ－ＷＩＤＴＨ ﾃﾚﾜｰｸ ΟΔΟΣ', body: `ς と ͅ と \ufffe、偽の絞り込み ${facetToken('prefecture', '岩手県')}`, prefecture: '', fiscalYear: null, outcomes: [{ label: '満足度', value: '95', unit: '%' }], organization: '㈱テスト', size: '人口 1 万人' },
];

/** Every (term, case, column, offset) of the index: the whole index as data. */
function instances(db: DB): string[] {
  db.exec("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, 'cases_bi', 'instance')");
  const out = (db.prepare('SELECT term, doc, col, offset FROM temp.vocab').raw().all() as unknown[][]).map((r) => JSON.stringify(r));
  db.exec('DROP TABLE temp.vocab');
  return out.sort();
}

describe('migration 0014 one case index', () => {
  it('turns a v8 library with two indexes into one bigram index without a prefix index, keeping every case, indexed exactly as the app indexes a case', async () => {
    // A library at the latest schema, written by the app: the reference.
    const fresh = tempDir();
    cleanups.push(fresh.cleanup);
    const core = await createCore({ dataDir: fresh.dir }); // with the seed cases
    for (const c of generateCases(200, 14)) {
      const { id: _id, origin: _o, createdAt: _c, updatedAt: _u, ...input } = c;
      await core.call('cases.create', draft(input));
    }
    for (const d of ODD) await core.call('cases.create', draft(d));
    const gone = (await core.call('cases.search', { query: '', limit: 1 })).items[0]!.id;
    await core.call('cases.delete', { id: gone }); // a gap in the seqs
    const rows = core.ctx.db.prepare('SELECT * FROM cases ORDER BY seq').all() as CaseRow[];
    const synonyms = core.ctx.db.prepare('SELECT grp, term FROM synonyms').all() as { grp: number; term: string }[];
    const expected = instances(core.ctx.db);
    const queries = ['課題', '柚', 'テレワーク', '"地域課題に対し"', 'c#', 'c++', '🚀', '%', 'ﾃﾚﾜｰｸ', 'σ', '観光 -計画', '教育 ai', '満足度 95%'];
    const filters = [{}, { prefectures: ['岩手県'] }, { fields: ['教育' as const], yearFrom: 2018, yearTo: 2024 }];
    const answers = async (c: typeof core) => {
      const out: unknown[] = [];
      for (const query of queries) {
        for (const f of filters) {
          const r = await c.call('cases.search', { query, filters: f, limit: 500 });
          out.push([query, f, r.total, r.items.map((h) => h.id)]);
        }
      }
      return out;
    };
    const expectedAnswers = await answers(core);
    core.close();
    expect(rows.length).toBe(77 + 200 + ODD.length - 1);

    // The same cases in a v8 library, indexed as v8 indexed them (trigram index + bigram side index with a prefix index).
    const old = tempDir();
    cleanups.push(old.cleanup);
    const v = m0013.version;
    const before = await openDatabase(old.dir, { migrations: MIGRATIONS.slice(0, v - 1) });
    expect(before.db.pragma('user_version', { simple: true })).toBe(v - 1);
    expect(before.db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'cases_bi'").pluck().get()).toMatch(/prefix = '1'/);
    const cols = Object.keys(rows[0]!);
    const ins = before.db.prepare(`INSERT INTO cases (${cols.join(', ')}) VALUES (${cols.map((k) => `@${k}`).join(', ')})`);
    const tri = before.db.prepare('INSERT INTO cases_tri (rowid, title, text) VALUES (?, ?, ?)');
    const bi = before.db.prepare('INSERT INTO cases_bi (rowid, title, text) VALUES (?, ?, ?)');
    before.db.transaction(() => {
      before.db.prepare('DELETE FROM synonyms').run();
      for (const s of synonyms) before.db.prepare('INSERT INTO synonyms (grp, term) VALUES (?, ?)').run(s.grp, s.term);
      for (const r of rows) {
        ins.run(r);
        const c = rowToCase(r);
        const t = searchText(c);
        tri.run(r.seq, t.title, t.text);
        const b = indexedColumns(c);
        bi.run(r.seq, b.title, b.text);
      }
    })();
    before.db.close();

    const migrated = await createCore({ dataDir: old.dir, loadSeeds: false });
    try {
      const db = migrated.ctx.db;
      expect(migrated.ctx.schemaVersion).toBeGreaterThanOrEqual(v);
      // One index, without a prefix index; the trigram index is gone.
      expect(db.prepare("SELECT name FROM sqlite_schema WHERE name LIKE 'cases_tri%'").pluck().all()).toEqual([]);
      const sql = db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'cases_bi'").pluck().get() as string;
      expect(sql).toMatch(/tokenize = 'ascii'/);
      expect(sql).not.toMatch(/prefix/);
      // Every case kept, unchanged.
      expect(db.prepare('SELECT * FROM cases ORDER BY seq').all()).toEqual(rows);
      // The index holds exactly what the app writes for these cases (every term at every position).
      expect(instances(db)).toEqual(expected);
      expect(db.prepare('SELECT count(*) FROM cases_bi').pluck().get()).toBe(rows.length);
      // And so every search answers as in the library written afresh.
      expect(await answers(migrated)).toEqual(expectedAnswers);
      // Writes after the migration keep the index current.
      const added = await migrated.call('cases.create', draft({ title: '移行後の事例', body: '柚子の加工', prefecture: '高知県', fiscalYear: 2025 }));
      expect((await migrated.call('cases.search', { query: '柚子', filters: { prefectures: ['高知県'] } })).items.map((h) => h.id)).toContain(added.id);
    } finally {
      migrated.close();
    }
  });
});
