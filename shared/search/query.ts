import { cpLength, normalizeKeepCase, normalizeText } from './normalize.ts';

export interface QueryTerm {
  /** Normalised text of the word or phrase. */
  text: string;
  phrase: boolean;
  negated: boolean;
}

/** Words joined by OR: a case matches when it holds any of them (an excluded word stands alone). */
export interface QueryClause {
  terms: QueryTerm[];
  negated: boolean;
}

/**
 * Parse a search box string into clauses that are ANDed (normalised first, so NUL and the index's
 * marks are gone):
 * - words separated by spaces are ANDed; a bare AND between them says the same and is dropped;
 * - a bare OR or | between two words makes them one clause (either may match): `テレワーク OR 教育`,
 *   `テレワーク | 教育 観光` = (テレワーク or 教育) and 観光. OR next to an excluded word, at either end
 *   or doubled means nothing (still being typed). OR and AND are operators only in capitals;
 * - a trailing * on a word is dropped (`テレ*`): every word already matches inside longer words;
 * - "…" (also “…” and 「…」, closed or not) is an exact phrase, where OR, | and * are literal;
 * - a leading - excludes a word or phrase.
 * Any other character is literal: c#, "-a", x" and -- (which excludes "-") are searched as
 * written. A lone - (an exclusion still being typed) and an empty phrase are ignored.
 */
export function parseClauses(input: string): QueryClause[] {
  const s = normalizeKeepCase(input).trim();
  type Tok = { op: 'or' | 'and' } | { term: QueryTerm };
  const toks: Tok[] = [];
  const re = /(-?)(?:"([^"]*)"?|“([^”]*)”?|「([^」]*)」?|(\S+))/gu;
  for (const m of s.matchAll(re)) {
    const negated = m[1] === '-';
    const quoted = m[2] ?? m[3] ?? m[4];
    const phrase = quoted !== undefined;
    let raw = quoted ?? m[5] ?? '';
    if (!phrase && !negated && (raw === 'OR' || raw === '|')) {
      toks.push({ op: 'or' });
      continue;
    }
    if (!phrase && !negated && raw === 'AND') {
      toks.push({ op: 'and' });
      continue;
    }
    if (!phrase && /[^*]\*+$/u.test(raw)) raw = raw.replace(/\*+$/u, '');
    const text = normalizeText(raw).trim();
    if (text === '' || m[0] === '-') continue;
    toks.push({ term: { text, phrase, negated } });
  }
  const clauses: QueryClause[] = [];
  let joinNext = false;
  for (const t of toks) {
    if ('op' in t) {
      joinNext = t.op === 'or';
      continue;
    }
    const last = clauses[clauses.length - 1];
    if (joinNext && last && !last.negated && !t.term.negated) last.terms.push(t.term);
    else clauses.push({ terms: [t.term], negated: t.term.negated });
    joinNext = false;
  }
  return dedupeClauses(clauses);
}

/** The words of a query, each once (for highlighting and the bench); parseClauses tells how they combine. */
export function parseQuery(input: string): QueryTerm[] {
  return dedupe(parseClauses(input).flatMap((c) => c.terms));
}

function dedupeClauses(clauses: QueryClause[]): QueryClause[] {
  const seen = new Set<string>();
  const out: QueryClause[] = [];
  for (const c of clauses) {
    const terms = dedupe(c.terms);
    const k = `${c.negated ? '-' : '+'}${terms.map((t) => t.text).sort().join('\u0000')}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ terms, negated: c.negated });
  }
  return out;
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

/** A term as it is typed back into the search box. */
function written(t: QueryTerm): string {
  const body = t.phrase || /\s/.test(t.text) ? `"${t.text}"` : t.text;
  return `${t.negated ? '-' : ''}${body}`;
}

/**
 * Other queries to try when a query found nothing, widest first and none equal to the query: the
 * words joined by OR (exclusions dropped), the query without its exclusions, each word alone.
 * The search box offers those that find something (the renderer asks for their counts).
 */
export function querySuggestions(input: string, max = 4): string[] {
  const clauses = parseClauses(input);
  const positive = clauses.filter((c) => !c.negated);
  const clauseText = (c: QueryClause) => c.terms.map(written).join(' OR ');
  const out: string[] = [];
  const add = (q: string) => {
    if (q !== '' && !out.includes(q)) out.push(q);
  };
  const terms = dedupe(positive.flatMap((c) => c.terms));
  if (terms.length > 1) add(terms.map(written).join(' OR '));
  if (clauses.some((c) => c.negated) && positive.length > 0) add(positive.map(clauseText).join(' '));
  for (const t of terms) add(written(t));
  const self = clauses.map((c) => (c.negated ? written(c.terms[0]!) : clauseText(c))).join(' ');
  return out.filter((q) => q !== self).slice(0, max);
}
