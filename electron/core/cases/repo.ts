import type { Case, CaseInput } from '../../../shared/domain/case.ts';
import { AppError } from '../../../shared/errors.ts';
import { excerpt } from '../../../shared/excerpt.ts';
import type { DB } from '../db/types.ts';
import { CaseIndex } from './case-index.ts';
import { CaseEntity, titleKey, type CaseRow } from './entity.ts';
import { DataStore } from '../data/store.ts';

export type { CaseRow };

/** A stored row as the domain's case (the mapping is the entity definition's, cases/entity.ts). */
export function rowToCase(r: CaseRow): Case {
  return CaseEntity.toRecord(r) as Case;
}

export { titleKey };

export { searchText } from './case-index.ts';

/** What the in-memory filter index keeps of a case. */
export type CaseFacetValues = Pick<CaseInput, 'prefecture' | 'fiscalYear' | 'fields' | 'technologies' | 'programs'>;

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
  /** Told of every indexed and removed case (the in-memory filter index). */
  listener: { readonly active: boolean; set(seq: number, c: CaseFacetValues): void; remove(seq: number): void } | null = null;

  private readonly db: DB;
  /** The one write path (history, versions, change log). */
  readonly store: DataStore;
  /** The full-text index: every index write of the cases feature goes through it. */
  readonly index: CaseIndex;

  constructor(db: DB) {
    this.db = db;
    this.store = DataStore.of(db);
    this.index = new CaseIndex(db);
    this.s = {
      byId: db.prepare('SELECT * FROM cases WHERE id = ?'),
      exists: db.prepare('SELECT 1 FROM cases WHERE id = ?').pluck(),
      bySeq: db.prepare('SELECT * FROM cases WHERE seq = ?'),
      bySeqs: db.prepare('SELECT * FROM cases WHERE seq IN (SELECT value FROM json_each(?))'),
      byTitleKey: db.prepare('SELECT * FROM cases WHERE title_key = ? ORDER BY seq LIMIT 1'),
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
  write<T>(fn: () => T, opts: { bulk?: boolean; immediate?: boolean; opId?: string } = {}): T {
    const run = () => (opts.bulk === true ? this.index.bulk(fn) : fn());
    if (this.held) return run(); // nested: the outer write commits
    const held: (() => void)[] = (this.held = []);
    let out: T;
    try {
      // One operation (one op id in history and the change log) for everything written inside.
      const tx = this.db.transaction(() => this.store.operation(run, { opId: opts.opId }));
      out = opts.immediate ? tx.immediate() : tx();
    } finally {
      this.held = null;
    }
    for (const f of held) f();
    return out;
  }

  /** Recompute every import match key (the derived step 'case-index'); returns the rows changed. */
  rekeyAll(): number {
    const rows = this.db.prepare('SELECT seq, title, municipality, title_key FROM cases').all() as { seq: number; title: string; municipality: string; title_key: string }[];
    const set = this.db.prepare('UPDATE cases SET title_key = ? WHERE seq = ?');
    let n = 0;
    for (const r of rows) {
      const key = titleKey(r.title, r.municipality);
      if (key !== r.title_key) n += set.run(key, r.seq).changes;
    }
    return n;
  }

  /** Rebuild the full-text index from the case table (the derived step 'case-index'). */
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

  /**
   * Insert a complete case (inside write()). `stamp`: the write path sets createdAt / updatedAt
   * (a new case); otherwise the case's own are kept (an import of a file that carries them, a
   * restore, a seed). Returns the stored case.
   */
  insert(c: Case, userModified = false, opts: { stamp?: boolean; restore?: boolean } = {}): Case {
    const keepStamps = opts.stamp !== true;
    const r = opts.restore
      ? this.store.mutate<Case>({ entity: CaseEntity, id: c.id, restore: c, extra: { user_modified: userModified ? 1 : 0 } })
      : this.store.mutate<Case>({ entity: CaseEntity, id: c.id, create: c, keepStamps, extra: { user_modified: userModified ? 1 : 0 } });
    const stored = r.after!;
    this.indexCase(r.rowid!, stored);
    this.generation++;
    return stored;
  }

  /**
   * Change a case's content (same id): only the fields that differ are written, with history
   * and a change-log entry; `expectedUpdatedAt` refuses a stale edit (conflict). `keepStamps`
   * keeps the given updatedAt (a seed's). Returns the stored case.
   */
  replace(c: Case, userModified: boolean, opts: { expectedUpdatedAt?: string | undefined; keepStamps?: boolean } = {}): Case {
    const row = this.getRow(c.id);
    if (!row) throw new AppError('not_found', `事例が見つかりません（id: ${c.id}）。`, { path: ['id'] });
    const { id: _id, createdAt: _created, ...changes } = c;
    if (!opts.keepStamps) delete (changes as Partial<Case>).updatedAt;
    const r = this.store.mutate<Case>({
      entity: CaseEntity,
      id: c.id,
      changes,
      keepStamps: opts.keepStamps === true,
      expectedUpdatedAt: opts.expectedUpdatedAt,
      extra: { user_modified: userModified ? 1 : 0 },
    });
    if (r.changed.length > 0 || r.version !== row.version) {
      this.unindex(row.seq);
      this.indexCase(row.seq, r.after!);
      this.generation++;
    }
    return r.after!;
  }

  wasModifiedByUser(id: string): boolean {
    return this.getRow(id)?.user_modified === 1;
  }

  delete(id: string, expectedUpdatedAt?: string): Case {
    const row = this.getRow(id);
    if (!row) throw new AppError('not_found', `事例が見つかりません（id: ${excerpt(id, 60)}）。`, { path: ['id'] });
    this.store.mutate({ entity: CaseEntity, id, delete: true, expectedUpdatedAt });
    this.unindex(row.seq);
    this.generation++;
    return rowToCase(row);
  }
}
