import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { casesToCsv } from '../../../electron/core/cases/codec.ts';
import { createCore, type Core } from '../../../electron/core/index.ts';
import { localIsoDate } from '../../../shared/domain/dates.ts';
import { generateCases } from '../gen-cases.ts';
import { percentile, type BenchSuite, type Recorder } from '../harness.ts';
import { generateEngagementData, N_ENGAGEMENTS, N_ENTRIES } from './engagements.ts';

/** Library size; BANSO_BENCH_CASES makes a smaller, quicker run (without the target). */
const N_CASES = Number(process.env.BANSO_BENCH_CASES ?? 100_000);
const AT_SIZE = N_CASES === 100_000;
const RUNS = 20;
/** Sampling stops after this long per class, so a slow build still finishes (the figure then says so in n). */
const CLASS_BUDGET_MS = 30_000;
/** Plans with answers (the generated engagements have none). */
const N_PLANS = 300;

/**
 * What a user types into Ctrl+K: a client's name, words found in thousands of log entries and
 * cases, 1–2 character words, synonyms, exclusions, and a word found nowhere.
 */
const CLASSES: Record<string, string[]> = {
  'client name': ['雫川', '支援先012', '雫川町'],
  '1–2 chars': ['港', '計画', '課題', 'AI'],
  '3+ chars, frequent': ['テレワーク', '会議室', '資料を送る', 'セキュリティ'],
  'synonym-expanded': ['在宅勤務', 'DX', 'サテライトオフィス'],
  'two words / exclusion': ['地域 課題', 'テレワーク -規程', '計画書 構成'],
  'found nowhere': ['存在しない言葉', 'zzqx'],
};

async function once(core: Core, query: string): Promise<{ ms: number; hits: number }> {
  const t = performance.now();
  const r = await core.invoke('search.global', { query, limit: 5 });
  const ms = performance.now() - t;
  if (!r.ok) throw new Error(`${query}: ${r.error.message}`);
  const v = r.value as { groups: { items: unknown[] }[] };
  return { ms, hits: v.groups.reduce((n, g) => n + g.items.length, 0) };
}

/**
 * The global search (issue 15) at 100k cases + 2,000 engagements + 50,000 log entries (+ 300
 * plans with answers): every query through the dispatcher (validation included), all kinds at
 * once with 5 results per kind, as the palette asks. Also the first search after the upgrade
 * (the index catching up with every record) and a search right after an edit (catching up one).
 */
export const globalSearchSuite: BenchSuite = {
  id: 'global-search',
  async run(rec: Recorder) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-bench-gsearch-'));
    const scale = `${N_CASES / 1000}k cases + ${N_ENGAGEMENTS / 1000}k engagements + ${N_ENTRIES / 1000}k entries`;
    let core: Core | undefined;
    try {
      core = await createCore({ dataDir: dir, loadSeeds: false, autoBackup: false, backgroundCheck: false, backgroundIndex: false });
      const c = core;
      await rec.step('global search: import the cases', async () => {
        const csv = Buffer.from(casesToCsv(generateCases(N_CASES))).toString('base64');
        const r = await c.call('cases.import', { format: 'csv', contentBase64: csv, fileName: 'bench.csv', skipInvalid: false });
        if (r.imported !== N_CASES) throw new Error(`imported ${r.imported} of ${N_CASES}`);
      });
      const today = localIsoDate(new Date());
      const data = await rec.step('global search: generate engagements and log', () => generateEngagementData(c, today, 15));
      await rec.step('global search: plans and answers', async () => {
        const client = await c.call('clients.create', { name: '雫川町', kind: 'municipality', prefecture: '岩手県' });
        const e = await c.call('engagements.create', { clientId: client.id, program: 'plan-a', startDate: today, title: '雫川町 地域DX計画' });
        const ids = [e.id, ...(data?.engagementIds ?? []).slice(0, N_PLANS - 1)];
        for (const [i, id] of ids.entries()) {
          await c.call('plan.create', { engagementId: id, templateId: 'plan-a', startDate: today });
          await c.call('plan.answer', { engagementId: id, questionId: 'region-overview', value: `人口減少が続く地域（${i}）。テレワーク移住の相談がある。` });
          await c.call('plan.answer', { engagementId: id, questionId: 'digital-status', value: '庁内の会議室にWi-Fiがない。' });
          await c.call('plan.answer', { engagementId: id, questionId: 'plan-summary', value: '地域課題の整理から計画書の構成まで。' });
        }
      });

      // As after an upgrade: every record waits. The first search indexes one chunk and answers;
      // the background steps (timed here back to back) index the rest.
      const queued = c.ctx.db.prepare('SELECT count(*) FROM gsearch_dirty').pluck().get() as number;
      await rec.step('global search: first search with everything queued', async () => {
        const { ms } = await once(c, 'テレワーク');
        rec.push({ name: `global search: first search with ${queued} records queued (indexes one chunk)`, value: ms, unit: 'ms', n: 1 });
      });
      await rec.step('global search: background indexing', async () => {
        const t = performance.now();
        let steps = 0;
        while (c.ctx.search.catchUpSome(500) > 0) steps++;
        const s = (performance.now() - t) / 1000;
        rec.push({ name: `global search: index ${queued} records in the background (${steps + 1} steps of 500)`, value: s, unit: 's', n: queued });
      });

      const all: number[] = [];
      for (const [cls, queries] of Object.entries(CLASSES)) {
        await rec.step(`global search ${cls}`, async () => {
          const xs: number[] = [];
          let hits = 0;
          const started = performance.now();
          for (const q of queries) await once(c, q); // warm
          for (let i = 0; i < RUNS && performance.now() - started < CLASS_BUDGET_MS; i++) {
            for (const q of queries) {
              const r = await once(c, q);
              xs.push(r.ms);
              hits += r.hits;
            }
          }
          xs.sort((a, b) => a - b);
          all.push(...xs);
          rec.push({ name: `global search ${cls}: p95 (dispatcher, ~${Math.round(hits / Math.max(1, xs.length))} results)`, value: percentile(xs, 95), unit: 'ms', n: xs.length });
        });
      }
      all.sort((a, b) => a - b);
      rec.push(
        { name: `global search at ${scale}: p50, all classes (dispatcher)`, value: percentile(all, 50), unit: 'ms', n: all.length },
        { name: `global search at ${scale}: p95, all classes (dispatcher)`, value: percentile(all, 95), unit: 'ms', n: all.length, ...(AT_SIZE ? { target: { op: '<=' as const, value: 30 } } : {}) },
      );

      // An edit, then a search: the trigger queued the record, the search indexes it first.
      await rec.step('global search: after an edit', async () => {
        const adv = data?.engagementIds[0];
        if (!adv) throw new Error('no engagement');
        const xs: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          await c.call('log.create', { engagementId: adv, date: today, mode: 'online', minutes: 30, topics: `臨時の打合せ ${i}` });
          xs.push((await once(c, 'テレワーク')).ms);
        }
        xs.sort((a, b) => a - b);
        rec.push({ name: 'global search: search right after a log.create (catch-up of one record) p95', value: percentile(xs, 95), unit: 'ms', n: xs.length });
      });
    } finally {
      core?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
