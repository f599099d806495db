import { CaseRepo } from '../../cases/repo.ts';
import type { Migration } from '../types.ts';

/**
 * v6: the full-text indexes also hold each case's filter values (prefecture, 分野, technologies,
 * programs, fiscal year) as private-use tokens (electron/core/cases/facet-tokens.ts), so a search
 * with filters is one FTS5 expression. No table changes: both contentless indexes are rebuilt
 * from the case table (about 0.4 ms a case).
 */
export const m0006: Migration = {
  version: 6,
  name: 'case facet tokens',
  up(db) {
    new CaseRepo(db).reindexAll();
  },
};
