import type { Migration } from '../types.ts';

/**
 * v10: the plan document as the municipality's own (issue 16).
 *
 * - plan_documents: per plan, the document's settings (title, 素案 / 案 / 確定版, plan period,
 *   department, cover date) as validated JSON (shared/domain/plan-doc.ts), and the municipality's
 *   reference .docx (様式) whose styles, margins, fonts, header/footer and numbering the export
 *   takes. Deleted with the plan.
 * - log_entries.shareable: the user marks an entry as shareable (共有可); only those entries appear
 *   in the plan's 策定経過. Existing entries stay internal (0).
 */
export const PLAN_DOCUMENTS_VERSION = 12;

export const m0012: Migration = {
  version: PLAN_DOCUMENTS_VERSION,
  name: 'plan documents',
  up(db) {
    db.exec(`
      CREATE TABLE plan_documents (
        engagement_id   TEXT PRIMARY KEY REFERENCES plans (engagement_id) ON DELETE CASCADE,
        settings        TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings) AND json_type(settings) = 'object'),
        reference_name  TEXT,
        reference_docx  BLOB,
        updated_at      TEXT NOT NULL
      ) STRICT;
      ALTER TABLE log_entries ADD COLUMN shareable INTEGER NOT NULL DEFAULT 0 CHECK (shareable IN (0, 1));
    `);
  },
};
