import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../helpers/tmp.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function cli(dir: string, args: string[]) {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'electron/cli/bin.mjs'), '--data-dir', dir, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, BANSO_DATA_DIR: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI: templates and plan', () => {
  it('lists, validates (exit 2 with paths), exports and imports templates', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const list = cli(t.dir, ['templates', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { id: string }[]).map((x) => x.id)).toEqual(['plan-a', 'plan-b', 'telework', 'system-building']);

    const out = path.join(t.dir, 'plan-a.json');
    expect(cli(t.dir, ['templates', 'export', 'plan-a', '--out', out, '--json']).code).toBe(0);
    const tpl = JSON.parse(fs.readFileSync(out, 'utf8')) as { id: string; phases: { sections: { questions: { type: string }[] }[] }[] };
    expect(cli(t.dir, ['templates', 'validate', out, '--json'])).toMatchObject({ code: 0 });

    tpl.phases[1]!.sections[0]!.questions[1]!.type = 'essay';
    const bad = path.join(t.dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify(tpl));
    const v = cli(t.dir, ['templates', 'validate', bad, '--json']);
    expect(v.code).toBe(2);
    expect(JSON.parse(v.stdout)).toEqual({ errors: [{ path: 'phases[1].sections[0].questions[1].type', message: expect.stringMatching(/種類が正しくありません/) }] });
    expect(cli(t.dir, ['templates', 'import', bad, '--json']).code).toBe(2);

    tpl.phases[1]!.sections[0]!.questions[1]!.type = 'long-text';
    tpl.id = 'my-a';
    fs.writeFileSync(bad, JSON.stringify(tpl));
    const imp = cli(t.dir, ['templates', 'import', bad, '--json']);
    expect(imp.code, imp.stderr).toBe(0);
    expect(JSON.parse(imp.stdout)).toMatchObject({ id: 'my-a', replaced: false });
  });

  it('creates a plan, answers questions and shows template, schedule, progress, gates and answers', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const client = JSON.parse(cli(t.dir, ['clients', 'add', '--name', '岩手県金ケ崎町', '--kind', 'municipality', '--prefecture', '岩手県', '--json']).stdout) as { id: string };
    const eng = cli(t.dir, ['engagements', 'add', '--client', client.id, '--program', 'plan-b', '--start', '2025-07-01', '--json']);
    expect(eng.code, eng.stderr).toBe(0);
    const e = JSON.parse(eng.stdout) as { id: string };

    const created = cli(t.dir, ['plan', 'create', e.id, '--template', 'plan-b', '--start', '2025-07-07', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const c = JSON.parse(created.stdout) as { schedule: { phases: { start: string; startWareki: string }[] } };
    expect(c.schedule.phases[0]).toMatchObject({ start: '2025-07-07', startWareki: '令和7年7月7日' });

    const costs = JSON.stringify([{ id: 'r1', cells: { item: '除雪車の自動運転装置', initial: 40000000, running: 2000000, years: 5 } }]);
    const a = cli(t.dir, ['plan', 'answer', e.id, '--question', 'costs', '--value', costs, '--json']);
    expect(a.code, a.stderr).toBe(0);
    cli(t.dir, ['plan', 'answer', e.id, '--question', 'subsidy-program', '--value', '"infra-subsidy"']);

    const wrong = cli(t.dir, ['plan', 'answer', e.id, '--question', 'annual-benefit', '--value', '"たくさん"', '--json']);
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toMatch(/0以上の整数（円）/);
    expect(cli(t.dir, ['plan', 'answer', e.id, '--question', 'annual-benefit', '--value', 'not json']).code).toBe(2);

    const show = cli(t.dir, ['plan', 'show', e.id, '--json']);
    expect(show.code, show.stderr).toBe(0);
    const p = JSON.parse(show.stdout) as Record<string, unknown> & { answers: Record<string, unknown>; computed: Record<string, { total: number; subsidy: { amount: number }; net: number }>; gates: { phaseId: string; problems: { kind: string }[] }[] };
    expect(Object.keys(p)).toEqual(expect.arrayContaining(['template', 'schedule', 'progress', 'gates', 'answers']));
    expect(Object.keys(p.answers).sort()).toEqual(['costs', 'subsidy-program']);
    expect(p.computed['cost-summary']).toMatchObject({ total: 50_000_000, subsidy: { amount: 25_000_000 }, net: 25_000_000 });
    expect(p.gates.find((g) => g.phaseId === 'cost')!.problems.map((x) => x.kind)).toEqual(['required']);
    expect(cli(t.dir, ['plan', 'show', e.id]).stdout).toContain('関門');
  });
});

describe('CLI: template duplicate / delete, phase close / reopen, template update', () => {
  function json(r: { code: number | null; stdout: string; stderr: string }) {
    return JSON.parse(r.stdout) as Record<string, unknown>;
  }

  it('duplicates and deletes templates; bad input exits 2 with errors and their paths', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const dup = cli(t.dir, ['templates', 'duplicate', 'plan-a', '--new-id', 'my-a', '--name', '自治体向け Aコース', '--json']);
    expect(dup.code, dup.stderr).toBe(0);
    expect(json(dup)).toEqual({ id: 'my-a', name: '自治体向け Aコース', version: 1, from: 'plan-a' });
    const list = JSON.parse(cli(t.dir, ['templates', 'list', '--json']).stdout) as { id: string; builtIn: boolean; questions: number }[];
    expect(list.find((x) => x.id === 'my-a')).toMatchObject({ builtIn: false });
    expect(list.find((x) => x.id === 'my-a')!.questions).toBe(list.find((x) => x.id === 'plan-a')!.questions);

    // Without --new-id the core picks a free id.
    expect(json(cli(t.dir, ['templates', 'duplicate', 'plan-a', '--json']))).toMatchObject({ id: 'plan-a-copy', name: expect.stringContaining('（コピー）') });

    const taken = cli(t.dir, ['templates', 'duplicate', 'plan-b', '--new-id', 'my-a', '--json']);
    expect(taken.code).toBe(2);
    expect(json(taken)).toEqual({ errors: [{ path: 'id', message: '同じ id のテンプレートがすでにあります: my-a' }] });
    const badId = cli(t.dir, ['templates', 'duplicate', 'plan-b', '--new-id', 'My A', '--json']);
    expect(badId.code).toBe(2);
    expect(json(badId)).toEqual({ errors: [{ path: 'newId', message: expect.stringMatching(/小文字の英数字/) }] });
    const missing = cli(t.dir, ['templates', 'duplicate', 'nope', '--json']);
    expect(missing.code).toBe(2);
    expect(json(missing)).toEqual({ errors: [{ path: 'id', message: 'テンプレートが見つかりません: nope' }] });
    expect(missing.stderr).toContain('テンプレートが見つかりません');

    const builtIn = cli(t.dir, ['templates', 'delete', 'plan-a', '--json']);
    expect(builtIn.code).toBe(2);
    expect(json(builtIn)).toEqual({ errors: [{ path: 'id', message: '組み込みテンプレートは削除できません。' }] });
    const del = cli(t.dir, ['templates', 'delete', 'my-a', '--json']);
    expect(del.code, del.stderr).toBe(0);
    expect(json(del)).toEqual({ deleted: 'my-a', name: '自治体向け Aコース' });
    expect(cli(t.dir, ['templates', 'delete', 'my-a', '--json']).code).toBe(2);
    expect((JSON.parse(cli(t.dir, ['templates', 'list', '--json']).stdout) as { id: string }[]).map((x) => x.id)).not.toContain('my-a');
  });

  it('closes a phase only when its gate is clear (refusal lists the gate problems), reopens it, and updates the template keeping answers', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const client = JSON.parse(cli(t.dir, ['clients', 'add', '--name', '徳島県神山町', '--kind', 'municipality', '--prefecture', '徳島県', '--json']).stdout) as { id: string };
    const e = JSON.parse(cli(t.dir, ['engagements', 'add', '--client', client.id, '--program', 'plan-a', '--start', '2025-06-02', '--json']).stdout) as { id: string };
    expect(cli(t.dir, ['templates', 'duplicate', 'plan-a', '--new-id', 'my-a', '--json']).code).toBe(0);
    expect(cli(t.dir, ['plan', 'create', e.id, '--template', 'my-a', '--json']).code).toBe(0);

    const refused = cli(t.dir, ['plan', 'close-phase', e.id, '--phase', 'survey', '--json']);
    expect(refused.code).toBe(2);
    const errors = (json(refused) as { errors: { path: string; message: string }[] }).errors;
    expect(errors).toEqual([
      { path: 'questions.region-overview', message: expect.stringMatching(/^未記入: 地域の現状/) },
      { path: 'questions.issues', message: expect.stringMatching(/^未記入: /) },
      { path: 'questions.issues', message: '地域課題を1件以上書き出してください' },
    ]);
    expect(refused.stderr).toContain('まだ完了にできません');
    expect(json(cli(t.dir, ['plan', 'close-phase', e.id, '--json']))).toEqual({ errors: [{ path: 'phase', message: expect.stringMatching(/--phase/) }] });
    expect(json(cli(t.dir, ['plan', 'close-phase', e.id, '--phase', 'nope', '--json']))).toEqual({ errors: [{ path: 'phaseId', message: '計画にないフェーズです: nope' }] });
    expect(json(cli(t.dir, ['plan', 'close-phase', 'no-such-engagement', '--phase', 'survey', '--json']))).toEqual({ errors: [{ path: 'engagementId', message: expect.stringMatching(/案件が見つかりません/) }] });

    cli(t.dir, ['plan', 'answer', e.id, '--question', 'region-overview', '--value', '"人口は約5千人。"']);
    cli(t.dir, ['plan', 'answer', e.id, '--question', 'issues', '--value', JSON.stringify([{ id: 'i1', cells: { title: '公共交通の縮小', importance: '3', urgency: '2' } }])]);
    cli(t.dir, ['plan', 'answer', e.id, '--question', 'digital-status', '--value', '"光回線は全域"']);
    const closed = cli(t.dir, ['plan', 'close-phase', e.id, '--phase', 'survey', '--json']);
    expect(closed.code, closed.stderr).toBe(0);
    expect(json(closed)).toEqual({ engagementId: e.id, phaseId: 'survey', closed: true, closedPhases: ['survey'] });
    expect(cli(t.dir, ['plan', 'close-phase', e.id, '--phase', 'survey']).stdout).toContain('フェーズを完了にしました: 現状把握・課題の洗い出し');
    const reopened = cli(t.dir, ['plan', 'reopen-phase', e.id, '--phase', 'survey', '--json']);
    expect(reopened.code, reopened.stderr).toBe(0);
    expect(json(reopened)).toMatchObject({ closed: false, closedPhases: [] });

    // Edit the custom template (remove a question that has an answer), then update the plan.
    const file = path.join(t.dir, 'my-a.json');
    expect(cli(t.dir, ['templates', 'export', 'my-a', '--out', file]).code).toBe(0);
    const tpl = JSON.parse(fs.readFileSync(file, 'utf8')) as { phases: { sections: { questions: { id: string }[] }[] }[] };
    tpl.phases[0]!.sections[0]!.questions = tpl.phases[0]!.sections[0]!.questions.filter((q) => q.id !== 'digital-status');
    fs.writeFileSync(file, JSON.stringify(tpl));
    expect(cli(t.dir, ['templates', 'import', file, '--replace']).code).toBe(0);

    const upd = cli(t.dir, ['plan', 'update-template', e.id, '--json']);
    expect(upd.code, upd.stderr).toBe(0);
    expect(json(upd)).toEqual({
      engagementId: e.id,
      from: { templateId: 'my-a', version: 1 },
      to: { templateId: 'my-a', version: 2 },
      answers: 3,
      orphans: ['digital-status'],
      newlyOrphaned: [{ questionId: 'digital-status', reason: 'removed', message: expect.stringMatching(/削除されました/) }],
    });
    const show = JSON.parse(cli(t.dir, ['plan', 'show', e.id, '--json']).stdout) as { orphans: { questionId: string; value: unknown }[] };
    expect(show.orphans).toEqual([expect.objectContaining({ questionId: 'digital-status', value: '光回線は全域' })]);

    // Switching to another template; an unknown one is refused with its path.
    const other = cli(t.dir, ['plan', 'update-template', e.id, '--template', 'plan-a']);
    expect(other.code, other.stderr).toBe(0);
    expect(other.stdout).toContain('my-a v2 → plan-a v1');
    expect(other.stdout).toContain('回答はすべて残っています');
    const unknown = cli(t.dir, ['plan', 'update-template', e.id, '--template', 'nope', '--json']);
    expect(unknown.code).toBe(2);
    expect(json(unknown)).toEqual({ errors: [{ path: 'id', message: 'テンプレートが見つかりません: nope' }] });
  });
});
