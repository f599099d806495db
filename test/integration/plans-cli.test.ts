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
