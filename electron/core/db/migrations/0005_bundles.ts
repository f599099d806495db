import type { Migration } from '../types.ts';

const ENTITIES = "('client', 'engagement', 'logEntry', 'plan', 'planAnswer', 'case', 'synonyms')";

/**
 * v5: hand-off bundles (electron/core/bundles/).
 *
 * - sync_state: per record, the content hash of the version this machine last received in a
 *   bundle (the "base" of a three-way comparison). Not user data: losing it only turns a later
 *   import's clean update into a conflict the user resolves.
 * - sync_seen: every version (content hash + its updated_at) this machine has received, so that
 *   an older bundle imported again never rolls a record back, nor brings back one deleted here.
 * - conflicts: a record changed on both sides. The local version stays in its table; the
 *   incoming one is kept here (`incoming`: the bundle record {hash, base, record} as JSON) with a
 *   snapshot of the local version at import time, until the user keeps theirs or takes the
 *   incoming one (`resolution`). A newer incoming version of the same record supersedes an
 *   older open conflict. Rows are never deleted.
 */
export const m0005: Migration = {
  version: 5,
  name: 'bundles',
  up(db) {
    db.exec(`
      CREATE TABLE sync_state (
        entity     TEXT NOT NULL CHECK (entity IN ${ENTITIES}),
        entity_id  TEXT NOT NULL CHECK (length(entity_id) BETWEEN 1 AND 200),
        hash       TEXT NOT NULL CHECK (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*'),
        synced_at  TEXT NOT NULL,
        PRIMARY KEY (entity, entity_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE sync_seen (
        entity     TEXT NOT NULL CHECK (entity IN ${ENTITIES}),
        entity_id  TEXT NOT NULL CHECK (length(entity_id) BETWEEN 1 AND 200),
        version    TEXT NOT NULL CHECK (length(version) = 64),
        PRIMARY KEY (entity, entity_id, version)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE conflicts (
        id                  INTEGER PRIMARY KEY,
        entity              TEXT NOT NULL CHECK (entity IN ${ENTITIES}),
        entity_id           TEXT NOT NULL CHECK (length(entity_id) BETWEEN 1 AND 200),
        incoming            TEXT NOT NULL CHECK (json_valid(incoming) AND json_type(incoming) = 'object'),
        incoming_hash       TEXT NOT NULL CHECK (length(incoming_hash) = 64),
        local               TEXT CHECK (local IS NULL OR json_valid(local)),
        bundle_exported_at  TEXT NOT NULL,
        created_at          TEXT NOT NULL,
        resolved_at         TEXT,
        resolution          TEXT CHECK (resolution IS NULL OR resolution IN ('mine', 'theirs', 'superseded')),
        CHECK ((resolved_at IS NULL) = (resolution IS NULL))
      ) STRICT;
      CREATE INDEX conflicts_open ON conflicts (entity, entity_id) WHERE resolved_at IS NULL;
    `);
  },
};
