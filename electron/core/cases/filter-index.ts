import type { CaseFilters } from '../../../shared/contract/cases.ts';
import type { CaseInput } from '../../../shared/domain/case.ts';
import type { DB } from '../db/types.ts';

type Kind = 'prefecture' | 'field' | 'technology' | 'program' | 'year';
const KINDS: readonly Kind[] = ['prefecture', 'field', 'technology', 'program', 'year'];

/** A growable set of small integers (case seqs) as 32-bit words. */
export class Bitset {
  words: Uint32Array;
  constructor(capacityBits = 1024) {
    this.words = new Uint32Array(Math.max(1, Math.ceil(capacityBits / 32)));
  }
  private grow(bit: number): void {
    if (bit >>> 5 < this.words.length) return;
    const next = new Uint32Array(Math.max((bit >>> 5) + 1, this.words.length * 2));
    next.set(this.words);
    this.words = next;
  }
  add(bit: number): void {
    this.grow(bit);
    this.words[bit >>> 5]! |= 1 << (bit & 31);
  }
  delete(bit: number): void {
    if (bit >>> 5 < this.words.length) this.words[bit >>> 5]! &= ~(1 << (bit & 31));
  }
  has(bit: number): boolean {
    return bit >>> 5 < this.words.length && (this.words[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** words = a AND b (over `n` words; missing words count as 0). */
function andInto(out: Uint32Array, b: Uint32Array): void {
  for (let i = 0; i < out.length; i++) out[i]! &= i < b.length ? b[i]! : 0;
}
function orInto(out: Uint32Array, b: Uint32Array): void {
  const n = Math.min(out.length, b.length);
  for (let i = 0; i < n; i++) out[i]! |= b[i]!;
}
function andCount(a: Uint32Array, b: Uint32Array): number {
  let n = 0;
  const len = Math.min(a.length, b.length);
  for (let i = 0; i < len; i++) {
    const w = a[i]! & b[i]!;
    if (w !== 0) n += popcount(w);
  }
  return n;
}

/**
 * The facet values of every case as one bitset per value (prefecture, field, technology,
 * program, fiscal year), in memory. Filtering a set of matches and counting every facet
 * are then a few word-wise ANDs and popcounts, at any library size. Loaded on first use,
 * kept current through CaseRepo's listener.
 */
export class FilterIndex {
  private readonly db: DB;
  private loaded = false;
  private all = new Bitset();
  private readonly byValue = new Map<string, Bitset>(); // `${kind}\u0001${value}`
  private readonly valuesOf = new Map<number, string[]>(); // seq → keys

  constructor(db: DB) {
    this.db = db;
  }

  private keys(prefecture: string, year: number | null, fields: readonly string[], technologies: readonly string[], programs: readonly string[]): string[] {
    const k: string[] = [];
    if (prefecture) k.push(`prefecture\u0001${prefecture}`);
    for (const x of new Set(fields)) k.push(`field\u0001${x}`);
    for (const x of new Set(technologies)) k.push(`technology\u0001${x}`);
    for (const x of new Set(programs)) k.push(`program\u0001${x}`);
    if (year !== null) k.push(`year\u0001${year}`);
    return k;
  }

  private put(seq: number, keys: string[]): void {
    this.all.add(seq);
    for (const k of keys) {
      let b = this.byValue.get(k);
      if (!b) this.byValue.set(k, (b = new Bitset(this.all.words.length * 32)));
      b.add(seq);
    }
    this.valuesOf.set(seq, keys);
  }

  private drop(seq: number): void {
    for (const k of this.valuesOf.get(seq) ?? []) this.byValue.get(k)?.delete(seq);
    this.valuesOf.delete(seq);
    this.all.delete(seq);
  }

  private load(): void {
    if (this.loaded) return;
    const rows = this.db.prepare('SELECT seq, prefecture, fiscal_year, fields, technologies, programs FROM cases ORDER BY seq').raw().iterate() as IterableIterator<
      [number, string, number | null, string, string, string]
    >;
    for (const [seq, pref, year, f, t, p] of rows) {
      this.put(seq, this.keys(pref, year, JSON.parse(f) as string[], JSON.parse(t) as string[], JSON.parse(p) as string[]));
    }
    this.loaded = true;
  }

  /** Whether it is loaded (until then it needs no notice of changes: it reads the table when first used). */
  get active(): boolean {
    return this.loaded;
  }

  /** Keep the index current (no-op until it is loaded). */
  set(seq: number, c: Pick<CaseInput, 'prefecture' | 'fiscalYear' | 'fields' | 'technologies' | 'programs'>): void {
    if (!this.loaded) return;
    this.drop(seq);
    this.put(seq, this.keys(c.prefecture, c.fiscalYear, c.fields, c.technologies, c.programs));
  }

  remove(seq: number): void {
    if (this.loaded) this.drop(seq);
  }

  /** A bitset of the given seqs, or of every case. */
  setOf(seqs: readonly number[] | null): Bitset {
    this.load();
    if (seqs === null) {
      const b = new Bitset(this.all.words.length * 32);
      b.words.set(this.all.words);
      return b;
    }
    const b = new Bitset(this.all.words.length * 32);
    for (const s of seqs) if (this.all.has(s)) b.add(s);
    return b;
  }

  /** The fiscal years that occur in the library (any case), ascending. */
  yearsPresent(): number[] {
    this.load();
    const out: number[] = [];
    for (const [k, b] of this.byValue) {
      if (k.startsWith('year\u0001') && b.words.some((w) => w !== 0)) out.push(Number(k.slice(5)));
    }
    return out.sort((a, b) => a - b);
  }


  /** The selection of one kind as a bitset (values OR), or null when that kind is not filtered. */
  private kindMask(kind: Kind, f: CaseFilters, words: number): Uint32Array | null {
    const m = new Uint32Array(words);
    const addKey = (k: string) => {
      const b = this.byValue.get(k);
      if (b) orInto(m, b.words);
    };
    switch (kind) {
      case 'prefecture':
        if (f.prefectures.length === 0) return null;
        f.prefectures.forEach((v) => addKey(`prefecture\u0001${v}`));
        return m;
      case 'field':
        if (f.fields.length === 0) return null;
        f.fields.forEach((v) => addKey(`field\u0001${v}`));
        return m;
      case 'technology':
        if (f.technologies.length === 0) return null;
        f.technologies.forEach((v) => addKey(`technology\u0001${v}`));
        return m;
      case 'program':
        if (f.programs.length === 0) return null;
        f.programs.forEach((v) => addKey(`program\u0001${v}`));
        return m;
      case 'year': {
        if (f.yearFrom === null && f.yearTo === null) return null;
        for (const [k, b] of this.byValue) {
          if (!k.startsWith('year\u0001')) continue;
          const y = Number(k.slice(5));
          if ((f.yearFrom === null || y >= f.yearFrom) && (f.yearTo === null || y <= f.yearTo)) orInto(m, b.words);
        }
        return m;
      }
    }
  }

  /** `base` AND every filter (in place), returning it. */
  apply(base: Bitset, f: CaseFilters, skip?: Kind): Bitset {
    this.load();
    for (const kind of KINDS) {
      if (kind === skip) continue;
      const m = this.kindMask(kind, f, base.words.length);
      if (m) andInto(base.words, m);
    }
    return base;
  }

  /** The number of set bits. */
  static count(b: Bitset): number {
    let n = 0;
    for (const w of b.words) if (w !== 0) n += popcount(w);
    return n;
  }

  /** Set bits, highest first, skipping `offset` of them and returning at most `limit`. */
  static page(b: Bitset, offset: number, limit: number): number[] {
    const out: number[] = [];
    let skip = offset;
    for (let i = b.words.length - 1; i >= 0 && out.length < limit; i--) {
      let w = b.words[i]!;
      if (w === 0) continue;
      if (skip > 0) {
        const n = popcount(w);
        if (n <= skip) {
          skip -= n;
          continue;
        }
      }
      while (w !== 0 && out.length < limit) {
        const bit = 31 - Math.clz32(w);
        w &= ~(1 << bit);
        if (skip > 0) skip--;
        else out.push(i * 32 + bit);
      }
    }
    return out;
  }

  /**
   * A page of `set` in fiscal-year order (dir 1 oldest first, -1 newest first; cases without a
   * year last either way; newest case first within a year), read year by year from the year
   * bitsets: a page costs a few bitset passes, not a sort of every match.
   */
  pageByYear(set: Bitset, dir: 1 | -1, offset: number, limit: number): number[] {
    this.load();
    const years = this.yearsPresent();
    if (dir === -1) years.reverse();
    const out: number[] = [];
    let skip = offset;
    const known = new Uint32Array(set.words.length); // cases with a year
    const take = (part: Bitset) => {
      const n = FilterIndex.count(part);
      if (n <= skip) {
        skip -= n;
        return;
      }
      out.push(...FilterIndex.page(part, skip, limit - out.length));
      skip = 0;
    };
    for (const y of years) {
      if (out.length >= limit) return out;
      const yearBits = this.byValue.get(`year\u0001${y}`)!.words;
      orInto(known, yearBits);
      const part = FilterIndex.copy(set);
      andInto(part.words, yearBits);
      take(part);
    }
    if (out.length < limit) {
      const unknown = FilterIndex.copy(set);
      for (let i = 0; i < unknown.words.length; i++) unknown.words[i]! &= ~known[i]!;
      take(unknown);
    }
    return out;
  }

  /**
   * Facet counts within `matches` (the query's matches, before filters): a kind with a
   * selection is counted as if its own selection were off (values OR within a kind, so the
   * other values show what they would add).
   */
  counts(matches: Bitset, f: CaseFilters): Record<Kind, Map<string, number>> {
    this.load();
    const out: Record<Kind, Map<string, number>> = { prefecture: new Map(), field: new Map(), technology: new Map(), program: new Map(), year: new Map() };
    const base = this.apply(FilterIndex.copy(matches), f);
    const perKind = new Map<Kind, Uint32Array>();
    for (const kind of KINDS) {
      if (this.kindMask(kind, f, 1) === null) continue;
      perKind.set(kind, this.apply(FilterIndex.copy(matches), f, kind).words);
    }
    for (const [key, b] of this.byValue) {
      const sep = key.indexOf('\u0001');
      const kind = key.slice(0, sep) as Kind;
      const n = andCount(perKind.get(kind) ?? base.words, b.words);
      if (n > 0) out[kind].set(key.slice(sep + 1), n);
    }
    return out;
  }

  static copy(b: Bitset): Bitset {
    const c = new Bitset(b.words.length * 32);
    c.words.set(b.words);
    return c;
  }
}
