import { CaseRepo, titleKey } from '../../cases/repo.ts';
import type { Migration } from '../types.ts';

/**
 * v8: search is a plain substring search over normalised text (issue 12). What is indexed
 * changed, so both contentless full-text indexes are rebuilt from the case table:
 * - symbols, punctuation and emoji are part of the side index's tokens (they were separators);
 * - each value of a case is indexed on its own (a phrase no longer matches across two values);
 * - NUL, control characters and the supplementary private-use planes (the facet-token marks)
 *   are removed from indexed text, so no case text can match a filter it does not have.
 * title_key (matching an import row without id) is normalised the same way, so it is
 * recomputed for the rows whose key changed.
 */
export const m0008: Migration = {
  version: 8,
  name: 'case search text',
  up(db) {
    const rows = db.prepare('SELECT seq, title, municipality, title_key FROM cases').all() as { seq: number; title: string; municipality: string; title_key: string }[];
    const set = db.prepare('UPDATE cases SET title_key = ? WHERE seq = ?');
    for (const r of rows) {
      const key = titleKey(r.title, r.municipality);
      if (key !== r.title_key) set.run(key, r.seq);
    }
    new CaseRepo(db).reindexAll();
  },
};
