import { randomUUID } from 'node:crypto';
import type { CaseImportResult } from '../../../shared/contract/cases.ts';
import { CaseInputSchema, type Case, type CaseInput } from '../../../shared/domain/case.ts';
import { AppError } from '../../../shared/errors.ts';
import { zodToAppError } from '../../../shared/zod-ja.ts';
import type { DB } from '../db/types.ts';
import { casesToCsv, casesToJson, parseCasesCsv, parseCasesJson, type ParsedFile } from './codec.ts';
import { contentOf, CaseRepo, titleKey } from './repo.ts';
import { CaseSearch } from './search.ts';
import { markSeedDeleted } from './seeds.ts';
import { BULK_ROWS, settleWal } from '../db/wal.ts';

export interface ImportOptions {
  format: 'csv' | 'json';
  bytes: Uint8Array;
  skipInvalid: boolean;
  /** false: plan only (preview, --dry-run). */
  write: boolean;
}

/** The case library's operations, shared by every face. */
export class CaseService {
  readonly repo: CaseRepo;
  readonly search: CaseSearch;
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

  /**
   * Import (or preview) a file. All or nothing unless skipInvalid: with any rejected row and
   * no skipInvalid nothing is written. Same id → update; no id → match title + municipality.
   */
  import(opts: ImportOptions): CaseImportResult {
    const parsed: ParsedFile = opts.format === 'csv' ? parseCasesCsv(opts.bytes) : parseCasesJson(opts.bytes);
    const result: CaseImportResult = {
      imported: 0,
      updated: 0,
      unchanged: 0,
      rejected: parsed.problems,
      written: false,
      encoding: parsed.encoding,
      rows: parsed.total,
    };
    const mayWrite = opts.write && (parsed.problems.length === 0 || opts.skipInvalid);
    // Stamps of a preview only (a written import is stamped by the write path).
    const at = this.now().toISOString();
    const run = () => {
      // Ids created earlier in this same file, so a repeated title is matched even in a preview.
      const pending = new Map<string, Case>();
      const pendingByTitle = new Map<string, Case>();
      for (const r of parsed.rows) {
        const key = titleKey(r.input.title, r.input.municipality);
        const existing = r.id
          ? (pending.get(r.id) ?? (this.repo.getRow(r.id) ? this.repo.get(r.id) : undefined))
          : (pendingByTitle.get(key) ?? this.repo.findByTitle(r.input.title, r.input.municipality));
        if (existing) {
          if (contentOf(existing) === contentOf(r.input)) {
            result.unchanged++;
            continue;
          }
          let c: Case = { ...r.input, id: existing.id, origin: existing.origin, createdAt: existing.createdAt, updatedAt: at };
          if (mayWrite) c = this.repo.replace(c, true);
          pending.set(c.id, c);
          pendingByTitle.set(titleKey(c.title, c.municipality), c);
          result.updated++;
        } else {
          let c: Case = {
            ...r.input,
            id: r.id ?? randomUUID(),
            origin: r.extras.origin ?? 'import',
            // Kept when the file carries them; otherwise the write path stamps them.
            createdAt: r.extras.createdAt ?? (mayWrite ? '' : at),
            updatedAt: r.extras.updatedAt ?? (mayWrite ? '' : at),
          };
          if (mayWrite) c = this.repo.insert(c, true);
          pending.set(c.id, c);
          pendingByTitle.set(key, c);
          result.imported++;
        }
      }
    };
    if (mayWrite) {
      this.repo.write(run, { bulk: true });
      result.written = true;
      if (result.imported + result.updated >= BULK_ROWS) settleWal(this.db);
    } else {
      run();
    }
    return result;
  }

  export(format: 'csv' | 'json'): { bytes: Uint8Array; count: number } {
    const all = this.repo.all();
    return { bytes: format === 'csv' ? casesToCsv(all) : casesToJson(all), count: all.length };
  }
}
