import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { casesToCsv } from '../../../electron/core/cases/codec.ts';
import { createCore } from '../../../electron/core/index.ts';
import type { DB } from '../../../electron/core/db/types.ts';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_INSTALL_HINT, chromiumPath } from '../../e2e/chromium.ts';
import { startHost, stopHost } from '../../e2e/fixtures.ts';
import { generateCases } from '../gen-cases.ts';
import { percentile, round, type BenchResult, type BenchSuite } from '../harness.ts';
import { settleWal } from '../../../electron/core/db/wal.ts';
import type { Page } from '@playwright/test';
import { BASELINE, RENDERER_OUT, startStaticHost, stopStatic } from '../hosts.ts';

/** Library size; BANSO_BENCH_CASES makes a smaller one for quick local runs (reports say which). */
export const N_CASES = Number(process.env.BANSO_BENCH_CASES ?? 100_000);
const RUNS = 40;
/** The issue's search and UI targets are set at 100k cases; smaller quick runs show no target. */
const AT_SIZE = N_CASES === 100_000;
const target = (op: '<=' | '>=', value: number) => (AT_SIZE ? { target: { op, value } } : {});

export const QUERY_CLASSES: Record<string, { query: string; filters?: Record<string, unknown> }[]> = {
  '1 char': [{ query: '柚' }, { query: '港' }, { query: '峠' }, { query: '漁' }],
  '2 chars': [{ query: '教育' }, { query: '課題' }, { query: '計画' }, { query: 'AI' }],
  '3+ chars': [{ query: 'テレワーク' }, { query: 'サテライトオフィス' }, { query: 'ローカル5G' }, { query: '鳥獣害の監視' }],
  'multi-word': [{ query: 'テレワーク 課題' }, { query: '教育 AI' }, { query: '観光 -計画' }, { query: '"地域課題に対し" 除雪' }],
  'with filter': [
    { query: '課題', filters: { prefectures: ['岩手県'] } },
    { query: 'テレワーク', filters: { fields: ['教育'] } },
    { query: 'AI', filters: { yearFrom: 2020, yearTo: 2022 } },
    { query: '', filters: { technologies: ['LPWA'], prefectures: ['高知県'] } },
  ],
};

/** The same query as a plain LIKE scan over the text columns (what we would do without indexes). */
function likeScan(db: DB, query: string, limit: number): number {
  const words = query.split(/\s+/).filter((w) => w && !w.startsWith('-')).map((w) => w.replace(/"/g, ''));
  const neg = query.split(/\s+/).filter((w) => w.startsWith('-')).map((w) => w.slice(1).replace(/"/g, ''));
  const text = "(title || ' ' || summary || ' ' || body)";
  const where = [...words.map(() => `${text} LIKE ?`), ...neg.map(() => `${text} NOT LIKE ?`)];
  const params = [...words, ...neg].map((w) => `%${w}%`);
  const sql = `SELECT seq, count(*) OVER () AS total FROM cases ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY fiscal_year DESC LIMIT ?`;
  return db.prepare(sql).all(...params, limit).length;
}

/**
 * In Chromium against browser mode on the 100k library: last keystroke → first results on screen.
 * With BANSO_BENCH_RENDERER_BASELINE, the baseline build is timed too, after this one, on the same library.
 */
async function uiTiming(dataDir: string): Promise<BenchResult[]> {
  if (!BASELINE) return uiTimingOf(dataDir, null, '');
  return [...(await uiTimingOf(dataDir, RENDERER_OUT, '')), ...(await uiTimingOf(dataDir, BASELINE, ', baseline build'))];
}

async function uiTimingOf(dataDir: string, staticDir: string | null, label: string): Promise<BenchResult[]> {
  const exe = chromiumPath();
  if (!exe) throw new Error(CHROMIUM_INSTALL_HINT);
  const started = staticDir ? { kind: 'static' as const, h: await startStaticHost(staticDir, dataDir) } : { kind: 'web' as const, h: await startHost(dataDir) };
  const host = started.h;
  const browser = await chromium.launch({ executablePath: exe, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(host.url);
    await page.goto(`${new URL(host.url).origin}/#/cases`);
    await page.getByTestId('case-list').and(page.locator('[data-status="ready"]')).waitFor({ timeout: 60_000 });
    const queries = ['教育', 'テレワーク', '課題 計画', '柚', 'サテライトオフィス', 'AI', '港', '鳥獣害の監視', '観光 -計画', 'ローカル5G'];
    const samples: number[] = [];
    for (const q of [...queries, ...queries]) samples.push(await typeAndWait(page, q, 'case-list'));
    const sorted = samples.slice(queries.length).sort((a, b) => a - b);
    return [
      { name: `cases UI: last keystroke → first results on screen, ${N_CASES / 1000}k${label} (p50)`, value: percentile(sorted, 50), unit: 'ms', n: sorted.length },
      { name: `cases UI: last keystroke → first results on screen, ${N_CASES / 1000}k${label} (p95)`, value: percentile(sorted, 95), unit: 'ms', n: sorted.length, ...(label ? {} : target('<=', 100)) },
      ...(await facetTiming(page, label)),
    ];
  } finally {
    await browser.close();
    if (started.kind === 'web') await stopHost(started.h);
    else await stopStatic(started.h);
  }
}

/**
 * Type a query into the search box and time last keystroke → `testId` shows the answer for it
 * (data-query is the query, data-status ready; for the list, a row on screen).
 */
async function typeAndWait(page: Page, q: string, testId: 'case-list' | 'case-facets'): Promise<number> {
  const box = page.getByTestId('case-search');
  await box.fill('');
  await box.pressSequentially(q, { delay: 0 });
  const t0 = await page.evaluate(() => performance.now());
  const handle = await page.waitForFunction(
    ([query, id]) => {
      const el = document.querySelector(`[data-testid="${id}"]`);
      const rows = id !== 'case-list' || document.querySelector('[data-testid="case-row"]');
      return el && el.getAttribute('data-query') === query && el.getAttribute('data-status') === 'ready' && rows ? performance.now() : 0;
    },
    [q, testId] as const,
    { polling: 'raf', timeout: 30_000 },
  );
  return ((await handle.jsonValue()) as number) - t0;
}

/** After typing stops: the facet counts for the query on screen (they follow the results after a pause). */
async function facetTiming(page: Page, label: string): Promise<BenchResult[]> {
  const samples: number[] = [];
  for (const q of ['教育', 'テレワーク', '課題 計画', 'AI', '観光 -計画', '柚']) samples.push(await typeAndWait(page, q, 'case-facets'));
  const sorted = [...samples].sort((a, b) => a - b);
  return [{ name: `cases UI: last keystroke → facet counts on screen, ${N_CASES / 1000}k${label} (p50)`, value: percentile(sorted, 50), unit: 'ms', n: sorted.length }];
}

export const casesSuite: BenchSuite = {
  id: 'cases',
  async run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-bench-cases-'));
    const results: BenchResult[] = [];
    try {
      const core = await createCore({ dataDir: dir, loadSeeds: false });
      const cases = generateCases(N_CASES);
      let t = performance.now();
      core.ctx.db.transaction(() => {
        for (const c of cases) core.ctx.cases.repo.insert(c);
      })();
      const buildMs = performance.now() - t;
      results.push({ name: `cases: build library of ${N_CASES / 1000}k (insert + index)`, value: buildMs / 1000, unit: 's', n: N_CASES });
      core.ctx.db.pragma('optimize');
      settleWal(core.ctx.db); // as the importer does after a bulk write (electron/core/db/wal.ts)
      const dbBytes = fs.statSync(path.join(dir, 'banso.sqlite3')).size + (fs.existsSync(path.join(dir, 'banso.sqlite3-wal')) ? fs.statSync(path.join(dir, 'banso.sqlite3-wal')).size : 0);
      results.push({ name: `cases: database size at ${N_CASES / 1000}k`, value: dbBytes / 1024 / 1024, unit: 'MiB', n: N_CASES });

      const like2: number[] = [];
      const fts2: number[] = [];
      for (const [cls, queries] of Object.entries(QUERY_CLASSES)) {
        const samples: number[] = [];
        for (let i = 0; i < RUNS + queries.length; i++) {
          const q = queries[i % queries.length]!;
          t = performance.now();
          const r = core.ctx.cases.search.search({
            query: q.query,
            filters: { prefectures: [], fields: [], technologies: [], programs: [], yearFrom: null, yearTo: null, ...(q.filters as object) },
            sort: 'relevance',
            offset: 0,
            limit: 100,
          });
          const ms = performance.now() - t;
          if (i >= queries.length) samples.push(ms); // first round warms caches
          if (r.total === 0 && cls !== 'with filter') throw new Error(`bench query found nothing: ${q.query}`);
        }
        const sorted = [...samples].sort((a, b) => a - b);
        results.push({ name: `cases: search ${cls} p50`, value: percentile(sorted, 50), unit: 'ms', n: samples.length });
        results.push({ name: `cases: search ${cls} p95`, value: percentile(sorted, 95), unit: 'ms', n: samples.length, ...target('<=', 15) });
        if (cls === '2 chars') fts2.push(...samples);
      }
      for (const q of QUERY_CLASSES['2 chars']!) {
        t = performance.now();
        likeScan(core.ctx.db, q.query, 100);
        like2.push(performance.now() - t);
      }
      const likeP50 = percentile([...like2].sort((a, b) => a - b), 50);
      const ftsP50 = percentile([...fts2].sort((a, b) => a - b), 50);
      results.push({ name: 'cases: LIKE scan, 2 chars p50', value: likeP50, unit: 'ms', n: like2.length });
      results.push({ name: 'cases: speed-up over LIKE scan, 2 chars (p50 ratio)', value: round(likeP50 / ftsP50, 1), unit: '×', n: like2.length, ...target('>=', 20) });

      t = performance.now();
      core.ctx.cases.search.facets({ query: '課題', filters: { prefectures: [], fields: [], technologies: [], programs: [], yearFrom: null, yearTo: null } });
      results.push({ name: 'cases: facet counts for a 2-char query', value: performance.now() - t, unit: 'ms', n: 1 });

      // Import throughput: 10k rows of CSV into a fresh database (parse + validate + write + index).
      const importDir = path.join(dir, 'import');
      const core2 = await createCore({ dataDir: importDir, loadSeeds: false });
      const csv = casesToCsv(generateCases(10_000, 7).map((c) => ({ ...c, id: crypto.randomUUID() })));
      t = performance.now();
      const res = core2.ctx.cases.import({ format: 'csv', bytes: csv, skipInvalid: false, write: true });
      const importS = (performance.now() - t) / 1000;
      if (res.imported !== 10_000) throw new Error(`import bench imported ${res.imported}`);
      core2.close();
      // The same file as a preview into another empty library (decode + parse + validate + match,
      // nothing written): the difference is the cost of writing the rows and both full-text indexes.
      const core3 = await createCore({ dataDir: path.join(dir, 'preview'), loadSeeds: false });
      t = performance.now();
      core3.ctx.cases.import({ format: 'csv', bytes: csv, skipInvalid: false, write: false });
      const previewS = (performance.now() - t) / 1000;
      core3.close();
      results.push({ name: 'cases: CSV import 10k rows', value: 10_000 / importS, unit: 'rows/s', n: 10_000, target: { op: '>=', value: 5000 } });
      results.push({ name: 'cases: CSV import 10k rows, of which reading the file (preview)', value: previewS, unit: 's', n: 10_000 });
      results.push({ name: 'cases: CSV import 10k rows, of which writing rows + both indexes', value: importS - previewS, unit: 's', n: 10_000 });
      results.push({ name: `cases: process RSS after ${N_CASES / 1000}k library + searches`, value: process.memoryUsage().rss / 1024 / 1024, unit: 'MiB', n: 1 });
      core.close();
      results.push(...(await uiTiming(dir)));
      return results;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
