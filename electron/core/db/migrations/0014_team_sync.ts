import type { Migration } from '../types.ts';

/**
 * v14: synchronisation with a team hub (PostgreSQL; electron/core/sync). Bookkeeping only, no user
 * data of its own: losing these tables means the next sync pushes again what the hub already has
 * (stored once there: change ids are stable) and pulls from the start.
 *
 * - hub_state: the hub's address and role (never its password), the push cursor (local change-log
 *   seq), the pull cursor (server seq), the last sync and the last error with its retry time.
 * - hub_known: per record, the highest server seq this folder knows (the base of its next push).
 * - hub_acks: which local change became which server seq, and the names of the fields it touched (to see
 *   what a pulled change did not see).
 * - hub_shared: engagements marked 「チームと共有」 (unshared_at set when sharing stopped).
 * - hub_conflicts: a record changed here and on another laptop in the same fields; both kept.
 * - hub_outbox: decisions on conflicts waiting to be pushed.
 */
export const m0014: Migration = {
  version: 14,
  name: 'team sync',
  up(db) {
    db.exec(`
      CREATE TABLE hub_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      CREATE TABLE hub_known (
        entity TEXT NOT NULL, entity_id TEXT NOT NULL, server_seq INTEGER NOT NULL, op_id TEXT NOT NULL, device_id TEXT NOT NULL,
        PRIMARY KEY (entity, entity_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE hub_acks (
        local_seq INTEGER PRIMARY KEY, server_seq INTEGER NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
        fields TEXT CHECK (fields IS NULL OR json_valid(fields))
      ) STRICT;
      CREATE INDEX hub_acks_record ON hub_acks (entity, entity_id, server_seq);
      CREATE TABLE hub_shared (
        engagement_id TEXT PRIMARY KEY, shared_at TEXT NOT NULL, unshared_at TEXT,
        snapshot_pushed INTEGER NOT NULL DEFAULT 0 CHECK (snapshot_pushed IN (0, 1))
      ) STRICT;
      CREATE TABLE hub_conflicts (
        id INTEGER PRIMARY KEY, entity TEXT NOT NULL, entity_id TEXT NOT NULL, server_seq INTEGER NOT NULL,
        remote_author TEXT NOT NULL, remote_device TEXT NOT NULL,
        remote_fields TEXT NOT NULL CHECK (json_valid(remote_fields)), local_fields TEXT NOT NULL CHECK (json_valid(local_fields)),
        detected_at TEXT NOT NULL, resolved_at TEXT, resolution TEXT
      ) STRICT;
      CREATE INDEX hub_conflicts_open ON hub_conflicts (entity, entity_id) WHERE resolved_at IS NULL;
      CREATE TABLE hub_outbox (
        id INTEGER PRIMARY KEY, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
        fields TEXT NOT NULL CHECK (json_valid(fields)), op_id TEXT NOT NULL, hlc TEXT NOT NULL, at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
