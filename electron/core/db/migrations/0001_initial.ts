import type { Migration } from '../types.ts';

/** v1: settings and the append-only change history every feature writes to. */
export const m0001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE history (
        id        INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        entity    TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        field     TEXT NOT NULL,
        old_value TEXT,
        new_value TEXT
      ) STRICT;
      CREATE INDEX history_by_record ON history (entity, entity_id, id);

      CREATE TRIGGER history_no_update BEFORE UPDATE ON history
        BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
      CREATE TRIGGER history_no_delete BEFORE DELETE ON history
        BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
    `);
  },
};
