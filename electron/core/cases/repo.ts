import type { Case, CaseInput, CaseOrigin } from '../../../shared/domain/case.ts';
import { AppError } from '../../../shared/errors.ts';
import { excerpt } from '../../../shared/excerpt.ts';
import { normalizeText } from '../../../shared/search/normalize.ts';
import type { DB } from '../db/types.ts';
import { CaseIndex } from './case-index.ts';

export interface CaseRow {
  seq: number;
  id: string;
  title: string;
  summary: string;
  body: string;
  prefecture: string;
  municipality: string;
  organization: string;
  organization_type: string;
  fields: string;
  technologies: string;
  programs: string;
  fiscal_year: number | null;
  size: string;
  outcomes: string;
  sources: string;
  tags: string;
  origin: string;
  user_modified: number;
  title_key: string;
  created_at: string;
  updated_at: string;
}

export function rowToCase(r: CaseRow): Case {
  return {
    id: r.id,
    title: r.title,
    summary: r.summary,
    body: r.body,
    prefecture: r.prefecture as Case['prefecture'],
    municipality: r.municipality,
    organization: r.organization,
    organizationType: r.organization_type as Case['organizationType'],
    fields: JSON.parse(r.fields) as Case['fields'],
    technologies: JSON.parse(r.technologies) as string[],
    programs: JSON.parse(r.programs) as string[],
    fiscalYear: r.fiscal_year,
    size: r.size,
    outcomes: JSON.parse(r.outcomes) as Case['outcomes'],
    sources: JSON.parse(r.sources) as Case['sources'],
    tags: JSON.parse(r.tags) as string[],
    origin: r.origin as CaseOrigin,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** What the in-memory filter index keeps of a case. */
export type CaseFacetValues = Pick<CaseInput, 'prefecture' | 'fiscalYear' | 'fields' | 'technologies' | 'programs'>;

/** Key used to match a case without id on import: normalised title + municipality. */
export function titleKey(title: string, municipality: string): string {
  return `${normalizeText(title).trim()}\u0001${normalizeText(municipality).trim()}`;
}

export { searchText } from './case-index.ts';

/** Content fields only (what an edit or an import changes), for "unchanged" checks. */
export function contentOf(c: CaseInput): string {
  return JSON.stringify([
    c.title, c.summary, c.body, c.prefecture, c.municipality, c.organization, c.organizationType, c.fields,
    c.technologies, c.programs, c.fiscalYear, c.size, c.outcomes, c.sources, c.tags,
  ]);
}

/** Prepared statements for the case tables, created once per connection. */
export class CaseRepo {
  private readonly s;
  /** Bumped on every write. */
  generation = 0;
  /** Told of every indexed and removed case (the in-memory filter index), unless it is not `active` (not loaded). */
  listener: { readonly active: boolean; set(seq: number, c: CaseFacetValues): void; remove(seq: number): void } | null = null;

  private readonly db: DB;
  /** The full-text index: every index write of the cases feature goes through it. */
  readonly index: CaseIndex;

  constructor(db: DB) {
    this.db = db;
    this.index = new CaseIndex(db);
    this.s = {
      byId: db.prepare('SELECT * FROM cases WHERE id = ?'),
      exists: db.prepare('SELECT 1 FROM cases WHERE id = ?').pluck(),
      bySeq: db.prepare('SELECT * FROM cases WHERE seq = ?'),
      bySeqs: db.prepare('SELECT * FROM cases WHERE seq IN (SELECT value FROM json_each(?))'),
      byTitleKey: db.prepare('SELECT * FROM cases WHERE title_key = ? ORDER BY seq LIMIT 1'),
      insert: db.prepare(`INSERT INTO cases (id, title, summary, body, prefecture, municipality, organization, organization_type,
          fields, technologies, programs, fiscal_year, size, outcomes, sources, tags, origin, user_modified, title_key, created_at, updated_at)
        VALUES (@id, @title, @summary, @body, @prefecture, @municipality, @organization, @organization_type,
          @fields, @technologies, @programs, @fiscal_year, @size, @outcomes, @sources, @tags, @origin, @user_modified, @title_key, @created_at, @updated_at)`),
      update: db.prepare(`UPDATE cases SET title = @title, summary = @summary, body = @body, prefecture = @prefecture,
          municipality = @municipality, organization = @organization, organization_type = @organization_type, fields = @fields,
          technologies = @technologies, programs = @programs, fiscal_year = @fiscal_year, size = @size, outcomes = @outcomes,
          sources = @sources, tags = @tags, origin = @origin, user_modified = @user_modified, title_key = @title_key,
          updated_at = @updated_at WHERE seq = @seq`),
      delete: db.prepare('DELETE FROM cases WHERE seq = ?'),
      count: db.prepare('SELECT count(*) AS n FROM cases'),
      all: db.prepare('SELECT * FROM cases ORDER BY seq'),
    };
  }

  count(): number {
    return (this.s.count.get() as { n: number }).n;
  }

  getRow(id: string): CaseRow | undefined {
    return this.s.byId.get(id) as CaseRow | undefined;
  }

  get(id: string): Case {
    const r = this.getRow(id);
    if (!r) throw new AppError('not_found', `事例が見つかりません（id: ${excerpt(id, 60)}）。`, { path: ['id'] });
    return rowToCase(r);
  }

  findByTitle(title: string, municipality: string): Case | undefined {
    const r = this.s.byTitleKey.get(titleKey(title, municipality)) as CaseRow | undefined;
    return r ? rowToCase(r) : undefined;
  }

  /** Rows by sequence number, in the order given. */
  rowsBySeq(seqs: readonly number[]): CaseRow[] {
    if (seqs.length <= 2) return seqs.map((s) => this.s.bySeq.get(s) as CaseRow | undefined).filter((r): r is CaseRow => r !== undefined);
    // One statement for a page of rows (a hundred separate lookups cost ~2 ms more in round trips).
    const rows = this.s.bySeqs.all(JSON.stringify(seqs)) as CaseRow[];
    const bySeq = new Map(rows.map((r) => [r.seq, r]));
    return seqs.map((s) => bySeq.get(s)).filter((r): r is CaseRow => r !== undefined);
  }

  all(): Case[] {
    return (this.s.all.all() as CaseRow[]).map(rowToCase);
  }

  private params(c: Case, userModified: boolean) {
    return {
      id: c.id,
      title: c.title,
      summary: c.summary,
      body: c.body,
      prefecture: c.prefecture,
      municipality: c.municipality,
      organization: c.organization,
      organization_type: c.organizationType,
      fields: JSON.stringify(c.fields),
      technologies: JSON.stringify(c.technologies),
      programs: JSON.stringify(c.programs),
      fiscal_year: c.fiscalYear,
      size: c.size,
      outcomes: JSON.stringify(c.outcomes),
      sources: JSON.stringify(c.sources),
      tags: JSON.stringify(c.tags),
      origin: c.origin,
      user_modified: userModified ? 1 : 0,
      title_key: titleKey(c.title, c.municipality),
      created_at: c.createdAt,
      updated_at: c.updatedAt,
    };
  }

  /** The case's full-text row and the filter index's notice (after the commit). */
  private indexCase(seq: number, c: Case): void {
    this.index.insert(seq, c);
    // Only the filter values are held until the commit (an import of 200k cases must not keep every case).
    if (!this.listener?.active) return;
    const facets: CaseFacetValues = { prefecture: c.prefecture, fiscalYear: c.fiscalYear, fields: c.fields, technologies: c.technologies, programs: c.programs };
    this.notify(() => this.listener?.set(seq, facets));
  }

  private unindex(seq: number): void {
    this.index.remove(seq);
    if (this.listener?.active) this.notify(() => this.listener?.remove(seq));
  }

  /** Filter-index notices held back by write() until its transaction has committed. */
  private held: (() => void)[] | null = null;

  private notify(f: () => void): void {
    if (this.held) this.held.push(f);
    else f();
  }

  /**
   * Run `fn` in one transaction. The in-memory filter index hears of the changes only after the
   * commit, so a rollback (a bad row, a constraint, a full disk at commit) leaves it matching the
   * database. With `bulk` (imports), the full-text index merges its segments once at the end
   * (CaseIndex.bulk) instead of during the write.
   */
  write<T>(fn: () => T, opts: { bulk?: boolean; immediate?: boolean } = {}): T {
    const run = () => (opts.bulk === true ? this.index.bulk(fn) : fn());
    if (this.held) return run(); // nested: the outer write commits
    const held: (() => void)[] = (this.held = []);
    let out: T;
    try {
      const tx = this.db.transaction(run);
      out = opts.immediate ? tx.immediate() : tx();
    } finally {
      this.held = null;
    }
    for (const f of held) f();
    return out;
  }

  /** Rebuild the full-text index from the case table (a migration that changes what is indexed). */
  reindexAll(): number {
    this.index.clear();
    // In batches: better-sqlite3 cannot write while a statement is still iterating.
    const batch = this.db.prepare('SELECT * FROM cases WHERE seq > ? ORDER BY seq LIMIT 500');
    let n = 0;
    return this.index.bulk(() => {
      for (let last = -1; ; ) {
        const rows = batch.all(last) as CaseRow[];
        if (rows.length === 0) return n;
        for (const row of rows) this.index.insert(row.seq, rowToCase(row));
        n += rows.length;
        last = rows[rows.length - 1]!.seq;
      }
    });
  }

  /** Insert a complete case (inside write()). */
  insert(c: Case, userModified = false): void {
    if (this.s.exists.get(c.id) !== undefined) throw new AppError('conflict', `同じ id の事例がすでにあります（${c.id}）。`, { path: ['id'] });
    const info = this.s.insert.run(this.params(c, userModified));
    this.indexCase(Number(info.lastInsertRowid), c);
    this.generation++;
  }

  /** Replace a case's content (same id). */
  replace(c: Case, userModified: boolean): void {
    const row = this.getRow(c.id);
    if (!row) throw new AppError('not_found', `事例が見つかりません（id: ${c.id}）。`, { path: ['id'] });
    this.unindex(row.seq);
    this.s.update.run({ ...this.params(c, userModified), seq: row.seq });
    this.indexCase(row.seq, c);
    this.generation++;
  }

  wasModifiedByUser(id: string): boolean {
    return this.getRow(id)?.user_modified === 1;
  }

  delete(id: string): Case {
    const row = this.getRow(id);
    if (!row) throw new AppError('not_found', `事例が見つかりません（id: ${excerpt(id, 60)}）。`, { path: ['id'] });
    this.unindex(row.seq);
    this.s.delete.run(row.seq);
    this.generation++;
    return rowToCase(row);
  }
}
