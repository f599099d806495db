import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli/main.ts';
import { createCore } from '../../electron/core/index.ts';
import { REPO_ROOT, tempDir } from '../helpers/tmp.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

async function run(dir: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['--data-dir', dir, ...args], { out: (s) => (out += s), err: (s) => (err += s), env: { ...process.env, BANSO_DATA_DIR: '' } });
  return { code, out, err };
}

describe('CLI history and undo', () => {
  it('history ENTITY ID --json lists the changes; undo ENTITY ID --json undoes the last operation, for a client and a case', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const core = await createCore({ dataDir: t.dir, loadSeeds: false, autoBackup: false, backgroundCheck: false });
    const client = await core.call('clients.create', { name: '神山町', kind: 'municipality', prefecture: '徳島県' });
    await core.call('clients.update', { id: client.id, patch: { notes: '山あいの町', population: 5000 } });
    const kase = await core.call('cases.create', { title: '古民家のサテライトオフィス' } as never);
    await core.call('cases.update', { id: kase.id, patch: { summary: '改修して貸し出す' } });
    core.close();

    const h = await run(t.dir, 'history', 'client', client.id, '--json');
    expect(h.code, h.err).toBe(0);
    const items = (JSON.parse(h.out) as { items: { field: string; newValue: unknown }[] }).items;
    expect(items.map((i) => i.field).sort()).toEqual(['(created)', 'notes', 'population']);

    const u = await run(t.dir, 'undo', 'client', client.id, '--json');
    expect(u.code, u.err).toBe(0);
    expect(JSON.parse(u.out)).toMatchObject({ entity: 'client', id: client.id });
    expect((JSON.parse(u.out) as { fields: string[] }).fields.sort()).toEqual(['notes', 'population']);

    const cu = await run(t.dir, 'undo', 'case', kase.id, '--json');
    expect(cu.code, cu.err).toBe(0);
    const ch = JSON.parse((await run(t.dir, 'history', 'case', kase.id, '--json')).out) as { items: { field: string; newValue: unknown }[] };
    expect(ch.items[0]).toMatchObject({ field: 'summary', newValue: '' });

    const check = await createCore({ dataDir: t.dir, loadSeeds: false, autoBackup: false, backgroundCheck: false });
    try {
      expect(await check.call('clients.get', { id: client.id })).toMatchObject({ notes: '', population: null });
      expect((await check.call('cases.get', { id: kase.id })).summary).toBe('');
    } finally {
      check.close();
    }
    // The undo was itself an operation: undoing again redoes the edit.
    const again = await run(t.dir, 'undo', 'client', client.id, '--json');
    expect(again.code).toBe(0);
    // A wrong entity is rejected with exit 2 and a Japanese message, nothing on stdout.
    const bad = await run(t.dir, 'history', 'spaceship', 'x', '--json');
    expect(bad).toMatchObject({ code: 2, out: '' });
    expect(bad.err).toMatch(/記録の種類は次のいずれかです/);
  });

  it('the bin prints only the JSON on stdout', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'electron/cli/bin.mjs'), '--data-dir', t.dir, 'history', 'case', 'nope', '--json'], { encoding: 'utf8', env: { ...process.env, BANSO_DATA_DIR: '' } });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ items: [], hasMore: false });
  });
});
