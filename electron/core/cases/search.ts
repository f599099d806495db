import type { CaseFacets, CaseFilters, CaseHit, CaseSearchResult, CaseSort } from '../../../shared/contract/cases.ts';
import { highlight, snippet } from '../../../shared/search/highlight.ts';
import { bigramPhrase, normalizeChars, normalizeText } from '../../../shared/search/normalize.ts';
import { parseClauses, SynonymTable } from '../../../shared/search/query.ts';
import type { DB } from '../db/types.ts';
import { CASE_INDEX } from './case-index.ts';
import { facetMatch } from './facet-tokens.ts';
import { FilterIndex, type Bitset } from './filter-index.ts';
import { rowToCase, type CaseRepo, type CaseRow } from './repo.ts';


/**
 * bm25 is computed for at most this many matches (≈ a few ms). With more matches, the newest
 * RANK_WINDOW are ranked by bm25 and the older ones follow newest first: for a word found in
 * thousands of cases, recency says more than term statistics, and the cost stays bounded.
 */
export const RANK_WINDOW = 100;
/** Matches are counted exactly up to this number; above it the total is a lower bound (「5,000件以上」). */
export const COUNT_CAP = 5_000;

const NO_FILTERS: CaseFilters = { prefectures: [], fields: [], technologies: [], programs: [], yearFrom: null, yearTo: null };

/** FTS5 string literal. */
function quote(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

export interface Plan {
  /** The FTS5 table that answers the query (the one case index), null without words. */
  table: typeof CASE_INDEX | null;
  /** One FTS5 expression for the positive words (AND of OR-groups of synonyms) and NOT for exclusions. */
  match: string | null;
  /** Exclusions when there is no positive word (then `match` is null). */
  exclude: string | null;
  needles: string[];
  terms: string[];
  /** true when a positive word is a multi-token phrase in the index: bm25 then costs ~0.1 ms a match. */
  phrases: boolean;
  /** Positive words (each with its synonyms), and whether any word is excluded. */
  positives: number;
  negated: boolean;
}

/**
 * Search over the case library.
 * Every query is one FTS5 expression on the one case index (case-index.ts), so AND / OR / NOT
 * are merged inside FTS5 and nothing scans the case table: a 2-character word is a token, a
 * 1-character word a prefix token, and longer words phrases of bigrams.
 * - filters: their values are tokens in the index (facet-tokens.ts), AND-ed to the words;
 *   only a year range wider than MAX_YEAR_TERMS years falls back to bitsets (newest first).
 * Ranking: bm25 with the title weighted 4× over at most RANK_WINDOW matches (see there); term
 * frequency over the same window for phrases, for one word and for queries with exclusions.
 * Counting stops at COUNT_CAP.
 */
export class CaseSearch {
  private synonyms: SynonymTable | null = null;
  private readonly db: DB;
  private readonly repo: CaseRepo;
  private readonly filterIndex: FilterIndex;
  /** Rows already read during the current search (the ranking window and the page overlap). */
  private fetched: Map<number, CaseRow> | null = null;

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
    const clauses = parseClauses(query);
    const syn = this.table();
    // A clause (words joined by OR) matches through any of its words and each word's synonyms.
    const groups = clauses.map((c) => ({ negated: c.negated, alts: [...new Set(c.terms.flatMap((t) => syn.expand(t.text)))] }));
    const positive = groups.filter((g) => !g.negated);
    const negative = groups.filter((g) => g.negated);
    const needles = [...new Set(positive.flatMap((g) => g.alts))];
    const termsOut = clauses.map((c) => (c.negated ? `-${c.terms[0]!.text}` : c.terms.map((t) => t.text).join(' OR ')));
    const positives = positive.length;
    const negated = negative.length > 0;
    if (groups.length === 0) return { table: null, match: null, exclude: null, needles, terms: termsOut, phrases: false, positives, negated };
    const table = CASE_INDEX;
    const phrases = positive.some((g) => g.alts.some((a) => bigramPhrase(a).tokens.length > 1));
    // Every term is a substring search: a phrase of the index's tokens.
    const lit = (a: string): string => {
      const { tokens, prefix } = bigramPhrase(a);
      return `${quote(tokens.join(' '))}${prefix ? '*' : ''}`;
    };
    const expr = (alts: string[]) => (alts.length === 1 ? lit(alts[0]!) : `(${alts.map(lit).join(' OR ')})`);
    const pos = positive.map((g) => expr(g.alts));
    const neg = negative.map((g) => expr(g.alts));
    const negExpr = neg.length === 0 ? null : neg.length === 1 ? neg[0]! : `(${neg.join(' OR ')})`;
    if (pos.length === 0) return { table, match: null, exclude: negExpr, needles, terms: termsOut, phrases, positives, negated };
    let match = pos.join(' AND ');
    if (negExpr) match = `(${match}) NOT ${negExpr}`;
    return { table, match, exclude: null, needles, terms: termsOut, phrases, positives, negated };
  }

  /** Matching seqs, ascending, from FTS5 alone (no table join). */
  private matchSeqs(plan: Plan, match = plan.match): number[] {
    const t = plan.table!;
    return this.db.prepare(`SELECT rowid FROM ${t} WHERE ${t} MATCH ?`).pluck().all(match) as number[];
  }

  /** The query's matches as a bitset (every case when there is no word). */
  private matchSet(plan: Plan): Bitset {
    if (!plan.table) return this.filterIndex.setOf(null);
    if (plan.match) return this.filterIndex.setOf(this.matchSeqs(plan));
    const all = this.filterIndex.setOf(null);
    for (const s of this.matchSeqs(plan, plan.exclude)) all.delete(s);
    return all;
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
  private searchFts(plan: Plan & { table: string; match: string }, sort: CaseSort, offset: number, limit: number, filtered = false): { total: number; capped: boolean; rows: { seq: number; score: number }[] } {
    const counted = this.countMatch(plan.table, plan.match, COUNT_CAP);
    const total = Math.min(counted, COUNT_CAP);
    if (sort !== 'relevance') {
      // Year order needs every match (then a page is read year by year from the year bitsets).
      const set = this.filterIndex.setOf(this.matchSeqs(plan));
      const seqs = this.filterIndex.pageByYear(set, sort === 'year-asc' ? 1 : -1, offset, limit);
      return { total: FilterIndex.count(set), capped: false, rows: seqs.map((seq) => ({ seq, score: 0 })) };
    }
    // bm25 first reads every match of every word (and filter token) for its IDF: 4–8 ms for a word in
    // tens of thousands of cases, and far more for a 1-character word (a prefix query), even when
    // the filters leave a handful. With one word the IDF is the same for every match (as is a filter
    // token's: it is in every match), and an excluded word's IDF means nothing: then the
    // term-frequency ranking gives the order from the rows the page needs anyway. Without filters,
    // at most RANK_WINDOW matches mean a word in at most that many cases: bm25 is cheap then.
    const byTermFrequency = plan.phrases || plan.negated || plan.positives === 1;
    if (counted <= RANK_WINDOW) {
      const tf = plan.phrases || (filtered && byTermFrequency);
      const rows = tf ? this.termFrequencyWindow(plan, offset, limit) : this.ftsPage(plan.table, plan.match, 'rank', offset, limit);
      return { total, capped: false, rows };
    }
    const t = plan.table;
    let rows: { seq: number; score: number }[] = [];
    if (offset < RANK_WINDOW && byTermFrequency) {
      rows = this.termFrequencyWindow(plan, offset, limit);
    } else if (offset < RANK_WINDOW) {
      // bm25 only for the newest RANK_WINDOW matches: FTS5 reads them newest first and stops.
      rows = this.db
        .prepare(
          `SELECT seq, score FROM (SELECT rowid AS seq, bm25(${t}, 4.0, 1.0) AS score FROM ${t} WHERE ${t} MATCH ? ORDER BY rowid DESC LIMIT ${RANK_WINDOW}) ORDER BY score, seq DESC LIMIT ? OFFSET ?`,
        )
        .all(plan.match, Math.min(limit, RANK_WINDOW - offset), offset) as { seq: number; score: number }[];
    }
    if (rows.length < limit) {
      const skip = Math.max(RANK_WINDOW, offset);
      const older = this.db
        .prepare(`SELECT rowid AS seq, 0 AS score FROM ${t} WHERE ${t} MATCH ? ORDER BY rowid DESC LIMIT ? OFFSET ?`)
        .all(plan.match, limit - rows.length, skip) as { seq: number; score: number }[];
      rows = rows.concat(older);
    }
    return { total, capped: counted > COUNT_CAP, rows };
  }

  /**
   * Relevance for phrase queries, whose bm25 would cost ~0.1 ms a match: the newest
   * RANK_WINDOW matches scored by where the words occur (title 4×, summary 2×, body 1×,
   * damped by body length), computed from the rows themselves.
   */
  private termFrequencyWindow(plan: Plan & { table: string; match: string }, offset: number, limit: number): { seq: number; score: number }[] {
    const t = plan.table;
    const seqs = this.db.prepare(`SELECT rowid FROM ${t} WHERE ${t} MATCH ? ORDER BY rowid DESC LIMIT ${RANK_WINDOW}`).pluck().all(plan.match) as number[];
    // Collapsing whitespace changes no match of a needle without a space (the usual case).
    const norm = plan.needles.some((n) => n.includes(' ')) ? normalizeText : normalizeChars;
    const occurrences = (text: string) => {
      const folded = norm(text);
      let n = 0;
      for (const needle of plan.needles) {
        for (let i = folded.indexOf(needle); i >= 0; i = folded.indexOf(needle, i + needle.length)) n++;
      }
      return n;
    };
    const scored = this.rows(seqs).map((r) => {
      const tf = 4 * occurrences(r.title) + 2 * occurrences(r.summary) + occurrences(r.body);
      return { seq: r.seq, score: -tf / (1 + Math.log2(1 + r.body.length / 500)) };
    });
    scored.sort((a, b) => a.score - b.score || b.seq - a.seq);
    return scored.slice(offset, Math.min(offset + limit, RANK_WINDOW));
  }

  /**
   * Filters without words (year order: with no words there is nothing to rank), exclusions only,
   * or a year range too wide for one expression: match in FTS5, filter with bitsets.
   */
  private searchFiltered(plan: Plan, filters: CaseFilters, sort: CaseSort, offset: number, limit: number): { total: number; capped: boolean; rows: { seq: number; score: number }[] } {
    // Without words: year order. With words here (exclusions with filters, or a wide year range):
    // newest first, as FTS5 has no cheap way to rank an arbitrary subset of its matches.
    const set = this.filterIndex.apply(this.matchSet(plan), filters);
    const seqs =
      sort !== 'relevance' || !plan.match
        ? this.filterIndex.pageByYear(set, sort === 'year-asc' ? 1 : -1, offset, limit)
        : FilterIndex.page(set, offset, limit);
    return { total: FilterIndex.count(set), capped: false, rows: seqs.map((seq) => ({ seq, score: 0 })) };
  }

  private rows(seqs: readonly number[]): CaseRow[] {
    const known = (this.fetched ??= new Map());
    const missing = seqs.filter((s) => !known.has(s));
    for (const r of this.repo.rowsBySeq(missing)) known.set(r.seq, r);
    return seqs.map((s) => known.get(s)).filter((r): r is CaseRow => r !== undefined);
  }

  search(input: { query: string; filters: CaseFilters; sort: CaseSort; offset: number; limit: number }): CaseSearchResult {
    const t0 = performance.now();
    this.fetched = null;
    const plan = this.plan(input.query);
    const { filters, offset, limit } = input;
    const hasFilters = JSON.stringify({ ...NO_FILTERS, ...filters }) !== JSON.stringify(NO_FILTERS);
    const facet = hasFilters ? facetMatch(filters, () => this.filterIndex.yearsPresent()) : null;
    let found: { total: number; capped: boolean; rows: { seq: number; score: number }[] };
    if (!hasFilters && plan.table && plan.match) {
      found = this.searchFts({ ...plan, table: plan.table, match: plan.match }, input.sort, offset, limit);
    } else if (facet?.kind === 'none') {
      found = { total: 0, capped: false, rows: [] };
    } else if (facet?.kind === 'expr' && plan.table && plan.match) {
      // Words and filters in one FTS5 expression (filter values are tokens in the index).
      const match = `(${plan.match}) AND ${facet.expr}`;
      found = this.searchFts({ ...plan, table: plan.table, match }, input.sort, offset, limit, true);
    } else {
      found = this.searchFiltered(plan, filters, input.sort, offset, limit);
    }
    const { total, capped, rows } = found;
    const bySeq = new Map(this.rows(rows.map((r) => r.seq)).map((r) => [r.seq, r]));
    this.fetched = null;
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

  /** The last facet counts and what they were counted for (asked again when the search box is cleared). */
  private lastFacets: { key: string; generation: number; synonyms: SynonymTable | null; facets: CaseFacets } | null = null;

  facets(input: { query: string; filters: CaseFilters }): CaseFacets {
    const key = JSON.stringify([input.query, { ...NO_FILTERS, ...input.filters }]);
    const last = this.lastFacets;
    if (last && last.key === key && last.generation === this.repo.generation && last.synonyms === this.synonyms) return last.facets;
    const facets = this.countFacets(input);
    this.lastFacets = { key, generation: this.repo.generation, synonyms: this.synonyms, facets };
    return facets;
  }

  private countFacets(input: { query: string; filters: CaseFilters }): CaseFacets {
    const plan = this.plan(input.query);
    const counts = this.filterIndex.counts(this.matchSet(plan), input.filters);
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
