import type { Migration } from '../types.ts';

/**
 * v15: the global search keeps one index. Since v13 every word is answered from the bigram index
 * (`gsearch_bi`), as the case library is; the trigram index `gsearch_tri` was still written for
 * every indexed record and never read. Dropping it loses nothing: it held only derived tokens
 * (contentless), and the documents table and the bigram index stay as they are.
 */
export const m0015: Migration = {
  version: 15,
  name: 'global search one index',
  up(db) {
    db.exec('DROP TABLE IF EXISTS gsearch_tri');
  },
};
