import { afterEach, describe, expect, it } from 'vitest';
import { compactChanges, DataStore } from '../../electron/core/data/store.ts';
import { ClientEntity } from '../../electron/core/engagements/entities.ts';
import { createCore, type Core } from '../../electron/core/index.ts';
import { AppError } from '../../shared/errors.ts';
import { tempDir } from '../helpers/tmp.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

async function store(): Promise<{ core: Core; s: DataStore }> {
  const t = tempDir();
  const core = await createCore({ dataDir: t.dir, loadSeeds: false, autoBackup: false, backgroundCheck: false });
  cleanups.push(() => {
    core.close();
    t.cleanup();
  });
  // A clock that stands still: the store still stamps every operation later than the one before.
  return { core, s: new DataStore(core.ctx.db, { now: () => new Date('2026-05-01T00:00:00.000Z') }) };
}

const ID = '0b6c1c1e-4a57-4a55-9a37-5d2a1f3c7e01';
const base = {
  id: ID,
  name: '神山町',
  kind: 'municipality',
  prefecture: '徳島県',
  population: 5000,
  fiscalStrength: null,
  employees: null,
  capitalYen: null,
  industry: '',
  notes: '',
  contacts: [],
  partnerMunicipalities: null,
  previousPartnerMunicipalities: null,
  createdAt: '',
  updatedAt: '',
};

const count = (core: Core, table: string) => core.ctx.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

describe('the write path (mutate)', () => {
  it('creates, updates and deletes with versions, history rows by operation and one change-log entry each', async () => {
    const { core, s } = await store();
    const created = s.mutate({ entity: ClientEntity, id: ID, create: base }, { opId: 'op-1' });
    expect(created.version).toBe(1);
    expect(s.versionOf(ClientEntity, ID)).toBe(1);
    const h1 = s.history('client', ID, 10).rows;
    expect(h1).toHaveLength(1);
    expect(h1[0]).toMatchObject({ field: '(created)', opId: 'op-1', new: { name: '神山町', population: 5000 } });

    const upd = s.mutate({ entity: ClientEntity, id: ID, expectedVersion: 1, changes: { notes: '山あい', population: 5100, name: '神山町' } }, { opId: 'op-2' });
    expect(upd.changed.sort()).toEqual(['notes', 'population']);
    expect(upd.version).toBe(2);
    const h2 = s.history('client', ID, 10).rows;
    expect(h2.slice(0, 2).map((r) => [r.field, r.old, r.new, r.opId]).sort()).toEqual([
      ['notes', '', '山あい', 'op-2'],
      ['population', 5000, 5100, 'op-2'],
    ]);
    const log = s.changesSince(0);
    expect(log.map((c) => [c.opId, c.version])).toEqual([
      ['op-1', 1],
      ['op-2', 2],
    ]);
    expect(log[1]!.fields).toEqual({ notes: '山あい', population: 5100, updatedAt: upd.at });
    expect(log[1]!.deviceId).toBe(s.deviceId);
    expect(log[1]!.hlc > log[0]!.hlc).toBe(true);

    const del = s.mutate({ entity: ClientEntity, id: ID, expectedVersion: 2, delete: true });
    expect(del.version).toBe(3);
    expect(s.read(ClientEntity, ID)).toBeNull();
    expect(s.changesSince(2)).toMatchObject([{ version: 3, fields: null }]);
    // A restore continues the record's versions.
    expect(s.mutate({ entity: ClientEntity, id: ID, restore: created.after! }).version).toBe(4);
    expect(count(core, 'changes')).toBe(4);
  });

  it('refuses a stale write with conflict and changes nothing', async () => {
    const { core, s } = await store();
    s.mutate({ entity: ClientEntity, id: ID, create: base });
    s.mutate({ entity: ClientEntity, id: ID, changes: { notes: 'A' } });
    const rows = [count(core, 'history'), count(core, 'changes')];
    let err: unknown;
    try {
      s.mutate({ entity: ClientEntity, id: ID, expectedVersion: 1, changes: { notes: 'B' } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('conflict');
    expect((err as AppError).message).toMatch(/ほかの画面で先に変更/);
    expect(s.read(ClientEntity, ID)).toMatchObject({ version: 2, record: { notes: 'A' } });
    expect([count(core, 'history'), count(core, 'changes')]).toEqual(rows);
    // The updatedAt convention of the older contract methods is the same check.
    const at = s.read<{ updatedAt: string }>(ClientEntity, ID)!.record.updatedAt;
    expect(() => s.mutate({ entity: ClientEntity, id: ID, expectedUpdatedAt: '2000-01-01T00:00:00.000Z', changes: { notes: 'B' } })).toThrow(/ほかの画面/);
    expect(s.mutate({ entity: ClientEntity, id: ID, expectedUpdatedAt: at, changes: { notes: 'B' } }).version).toBe(3);
  });

  it('writes no history row and no change for a save that changed nothing', async () => {
    const { core, s } = await store();
    s.mutate({ entity: ClientEntity, id: ID, create: base });
    const rows = [count(core, 'history'), count(core, 'changes')];
    const r = s.mutate({ entity: ClientEntity, id: ID, changes: { name: '神山町', notes: '' } });
    expect(r).toMatchObject({ changed: [], version: 1 });
    expect([count(core, 'history'), count(core, 'changes')]).toEqual(rows);
  });

  it('groups the mutations of one operation under one op id, and rolls all of them back together', async () => {
    const { core, s } = await store();
    const other = '0b6c1c1e-4a57-4a55-9a37-5d2a1f3c7e02';
    s.operation((op) => {
      op.mutate({ entity: ClientEntity, id: ID, create: base });
      op.mutate({ entity: ClientEntity, id: other, create: { ...base, id: other, name: '上勝町' } });
    });
    const ops = core.ctx.db.prepare('SELECT DISTINCT op_id FROM changes').pluck().all();
    expect(ops).toHaveLength(1);
    const before = count(core, 'changes');
    expect(() =>
      s.operation((op) => {
        op.mutate({ entity: ClientEntity, id: ID, changes: { notes: 'x' } });
        op.mutate({ entity: ClientEntity, id: other, expectedVersion: 7, changes: { notes: 'y' } });
      }),
    ).toThrow(/ほかの画面/);
    expect(count(core, 'changes')).toBe(before);
    expect(s.read(ClientEntity, ID)!.record).toMatchObject({ notes: '' });
  });

  it('"every change since seq N" is one range scan of the primary key', async () => {
    const { core } = await store();
    const plan = core.ctx.db.prepare('EXPLAIN QUERY PLAN SELECT * FROM changes WHERE seq > ? ORDER BY seq LIMIT ?').all(0, 10) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/SEARCH changes USING INTEGER PRIMARY KEY \(rowid>\?\)/);
  });

  it('compaction keeps one entry per record below the mark that replays to the same records', async () => {
    const { core, s } = await store();
    const other = '0b6c1c1e-4a57-4a55-9a37-5d2a1f3c7e02';
    s.mutate({ entity: ClientEntity, id: ID, create: base });
    s.mutate({ entity: ClientEntity, id: other, create: { ...base, id: other, name: '上勝町' } });
    for (let i = 0; i < 5; i++) s.mutate({ entity: ClientEntity, id: ID, changes: { notes: `v${i}`, population: 5000 + i } });
    s.mutate({ entity: ClientEntity, id: other, delete: true });
    const mark = (core.ctx.db.prepare('SELECT max(seq) FROM changes').pluck().get() as number) + 1;
    s.mutate({ entity: ClientEntity, id: ID, changes: { industry: '林業' } });
    const fold = (entries: ReturnType<DataStore['changesSince']>) => {
      const state = new Map<string, Record<string, unknown> | null>();
      for (const c of entries) state.set(c.entityId, c.fields === null ? null : { ...(state.get(c.entityId) ?? {}), ...c.fields });
      return state;
    };
    const full = fold(s.changesSince(0));
    const removed = compactChanges(core.ctx.db, mark);
    expect(removed).toBe(6);
    const compacted = s.changesSince(0);
    expect(compacted.filter((c) => c.seq < mark)).toHaveLength(2);
    expect(compacted.filter((c) => c.seq >= mark)).toHaveLength(1);
    expect(fold(compacted)).toEqual(full);
    expect(full.get(ID)).toMatchObject({ notes: 'v4', population: 5004, industry: '林業' });
    expect(full.get(other)).toBeNull();
  });
});
