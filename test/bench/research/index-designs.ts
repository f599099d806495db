// Research for issue 17 part B (not product code): full-text index designs side by side, in one run.
//   node test/bench/research/index-designs.ts [--cases 100000] [--designs A,B,C,D]
// Each design gets a fresh database with the product's schema (migrations) and its own FTS5 tables
// instead of cases_tri/cases_bi, then: the cost of writing 10k cases (rows + index) into an empty
// library, the file size at the full size, and search times per query class with the same FTS5
// expressions the product builds (count up to 5,000 + the newest 100 matches with their rows).
// Also the CSV reader's share (csv-parse as configured, and alternatives) on the same 10k rows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseSync } from 'csv-parse/sync';
import { parse as parseStream } from 'csv-parse';
import type { Case } from '../../../shared/domain/case.ts';
import { bigramPhrase, bigramTokens, VALUE_SEPARATOR } from '../../../shared/search/normalize.ts';
import { parseQuery, termIndex } from '../../../shared/search/query.ts';
import { casesToCsv, parseCasesCsv } from '../../../electron/core/cases/codec.ts';
import { caseFacetTokens, facetMatch } from '../../../electron/core/cases/facet-tokens.ts';
import { searchText, titleKey } from '../../../electron/core/cases/repo.ts';
import { DEFAULT_SYNONYM_GROUPS } from '../../../electron/core/db/migrations/0002_cases.ts';
import { openDatabase } from '../../../electron/core/db/open.ts';
import type { DB } from '../../../electron/core/db/types.ts';
import { decodeText } from '../../../electron/core/files/text.ts';
import { generateCases } from '../gen-cases.ts';
import { percentile } from '../harness.ts';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '100000' }, designs: { type: 'string', default: 'A,B,C,E' } }, strict: true });
const N = Number(values.cases);

interface Design {
  id: string;
  name: string;
  /** FTS5 tables (created after the product's are dropped). */
  ddl: string;
  /** Whether queries of only 3+ character words use the trigram table. */
  trigram: boolean;
  /** Bigram table's 1-character queries as prefix queries ("x"*), answered by a prefix index or a term scan. */
  bulkConfig?: string[];
  afterBulk?: string[];
}

const BI = (opts: string) => `CREATE VIRTUAL TABLE cases_bi USING fts5(title, text, tokenize = 'ascii'${opts}, content = '', contentless_delete = 1);`;
const DESIGNS: Design[] = [
  {
    id: 'A',
    name: 'now: trigram + bigram side index (prefix=1)',
    ddl: `CREATE VIRTUAL TABLE cases_tri USING fts5(title, text, tokenize = 'trigram', content = '', contentless_delete = 1); ${BI(", prefix = '1'")}`,
    trigram: true,
  },
  { id: 'B', name: 'bigram only (prefix=1), long words as bigram phrases', ddl: BI(", prefix = '1'"), trigram: false },
  { id: 'C', name: 'bigram only, no prefix index (1-char: term scan)', ddl: BI(''), trigram: false },
  {
    id: 'E',
    name: 'bigram only (prefix=1), automerge off during the import, merged after',
    ddl: BI(", prefix = '1'"),
    trigram: false,
    bulkConfig: ["INSERT INTO cases_bi (cases_bi, rank) VALUES ('automerge', 0)"],
    afterBulk: ["INSERT INTO cases_bi (cases_bi, rank) VALUES ('merge', 500)", "INSERT INTO cases_bi (cases_bi, rank) VALUES ('automerge', 4)"],
  },
].filter((d) => values.designs!.split(',').includes(d.id));

const ROW_SQL = `INSERT INTO cases (id, title, summary, body, prefecture, municipality, organization, organization_type, fields, technologies, programs,
  fiscal_year, size, outcomes, sources, tags, origin, user_modified, title_key, created_at, updated_at)
  VALUES (@id, @title, @summary, @body, @prefecture, @municipality, @organization, @organization_type, @fields, @technologies, @programs,
  @fiscal_year, @size, @outcomes, @sources, @tags, @origin, 0, @title_key, @created_at, @updated_at)`;
const rowParams = (c: Case) => ({
  id: c.id, title: c.title, summary: c.summary, body: c.body, prefecture: c.prefecture, municipality: c.municipality, organization: c.organization,
  organization_type: c.organizationType, fields: JSON.stringify(c.fields), technologies: JSON.stringify(c.technologies), programs: JSON.stringify(c.programs),
  fiscal_year: c.fiscalYear, size: c.size, outcomes: JSON.stringify(c.outcomes), sources: JSON.stringify(c.sources), tags: JSON.stringify(c.tags),
  origin: c.origin, title_key: titleKey(c.title, c.municipality), created_at: c.createdAt, updated_at: c.updatedAt,
});

/** Insert rows and index them the way the product's bulk write does (rows, then each index's rows). Returns ms for text preparation and writes. */
function write(db: DB, d: Design, cases: readonly Case[]): { prepMs: number; writeMs: number } {
  const insRow = db.prepare(ROW_SQL);
  const triIns = d.trigram ? db.prepare('INSERT INTO cases_tri (rowid, title, text) VALUES (?, ?, ?)') : null;
  const biIns = db.prepare('INSERT INTO cases_bi (rowid, title, text) VALUES (?, ?, ?)');
  let prepMs = 0;
  const t0 = performance.now();
  db.transaction(() => {
    for (const q of d.bulkConfig ?? []) db.exec(q);
    const seqs: number[] = [];
    for (const c of cases) seqs.push(Number(insRow.run(rowParams(c)).lastInsertRowid));
    const p0 = performance.now();
    const texts = cases.map((c) => ({ ...searchText(c), facets: caseFacetTokens(c) }));
    const bi = texts.map((t) => [bigramTokens(t.title), `${bigramTokens(t.text)} ${t.facets}`] as const);
    prepMs = performance.now() - p0;
    if (triIns) texts.forEach((t, i) => triIns.run(seqs[i], t.title, `${t.text}${VALUE_SEPARATOR}${t.facets}`));
    bi.forEach((b, i) => biIns.run(seqs[i], b[0], b[1]));
    for (const q of d.afterBulk ?? []) db.exec(q);
  })();
    return { prepMs, writeMs: performance.now() - t0 - prepMs };
}

async function freshDb(dir: string, d: Design): Promise<DB> {
  fs.mkdirSync(dir, { recursive: true });
  const { db } = await openDatabase(dir);
  db.exec('DROP TABLE cases_tri; DROP TABLE cases_bi;');
  db.exec(d.ddl);
  return db;
}

const SYN = new Map<string, string[]>();
for (const g of DEFAULT_SYNONYM_GROUPS) for (const t of g) SYN.set(t.toLowerCase(), g.map((x) => x.toLowerCase()));

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
/** The FTS5 expression of a query, as the product's CaseSearch.plan builds it, for this design. */
function expression(query: string, d: Design): { table: string; match: string } | null {
  const terms = parseQuery(query);
  const groups = terms.map((t) => ({ negated: t.negated, alts: SYN.get(t.text) ?? [t.text] }));
  if (!groups.some((g) => !g.negated)) return null;
  const allTri = d.trigram && groups.every((g) => g.alts.every((a) => termIndex(a) === 'trigram'));
  const lit = (a: string) => {
    if (allTri) return quote(a);
    const { tokens, prefix } = bigramPhrase(a);
    return `${quote(tokens.join(' '))}${prefix ? '*' : ''}`;
  };
  const expr = (alts: string[]) => (alts.length === 1 ? lit(alts[0]!) : `(${alts.map(lit).join(' OR ')})`);
  const pos = groups.filter((g) => !g.negated).map((g) => expr(g.alts));
  const neg = groups.filter((g) => g.negated).map((g) => expr(g.alts));
  let match = pos.join(' AND ');
  if (neg.length > 0) match = `(${match}) NOT ${neg.length === 1 ? neg[0] : `(${neg.join(' OR ')})`}`;
  return { table: allTri ? 'cases_tri' : 'cases_bi', match };
}

type Q = { query: string; filters?: Record<string, unknown> };
const NOF = { prefectures: [], fields: [], technologies: [], programs: [], yearFrom: null, yearTo: null };
const CLASSES: Record<string, Q[]> = {
  '1 char': ['柚', '港', '峠', '漁'].map((query) => ({ query })),
  '2 chars': ['教育', '課題', '計画', 'AI'].map((query) => ({ query })),
  '3+ chars': ['ローカル5G', '鳥獣害の監視', '遠隔医療', 'ドローン'].map((query) => ({ query })),
  'synonym-expanded': ['テレワーク', 'サテライトオフィス', 'DX', 'キャッシュレス'].map((query) => ({ query })),
  'long phrase': ['"地域課題に対し"', '運用を始めた', '"通信の確保と個人情報の扱い"', '職員向けの研修の機会'].map((query) => ({ query })),
  'frequent pair': ['課題 計画', '地域 導入', '住民 満足度', '教育 AI'].map((query) => ({ query })),
  exclusion: ['観光 -計画', 'テレワーク -課題', '教育 -AI', '導入 -"国の補助"'].map((query) => ({ query })),
};
for (const name of Object.keys(CLASSES)) {
  CLASSES[`${name} + filters`] = CLASSES[name]!.flatMap((q) => [
    { ...q, filters: { prefectures: ['岩手県'] } },
    { ...q, filters: { fields: ['教育'], yearFrom: 2018, yearTo: 2024 } },
  ]);
}

function searchTimes(db: DB, d: Design): Map<string, number[]> {
  const years = db.prepare('SELECT DISTINCT fiscal_year FROM cases').pluck().all() as number[];
  const out = new Map<string, number[]>();
  for (const [cls, qs] of Object.entries(CLASSES)) {
    const runs: (() => void)[] = [];
    for (const q of qs) {
      const e = expression(q.query, d);
      if (!e) continue;
      const f = q.filters ? facetMatch({ ...NOF, ...q.filters } as never, () => years) : null;
      const match = f && f.kind === 'expr' ? `(${e.match}) AND ${f.expr}` : e.match;
      const count = db.prepare(`SELECT count(*) FROM (SELECT 1 FROM ${e.table} WHERE ${e.table} MATCH ? LIMIT 5001)`).pluck();
      const page = db.prepare(`SELECT c.seq, c.title, c.summary, c.body FROM (SELECT rowid, bm25(${e.table}, 4.0, 1.0) AS s FROM ${e.table} WHERE ${e.table} MATCH ? ORDER BY rowid DESC LIMIT 100) m JOIN cases c ON c.seq = m.rowid ORDER BY m.s`);
      runs.push(() => {
        count.get(match);
        page.all(match);
      });
    }
    const xs: number[] = [];
    for (let i = 0; i < 40 + runs.length; i++) {
      const t = performance.now();
      runs[i % runs.length]!();
      if (i >= runs.length) xs.push(performance.now() - t);
    }
    out.set(cls, xs.sort((a, b) => a - b));
  }
  return out;
}

function size(dir: string): number {
  const f = path.join(dir, 'banso.sqlite3');
  return fs.statSync(f).size + (fs.existsSync(`${f}-wal`) ? fs.statSync(`${f}-wal`).size : 0);
}

function tableBytes(db: DB, prefix: string): number {
  try {
    return (db.prepare(`SELECT sum(pgsize) FROM dbstat WHERE name LIKE ?`).pluck().get(`${prefix}%`) as number) ?? 0;
  } catch {
    return NaN;
  }
}

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-index-designs-'));
const all = generateCases(N);
const ten = generateCases(10_000, 7).map((c) => ({ ...c, id: crypto.randomUUID() }));
const rows: string[] = [];
const mib = (b: number) => (b / 1024 / 1024).toFixed(0);

// The CSV reader on the same 10k rows: the product's parse (decode + csv-parse + validation), csv-parse alone as configured, and alternatives.
{
  const bytes = casesToCsv(ten);
  const text = decodeText(bytes).text;
  const time = (fn: () => unknown) => {
    fn();
    const xs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      fn();
      xs.push(performance.now() - t);
    }
    return Math.min(...xs);
  };
  const asConfigured = { bom: true, relax_column_count: true, skip_empty_lines: false, record_delimiter: ['\r\n', '\n', '\r'], relax_quotes: false };
  const lines = [
    `| CSV, 10k rows (${mib(bytes.length)} MiB) | ms |`,
    '|---|---|',
    `| parseCasesCsv (decode + csv-parse + validate rows) | ${time(() => parseCasesCsv(bytes)).toFixed(0)} |`,
    `| decodeText only | ${time(() => decodeText(bytes)).toFixed(0)} |`,
    `| csv-parse sync, as configured (3 record delimiters) | ${time(() => parseSync(text, asConfigured)).toFixed(0)} |`,
    `| csv-parse sync, record_delimiter auto-detected | ${time(() => parseSync(text, { ...asConfigured, record_delimiter: undefined })).toFixed(0)} |`,
    `| csv-parse sync, one delimiter ('\\r\\n') | ${time(() => parseSync(text, { ...asConfigured, record_delimiter: '\r\n' })).toFixed(0)} |`,
  ];
  const streamMs = await (async () => {
    const t = performance.now();
    let records = 0;
    const p = parseStream({ ...asConfigured });
    const done = new Promise<void>((resolve, reject) => {
      p.on('readable', () => {
        while (p.read() !== null) records++;
      });
      p.on('end', () => resolve());
      p.on('error', reject);
    });
    for (let i = 0; i < text.length; i += 1 << 20) p.write(text.slice(i, i + (1 << 20)));
    p.end();
    await done;
    if (records < 10_000) throw new Error(`the stream read ${records} records`);
    return performance.now() - t;
  })();
  lines.push(`| csv-parse stream (1 MiB chunks), as configured | ${streamMs.toFixed(0)} |`);
  rows.push(lines.join('\n'));
}

const results: string[] = ['| design | 10k import: rows + index write (s) | text prep (s) | size at ' + N / 1000 + 'k (MiB) | FTS tables (MiB) | ' + Object.keys(CLASSES).join(' | ') + ' |'];
results.push(`|${'---|'.repeat(5 + Object.keys(CLASSES).length)}`);
// Build every design first, then measure searches round-robin (3 rounds, samples pooled): load on
// this shared machine moves timings, and a design measured later must not look better or worse for it.
const built: { d: Design; dir: string; db: DB; w10: { prepMs: number; writeMs: number }; bytes: number; fts: number }[] = [];
for (const d of DESIGNS) {
  process.stderr.write(`design ${d.id}: ${d.name}\n`);
  const dir10 = path.join(base, `${d.id}-10k`);
  const db10 = await freshDb(dir10, d);
  const w10 = write(db10, d, ten);
  db10.close();
  fs.rmSync(dir10, { recursive: true, force: true });
  const dir = path.join(base, `${d.id}-full`);
  const db = await freshDb(dir, d);
  for (let i = 0; i < N; i += 10_000) write(db, d, all.slice(i, i + 10_000));
  db.pragma('wal_checkpoint(TRUNCATE)');
  built.push({ d, dir, db, w10, bytes: size(dir), fts: tableBytes(db, 'cases_tri') + tableBytes(db, 'cases_bi') });
}
const pooled = (): Map<string, Map<string, number[]>> => {
  const out = new Map(built.map((b) => [b.d.id, new Map<string, number[]>()]));
  for (let round = 0; round < 3; round++) {
    for (const b of built) {
      for (const [cls, xs] of searchTimes(b.db, b.d)) out.get(b.d.id)!.set(cls, [...(out.get(b.d.id)!.get(cls) ?? []), ...xs]);
    }
  }
  return out;
};
const p95s = (m: Map<string, number[]>) => [...m.values()].map((xs) => percentile(xs.sort((a, b) => a - b), 95).toFixed(1)).join(' | ');
const first = pooled();
for (const b of built) {
  results.push(`| ${b.d.id}: ${b.d.name} | ${(b.w10.writeMs / 1000).toFixed(2)} | ${(b.w10.prepMs / 1000).toFixed(2)} | ${mib(b.bytes)} | ${mib(b.fts)} | ${p95s(first.get(b.d.id)!)} |`);
}
// What an FTS5 'optimize' (every segment merged into one) and a VACUUM would give at this size.
const optimizeSeconds = new Map<string, number>();
for (const b of built) {
  const t = performance.now();
  for (const tname of b.d.trigram ? ['cases_tri', 'cases_bi'] : ['cases_bi']) b.db.exec(`INSERT INTO ${tname} (${tname}) VALUES ('optimize')`);
  b.db.pragma('wal_checkpoint(TRUNCATE)');
  b.db.exec('VACUUM');
  b.db.pragma('wal_checkpoint(TRUNCATE)');
  optimizeSeconds.set(b.d.id, (performance.now() - t) / 1000);
}
const second = pooled();
for (const b of built) {
  results.push(`| ${b.d.id} after FTS5 'optimize' + VACUUM (${optimizeSeconds.get(b.d.id)!.toFixed(0)} s) | | | ${mib(size(b.dir))} | ${mib(tableBytes(b.db, 'cases_tri') + tableBytes(b.db, 'cases_bi'))} | ${p95s(second.get(b.d.id)!)} |`);
  b.db.close();
}
process.stdout.write(`${rows.join('\n\n')}\n\nSearch columns: p95 in ms (count up to 5,000 + newest 100 matches with bm25 and their rows), ${N / 1000}k cases.\n\n${results.join('\n')}\n`);
fs.rmSync(base, { recursive: true, force: true });
