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

describe('CLI: search', () => {
  let clientId: string;
  let engagementId: string;
  let entryId: string;

  beforeAll(() => {
    clientId = json('clients', 'add', '--name', '雫川町', '--kind', 'municipality', '--prefecture', '岩手県').id;
    engagementId = json('engagements', 'add', '--client', clientId, '--program', 'plan-a', '--start', '2026-04-01').id;
    const log = json('log', 'add', '--engagement', engagementId, '--date', '2026-05-01', '--mode', 'visit', '--minutes', '90', '--topics', 'テレワーク規程の確認');
    entryId = (log.entry ?? log).id;
    json('plan', 'create', engagementId, '--template', 'plan-a', '--start', '2026-04-01');
    json('plan', 'answer', engagementId, '--question', 'digital-status', '--value', '"庁内のﾃﾚﾜｰｸは未導入"');
  });

  it('prints {"results": [{kind, id, title, snippet, engagementId?}]} grouped by kind, on a real SQLite file', () => {
    expect(fs.existsSync(path.join(dir, 'banso.sqlite3'))).toBe(true);
    const r = json('search', '雫川');
    expect(Object.keys(r)).toEqual(['results']);
    expect(r.results.map((x: { kind: string; id: string }) => [x.kind, x.id])).toEqual([
      ['client', clientId],
      ['engagement', engagementId],
    ]);
    expect(r.results[0]).toMatchObject({ kind: 'client', title: '雫川町' });
    expect(Object.keys(r.results[0])).toEqual(['kind', 'id', 'title', 'snippet']);
    expect(Object.keys(r.results[1])).toEqual(['kind', 'id', 'title', 'snippet', 'engagementId']);
    expect(r.results[1].engagementId).toBe(engagementId);
    const tw = json('search', 'テレワーク');
    const kinds = tw.results.map((x: { kind: string }) => x.kind);
    expect(kinds.indexOf('log')).toBeLessThan(kinds.indexOf('plan'));
    const log = tw.results.find((x: { kind: string }) => x.kind === 'log');
    expect(log).toMatchObject({ id: entryId, engagementId, title: 'テレワーク規程の確認' });
    const plan = tw.results.find((x: { kind: string }) => x.kind === 'plan');
    expect(plan).toMatchObject({ id: `${engagementId}#digital-status`, engagementId, title: 'デジタル化の現状', snippet: '庁内の**ﾃﾚﾜｰｸ**は未導入' });
  });

  it('--kind and --limit narrow the results; a bad value exits 2 with a Japanese message', () => {
    expect(json('search', 'テレワーク', '--kind', 'log').results.map((x: { kind: string }) => x.kind)).toEqual(['log']);
    expect(json('search', '計画', '--kind', 'template', '--limit', '1').results).toHaveLength(1);
    const bad = cli('search', 'テレワーク', '--kind', 'nope', '--json');
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/--kind には client/);
    const limit = cli('search', 'x', '--limit', '0');
    expect(limit.code).toBe(2);
    expect(limit.stderr).toMatch(/--limit には 1〜100/);
    expect(cli('search').code).toBe(2);
  });

  it('prints groups for people without --json', () => {
    const r = cli('search', '雫川');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/■ 支援先\n- \*\*雫川\*\*町（岩手県・その他の市町村）/);
    expect(cli('search', '見当たらない語').stdout).toMatch(/見つかりませんでした/);
  });
});
