import { z } from 'zod';

/**
 * The one cleaning step for text entering the app (search queries, synonyms, case saves and
 * imports, every record of a hand-off bundle, clients, engagements, log entries, templates and
 * plan answers): NUL characters are dropped, and a lone UTF-16 surrogate becomes U+FFFD.
 * - NUL carries nothing a person can see. It ends a string inside SQLite's full-text query
 *   syntax (a query or a synonym with one gave an internal error), and XML and many tools refuse
 *   it.
 * - A lone surrogate cannot be written as UTF-8: SQLite would store U+FFFD in its place anyway.
 *   Doing it here keeps text columns, JSON list columns and queries equal.
 * Applied by the shared zod schemas (`cleanString()`), by the search normaliser
 * (shared/search/normalize.ts) and so by the query parser; nothing else needs a special case.
 */
export function cleanText(s: string): string {
  let out = s;
  if (out.includes('\0')) out = out.replace(/\0/g, '');
  if (SURROGATE.test(out)) out = out.replace(LONE_SURROGATE, '\uFFFD');
  return out;
}

const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `z.string()` that cleans its text first (limits and `.trim()` chained after it see the cleaned text). */
export function cleanString() {
  return z.string().overwrite(cleanText);
}

/**
 * A copy of a JSON-like value with every string (and key) cleaned: plan answers, whose shape
 * depends on their question. Without recursion, so no nesting depth can overflow the stack.
 */
export function cleanDeep(value: unknown): unknown {
  const copy = (v: unknown): unknown => (typeof v === 'string' ? cleanText(v) : v !== null && typeof v === 'object' ? (Array.isArray(v) ? [] : {}) : v);
  const root = copy(value);
  const stack: [object, object][] = root !== null && typeof root === 'object' ? [[value as object, root]] : [];
  while (stack.length > 0) {
    const [from, to] = stack.pop()!;
    for (const [k, v] of Object.entries(from)) {
      const c = copy(v);
      // defineProperty: a key such as "__proto__" stays a plain key.
      Object.defineProperty(to, cleanText(k), { value: c, enumerable: true, writable: true, configurable: true });
      if (c !== null && typeof c === 'object') stack.push([v as object, c]);
    }
  }
  return root;
}
