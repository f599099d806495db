import type { CaseFacets, CaseFilters, CaseHit, CaseSearchResult, CaseSort } from '../../../shared/contract/cases.ts';
import { highlight, snippet } from '../../../shared/search/highlight.ts';
import { bigramPhrase } from '../../../shared/search/normalize.ts';
import { parseQuery, SynonymTable, termIndex } from '../../../shared/search/query.ts';
import type { DB } from '../db/types.ts';
import { FilterIndex } from './filter-index.ts';
import { rowToCase, type CaseRepo } from './repo.ts';


/** Up to this many matches are ordered by bm25; beyond it ranking would cost more than it tells. */
export const FULL_RANK_LIMIT = 1000;
/** Matches are counted exactly up to this number; above it the total is a lower bound (「10,000件以上」). */
export const COUNT_CAP = 10_000;

const NO_FILTERS: CaseFilters = { prefectures: [], fields: [], technologies: [], programs: [], yearFrom: null, yearTo: null };

/** FTS5 string literal. */
function quote(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

export interface Plan {
  /** Which FTS5 table answers the query: trigram when every word is 3+ characters, else the bigram side index. */
  table: 'cases_tri' | 'cases_bi' | null;
  /** One FTS5 expression for the positive words (AND of OR-groups of synonyms) and NOT for exclusions. */
  match: string | null;
  /** Exclusions when there is no positive word (then `match` is null). */
  exclude: string | null;
  needles: string[];
  terms: string[];
}

/**
 * Search over the case library.
 * Every query is one FTS5 expression on one table, so AND / OR / NOT are merged inside
 * FTS5 and nothing scans the case table:
 * - all words of 3+ characters: the trigram index (cases_tri);
 * - any word of 1–2 characters: the bigram side index (cases_bi), where a 2-character word
 *   is a token, a 1-character word a prefix token, and longer words phrases of bigrams.
 * Up to FULL_RANK_LIMIT matches are ranked by bm25 (title weighted 4×); beyond that the
 * title matches come first (bm25 when few) and the rest newest first.
 */
export class CaseSearch {
  private synonyms: SynonymTable | null = null;
  private readonly db: DB;
  private readonly repo: CaseRepo;
  private readonly filterIndex: FilterIndex;

  constructor(db: DB, repo: CaseRepo) {
    this.db = db;
    this.repo = repo;
    this.filterIndex = new FilterIndex(db);
    repo.listener = this.filterIndex;
  }

  synonymGroups(): string[][] {
    const rows = this.db.prepare('SELECT grp, term FROM synonyms ORDER BY grp, rowid').all() as { grp: number; term: string }[];
    const groups = new Map<number, string[]>();
    for (const r of rows) groups.set(r.grp, [...(groups.get(r.grp) ?? []), r.term]);
    return [...groups.values()];
  }

  saveSynonyms(groups: string[][]): string[][] {
    const ins = this.db.prepare('INSERT OR IGNORE INTO synonyms (grp, term) VALUES (?, ?)');
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM synonyms').run();
      groups.forEach((g, i) => g.forEach((t) => ins.run(i + 1, t.trim())));
    })();
    this.synonyms = null;
    return this.synonymGroups();
  }

  private table(): SynonymTable {
    this.synonyms ??= new SynonymTable(this.synonymGroups());
    return this.synonyms;
  }

  plan(query: string): Plan {
    const terms = parseQuery(query);
    const syn = this.table();
    const groups = terms.map((t) => ({ negated: t.negated, alts: syn.expand(t.text) }));
    const needles = [...new Set(groups.filter((g) => !g.negated).flatMap((g) => g.alts))];
    const termsOut = terms.map((t) => (t.negated ? `-${t.text}` : t.text));
    if (groups.length === 0) return { table: null, match: null, exclude: null, needles, terms: termsOut };
    const allTri = groups.every((g) => g.alts.every((a) => termIndex(a) === 'trigram'));
    const table = allTri ? 'cases_tri' : 'cases_bi';
    const lit = (a: string): string => {
      if (allTri) return quote(a);
      const { tokens, prefix } = bigramPhrase(a);
      if (tokens.length === 0) return quote(a);
      return `${quote(tokens.join(' '))}${prefix ? '*' : ''}`;
    };
    const expr = (alts: string[]) => (alts.length === 1 ? lit(alts[0]!) : `(${alts.map(lit).join(' OR ')})`);
    const pos = groups.filter((g) => !g.negated).map((g) => expr(g.alts));
    const neg = groups.filter((g) => g.negated).map((g) => expr(g.alts));
    const negExpr = neg.length === 0 ? null : neg.length === 1 ? neg[0]! : `(${neg.join(' OR ')})`;
    if (pos.length === 0) return { table, match: null, exclude: negExpr, needles, terms: termsOut };
    let match = pos.join(' AND ');
    if (negExpr) match = `(${match}) NOT ${negExpr}`;
    return { table, match, exclude: null, needles, terms: termsOut };
  }

  /** Matching seqs, ascending, from FTS5 alone (no table join). */
  private matchSeqs(plan: Plan, match = plan.match): number[] {
    if (!plan.table) return this.filterIndex.allSeqs();
    if (match) return this.db.prepare(`SELECT rowid FROM ${plan.table} WHERE ${plan.table} MATCH ? ORDER BY rowid`).pluck().all(match) as number[];
    const excluded = new Set(this.db.prepare(`SELECT rowid FROM ${plan.table} WHERE ${plan.table} MATCH ?`).pluck().all(plan.exclude) as number[]);
    return this.filterIndex.allSeqs().filter((s) => !excluded.has(s));
  }

  /** Count FTS5 matches, stopping at `cap` (FTS5 stops reading doclists there). */
  private countMatch(table: string, match: string, cap: number): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM ${table} WHERE ${table} MATCH ? LIMIT ${cap + 1})`).get(match) as { n: number }).n;
  }

  private ftsPage(table: string, match: string, order: 'rank' | 'rowid', offset: number, limit: number): { seq: number; score: number }[] {
    const sql =
      order === 'rank'
        ? `SELECT rowid AS seq, bm25(${table}, 4.0, 1.0) AS score FROM ${table} WHERE ${table} MATCH ? ORDER BY score, rowid DESC LIMIT ? OFFSET ?`
        : `SELECT rowid AS seq, 0 AS score FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid DESC LIMIT ? OFFSET ?`;
    return this.db.prepare(sql).all(match, limit, offset) as { seq: number; score: number }[];
  }

  /** Without filters and with a positive word: everything inside FTS5, bounded by the caps. */
  private searchFts(plan: Plan & { table: string; match: string }, sort: CaseSort, offset: number, limit: number): { total: number; capped: boolean; rows: { seq: number; score: number }[] } {
    const counted = this.countMatch(plan.table, plan.match, COUNT_CAP);
    const total = Math.min(counted, COUNT_CAP);
    if (sort !== 'relevance') {
      // Year order needs every match; fine below the cap, and the cap keeps it bounded.
      const seqs = this.matchSeqs(plan);
      const dir = sort === 'year-asc' ? 1 : -1;
      seqs.sort((a, b) => dir * (this.yearKey(a, dir) - this.yearKey(b, dir)) || b - a);
      return { total: seqs.length, capped: false, rows: seqs.slice(offset, offset + limit).map((seq) => ({ seq, score: 0 })) };
    }
    if (counted <= FULL_RANK_LIMIT) return { total, capped: false, rows: this.ftsPage(plan.table, plan.match, 'rank', offset, limit) };
    // Many matches: title matches first (bm25 when few), then the others, newest first.
    const titleMatch = `title : (${plan.match})`;
    const titleTotal = this.countMatch(plan.table, titleMatch, FULL_RANK_LIMIT);
    if (titleTotal > FULL_RANK_LIMIT) return { total, capped: counted > COUNT_CAP, rows: this.ftsPage(plan.table, plan.match, 'rowid', offset, limit) };
    let rows: { seq: number; score: number }[] = [];
    if (offset < titleTotal) rows = this.ftsPage(plan.table, titleMatch, 'rank', offset, limit);
    if (rows.length < limit) rows = rows.concat(this.ftsPage(plan.table, `(${plan.match}) NOT (${titleMatch})`, 'rowid', Math.max(0, offset - titleTotal), limit - rows.length));
    return { total, capped: counted > COUNT_CAP, rows };
  }

  /** Sort key for year order: unknown years last in both directions. */
  private yearKey(seq: number, dir: number): number {
    const y = this.filterIndex.year(seq);
    return y === 0 ? dir * 10_000 : y;
  }

  /** With filters, without words, or with exclusions only: match in FTS5, filter in memory. */
  private searchFiltered(plan: Plan, filters: CaseFilters, sort: CaseSort, offset: number, limit: number): { total: number; capped: boolean; rows: { seq: number; score: number }[] } {
    const seqs = this.filterIndex.filter(this.matchSeqs(plan), filters);
    if (sort === 'relevance' && plan.table && plan.match) {
      const title = new Set(this.matchSeqs(plan, `title : (${plan.match})`));
      seqs.sort((a, b) => Number(title.has(b)) - Number(title.has(a)) || b - a);
    } else {
      const dir = sort === 'year-asc' ? 1 : -1;
      seqs.sort((a, b) => dir * (this.yearKey(a, dir) - this.yearKey(b, dir)) || b - a);
    }
    return { total: seqs.length, capped: false, rows: seqs.slice(offset, offset + limit).map((seq) => ({ seq, score: 0 })) };
  }

  search(input: { query: string; filters: CaseFilters; sort: CaseSort; offset: number; limit: number }): CaseSearchResult {
    const t0 = performance.now();
    const plan = this.plan(input.query);
    const { filters, offset, limit } = input;
    const hasFilters = JSON.stringify({ ...NO_FILTERS, ...filters }) !== JSON.stringify(NO_FILTERS);
    const { total, capped, rows } =
      !hasFilters && plan.table && plan.match
        ? this.searchFts({ ...plan, table: plan.table, match: plan.match }, input.sort, offset, limit)
        : this.searchFiltered(plan, filters, input.sort, offset, limit);
    const bySeq = new Map(this.repo.rowsBySeq(rows.map((r) => r.seq)).map((r) => [r.seq, r]));
    const items: CaseHit[] = [];
    for (const r of rows) {
      const row = bySeq.get(r.seq);
      if (!row) continue;
      const c = rowToCase(row);
      items.push({
        id: c.id,
        title: c.title,
        prefecture: c.prefecture,
        municipality: c.municipality,
        organization: c.organization,
        fiscalYear: c.fiscalYear,
        fields: c.fields,
        technologies: c.technologies,
        origin: c.origin,
        score: r.score,
        titleParts: highlight(c.title, plan.needles),
        snippetParts: snippet([c.summary, c.body], plan.needles),
      });
    }
    return { total, totalIsLowerBound: capped, items, terms: plan.terms, tookMs: performance.now() - t0 };
  }

  facets(input: { query: string; filters: CaseFilters }): CaseFacets {
    const plan = this.plan(input.query);
    const counts = this.filterIndex.counts(this.matchSeqs(plan), input.filters);
    const list = (m: Map<string, number>) =>
      [...m].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value, 'ja'));
    return {
      prefecture: list(counts.prefecture),
      field: list(counts.field),
      technology: list(counts.technology),
      program: list(counts.program),
      year: [...counts.year].map(([value, count]) => ({ value: Number(value), count })).sort((a, b) => b.value - a.value),
    };
  }
}
