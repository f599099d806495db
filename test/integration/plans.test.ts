import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import { REPO_ROOT, tempDir } from '../helpers/tmp.ts';
import { addClient, addEngagement } from '../helpers/engagements.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

async function core(opts: { seedsDir?: string; log?: { info(m: string): void; warn(m: string): void; error(m: string): void } } = {}): Promise<Core> {
  const t = tempDir();
  const c = await createCore({ dataDir: t.dir, loadSeeds: false, ...opts });
  cleanups.push(() => c.close(), t.cleanup);
  return c;
}

async function engagement(c: Core, program: 'plan-a' | 'plan-b' | 'telework' = 'plan-a') {
  const client = await addClient(c);
  return addEngagement(c, { clientId: client.id, program, startDate: '2025-06-02' });
}

function planRows(c: Core) {
  const n = (t: string) => (c.ctx.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  return { plans: n('plans'), answers: n('plan_answers'), history: n("history WHERE entity = 'plan'"), templates: n('plan_templates') };
}

const issue = (id: string, title: string, importance = '3', urgency = '2') => ({ id, cells: { title, importance, urgency } });

describe('plans', () => {
  it('creates a plan from the engagement program\'s template and start date, with a dated schedule in 和暦', async () => {
    const c = await core();
    const e = await engagement(c);
    const p = await c.call('plan.create', { engagementId: e.id, today: '2025-06-10' });
    expect(p.templateId).toBe('plan-a');
    expect(p.schedule.phases.map((x) => [x.start, x.end, x.state])).toEqual([
      ['2025-06-02', '2025-06-29', 'current'],
      ['2025-06-30', '2025-08-03', 'upcoming'],
      ['2025-08-04', '2025-08-24', 'upcoming'],
    ]);
    expect(p.schedule.startWareki).toBe('令和7年6月2日');
    expect(p.progress.answered).toBe(0);
    expect(p.progress.phases[0]!.missing.map((m) => m.questionId)).toEqual(['region-overview', 'issues']);
    await expect(c.call('plan.create', { engagementId: e.id })).rejects.toMatchObject({ code: 'conflict' });
    await expect(c.call('plan.show', { engagementId: 'nobody' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('changes progress and the gate checks as answers arrive (Course A)', async () => {
    const c = await core();
    const e = await engagement(c);
    await c.call('plan.create', { engagementId: e.id, startDate: '2025-06-02' });
    c.ctx.db.prepare("INSERT INTO cases (id, title, origin, title_key, created_at, updated_at) VALUES ('k1', '神山町のサテライトオフィス', 'user', 'k1', 't', 't')").run();

    let r = await c.call('plan.answer', { engagementId: e.id, questionId: 'region-overview', value: '人口は約5千人。' });
    expect(r.progress.phases[0]).toMatchObject({ required: 2, answered: 1 });
    const gate = (id: string) => r.gates.find((g) => g.phaseId === id)!;
    expect(gate('survey').problems.map((p) => p.kind)).toEqual(['required', 'min-items']);

    r = await c.call('plan.answer', { engagementId: e.id, questionId: 'issues', value: [issue('i1', '公共交通の縮小'), issue('i2', '窓口の混雑', '2', '3'), issue('i3', '獣害', '3', '3')] });
    expect(gate('survey').ready).toBe(true);
    const prio = r.computed['issue-priority']!;
    expect(prio.kind === 'issue-priority' && prio.items.map((i) => [i.label, i.rank])).toEqual([
      ['獣害', 1],
      ['公共交通の縮小', 2],
      ['窓口の混雑', 2],
    ]);
    const solutions = () => gate('solutions').problems;
    expect(solutions().map((p) => p.kind)).toEqual(['required', 'required', 'required', 'every-row-referenced', 'min-items']);
    expect(solutions().find((p) => p.kind === 'every-row-referenced')!.rowIds).toEqual(['i1', 'i2', 'i3']);

    r = await c.call('plan.answer', { engagementId: e.id, questionId: 'measures', value: [{ id: 'm1', cells: { issue: 'i1', measure: 'AI オンデマンド交通' } }, { id: 'm2', cells: { issue: 'i3', measure: 'IoT わな' } }] });
    const ref = solutions().find((p) => p.kind === 'every-row-referenced')!;
    expect(ref.rowIds).toEqual(['i2']);
    expect(ref.message).toContain('「窓口の混雑」');

    await expect(c.call('plan.answer', { engagementId: e.id, questionId: 'reference-cases', value: ['no-such-case'] })).rejects.toMatchObject({ code: 'invalid_input' });
    await c.call('plan.answer', { engagementId: e.id, questionId: 'reference-cases', value: ['k1'] });
    await c.call('plan.answer', { engagementId: e.id, questionId: 'budget-timing', value: '令和8年度当初予算' });
    r = await c.call('plan.answer', { engagementId: e.id, questionId: 'measures', value: [{ id: 'm1', cells: { issue: 'i1', measure: 'AI オンデマンド交通' } }, { id: 'm2', cells: { issue: 'i3', measure: 'IoT わな' } }, { id: 'm3', cells: { issue: 'i2', measure: 'オンライン申請' } }] });
    expect(gate('solutions')).toMatchObject({ ready: true, problems: [] });

    await expect(c.call('plan.closePhase', { engagementId: e.id, phaseId: 'document' })).rejects.toMatchObject({ code: 'invalid_input' });
    const closed = await c.call('plan.closePhase', { engagementId: e.id, phaseId: 'solutions' });
    expect(closed.gates.find((g) => g.phaseId === 'solutions')!.closed).toBe(true);
    expect(closed.closedPhases).toEqual(['solutions']);
  });

  it('refuses a wrongly typed answer with a Japanese message and writes nothing', async () => {
    const c = await core();
    const e = await engagement(c);
    await c.call('plan.create', { engagementId: e.id });
    await c.call('plan.answer', { engagementId: e.id, questionId: 'issues', value: [issue('i1', '交通')] });
    const before = planRows(c);
    const bad: [string, unknown][] = [
      ['region-overview', 12],
      ['issues', [{ id: 'i1', cells: { importance: 'very' } }]],
      ['issues', 'not a table'],
      ['approval-date', '2025-13-01'],
      ['survey-methods', ['ワークショップ', 'ワークショップ']],
      ['issue-priority', 3],
    ];
    for (const [q, v] of bad) {
      const r = await c.invoke('plan.answer', { engagementId: e.id, questionId: q, value: v });
      expect(r.ok, q).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('invalid_input');
        expect(r.error.message).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
        expect(r.error.path?.[0]).toBe('value');
      }
    }
    expect((await c.invoke('plan.answer', { engagementId: e.id, questionId: 'nope', value: 'x' })).ok).toBe(false);
    expect(planRows(c)).toEqual(before);
    const shown = await c.call('plan.show', { engagementId: e.id });
    expect((shown.answers.issues!.value as unknown[]).length).toBe(1);
  });

  it('records every answer change in history, skips unchanged values and guards stale autosaves', async () => {
    const c = await core();
    const e = await engagement(c);
    await c.call('plan.create', { engagementId: e.id });
    const a = await c.call('plan.answer', { engagementId: e.id, questionId: 'plan-summary', value: '案1' });
    const same = await c.call('plan.answer', { engagementId: e.id, questionId: 'plan-summary', value: '案1' });
    expect(same.changed).toBe(false);
    await expect(c.call('plan.answer', { engagementId: e.id, questionId: 'plan-summary', value: '案2', expectedUpdatedAt: '2000-01-01T00:00:00.000Z' })).rejects.toMatchObject({ code: 'conflict' });
    await c.call('plan.answer', { engagementId: e.id, questionId: 'plan-summary', value: '案2', expectedUpdatedAt: a.updatedAt! });
    await c.call('plan.answer', { engagementId: e.id, questionId: 'plan-summary', value: null });
    const h = c.ctx.db.prepare("SELECT field, old_value, new_value FROM history WHERE entity = 'plan' AND field LIKE 'answer.%' ORDER BY id").all();
    expect(h).toEqual([
      { field: 'answer.plan-summary', old_value: null, new_value: '"案1"' },
      { field: 'answer.plan-summary', old_value: '"案1"', new_value: '"案2"' },
      { field: 'answer.plan-summary', old_value: '"案2"', new_value: null },
    ]);
  });

  it('keeps answers across template edits: a removed question\'s answer is returned as orphaned, never dropped', async () => {
    const c = await core();
    const e = await engagement(c);
    const copy = await c.call('templates.duplicate', { id: 'plan-a', newId: 'my-plan-a', name: '自治体向け Aコース' });
    expect(copy).toMatchObject({ id: 'my-plan-a', version: 1 });
    await c.call('plan.create', { engagementId: e.id, templateId: 'my-plan-a' });
    await c.call('plan.answer', { engagementId: e.id, questionId: 'digital-status', value: '光回線は全域' });
    await c.call('plan.answer', { engagementId: e.id, questionId: 'survey-methods', value: ['ワークショップ'] });

    // Edit: remove digital-status, narrow the options of survey-methods, reorder the sections of phase 1.
    const { template } = await c.call('templates.get', { id: 'my-plan-a' });
    const s0 = template.phases[0]!.sections[0]!;
    s0.questions = s0.questions.filter((q) => q.id !== 'digital-status');
    const sm = s0.questions.find((q) => q.id === 'survey-methods')!;
    if (sm.type === 'multiple-choice') sm.options = [{ value: '住民アンケート', label: '住民アンケート' }];
    template.phases[0]!.sections.reverse();
    const saved = await c.call('templates.save', { template, expectedVersion: 1 });
    expect(saved.version).toBe(2);
    await expect(c.call('templates.save', { template, expectedVersion: 1 })).rejects.toMatchObject({ code: 'conflict' });

    // The plan keeps its snapshot until asked to update.
    let p = await c.call('plan.show', { engagementId: e.id });
    expect(p.orphans).toEqual([]);
    expect(p.templateUpdateAvailable).toBe(true);
    p = await c.call('plan.updateTemplate', { engagementId: e.id });
    expect(p.template.version).toBe(2);
    expect(p.template.phases[0]!.sections[0]!.id).toBe('issue-list');
    expect(p.orphans.map((o) => [o.questionId, o.reason, o.value])).toEqual([
      ['digital-status', 'removed', '光回線は全域'],
      ['survey-methods', 'incompatible', ['ワークショップ']],
    ]);
    expect(p.answers['digital-status']).toBeUndefined();
    expect((c.ctx.db.prepare('SELECT count(*) AS n FROM plan_answers').get() as { n: number }).n).toBe(2);

    // Deleting the template does not touch the plan; an orphan is discarded only explicitly.
    await c.call('templates.delete', { id: 'my-plan-a' });
    p = await c.call('plan.show', { engagementId: e.id });
    expect(p.template.id).toBe('my-plan-a');
    const r = await c.call('plan.answer', { engagementId: e.id, questionId: 'digital-status', value: null });
    expect(r.orphans.map((o) => o.questionId)).toEqual(['survey-methods']);
  });

  it('custom templates: built-ins are read-only; import / export round trip; validate reports paths', async () => {
    const c = await core();
    const list = await c.call('templates.list', {});
    expect(list.items.map((t) => [t.id, t.builtIn])).toEqual([
      ['plan-a', true],
      ['plan-b', true],
      ['telework', true],
      ['system-building', true],
    ]);
    const { template } = await c.call('templates.get', { id: 'telework' });
    await expect(c.call('templates.save', { template })).rejects.toMatchObject({ code: 'conflict' });
    await expect(c.call('templates.delete', { id: 'telework' })).rejects.toMatchObject({ code: 'conflict' });

    const exported = await c.call('templates.export', { id: 'telework' });
    await expect(c.call('templates.import', { json: exported.json })).rejects.toMatchObject({ code: 'conflict' });
    const imp = await c.call('templates.import', { json: exported.json, onConflict: 'new-id' });
    expect(imp.template.id).toBe('telework-copy');
    const again = await c.call('templates.import', { json: (await c.call('templates.export', { id: 'telework-copy' })).json, onConflict: 'replace' });
    expect(again).toMatchObject({ replaced: true, template: { id: 'telework-copy', version: 2 } });
    expect((await c.call('templates.export', { id: 'telework-copy' })).json).toContain('"security-checklist"');

    const broken = JSON.parse(exported.json) as { phases: { sections: { questions: { type: string }[] }[] }[] };
    broken.phases[1]!.sections[0]!.questions[1]!.type = 'radio';
    const v = await c.call('templates.validate', { json: JSON.stringify(broken) });
    expect(v.errors).toEqual([{ path: 'phases[1].sections[0].questions[1].type', message: expect.stringMatching(/種類が正しくありません/) }]);
    const before = planRows(c);
    const r = await c.invoke('templates.import', { json: JSON.stringify(broken) });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: ['phases[1].sections[0].questions[1].type'] }] } });
    expect(planRows(c)).toEqual(before);
  });

  it('a bad built-in template file is logged and skipped; the others load', async () => {
    const seeds = tempDir();
    cleanups.push(seeds.cleanup);
    fs.cpSync(path.join(REPO_ROOT, 'seeds/programs'), path.join(seeds.dir, 'programs'), { recursive: true });
    fs.mkdirSync(path.join(seeds.dir, 'templates'));
    fs.copyFileSync(path.join(REPO_ROOT, 'seeds/templates/plan-b.json'), path.join(seeds.dir, 'templates/plan-b.json'));
    fs.writeFileSync(path.join(seeds.dir, 'templates/broken.json'), '{"id": "broken", "phases": []}');
    const errors: string[] = [];
    const c = await core({ seedsDir: seeds.dir, log: { info: () => {}, warn: () => {}, error: (m) => errors.push(m) } });
    expect((await c.call('templates.list', {})).items.map((t) => t.id)).toEqual(['plan-b']);
    expect(errors.join('\n')).toMatch(/broken\.json skipped: name: /);
  });

  it('an engagement with a plan cannot be deleted (the answers are never dropped as a side effect)', async () => {
    const c = await core();
    const e = await engagement(c);
    await c.call('plan.create', { engagementId: e.id });
    const r = await c.invoke('engagements.delete', { id: e.id });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/計画/) } });
    expect(planRows(c).plans).toBe(1);
    expect((await c.call('engagements.get', { id: e.id })).id).toBe(e.id);
  });
});
