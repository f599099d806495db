import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../helpers/tmp.ts';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  const t = tempDir();
  dir = t.dir;
  cleanup = t.cleanup;
});
afterAll(() => cleanup());

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'electron/cli/bin.mjs'), '--data-dir', dir, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, BANSO_DATA_DIR: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(...args: string[]) {
  const r = cli(...args, '--json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

function counts() {
  return json('info').counts as Record<string, number>;
}

describe('CLI: clients, engagements, log, report, eligibility', () => {
  let clientId: string;
  let engagementId: string;

  it('clients add / list / get', () => {
    const c = json('clients', 'add', '--name', '神山町', '--kind', 'municipality', '--prefecture', '徳島', '--population', '5,000', '--fiscal-strength', '0.21');
    expect(c).toMatchObject({ name: '神山町', kind: 'municipality', prefecture: '徳島県', population: 5000, fiscalStrength: 0.21, capitalYen: null });
    clientId = c.id;
    const firm = json('clients', 'add', '--name', '株式会社テスト', '--kind', 'company', '--prefecture', '徳島県', '--capital', '30000000');
    expect(firm.capitalYen).toBe(30_000_000);
    const list = json('clients', 'list');
    expect(list.map((x: { name: string }) => x.name).sort()).toEqual(['株式会社テスト', '神山町']);
    expect(json('clients', 'get', clientId)).toEqual(c);
    const text = cli('clients', 'get', clientId);
    expect(text.stdout).toMatch(/神山町（その他の市町村、徳島県）/);
  });

  it('engagements add / list / get, plan-a with a default planned end', () => {
    const e = json('engagements', 'add', '--client', clientId, '--program', 'advisor', '--start', '2025-04-01');
    expect(e).toMatchObject({ clientId, program: 'advisor', startDate: '2025-04-01', plannedEnd: null, status: 'preparing' });
    engagementId = e.id;
    const p = json('engagements', 'add', '--client', clientId, '--program', 'plan-a', '--start', '2025-11-30');
    expect(p.plannedEnd).toBe('2026-02-28');
    expect(json('engagements', 'list', '--client', clientId)).toHaveLength(2);
    expect(json('engagements', 'list')).toHaveLength(2);
    expect(json('engagements', 'get', engagementId)).toMatchObject({ id: engagementId, clientName: '神山町', entries: 0 });
  });

  it('log add prints the entry and the quota {used, limit, unit, exceeded}; the 4th dispatch is flagged', () => {
    const dates = ['2025-05-01', '2025-07-01', '2026-03-31'];
    dates.forEach((d, i) => {
      const r = json('log', 'add', '--engagement', engagementId, '--date', d, '--mode', 'visit', '--minutes', '120', '--topics', `第${i + 1}回`, '--notes=- 課題の整理'); // a value starting with '-' needs --opt=value
      expect(r).toMatchObject({ engagementId, date: d, mode: 'visit', minutes: 120, topics: `第${i + 1}回`, notes: '- 課題の整理', overQuota: false });
      expect(r.quota).toEqual({ used: i + 1, limit: 3, unit: '回', exceeded: false });
    });
    // Next fiscal year: online only, counted in hours.
    expect(json('log', 'add', '--engagement', engagementId, '--date', '2026-04-01', '--mode', 'online', '--minutes', '90').quota).toEqual({ used: 1.5, limit: 10, unit: '時間', exceeded: false });
    const over = cli('log', 'add', '--engagement', engagementId, '--date', '2026-03-31', '--mode', 'visit', '--minutes', '60', '--json');
    expect(over.code, over.stderr).toBe(0);
    const v = JSON.parse(over.stdout);
    expect(v.quota).toEqual({ used: 4, limit: 3, unit: '回', exceeded: true });
    expect(v.overQuota).toBe(true);
    expect(over.stderr).toMatch(/上限を超えた記録です/);
  });

  it('log list shows the engagement log newest first', () => {
    const items = json('log', 'list', '--engagement', engagementId);
    expect(items.map((x: { date: string }) => x.date)).toEqual(['2026-04-01', '2026-03-31', '2026-03-31', '2025-07-01', '2025-05-01']);
    expect(cli('log', 'list', '--engagement', engagementId).stdout).toMatch(/2025-05-01（令和7年5月1日） 訪問 120分/);
  });

  it('rejects bad input with exit 2, a Japanese message on stderr, nothing on stdout and nothing written', () => {
    const before = counts();
    const bad: [string[], RegExp][] = [
      [['log', 'add', '--engagement', engagementId, '--date', '2025-02-30', '--mode', 'visit', '--minutes', '60'], /存在しない日付です: 2025-02-30/],
      [['log', 'add', '--engagement', engagementId, '--date', '2025-05-02', '--mode', 'visit', '--minutes=-5'], /時間（分）は1分以上/],
      [['log', 'add', '--engagement', engagementId, '--date', '2025-05-02', '--mode', 'visit', '--minutes', '-5'], /1分以上1,440分以下/],
      [['log', 'add', '--engagement', engagementId, '--date', '2025-05-02', '--mode', 'visit', '--minutes', '99999'], /1,440分以下/],
      [['log', 'add', '--engagement', engagementId, '--date', '2025-05-02', '--mode', 'visit', '--minutes', '一時間'], /--minutes（時間（分））には整数/],
      [['log', 'add', '--engagement', engagementId, '--date', '2025-05-02', '--mode', 'visit'], /--minutes（時間（分））は必須/],
      [['log', 'add', '--engagement', engagementId, '--date', '2025-05-02', '--mode', 'fax', '--minutes', '5'], /「mode」/],
      [['engagements', 'add', '--client', '6f1c1f4e-5a8e-4a57-9d55-2b7f3c1d9e10', '--program', 'advisor', '--start', '2025-04-01'], /支援先が見つかりません/],
      [['engagements', 'add', '--client', clientId, '--program', 'plan-c', '--start', '2025-04-01'], /「program」/],
      [['clients', 'add', '--name', '神山町', '--prefecture', '徳島県'], /--kind（種別）は必須/],
      [['clients', 'add', '--name', '神山町', '--kind', 'municipality', '--prefecture', '徳島県', '--fiscal-strength', '7'], /財政力指数は0以上3以下/],
      [['clients', 'add', '--name', '神山町', '--kind', 'municipality', '--prefecture', '徳島県', '--population=-3'], /人口は0人以上/],
      [['clients', 'get', 'no-such-id'], /支援先が見つかりません/],
      [['eligibility', 'no-such-id'], /支援先が見つかりません/],
      [['report', 'log', '--fy', 'someday', '--out', path.join(dir, 'x.csv')], /--fy（年度）が正しくありません/],
    ];
    for (const [args, msg] of bad) {
      const r = cli(...args, '--json');
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(2);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr, args.join(' ')).toMatch(msg);
    }
    expect(counts()).toEqual(before);
    expect(fs.existsSync(path.join(dir, 'x.csv'))).toBe(false);
  });

  it('report log writes the fiscal-year CSV through a temporary file', () => {
    const out = path.join(dir, 'report.csv');
    const r = json('report', 'log', '--fy', '2025', '--out', out);
    expect(r).toEqual({ out, fiscalYear: 2025, count: 4 });
    const bytes = fs.readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toMatch(/\r\n2025,令和7年度,2025-05-01,令和7年5月1日,/);
    expect(text).not.toMatch(/2026-04-01/);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(json('report', 'log', '--fy', 'R8', '--out', out, '--program', 'advisor').count).toBe(1);
    expect(json('report', 'log', '--fy', '2025', '--out', out, '--client', clientId, '--program', 'plan-a').count).toBe(0);
  });

  it('eligibility prints [{program, status, reasons}] for every catalogue program', () => {
    const v = json('eligibility', clientId) as { program: string; status: string; reasons: string[] }[];
    expect(v).toHaveLength(13);
    for (const item of v) expect(Object.keys(item)).toEqual(['program', 'status', 'reasons']);
    const by = Object.fromEntries(v.map((x) => [x.program, x]));
    expect(by['plan-support']).toMatchObject({ status: 'eligible' });
    expect(by['system-building']).toMatchObject({ status: 'ineligible' });
    expect(by['overseas']!.status).toBe('ineligible');
    const text = cli('eligibility', clientId);
    expect(text.stdout).toMatch(/\[対象\] 地域社会DX推進パッケージ事業 計画策定支援（plan-support）/);
  });
});
