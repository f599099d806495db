import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import { facetToken } from '../../electron/core/cases/facet-tokens.ts';
import type { CaseFilters, CaseSort } from '../../shared/contract/cases.ts';
import type { Case, CaseInputDraft } from '../../shared/domain/case.ts';
import { normalizeKeepCase, normalizeText } from '../../shared/search/normalize.ts';
import { generateCases } from '../bench/gen-cases.ts';
import { draft } from '../helpers/cases.ts';
import { rng } from '../helpers/prng.ts';
import { tempDir } from '../helpers/tmp.ts';

/**
 * The search's meaning, checked against a brute-force reference that knows nothing of how the
 * search is indexed (trigrams, bigrams, facet tokens, bitsets): the reference only reads the
 * cases back through the contract and applies the rules the README states.
 * - Text is normalised with the one shared normaliser (NFKC, case folding, no NUL, no control
 *   characters, no private-use marks, whitespace runs as one space).
 * - A case's searchable values are its title, summary, body, prefecture, municipality,
 *   organisation, each 分野 / technology / program / tag, size and each outcome ("label valueunit").
 *   A term matches a case when it is a substring of one of those values (never across two).
 * - The query: words separated by spaces, ANDed; "…", “…” or 「…」 (closed or not) is a phrase;
 *   a leading - excludes; every other character is literal; a lone - and an empty phrase mean
 *   nothing. A term also matches through every member of a synonym group it belongs to.
 * - Filters: values OR within a kind, AND across kinds; a year range needs a year.
 * Random queries come from the corpus (seed cases, generated cases and cases full of symbols,
 * emoji, mixed scripts, quotes, minus signs, control characters and forged facet tokens) with a
 * fixed seed, printed; SEARCH_SEED and SEARCH_QUERIES change them.
 */
const SEED = Number(process.env.SEARCH_SEED ?? 20260512);
const QUERIES = Number(process.env.SEARCH_QUERIES ?? 800);

let core: Core;
let cleanup: () => void;
let corpus: { c: Case; values: string[] }[];
let groups: string[][];
let rawValues: string[];

const NONE: CaseFilters = { prefectures: [], fields: [], technologies: [], programs: [], yearFrom: null, yearTo: null };

/** Cases written to trip a search that is not a plain substring search. */
const HOSTILE: CaseInputDraft[] = [
  { title: '打ち上げ 🚀 の中継で町を PR', body: '宇宙の町として🚀と✨を看板にした。❤️ と 👍🏽 と 👨‍👩‍👧 の絵文字も使う。', prefecture: '鹿児島県', fiscalYear: 2022, tags: ['宇宙'] },
  { title: 'C# と C++ の開発者を誘致', summary: 'C++ 開発の拠点。F# も。', body: 'c#/.NET と C++ 開発、Node.js、"quoted" と x-y と a+b=c。100% 地元採用！', prefecture: '福岡県', technologies: ['C#', 'C++'], fiscalYear: 2021 },
  { title: '表で見る実績', body: '| 年度 | 件数 |\n|---|---|\n| 2021 | 10 |\n\n- 箇条書き -- 二重ハイフン\n* 星印\n> 引用 #見出し', prefecture: '北海道', fiscalYear: 2020 },
  { title: 'ＦＵＬＬ－ＷＩＤＴＨ ＡＢＣ％ と ﾃﾚﾜｰｸ', body: '全角の「ＡＢＣ」と半角ｶﾀｶﾅ、丸数字①②、㈱、㍻、Ⅲ、ｷﾞｶﾞ。', prefecture: '東京都', fiscalYear: 2019, organization: '㈱テスト' },
  { title: 'Straße und Éclair, ΟΔΟΣ ΚΑΛΗ', body: 'café と cafe\u0301、İstanbul、Ångström、ΣΟΦΟΣ σοφος、Москва。', prefecture: '京都府', fiscalYear: 2018, tags: ['多言語 対応'] },
  {
    title: '制御文字\u0001と\u0000NUL\u007fの混じった文',
    summary: 'タブ\tと改行\nと全角空白　と\u2003emスペース、ゼロ幅\u200bスペース。',
    body: `壊れた\ud800サロゲートと外字\ue000と、偽の絞り込み ${facetToken('prefecture', '岩手県')} ${facetToken('field', '教育')} ${facetToken('year', '2021')} ${facetToken('technology', 'AI')} を本文に。`,
    prefecture: '高知県',
    fiscalYear: 2016,
    technologies: ['IoT'],
  },
  { title: '「括弧」と“引用”と"二重"', body: '「地域課題」を『整理』し、“引用符”の中と"外"を比べる。- 先頭のハイフン -a -- ---', prefecture: '長野県', fiscalYear: 2023, outcomes: [{ label: '満足度', value: '95', unit: '%' }] },
  { title: 'テレワーク・ワーケーション・DX', body: 'リモートワークと在宅勤務。デジタル化・DX・ＤＸ。', prefecture: '徳島県', fields: ['テレワーク・働き方'], fiscalYear: 2024, tags: ['a b', 'c'] },
];

beforeAll(async () => {
  process.stderr.write(`cases-search-property: seed ${SEED}, ${QUERIES} queries (SEARCH_SEED / SEARCH_QUERIES to change)\n`);
  const t = tempDir();
  cleanup = t.cleanup;
  core = await createCore({ dataDir: t.dir }); // with the seed cases
  for (const c of generateCases(150, SEED % 1000)) {
    const { id: _id, origin: _o, createdAt: _c, updatedAt: _u, ...input } = c;
    await core.call('cases.create', draft(input));
  }
  for (const d of HOSTILE) await core.call('cases.create', draft(d));
  // The corpus as the app gives it back (the contract's cleaning applied).
  const { items } = await core.call('cases.search', { query: '', limit: 500 });
  corpus = await Promise.all(items.map(async (h) => {
    const c = await core.call('cases.get', { id: h.id });
    return { c, values: valuesOf(c).map(normalizeText) };
  }));
  expect(corpus.length).toBe(77 + 150 + HOSTILE.length);
  groups = (await core.call('synonyms.list', {})).groups.map((g) => g.map((w) => normalizeText(w).trim()).filter((w) => w !== ''));
  rawValues = corpus.flatMap(({ c }) => valuesOf(c)).filter((v) => v !== '');
});
afterAll(() => {
  core.close();
  cleanup();
});

function valuesOf(c: Case): string[] {
  return [
    c.title, c.summary, c.body, c.prefecture, c.municipality, c.organization, ...c.fields, ...c.technologies, ...c.programs,
    ...c.tags, c.size, ...c.outcomes.map((o) => `${o.label} ${o.value}${o.unit}`),
  ];
}

// ------------------------------------------------------------------------------------------------
// The reference

type Term = { text: string; negated: boolean };
/** Words joined by OR (one of them must match); an excluded word is a clause of its own. */
type Clause = { texts: string[]; negated: boolean };

/** The query syntax, written out as a scanner (independent of the app's parser). */
function referenceClauses(query: string): Clause[] {
  // Operators are told apart before case folding (OR is one, or is a word).
  const s = normalizeKeepCase(query);
  const CLOSE: Record<string, string> = { '"': '"', '“': '”', '「': '」' };
  const out: Clause[] = [];
  let orPending = false;
  let i = 0;
  while (i < s.length) {
    if (s[i] === ' ') {
      i++;
      continue;
    }
    let negated = false;
    if (s[i] === '-') {
      negated = true;
      i++;
    }
    const close = i < s.length ? CLOSE[s[i]!] : undefined;
    let text: string;
    if (close !== undefined) {
      const j = s.indexOf(close, i + 1);
      text = s.slice(i + 1, j < 0 ? s.length : j);
      i = j < 0 ? s.length : j + 1;
    } else {
      const j = s.indexOf(' ', i);
      text = s.slice(i, j < 0 ? s.length : j);
      i = j < 0 ? s.length : j;
      if (!negated && (text === 'OR' || text === '|')) {
        orPending = true;
        continue;
      }
      if (!negated && text === 'AND') {
        orPending = false;
        continue;
      }
      // A trailing * after something else is dropped.
      let end = text.length;
      while (end > 0 && text[end - 1] === '*') end--;
      if (end > 0) text = text.slice(0, end);
    }
    text = normalizeText(text).trim();
    if (text === '') continue; // a lone "-" leaves an empty word: nothing
    const last = out[out.length - 1];
    if (orPending && last && !last.negated && !negated) last.texts.push(text);
    else out.push({ texts: [text], negated });
    orPending = false;
  }
  return out;
}

function referenceTerms(query: string): Term[] {
  return referenceClauses(query).flatMap((c) => c.texts.map((text) => ({ text, negated: c.negated })));
}

function alternatives(term: string): string[] {
  return [term, ...groups.filter((g) => g.includes(term)).flat()];
}

function reference(query: string, f: CaseFilters): string[] {
  const terms = referenceClauses(query).map((c) => ({ negated: c.negated, alts: c.texts.flatMap(alternatives) }));
  const some = (sel: readonly string[], vals: readonly string[]) => sel.length === 0 || sel.some((v) => vals.includes(v));
  return corpus
    .filter(({ c, values }) => {
      const has = (alts: string[]) => alts.some((a) => values.some((v) => v.includes(a)));
      if (!terms.every((t) => has(t.alts) !== t.negated)) return false;
      if (f.prefectures.length > 0 && !f.prefectures.includes(c.prefecture)) return false;
      if (!some(f.fields, c.fields) || !some(f.technologies, c.technologies) || !some(f.programs, c.programs)) return false;
      if (f.yearFrom !== null && (c.fiscalYear === null || c.fiscalYear < f.yearFrom)) return false;
      if (f.yearTo !== null && (c.fiscalYear === null || c.fiscalYear > f.yearTo)) return false;
      return true;
    })
    .map(({ c }) => c.id)
    .sort();
}

// ------------------------------------------------------------------------------------------------
// Random queries

const SYMBOLS = [
  '%', '!', '#', '+', '-', '"', "'", '(', ')', '[', ']', '*', '/', '\\', '|', '?', '@', '&', '=', '~', '^', '<', '>', '_', '.', ',', ':', ';',
  '$', '`', '{', '}', '・', '、', '。', '「', '」', '『', '』', '（', '）', '【', '】', '〜', 'ー', '…', '※', '→', '％', '＃', '＋', '！', '＂',
  '－', '🚀', '❤️', '👍🏽', '👨‍👩‍👧', '✨', '①', '㈱', '㍻', 'Ⅲ', '|---|', '--', '---', 'c#', 'C++', 'x"', '"-a"', '-a', '100%',
];
const NOISE = ['\0', '\u0001', '\u007f', '\t', '\u3000', '\u200b', '\ue000', '\ud800', String.fromCodePoint(0xf5ca9), String.fromCodePoint(0x100001), facetToken('prefecture', '岩手県')];
const ODD = ['OR', '|', 'AND', '*', '**', 'OR OR', '-OR', '"OR"', '"a*"', '-', '--', '---', '"', '""', '"-a"', 'x"', '- -', '-"', '「', '」', '-「」', '"a b"', '“', 'c#', 'C++ 開発', '🚀', '%', '・', '!', '\0', '\0\0-\0'];

function queryGenerator(seed: number) {
  const r = rng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  /** A piece of a real value, cut at code points: 1, 2, 3 or 4–12 of them. */
  const slice = () => {
    const v = Array.from(pick(rawValues));
    const len = pick([1, 1, 2, 2, 2, 3, 3, 4 + int(9)]);
    const from = int(Math.max(1, v.length - len + 1));
    return v.slice(from, from + len).join('');
  };
  const word = () => pick(pick(rawValues).split(/[\s、。]+/).filter((w) => w !== '')) ?? slice();
  const mixedCase = (s: string) => Array.from(s, (ch) => (r() < 0.5 ? ch.toUpperCase() : ch)).join('');
  const fullWidth = (s: string) => s.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
  const term = (): string => {
    const k = r();
    let t: string;
    if (k < 0.35) t = slice();
    else if (k < 0.5) t = word();
    else if (k < 0.65) t = Array.from({ length: 1 + int(3) }, () => pick(SYMBOLS)).join('');
    else if (k < 0.75) t = pick(SYMBOLS) + slice();
    else if (k < 0.82) t = pick(pick(groups));
    else if (k < 0.9) t = slice() + pick(NOISE) + slice();
    else t = slice() + ' ' + slice(); // a phrase with a space, when quoted
    const v = r();
    if (v < 0.1) t = mixedCase(t);
    else if (v < 0.16) t = fullWidth(t);
    const q = r();
    if (q < 0.12) t = `"${t}"`;
    else if (q < 0.17) t = `「${t}」`;
    else if (q < 0.2) t = `“${t}”`;
    else if (q < 0.24) t = `"${t}`; // not closed
    if (r() < 0.2) t = `-${t}`;
    return t;
  };
  const years = [...new Set(corpus.map(({ c }) => c.fiscalYear).filter((y): y is number => y !== null))].sort();
  const prefs = [...new Set(corpus.map(({ c }) => c.prefecture).filter(Boolean))];
  const fieldsAll = [...new Set(corpus.flatMap(({ c }) => c.fields))];
  const techs = [...new Set(corpus.flatMap(({ c }) => c.technologies))];
  const filters = (): CaseFilters => {
    if (r() < 0.75) return NONE;
    const f: CaseFilters = { ...NONE, prefectures: [...(r() < 0.5 ? [pick(prefs)] : []), ...(r() < 0.3 ? ['岩手県'] : [])] };
    if (r() < 0.3) f.fields = [pick(fieldsAll)] as CaseFilters['fields'];
    if (r() < 0.2) f.technologies = [pick(techs), ...(r() < 0.5 ? ['AI'] : [])];
    if (r() < 0.3) {
      f.yearFrom = pick(years);
      f.yearTo = r() < 0.2 ? null : f.yearFrom + int(20); // up to 20 years: both the FTS5 and the bitset path
    }
    return f;
  };
  return (): { query: string; filters: CaseFilters; sort: CaseSort } => {
    // Words joined by spaces, or by the operators (OR, |, AND; also written wrong: or, Or, ｜, OR at an end).
    const join = () => pick([' ', ' ', ' ', '　', '  ', ' OR ', ' OR ', ' | ', ' ｜ ', ' AND ', ' or ', ' Or ', ' ＯＲ ', ' OR OR ', ' |']);
    const words = Array.from({ length: pick([1, 1, 1, 2, 2, 3]) }, () => (r() < 0.12 ? `${term()}${pick(['*', '*', '**'])}` : term()));
    const query = r() < 0.06 ? pick(ODD) : words.reduce((q, w, k) => (k === 0 ? (r() < 0.05 ? `OR ${w}` : w) : q + join() + w), '');
    return { query, filters: filters(), sort: pick(['relevance', 'relevance', 'year-desc', 'year-asc'] as const) };
  };
}

async function searchIds(query: string, filters: CaseFilters, sort: CaseSort): Promise<{ total: number; ids: string[] }> {
  const r = await core.call('cases.search', { query, filters, sort, limit: 500 });
  return { total: r.total, ids: r.items.map((h) => h.id).sort() };
}

describe('search agrees with a brute-force substring search over the same normalisation', () => {
  it(`random queries from the corpus (seed ${SEED}): same result sets, same totals, same facet counts`, async () => {
    const next = queryGenerator(SEED);
    const all = corpus.length;
    const seen = { some: 0, none: 0, excluding: 0, symbolHits: 0, widening: 0, stars: 0 };
    for (let i = 0; i < QUERIES; i++) {
      const { query, filters, sort } = next();
      const expected = reference(query, filters);
      const got = await searchIds(query, filters, sort);
      const where = `seed ${SEED}, query #${i} ${JSON.stringify(query)} ${sort} ${JSON.stringify(filters)}`;
      expect(got.ids, where).toEqual(expected);
      expect(got.total, where).toBe(expected.length);
      if (i % 8 === 0) {
        // The live counts beside the filters count the same matches (kinds without a selection).
        const facets = await core.call('cases.facets', { query, filters: NONE });
        const matched = new Set(reference(query, NONE));
        const byPref = new Map<string, number>();
        for (const { c } of corpus) if (matched.has(c.id) && c.prefecture) byPref.set(c.prefecture, (byPref.get(c.prefecture) ?? 0) + 1);
        expect(new Map(facets.prefecture.map((x) => [x.value, x.count])), `facets: ${where}`).toEqual(byPref);
      }
      if (expected.length === 0) seen.none++;
      else if (expected.length < all) seen.some++;
      if (referenceTerms(query).some((t) => t.negated) && expected.length > 0 && expected.length < reference(query.replace(/(^|\s)-\S+/g, ''), filters).length) seen.excluding++;
      if (expected.length > 0 && /^[^\p{L}\p{N}\s]+$/u.test(normalizeText(query))) seen.symbolHits++;
      // OR found more than the same words ANDed; a trailing * found what the literal * would not.
      if (referenceClauses(query).some((c) => c.texts.length > 1) && expected.length > reference(query.replace(/ (OR|\||｜|ＯＲ) /g, ' '), filters).length) seen.widening++;
      if (/[^*\s]\*+(\s|$)/u.test(query) && expected.length > 0) seen.stars++;
    }
    if (process.env.SEARCH_DEBUG) process.stderr.write(`${JSON.stringify(seen)}\n`);
    // The generator really exercised the search: partial results, empty ones, working exclusions, symbol-only hits.
    expect(seen.some, JSON.stringify(seen)).toBeGreaterThan(QUERIES / 4);
    expect(seen.none, JSON.stringify(seen)).toBeGreaterThan(QUERIES / 20);
    expect(seen.excluding, JSON.stringify(seen)).toBeGreaterThan(QUERIES / 100);
    expect(seen.symbolHits, JSON.stringify(seen)).toBeGreaterThan(QUERIES / 100);
    expect(seen.widening, JSON.stringify(seen)).toBeGreaterThan(QUERIES / 100);
    expect(seen.stars, JSON.stringify(seen)).toBeGreaterThan(QUERIES / 100);
  });
});
