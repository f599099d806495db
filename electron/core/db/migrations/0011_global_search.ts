import type { Migration } from '../types.ts';

/**
 * The global search (Ctrl+K, `search.global`): one full-text index over the records that are not
 * cases (clients, engagements, log entries, plan answers, templates); cases keep their own index.
 *
 * The search normalises text in JavaScript (NFKC, case folding, synonyms: shared/search/), which
 * SQL cannot do, so the index is kept current in two steps:
 * - triggers on every indexed table put the changed record's key into `gsearch_dirty`, in the
 *   same transaction as the change, whatever code made it (a repo, a bundle import, a restore);
 * - before each search the core (electron/core/search/repo.ts) reads the dirty records, indexes
 *   them anew (or drops them when they are gone) and empties the queue.
 * A new database and an upgraded one start with every existing record in the queue.
 *
 * - gsearch_docs: one row per indexed record; its id is the rowid in both FTS5 tables. Each kind
 *   has its own id range (kind number × 2^40), so a search per kind is a rowid range inside FTS5,
 *   and the ids order the results (ascending = newest first): log entries by their date, other
 *   records by when their text last changed (a record indexed anew gets a new id).
 * - Update triggers fire only when an indexed column changed (not for derived columns such as
 *   log_entries.over_quota or a bare updated_at).
 * - gsearch_tri / gsearch_bi: contentless FTS5, the same layout as the case indexes
 *   (cases_tri / cases_bi, v2): trigram for words of 3+ characters, the bigram side index for
 *   1–2 character words; the case search's query plan runs on them unchanged.
 * - gsearch_meta: e.g. the fingerprint of the built-in templates last indexed.
 *
 * Self-contained on purpose (no application imports): the number may change at a merge.
 */
export const GLOBAL_SEARCH_VERSION = 11;

/**
 * Queue a record's key unless it is queued already. Written as INSERT … WHERE NOT EXISTS, never
 * as INSERT OR IGNORE / ON CONFLICT: a trigger's own conflict clause is overridden by the
 * statement that fired it (an UPSERT or INSERT OR ABORT would turn a queued key into an error).
 */
function queue(kind: string, ref: string, sub: string): string {
  return `INSERT INTO gsearch_dirty (kind, ref, sub) SELECT ${kind}, ${ref}, ${sub}
          WHERE NOT EXISTS (SELECT 1 FROM gsearch_dirty WHERE kind = ${kind} AND ref = ${ref} AND sub = ${sub});`;
}

export const m0011: Migration = {
  version: GLOBAL_SEARCH_VERSION,
  name: 'global search',
  up(db) {
    db.exec(`
      CREATE TABLE gsearch_docs (
        id             INTEGER PRIMARY KEY,
        kind           TEXT NOT NULL,
        ref            TEXT NOT NULL,
        sub            TEXT NOT NULL DEFAULT '',
        engagement_id  TEXT,
        -- The normalised title, to put title matches first among the newest matches.
        title          TEXT NOT NULL DEFAULT '',
        UNIQUE (kind, ref, sub)
      ) STRICT;

      CREATE TABLE gsearch_dirty (
        kind  TEXT NOT NULL,
        ref   TEXT NOT NULL,
        sub   TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (kind, ref, sub)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE gsearch_meta (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL
      ) STRICT;

      CREATE VIRTUAL TABLE gsearch_tri USING fts5(
        title, text, tokenize = 'trigram', content = '', contentless_delete = 1
      );
      CREATE VIRTUAL TABLE gsearch_bi USING fts5(
        title, text, tokenize = 'ascii', prefix = '1', content = '', contentless_delete = 1
      );

      CREATE TRIGGER gsearch_client_ins AFTER INSERT ON clients BEGIN
        ${queue(`'client'`, `NEW.id`, `''`)}
      END;
      CREATE TRIGGER gsearch_client_upd AFTER UPDATE ON clients
        WHEN OLD.id IS NOT NEW.id OR OLD.name IS NOT NEW.name OR OLD.kind IS NOT NEW.kind OR OLD.prefecture IS NOT NEW.prefecture OR OLD.industry IS NOT NEW.industry OR OLD.notes IS NOT NEW.notes OR OLD.contacts IS NOT NEW.contacts BEGIN
        ${queue(`'client'`, `OLD.id`, `''`)}
        ${queue(`'client'`, `NEW.id`, `''`)}
        -- An engagement is also found by its client's name.
        INSERT INTO gsearch_dirty (kind, ref) SELECT 'engagement', id FROM engagements e WHERE e.client_id = NEW.id
          AND NOT EXISTS (SELECT 1 FROM gsearch_dirty d WHERE d.kind = 'engagement' AND d.ref = e.id AND d.sub = '');
      END;
      CREATE TRIGGER gsearch_client_del AFTER DELETE ON clients BEGIN
        ${queue(`'client'`, `OLD.id`, `''`)}
      END;

      CREATE TRIGGER gsearch_engagement_ins AFTER INSERT ON engagements BEGIN
        ${queue(`'engagement'`, `NEW.id`, `''`)}
      END;
      CREATE TRIGGER gsearch_engagement_upd AFTER UPDATE ON engagements
        WHEN OLD.id IS NOT NEW.id OR OLD.client_id IS NOT NEW.client_id OR OLD.program IS NOT NEW.program OR OLD.title IS NOT NEW.title OR OLD.advisors IS NOT NEW.advisors OR OLD.notes IS NOT NEW.notes BEGIN
        ${queue(`'engagement'`, `OLD.id`, `''`)}
        ${queue(`'engagement'`, `NEW.id`, `''`)}
      END;
      CREATE TRIGGER gsearch_engagement_del AFTER DELETE ON engagements BEGIN
        ${queue(`'engagement'`, `OLD.id`, `''`)}
      END;

      CREATE TRIGGER gsearch_log_ins AFTER INSERT ON log_entries BEGIN
        ${queue(`'log'`, `NEW.id`, `''`)}
      END;
      CREATE TRIGGER gsearch_log_upd AFTER UPDATE ON log_entries
        WHEN OLD.id IS NOT NEW.id OR OLD.engagement_id IS NOT NEW.engagement_id OR OLD.date IS NOT NEW.date OR OLD.mode IS NOT NEW.mode OR OLD.place IS NOT NEW.place OR OLD.attendees IS NOT NEW.attendees OR OLD.topics IS NOT NEW.topics OR OLD.notes IS NOT NEW.notes OR OLD.decisions IS NOT NEW.decisions BEGIN
        ${queue(`'log'`, `OLD.id`, `''`)}
        ${queue(`'log'`, `NEW.id`, `''`)}
      END;
      CREATE TRIGGER gsearch_log_del AFTER DELETE ON log_entries BEGIN
        ${queue(`'log'`, `OLD.id`, `''`)}
      END;

      -- A log entry is also found by its next actions.
      CREATE TRIGGER gsearch_action_ins AFTER INSERT ON next_actions BEGIN
        ${queue(`'log'`, `NEW.log_entry_id`, `''`)}
      END;
      CREATE TRIGGER gsearch_action_upd AFTER UPDATE ON next_actions
        WHEN OLD.log_entry_id IS NOT NEW.log_entry_id OR OLD.task IS NOT NEW.task OR OLD.owner IS NOT NEW.owner BEGIN
        ${queue(`'log'`, `OLD.log_entry_id`, `''`)}
        ${queue(`'log'`, `NEW.log_entry_id`, `''`)}
      END;
      CREATE TRIGGER gsearch_action_del AFTER DELETE ON next_actions BEGIN
        ${queue(`'log'`, `OLD.log_entry_id`, `''`)}
      END;

      CREATE TRIGGER gsearch_answer_ins AFTER INSERT ON plan_answers BEGIN
        ${queue(`'plan'`, `NEW.engagement_id`, `NEW.question_id`)}
      END;
      CREATE TRIGGER gsearch_answer_upd AFTER UPDATE ON plan_answers
        WHEN OLD.engagement_id IS NOT NEW.engagement_id OR OLD.question_id IS NOT NEW.question_id OR OLD.value IS NOT NEW.value BEGIN
        ${queue(`'plan'`, `OLD.engagement_id`, `OLD.question_id`)}
        ${queue(`'plan'`, `NEW.engagement_id`, `NEW.question_id`)}
      END;
      CREATE TRIGGER gsearch_answer_del AFTER DELETE ON plan_answers BEGIN
        ${queue(`'plan'`, `OLD.engagement_id`, `OLD.question_id`)}
      END;

      CREATE TRIGGER gsearch_template_ins AFTER INSERT ON plan_templates BEGIN
        ${queue(`'template'`, `NEW.id`, `''`)}
      END;
      CREATE TRIGGER gsearch_template_upd AFTER UPDATE ON plan_templates
        WHEN OLD.id IS NOT NEW.id OR OLD.body IS NOT NEW.body BEGIN
        ${queue(`'template'`, `OLD.id`, `''`)}
        ${queue(`'template'`, `NEW.id`, `''`)}
      END;
      CREATE TRIGGER gsearch_template_del AFTER DELETE ON plan_templates BEGIN
        ${queue(`'template'`, `OLD.id`, `''`)}
      END;

      INSERT OR IGNORE INTO gsearch_dirty (kind, ref) SELECT 'client', id FROM clients;
      INSERT OR IGNORE INTO gsearch_dirty (kind, ref) SELECT 'engagement', id FROM engagements;
      INSERT OR IGNORE INTO gsearch_dirty (kind, ref) SELECT 'log', id FROM log_entries ORDER BY date, id;
      INSERT OR IGNORE INTO gsearch_dirty (kind, ref, sub) SELECT 'plan', engagement_id, question_id FROM plan_answers;
      INSERT OR IGNORE INTO gsearch_dirty (kind, ref) SELECT 'template', id FROM plan_templates;
    `);
    db.exec(`INSERT INTO gsearch_tri (gsearch_tri, rank) VALUES ('hashsize', ${8 * 1024 * 1024})`);
    db.exec(`INSERT INTO gsearch_bi (gsearch_bi, rank) VALUES ('hashsize', ${8 * 1024 * 1024})`);
  },
};
