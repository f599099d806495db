import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import { addCases } from '../helpers/cases.ts';
import { tempDir } from '../helpers/tmp.ts';

let core: Core;
let cleanup: () => void;
const ids: Record<string, string> = {};

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  core = await createCore({ dataDir: t.dir, loadSeeds: false });
  const made = await addCases(core, [
    { title: 'テレワーク拠点で子育て世代を支援', summary: '空き店舗をテレワークの拠点に改装した。', body: '駅前の空き店舗を改装し、子育て中の住民がクラウドソーシングで働ける場にした。', prefecture: '長野県', municipality: '駒ヶ根市', fields: ['テレワーク・働き方', 'サテライトオフィス・移住'], technologies: ['クラウド'], fiscalYear: 2016 },
    { title: '在宅勤務の就業規則を整備', summary: '中小企業が在宅勤務の規程と VPN を導入。', body: '労務管理の**課題**を整理し、VPN とクラウドを使った在宅勤務を始めた。', prefecture: '東京都', municipality: '千代田区', fields: ['テレワーク・働き方'], technologies: ['VPN', 'クラウド'], fiscalYear: 2020 },
    { title: '1人1台端末で学びを変える', summary: '小中学校に教育用タブレットを配備。', body: '学校の通信環境を整え、教育データを活用した授業を行う。', prefecture: '岩手県', municipality: '盛岡市', fields: ['教育'], technologies: ['Wi-Fi', 'AI'], fiscalYear: 2021 },
    { title: '除雪車の自動運転を実証', summary: '積雪地域で除雪作業の省力化を図る。', body: 'GNSS と AI を使い、除雪車の自動運転を地域の課題解決として検証した。', prefecture: '岩手県', municipality: '金ケ崎町', fields: ['交通・MaaS', '防災'], technologies: ['AI', 'IoT'], fiscalYear: 2019 },
    { title: 'スマート農業で柚子を守る', summary: 'LPWA のセンサーで果樹園を見守る。', body: '柚子の産地で IoT センサーを使い、獣害と気温を監視する。', prefecture: '高知県', municipality: '馬路村', fields: ['農林水産'], technologies: ['LPWA', 'IoT'], fiscalYear: 2018 },
    { title: '観光地のキャッシュレス化', summary: 'QR コード決済を商店街に導入。', body: '地域課題の整理から始め、観光客向けに電子決済を広げた。', prefecture: '福島県', municipality: '会津若松市', fields: ['キャッシュレス', '観光'], technologies: ['QRコード決済'], fiscalYear: 2019, outcomes: [{ label: '導入店舗', value: '120', unit: '店' }] },
  ]);
  ['koto', 'kisoku', 'kyoiku', 'josetsu', 'yuzu', 'cashless'].forEach((k, i) => (ids[k] = made[i]!));
});
afterAll(() => {
  core.close();
  cleanup();
});

async function find(query: string, extra: Record<string, unknown> = {}): Promise<string[]> {
  const r = await core.call('cases.search', { query, limit: 100, ...extra });
  expect(r.total).toBe(r.items.length);
  return r.items.map((h) => h.id);
}
const names = (found: string[]) => Object.keys(ids).filter((k) => found.includes(ids[k]!)).sort();

describe('case search', () => {
  it('normalises with NFKC and folds Latin case at index and query time', async () => {
    expect(names(await find('ﾃﾚﾜｰｸ'))).toEqual(names(await find('テレワーク')));
    expect(names(await find('ＶＰＮ'))).toEqual(['kisoku']);
    expect(names(await find('vpn'))).toEqual(['kisoku']);
    expect(names(await find('ｌｐｗａ'))).toEqual(['yuzu']);
  });

  it('finds 2-character terms through the bigram index (教育, 課題, AI)', async () => {
    expect(names(await find('教育'))).toEqual(['kyoiku']);
    expect(names(await find('課題'))).toEqual(['cashless', 'josetsu', 'kisoku']);
    expect(names(await find('AI'))).toEqual(['josetsu', 'kyoiku']);
    expect(names(await find('IoT'))).toEqual(['josetsu', 'yuzu']);
  });

  it('finds 1-character terms', async () => {
    expect(names(await find('柚'))).toEqual(['yuzu']);
    expect(names(await find('雪'))).toEqual(['josetsu']);
  });

  it('expands synonyms (テレワーク = リモートワーク = 在宅勤務; DX = デジタル化) and takes user groups', async () => {
    const tele = names(await find('テレワーク'));
    expect(tele).toEqual(['kisoku', 'koto']);
    expect(names(await find('リモートワーク'))).toEqual(tele);
    expect(names(await find('在宅勤務'))).toEqual(tele);
    expect(await find('ゆず')).toEqual([]);
    const { groups } = await core.call('synonyms.list', {});
    expect(groups).toContainEqual(['DX', 'デジタル化']);
    await core.call('synonyms.save', { groups: [...groups, ['ゆず', '柚子']] });
    expect(names(await find('ゆず'))).toEqual(['yuzu']);
  });

  it('ANDs words, matches "exact phrases" and excludes -words', async () => {
    expect(names(await find('岩手 AI'))).toEqual(['josetsu', 'kyoiku']);
    expect(names(await find('岩手 自動運転'))).toEqual(['josetsu']);
    expect(names(await find('AI -教育'))).toEqual(['josetsu']);
    expect(names(await find('クラウド -"子育て"'))).toEqual(['kisoku']);
    expect(names(await find('"地域課題の整理"'))).toEqual(['cashless']);
    expect(names(await find('"地域の課題解決"'))).toEqual(['josetsu']);
    expect(await find('"課題の地域"')).toEqual([]);
    expect(names(await find('-テレワーク')).length).toBe(4);
  });

  it('OR (or |) joins words, AND is the default and may be written, a trailing * is dropped', async () => {
    expect(names(await find('教育 OR 除雪'))).toEqual(['josetsu', 'kyoiku']);
    expect(names(await find('教育 | 除雪'))).toEqual(['josetsu', 'kyoiku']);
    expect(names(await find('教育 ｜ 除雪'))).toEqual(['josetsu', 'kyoiku']);
    // (教育 or 除雪) and 岩手 and not 学校
    expect(names(await find('教育 OR 除雪 岩手 -学校'))).toEqual(['josetsu']);
    expect(names(await find('岩手 AND AI'))).toEqual(names(await find('岩手 AI')));
    expect(names(await find('テレ*'))).toEqual(names(await find('テレ')));
    expect(names(await find('テレ*')).length).toBeGreaterThan(0);
    // Quoted, or in small letters, they are words.
    expect(await find('"教育 OR 除雪"')).toEqual([]);
    expect(await find('教育 or 除雪')).toEqual([]);
    // Still being typed: an OR at an end means nothing.
    expect(names(await find('教育 OR'))).toEqual(['kyoiku']);
    expect(names(await find('OR 教育'))).toEqual(['kyoiku']);
    const r = await core.call('cases.search', { query: '教育 OR 除雪 -学校', limit: 10 });
    expect(r.terms).toEqual(['教育 OR 除雪', '-学校']);
  });

  it('matches a phrase inside one value, never across two (the prefecture and the municipality)', async () => {
    expect(names(await find('長野県 駒ヶ根市'))).toEqual(['koto']);
    expect(await find('"長野県 駒ヶ根市"')).toEqual([]);
    expect(names(await find('"駒ヶ根"'))).toEqual(['koto']);
  });

  it('filters by facets with live counts and by year range', async () => {
    const f = await core.call('cases.facets', { query: 'AI' });
    expect(f.prefecture).toEqual([{ value: '岩手県', count: 2 }]);
    expect(f.field.map((x) => x.value).sort()).toEqual(['交通・MaaS', '教育', '防災'].sort());
    expect(names(await find('AI', { filters: { fields: ['教育'] } }))).toEqual(['kyoiku']);
    expect(names(await find('', { filters: { prefectures: ['岩手県'], yearFrom: 2020 } }))).toEqual(['kyoiku']);
    expect(names(await find('', { filters: { technologies: ['IoT', 'VPN'] } }))).toEqual(['josetsu', 'kisoku', 'yuzu']);
    // A selected kind still shows the other values of that kind (OR within a kind).
    const sel = await core.call('cases.facets', { query: '', filters: { prefectures: ['岩手県'] } });
    expect(sel.prefecture.length).toBeGreaterThan(1);
    expect(sel.field.find((x) => x.value === '教育')?.count).toBe(1);
  });

  it('sorts by relevance or year and highlights hits in title and snippet', async () => {
    const byYear = await core.call('cases.search', { query: 'クラウド', sort: 'year-desc' });
    expect(byYear.items.map((h) => h.fiscalYear)).toEqual([2020, 2016]);
    const asc = await core.call('cases.search', { query: '', sort: 'year-asc', limit: 2 });
    expect(asc.items.map((h) => h.fiscalYear)).toEqual([2016, 2018]);
    const r = await core.call('cases.search', { query: 'ﾃﾚﾜｰｸ' });
    const koto = r.items.find((h) => h.id === ids.koto)!;
    expect(koto.titleParts.filter((p) => p.hit).map((p) => p.text)).toEqual(['テレワーク']);
    expect(koto.snippetParts.some((p) => p.hit && p.text === 'テレワーク')).toBe(true);
    const kisoku = (await core.call('cases.search', { query: '課題' })).items.find((h) => h.id === ids.kisoku)!;
    expect(kisoku.snippetParts.map((p) => p.text).join('')).not.toContain('**'); // markdown removed
    expect(r.items[0]!.score).toBeLessThan(0); // bm25: lower is better
  });

  it('pages through results with offset and limit', async () => {
    const all = await core.call('cases.search', { query: '', limit: 100 });
    const p2 = await core.call('cases.search', { query: '', offset: 2, limit: 2 });
    expect(p2.total).toBe(6);
    expect(p2.items.map((h) => h.id)).toEqual(all.items.slice(2, 4).map((h) => h.id));
    const beyond = await core.call('cases.search', { query: '', offset: 50, limit: 10 });
    expect(beyond).toMatchObject({ total: 6, items: [] });
  });

  it('answers every query with one FTS5 expression and never scans the case table', () => {
    const search = core.ctx.cases.search;
    for (const q of ['テレワーク サテライト', '教育', '柚', 'AI 課題', 'テレワーク 教育 -観光', 'リモートワーク']) {
      const p = search.plan(q);
      expect(p.table, q).toBe('cases_bi');
      const detail = (core.ctx.db.prepare(`EXPLAIN QUERY PLAN SELECT c.seq FROM ${p.table} f JOIN cases c ON c.seq = f.rowid WHERE ${p.table} MATCH ?`).all(p.match) as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
      expect(detail, q).toMatch(/VIRTUAL TABLE INDEX/);
      expect(detail, q).not.toMatch(/SCAN c\b(?! VIRTUAL)/);
    }
  });

  it('ranks the newest RANK_WINDOW matches (title weighted: bm25, or term frequency for one word or an exclusion) and the older ones newest first', async () => {
    const t = tempDir();
    const big = await createCore({ dataDir: t.dir, loadSeeds: false });
    try {
      const at = new Date().toISOString();
      big.ctx.db.transaction(() => {
        for (let i = 0; i < 400; i++) {
          big.ctx.cases.repo.insert({
            id: crypto.randomUUID(), title: i % 90 === 0 ? `地域課題の整理 ${i}` : `事例 ${i}`, summary: '地域の課題を整理した。', body: '', prefecture: '', municipality: `町${i}`,
            organization: '', organizationType: '', fields: [], technologies: [], programs: [], fiscalYear: null, size: '', outcomes: [], sources: [], tags: [],
            origin: 'import', createdAt: at, updatedAt: at,
          });
        }
      })();
      const r = await big.call('cases.search', { query: '課題', limit: 4 });
      expect(r.total).toBe(400);
      // The newest RANK_WINDOW (100) are 300..399; their title hit (360) comes first.
      expect(r.items.map((h) => h.title)).toEqual(['地域課題の整理 360', '事例 399', '事例 398', '事例 397']);
      // The same order with two words (bm25) and with an excluded word (term frequency).
      for (const q of ['課題 整理', '課題 -該当なしの語']) {
        expect((await big.call('cases.search', { query: q, limit: 2 })).items.map((h) => h.title), q).toEqual(['地域課題の整理 360', '事例 399']);
      }
      // After the window: the older matches, newest first (270 is a title hit but outside the window).
      const older = await big.call('cases.search', { query: '課題', offset: 100, limit: 3 });
      expect(older.items.map((h) => h.title)).toEqual(['事例 299', '事例 298', '事例 297']);
      const pages = await Promise.all([0, 150, 300].map((offset) => big.call('cases.search', { query: '課題', offset, limit: 150 })));
      expect(new Set(pages.flatMap((p) => p.items.map((h) => h.id))).size).toBe(400); // no gaps, no repeats across the window edge
    } finally {
      big.close();
      t.cleanup();
    }
  });

  it('rejects a query that is too long with a Japanese message', async () => {
    const r = await core.invoke('cases.search', { query: 'あ'.repeat(501) });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', path: ['query'] } });
  });
});

describe('symbols, punctuation and emoji are searched as written (a plain substring search)', () => {
  let sym: Core;
  let done: () => void;
  const sid: Record<string, string> = {};
  beforeAll(async () => {
    const t = tempDir();
    done = t.cleanup;
    sym = await createCore({ dataDir: t.dir, loadSeeds: false });
    const made = await addCases(sym, [
      { title: '打ち上げ🚀の町', body: '宇宙の町として売り出した。参加率 100% を目指す！', fiscalYear: 2022 },
      { title: 'C# と C++ 開発の拠点', body: 'c#/.NET と C++ 開発の技術者を誘致した。利用率は 80%。', fiscalYear: 2021 },
      { title: 'C 言語と開発', body: 'C の研修と、ソフトウェア開発・保守。x を y に。', fiscalYear: 2020 },
      { title: '表で見る実績', body: '| 年度 | 件数 |\n|---|---|\n| 2021 | 10 |\n\nA 案と B 案を比べた。', fiscalYear: 2019 },
      { title: '“引用符”と「括弧」', body: '"二重引用符" の中の語と - 単独のハイフン、a と x。', fiscalYear: 2018 },
    ]);
    ['rocket', 'csharp', 'clang', 'table', 'quotes'].forEach((k, i) => (sid[k] = made[i]!));
  });
  afterAll(() => {
    sym.close();
    done();
  });
  const symFind = async (query: string) => {
    const r = await sym.call('cases.search', { query, limit: 100 });
    expect(r.total, query).toBe(r.items.length);
    return Object.keys(sid).filter((k) => r.items.some((h) => h.id === sid[k])).sort();
  };

  it('finds emoji, % ・ ! and other symbols (they were separators)', async () => {
    expect(await symFind('🚀')).toEqual(['rocket']);
    expect(await symFind('%')).toEqual(['csharp', 'rocket']);
    expect(await symFind('％')).toEqual(['csharp', 'rocket']); // full-width: the same after NFKC
    expect(await symFind('・')).toEqual(['clang']);
    expect(await symFind('!')).toEqual(['rocket']);
    expect(await symFind('|---|')).toEqual(['table']);
    expect(await symFind('"二重')).toEqual(['quotes']); // an unclosed phrase: 二重 (the quote opens it)
    expect(await symFind('二重"')).toEqual([]); // a quote inside a word is literal
    expect(await symFind('”と「')).toEqual(['quotes']);
  });

  it('keeps symbols inside words: c# is not c, C++ 開発 is not C 開発, x" and "-a" match nothing', async () => {
    expect(await symFind('c#')).toEqual(['csharp']);
    expect(await symFind('C++ 開発')).toEqual(['csharp']);
    expect(await symFind('"C++ 開発"')).toEqual(['csharp']);
    expect(await symFind('c')).toEqual(['clang', 'csharp']);
    expect(await symFind('x"')).toEqual([]);
    expect(await symFind('"-a"')).toEqual([]);
    expect(await symFind('"- 単独"')).toEqual(['quotes']);
  });

  it('excludes what follows a leading minus, whatever it is: --- excludes "--", -- excludes "-"; a lone - is still being typed', async () => {
    expect(await symFind('---')).toEqual(['clang', 'csharp', 'quotes', 'rocket']);
    expect(await symFind('--')).toEqual(['clang', 'csharp', 'rocket']);
    expect(await symFind('"-"')).toEqual(['quotes', 'table']);
    expect(await symFind('-')).toEqual(['clang', 'csharp', 'quotes', 'rocket', 'table']);
    expect(await symFind('開発 -')).toEqual(['clang', 'csharp']);
    expect(await symFind('開発 -c#')).toEqual(['clang']);
  });

  it('a NUL in a query is dropped instead of breaking the full-text query', async () => {
    const r = await sym.invoke('cases.search', { query: 'c\0#' });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(await symFind('c\0#')).toEqual(['csharp']);
    expect(await symFind('\0')).toEqual(['clang', 'csharp', 'quotes', 'rocket', 'table']);
  });
});
