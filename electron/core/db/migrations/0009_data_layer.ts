import type { Migration } from '../types.ts';

/** Tables of records written through the one write path (electron/core/data/store.ts), as of v9. */
const VERSIONED = ['cases', 'clients', 'engagements', 'log_entries', 'next_actions', 'plans', 'plan_answers', 'plan_templates'] as const;

/**
 * v9: one data layer (issue 13).
 *
 * - `version` on every record table: the stale-write counter the write path checks and bumps.
 * - history.op_id: the operation (one user action) a history row belongs to; undo undoes the
 *   last operation by this id. Rows written before v9 get the id of their old grouping (the same
 *   record and timestamp), so they undo as they did. The append-only triggers are dropped for
 *   that one UPDATE and made again.
 * - changes: the change log a synchronisation reads, `seq` (the rowid) ordering it, so "every change
 *   since seq N" is a range scan of the primary key; `changes_by_record` finds a record's last
 *   version and serves compaction. `fields` is the JSON of the changed fields with their new values
 *   (NULL: deleted). Seeded with one entry per live record by the derived step 'change-log'
 *   (electron/core/data/derived.ts), which uses the entity definitions this migration must not import.
 * - meta: `device_id`, this data folder's stable identity, made once here (at creation for a new
 *   database); bundles and the change log carry it.
 * - derived: which rebuild of a derived index (the case full-text indexes, the seeded change log)
 *   ran at which version. Rebuilds are explicit, versioned steps the core runs after the
 *   migrations, no longer bodies of migrations (which would change with the application code).
 *   A database that passed v8 has the case indexes as v8 built them (case-index 1); an older one
 *   gets them rebuilt.
 */
export const m0009: Migration = {
  version: 9,
  name: 'data layer',
  up(db, info) {
    const tables = new Set((db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]));
    for (const t of VERSIONED) {
      if (!tables.has(t)) continue;
      const cols = (db.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => c.name);
      if (!cols.includes('version')) db.exec(`ALTER TABLE ${t} ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)`);
    }
    db.exec(`
      ALTER TABLE history ADD COLUMN op_id TEXT;
      DROP TRIGGER history_no_update;
      UPDATE history SET op_id = 'v8:' || entity || ':' || entity_id || ':' || at WHERE op_id IS NULL;
      CREATE TRIGGER history_no_update BEFORE UPDATE ON history
        BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;

      CREATE TABLE changes (
        seq        INTEGER PRIMARY KEY,
        op_id      TEXT NOT NULL,
        entity     TEXT NOT NULL,
        entity_id  TEXT NOT NULL,
        version    INTEGER NOT NULL CHECK (version >= 1),
        fields     TEXT CHECK (fields IS NULL OR (json_valid(fields) AND json_type(fields) = 'object')),
        device_id  TEXT NOT NULL,
        hlc        TEXT NOT NULL,
        at         TEXT NOT NULL
      ) STRICT;
      CREATE INDEX changes_by_record ON changes (entity, entity_id, seq);

      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
      INSERT INTO meta (key, value) SELECT 'device_id', lower(
        hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
        substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));

      CREATE TABLE derived (
        name        TEXT PRIMARY KEY,
        version     INTEGER NOT NULL,
        schema      INTEGER NOT NULL,
        built_at    TEXT NOT NULL
      ) STRICT;
    `);
    // The case indexes: current when this database passed v8 (or has just been made), else rebuilt by the core.
    const fresh = info.from === 0 || info.from >= 8;
    db.prepare("INSERT INTO derived (name, version, schema, built_at) VALUES ('case-index', ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ'))").run(fresh ? 1 : 0, info.from);
    db.prepare("INSERT INTO derived (name, version, schema, built_at) VALUES ('change-log', 0, ?, strftime('%Y-%m-%dT%H:%M:%fZ'))").run(info.from);
  },
};
