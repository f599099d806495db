// npm run bench [-- --json FILE] [--only id,id]
// Runs named benchmarks on generated data, prints a table, and with --json
// writes [{"name","value","unit","n","target"?,"met"?,"error"?}] (target: what the issue asked for).
// Every suite and every step runs even when one before it failed: a failure is a MISSED row with its error.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { buildIsStale, tryBuild } from '../../electron/launch/build-if-stale.ts';
import { chromiumPath } from '../e2e/chromium.ts';
import { failed, meets, Recorder, table, type BenchSuite } from './harness.ts';
import { casesSuite } from './suites/cases.ts';
import { cryptoSuite } from './suites/crypto.ts';
import { dbOpenSuite } from './suites/db-open.ts';
import { docxSuite } from './suites/docx.ts';
import { engagementsSuite } from './suites/engagements.ts';
import { firstRenderSuite } from './suites/first-render.ts';
import { globalSearchSuite } from './suites/global-search.ts';
import { plansSuite } from './suites/plans.ts';

const SUITES: BenchSuite[] = [dbOpenSuite, casesSuite, cryptoSuite, firstRenderSuite, engagementsSuite, plansSuite, docxSuite, globalSearchSuite];

const { values } = parseArgs({ options: { json: { type: 'string' }, only: { type: 'string' } }, strict: true });
const only = values.only ? new Set(values.only.split(',')) : null;
const rec = new Recorder();

// What the run needs, said up front.
const chromium = chromiumPath();
const pandoc = spawnSync('pandoc', ['--version'], { encoding: 'utf8' }).status === 0;
process.stderr.write(
  `bench: needs Chromium (browser mode, UI timings): ${chromium ?? 'NOT FOUND (apt-get install chromium)'}; ` +
    `pandoc (DOCX comparison): ${pandoc ? 'found' : 'NOT FOUND (apt-get install pandoc)'}\n`,
);
if (buildIsStale()) {
  process.stderr.write('bench: the renderer build is stale or missing: building it\n');
  if (!tryBuild()) rec.push(failed('build of the renderer (npm run build)', new Error('electron-vite build failed')));
}

const started = performance.now();
for (const suite of SUITES) {
  if (only && !only.has(suite.id)) continue;
  process.stderr.write(`bench: ${suite.id}…\n`);
  const t = performance.now();
  try {
    const returned = await suite.run(rec);
    if (returned) rec.push(...returned);
  } catch (err) {
    rec.push(failed(`${suite.id} suite`, err));
  }
  process.stderr.write(`bench: ${suite.id} took ${((performance.now() - t) / 1000).toFixed(0)} s\n`);
}
const mem = process.memoryUsage();
rec.push({ name: 'bench process: peak RSS', value: process.resourceUsage().maxRSS / 1024, unit: 'MiB', n: 1 });
rec.push({ name: 'bench process: heap used at end', value: mem.heapUsed / 1024 / 1024, unit: 'MiB', n: 1 });
process.stdout.write(table(rec.results) + '\n');
const missed = rec.results.filter((r) => meets(r) === false).length;
process.stdout.write(`\n${rec.results.filter((r) => r.target || r.error).length - missed} targets met, ${missed} missed; ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
if (values.json) {
  fs.writeFileSync(values.json, JSON.stringify(rec.results.map((r) => (r.target || r.error ? { ...r, met: meets(r) } : r)), null, 2) + '\n');
  process.stderr.write(`bench: wrote ${values.json}\n`);
}
