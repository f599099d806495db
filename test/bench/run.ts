// npm run bench [-- --json FILE] [--only id,id]
// Runs named benchmarks on generated data, prints a table, and with --json
// writes [{"name","value","unit","n","target"?,"met"?}] (target: what the issue asked for).
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { meets, table, type BenchResult, type BenchSuite } from './harness.ts';
import { casesSuite } from './suites/cases.ts';
import { dbOpenSuite } from './suites/db-open.ts';
import { docxSuite } from './suites/docx.ts';
import { engagementsSuite } from './suites/engagements.ts';
import { firstRenderSuite } from './suites/first-render.ts';
import { plansSuite } from './suites/plans.ts';

const SUITES: BenchSuite[] = [dbOpenSuite, casesSuite, firstRenderSuite, engagementsSuite, plansSuite, docxSuite];

const { values } = parseArgs({ options: { json: { type: 'string' }, only: { type: 'string' } }, strict: true });
const only = values.only ? new Set(values.only.split(',')) : null;
const results: BenchResult[] = [];
for (const suite of SUITES) {
  if (only && !only.has(suite.id)) continue;
  process.stderr.write(`bench: ${suite.id}…\n`);
  results.push(...(await suite.run()));
}
const mem = process.memoryUsage();
results.push({ name: 'bench process: peak RSS', value: process.resourceUsage().maxRSS / 1024, unit: 'MiB', n: 1 });
results.push({ name: 'bench process: heap used at end', value: mem.heapUsed / 1024 / 1024, unit: 'MiB', n: 1 });
process.stdout.write(table(results) + '\n');
if (values.json) {
  fs.writeFileSync(values.json, JSON.stringify(results.map((r) => (r.target ? { ...r, met: meets(r) } : r)), null, 2) + '\n');
  process.stderr.write(`bench: wrote ${values.json}\n`);
}
