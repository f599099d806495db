import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, DEFAULT_SEEDS_DIR } from '../../electron/core/index.ts';
import { readSeedCases } from '../../electron/core/cases/seeds.ts';
import { tempDir } from '../helpers/tmp.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

/** A seeds folder holding the first `n` real seed cases, with optional edits (a "new release"). */
function seedsFolder(n: number, edit?: (c: Record<string, unknown>, i: number) => void): string {
  const t = tempDir('banso-seeds-');
  cleanups.push(t.cleanup);
  const real = JSON.parse(fs.readFileSync(path.join(DEFAULT_SEEDS_DIR, 'cases', 'cases.json'), 'utf8')) as { cases: Record<string, unknown>[] };
  const cases = real.cases.slice(0, n).map((c) => ({ ...c }));
  if (edit) cases.forEach(edit);
  fs.mkdirSync(path.join(t.dir, 'cases'));
  fs.writeFileSync(path.join(t.dir, 'cases', 'cases.json'), JSON.stringify({ cases }));
  return t.dir;
}

function dataDir(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('seed cases', () => {
  it('the shipped seeds load on first run, searchable, with their sources', async () => {
    const seeds = readSeedCases(DEFAULT_SEEDS_DIR);
    expect(seeds.length).toBeGreaterThanOrEqual(40);
    const core = await createCore({ dataDir: dataDir() });
    try {
      expect((await core.call('app.info', {})).counts.cases).toBe(seeds.length);
      const r = await core.call('cases.search', { query: '神山' });
      expect(r.total).toBeGreaterThan(0);
      const c = await core.call('cases.get', { id: r.items[0]!.id });
      expect(c.origin).toBe('seed');
      expect(c.sources.length).toBeGreaterThan(0);
      for (const q of ['教育', 'IoT', 'AI', '課題', 'テレワーク']) expect((await core.call('cases.search', { query: q })).total, q).toBeGreaterThan(0);
    } finally {
      core.close();
    }
  });

  it('an upgrade updates untouched seeds, keeps user edits, and never resurrects a deleted seed', async () => {
    const dir = dataDir();
    const v1 = seedsFolder(5);
    let core = await createCore({ dataDir: dir, seedsDir: v1 });
    const ids = core.ctx.cases.repo.all().map((c) => c.id);
    expect(ids).toHaveLength(5);
    const before = await core.call('cases.get', { id: ids[0]! });
    await core.call('cases.update', { id: ids[0]!, patch: { title: '利用者が直した題名' } });
    // A patch changes only the fields it names (zod defaults must not fill the others in).
    const after = await core.call('cases.get', { id: ids[0]! });
    expect({ ...after, title: before.title, updatedAt: before.updatedAt }).toEqual({ ...before, origin: after.origin });
    expect(before.summary.length).toBeGreaterThan(0);
    await core.call('cases.delete', { id: ids[1]! });
    core.close();

    // Restart with the same seeds: nothing changes.
    core = await createCore({ dataDir: dir, seedsDir: v1 });
    expect(core.ctx.cases.repo.count()).toBe(4);
    core.close();

    // A new release changes every seed's summary and adds one more case.
    const v2 = seedsFolder(6, (c) => (c.summary = `${String(c.summary)}（改訂版）`));
    core = await createCore({ dataDir: dir, seedsDir: v2 });
    try {
      const edited = await core.call('cases.get', { id: ids[0]! });
      expect(edited.title).toBe('利用者が直した題名');
      expect(edited.summary).not.toContain('（改訂版）');
      expect((await core.invoke('cases.get', { id: ids[1]! })).ok).toBe(false);
      expect((await core.call('cases.get', { id: ids[2]! })).summary).toContain('（改訂版）');
      expect(core.ctx.cases.repo.count()).toBe(5); // 4 kept + 1 new, the deleted one stays deleted
    } finally {
      core.close();
    }
  });

  it('undoing a delete restores the seed case, and it then survives restarts', async () => {
    const dir = dataDir();
    const seeds = seedsFolder(3);
    let core = await createCore({ dataDir: dir, seedsDir: seeds });
    const id = core.ctx.cases.repo.all()[0]!.id;
    const { deleted } = await core.call('cases.delete', { id });
    await core.call('cases.restore', { case: deleted });
    core.close();
    core = await createCore({ dataDir: dir, seedsDir: seeds });
    try {
      expect((await core.call('cases.get', { id })).title).toBe(deleted.title);
      expect(core.ctx.cases.repo.count()).toBe(3);
    } finally {
      core.close();
    }
  });

  it('a broken seed file does not keep the user from their data', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    fs.mkdirSync(path.join(t.dir, 'cases'));
    fs.writeFileSync(path.join(t.dir, 'cases', 'bad.json'), JSON.stringify({ cases: [{ id: 'x', title: '' }] }));
    const core = await createCore({ dataDir: dataDir(), seedsDir: t.dir });
    try {
      expect((await core.call('app.info', {})).counts.cases).toBe(0);
    } finally {
      core.close();
    }
  });
});
