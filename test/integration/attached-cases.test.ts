import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import { MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { m0010 } from '../../electron/core/db/migrations/0010_attached_cases.ts';
import { addCases } from '../helpers/cases.ts';
import { addClient, addEngagement } from '../helpers/engagements.ts';
import { tempDir } from '../helpers/tmp.ts';

/**
 * One notion of an engagement's attached cases (issue 15): the library's 「案件に添付」 and the
 * plan's 「参考にする好事例」 (case-ref) are the same list, engagement_cases, on a real SQLite file.
 */

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

async function setup() {
  const t = tempDir('banso-attached-');
  const dataDir = path.join(t.dir, 'data');
  let core: Core = await createCore({ dataDir, loadSeeds: false });
  cleanups.push(() => {
    core.close();
    t.cleanup();
  });
  const ids = await addCases(core, [
    { title: '遠隔医療の実証', summary: '診療所と拠点病院を結ぶ。', prefecture: '徳島県' },
    { title: 'テレワーク拠点の整備', summary: '空き家を改修する。', prefecture: '高知県' },
    { title: 'デマンド交通', summary: '予約制の乗合交通。', prefecture: '岩手県' },
  ]);
  const client = await addClient(core, { name: '雫川町' });
  const e = await addEngagement(core, { clientId: client.id, program: 'plan-a', startDate: '2026-04-01' });
  await core.call('plan.create', { engagementId: e.id, templateId: 'plan-a' });
  return {
    dataDir,
    ids,
    engagementId: e.id,
    core: () => core,
    reopen: async () => {
      core.close();
      core = await createCore({ dataDir, loadSeeds: false });
    },
  };
}

const gateProblems = (plan: { gates: { phaseId: string; problems: { questionId: string }[] }[] }) =>
  plan.gates.find((g) => g.phaseId === 'solutions')!.problems.filter((p) => p.questionId === 'reference-cases');

describe('attached cases: one list for the library, the plan, the gate and the DOCX', () => {
  it('a case attached in the library is the plan’s 参考にする好事例, satisfies the gate and is in the DOCX; the plan’s choice shows in the library', async () => {
    const s = await setup();
    const [a, b, c] = s.ids as [string, string, string];
    const core = s.core();
    let plan = await core.call('plan.show', { engagementId: s.engagementId });
    expect(plan.answers['reference-cases']).toBeUndefined();
    expect(gateProblems(plan).length).toBeGreaterThan(0);

    // 「案件に添付」 in the library.
    await core.call('engagements.attachCase', { id: s.engagementId, caseId: a });
    plan = await core.call('plan.show', { engagementId: s.engagementId });
    expect(plan.answers['reference-cases']?.value).toEqual([a]);
    expect(gateProblems(plan)).toHaveLength(0);

    // The plan adds one: the engagement (and so the library's list for that case) has it.
    const r = await core.call('plan.answer', { engagementId: s.engagementId, questionId: 'reference-cases', value: [a, b] });
    expect(r.changed).toBe(true);
    expect((await core.call('engagements.get', { id: s.engagementId })).cases.map((x) => x.id)).toEqual([a, b]);
    expect((await core.call('engagements.list', { caseId: b })).items.map((x) => x.id)).toEqual([s.engagementId]);

    // The DOCX lists the same cases, once each.
    const model = await core.call('docs.model', { engagementId: s.engagementId, doc: 'plan' });
    const text = JSON.stringify(model);
    expect(text).toContain('遠隔医療の実証');
    expect(text).toContain('テレワーク拠点の整備');
    expect(text).not.toContain('デマンド交通');

    // Taken out in the plan: detached; the history has the change and undo brings it back.
    await core.call('plan.answer', { engagementId: s.engagementId, questionId: 'reference-cases', value: [b] });
    expect((await core.call('engagements.get', { id: s.engagementId })).cases.map((x) => x.id)).toEqual([b]);
    const undone = await core.call('plan.undo', { engagementId: s.engagementId });
    expect([...(undone.plan.answers['reference-cases']?.value as string[])].sort()).toEqual([a, b].sort());
    expect((await core.call('engagements.get', { id: s.engagementId })).cases.map((x) => x.id).sort()).toEqual([a, b].sort());

    // Detached in the library: gone from the plan; cleared in the plan: nothing attached.
    await core.call('engagements.detachCase', { id: s.engagementId, caseId: a });
    expect((await core.call('plan.show', { engagementId: s.engagementId })).answers['reference-cases']?.value).toEqual([b]);
    await core.call('plan.answer', { engagementId: s.engagementId, questionId: 'reference-cases', value: null });
    expect((await core.call('engagements.get', { id: s.engagementId })).cases).toEqual([]);
    // An unknown case id is refused and changes nothing.
    await expect(core.call('plan.answer', { engagementId: s.engagementId, questionId: 'reference-cases', value: [c, 'no-such-case'] })).rejects.toThrow();
    expect((await core.call('engagements.get', { id: s.engagementId })).cases).toEqual([]);
  });

  it('migration: case-ref answers of an older database become attached cases, keeping every row of both', async () => {
    const s = await setup();
    const [a, b, c] = s.ids as [string, string, string];
    await s.core().call('engagements.attachCase', { id: s.engagementId, caseId: c });
    const file = s.core().ctx.dbPath;
    s.core().close();

    // The file as the previous version left it: a case-ref answer in plan_answers (with an id the
    // library no longer has), c attached in the library; then the migration's step runs on it.
    const raw = new Database(file);
    raw.prepare("INSERT INTO plan_answers (engagement_id, question_id, value, updated_at) VALUES (?, 'reference-cases', ?, '2000-05-01T00:00:00.000Z')").run(s.engagementId, JSON.stringify([b, 'gone-case', a]));
    // The migration's own step, on the file as it stands (later versions have their tables already).
    raw.transaction(() => m0010.up(raw as never, { from: m0010.version - 1 } as never))();
    raw.close();

    await s.reopen();
    const core = s.core();
    expect(core.ctx.schemaVersion).toBe(MIGRATIONS.at(-1)!.version);
    const attached = (await core.call('engagements.get', { id: s.engagementId })).cases.map((x) => x.id);
    // In the order attached: the answer's cases (its order, at its time), then c (attached later).
    expect(attached).toEqual([b, a, c]);
    const plan = await core.call('plan.show', { engagementId: s.engagementId });
    expect(plan.answers['reference-cases']?.value).toEqual([b, a, c]);
    expect(gateProblems(plan)).toHaveLength(0);
    // The old answer row is kept as it was.
    expect(core.ctx.db.prepare("SELECT value FROM plan_answers WHERE question_id = 'reference-cases'").pluck().get()).toBe(JSON.stringify([b, 'gone-case', a]));
    expect(core.ctx.db.pragma('foreign_key_check')).toEqual([]);
  });
});
