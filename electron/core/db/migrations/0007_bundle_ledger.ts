import type { Migration } from '../types.ts';

/**
 * v7: the bundle ledger — this machine's own record of which version (content hash) of each
 * record it handed out in a bundle ('exported') or took in from one ('imported').
 *
 * A bundle says which version each record started from (`base`), but a file can say anything:
 * its checksum and hashes prove that it is consistent, not that its claims are true. An import
 * therefore believes a `base` only when the ledger shows that this machine itself exported or
 * imported that very version of that very record (electron/core/bundles/service.ts).
 *
 * One row per (record, version, direction), written once (first_at: when it first happened);
 * a record's versions are few (one per exchanged edit), so the table stays small. Not user
 * data: losing it only turns a later import's clean update into a conflict the user resolves.
 * Kept self-contained on purpose: a general change log would replace it, not build on it.
 *
 * Versions this machine received before v7 are copied from sync_state ('imported'); what it
 * exported before v7 was never recorded, so a record exported before the upgrade that comes
 * back edited is a conflict (both versions kept), not an update.
 */
export const m0007: Migration = {
  version: 7,
  name: 'bundle ledger',
  up(db) {
    db.exec(`
      CREATE TABLE bundle_ledger (
        entity     TEXT NOT NULL CHECK (entity IN ('client', 'engagement', 'logEntry', 'plan', 'planAnswer', 'case', 'synonyms')),
        entity_id  TEXT NOT NULL CHECK (length(entity_id) BETWEEN 1 AND 200),
        hash       TEXT NOT NULL CHECK (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*'),
        direction  TEXT NOT NULL CHECK (direction IN ('exported', 'imported')),
        first_at   TEXT NOT NULL,
        PRIMARY KEY (entity, entity_id, hash, direction)
      ) STRICT, WITHOUT ROWID;

      INSERT INTO bundle_ledger (entity, entity_id, hash, direction, first_at)
        SELECT entity, entity_id, hash, 'imported', synced_at FROM sync_state;
    `);
  },
};
