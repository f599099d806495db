import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { BackupInfo } from '../../../shared/contract/backup.ts';
import type { DB } from '../db/types.ts';
import { writeFileAtomicSync } from '../files/write-atomic.ts';
import type { Logger } from '../log.ts';
import { openImmutable, verifyBackupFile } from './files.ts';

/**
 * What retention needs to know about each backup beyond its name: how much of the user's data it
 * holds, and whether it passed integrity_check. Backups never change once renamed into place, so
 * both are computed once per file and kept in backups/.facts.json (keyed by name, size and
 * mtime; a missing or unreadable cache is simply computed again).
 */

/**
 * Tables whose rows are the user's records (and their history). Derived data (full-text indexes),
 * settings and bookkeeping are left out. history only ever grows (a deletion writes history too),
 * so a state the user reached by working never holds fewer records than the one before it.
 */
export const RECORD_TABLES = [
  'clients',
  'engagements',
  'log_entries',
  'next_actions',
  'engagement_cases',
  'plans',
  'plan_answers',
  'plan_templates',
  'cases',
  'synonyms',
  'conflicts',
  'history',
] as const;

/** The number of record rows in a database (tables that do not exist in its schema count 0). */
export function recordCount(db: DB): number {
  const present = new Set((db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
  let n = 0;
  for (const t of RECORD_TABLES) if (present.has(t)) n += (db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n;
  return n;
}

const ChangeSchema = z.object({ id: z.number(), at: z.string(), entity: z.string(), entityId: z.string() });
/** The newest entry of the change history: history is append-only, so every later state of the same data still holds it. */
export type LastChange = z.infer<typeof ChangeSchema>;

export function lastChange(db: DB): LastChange | null {
  const hasHistory = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'history'").get() !== undefined;
  if (!hasHistory) return null;
  const r = db.prepare('SELECT id, at, entity, entity_id AS entityId FROM history ORDER BY id DESC LIMIT 1').get() as LastChange | undefined;
  return r ?? null;
}

/** Whether the database holds this history entry (the same id, time and record: ids alone restart in a new database). */
export function hasChange(db: DB, c: LastChange): boolean {
  try {
    return db.prepare('SELECT 1 FROM history WHERE id = ? AND at = ? AND entity = ? AND entity_id = ?').get(c.id, c.at, c.entity, c.entityId) !== undefined;
  } catch {
    return false; // no history table
  }
}

const FACTS_FILE = '.facts.json';

const FactSchema = z.object({
  size: z.number(),
  mtimeMs: z.number(),
  /** null: the file could not be read. */
  records: z.number().nullable().optional(),
  lastChange: ChangeSchema.nullable().optional(),
  verified: z.boolean().optional(),
});
type Fact = z.infer<typeof FactSchema>;

export class BackupFacts {
  private readonly dir: string;
  private readonly log: Logger;
  private facts = new Map<string, Fact>();
  private dirty = false;

  constructor(dir: string, log: Logger) {
    this.dir = dir;
    this.log = log;
    try {
      const parsed = z.record(z.string(), FactSchema).safeParse(JSON.parse(fs.readFileSync(path.join(dir, FACTS_FILE), 'utf8')));
      if (parsed.success) this.facts = new Map(Object.entries(parsed.data));
    } catch {
      /* none yet, or unreadable: computed again */
    }
  }

  private entry(b: BackupInfo): Fact | null {
    let st: fs.Stats;
    try {
      st = fs.statSync(path.join(this.dir, b.name));
    } catch {
      return null;
    }
    const known = this.facts.get(b.name);
    if (known && known.size === st.size && known.mtimeMs === st.mtimeMs) return known;
    const fresh: Fact = { size: st.size, mtimeMs: st.mtimeMs };
    this.facts.set(b.name, fresh);
    this.dirty = true;
    return fresh;
  }

  /** What the backup holds (record rows and its newest change); null when it cannot be read. */
  content(b: BackupInfo): { records: number; lastChange: LastChange | null } | null {
    const f = this.entry(b);
    if (!f) return null;
    if (f.records === undefined) {
      f.records = null;
      f.lastChange = null;
      try {
        const db = openImmutable(path.join(this.dir, b.name));
        try {
          f.records = recordCount(db);
          f.lastChange = lastChange(db);
        } finally {
          db.close();
        }
      } catch {
        f.records = null;
      }
      this.dirty = true;
    }
    return f.records === null ? null : { records: f.records, lastChange: f.lastChange ?? null };
  }

  /** Whether the backup passes integrity_check (run once per file). */
  verified(b: BackupInfo): boolean {
    const f = this.entry(b);
    if (!f) return false;
    if (f.verified === undefined) {
      f.verified = verifyBackupFile(path.join(this.dir, b.name)).ok;
      this.dirty = true;
    }
    return f.verified;
  }

  /** Forget files that are gone and write the cache (through a temporary file and a rename). */
  save(existing: readonly BackupInfo[]): void {
    const names = new Set(existing.map((b) => b.name));
    for (const n of [...this.facts.keys()]) {
      if (!names.has(n)) {
        this.facts.delete(n);
        this.dirty = true;
      }
    }
    if (!this.dirty) return;
    try {
      writeFileAtomicSync(path.join(this.dir, FACTS_FILE), JSON.stringify(Object.fromEntries(this.facts)));
      this.dirty = false;
    } catch (err) {
      this.log.warn(`backup facts could not be saved (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
}
