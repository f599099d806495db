import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import { openDatabase } from '../../electron/core/db/open.ts';
import { MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { GLOBAL_SEARCH_VERSION } from '../../electron/core/db/migrations/0011_global_search.ts';
import { tempDir } from '../helpers/tmp.ts';
import { addClient, addEngagement, addLog } from '../helpers/engagements.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

async function core(dir?: string): Promise<Core> {
  const d = dir ?? tempDir().dir;
  const c = await createCore({ dataDir: d, loadSeeds: false, autoBackup: false, backgroundCheck: false });
  cleanups.push(() => c.close());
  return c;
}

/** 雫川町 with an engagement, a visit about テレワーク and a plan answer. */
async function world(c: Core) {
  const client = await addClient(c, { name: '雫川町', prefecture: '岩手県', notes: '山あいの町。' });
  const other = await addClient(c, { name: '北浜市', prefecture: '北海道' });
  const e = await addEngagement(c, { clientId: client.id, program: 'plan-a', title: '雫川町 地域DX計画' });
  const e2 = await addEngagement(c, { clientId: other.id, program: 'telework' });
  const log = await addLog(c, {
    engagementId: e.id,
    topics: '庁内のテレワーク導入',
    notes: '総務課と在宅勤務の規程を確認した。',
    decisions: 'ＶＰＮの見積もりを取る',
    nextActions: [{ task: '規程案を送る', owner: '佐藤' }],
  });
  const log2 = await addLog(c, { engagementId: e2.id, topics: '観光の現状', notes: '宿泊の統計を見た。' });
  await c.call('plan.create', { engagementId: e.id, startDate: '2025-06-02' });
  await c.call('plan.answer', { engagementId: e.id, questionId: 'region-overview', value: '人口減少が続き、ﾃﾚﾜｰｸ移住の相談が増えている。' });
  return { client, other, e, e2, log: log.entry ?? log, log2: log2.entry ?? log2 };
}

const kinds = (r: { groups: { kind: string }[] }) => r.groups.map((g) => g.kind);

describe('search.global', () => {
  it('finds a client by name, and its engagement by the client name, with context', async () => {
    const c = await core();
    const w = await world(c);
    const r = await c.call('search.global', { query: '雫川' });
    const client = r.groups.find((g) => g.kind === 'client')!;
    expect(client.items.map((h) => h.id)).toEqual([w.client.id]);
    expect(client.items[0]!.titleParts.filter((p) => p.hit).map((p) => p.text)).toEqual(['雫川']);
    expect(client.items[0]!.context).toContain('岩手県');
    const eng = r.groups.find((g) => g.kind === 'engagement')!;
    expect(eng.items.map((h) => [h.id, h.engagementId, h.clientId])).toEqual([[w.e.id, w.e.id, w.client.id]]);
    expect(kinds(r)).not.toContain('template');
  });

  it('finds log entries and plan answers with NFKC, synonyms and 1–2 character words, and says where they are', async () => {
    const c = await core();
    const w = await world(c);
    const logId = 'id' in w.log ? (w.log as { id: string }).id : '';
    // テレワーク: the topics, 在宅勤務 (a synonym) in the notes, ﾃﾚﾜｰｸ (half-width) in a plan answer.
    const r = await c.call('search.global', { query: 'テレワーク' });
    const log = r.groups.find((g) => g.kind === 'log')!;
    expect(log.items.map((h) => [h.id, h.entryId, h.engagementId])).toEqual([[logId, logId, w.e.id]]);
    expect(log.items[0]!.context).toContain('雫川町 地域DX計画');
    const plan = r.groups.find((g) => g.kind === 'plan')!;
    expect(plan.items).toHaveLength(1);
    expect(plan.items[0]).toMatchObject({ id: `${w.e.id}#region-overview`, engagementId: w.e.id, questionId: 'region-overview', phaseId: 'survey', title: '地域の概況（人口・産業・地理）' });
    expect(plan.items[0]!.context).toContain('現状把握・課題の洗い出し');
    expect(plan.items[0]!.snippetParts.filter((p) => p.hit).map((p) => p.text)).toEqual(['ﾃﾚﾜｰｸ']);
    // The synonym finds the entry through its notes; a 2-character word through the side index.
    expect((await c.call('search.global', { query: '在宅勤務', kind: 'log' })).groups[0]!.items.map((h) => h.id)).toEqual([logId]);
    expect((await c.call('search.global', { query: '観光', kind: 'log' })).groups[0]!.items.map((h) => h.id)).toEqual([(w.log2 as { id: string }).id]);
    expect((await c.call('search.global', { query: 'vpn', kind: 'log' })).groups[0]!.items.map((h) => h.id)).toEqual([logId]);
    // Next actions belong to their entry.
    expect((await c.call('search.global', { query: '規程案', kind: 'log' })).groups[0]!.items.map((h) => h.id)).toEqual([logId]);
    // Exclusion and a word found nowhere.
    expect(await c.call('search.global', { query: 'テレワーク -総務課', kind: 'log' })).toMatchObject({ groups: [] });
    expect((await c.call('search.global', { query: '存在しない言葉' })).groups).toEqual([]);
  });

  it('follows every change: an edit, a rename of the client, a deletion', async () => {
    const c = await core();
    const w = await world(c);
    const logId = (w.log as { id: string }).id;
    expect((await c.call('search.global', { query: '雫川' })).groups.length).toBeGreaterThan(0);
    await c.call('clients.update', { id: w.client.id, patch: { name: '霧ヶ峰村' } } as never);
    const renamed = await c.call('search.global', { query: '霧ヶ峰' });
    expect(renamed.groups.map((g) => [g.kind, g.items.length])).toEqual([
      ['client', 1],
      ['engagement', 1],
    ]);
    expect((await c.call('search.global', { query: '雫川', kind: 'client' })).groups).toEqual([]);
    await c.call('log.delete', { id: logId } as never);
    expect((await c.call('search.global', { query: '規程案' })).groups).toEqual([]);
  });

  it('queues changes made by an UPSERT or INSERT OR REPLACE (a trigger\'s conflict clause would be overridden)', async () => {
    const c = await core();
    const w = await world(c);
    // plan.answer is an UPSERT: answering the same question again must work and be found.
    await c.call('plan.answer', { engagementId: w.e.id, questionId: 'region-overview', value: '温泉と林業の町。' });
    await c.call('plan.answer', { engagementId: w.e.id, questionId: 'region-overview', value: '温泉と漁業の町。' });
    expect((await c.call('search.global', { query: '漁業', kind: 'plan' })).groups[0]!.items.map((h) => h.questionId)).toEqual(['region-overview']);
    expect((await c.call('search.global', { query: '林業', kind: 'plan' })).groups).toEqual([]);
    const now = new Date().toISOString();
    const replace = c.ctx.db.prepare("INSERT OR REPLACE INTO clients (id, name, kind, prefecture, created_at, updated_at) VALUES ('c-rep', ?, 'municipality', '北海道', ?, ?)");
    replace.run('北浜港', now, now);
    replace.run('北浜市役所', now, now);
    c.ctx.db.prepare("INSERT OR ABORT INTO clients (id, name, kind, prefecture, created_at, updated_at) VALUES ('c-new', '北浜町', 'municipality', '北海道', ?, ?)").run(now, now);
    c.ctx.db.prepare("UPDATE OR ABORT clients SET name = '北浜村' WHERE id = 'c-new'").run();
    expect((await c.call('search.global', { query: '北浜', kind: 'client' })).groups[0]!.items.map((h) => h.title).sort()).toEqual(['北浜市', '北浜市役所', '北浜村']);
  });

  it('finds cases through the case index and templates (built-in and own)', async () => {
    const c = await core();
    await c.call('cases.create', { title: '雫川町のテレワーク拠点', summary: '空き校舎をサテライトオフィスに', body: '', prefecture: '岩手県' } as never);
    const r = await c.call('search.global', { query: 'テレワーク 拠点' });
    expect(r.groups.map((g) => g.kind)).toEqual(['case']);
    expect(r.groups[0]!.items[0]!.title).toBe('雫川町のテレワーク拠点');
    const t = await c.call('search.global', { query: '地域課題整理', kind: 'template' });
    expect(t.groups[0]!.items.map((h) => h.id)).toContain('plan-a');
    await c.call('templates.duplicate', { id: 'plan-a', newId: 'my-plan', name: '雫川向けの計画' });
    const own = await c.call('search.global', { query: '雫川', kind: 'template' });
    expect(own.groups[0]!.items.map((h) => [h.id, h.context])).toEqual([['my-plan', '自作のテンプレート']]);
  });

  it('groups by kind with at most `limit` per kind and says when there are more', async () => {
    const c = await core();
    const client = await addClient(c, { name: '雫川町' });
    const e = await addEngagement(c, { clientId: client.id });
    for (let i = 0; i < 4; i++) await addLog(c, { engagementId: e.id, date: `2025-05-0${i + 1}`, topics: `定例会 ${i + 1}` });
    const r = await c.call('search.global', { query: '定例会', limit: 3, kind: 'log' });
    expect(r.groups).toHaveLength(1);
    expect(r.groups[0]!.items).toHaveLength(3);
    expect(r.groups[0]!.more).toBe(true);
    // Most recently changed first.
    expect(r.groups[0]!.items.map((h) => h.title)).toEqual(['定例会 4', '定例会 3', '定例会 2']);
    const bad = await c.invoke('search.global', { query: '定例', kind: 'nope' });
    expect(bad).toMatchObject({ ok: false, error: { message: expect.stringMatching(/kind.*client \/ engagement/) } });
  });

  it('an upgraded database indexes the records it already had (the migration queues them)', async () => {
    const d = tempDir().dir;
    const before = await openDatabase(d, { migrations: MIGRATIONS.filter((m) => m.version < GLOBAL_SEARCH_VERSION) });
    const now = '2025-01-01T00:00:00.000Z';
    before.db.prepare("INSERT INTO clients (id, name, kind, prefecture, created_at, updated_at) VALUES ('c1', '雫川町', 'municipality', '岩手県', ?, ?)").run(now, now);
    before.db.close();
    const c = await core(d);
    expect(c.ctx.schemaVersion).toBe(MIGRATIONS.at(-1)!.version);
    const r = await c.call('search.global', { query: '雫川' });
    expect(r.groups.map((g) => [g.kind, g.items.map((h) => h.id)])).toEqual([['client', ['c1']]]);
  });
});

describe('search.global after an upgrade of a large database', () => {
  it('answers at once with one chunk indexed and says how many records wait; the background indexing finishes the rest', async () => {
    const d = tempDir().dir;
    const before = await openDatabase(d, { migrations: MIGRATIONS.filter((m) => m.version < GLOBAL_SEARCH_VERSION) });
    const now = '2025-01-01T00:00:00.000Z';
    const ins = before.db.prepare("INSERT INTO clients (id, name, kind, prefecture, created_at, updated_at) VALUES (?, ?, 'municipality', '岩手県', ?, ?)");
    before.db.transaction(() => {
      for (let i = 0; i < 2500; i++) ins.run(`c${i}`, `雫川町${i}`, now, now);
    })();
    before.db.close();
    const c = await createCore({ dataDir: d, loadSeeds: false, autoBackup: false, backgroundCheck: false, searchIndexDelayMs: 10 });
    cleanups.push(() => c.close());
    const first = await c.call('search.global', { query: '雫川', kind: 'client' });
    expect(first.pending).toBeGreaterThan(0);
    expect(first.pending).toBeLessThan(2500);
    expect(first.groups[0]!.items).toHaveLength(5);
    // The background steps index the rest.
    await expect.poll(() => (c.ctx.db.prepare('SELECT count(*) FROM gsearch_dirty').pluck().get() as number), { timeout: 10_000 }).toBe(0);
    const later = await c.call('search.global', { query: '雫川町2499', kind: 'client' });
    expect(later.pending).toBe(0);
    expect(later.groups[0]!.items.map((h) => h.id)).toEqual(['c2499']);
  });
});
