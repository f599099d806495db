import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core } from '../../../electron/core/index.ts';
import type { EngagementRecord } from '../../../electron/core/engagements/repo.ts';
import { CLIENT_KIND_CODES, type Client } from '../../../shared/domain/client.ts';
import { addDays, localIsoDate } from '../../../shared/domain/dates.ts';
import { ENGAGEMENT_PROGRAM_CODES, ENGAGEMENT_STATUS_CODES } from '../../../shared/domain/engagement.ts';
import { LOG_MODE_CODES, type LogEntry } from '../../../shared/domain/log.ts';
import { PREFECTURES } from '../../../shared/domain/prefectures.ts';
import { fiscalYearOf } from '../../../shared/domain/wareki.ts';
import { rng } from '../gen-cases.ts';
import { percentile, type BenchResult, type BenchSuite } from '../harness.ts';

export const N_CLIENTS = 200;
export const N_ENGAGEMENTS = 2_000;
export const N_ENTRIES = 50_000;
const RUNS = 40;

const TOPICS = ['地域課題の整理', '計画書の構成の確認', 'ネットワーク構成の検討', '費用対効果の試算', '事業者の選定方法', 'テレワーク規程の見直し', 'セキュリティ対策の確認', '推進体制の打合せ'];

/**
 * 200 clients, 2,000 engagements, 50,000 log entries spread over the three years before today,
 * with next actions on a third of the entries (most of them done). Written straight through the
 * repository in one transaction, then every quota mark is computed once.
 */
export function generateEngagementData(core: Core, today: string, seed = 4): { engagementIds: string[]; clientIds: string[] } {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const svc = core.ctx.engagements;
  const at = new Date().toISOString();
  const clients: Client[] = [];
  const engagements: EngagementRecord[] = [];
  core.ctx.db.transaction(() => {
    for (let i = 0; i < N_CLIENTS; i++) {
      const c: Client = {
        id: randomUUID(),
        name: `支援先${String(i + 1).padStart(3, '0')}`,
        kind: pick(CLIENT_KIND_CODES),
        prefecture: pick(PREFECTURES),
        population: Math.floor(r() * 500_000),
        fiscalStrength: Math.round(r() * 150) / 100,
        employees: null,
        capitalYen: null,
        industry: '',
        notes: '',
        contacts: [{ name: `担当 ${i}`, role: '企画課', email: `c${i}@example.jp`, phone: '' }],
        partnerMunicipalities: null,
        previousPartnerMunicipalities: null,
        createdAt: at,
        updatedAt: at,
      };
      svc.repo.insertClient(c);
      clients.push(c);
    }
    for (let i = 0; i < N_ENGAGEMENTS; i++) {
      const start = addDays(today, -Math.floor(r() * 1100));
      const program = pick(ENGAGEMENT_PROGRAM_CODES);
      const e: EngagementRecord = {
        id: randomUUID(),
        clientId: clients[i % N_CLIENTS]!.id,
        program,
        title: '',
        advisors: ['鈴木'],
        startDate: start,
        plannedEnd: program === 'plan-a' || program === 'plan-b' ? addDays(start, 92) : null,
        status: pick(ENGAGEMENT_STATUS_CODES),
        notes: '',
        createdAt: at,
        updatedAt: at,
      };
      svc.repo.insertEngagement(e);
      engagements.push(e);
    }
    for (let i = 0; i < N_ENTRIES; i++) {
      const e = engagements[i % N_ENGAGEMENTS]!;
      const date = addDays(today, -Math.floor(r() * 1100));
      const withAction = r() < 0.33;
      const entry: LogEntry = {
        id: randomUUID(),
        engagementId: e.id,
        clientId: e.clientId,
        date,
        startTime: `${String(9 + Math.floor(r() * 8)).padStart(2, '0')}:00`,
        mode: pick(LOG_MODE_CODES),
        minutes: 15 + Math.floor(r() * 180),
        place: '役場 会議室',
        attendees: ['企画課長', '担当者'],
        topics: pick(TOPICS),
        notes: `- ${pick(TOPICS)}について意見交換\n- 次回までに資料を準備`,
        decisions: '',
        nextActions: withAction ? [{ id: randomUUID(), task: `${pick(TOPICS)}の資料を送る`, owner: '町', due: addDays(date, 14), done: r() < 0.8 }] : [],
        shareable: false,
        overQuota: false,
        createdAt: at,
        updatedAt: at,
      };
      svc.repo.insertLog(entry);
    }
    svc.quotas.refreshAll();
  })();
  core.ctx.db.pragma('optimize');
  return { engagementIds: engagements.map((e) => e.id), clientIds: clients.map((c) => c.id) };
}

async function timeIt(n: number, fn: (i: number) => unknown): Promise<number[]> {
  await fn(0);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i + 1);
    out.push(performance.now() - t);
  }
  return out.sort((a, b) => a - b);
}

export const engagementsSuite: BenchSuite = {
  id: 'engagements',
  async run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-bench-engagements-'));
    const results: BenchResult[] = [];
    const scale = `${N_CLIENTS} clients / ${N_ENGAGEMENTS / 1000}k engagements / ${N_ENTRIES / 1000}k entries`;
    try {
      const core = await createCore({ dataDir: dir, loadSeeds: false });
      const today = localIsoDate(new Date());
      const t = performance.now();
      const { engagementIds, clientIds } = generateEngagementData(core, today);
      results.push({ name: `engagements: generate ${scale} (+ quota marks)`, value: (performance.now() - t) / 1000, unit: 's', n: N_ENTRIES });

      const svc = core.ctx.engagements;
      const dashCore = await timeIt(RUNS, () => svc.dashboard.load(today, 50));
      results.push({ name: 'engagements: dashboard, core queries p50', value: percentile(dashCore, 50), unit: 'ms', n: RUNS, target: { op: '<=', value: 50 } });
      results.push({ name: 'engagements: dashboard, core queries p95', value: percentile(dashCore, 95), unit: 'ms', n: RUNS });
      const dashInvoke = await timeIt(RUNS, async () => {
        const r = await core.invoke('dashboard.get', { today });
        if (!r.ok) throw new Error(r.error.message);
      });
      results.push({ name: 'engagements: dashboard.get through the dispatcher (validation included) p50', value: percentile(dashInvoke, 50), unit: 'ms', n: RUNS });
      results.push({ name: 'engagements: dashboard.get through the dispatcher p95', value: percentile(dashInvoke, 95), unit: 'ms', n: RUNS });

      const logList = await timeIt(RUNS, async (i) => {
        const r = await core.invoke('log.list', { engagementId: engagementIds[(i * 37) % engagementIds.length]! });
        if (!r.ok) throw new Error(r.error.message);
      });
      results.push({ name: `engagements: log.list of one engagement (~${Math.round(N_ENTRIES / N_ENGAGEMENTS)} entries) p50`, value: percentile(logList, 50), unit: 'ms', n: RUNS });
      results.push({ name: 'engagements: log.list of one engagement p95', value: percentile(logList, 95), unit: 'ms', n: RUNS });

      const engList = await timeIt(10, async () => {
        const r = await core.invoke('engagements.list', {});
        if (!r.ok) throw new Error(r.error.message);
      });
      results.push({ name: `engagements: engagements.list of all ${N_ENGAGEMENTS} p50`, value: percentile(engList, 50), unit: 'ms', n: 10 });

      const fy = fiscalYearOf(today) - 1; // a full fiscal year of data
      let rows = 0;
      const report = await timeIt(5, async () => {
        const r = await core.invoke('reports.logCsv', { fiscalYear: fy });
        if (!r.ok) throw new Error(r.error.message);
        rows = (r.value as { count: number }).count;
      });
      results.push({ name: `engagements: yearly CSV report (${rows} entries) p50`, value: percentile(report, 50), unit: 'ms', n: 5, target: { op: '<=', value: 1000 } });

      // Autosave: one field of a client, with the stale-write check and history, committed (synchronous=FULL).
      const client = await core.call('clients.get', { id: clientIds[0]! });
      let updatedAt = client.updatedAt;
      const autosave = await timeIt(RUNS, async (i) => {
        const r = await core.invoke('clients.update', { id: client.id, patch: { notes: `メモ ${i}` }, expectedUpdatedAt: updatedAt });
        if (!r.ok) throw new Error(r.error.message);
        updatedAt = (r.value as { updatedAt: string }).updatedAt;
      });
      results.push({ name: 'engagements: autosave of one field (check + write + history, committed) p50', value: percentile(autosave, 50), unit: 'ms', n: RUNS });

      const adv = (await core.call('engagements.list', { program: 'advisor' })).items[0]!;
      const logAdd = await timeIt(RUNS, async () => {
        const r = await core.invoke('log.create', { engagementId: adv.id, date: today, mode: 'online', minutes: 30 });
        if (!r.ok) throw new Error(r.error.message);
      });
      results.push({ name: 'engagements: log.create with quota marks and status p50', value: percentile(logAdd, 50), unit: 'ms', n: RUNS });
      core.close();
      return results;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
