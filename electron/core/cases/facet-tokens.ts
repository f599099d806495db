import type { CaseFilters } from '../../../shared/contract/cases.ts';
import type { CaseInput } from '../../../shared/domain/case.ts';

/**
 * Filter values as tokens inside both full-text indexes, so that "a word AND a filter" is one
 * FTS5 expression: FTS5 then walks the shorter doclist and seeks in the longer one, instead of
 * handing every match of a frequent word to JavaScript to be intersected with a bitset
 * (a frequent 2-character word has ~75k matches at 100k cases: ~20 ms just to read them out).
 *
 * A token is a kind mark, the value's UTF-16 code units moved one by one into the
 * supplementary private use planes (so the mapping is exact and reversible, never a hash),
 * and an end mark:
 *   prefecture 岩手県 → U+100001, U+F5CA9, U+F624B, U+F770C, U+100000
 * No user text can produce these code points in an index: the normaliser (shared/search/normalize.ts)
 * removes planes 15 and 16 from every indexed text, so a case whose body holds a forged token
 * matches no filter it does not have (the Basic Multilingual Plane's private use area, where 外字
 * live, is not used and stays searchable). The side index's value boundary (U+10FFFD) is reserved
 * the same way. In the bigram
 * index ('ascii' tokenizer) a token is one FTS5 term; in the trigram index it is a phrase of
 * its trigrams, anchored by the kind mark at its start and the end mark at its end, so "AI"
 * never matches "AIoT".
 */

type FacetKind = 'prefecture' | 'field' | 'technology' | 'program' | 'year';

const END = 0x100000;
const KIND: Record<FacetKind, number> = { prefecture: 0x100001, field: 0x100002, technology: 0x100003, program: 0x100004, year: 0x100005 };

export function facetToken(kind: FacetKind, value: string): string {
  let s = String.fromCodePoint(KIND[kind]);
  for (let i = 0; i < value.length; i++) {
    const u = value.charCodeAt(i);
    s += String.fromCodePoint(u < 0xfffe ? 0xf0000 + u : 0x100010 + (u - 0xfffe));
  }
  return s + String.fromCodePoint(END);
}

/** The tokens of a case's filter values, space-separated (appended to the indexed text). */
export function caseFacetTokens(c: Pick<CaseInput, 'prefecture' | 'fields' | 'technologies' | 'programs' | 'fiscalYear'>): string {
  const t: string[] = [];
  if (c.prefecture) t.push(facetToken('prefecture', c.prefecture));
  for (const v of new Set(c.fields)) t.push(facetToken('field', v));
  for (const v of new Set(c.technologies)) t.push(facetToken('technology', v));
  for (const v of new Set(c.programs)) t.push(facetToken('program', v));
  if (c.fiscalYear !== null) t.push(facetToken('year', String(c.fiscalYear)));
  return t.join(' ');
}

/** A year range becomes an OR of its years; above this many years the bitset path is cheaper. */
export const MAX_YEAR_TERMS = 12;

export type FacetMatch = { kind: 'expr'; expr: string } | { kind: 'none' } | { kind: 'unsupported' };

/**
 * The filters as one FTS5 expression (values of one kind OR-ed, kinds AND-ed). `yearsPresent`
 * gives the fiscal years that occur in the library (so an open range becomes the years that
 * exist); it is asked only when a year range is set. 'none': the filters cannot match anything; 'unsupported': too wide a year range.
 */
export function facetMatch(f: CaseFilters, yearsPresent: () => readonly number[]): FacetMatch {
  const groups: string[][] = [];
  const add = (kind: FacetKind, values: readonly string[]) => {
    if (values.length > 0) groups.push([...new Set(values)].map((v) => `"${facetToken(kind, v)}"`));
  };
  add('prefecture', f.prefectures);
  add('field', f.fields);
  add('technology', f.technologies);
  add('program', f.programs);
  if (f.yearFrom !== null || f.yearTo !== null) {
    const years = yearsPresent().filter((y) => (f.yearFrom === null || y >= f.yearFrom) && (f.yearTo === null || y <= f.yearTo));
    if (years.length === 0) return { kind: 'none' };
    if (years.length > MAX_YEAR_TERMS) return { kind: 'unsupported' };
    add('year', years.map(String));
  }
  if (groups.length === 0) return { kind: 'unsupported' };
  return { kind: 'expr', expr: groups.map((g) => (g.length === 1 ? g[0]! : `(${g.join(' OR ')})`)).join(' AND ') };
}
