import { afterEach, describe, expect, it } from 'vitest';
import { replayChanges } from '../../electron/core/data/replay.ts';
import { compactChanges, DataStore } from '../../electron/core/data/store.ts';
import { CaseEntity } from '../../electron/core/cases/entity.ts';
import { ClientEntity, EngagementEntity, LogEntryEntity, NextActionEntity } from '../../electron/core/engagements/entities.ts';
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

/** The entities whose every write goes through the write path today (plans, templates, settings and synonyms do not yet). */
const LOGGED = [ClientEntity, EngagementEntity, LogEntryEntity, NextActionEntity, CaseEntity];

function records(c: Core) {
  const out: Record<string, unknown[]> = {};
  for (const e of LOGGED) {
    out[e.name] = (c.ctx.db.prepare(`${e.sql.all}`).all() as Record<string, unknown>[]).map((row) => {
      const r = e.toRecord(row as never) as Record<string, unknown>;
      // over_quota is derived (recomputed from the log by the quota rules), not a change of its own.
      if (e === LogEntryEntity) delete r.overQuota;
      return { ...r, version: row.version };
    });
  }
  return out;
}

describe('the change log', () => {
  it('replayed into an empty database gives the same records, versions included', async () => {
    const a = await core();
    const client = await a.call('clients.create', { name: '神山町', kind: 'municipality', prefecture: '徳島県' });
    await a.call('clients.update', { id: client.id, patch: { notes: '山あいの町', contacts: [{ name: '山田', role: '企画課' }] } as never });
    const gone = await a.call('clients.create', { name: '消える村', kind: 'municipality', prefecture: '高知県' });
    await a.call('clients.delete', { id: gone.id });
    const eng = await a.call('engagements.create', { clientId: client.id, program: 'advisor', startDate: '2026-04-01' });
    await a.call('engagements.update', { id: eng.id, patch: { title: '情報化の相談', advisors: ['佐藤'] } });
    const e1 = await a.call('log.create', {
      engagementId: eng.id,
      date: '2026-04-10',
      mode: 'visit',
      minutes: 120,
      nextActions: [{ task: '資料を送る' }, { task: '見積を取る', owner: '佐藤' }],
    });
    await a.call('log.setActionDone', { entryId: e1.entry.id, actionId: e1.entry.nextActions[0]!.id, done: true });
    await a.call('log.update', { id: e1.entry.id, patch: { nextActions: [{ id: e1.entry.nextActions[1]!.id, task: '見積を比べる' }, { task: '議会に説明' }] } });
    const e2 = await a.call('log.create', { engagementId: eng.id, date: '2026-04-20', mode: 'online', minutes: 30, nextActions: [{ task: '消える' }] });
    const deleted = await a.call('log.delete', { id: e2.entry.id });
    await a.call('log.restore', { entry: deleted.deleted });
    await a.call('log.delete', { id: e2.entry.id });
    const k = await a.call('cases.create', { title: '遠隔授業', fields: ['教育'], fiscalYear: 2022 } as never);
    await a.call('cases.update', { id: k.id, patch: { summary: '3校をつなぐ', tags: ['離島'] } });
    await a.call('history.undo', { entity: 'case', id: k.id });
    const k2 = await a.call('cases.create', { title: '消える事例' } as never);
    await a.call('cases.delete', { id: k2.id });
    const csv = 'id,title,summary,body,prefecture,municipality,organization,fields,technologies,programs,fiscal_year,outcomes,sources,tags\n,取り込んだ事例,,,長野県,,,,,,R3,,,\n';
    await a.call('cases.import', { format: 'csv', contentBase64: Buffer.from(csv).toString('base64') } as never);
    await a.call('engagements.attachCase', { id: eng.id, caseId: k.id });

    const log = DataStore.of(a.ctx.db).changesSince(0, 1_000_000);
    expect(log.length).toBeGreaterThan(20);
    const b = await core();
    replayChanges(b.ctx.db, log);
    expect(records(b)).toEqual(records(a));
    expect(records(a).logEntry).toHaveLength(1);
    expect(records(a).nextAction).toHaveLength(2);
    expect(records(a).case).toHaveLength(2);

    // Compacted (one entry per record below the mark), the log still replays to the same records.
    const removed = compactChanges(a.ctx.db, log[log.length - 1]!.seq + 1);
    expect(removed).toBeGreaterThan(5);
    const compacted = DataStore.of(a.ctx.db).changesSince(0, 1_000_000);
    expect(compacted.length).toBe(log.length - removed);
    const c = await core();
    replayChanges(c.ctx.db, compacted);
    expect(records(c)).toEqual(records(a));
  });
});
