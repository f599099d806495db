import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
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
    expect(html).toContain('2025年7月1日'); // 策定経過: the support began with the engagement
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

  it('picks Excel by the file name: plan export --doc tables --out tables.xlsx, report log --fy 2025 --out log.xlsx', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const client = JSON.parse(cli(t.dir, ['clients', 'add', '--name', '岩手県金ケ崎町', '--kind', 'municipality', '--prefecture', '岩手県', '--json']).stdout) as { id: string };
    const e = JSON.parse(cli(t.dir, ['engagements', 'add', '--client', client.id, '--program', 'plan-b', '--start', '2025-07-01', '--json']).stdout) as { id: string };
    expect(cli(t.dir, ['plan', 'create', e.id, '--start', '2025-07-07', '--json']).code).toBe(0);
    const milestones = [{ id: 'm1', cells: { task: '機器の調達', start: '2026-05-01', end: '2026-09-30', owner: '企画課' } }];
    expect(cli(t.dir, ['plan', 'answer', e.id, '--question', 'milestones', '--value', JSON.stringify(milestones)]).code).toBe(0);
    expect(cli(t.dir, ['log', 'add', '--engagement', e.id, '--date', '2025-07-10', '--mode', 'visit', '--minutes', '90', '--topics', '現地調査', '--shareable', '--json']).code).toBe(0);
    const logged = JSON.parse(cli(t.dir, ['log', 'list', '--engagement', e.id, '--json']).stdout) as { shareable: boolean }[];
    expect(logged.map((x) => x.shareable)).toEqual([true]);

    const tables = path.join(t.dir, 'tables.xlsx');
    const r = cli(t.dir, ['plan', 'export', e.id, '--doc', 'tables', '--out', tables, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(tables);
    const ws = wb.getWorksheet('工程表')!;
    expect(ws.getCell('A1').value).toBe('金ケ崎町 ソリューション実装計画書（素案）　工程表');
    expect(ws.getRow(3).values).toEqual([undefined, '施策・取組', '令和8年度', '令和9年度', '令和10年度']);
    expect(ws.getRow(4).values).toEqual([undefined, '機器の調達', '導入', '運用', '運用']);
    expect(cli(t.dir, ['plan', 'export', e.id, '--doc', 'tables', '--out', path.join(t.dir, 'x.docx'), '--json']).code).toBe(2);

    const log = path.join(t.dir, 'log.xlsx');
    const l = cli(t.dir, ['report', 'log', '--fy', '2025', '--out', log, '--json']);
    expect(l.code, l.stderr).toBe(0);
    expect(JSON.parse(l.stdout)).toMatchObject({ count: 1 });
    const lw = new ExcelJS.Workbook();
    await lw.xlsx.readFile(log);
    const sheet = lw.worksheets[0]!;
    expect(sheet.name).toBe('令和7年度 支援記録');
    const head = (sheet.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => head.indexOf(name) + 1;
    expect(sheet.getRow(2).getCell(col('日付（和暦）')).value).toBe('令和7年7月10日');
    expect(sheet.getRow(2).getCell(col('日付')).value).toEqual(new Date('2025-07-10T00:00:00Z'));
    expect(sheet.getRow(2).getCell(col('時間（分）')).value).toBe(90);
    expect(sheet.getRow(2).getCell(col('時間（分）')).numFmt).toBe('#,##0');
    expect(sheet.getRow(2).getCell(col('議題')).value).toBe('現地調査');
    // The CSV beside it is unchanged.
    const csv = path.join(t.dir, 'log.csv');
    expect(cli(t.dir, ['report', 'log', '--fy', '2025', '--out', csv, '--json']).code).toBe(0);
    expect(fs.readFileSync(csv, 'utf8')).toContain('令和7年7月10日');
  });
});
