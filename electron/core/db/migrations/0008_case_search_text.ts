import type { Migration } from '../types.ts';

/**
 * v8: search is a plain substring search over normalised text (issue 12). What is indexed
 * changed (symbols, punctuation and emoji are part of the side index's tokens; each value of a
 * case is indexed on its own; NUL, control characters and the supplementary private-use planes are
 * removed from indexed text), and the import match key `title_key` follows the same normaliser.
 * No table changes.
 *
 * Both are derived data. This version used to rebuild them by calling the case repository, so
 * what it did changed with the application code; the rebuild (indexes and title keys) is now the
 * derived step 'case-index' (electron/core/data/derived.ts), which v9 marks as due for every
 * database older than v8.
 */
export const m0008: Migration = {
  version: 8,
  name: 'case search text',
  up() {
    /* the rebuild is the derived step 'case-index' */
  },
};
