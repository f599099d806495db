import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import { addClient, addEngagement } from '../helpers/engagements.ts';
import { tempDir } from '../helpers/tmp.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

async function core(): Promise<Core> {
  const t = tempDir();
  const c = await createCore({ dataDir: t.dir, loadSeeds: false });
  cleanups.push(() => c.close(), t.cleanup);
  return c;
}

async function plan(c: Core) {
  const client = await addClient(c);
  const e = await addEngagement(c, { clientId: client.id, program: 'plan-a', startDate: '2025-06-02' });
  await c.call('plan.create', { engagementId: e.id, templateId: 'plan-a' });
  return e.id;
}

const answerCount = (c: Core) => (c.ctx.db.prepare('SELECT count(*) AS n FROM plan_answers').get() as { n: number }).n;

describe('plan history and undo', () => {
  it('lists answer changes newest first, labelled with their question, and pages', async () => {
    const c = await core();
    const id = await plan(c);
    await c.call('plan.answer', { engagementId: id, questionId: 'region-overview', value: '人口は約5千人。' });
    await c.call('plan.answer', { engagementId: id, questionId: 'region-overview', value: '人口は約4千8百人。' });
    await c.call('plan.answer', { engagementId: id, questionId: 'approval-date', value: '2025-09-30' });

    const h = await c.call('plan.history', { engagementId: id });
    expect(h.hasMore).toBe(false);
    expect(h.items.map((i) => [i.field, i.label, i.questionId, i.oldValue, i.newValue])).toEqual([
      ['answer.approval-date', '庁内決定の予定日', 'approval-date', null, '2025-09-30'],
      ['answer.region-overview', '地域の概況（人口・産業・地理）', 'region-overview', '人口は約5千人。', '人口は約4千8百人。'],
      ['answer.region-overview', '地域の概況（人口・産業・地理）', 'region-overview', null, '人口は約5千人。'],
      ['(created)', '計画の作成', null, null, { templateId: 'plan-a', version: 1, startDate: '2025-06-02' }],
    ]);
    const page1 = await c.call('plan.history', { engagementId: id, limit: 2 });
    expect(page1.hasMore).toBe(true);
    const page2 = await c.call('plan.history', { engagementId: id, limit: 2, beforeId: page1.items[1]!.id });
    expect(page2.items.map((i) => i.field)).toEqual(['answer.region-overview', '(created)']);
    await expect(c.call('plan.history', { engagementId: 'nobody' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('undoes the last answer change (restoring or removing the answer) and records the undo', async () => {
    const c = await core();
    const id = await plan(c);
    await expect(c.call('plan.undo', { engagementId: id })).rejects.toMatchObject({ code: 'not_found' });

    await c.call('plan.answer', { engagementId: id, questionId: 'region-overview', value: '案1' });
    await c.call('plan.answer', { engagementId: id, questionId: 'region-overview', value: '案2' });
    let r = await c.call('plan.undo', { engagementId: id });
    expect(r.undone).toEqual({ field: 'answer.region-overview', label: '地域の概況（人口・産業・地理）', questionId: 'region-overview' });
    expect(r.plan.answers['region-overview']?.value).toBe('案1');
    expect(r.plan.progress.phases[0]!.answered).toBe(1);

    // The undo is a change of its own: undoing again brings 案2 back.
    const h = await c.call('plan.history', { engagementId: id, limit: 1 });
    expect(h.items[0]).toMatchObject({ field: 'answer.region-overview', oldValue: '案2', newValue: '案1' });
    r = await c.call('plan.undo', { engagementId: id });
    expect(r.plan.answers['region-overview']?.value).toBe('案2');

    // Undoing the first answer of a question removes the answer again.
    await c.call('plan.answer', { engagementId: id, questionId: 'approval-date', value: '2025-09-30' });
    expect(answerCount(c)).toBe(2);
    r = await c.call('plan.undo', { engagementId: id });
    expect(r.plan.answers['approval-date']).toBeUndefined();
    expect(answerCount(c)).toBe(1);

    // A stale caller is refused and nothing changes.
    await c.call('plan.answer', { engagementId: id, questionId: 'plan-summary', value: '要旨' });
    await expect(c.call('plan.undo', { engagementId: id, expectedUpdatedAt: '2000-01-01T00:00:00.000Z' })).rejects.toMatchObject({ code: 'conflict' });
    expect((await c.call('plan.show', { engagementId: id })).answers['plan-summary']?.value).toBe('要旨');
    const fresh = await c.call('plan.show', { engagementId: id });
    r = await c.call('plan.undo', { engagementId: id, expectedUpdatedAt: fresh.updatedAt });
    expect(r.plan.answers['plan-summary']).toBeUndefined();
  });

  it('undoes closing a phase; a template update is not undone and keeps every answer', async () => {
    const c = await core();
    const id = await plan(c);
    await c.call('plan.answer', { engagementId: id, questionId: 'region-overview', value: '概況' });
    await c.call('plan.answer', { engagementId: id, questionId: 'issues', value: [{ id: 'i1', cells: { title: '交通', importance: '3', urgency: '2' } }] });
    let p = await c.call('plan.closePhase', { engagementId: id, phaseId: 'survey' });
    expect(p.closedPhases).toEqual(['survey']);
    const h = await c.call('plan.history', { engagementId: id, limit: 1 });
    expect(h.items[0]).toMatchObject({ field: 'closedPhases', label: 'フェーズの完了', oldValue: [], newValue: ['survey'] });
    const r = await c.call('plan.undo', { engagementId: id });
    expect(r.plan.closedPhases).toEqual([]);
    expect(r.undone.label).toBe('フェーズの完了');

    await c.call('templates.duplicate', { id: 'plan-a', newId: 'mine' });
    await c.call('plan.updateTemplate', { engagementId: id, templateId: 'mine' });
    await expect(c.call('plan.undo', { engagementId: id })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/テンプレートの更新は元に戻せません/) });
    p = await c.call('plan.show', { engagementId: id });
    expect(p.templateId).toBe('mine');
    expect(Object.keys(p.answers).sort()).toEqual(['issues', 'region-overview']);

    // Updating to the version the plan already has writes nothing.
    const before = (await c.call('plan.history', { engagementId: id })).items.length;
    await c.call('plan.updateTemplate', { engagementId: id });
    expect((await c.call('plan.history', { engagementId: id })).items.length).toBe(before);
  });

  it('labels the answer of a question that left the template', async () => {
    const c = await core();
    const client = await addClient(c);
    const e = await addEngagement(c, { clientId: client.id, program: 'plan-a', startDate: '2025-06-02' });
    await c.call('templates.duplicate', { id: 'plan-a', newId: 'mine' });
    await c.call('plan.create', { engagementId: e.id, templateId: 'mine' });
    await c.call('plan.answer', { engagementId: e.id, questionId: 'digital-status', value: '光回線は全域' });
    const { template } = await c.call('templates.get', { id: 'mine' });
    const s0 = template.phases[0]!.sections[0]!;
    s0.questions = s0.questions.filter((q) => q.id !== 'digital-status');
    await c.call('templates.save', { template, expectedVersion: 1 });
    await c.call('plan.updateTemplate', { engagementId: e.id });
    const h = await c.call('plan.history', { engagementId: e.id });
    expect(h.items.find((i) => i.field === 'answer.digital-status')?.label).toBe('digital-status（テンプレートにない設問）');
    expect(h.items[0]).toMatchObject({ field: 'template', label: 'テンプレート', oldValue: { templateId: 'mine', version: 1 }, newValue: { templateId: 'mine', version: 2 } });
  });
});
