import type { Migration } from '../types.ts';

/** The synonym groups every new database starts with (also how a bundle tells untouched synonyms). */
export const DEFAULT_SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['テレワーク', 'リモートワーク', '在宅勤務'],
  ['サテライトオフィス', 'シェアオフィス', 'コワーキング'],
  ['DX', 'デジタル化'],
  ['自動運転', '無人運転'],
  ['キャッシュレス', '電子決済'],
  ['ローカル5G', '地域5G'],
];

/**
 * v2: the case library.
 * - cases: one row per case; list fields as JSON arrays.
 * - cases_tri: FTS5 trigram index over normalised text (terms of 3+ characters).
 * - cases_bi: FTS5 side index over the same text cut into bigrams (shared/search/normalize.ts
 *   bigramTokens), so 1–2 character terms (教育, AI) are index look-ups, not scans.
 *   Both are contentless (snippets are cut from the original text in the core). The side
 *   index's text is already cut into space-separated, lower-cased tokens of word characters, so
 *   the plain 'ascii' tokenizer (spaces split, every non-ASCII character is part of a token)
 *   reads it as is, a third faster than unicode61 on imports.
 * Filters and facet counts run over an in-memory index of the facet columns
 * (electron/core/cases/filter-index.ts), so they need no table of their own.
 * - synonyms: groups the user can extend; applied to query terms.
 * - seed_state: which seed cases were loaded, their content hash, and tombstones for
 *   seed cases the user deleted (never resurrected by an upgrade).
 */
export const m0002: Migration = {
  version: 2,
  name: 'cases',
  up(db) {
    db.exec(`
      CREATE TABLE cases (
        seq               INTEGER PRIMARY KEY,
        id                TEXT NOT NULL UNIQUE,
        title             TEXT NOT NULL,
        summary           TEXT NOT NULL DEFAULT '',
        body              TEXT NOT NULL DEFAULT '',
        prefecture        TEXT NOT NULL DEFAULT '',
        municipality      TEXT NOT NULL DEFAULT '',
        organization      TEXT NOT NULL DEFAULT '',
        organization_type TEXT NOT NULL DEFAULT '',
        fields            TEXT NOT NULL DEFAULT '[]',
        technologies      TEXT NOT NULL DEFAULT '[]',
        programs          TEXT NOT NULL DEFAULT '[]',
        fiscal_year       INTEGER,
        size              TEXT NOT NULL DEFAULT '',
        outcomes          TEXT NOT NULL DEFAULT '[]',
        sources           TEXT NOT NULL DEFAULT '[]',
        tags              TEXT NOT NULL DEFAULT '[]',
        origin            TEXT NOT NULL CHECK (origin IN ('seed', 'user', 'import')),
        user_modified     INTEGER NOT NULL DEFAULT 0,
        title_key         TEXT NOT NULL,
        created_at        TEXT NOT NULL,
        updated_at        TEXT NOT NULL
      ) STRICT;
      CREATE INDEX cases_by_year ON cases (fiscal_year);
      CREATE INDEX cases_by_prefecture ON cases (prefecture);
      CREATE INDEX cases_by_title_key ON cases (title_key);

      CREATE VIRTUAL TABLE cases_tri USING fts5(
        title, text, tokenize = 'trigram', content = '', contentless_delete = 1
      );
      CREATE VIRTUAL TABLE cases_bi USING fts5(
        title, text, tokenize = 'ascii', prefix = '1', content = '', contentless_delete = 1
      );

      CREATE TABLE synonyms (
        grp  INTEGER NOT NULL,
        term TEXT NOT NULL,
        PRIMARY KEY (grp, term)
      ) STRICT;

      CREATE TABLE seed_state (
        kind    TEXT NOT NULL,
        seed_id TEXT NOT NULL,
        hash    TEXT NOT NULL,
        state   TEXT NOT NULL CHECK (state IN ('present', 'deleted')),
        PRIMARY KEY (kind, seed_id)
      ) STRICT;
    `);
    // A larger in-memory term buffer per FTS5 index: fewer, larger segments on bulk imports.
    db.exec(`INSERT INTO cases_tri (cases_tri, rank) VALUES ('hashsize', ${32 * 1024 * 1024})`);
    db.exec(`INSERT INTO cases_bi (cases_bi, rank) VALUES ('hashsize', ${32 * 1024 * 1024})`);
    const ins = db.prepare('INSERT INTO synonyms (grp, term) VALUES (?, ?)');
    DEFAULT_SYNONYM_GROUPS.forEach((g, i) => g.forEach((t) => ins.run(i + 1, t)));
  },
};
