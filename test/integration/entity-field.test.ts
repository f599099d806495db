import { afterEach, describe, expect, it } from 'vitest';
import { defineEntity, f } from '../../electron/core/data/entity.ts';
import { DataStore } from '../../electron/core/data/store.ts';
import { createCore, type Core } from '../../electron/core/index.ts';
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

const fields = {
  id: f.text(),
  title: f.text(),
  tags: f.json<string[]>(),
  updatedAt: f.text().stamp(),
};
const Before = defineEntity({ name: 'fixture', label: '見本', table: 'fixtures', key: ['id'], fields });
/** The same entity after "adding a field to it": one line in the definition. */
const After = defineEntity({ name: 'fixture', label: '見本', table: 'fixtures', key: ['id'], fields: { ...fields, fiscalYear: f.integer().orNull(), pinned: f.boolean() } });

describe('adding a field to an entity', () => {
  it('mappers, SQL, file columns, history and the change log follow the one new line of the definition', async () => {
    const c = await core();
    const db = c.ctx.db;
    db.exec("CREATE TABLE fixtures (id TEXT PRIMARY KEY, title TEXT NOT NULL, tags TEXT NOT NULL, updated_at TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1) STRICT");
    const s = DataStore.of(db);
    s.mutate({ entity: Before, id: 'a', create: { id: 'a', title: '前', tags: ['x'], updatedAt: '' } });
    expect(Before.fileColumns).toEqual(['id', 'title', 'tags', 'updated_at']);

    // The migration adds the columns; nothing else is written by hand.
    db.exec('ALTER TABLE fixtures ADD COLUMN fiscal_year INTEGER; ALTER TABLE fixtures ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0');
    expect(After.fileColumns).toEqual(['id', 'title', 'tags', 'updated_at', 'fiscal_year', 'pinned']);
    expect(After.sql.update).toContain('fiscal_year = @fiscal_year, pinned = @pinned');
    expect(s.read(After, 'a')!.record).toMatchObject({ id: 'a', title: '前', tags: ['x'], fiscalYear: null, pinned: false });

    const r = s.mutate({ entity: After, id: 'a', changes: { fiscalYear: 2024, pinned: true } });
    expect(r.changed.sort()).toEqual(['fiscalYear', 'pinned']);
    expect(db.prepare('SELECT fiscal_year, pinned FROM fixtures').get()).toEqual({ fiscal_year: 2024, pinned: 1 });
    expect(s.history('fixture', 'a', 10).rows.slice(0, 2).map((x) => [x.field, x.old, x.new]).sort()).toEqual([
      ['fiscalYear', null, 2024],
      ['pinned', false, true],
    ]);
    expect(s.changesSince(0).at(-1)!.fields).toMatchObject({ fiscalYear: 2024, pinned: true });
    s.mutate({ entity: After, id: 'b', create: { id: 'b', title: '後', tags: [], updatedAt: '', fiscalYear: 2025, pinned: false } });
    expect(After.toFileObject(s.read(After, 'b')!.record as never)).toMatchObject({ id: 'b', fiscal_year: 2025, pinned: false });
  });
});
