import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import type { AppError } from '../../shared/errors.ts';
import { tempDir } from '../helpers/tmp.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

async function core(): Promise<Core> {
  const t = tempDir();
  const c = await createCore({ dataDir: t.dir, loadSeeds: false, autoBackup: false, backgroundCheck: false });
  cleanups.push(() => {
    c.close();
    t.cleanup();
  });
  return c;
}

async function refused(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a refusal');
}

const changesOf = (c: Core, entity: string, id: string) =>
  c.ctx.db.prepare('SELECT version, fields FROM changes WHERE entity = ? AND entity_id = ? ORDER BY seq').all(entity, id) as { version: number; fields: string | null }[];

describe('history, undo and stale-write refusal for cases', () => {
  it('an edit writes history and the change log; a save that changes nothing writes neither; undo reverts the last operation as a new one', async () => {
    const c = await core();
    const made = await c.call('cases.create', { title: '遠隔授業の実証', prefecture: '長野県', fields: ['教育'], tags: [] } as never);
    const edited = await c.call('cases.update', { id: made.id, patch: { title: '離島の遠隔授業', summary: '3校をつなぐ' }, expectedUpdatedAt: made.updatedAt });
    const h = await c.call('history.list', { entity: 'case', id: made.id });
    expect(h.items.map((i) => [i.field, i.label, i.oldValue, i.newValue])).toEqual([
      ['summary', '概要', '', '3校をつなぐ'],
      ['title', '題名', '遠隔授業の実証', '離島の遠隔授業'],
      ['(created)', '作成', null, null],
    ]);
    // Same values again: nothing written.
    await c.call('cases.update', { id: made.id, patch: { title: '離島の遠隔授業' } });
    expect((await c.call('history.list', { entity: 'case', id: made.id })).items).toHaveLength(3);
    expect(changesOf(c, 'case', made.id).map((x) => x.version)).toEqual([1, 2]);

    const undone = await c.call('history.undo', { entity: 'case', id: made.id, expectedUpdatedAt: edited.updatedAt });
    expect(undone).toMatchObject({ entity: 'case', id: made.id });
    expect(undone.fields.sort()).toEqual(['summary', 'title']);
    const back = await c.call('cases.get', { id: made.id });
    expect(back).toMatchObject({ title: '遠隔授業の実証', summary: '' });
    // The undo is itself an operation: two more history rows, one more change, and search follows.
    const after = await c.call('history.list', { entity: 'case', id: made.id });
    expect(after.items).toHaveLength(5);
    expect(changesOf(c, 'case', made.id).map((x) => x.version)).toEqual([1, 2, 3]);
    expect((await c.call('cases.search', { query: '遠隔授業の実証' })).items.map((i) => i.id)).toEqual([made.id]);
    expect((await c.call('cases.search', { query: '離島' })).items).toEqual([]);
    // Undo again undoes the undo (the last operation).
    await c.call('history.undo', { entity: 'case', id: made.id });
    expect((await c.call('cases.get', { id: made.id })).title).toBe('離島の遠隔授業');
  });

  it('refuses a stale edit or delete of a case with conflict and changes nothing', async () => {
    const c = await core();
    const made = await c.call('cases.create', { title: '観光DX' } as never);
    await c.call('cases.update', { id: made.id, patch: { summary: '先に保存した' } });
    const stale = await refused(c.call('cases.update', { id: made.id, patch: { summary: '古い画面から' }, expectedUpdatedAt: made.updatedAt }));
    expect(stale.code).toBe('conflict');
    expect(stale.message).toMatch(/ほかの画面で先に変更/);
    const del = await refused(c.call('cases.delete', { id: made.id, expectedUpdatedAt: made.updatedAt }));
    expect(del.code).toBe('conflict');
    expect((await c.call('cases.get', { id: made.id })).summary).toBe('先に保存した');
    expect((await c.call('history.list', { entity: 'case', id: made.id })).items).toHaveLength(2);
  });

  it('nothing to undo right after creation', async () => {
    const c = await core();
    const made = await c.call('cases.create', { title: '防災アプリ' } as never);
    expect((await refused(c.call('history.undo', { entity: 'case', id: made.id }))).code).toBe('not_found');
  });
});

describe('history and undo for the settings', () => {
  it('settings changes are one operation in history and the change log; undo restores the previous values', async () => {
    const c = await core();
    await c.call('settings.update', { advisorName: '山田 花子', dateStyle: 'seireki' });
    await c.call('settings.update', { advisorName: '山田 花子' }); // nothing changed: nothing written
    const h = await c.call('history.list', { entity: 'settings', id: 'app' });
    expect(h.items.map((i) => [i.field, i.label, i.oldValue, i.newValue]).sort()).toEqual([
      ['advisorName', 'アドバイザー名', '', '山田 花子'],
      ['dateStyle', '日付の表記', 'wareki', 'seireki'],
    ]);
    expect(changesOf(c, 'settings', 'app').map((x) => [x.version, JSON.parse(x.fields!)])).toEqual([[1, { advisorName: '山田 花子', dateStyle: 'seireki' }]]);
    const u = await c.call('history.undo', { entity: 'settings', id: 'app' });
    expect(u.fields.sort()).toEqual(['advisorName', 'dateStyle']);
    expect(await c.call('settings.get', {})).toEqual({ advisorName: '', organization: '', dateStyle: 'wareki' });
    expect(changesOf(c, 'settings', 'app')).toHaveLength(2);
  });
});
