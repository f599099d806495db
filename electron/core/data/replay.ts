import type { DB } from '../db/types.ts';
import { entityNamed } from './registry.ts';
import type { ChangeEntry } from './store.ts';

/**
 * Apply change-log entries (oldest first) to a database: a deletion removes the record, an entry
 * for a record that is not there inserts it (the first entry of a record holds all its fields), any
 * other merges its fields into the record. Derived data (full-text indexes, quota marks) is not
 * rebuilt here. What a synchronisation will run on the entries it receives; the test
 * test/integration/change-log-replay.test.ts replays a whole log into an empty database.
 */
export function replayChanges(db: DB, entries: readonly ChangeEntry[]): number {
  return db.transaction(() => {
    // A compacted log holds each record at its last change, so a child can come before its
    // parent: the foreign keys are checked at the commit, when everything is in place.
    db.pragma('defer_foreign_keys = ON');
    let n = 0;
    for (const c of entries) {
      const e = entityNamed(c.entity);
      if (!e) continue;
      const key = e.keyParams(c.entityId);
      if (c.fields === null) {
        db.prepare(e.sql.delete).run(key);
      } else {
        const row = db.prepare(e.sql.byId).get(key) as Record<string, unknown> | undefined;
        if (row) {
          const merged = { ...(e.toRecord(row as never) as Record<string, unknown>), ...c.fields };
          db.prepare(e.sql.update).run({ ...row, ...e.toParams(merged as never), version: c.version });
        } else {
          db.prepare(e.sql.insert).run({ ...defaultsOf(e.table, db), ...e.toParams(c.fields as never), version: c.version });
        }
      }
      n++;
    }
    return n;
  }).immediate();
}

/** The extra columns of a table (not record fields) with their defaults, so an insert names every column. */
function defaultsOf(table: string, db: DB): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of db.prepare(`PRAGMA table_info(${table})`).all() as { name: string; dflt_value: string | null }[]) {
    out[c.name] = c.dflt_value === null ? null : (JSON.parse(c.dflt_value.replace(/^'(.*)'$/s, '"$1"')) as unknown);
  }
  return out;
}
