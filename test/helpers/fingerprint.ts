import { createHash } from 'node:crypto';
import type { DB } from '../../electron/core/db/types.ts';

/**
 * A fingerprint of every user table of a database (row counts and a hash of all rows in
 * primary-key order), to prove that a refused import or call wrote nothing. Derived indexes are
 * left out: the case FTS shadow tables follow the cases table, and the global search's tables
 * (gsearch_*) catch up in the background from the records whatever a call did.
 */
export function fingerprint(db: DB): Record<string, string> {
  const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'cases_tri%' AND name NOT LIKE 'cases_bi%' AND name NOT LIKE 'gsearch%' ORDER BY name").pluck().all() as string[]);
  const out: Record<string, string> = {};
  for (const t of tables) {
    const rows = db.prepare(`SELECT * FROM "${t}"`).raw().all() as unknown[][];
    const lines = rows.map((r) => JSON.stringify(r)).sort();
    out[t] = `${rows.length}:${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`;
  }
  return out;
}
