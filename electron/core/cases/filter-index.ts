import type { CaseFilters } from '../../../shared/contract/cases.ts';
import type { CaseInput } from '../../../shared/domain/case.ts';
import type { DB } from '../db/types.ts';

type Kind = 'prefecture' | 'field' | 'technology' | 'program';
const KINDS: readonly Kind[] = ['prefecture', 'field', 'technology', 'program'];
const NONE: readonly (Kind | 'year')[] = [];

interface Entry {
  /** Value ids of every facet value of the case (prefecture, fields, technologies, programs). */
  values: Uint32Array;
  /** Fiscal year, or 0 when unknown. */
  year: number;
}

/**
 * The facet values of every case, in memory, for filtering a set of matches and counting
 * facets in one pass (a table join per match costs far more at 100k cases). Loaded on
 * first use and kept current by CaseRepo's change listener.
 */
export class FilterIndex {
  private readonly db: DB;
  private entries: Map<number, Entry> | null = null;
  private readonly ids = new Map<string, number>();
  private readonly kinds: Kind[] = [];
  private readonly names: string[] = [];

  constructor(db: DB) {
    this.db = db;
  }

  private idOf(kind: Kind, value: string): number {
    const key = `${kind}\u0001${value}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.kinds.length;
      this.ids.set(key, id);
      this.kinds.push(kind);
      this.names.push(value);
    }
    return id;
  }

  private entryOf(prefecture: string, year: number | null, fields: readonly string[], technologies: readonly string[], programs: readonly string[]): Entry {
    const v: number[] = [];
    if (prefecture) v.push(this.idOf('prefecture', prefecture));
    for (const x of new Set(fields)) v.push(this.idOf('field', x));
    for (const x of new Set(technologies)) v.push(this.idOf('technology', x));
    for (const x of new Set(programs)) v.push(this.idOf('program', x));
    return { values: Uint32Array.from(v), year: year ?? 0 };
  }

  private load(): Map<number, Entry> {
    if (this.entries) return this.entries;
    const m = new Map<number, Entry>();
    const rows = this.db.prepare('SELECT seq, prefecture, fiscal_year, fields, technologies, programs FROM cases ORDER BY seq').raw().iterate() as IterableIterator<
      [number, string, number | null, string, string, string]
    >;
    for (const [seq, pref, year, f, t, p] of rows) {
      m.set(seq, this.entryOf(pref, year, JSON.parse(f) as string[], JSON.parse(t) as string[], JSON.parse(p) as string[]));
    }
    this.entries = m;
    return m;
  }

  /** Keep the index current (no-op until it is loaded). */
  set(seq: number, c: CaseInput): void {
    this.entries?.set(seq, this.entryOf(c.prefecture, c.fiscalYear, c.fields, c.technologies, c.programs));
  }

  remove(seq: number): void {
    this.entries?.delete(seq);
  }

  /** Every case's seq, ascending (loaded in seq order; new cases get larger seqs). */
  allSeqs(): number[] {
    return [...this.load().keys()];
  }

  year(seq: number): number {
    return this.load().get(seq)?.year ?? 0;
  }

  private compile(f: CaseFilters) {
    const sel = (kind: Kind, values: readonly string[]) => new Set(values.map((v) => this.ids.get(`${kind}\u0001${v}`) ?? -1));
    this.load();
    return {
      sets: {
        prefecture: f.prefectures.length ? sel('prefecture', f.prefectures) : null,
        field: f.fields.length ? sel('field', f.fields) : null,
        technology: f.technologies.length ? sel('technology', f.technologies) : null,
        program: f.programs.length ? sel('program', f.programs) : null,
      } as Record<Kind, Set<number> | null>,
      yearFrom: f.yearFrom,
      yearTo: f.yearTo,
    };
  }

  /** Which filter kinds a case fails ('year' included); an empty list means it passes. */
  private failures(e: Entry, c: ReturnType<FilterIndex['compile']>): (Kind | 'year')[] {
    const failed: (Kind | 'year')[] = [];
    for (const kind of KINDS) {
      const set = c.sets[kind];
      if (!set) continue;
      let ok = false;
      for (const v of e.values) if (set.has(v)) ok = true;
      if (!ok) failed.push(kind);
    }
    if ((c.yearFrom !== null && (e.year === 0 || e.year < c.yearFrom)) || (c.yearTo !== null && (e.year === 0 || e.year > c.yearTo))) failed.push('year');
    return failed;
  }

  private passes(e: Entry, c: ReturnType<FilterIndex['compile']>): boolean {
    if (c.yearFrom !== null && (e.year === 0 || e.year < c.yearFrom)) return false;
    if (c.yearTo !== null && (e.year === 0 || e.year > c.yearTo)) return false;
    for (const kind of KINDS) {
      const set = c.sets[kind];
      if (!set) continue;
      let ok = false;
      for (const v of e.values) {
        if (set.has(v)) {
          ok = true;
          break;
        }
      }
      if (!ok) return false;
    }
    return true;
  }

  /** The seqs (in the given order) that pass every filter. */
  filter(seqs: readonly number[], f: CaseFilters): number[] {
    const entries = this.load();
    const c = this.compile(f);
    const out: number[] = [];
    for (const s of seqs) {
      const e = entries.get(s);
      if (e && this.passes(e, c)) out.push(s);
    }
    return out;
  }

  /**
   * Facet counts over `seqs`: a kind with a selection is counted as if its own selection
   * were off (values OR within a kind, so the other values show what they would add).
   */
  counts(seqs: readonly number[], f: CaseFilters): Record<Kind | 'year', Map<string, number>> {
    const entries = this.load();
    const c = this.compile(f);
    const out: Record<Kind | 'year', Map<string, number>> = {
      prefecture: new Map(),
      field: new Map(),
      technology: new Map(),
      program: new Map(),
      year: new Map(),
    };
    const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
    const anyFilter = KINDS.some((k) => c.sets[k] !== null) || c.yearFrom !== null || c.yearTo !== null;
    for (const s of seqs) {
      const e = entries.get(s);
      if (!e) continue;
      const failed = anyFilter ? this.failures(e, c) : NONE;
      if (failed.length > 1) continue;
      const only = failed[0];
      for (const v of e.values) {
        const kind = this.kinds[v]!;
        if (only === undefined || only === kind) bump(out[kind], this.names[v]!);
      }
      if (e.year !== 0 && (only === undefined || only === 'year')) bump(out.year, String(e.year));
    }
    return out;
  }
}
