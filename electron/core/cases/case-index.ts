import type { CaseInput } from '../../../shared/domain/case.ts';
import { bigramTokens, normalizeText, normalizeValues } from '../../../shared/search/normalize.ts';
import type { DB } from '../db/types.ts';
import { caseFacetTokens } from './facet-tokens.ts';

/**
 * The case library's one full-text index (issue 17): an FTS5 table with the 'ascii' tokenizer
 * over the bigram spelling of each case's normalised text (shared/search/normalize.ts,
 * bigramTokens), plus its filter values as facet tokens (facet-tokens.ts). Every search word is
 * a phrase of its bigrams (one token for two characters, a prefix token for one), so 3+
 * character words need no trigram index of their own. Contentless: the text lives in `cases`.
 *
 * Every write of the index goes through CaseIndex (insert, remove, clear, bulk), so how the
 * library is indexed is decided in this one file.
 */
export const CASE_INDEX = 'cases_bi';

/**
 * The searchable text of a case, normalised once here for the full-text index: the title, and every
 * other value (summary, body, prefecture, municipality, organisation, each 分野, technology,
 * program and tag, size, each outcome) normalised on its own and joined by VALUE_SEPARATOR
 * (normalizeValues), so a phrase matches inside one value, never across two.
 */
export function searchText(c: CaseInput): { title: string; text: string } {
  const values = [
    c.summary,
    c.body,
    c.prefecture,
    c.municipality,
    c.organization,
    ...c.fields,
    ...c.technologies,
    ...c.programs,
    ...c.tags,
    c.size,
    ...c.outcomes.map((o) => `${o.label} ${o.value}${o.unit}`),
  ];
  return { title: normalizeText(c.title), text: normalizeValues(values) };
}

/** The indexed columns of one case: the title's tokens, and the other values' tokens with the facet tokens. */
export function indexedColumns(c: CaseInput): { title: string; text: string } {
  const t = searchText(c);
  return { title: bigramTokens(t.title), text: `${bigramTokens(t.text)} ${caseFacetTokens(c)}` };
}

/** FTS5 'automerge' while no bulk write runs (SQLite's default). */
const AUTOMERGE = 4;

export class CaseIndex {
  private readonly s;
  private readonly db: DB;
  private bulkDepth = 0;
  /** While true, writes leave the index alone (a preview or an import that will be rolled back). */
  paused = false;

  constructor(db: DB) {
    this.db = db;
    this.s = {
      ins: db.prepare(`INSERT INTO ${CASE_INDEX} (rowid, title, text) VALUES (?, ?, ?)`),
      del: db.prepare(`DELETE FROM ${CASE_INDEX} WHERE rowid = ?`),
      // Integers as BigInt: FTS5 refuses a setting bound as a JavaScript number (a double).
      config: db.prepare(`INSERT INTO ${CASE_INDEX} (${CASE_INDEX}, rank) VALUES (?, ?)`),
    };
  }

  insert(seq: number, c: CaseInput): void {
    if (this.paused) return;
    const { title, text } = indexedColumns(c);
    this.s.ins.run(seq, title, text);
  }

  remove(seq: number): void {
    if (this.paused) return;
    this.s.del.run(seq);
  }

  /** Empty the index ('delete-all' empties a contentless FTS5 table in one step). */
  clear(): void {
    this.db.prepare(`INSERT INTO ${CASE_INDEX} (${CASE_INDEX}) VALUES ('delete-all')`).run();
  }

  /**
   * Run `fn` (inside the caller's transaction) as a bulk write: FTS5's automerge is off while it
   * runs, so the segments each flush of the term buffer writes are not merged again and again
   * while the import goes on, and merged once at the end (the settings are rows of the index's
   * config table, so a rollback restores them).
   */
  bulk<T>(fn: () => T): T {
    if (this.bulkDepth > 0) return fn();
    this.bulkDepth++;
    try {
      this.s.config.run('automerge', 0n);
      const out = fn();
      this.s.config.run('merge', -16n);
      this.s.config.run('automerge', BigInt(AUTOMERGE));
      return out;
    } finally {
      this.bulkDepth--;
    }
  }
}
