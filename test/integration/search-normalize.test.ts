import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { bigramTokens, normalizeText } from '../../shared/search/normalize.ts';
import { parseQuery } from '../../shared/search/query.ts';
import { cleanDeep, cleanText } from '../../shared/text.ts';

/**
 * What both full-text indexes see is exactly the normalised text, for every code point: that is
 * what lets the search be a plain substring search (the brute-force property test checks the
 * queries; this checks the alphabet).
 */

/** Code points normalised text never holds: the index's own marks and spellings, and what SQLite or its tokenizers would change. */
function reserved(cp: number): string | null {
  if (cp < 0x20 || cp === 0x7f) return 'a control character';
  if (cp >= 0xf0000) return 'a plane 15/16 private-use character (the index marks)';
  if (cp >= 0xff01 && cp <= 0xff5e) return 'a full-width ASCII form (the side index spells symbols so)';
  if (cp >= 0xd800 && cp <= 0xdfff) return 'a lone surrogate';
  if (cp === 0xfffe || cp === 0xffff) return 'a noncharacter SQLite reads as U+FFFD';
  if (cp === 0x3c2 || cp === 0x345) return 'a character the trigram index folds (ς, ͅ)';
  return null;
}

describe('the normaliser', () => {
  /** Every code point that normalised text can hold (from every input code point alone). */
  const seen = new Set<number>();
  it('never outputs a reserved code point, whatever the input character, and the side index never splits inside a token', () => {
    const bad: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      const ch = cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp);
      const n = normalizeText(`a${ch}b`);
      for (const c of n) {
        const u = c.codePointAt(0)!;
        seen.add(u);
        const why = u === 0x20 ? null : reserved(u);
        if (why && bad.length < 20) bad.push(`U+${cp.toString(16)} → U+${u.toString(16)}: ${why}`);
      }
      // The 'ascii' tokenizer splits at every ASCII character but letters and digits: only spaces may be left.
      const tokens = bigramTokens(n);
      if (/[^\x20\x80-\uffff0-9a-z]/.test(tokens) && bad.length < 20) bad.push(`U+${cp.toString(16)}: side-index tokens ${JSON.stringify(tokens)}`);
    }
    expect(bad).toEqual([]);
    expect(seen.size).toBeGreaterThan(900_000);
  });

  it("agrees with SQLite's trigram tokenizer: its case folding changes no character of normalised text", () => {
    // Every code point of planes 0 and 1 that normalised text can hold (every script with letter
    // case is there; planes 2–3 are CJK ideographs, 14 tags and selectors, 15–16 removed), once,
    // after a fixed '##': the trigram '##x' in the index's vocabulary is what the tokenizer made of each.
    expect(seen.size).toBeGreaterThan(900_000); // filled by the test above
    const unique = [...seen].filter((u) => u > 0x20 && u !== 0x23 && u < 0x20000).map((u) => String.fromCodePoint(u));
    expect(unique.length).toBeGreaterThan(100_000);
    const db = new Database(':memory:');
    try {
      db.exec("CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'trigram', detail = none); CREATE VIRTUAL TABLE v USING fts5vocab(t, 'row');");
      const ins = db.prepare('INSERT INTO t (x) VALUES (?)');
      db.transaction(() => {
        for (const c of unique) ins.run(`##${c}`);
      })();
      const folded = new Set((db.prepare("SELECT term FROM v WHERE term >= '##' AND term < '#$'").pluck().all() as string[]).map((t) => t.slice(2)));
      const changed = unique.filter((c) => !folded.has(c)).map((c) => `U+${c.codePointAt(0)!.toString(16)}`);
      expect(changed).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('cleans text the same way everywhere: no NUL, lone surrogates as U+FFFD, pairs kept', () => {
    expect(cleanText('a\0b\0')).toBe('ab');
    expect(cleanText('x\ud800y\udc00z')).toBe('x\ufffdy\ufffdz');
    expect(cleanText('🚀\ud83d')).toBe('🚀\ufffd');
    expect(normalizeText('Ａ\0\u0001Ｂ\u007f\u{F5CA9}Ｃ\u{100001}')).toBe('abc');
    expect(normalizeText('ΟΔΟΣ')).toBe('οδοσ');
  });

  it('cleans nested answers without recursion, keeping every key', () => {
    const input = JSON.parse('{"__proto__": "k\\u0000", "rows": [{"cells": {"a\\u0000": "v\\u0000"}}]}') as unknown;
    expect(JSON.stringify(cleanDeep(input))).toBe('{"__proto__":"k","rows":[{"cells":{"a":"v"}}]}');
    expect(JSON.stringify(input)).toContain('\\u0000'); // the input is left as it was
    let deep: unknown = 'x\0';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    let out = cleanDeep(deep);
    for (let i = 0; i < 100_000; i++) out = (out as unknown[])[0];
    expect(out).toBe('x');
  });
});

describe('the query parser', () => {
  const p = (q: string) => parseQuery(q).map((t) => `${t.negated ? '-' : ''}${t.phrase ? 'P' : 'W'}:${t.text}`);
  it('takes every character but spaces, quotes at a word start and a leading minus literally', () => {
    expect(p('c# C++ x" "-a"')).toEqual(['W:c#', 'W:c++', 'W:x"', 'P:-a']);
    expect(p('--- -- -')).toEqual(['-W:--', '-W:-']);
    expect(p('"-" -"a b" 「c d」 “e”')).toEqual(['P:-', '-P:a b', 'P:c d', 'P:e']);
    expect(p('"unclosed phrase')).toEqual(['P:unclosed phrase']);
    expect(p('-" " "" -')).toEqual([]); // empty phrases and a lone minus
    expect(p('-" ""  -')).toEqual(['P:-']); // the second quote opens a phrase that runs to the end
    expect(p('ﾃﾚﾜｰｸ　ＡＢＣ＃ \0')).toEqual(['W:テレワーク', 'W:abc#']);
  });
});
