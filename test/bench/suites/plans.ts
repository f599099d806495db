import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../../../electron/core/index.ts';
import { evaluatePlan, type StoredAnswer } from '../../../shared/domain/plan.ts';
import { percentile, sample, type BenchResult, type BenchSuite } from '../harness.ts';

const RUNS = 40;
export const N_QUESTIONS = 300;
export const N_TABLES = 20;
export const N_ROWS = 50;

/** 3 phases; 20 tables (half issue lists, half cost tables) each with its computed value; the rest mixed types. */
export function benchTemplate(): unknown {
  const questions: Record<string, unknown>[] = [];
  for (let t = 0; t < N_TABLES; t++) {
    const costs = t % 2 === 1;
    questions.push({
      id: `t${t}`,
      type: 'table',
      label: `表 ${t}`,
      required: true,
      maxRows: 100,
      columns: costs
        ? [
            { id: 'item', label: '費目', type: 'text', required: true },
            { id: 'initial', label: '導入費', type: 'money' },
            { id: 'running', label: '運用費', type: 'money' },
            { id: 'years', label: '年数', type: 'number', integer: true },
            { id: 'note', label: '備考', type: 'text' },
          ]
        : [
            { id: 'title', label: '課題', type: 'text', required: true },
            { id: 'importance', label: '重要度', type: 'choice', options: ['1', '2', '3'] },
            { id: 'urgency', label: '緊急度', type: 'choice', options: ['1', '2', '3'] },
            { id: 'detail', label: '詳細', type: 'text' },
            { id: 'due', label: '期限', type: 'date' },
          ],
    });
    questions.push({
      id: `c${t}`,
      type: 'computed',
      label: `計算 ${t}`,
      computation: costs
        ? { kind: 'cost-summary', table: `t${t}`, labelColumn: 'item', initial: 'initial', running: 'running', years: 'years', program: 'iot' }
        : { kind: 'issue-priority', table: `t${t}`, labelColumn: 'title', importance: 'importance', urgency: 'urgency' },
    });
  }
  const kinds = ['short-text', 'long-text', 'number', 'money', 'date', 'single-choice', 'multiple-choice', 'checklist'] as const;
  for (let i = 0; questions.filter((q) => q.type !== 'computed').length < N_QUESTIONS; i++) {
    const type = kinds[i % kinds.length]!;
    const q: Record<string, unknown> = { id: `q${i}`, type, label: `設問 ${i}`, required: i % 2 === 0, guidance: '何を聞くかの説明。' };
    if (type === 'single-choice' || type === 'multiple-choice') q.options = ['甲', '乙', '丙'];
    if (type === 'checklist') q.items = [{ id: 'a', label: '項目A' }, { id: 'b', label: '項目B' }, { id: 'c', label: '項目C' }];
    questions.push(q);
  }
  const per = Math.ceil(questions.length / 6);
  const sections = Array.from({ length: 6 }, (_, s) => ({ id: `s${s}`, title: `セクション ${s}`, chapter: `第${s + 1}章`, questions: questions.slice(s * per, (s + 1) * per) }));
  return {
    id: 'bench',
    name: 'ベンチマーク用',
    program: 'plan-a',
    phases: [0, 1, 2].map((p) => ({ id: `p${p}`, name: `フェーズ ${p}`, weeks: { from: p * 4 + 1, to: p * 4 + 4 }, sections: sections.slice(p * 2, p * 2 + 2), gates: [{ kind: 'min-items' as const, question: `t${p}` }] })),
  };
}

function valueFor(q: { id: string; type: string }, t: number): unknown {
  switch (q.type) {
    case 'short-text':
      return `回答 ${q.id}`;
    case 'long-text':
      return `## ${q.id}\n\n地域の現状についての長めのメモ。`.repeat(5);
    case 'number':
      return 42;
    case 'money':
      return 1_000_000;
    case 'date':
      return '2025-10-01';
    case 'single-choice':
      return '乙';
    case 'multiple-choice':
      return ['甲', '丙'];
    case 'checklist':
      return { a: 'done', b: 'doing', c: 'na' };
    case 'table':
      return Array.from({ length: N_ROWS }, (_, r) => ({
        id: `r${r}`,
        cells:
          t % 2 === 1
            ? { item: `費目 ${r}`, initial: 100_000 * (r + 1), running: 10_000 * r, years: 5, note: '見積りより' }
            : { title: `課題 ${r}`, importance: String((r % 3) + 1), urgency: String(((r + 1) % 3) + 1), detail: '住民アンケートの結果から。', due: '2026-03-31' },
      }));
    default:
      return null;
  }
}

export const plansSuite: BenchSuite = {
  id: 'plans',
  async run(): Promise<BenchResult[]> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-bench-plans-'));
    const core = await createCore({ dataDir: dir, loadSeeds: false });
    try {
      const client = await core.call('clients.create', { name: '支援先', kind: 'municipality', prefecture: '長野県' });
      const e = await core.call('engagements.create', { clientId: client.id, program: 'plan-a', startDate: '2025-06-02' });
      await core.call('templates.save', { template: benchTemplate() });
      const created = await core.call('plan.create', { engagementId: e.id, templateId: 'bench' });
      let tables = 0;
      let answered = 0;
      for (const s of created.template.phases.flatMap((p) => p.sections)) {
        for (const q of s.questions) {
          if (q.type === 'computed') continue;
          const v = valueFor(q, q.type === 'table' ? tables++ : 0);
          await core.call('plan.answer', { engagementId: e.id, questionId: q.id, value: v });
          answered++;
        }
      }
      const ok = (r: { ok: boolean }) => {
        if (!r.ok) throw new Error(JSON.stringify(r));
        return r;
      };
      const load = await sample(RUNS, async () => ok(await core.invoke('plan.show', { engagementId: e.id })), 3);
      let k = 0;
      const save = await sample(RUNS, async () => ok(await core.invoke('plan.answer', { engagementId: e.id, questionId: 'q0', value: `回答 ${k++}` })), 3);
      const saveTable = await sample(RUNS, async () => {
        const rows = valueFor({ id: 't1', type: 'table' }, 1) as { cells: Record<string, unknown> }[];
        rows[0]!.cells.initial = 1000 * ++k;
        return ok(await core.invoke('plan.answer', { engagementId: e.id, questionId: 't1', value: rows }));
      }, 3);
      const shown = await core.call('plan.show', { engagementId: e.id });
      const stored = new Map<string, StoredAnswer>(Object.entries(shown.answers).map(([id, a]) => [id, { value: a.value, updatedAt: a.updatedAt }]));
      const programs = core.ctx.engagements.catalogue.programs;
      const recompute = await sample(RUNS, () => evaluatePlan(shown.template, stored, programs), 3);
      const p95 = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 95);
      const med = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
      const n = `${answered} answers, ${N_TABLES}×${N_ROWS} rows`;
      return [
        { name: `plans: load (plan.show, ${n}) median`, value: med(load), unit: 'ms', n: RUNS, target: { op: '<=', value: 20 } },
        { name: 'plans: load p95', value: p95(load), unit: 'ms', n: RUNS },
        { name: 'plans: save one answer + recompute (plan.answer) median', value: med(save), unit: 'ms', n: RUNS, target: { op: '<=', value: 20 } },
        { name: 'plans: save one answer p95', value: p95(save), unit: 'ms', n: RUNS },
        { name: 'plans: save a 50-row table + recompute median', value: med(saveTable), unit: 'ms', n: RUNS },
        { name: 'plans: recompute everything (evaluatePlan) median', value: med(recompute), unit: 'ms', n: RUNS, target: { op: '<=', value: 20 } },
        { name: 'plans: recompute everything p95', value: p95(recompute), unit: 'ms', n: RUNS },
      ];
    } finally {
      core.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
