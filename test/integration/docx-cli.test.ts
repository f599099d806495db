import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import mammoth from 'mammoth';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../helpers/tmp.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function cli(dir: string, args: string[]) {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'electron/cli/bin.mjs'), '--data-dir', dir, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, BANSO_DATA_DIR: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI: plan export', () => {
  it('writes the plan and the report as DOCX, prints only JSON with --json, and exits 2 on bad input', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const client = JSON.parse(cli(t.dir, ['clients', 'add', '--name', '岩手県金ケ崎町', '--kind', 'municipality', '--prefecture', '岩手県', '--json']).stdout) as { id: string };
    const e = JSON.parse(cli(t.dir, ['engagements', 'add', '--client', client.id, '--program', 'plan-b', '--start', '2025-07-01', '--json']).stdout) as { id: string };
    expect(cli(t.dir, ['plan', 'create', e.id, '--start', '2025-07-07', '--json']).code).toBe(0);
    cli(t.dir, ['plan', 'answer', e.id, '--question', 'solution-summary', '--value', '"除雪車の**自動運転**を実装する。"']);

    const out = path.join(t.dir, 'plan.docx');
    const r = cli(t.dir, ['plan', 'export', e.id, '--out', out, '--era', 'seireki', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ out: path.resolve(out), fileName: expect.stringMatching(/\.docx$/) });
    const html = (await mammoth.convertToHtml({ path: out })).value;
    expect(html).toContain('ソリューション実装計画書');
    expect(html).toContain('<strong>自動運転</strong>');
    expect(html).toContain('2025年7月7日');
    expect(fs.readdirSync(t.dir).filter((f) => f.includes('.tmp-'))).toEqual([]);

    const rep = path.join(t.dir, 'report.docx');
    expect(cli(t.dir, ['plan', 'export', e.id, '--out', rep, '--doc', 'report', '--json']).code).toBe(0);
    expect((await mammoth.extractRawText({ path: rep })).value).toContain('支援実施報告書');

    const bad = cli(t.dir, ['plan', 'export', e.id, '--out', path.join(t.dir, 'x.docx'), '--era', 'bc', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/era.*wareki/);
    expect(fs.existsSync(path.join(t.dir, 'x.docx'))).toBe(false);
    expect(cli(t.dir, ['plan', 'export', e.id, '--json']).code).toBe(2);
  });
});
