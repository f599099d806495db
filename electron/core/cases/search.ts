import type { CaseFacets, CaseFilters, CaseHit, CaseSearchResult, CaseSort } from '../../../shared/contract/cases.ts';
import { highlight, snippet } from '../../../shared/search/highlight.ts';
import { bigramPhrase } from '../../../shared/search/normalize.ts';
import { parseQuery, SynonymTable, termIndex } from '../../../shared/search/query.ts';
import type { DB } from '../db/types.ts';
import { rowToCase, type CaseRepo } from './repo.ts';

type Param = string | number;

/** Up to this many matches are ordered by bm25; beyond it ranking would cost more than it tells. */
export const FULL_RANK_LIMIT = 3000;

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
  private facetCache: { generation: number; facets: CaseFacets } | null = null;
  private readonly db: DB;
  private readonly repo: CaseRepo;

  constructor(db: DB, repo: CaseRepo) {
    this.db = db;
    this.repo = repo;
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

  /** WHERE clauses on `c` (cases) for the filters; `skip` leaves one facet kind out (for its counts). */
  private filterSql(f: CaseFilters, skip?: string): { where: string[]; params: Param[] } {
    const where: string[] = [];
    const params: Param[] = [];
    const facetIn = (kind: string, values: string[]) => {
      if (values.length === 0 || kind === skip) return;
      where.push(`c.seq IN (SELECT seq FROM case_facets WHERE kind = ? AND value IN (${values.map(() => '?').join(',')}))`);
      params.push(kind, ...values);
    };
    if (f.prefectures.length > 0 && skip !== 'prefecture') {
      where.push(`c.prefecture IN (${f.prefectures.map(() => '?').join(',')})`);
      params.push(...f.prefectures);
    }
    facetIn('field', f.fields);
    facetIn('technology', f.technologies);
    facetIn('program', f.programs);
    if (skip !== 'year') {
      if (f.yearFrom !== null) {
        where.push('c.fiscal_year >= ?');
        params.push(f.yearFrom);
      }
      if (f.yearTo !== null) {
        where.push('c.fiscal_year <= ?');
        params.push(f.yearTo);
      }
    }
    return { where, params };
  }

  /** FROM/WHERE for the matching set (query + filters), with `c` = cases and `f` = the FTS table when there is one. */
  private source(plan: Plan, filters: CaseFilters, skip?: string, match = plan.match): { from: string; where: string[]; params: Param[] } {
    const fl = this.filterSql(filters, skip);
    if (plan.table && match) {
      return {
        from: `${plan.table} f JOIN cases c ON c.seq = f.rowid`,
        where: [`${plan.table} MATCH ?`, ...fl.where],
        params: [match, ...fl.params],
      };
    }
    if (plan.table && plan.exclude) {
      return {
        from: 'cases c',
        where: [`c.seq NOT IN (SELECT rowid FROM ${plan.table} WHERE ${plan.table} MATCH ?)`, ...fl.where],
        params: [plan.exclude, ...fl.params],
      };
    }
    return { from: 'cases c', where: fl.where, params: fl.params };
  }

  private count(plan: Plan, filters: CaseFilters, match = plan.match): number {
    const s = this.source(plan, filters, undefined, match);
    if (s.where.length === 1 && plan.table && match) {
      // No filters: count inside FTS5 without touching the case table.
      return (this.db.prepare(`SELECT count(*) AS n FROM ${plan.table} WHERE ${plan.table} MATCH ?`).get(match) as { n: number }).n;
    }
    return (this.db.prepare(`SELECT count(*) AS n FROM ${s.from} ${s.where.length ? `WHERE ${s.where.join(' AND ')}` : ''}`).get(...s.params) as { n: number }).n;
  }

  private page(plan: Plan, filters: CaseFilters, order: string, select: string, offset: number, limit: number, match = plan.match): { seq: number; score: number }[] {
    const s = this.source(plan, filters, undefined, match);
    const sql = `SELECT c.seq AS seq, ${select} AS score FROM ${s.from} ${s.where.length ? `WHERE ${s.where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ? OFFSET ?`;
    return this.db.prepare(sql).all(...s.params, limit, offset) as { seq: number; score: number }[];
  }

  search(input: { query: string; filters: CaseFilters; sort: CaseSort; offset: number; limit: number }): CaseSearchResult {
    const t0 = performance.now();
    const plan = this.plan(input.query);
    const { filters, offset, limit } = input;
    const total = this.count(plan, filters);
    let rows: { seq: number; score: number }[];
    const bm25 = plan.table ? `bm25(${plan.table}, 4.0, 1.0)` : '0';
    if (input.sort !== 'relevance' || !plan.match || !plan.table) {
      const dir = input.sort === 'year-asc' ? 'ASC' : 'DESC';
      rows = this.page(plan, filters, `c.fiscal_year IS NULL, c.fiscal_year ${dir}, c.seq DESC`, '0', offset, limit);
    } else if (total <= FULL_RANK_LIMIT) {
      rows = this.page(plan, filters, 'score ASC, c.seq DESC', bm25, offset, limit);
    } else {
      // Many matches: title matches first, then the others, newest first.
      const titleMatch = `title : (${plan.match})`;
      const restMatch = `(${plan.match}) NOT (${titleMatch})`;
      const titleTotal = this.count(plan, filters, titleMatch);
      rows = [];
      if (offset < titleTotal) {
        const byRank = titleTotal <= FULL_RANK_LIMIT;
        rows = this.page(plan, filters, byRank ? 'score ASC, c.seq DESC' : 'f.rowid DESC', byRank ? bm25 : '0', offset, limit, titleMatch);
      }
      if (rows.length < limit) {
        const restOffset = Math.max(0, offset - titleTotal);
        rows = rows.concat(this.page(plan, filters, 'f.rowid DESC', '0', restOffset, limit - rows.length, restMatch));
      }
    }
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
    return { total, items, terms: plan.terms, tookMs: performance.now() - t0 };
  }

  facets(input: { query: string; filters: CaseFilters }): CaseFacets {
    const plan = this.plan(input.query);
    const f = input.filters;
    const noFilter = JSON.stringify({ ...NO_FILTERS, ...f }) === JSON.stringify(NO_FILTERS);
    const cacheable = !plan.table && noFilter;
    if (cacheable && this.facetCache?.generation === this.repo.generation) return this.facetCache.facets;

    const counts = (skip?: string) => {
      const s = this.source(plan, f, skip);
      const sql =
        s.where.length === 0
          ? 'SELECT kind, value, count(*) AS n FROM case_facets GROUP BY kind, value'
          : `SELECT kind, value, count(*) AS n FROM case_facets WHERE seq IN (SELECT c.seq FROM ${s.from} WHERE ${s.where.join(' AND ')}) GROUP BY kind, value`;
      return this.db.prepare(sql).all(...s.params) as { kind: string; value: string; n: number }[];
    };
    const main = counts();
    // A kind with a selection counts as if its own selection were off (values OR within a kind).
    const pick = (kind: string, selected: boolean) => (selected ? counts(kind) : main).filter((r) => r.kind === kind);
    const list = (rows: { value: string; n: number }[]) =>
      rows.map((r) => ({ value: r.value, count: r.n })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value, 'ja'));
    const facets: CaseFacets = {
      prefecture: list(pick('prefecture', f.prefectures.length > 0)),
      field: list(pick('field', f.fields.length > 0)),
      technology: list(pick('technology', f.technologies.length > 0)),
      program: list(pick('program', f.programs.length > 0)),
      year: pick('year', f.yearFrom !== null || f.yearTo !== null)
        .map((r) => ({ value: Number(r.value), count: r.n }))
        .sort((a, b) => b.value - a.value),
    };
    if (cacheable) this.facetCache = { generation: this.repo.generation, facets };
    return facets;
  }
}
