import type { Migration } from '../types.ts';

/**
 * v4: plan templates of the user's own and plans (an engagement's filled-in template).
 *
 * - plan_templates: custom templates (the built-in ones are files in seeds/templates/ and never
 *   stored here); `body` is the whole validated template as JSON, `position` orders the list.
 * - plans: one per engagement. `template` is a snapshot of the template taken when the plan was
 *   created (or explicitly updated), so editing or deleting a custom template never breaks a plan.
 *   Deleting an engagement that has a plan is refused by the foreign key (RESTRICT): a plan is the
 *   user's work and is never dropped as a side effect.
 * - plan_answers: one row per answered question, the value as JSON. Answers are keyed by question
 *   id only, so an answer whose question left the template stays here (shown as orphaned).
 *   Every change is also recorded in `history` (entity 'plan', field 'answer.<questionId>').
 */
export const m0004: Migration = {
  version: 4,
  name: 'plans',
  up(db) {
    db.exec(`
      CREATE TABLE plan_templates (
        id          TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64 AND id NOT GLOB '*[^a-z0-9-]*'),
        body        TEXT NOT NULL CHECK (json_valid(body) AND json_type(body) = 'object'),
        position    INTEGER NOT NULL DEFAULT 0,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      ) STRICT;

      CREATE TABLE plans (
        engagement_id  TEXT PRIMARY KEY REFERENCES engagements (id) ON DELETE RESTRICT,
        template_id    TEXT NOT NULL,
        template       TEXT NOT NULL CHECK (json_valid(template) AND json_type(template) = 'object'),
        start_date     TEXT NOT NULL CHECK (start_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
        closed_phases  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(closed_phases) AND json_type(closed_phases) = 'array'),
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL
      ) STRICT;
      CREATE INDEX plans_by_template ON plans (template_id);

      CREATE TABLE plan_answers (
        engagement_id  TEXT NOT NULL REFERENCES plans (engagement_id) ON DELETE CASCADE,
        question_id    TEXT NOT NULL CHECK (length(question_id) BETWEEN 1 AND 64),
        value          TEXT NOT NULL CHECK (json_valid(value)),
        updated_at     TEXT NOT NULL,
        PRIMARY KEY (engagement_id, question_id)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
