import { cpLength, normalizeText } from './normalize.ts';

export interface QueryTerm {
  /** Normalised text of the word or phrase. */
  text: string;
  phrase: boolean;
  negated: boolean;
}

/**
 * Parse a search box string (normalised first, so NUL and the index's marks are gone): words
 * separated by spaces are ANDed, "…" (also “…” and 「…」, closed or not) is an exact phrase, a
 * leading - excludes a word or phrase. Any other character is literal: c#, "-a", x" and -- (which
 * excludes "-") are searched as written. A lone - (an exclusion still being typed) and an empty
 * phrase are ignored.
 */
export function parseQuery(input: string): QueryTerm[] {
  const s = normalizeText(input).trim();
  const terms: QueryTerm[] = [];
  const re = /(-?)(?:"([^"]*)"?|“([^”]*)”?|「([^」]*)」?|(\S+))/gu;
  for (const m of s.matchAll(re)) {
    const negated = m[1] === '-';
    const quoted = m[2] ?? m[3] ?? m[4];
    const phrase = quoted !== undefined;
    const text = (quoted ?? m[5] ?? '').trim();
    if (text === '' || m[0] === '-') continue;
    terms.push({ text, phrase, negated });
  }
  return dedupe(terms);
}

function dedupe(terms: QueryTerm[]): QueryTerm[] {
  const seen = new Set<string>();
  return terms.filter((t) => {
    const k = `${t.negated ? '-' : '+'}${t.text}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Synonym groups, normalised; a term expands to every member of the groups it belongs to. */
export class SynonymTable {
  private readonly byTerm = new Map<string, Set<string>>();
  constructor(groups: readonly (readonly string[])[]) {
    for (const g of groups) {
      const members = [...new Set(g.map((w) => normalizeText(w).trim()).filter(Boolean))];
      for (const w of members) {
        const set = this.byTerm.get(w) ?? new Set<string>();
        for (const x of members) set.add(x);
        this.byTerm.set(w, set);
      }
    }
  }
  expand(term: string): string[] {
    const set = this.byTerm.get(term);
    if (!set) return [term];
    return [term, ...[...set].filter((x) => x !== term)];
  }
}

/** Which index serves a term: trigram FTS for 3+ characters, the bigram side index below that. */
export function termIndex(text: string): 'trigram' | 'bigram' | 'unigram' {
  const n = cpLength(text);
  if (n >= 3) return 'trigram';
  return n === 2 ? 'bigram' : 'unigram';
}
