import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import { REPO_ROOT, tempDir } from '../helpers/tmp.ts';

/**
 * Error messages quote a bad value as a short, cleaned excerpt (shared/excerpt.ts): never the
 * whole value (a 20 MB cell once gave a 20 MB message), never NULs or other control characters.
 * Everything goes through the real dispatcher on a real database.
 */

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

async function freshCore(): Promise<Core> {
  const t = tempDir('banso-excerpt-');
  const core = await createCore({ dataDir: t.dir, loadSeeds: false, autoBackup: false });
  cleanups.push(() => {
    core.close();
    t.cleanup();
  });
  return core;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const MB20 = 20 * 1024 * 1024;
/** NULs, other control characters and a right-to-left override, then 20 MB. */
const HOSTILE = `\u0000\u0000ﾄｸｼﾏ\u0007\u202E県${'あ'.repeat(MB20 / 3)}\u0000`;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E]/;

function expectShortAndClean(message: string, max = 400) {
  expect(message.length, message.slice(0, 200)).toBeLessThan(max);
  expect(CONTROL.test(message), JSON.stringify(message.slice(0, 200))).toBe(false);
}

describe('a bad value is quoted as a short, cleaned excerpt', () => {
  const HEADER = 'id,title,summary,body,prefecture,municipality,organization,fields,technologies,programs,fiscal_year,outcomes,sources,tags';

  it('a 20 MB cell with NULs in a JSON case import: the problem names row and column and quotes 40 characters', async () => {
    const core = await freshCore();
    const file = JSON.stringify([{ title: '巨大なセル', summary: '', body: '', prefecture: HOSTILE, fields: [HOSTILE.slice(0, 5000)], outcomes: [`x${HOSTILE.slice(0, 5000)}`] }]);
    const r = await core.call('cases.importPreview', { format: 'json', contentBase64: b64(file) });
    expect(r.rejected.length).toBeGreaterThanOrEqual(2);
    for (const p of r.rejected) expectShortAndClean(p.message);
    const pref = r.rejected.find((p) => p.column === 'prefecture')!;
    expect(pref.row).toBe(1);
    expect(pref.message).toContain('「ﾄｸｼﾏ 県あああ'); // the beginning of the value, cleaned: NULs gone, the control as one space
    expect(pref.message).toMatch(/…」/);
    expect(JSON.stringify(r).length).toBeLessThan(4000);
  });

  it('a 20 MB cell with NULs in a CSV case import', async () => {
    const core = await freshCore();
    const csv = `${HEADER}\n,巨大なセル,,,"${HOSTILE}",,,,,,,,,\n`;
    const r = await core.call('cases.importPreview', { format: 'csv', contentBase64: b64(csv) });
    const pref = r.rejected.find((p) => p.column === 'prefecture');
    expect(pref, JSON.stringify(r.rejected).slice(0, 500)).toBeDefined();
    for (const p of r.rejected) expectShortAndClean(p.message);
    expect(JSON.stringify(r).length).toBeLessThan(4000);
  });

  it('broken JSON: the parser message (which quotes the input) is cleaned too', async () => {
    const core = await freshCore();
    const r = await core.invoke('cases.importPreview', { format: 'json', contentBase64: b64(`x\u0000\u0000\u202E${'y'.repeat(100_000)}`) });
    expect(r.ok).toBe(false);
    if (!r.ok) expectShortAndClean(r.error.message);
  });

  it('contract inputs: a date, an unknown key, an unknown method and a missing id, each with NULs and a megabyte', async () => {
    const core = await freshCore();
    const big = `\u0000\u0000${'z'.repeat(1_000_000)}`;
    const client = await core.call('clients.create', { name: '抜粋の町', kind: 'municipality', prefecture: '徳島県' });
    const eng = await core.call('engagements.create', { clientId: client.id, program: 'advisor', startDate: '2025-04-01' });
    const calls: [string, unknown][] = [
      ['log.create', { engagementId: eng.id, date: big, mode: 'visit', minutes: 60 }],
      ['clients.create', { name: '町', kind: 'municipality', prefecture: '徳島県', [big]: 1 }],
      [big, {}],
      ['cases.get', { id: big }],
    ];
    for (const [method, input] of calls) {
      const r = await core.invoke(method, input);
      expect(r.ok, method.slice(0, 20)).toBe(false);
      if (r.ok) continue;
      expectShortAndClean(r.error.message);
      expect(JSON.stringify(r.error).length, method.slice(0, 20)).toBeLessThan(2000);
    }
  });

  it('the CLI quotes a bad option value the same way', () => {
    const t = tempDir('banso-excerpt-cli-');
    cleanups.push(t.cleanup);
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'electron/cli/bin.mjs'), '--data-dir', t.dir, 'report', 'log', '--fy', `\u202E令和${'九'.repeat(30_000)}`, '--out', path.join(t.dir, 'x.csv')], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, BANSO_DATA_DIR: '' },
    });
    expect(r.status).toBe(2);
    const line = r.stderr.split('\n').find((l) => l.includes('--fy'))!;
    expectShortAndClean(line);
    expect(line).toContain('令和九九');
  });
});
