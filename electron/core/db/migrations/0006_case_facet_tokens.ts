import type { Migration } from '../types.ts';

/**
 * v6: the full-text indexes also hold each case's filter values (prefecture, 分野, technologies,
 * programs, fiscal year) as private-use tokens (electron/core/cases/facet-tokens.ts), so a search
 * with filters is one FTS5 expression. No table changes.
 *
 * This version used to rebuild both indexes by calling the case repository, so what it did
 * changed with the application code. The rebuild is now the derived step 'case-index'
 * (electron/core/data/derived.ts), which v9 marks as due for every database older than v8; this
 * migration changes nothing, as it always did to the schema.
 */
export const m0006: Migration = {
  version: 6,
  name: 'case facet tokens',
  up() {
    /* the index rebuild is the derived step 'case-index' */
  },
};
