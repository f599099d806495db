import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import { facetToken, MAX_YEAR_TERMS } from '../../electron/core/cases/facet-tokens.ts';
import { searchText } from '../../electron/core/cases/repo.ts';
import type { CaseFilters } from '../../shared/contract/cases.ts';
import type { Case } from '../../shared/domain/case.ts';
import { normalizeText } from '../../shared/search/normalize.ts';
import { generateCases, rng } from '../bench/gen-cases.ts';
import { addCases } from '../helpers/cases.ts';
import { tempDir } from '../helpers/tmp.ts';

/**
 * Words AND filters run as one FTS5 expression (filter values are tokens in both indexes).
 * Checked against a brute-force reference over every case: for random words and random
 * filters, the search returns exactly the cases whose text contains every word and whose
 * values pass every filter.
 */
let core: Core;
let cleanup: () => void;
let all: Case[];

const NONE: CaseFilters = { prefectures: [], fields: [], technologies: [], programs: [], yearFrom: null, yearTo: null };

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  core = await createCore({ dataDir: t.dir, loadSeeds: false });
  const gen = generateCases(600, 11);
  core.ctx.db.transaction(() => {
    for (const c of gen) core.ctx.cases.repo.insert(c);
  })();
  await addCases(core, [
    { title: 'AIoT の実証', technologies: ['AIoT'], prefecture: '岩手県', fiscalYear: 2021 },
    { title: 'AI の実証', technologies: ['AI'], prefecture: '岩手県', fiscalYear: 2021 },
    { title: '年度の分からない実証', technologies: ['AI'], prefecture: '岩手県', fiscalYear: null },
    { title: '年度の分からない課題', prefecture: '高知県', fiscalYear: null },
  ]);
  all = core.ctx.cases.repo.all();
});
afterAll(() => {
  core.close();
  cleanup();
});

function reference(words: string[], f: CaseFilters): string[] {
  const some = (sel: readonly string[], vals: readonly string[]) => sel.length === 0 || sel.some((v) => vals.includes(v));
  return all
    .filter((c) => {
      const { title, text } = searchText(c);
      const hay = `${title}\n${text}`;
      if (!words.every((w) => hay.includes(normalizeText(w)))) return false;
      if (f.prefectures.length > 0 && !f.prefectures.includes(c.prefecture)) return false;
      if (!some(f.fields, c.fields) || !some(f.technologies, c.technologies) || !some(f.programs, c.programs)) return false;
      if (f.yearFrom !== null && (c.fiscalYear === null || c.fiscalYear < f.yearFrom)) return false;
      if (f.yearTo !== null && (c.fiscalYear === null || c.fiscalYear > f.yearTo)) return false;
      return true;
    })
    .map((c) => c.id)
    .sort();
}

async function search(query: string, filters: CaseFilters) {
  const ids: string[] = [];
  let total = 0;
  for (let offset = 0; ; offset += 500) {
    const r = await core.call('cases.search', { query, filters, limit: 500, offset });
    total = r.total;
    ids.push(...r.items.map((h) => h.id));
    if (r.items.length < 500) break;
  }
  return { total, ids: ids.sort() };
}

describe('search with filters as FTS5 tokens', () => {
  it('matches a tag exactly: the filter AI does not find AIoT', async () => {
    const r = await search('', { ...NONE, technologies: ['AI'], prefectures: ['岩手県'], yearFrom: 2021, yearTo: 2021 });
    const titles = r.ids.map((id) => all.find((c) => c.id === id)!.title);
    expect(titles).toContain('AI の実証');
    expect(titles).not.toContain('AIoT の実証');
    expect(r.ids).toEqual(reference([], { ...NONE, technologies: ['AI'], prefectures: ['岩手県'], yearFrom: 2021, yearTo: 2021 }));
  });

  it('agrees with a brute-force reference for random words and filters (both indexes, narrow and wide year ranges)', async () => {
    const rand = rng(7);
    const pick = <T>(xs: readonly T[], n: number) => [...xs].sort(() => rand() - 0.5).slice(0, n);
    const prefs = [...new Set(all.map((c) => c.prefecture).filter(Boolean))];
    const fields = [...new Set(all.flatMap((c) => c.fields))];
    const techs = [...new Set(all.flatMap((c) => c.technologies))];
    const programs = [...new Set(all.flatMap((c) => c.programs))];
    const words = ['', '課題', 'AI', '地域', '管理', '監視', '町', '実証', 'クラウド 課題', '交通の'];  // no synonyms among them
    let nonEmpty = 0;
    for (let i = 0; i < 60; i++) {
      const f: CaseFilters = {
        prefectures: rand() < 0.5 ? pick(prefs, 1 + Math.floor(rand() * 3)) : [],
        fields: rand() < 0.4 ? (pick(fields, 1 + Math.floor(rand() * 2)) as CaseFilters['fields']) : [],
        technologies: rand() < 0.3 ? pick(techs, 1 + Math.floor(rand() * 2)) : [],
        programs: rand() < 0.2 ? pick(programs, 1) : [],
        yearFrom: null,
        yearTo: null,
      };
      const r = rand();
      if (r < 0.3) {
        f.yearFrom = 2016 + Math.floor(rand() * 6);
        f.yearTo = f.yearFrom + Math.floor(rand() * 4);
      } else if (r < 0.4) {
        f.yearFrom = 1990; // wider than MAX_YEAR_TERMS years: the bitset path
        f.yearTo = 1990 + MAX_YEAR_TERMS + 30;
      }
      const q = words[i % words.length]!;
      const expected = reference(q.split(' ').filter(Boolean), f);
      const got = await search(q, f);
      expect(got.ids, `${q} ${JSON.stringify(f)}`).toEqual(expected);
      expect(got.total).toBe(expected.length);
      if (expected.length > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(15); // the random filters really selected cases
  });

  it('year order and newest-first pages agree with a sort of the reference, at any offset', async () => {
    const rand = rng(23);
    const seqOf = new Map(all.map((c, i) => [c.id, i])); // all is in insertion (seq) order
    const year = (id: string, dir: number) => all[seqOf.get(id)!]!.fiscalYear ?? dir * 10_000; // unknown years last
    const order = (ids: string[], sort: 'year-asc' | 'year-desc' | 'newest') => {
      const dir = sort === 'year-asc' ? 1 : -1;
      return [...ids].sort((a, b) => (sort === 'newest' ? 0 : dir * (year(a, dir) - year(b, dir))) || seqOf.get(b)! - seqOf.get(a)!);
    };
    const prefs = [...new Set(all.map((c) => c.prefecture).filter(Boolean))];
    const cases: { q: string; f: CaseFilters; sort: 'year-asc' | 'year-desc' | 'relevance' }[] = [];
    for (let i = 0; i < 30; i++) {
      const f: CaseFilters = { ...NONE, prefectures: rand() < 0.5 ? [prefs[Math.floor(rand() * prefs.length)]!] : [] };
      if (rand() < 0.3) f.yearFrom = 2015 + Math.floor(rand() * 5);
      const q = ['', '', '課題', '実証', 'クラウド'][i % 5]!;
      cases.push({ q, f, sort: (['year-asc', 'year-desc', 'relevance'] as const)[i % 3]! });
    }
    for (const { q, f, sort } of cases) {
      // Relevance with words is bm25 (not a sort of the reference); without words it is year order.
      if (sort === 'relevance' && q !== '') continue;
      const expected = order(reference(q.split(' ').filter(Boolean), f), sort === 'relevance' ? 'year-desc' : sort);
      for (let k = 0; k < 3; k++) {
        const offset = k === 0 ? 0 : Math.floor(rand() * (expected.length + 5));
        const limit = 1 + Math.floor(rand() * 60);
        const r = await core.call('cases.search', { query: q, filters: f, sort, offset, limit });
        expect(r.items.map((h) => h.id), `${q} ${sort} ${JSON.stringify(f)} @${offset}+${limit}`).toEqual(expected.slice(offset, offset + limit));
        expect(r.total).toBe(expected.length);
      }
    }
    // The cases without a year come last in both directions.
    const asc = await core.call('cases.search', { query: '年度の分からない', sort: 'year-asc' });
    expect(asc.items.map((h) => h.fiscalYear)).toEqual([null, null]);
    const tail = await core.call('cases.search', { query: '', sort: 'year-asc', offset: all.length - 2, limit: 10 });
    expect(tail.items.map((h) => h.title)).toEqual(['年度の分からない課題', '年度の分からない実証']);
  });

  it('facet counts asked again for the same search follow every write and synonym change', async () => {
    const count = (f: { prefecture: { value: string; count: number }[] }, pref: string) => f.prefecture.find((x) => x.value === pref)?.count ?? 0;
    const before = await core.call('cases.facets', { query: '' });
    expect(await core.call('cases.facets', { query: '' })).toEqual(before);
    const [id] = await addCases(core, [{ title: '集計の確認用', prefecture: '沖縄県', fiscalYear: 2020 }]);
    const added = await core.call('cases.facets', { query: '' });
    expect(count(added, '沖縄県')).toBe(count(before, '沖縄県') + 1);
    await core.call('cases.delete', { id: id! });
    expect(count(await core.call('cases.facets', { query: '' }), '沖縄県')).toBe(count(before, '沖縄県'));
    // A new synonym changes what a word matches, so its counts too.
    const word = await core.call('cases.facets', { query: '集計語' });
    expect(word.prefecture).toEqual([]);
    const groups = await core.call('synonyms.list', {});
    await core.call('synonyms.save', { groups: [...groups.groups, ['集計語', '年度の分からない']] });
    expect((await core.call('cases.facets', { query: '集計語' })).prefecture.map((x) => x.value).sort()).toEqual(['岩手県', '高知県']);
    await core.call('synonyms.save', { groups: groups.groups });
  });

  it('an edit moves a case between filters at once', async () => {
    const target = all.find((c) => c.title === 'AI の実証')!;
    await core.call('cases.update', { id: target.id, patch: { prefecture: '沖縄県', technologies: ['ドローン'] } });
    const r = await search('実証', { ...NONE, prefectures: ['沖縄県'], technologies: ['ドローン'] });
    expect(r.ids).toContain(target.id);
    expect((await search('', { ...NONE, technologies: ['AI'], prefectures: ['岩手県'], yearFrom: 2021, yearTo: 2021 })).ids).not.toContain(target.id);
  });
  it('a case whose text carries forged filter tokens matches only the filters it really has', async () => {
    const forged = [
      facetToken('prefecture', '岩手県'), facetToken('field', '教育'), facetToken('technology', 'AI'),
      facetToken('program', '地方創生テレワーク交付金'), facetToken('year', '2021'),
    ].join(' ');
    const input = { title: '偽装した絞り込み語', summary: forged, body: `偽装の本文${forged}偽装の本文`, tags: [facetToken('prefecture', '岩手県')], organization: forged.slice(0, 150), prefecture: '沖縄県' as const, fields: ['観光' as const], technologies: ['ドローン'], fiscalYear: 2016 };
    const [id] = await addCases(core, [input]);
    const [edited] = await addCases(core, [{ title: '後から偽装する事例', prefecture: '沖縄県', fiscalYear: 2016 }]);
    await core.call('cases.update', { id: edited!, patch: { body: `偽装の本文${forged}` } });
    const forgedFilters: CaseFilters[] = [
      { ...NONE, prefectures: ['岩手県'] },
      { ...NONE, fields: ['教育'] },
      { ...NONE, technologies: ['AI'] },
      { ...NONE, programs: ['地方創生テレワーク交付金'] },
      { ...NONE, yearFrom: 2021, yearTo: 2021 },
      { ...NONE, yearFrom: 2021, yearTo: 2021 + MAX_YEAR_TERMS + 5 },
      { ...NONE, prefectures: ['岩手県'], fields: ['教育'], technologies: ['AI'], yearFrom: 2021, yearTo: 2021 },
    ];
    // 3+ characters (trigram index), 2 and 1 characters (side index), no words (bitsets).
    for (const q of ['偽装の本文', '偽装', '偽', '']) {
      for (const f of forgedFilters) {
        const r = await search(q, f);
        expect(r.ids, `${q} ${JSON.stringify(f)}`).not.toContain(id);
        expect(r.ids, `${q} ${JSON.stringify(f)}`).not.toContain(edited);
      }
      // With the filters it has, it is found.
      if (q !== '') expect((await search(q, { ...NONE, prefectures: ['沖縄県'], fields: ['観光'], yearFrom: 2016, yearTo: 2016 })).ids, q).toContain(id);
    }
    // The live counts do not count it under a forged value either.
    const facets = await core.call('cases.facets', { query: '偽装の本文' });
    expect(facets.prefecture).toEqual([{ value: '沖縄県', count: 2 }]);
    expect(facets.year).toEqual([{ value: 2016, count: 2 }]);
  });
});
