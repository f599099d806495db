import { randomUUID } from 'node:crypto';
import type { CaseImportResult, ImportProblem } from '../../../shared/contract/cases.ts';
import { CaseInputSchema, type Case, type CaseInput } from '../../../shared/domain/case.ts';
import { AppError } from '../../../shared/errors.ts';
import { zodToAppError } from '../../../shared/zod-ja.ts';
import type { DB } from '../db/types.ts';
import { bytesSource, sourceBytes, withCsvAttempts, type ByteSource } from '../files/csv.ts';
import { casesToCsv, casesToJson, parseCasesJson, readCasesCsv, type ParsedRow } from './codec.ts';
import { contentOf, CaseRepo } from './repo.ts';
import { CaseSearch } from './search.ts';
import { CaseUploads } from './uploads.ts';
import { markSeedDeleted } from './seeds.ts';
import { BULK_ROWS, settleWal } from '../db/wal.ts';

export interface ImportOptions {
  format: 'csv' | 'json';
  /** The file: its bytes, or a source that reads it in slices (a CSV file is then never held whole). */
  bytes?: Uint8Array;
  source?: ByteSource;
  skipInvalid: boolean;
  /** false: plan only (preview, --dry-run). */
  write: boolean;
}

/** Thrown inside an import's transaction to undo it (a preview, or rows rejected without skipInvalid). */
const UNDO = Symbol('undo import');

/** The case library's operations, shared by every face. */
export class CaseService {
  readonly repo: CaseRepo;
  readonly search: CaseSearch;
  /** Files sent in pieces for cases.import. */
  readonly uploads = new CaseUploads();
  private readonly db: DB;
  private readonly now: () => Date;

  constructor(db: DB, now: () => Date = () => new Date()) {
    this.db = db;
    this.now = now;
    this.repo = new CaseRepo(db);
    this.search = new CaseSearch(db, this.repo);
  }

  create(input: CaseInput): Case {
    const c: Case = { ...input, id: randomUUID(), origin: 'user', createdAt: '', updatedAt: '' };
    return this.repo.write(() => this.repo.insert(c, true, { stamp: true }));
  }

  /**
   * Change some fields. `expectedUpdatedAt` (the updatedAt the form last saw) refuses a stale
   * write with `conflict`; a save that changes nothing writes nothing (no history row).
   */
  update(id: string, patch: Partial<CaseInput>, expectedUpdatedAt?: string, opts: { opId?: string } = {}): Case {
    const before = this.repo.get(id);
    const merged = CaseInputSchema.safeParse({ ...before, ...patch });
    if (!merged.success) throw zodToAppError(merged.error);
    if (contentOf(merged.data) === contentOf(before)) return before;
    const c: Case = { ...merged.data, id, origin: before.origin, createdAt: before.createdAt, updatedAt: before.updatedAt };
    return this.repo.write(() => this.repo.replace(c, true, { expectedUpdatedAt }), { opId: opts.opId });
  }

  delete(id: string, expectedUpdatedAt?: string): Case {
    return this.repo.write(() => {
      const deleted = this.repo.delete(id, expectedUpdatedAt);
      if (deleted.origin === 'seed') markSeedDeleted(this.db, id, true);
      return deleted;
    });
  }

  restore(c: Case): Case {
    return this.repo.write(() => {
      if (this.repo.getRow(c.id)) throw new AppError('conflict', 'この事例はすでに存在します（元に戻す操作は済んでいます）。', { path: ['case', 'id'] });
      const stored = this.repo.insert(c, true, { restore: true });
      if (c.origin === 'seed') markSeedDeleted(this.db, c.id, false);
      return stored;
    });
  }

  /** Undo the case's last operation (itself an operation, recorded like any edit). */
  undo(id: string, expectedUpdatedAt?: string): { id: string; fields: string[]; updatedAt: string } {
    const { patch, fields } = this.repo.store.undoPatch('case', id);
    const c = this.update(id, patch as Partial<CaseInput>, expectedUpdatedAt);
    return { id, fields, updatedAt: c.updatedAt };
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  /**
   * Import (or preview) a file. All or nothing unless skipInvalid: with any rejected row and
   * no skipInvalid nothing is written. Same id → update; no id → match title + municipality.
   *
   * A CSV file is read as a stream and written as it is read, in one transaction: a row is
   * matched against the rows before it in the same file because they are already in the table.
   * A preview, and an import that must write nothing, run the same way and roll back (the
   * full-text index is left alone then, as nothing of it would stay).
   */
  import(opts: ImportOptions): CaseImportResult {
    const source = opts.source ?? bytesSource(opts.bytes ?? new Uint8Array());
    if (opts.format === 'json') {
      const parsed = parseCasesJson(sourceBytes(source));
      return this.importRows(opts, (onRow, problems) => {
        problems.push(...parsed.problems);
        parsed.rows.forEach(onRow);
        return { encoding: parsed.encoding, total: parsed.total };
      });
    }
    return withCsvAttempts(source, (attempt) =>
      this.importRows(opts, (onRow, problems) => {
        const read = readCasesCsv(source, attempt, onRow, problems);
        return { encoding: read.encoding, total: read.total };
      }),
    );
  }

  private importRows(
    opts: ImportOptions,
    read: (onRow: (r: ParsedRow) => void, problems: ImportProblem[]) => { encoding: CaseImportResult['encoding']; total: number },
  ): CaseImportResult {
    const problems: ImportProblem[] = [];
    const counts = { imported: 0, updated: 0, unchanged: 0 };
    const at = this.stamp();
    /** Whether what is written now can stay: not in a preview, and not after a rejected row without skipInvalid. */
    const keeps = () => opts.write && (problems.length === 0 || opts.skipInvalid);
    const apply = (r: ParsedRow) => {
      const index = this.repo.index;
      index.paused = !keeps();
      const existing = r.id ? (this.repo.getRow(r.id) ? this.repo.get(r.id) : undefined) : this.repo.findByTitle(r.input.title, r.input.municipality);
      if (existing) {
        if (contentOf(existing) === contentOf(r.input)) {
          counts.unchanged++;
          return;
        }
        this.repo.replace({ ...r.input, id: existing.id, origin: existing.origin, createdAt: existing.createdAt, updatedAt: at }, true);
        counts.updated++;
      } else {
        const c: Case = {
          ...r.input,
          id: r.id ?? randomUUID(),
          origin: r.extras.origin ?? 'import',
          createdAt: r.extras.createdAt ?? at,
          updatedAt: r.extras.updatedAt ?? at,
        };
        this.repo.insert(c, true);
        counts.imported++;
      }
    };
    let file: { encoding: CaseImportResult['encoding']; total: number } = { encoding: 'utf-8', total: 0 };
    let written = false;
    try {
      this.repo.write(
        () => {
          file = read(apply, problems);
          if (!keeps()) throw UNDO;
        },
        { bulk: true },
      );
      written = true;
    } catch (err) {
      if (err !== UNDO) throw err;
    } finally {
      this.repo.index.paused = false;
    }
    if (counts.imported + counts.updated >= BULK_ROWS) settleWal(this.db);
    return { ...counts, rejected: problems, written, encoding: file.encoding, rows: file.total };
  }

  export(format: 'csv' | 'json'): { bytes: Uint8Array; count: number } {
    const all = this.repo.all();
    return { bytes: format === 'csv' ? casesToCsv(all) : casesToJson(all), count: all.length };
  }
}
