import type { Migration } from '../types.ts';

/**
 * One full-text index for the case library (issue 17). The trigram index (cases_tri) is
 * dropped; the bigram index (cases_bi) is made again without its prefix index and answers every
 * word, 3+ character words as phrases of bigrams. Every case is kept (the case table is not
 * touched) and indexed again from it.
 *
 * Self-contained on purpose: what is written here is the index as this version defines it, frozen, so a
 * later change of the application's tokenizer cannot change what this migration does (a later
 * migration rebuilds the index then). test/integration/migration-0013.test.ts checks that a
 * migrated library answers every search as a library imported afresh does.
 */
export const m0013: Migration = {
  // The version is written only here (the tests read m0013.version).
  version: 13,
  name: 'one case index',
  up(db) {
    db.exec(`
      DROP TABLE IF EXISTS cases_tri;
      DROP TABLE IF EXISTS cases_bi;
      CREATE VIRTUAL TABLE cases_bi USING fts5(
        title, text, tokenize = 'ascii', content = '', contentless_delete = 1
      );
    `);
    // Integers as BigInt: FTS5 refuses a setting bound as a JavaScript number (a double).
    const config = db.prepare('INSERT INTO cases_bi (cases_bi, rank) VALUES (?, ?)');
    // A larger in-memory term buffer: fewer, larger segments on bulk writes.
    config.run('hashsize', BigInt(32 * 1024 * 1024));
    config.run('automerge', 0n);
    const ins = db.prepare('INSERT INTO cases_bi (rowid, title, text) VALUES (?, ?, ?)');
    const batch = db.prepare(
      'SELECT seq, title, summary, body, prefecture, municipality, organization, fields, technologies, programs, tags, size, outcomes, fiscal_year FROM cases WHERE seq > ? ORDER BY seq LIMIT 500',
    );
    for (let last = -1; ; ) {
      const rows = batch.all(last) as Row[];
      if (rows.length === 0) break;
      for (const r of rows) {
        const c = caseOf(r);
        ins.run(r.seq, bigramTokens(normalizeText(r.title)), `${bigramTokens(normalizeValues(valuesOf(c)))} ${facetTokens(c)}`);
      }
      last = rows[rows.length - 1]!.seq;
    }
    config.run('merge', -16n);
    config.run('automerge', 4n);
  },
};

interface Row {
  seq: number;
  title: string;
  summary: string;
  body: string;
  prefecture: string;
  municipality: string;
  organization: string;
  fields: string;
  technologies: string;
  programs: string;
  tags: string;
  size: string;
  outcomes: string;
  fiscal_year: number | null;
}

interface Indexed {
  summary: string;
  body: string;
  prefecture: string;
  municipality: string;
  organization: string;
  fields: string[];
  technologies: string[];
  programs: string[];
  tags: string[];
  size: string;
  outcomes: { label: string; value: string; unit: string }[];
  fiscalYear: number | null;
}

function list(json: string): string[] {
  const v = JSON.parse(json) as unknown;
  return Array.isArray(v) ? v.map(String) : [];
}

function caseOf(r: Row): Indexed {
  const outcomes = JSON.parse(r.outcomes) as unknown;
  return {
    summary: r.summary,
    body: r.body,
    prefecture: r.prefecture,
    municipality: r.municipality,
    organization: r.organization,
    fields: list(r.fields),
    technologies: list(r.technologies),
    programs: list(r.programs),
    tags: list(r.tags),
    size: r.size,
    outcomes: Array.isArray(outcomes) ? (outcomes as { label: string; value: string; unit: string }[]) : [],
    fiscalYear: r.fiscal_year,
  };
}

/** The values of a case that are indexed besides its title, in order. */
function valuesOf(c: Indexed): string[] {
  return [
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
}

// The normaliser as of v13 (shared/search/normalize.ts and shared/text.ts when it was written).
const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const UNSEEN = /[\x01-\x08\x0e-\x1f\x7f\u{F0000}-\u{10FFFF}]/gu;
const FOLD = /[\u03c2\u0345\ufffe\uffff]/g;
const MAYBE_DIRTY = /[\0-\x08\x0e-\x1f\x7f\uD800-\uDFFF\u03c2\u0345\ufffe\uffff]/;
const FOLDED: Record<string, string> = { '\u03c2': '\u03c3', '\u0345': '\u03b9', '\ufffe': '\ufffd', '\uffff': '\ufffd' };

function cleanText(s: string): string {
  let out = s;
  if (out.includes('\0')) out = out.replace(/\0/g, '');
  if (SURROGATE.test(out)) out = out.replace(LONE_SURROGATE, '\uFFFD');
  return out;
}

function normalizeChars(s: string): string {
  const quick = s.normalize('NFKC').toLowerCase();
  if (!MAYBE_DIRTY.test(quick)) return quick;
  return cleanText(s).replace(UNSEEN, '').normalize('NFKC').toLowerCase().replace(FOLD, (c) => FOLDED[c]!);
}

function normalizeText(s: string): string {
  return normalizeChars(s).replace(/\s+/g, ' ');
}

function normalizeValues(values: readonly string[]): string {
  let joined = '';
  for (const v of values) {
    if (v === '') continue;
    if (joined !== '') joined += '\n';
    joined += v.includes('\n') ? v.replace(/\n/g, ' ') : v;
  }
  return normalizeChars(joined).replace(/[^\S\n]+/g, ' ');
}

const SPELL = new Uint16Array(0x80);
for (let c = 0; c < 0x80; c++) {
  const alnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  SPELL[c] = c > 0x20 && c < 0x7f && !alnum ? c + 0xfee0 : c;
}
const spell = (u: number): number => (u < 0x80 ? SPELL[u]! : u);

/** Bigrams of every run and each run's last character; a value boundary as U+10FFFD. */
function bigramTokens(normalized: string): string {
  const out: number[] = [];
  const emit = (from: number, to: number) => {
    for (let k = from; k < to; k++) out.push(spell(normalized.charCodeAt(k)));
    out.push(0x20);
  };
  const n = normalized.length;
  let prev = -1;
  for (let i = 0; i < n; ) {
    const c = normalized.charCodeAt(i);
    const w = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
    if (c > 0x20) {
      if (prev >= 0) emit(prev, i + w);
      prev = i;
    } else {
      if (prev >= 0) emit(prev, i);
      prev = -1;
      if (c === 0x0a) out.push(0xdbff, 0xdffd, 0x20);
    }
    i += w;
  }
  if (prev >= 0) emit(prev, n);
  if (out.length > 0) out.pop();
  let s = '';
  for (let k = 0; k < out.length; k += 8192) s += String.fromCharCode(...out.slice(k, k + 8192));
  return s;
}

/** Filter values as private-use tokens (electron/core/cases/facet-tokens.ts when it was written). */
function facetToken(kind: number, value: string): string {
  let s = String.fromCodePoint(kind);
  for (let i = 0; i < value.length; i++) {
    const u = value.charCodeAt(i);
    s += String.fromCodePoint(u < 0xfffe ? 0xf0000 + u : 0x100010 + (u - 0xfffe));
  }
  return s + String.fromCodePoint(0x100000);
}

function facetTokens(c: Indexed): string {
  const t: string[] = [];
  if (c.prefecture) t.push(facetToken(0x100001, c.prefecture));
  for (const v of new Set(c.fields)) t.push(facetToken(0x100002, v));
  for (const v of new Set(c.technologies)) t.push(facetToken(0x100003, v));
  for (const v of new Set(c.programs)) t.push(facetToken(0x100004, v));
  if (c.fiscalYear !== null) t.push(facetToken(0x100005, String(c.fiscalYear)));
  return t.join(' ');
}
