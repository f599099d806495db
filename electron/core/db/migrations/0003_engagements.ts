import type { Migration } from '../types.ts';

const DATE = (col: string) => `${col} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`;

/**
 * v3: clients (支援先), engagements (案件), the engagement log (支援記録) and its next actions,
 * and cases attached to engagements. Every change to these rows is recorded field by field in
 * `history` (v1) by the core, in the same transaction.
 *
 * - Deleting a client that has engagements, or an engagement that has log entries, is refused by
 *   the foreign keys (RESTRICT); the core deletes entries explicitly when asked to.
 * - Deleting a case drops its attachments (the attachment is not user data of its own).
 * - log_entries.over_quota is derived (see shared/domain/quota.ts) and kept current by the core.
 * - Indexes serve: entries of an engagement by date (covering the quota sums); entries by date
 *   (dashboard months, yearly report); engagements of a client and of a program; open next
 *   actions by due date (next_actions.engagement_id is denormalised for that count).
 */
export const m0003: Migration = {
  version: 3,
  name: 'engagements',
  up(db) {
    db.exec(`
      CREATE TABLE clients (
        id               TEXT PRIMARY KEY,
        name             TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        kind             TEXT NOT NULL CHECK (kind IN ('prefecture', 'designated-city', 'core-city', 'special-ward', 'municipality',
                           'association', 'gov-funded-corp', 'nonprofit', 'company', 'other')),
        prefecture       TEXT NOT NULL,
        population       INTEGER CHECK (population IS NULL OR population >= 0),
        fiscal_strength  REAL CHECK (fiscal_strength IS NULL OR (fiscal_strength >= 0 AND fiscal_strength <= 3)),
        employees        INTEGER CHECK (employees IS NULL OR employees >= 0),
        capital_yen      INTEGER CHECK (capital_yen IS NULL OR capital_yen >= 0),
        industry         TEXT NOT NULL DEFAULT '',
        notes            TEXT NOT NULL DEFAULT '',
        contacts         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(contacts) AND json_type(contacts) = 'array'),
        partner_municipalities TEXT CHECK (partner_municipalities IS NULL OR (json_valid(partner_municipalities) AND json_type(partner_municipalities) = 'array')),
        previous_partner_municipalities INTEGER CHECK (previous_partner_municipalities IS NULL OR previous_partner_municipalities >= 0),
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL
      ) STRICT;
      CREATE INDEX clients_by_name ON clients (name);

      CREATE TABLE engagements (
        id           TEXT PRIMARY KEY,
        client_id    TEXT NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
        program      TEXT NOT NULL CHECK (program IN ('telework', 'plan-a', 'plan-b', 'system-building', 'advisor', 'other')),
        title        TEXT NOT NULL DEFAULT '',
        advisors     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(advisors) AND json_type(advisors) = 'array'),
        start_date   TEXT NOT NULL CHECK (${DATE('start_date')}),
        planned_end  TEXT CHECK (planned_end IS NULL OR (${DATE('planned_end')} AND planned_end >= start_date)),
        status       TEXT NOT NULL CHECK (status IN ('preparing', 'active', 'done', 'cancelled')),
        notes        TEXT NOT NULL DEFAULT '',
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL
      ) STRICT;
      CREATE INDEX engagements_by_client ON engagements (client_id, program, start_date);
      CREATE INDEX engagements_by_status ON engagements (status, program);
      CREATE INDEX engagements_by_program ON engagements (program, client_id);

      CREATE TABLE log_entries (
        id             TEXT PRIMARY KEY,
        engagement_id  TEXT NOT NULL REFERENCES engagements (id) ON DELETE RESTRICT,
        date           TEXT NOT NULL CHECK (${DATE('date')}),
        start_time     TEXT CHECK (start_time IS NULL OR start_time GLOB '[0-2][0-9]:[0-5][0-9]'),
        mode           TEXT NOT NULL CHECK (mode IN ('visit', 'online', 'phone', 'email')),
        minutes        INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
        place          TEXT NOT NULL DEFAULT '',
        attendees      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(attendees) AND json_type(attendees) = 'array'),
        topics         TEXT NOT NULL DEFAULT '',
        notes          TEXT NOT NULL DEFAULT '',
        decisions      TEXT NOT NULL DEFAULT '',
        over_quota     INTEGER NOT NULL DEFAULT 0 CHECK (over_quota IN (0, 1)),
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL
      ) STRICT;
      -- Covering for the per-engagement totals and the quota sums (mode, minutes).
      CREATE INDEX log_by_engagement ON log_entries (engagement_id, date, mode, minutes);
      -- Covering index for the dashboard's months and the fiscal-year scans.
      CREATE INDEX log_by_date ON log_entries (date, mode, minutes, engagement_id);

      CREATE TABLE next_actions (
        id            TEXT PRIMARY KEY,
        log_entry_id  TEXT NOT NULL REFERENCES log_entries (id) ON DELETE CASCADE,
        -- The entry's engagement, kept in step by the core, so open actions are counted without joins.
        engagement_id TEXT NOT NULL REFERENCES engagements (id),
        position      INTEGER NOT NULL CHECK (position >= 0),
        task          TEXT NOT NULL CHECK (length(task) BETWEEN 1 AND 500),
        owner         TEXT NOT NULL DEFAULT '',
        due           TEXT CHECK (due IS NULL OR ${DATE('due')}),
        done          INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1))
      ) STRICT;
      CREATE INDEX next_actions_by_entry ON next_actions (log_entry_id, position);
      CREATE INDEX next_actions_open ON next_actions (due, engagement_id) WHERE done = 0;

      CREATE TABLE engagement_cases (
        engagement_id TEXT NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
        case_id       TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        attached_at   TEXT NOT NULL,
        PRIMARY KEY (engagement_id, case_id)
      ) STRICT;
      CREATE INDEX engagement_cases_by_case ON engagement_cases (case_id);
    `);
  },
};
