import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import { addClient, addEngagement, addLog, rowCounts } from '../helpers/engagements.ts';
import { captureLog, damageHistory } from '../helpers/log-capture.ts';
import { tempDir } from '../helpers/tmp.ts';

let core: Core;
let cleanup: () => void;
let dataDir: string;

beforeEach(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  dataDir = t.dir;
  core = await createCore({ dataDir, loadSeeds: false });
});
afterEach(() => {
  core.close();
  cleanup();
});

async function rejected(method: string, input: unknown) {
  const r = await core.invoke(method, input);
  expect(r.ok, JSON.stringify(r)).toBe(false);
  if (r.ok) throw new Error('unreachable');
  return r.error;
}

function historyRows(entity: string, id: string) {
  return core.ctx.db.prepare('SELECT field, old_value, new_value FROM history WHERE entity = ? AND entity_id = ? ORDER BY id').all(entity, id) as {
    field: string;
    old_value: string | null;
    new_value: string | null;
  }[];
}

describe('clients', () => {
  it('creates, lists, gets and PATCHes only the fields given', async () => {
    const c = await addClient(core, { population: 5000, fiscalStrength: 0.21, contacts: [{ name: '山田 花子', role: '企画課', email: 'yamada@example.jp', phone: '088-000-0000' }] });
    expect(c).toMatchObject({ name: '徳島県神山町', kind: 'municipality', population: 5000, fiscalStrength: 0.21, capitalYen: null, notes: '' });
    await addClient(core, { name: '大阪市', kind: 'designated-city', prefecture: '大阪府' });
    expect((await core.call('clients.list', {})).items.map((x) => x.name).sort()).toEqual(['大阪市', '徳島県神山町']);
    expect((await core.call('clients.list', { query: '神山' })).items).toHaveLength(1);
    expect((await core.call('clients.list', { kind: 'designated-city' })).items.map((x) => x.name)).toEqual(['大阪市']);

    const u = await core.call('clients.update', { id: c.id, patch: { notes: '# 初回\n課題の整理から' }, expectedUpdatedAt: c.updatedAt });
    expect(u).toMatchObject({ notes: '# 初回\n課題の整理から', population: 5000, fiscalStrength: 0.21, contacts: c.contacts });
    expect(u.updatedAt > c.updatedAt).toBe(true);
    expect(await core.call('clients.get', { id: c.id })).toEqual(u);

    // Saving the same value again writes nothing (autosave of an unchanged field).
    const before = rowCounts(core);
    const same = await core.call('clients.update', { id: c.id, patch: { notes: u.notes } });
    expect(same.updatedAt).toBe(u.updatedAt);
    expect(rowCounts(core)).toEqual(before);
  });

  it('answers an unknown id with not_found', async () => {
    expect(await rejected('clients.get', { id: 'nope' })).toMatchObject({ code: 'not_found', message: expect.stringMatching(/支援先が見つかりません/) });
  });
});

describe('history', () => {
  it('records every change field by field (old → new, JSON) in the same transaction, append-only', async () => {
    const c = await addClient(core);
    await core.call('clients.update', { id: c.id, patch: { population: 5100, fiscalStrength: 0.2, name: '神山町' } });
    const rows = historyRows('client', c.id);
    expect(rows[0]).toMatchObject({ field: '(created)', old_value: null });
    expect(JSON.parse(rows[0]!.new_value!)).toMatchObject({ name: '徳島県神山町', kind: 'municipality' });
    expect(rows.slice(1).sort((a, b) => a.field.localeCompare(b.field))).toEqual([
      { field: 'fiscalStrength', old_value: 'null', new_value: '0.2' },
      { field: 'name', old_value: '"徳島県神山町"', new_value: '"神山町"' },
      { field: 'population', old_value: 'null', new_value: '5100' },
    ]);
    expect(() => core.ctx.db.prepare("UPDATE history SET new_value = '1' WHERE entity = 'client'").run()).toThrow(/append-only/);
    expect(() => core.ctx.db.prepare("DELETE FROM history WHERE entity = 'client'").run()).toThrow(/append-only/);

    const list = await core.call('history.list', { entity: 'client', id: c.id });
    expect(list.items.map((i) => i.label).sort()).toEqual(['人口', '作成', '名称', '財政力指数']);
    expect(list.items.at(-1)!.label).toBe('作成');
    expect(list.items.find((i) => i.field === 'name')).toMatchObject({ label: '名称', oldValue: '徳島県神山町', newValue: '神山町' });
    expect(new Set(list.items.slice(0, 3).map((i) => i.at)).size).toBe(1); // one save = one change
    const page = await core.call('history.list', { entity: 'client', id: c.id, limit: 2 });
    expect(page.hasMore).toBe(true);
    const rest = await core.call('history.list', { entity: 'client', id: c.id, beforeId: page.items[1]!.id });
    expect(rest.items).toHaveLength(2);
    expect(rest.items.at(-1)!.field).toBe('(created)');
  });

  it('records engagement and log changes, next actions included', async () => {
    const c = await addClient(core);
    const e = await addEngagement(core, { clientId: c.id, program: 'plan-a', startDate: '2025-06-01' });
    await core.call('engagements.update', { id: e.id, patch: { title: '神山町 DX計画', advisors: ['鈴木'] } });
    const l = (await addLog(core, { engagementId: e.id, nextActions: [{ task: '議事録を送る', due: '2025-06-05' }] })).entry;
    await core.call('log.update', { id: l.id, patch: { minutes: 90, nextActions: [{ ...l.nextActions[0]!, done: true }] } });
    const eh = historyRows('engagement', e.id).map((r) => r.field);
    expect(eh).toEqual(['(created)', 'title', 'advisors', 'status']); // status: the first entry starts it
    const lh = historyRows('logEntry', l.id);
    expect(lh.map((r) => r.field)).toEqual(['(created)', 'minutes', 'nextActions']);
    expect(JSON.parse(lh[2]!.old_value!)[0]).toMatchObject({ task: '議事録を送る', done: false });
    expect(JSON.parse(lh[2]!.new_value!)[0]).toMatchObject({ task: '議事録を送る', done: true });
  });

  it('undoes the last edit (all fields of that save) and records the undo; creation cannot be undone', async () => {
    const c = await addClient(core);
    expect(await rejected('history.undo', { entity: 'client', id: c.id })).toMatchObject({ code: 'not_found', message: expect.stringMatching(/元に戻せる変更がありません/) });
    await core.call('clients.update', { id: c.id, patch: { notes: 'a' } });
    const u = await core.call('clients.update', { id: c.id, patch: { notes: 'ab', population: 10 } });
    const undo = await core.call('history.undo', { entity: 'client', id: c.id, expectedUpdatedAt: u.updatedAt });
    expect(undo.fields.sort()).toEqual(['notes', 'population']);
    expect(await core.call('clients.get', { id: c.id })).toMatchObject({ notes: 'a', population: null, updatedAt: undo.updatedAt });
    expect(historyRows('client', c.id).slice(-2).map((r) => [r.field, r.new_value]).sort()).toEqual([
      ['notes', '"a"'],
      ['population', 'null'],
    ]);
    // A stale undo is refused like a stale write.
    expect(await rejected('history.undo', { entity: 'client', id: c.id, expectedUpdatedAt: u.updatedAt })).toMatchObject({ code: 'conflict' });

    const e = await addEngagement(core, { clientId: c.id });
    const l = (await addLog(core, { engagementId: e.id, minutes: 60 })).entry;
    await core.call('log.update', { id: l.id, patch: { minutes: 75, topics: '予算' } });
    await core.call('history.undo', { entity: 'logEntry', id: l.id });
    expect(await core.call('log.get', { id: l.id })).toMatchObject({ minutes: 60, topics: '' });
  });
});

describe('stale writes and bad input', () => {
  it('refuses a write based on an old updatedAt with code conflict and changes nothing', async () => {
    const c = await addClient(core);
    const a = await core.call('clients.update', { id: c.id, patch: { notes: 'window A' }, expectedUpdatedAt: c.updatedAt });
    const before = rowCounts(core);
    const err = await rejected('clients.update', { id: c.id, patch: { notes: 'window B' }, expectedUpdatedAt: c.updatedAt });
    expect(err).toMatchObject({ code: 'conflict', path: ['expectedUpdatedAt'], message: expect.stringMatching(/ほかの画面で先に変更されています/) });
    expect((await core.call('clients.get', { id: c.id })).notes).toBe('window A');
    expect(rowCounts(core)).toEqual(before);
    await core.call('clients.update', { id: c.id, patch: { notes: 'window B' }, expectedUpdatedAt: a.updatedAt });

    const e = await addEngagement(core, { clientId: c.id });
    const e2 = await core.call('engagements.update', { id: e.id, patch: { notes: 'x' }, expectedUpdatedAt: e.updatedAt });
    expect(await rejected('engagements.update', { id: e.id, patch: { notes: 'y' }, expectedUpdatedAt: e.updatedAt })).toMatchObject({ code: 'conflict' });
    const l = (await addLog(core, { engagementId: e2.id })).entry;
    await core.call('log.update', { id: l.id, patch: { notes: '1' }, expectedUpdatedAt: l.updatedAt });
    expect(await rejected('log.update', { id: l.id, patch: { notes: '2' }, expectedUpdatedAt: l.updatedAt })).toMatchObject({ code: 'conflict' });
    expect(await rejected('log.delete', { id: l.id, expectedUpdatedAt: l.updatedAt })).toMatchObject({ code: 'conflict' });
  });

  it('rejects impossible dates, absurd minutes, unknown records and missing fields in Japanese, writing nothing', async () => {
    const c = await addClient(core);
    const e = await addEngagement(core, { clientId: c.id });
    const before = rowCounts(core);
    const cases: [string, unknown, string, RegExp][] = [
      ['log.create', { engagementId: e.id, date: '2025-02-30', mode: 'visit', minutes: 60 }, 'date', /存在しない日付です/],
      ['log.create', { engagementId: e.id, date: '2025-05-01', mode: 'visit', minutes: -5 }, 'minutes', /1分以上/],
      ['log.create', { engagementId: e.id, date: '2025-05-01', mode: 'visit', minutes: 0 }, 'minutes', /1分以上/],
      ['log.create', { engagementId: e.id, date: '2025-05-01', mode: 'visit', minutes: 100000 }, 'minutes', /1,440分以下/],
      ['log.create', { engagementId: e.id, date: '2025-05-01', mode: 'visit' }, 'minutes', /必須/],
      ['log.create', { engagementId: '6f1c1f4e-5a8e-4a57-9d55-2b7f3c1d9e10', date: '2025-05-01', mode: 'visit', minutes: 5 }, 'engagementId', /案件が見つかりません/],
      ['clients.create', { name: '神山町', prefecture: '徳島県' }, 'kind', /選択肢にない値です/],
      ['clients.create', { kind: 'municipality', prefecture: '徳島県' }, 'name', /必須/],
      ['clients.create', { name: '神山町', kind: 'municipality', prefecture: '徳島県', population: -1 }, 'population', /0人以上/],
      ['clients.create', { name: '神山町', kind: 'municipality', prefecture: '徳島県', fiscalStrength: 4 }, 'fiscalStrength', /3以下/],
      ['engagements.create', { clientId: '6f1c1f4e-5a8e-4a57-9d55-2b7f3c1d9e10', program: 'advisor', startDate: '2025-04-01' }, 'clientId', /支援先が見つかりません/],
      ['engagements.create', { clientId: c.id, program: 'plan-a', startDate: '2025-04-01', plannedEnd: '2025-03-01' }, 'plannedEnd', /開始日（2025-04-01）以降/],
      ['engagements.update', { id: e.id, patch: { startDate: '2025-04-31' } }, 'patch.startDate', /存在しない日付/],
    ];
    for (const [m, input, field, msg] of cases) {
      const err = await rejected(m, input);
      expect(['invalid_input', 'not_found'], `${m} ${field}`).toContain(err.code);
      expect(err.message, `${m} ${field}`).toMatch(msg);
      expect((err.path ?? []).join('.'), `${m} ${field}`).toBe(field);
    }
    expect(rowCounts(core)).toEqual(before);
  });
});

describe('engagements', () => {
  it('gives plan-a / plan-b a planned end three months after the start, and keeps it in step with the start', async () => {
    const c = await addClient(core);
    const a = await addEngagement(core, { clientId: c.id, program: 'plan-a', startDate: '2025-11-30' });
    expect(a).toMatchObject({ plannedEnd: '2026-02-28', status: 'preparing', clientName: '徳島県神山町', displayName: '徳島県神山町 計画策定A' });
    const b = await addEngagement(core, { clientId: c.id, program: 'plan-b', startDate: '2025-04-01' });
    expect(b.plannedEnd).toBe('2025-07-01');
    expect((await addEngagement(core, { clientId: c.id, program: 'advisor' })).plannedEnd).toBeNull();
    expect((await addEngagement(core, { clientId: c.id, program: 'plan-a', startDate: '2025-04-01', plannedEnd: '2025-08-15' })).plannedEnd).toBe('2025-08-15');

    const moved = await core.call('engagements.update', { id: b.id, patch: { startDate: '2025-05-10' } });
    expect(moved.plannedEnd).toBe('2025-08-10');
    const fixed = await core.call('engagements.update', { id: b.id, patch: { plannedEnd: '2025-09-30' } });
    expect((await core.call('engagements.update', { id: b.id, patch: { startDate: '2025-05-20' }, expectedUpdatedAt: fixed.updatedAt })).plannedEnd).toBe('2025-09-30');

    const list = await core.call('engagements.list', { clientId: c.id });
    expect(list.items).toHaveLength(4);
    expect((await core.call('engagements.list', { program: 'plan-b' })).items.map((x) => x.id)).toEqual([b.id]);
  });

  it('starts a 準備中 engagement with its first log entry', async () => {
    const c = await addClient(core);
    const e = await addEngagement(core, { clientId: c.id });
    expect(e.status).toBe('preparing');
    await addLog(core, { engagementId: e.id });
    expect((await core.call('engagements.get', { id: e.id })).status).toBe('active');
    await core.call('engagements.update', { id: e.id, patch: { status: 'done' } });
    await addLog(core, { engagementId: e.id, date: '2025-06-01' });
    expect((await core.call('engagements.get', { id: e.id })).status).toBe('done');
  });

  it('refuses to delete a client with engagements or an engagement with entries unless asked explicitly', async () => {
    const c = await addClient(core);
    const e = await addEngagement(core, { clientId: c.id });
    const l = (await addLog(core, { engagementId: e.id, nextActions: [{ task: '見積りの確認' }] })).entry;
    expect(await rejected('clients.delete', { id: c.id })).toMatchObject({ code: 'conflict', message: expect.stringMatching(/案件が1件あるため削除できません/) });
    expect(await rejected('engagements.delete', { id: e.id })).toMatchObject({ code: 'conflict', message: expect.stringMatching(/支援記録が1件あるため/) });
    expect(core.ctx.db.prepare('SELECT count(*) AS n FROM log_entries').get()).toEqual({ n: 1 });

    const del = await core.call('engagements.delete', { id: e.id, withEntries: true });
    expect(del.deletedEntries).toBe(1);
    expect(rowCounts(core)).toMatchObject({ engagements: 0, log_entries: 0, next_actions: 0 });
    expect(historyRows('logEntry', l.id).at(-1)).toMatchObject({ field: '(deleted)', new_value: null });
    const { deleted } = await core.call('clients.delete', { id: c.id });
    expect(rowCounts(core).clients).toBe(0);
    expect(await core.call('clients.restore', { client: deleted })).toEqual(deleted);
    expect(await rejected('clients.restore', { client: deleted })).toMatchObject({ code: 'conflict' });
  });

  it('attaches and detaches cases; deleting a case drops its attachments', async () => {
    const c = await addClient(core);
    const e = await addEngagement(core, { clientId: c.id });
    const k = await core.call('cases.create', { title: '神山町のサテライトオフィス', summary: '', body: '', prefecture: '徳島県', municipality: '神山町', organization: '', organizationType: '', fields: [], technologies: [], programs: [], fiscalYear: 2010, size: '', outcomes: [], sources: [], tags: [] });
    const v = await core.call('engagements.attachCase', { id: e.id, caseId: k.id });
    expect(v.cases).toEqual([{ id: k.id, title: '神山町のサテライトオフィス', attachedAt: expect.any(String) }]);
    expect((await core.call('engagements.attachCase', { id: e.id, caseId: k.id })).cases).toHaveLength(1);
    expect(await rejected('engagements.attachCase', { id: e.id, caseId: 'missing' })).toMatchObject({ code: 'not_found', path: ['caseId'] });
    const other = await addEngagement(core, { clientId: c.id });
    expect((await core.call('engagements.list', { caseId: k.id })).items.map((x) => x.id)).toEqual([e.id]);
    expect((await core.call('engagements.list', {})).items.map((x) => x.id)).toContain(other.id);
    expect((await core.call('engagements.detachCase', { id: e.id, caseId: k.id })).cases).toEqual([]);
    expect((await core.call('engagements.list', { caseId: k.id })).items).toEqual([]);
    await core.call('history.undo', { entity: 'engagement', id: e.id });
    expect((await core.call('engagements.get', { id: e.id })).cases.map((x) => x.id)).toEqual([k.id]);
    expect(historyRows('engagement', e.id).filter((r) => r.field === 'caseIds')).toHaveLength(3);
    await core.call('cases.delete', { id: k.id });
    expect((await core.call('engagements.get', { id: e.id })).cases).toEqual([]);
  });
});

describe('log entries and next actions', () => {
  it('lists an engagement log newest first, with next actions; deletes and restores an entry', async () => {
    const c = await addClient(core);
    const e = await addEngagement(core, { clientId: c.id });
    await addLog(core, { engagementId: e.id, date: '2025-05-01' });
    const second = (await addLog(core, { engagementId: e.id, date: '2025-06-01', startTime: '13:30', attendees: ['町長', '企画課長'], nextActions: [{ task: 'A' }, { task: 'B', owner: '町', due: '2025-06-30' }] })).entry;
    const items = (await core.call('log.list', { engagementId: e.id })).items;
    expect(items.map((x) => x.date)).toEqual(['2025-06-01', '2025-05-01']);
    expect(items[0]!.nextActions.map((a) => [a.task, a.owner, a.due, a.done])).toEqual([
      ['A', '', null, false],
      ['B', '町', '2025-06-30', false],
    ]);
    const { deleted } = await core.call('log.delete', { id: second.id });
    expect((await core.call('log.list', { engagementId: e.id })).items).toHaveLength(1);
    const back = await core.call('log.restore', { entry: deleted });
    expect(back.entry).toEqual(second);
  });

  it('moves an entry to another engagement with its next actions, recounting both quotas', async () => {
    const c = await addClient(core);
    const a = await addEngagement(core, { clientId: c.id });
    const other = await addClient(core, { name: '上勝町' });
    const b = await addEngagement(core, { clientId: other.id, program: 'telework' });
    for (const d of ['2025-05-01', '2025-06-01', '2025-07-01']) await addLog(core, { engagementId: a.id, date: d });
    const fourth = await addLog(core, { engagementId: a.id, date: '2025-08-01', nextActions: [{ task: '移す', due: '2025-08-10' }] });
    expect(fourth.entry.overQuota).toBe(true);
    const moved = await core.call('log.update', { id: fourth.entry.id, patch: { engagementId: b.id } });
    expect(moved.entry).toMatchObject({ engagementId: b.id, clientId: other.id, overQuota: false });
    expect(moved.quota).toBeNull();
    expect((await core.call('engagements.get', { id: a.id })).quota).toMatchObject({ used: 3, exceeded: false });
    expect((await core.call('engagements.get', { id: b.id })).status).toBe('active');
    const dash = await core.call('dashboard.get', { today: '2025-08-05' });
    expect(dash.nextActions.map((x) => [x.task, x.engagementId, x.clientName])).toEqual([['移す', b.id, '上勝町']]);
    expect(core.ctx.db.prepare('SELECT engagement_id FROM next_actions').all()).toEqual([{ engagement_id: b.id }]);
  });

  it('marks a next action done through log.setActionDone (recorded in history)', async () => {
    const c = await addClient(core);
    const e = await addEngagement(core, { clientId: c.id });
    const l = (await addLog(core, { engagementId: e.id, nextActions: [{ task: 'A' }, { task: 'B' }] })).entry;
    const r = await core.call('log.setActionDone', { entryId: l.id, actionId: l.nextActions[1]!.id, done: true, expectedUpdatedAt: l.updatedAt });
    expect(r.entry.nextActions.map((a) => a.done)).toEqual([false, true]);
    expect(await rejected('log.setActionDone', { entryId: l.id, actionId: 'x', done: true })).toMatchObject({ code: 'not_found', path: ['actionId'] });
    expect(historyRows('logEntry', l.id).at(-1)!.field).toBe('nextActions');
  });
});

describe('quotas on real data', () => {
  it('advisor: counts per client across engagements and splits at the fiscal year (2026-03-31 | 2026-04-01)', async () => {
    const c = await addClient(core);
    const other = await addClient(core, { name: '上勝町' });
    const e1 = await addEngagement(core, { clientId: c.id, startDate: '2025-04-01' });
    const e2 = await addEngagement(core, { clientId: c.id, startDate: '2025-10-01' });
    const x = await addEngagement(core, { clientId: other.id });

    const r1 = await addLog(core, { engagementId: e1.id, date: '2025-06-01', mode: 'visit' });
    expect(r1.quota).toMatchObject({ fiscalYear: 2025, basis: 'visits', used: 1, limit: 3, unit: '回', exceeded: false });
    await addLog(core, { engagementId: x.id, date: '2025-06-02', mode: 'visit' }); // another client: not counted
    await addLog(core, { engagementId: e2.id, date: '2025-11-01', mode: 'online' });
    const r3 = await addLog(core, { engagementId: e2.id, date: '2026-03-31', mode: 'visit' });
    expect(r3.quota).toMatchObject({ fiscalYear: 2025, used: 3, exceeded: false });
    expect(r3.entry.overQuota).toBe(false);
    const next = await addLog(core, { engagementId: e2.id, date: '2026-04-01', mode: 'online', minutes: 90 });
    expect(next.quota).toMatchObject({ fiscalYear: 2026, basis: 'hours', used: 1.5, limit: 10, unit: '時間', exceeded: false });

    // Flag before saving…
    const preview = await core.call('log.checkQuota', { engagementId: e1.id, date: '2026-03-01', mode: 'phone', minutes: 30 });
    expect(preview).toMatchObject({ applies: true, wouldExceed: true, before: { used: 3 }, after: { used: 4, exceeded: true } });
    expect(preview.warning).toMatch(/上限を超えます。保存はできますが/);
    expect((await core.call('log.checkQuota', { engagementId: e1.id, date: '2026-04-02', mode: 'online', minutes: 30 })).wouldExceed).toBe(false);
    // …save anyway and mark.
    const over = await addLog(core, { engagementId: e1.id, date: '2026-03-01', mode: 'phone', minutes: 30 });
    expect(over.quota).toMatchObject({ used: 4, exceeded: true });
    // The 4th in date order is the 2026-03-31 visit, not the entry just typed in.
    const marks = () => Object.fromEntries((core.ctx.db.prepare('SELECT date, over_quota FROM log_entries ORDER BY date').all() as { date: string; over_quota: number }[]).map((r) => [r.date, r.over_quota]));
    expect(marks()).toMatchObject({ '2026-03-01': 0, '2026-03-31': 1, '2026-04-01': 0, '2025-06-02': 0 });
    expect((await core.call('engagements.get', { id: e2.id })).quota).toMatchObject({ fiscalYear: 2026 });
    expect((await core.call('engagements.quota', { id: e2.id, fiscalYear: 2025 })).quota).toMatchObject({ used: 4, exceeded: true });

    // Moving the typed entry into the next fiscal year clears the 2025 overrun.
    await core.call('log.update', { id: over.entry.id, patch: { date: '2026-04-15' } });
    expect(marks()['2026-03-31']).toBe(0);
    // Deleting and program changes recompute too.
    await core.call('log.update', { id: over.entry.id, patch: { date: '2026-03-01' } });
    expect(marks()['2026-03-31']).toBe(1);
    await core.call('log.delete', { id: over.entry.id });
    expect(marks()['2026-03-31']).toBe(0);
    await addLog(core, { engagementId: e1.id, date: '2026-02-01', mode: 'visit' });
    expect(marks()['2026-03-31']).toBe(1);
    await core.call('engagements.update', { id: e2.id, patch: { program: 'other' } });
    expect(marks()['2026-03-31']).toBe(0);
    expect((await core.call('engagements.quota', { id: e1.id, fiscalYear: 2025 })).quota).toMatchObject({ used: 2, exceeded: false });
  });

  it('online-only: 10 hours; the entry passing 600 minutes is marked, e-mail counts nothing', async () => {
    const c = await addClient(core);
    const e = await addEngagement(core, { clientId: c.id });
    for (const d of ['2025-04-10', '2025-05-10', '2025-06-10', '2025-07-10']) await addLog(core, { engagementId: e.id, date: d, mode: 'online', minutes: 150 });
    const mail = await addLog(core, { engagementId: e.id, date: '2025-08-01', mode: 'email', minutes: 30 });
    expect(mail.quota).toMatchObject({ basis: 'hours', used: 10, exceeded: false });
    expect(mail.entry.overQuota).toBe(false);
    const over = await addLog(core, { engagementId: e.id, date: '2025-08-10', mode: 'online', minutes: 15 });
    expect(over.quota).toMatchObject({ used: 10.25, exceeded: true });
    expect(over.entry.overQuota).toBe(true);
  });

  it('plan-a: entries after planned end + 14 days are marked; moving the planned end unmarks them', async () => {
    const c = await addClient(core);
    const e = await addEngagement(core, { clientId: c.id, program: 'plan-a', startDate: '2025-06-01' });
    expect(e.plannedEnd).toBe('2025-09-01');
    expect((await addLog(core, { engagementId: e.id, date: '2025-09-15' })).entry.overQuota).toBe(false);
    const late = await addLog(core, { engagementId: e.id, date: '2025-09-16' });
    expect(late.entry.overQuota).toBe(true);
    expect(late.quota).toMatchObject({ basis: 'days', unit: '日', exceeded: true, plannedEnd: '2025-09-01' });
    const pre = await core.call('log.checkQuota', { engagementId: e.id, date: '2025-10-01', mode: 'visit', minutes: 60 });
    expect(pre.warning).toMatch(/予定期間/);
    await core.call('engagements.update', { id: e.id, patch: { plannedEnd: '2025-09-30' } });
    expect((await core.call('log.get', { id: late.entry.id })).overQuota).toBe(false);
    const tel = await addEngagement(core, { clientId: c.id, program: 'telework' });
    const free = await addLog(core, { engagementId: tel.id, date: '2030-01-01' });
    expect(free.quota).toBeNull();
    expect(await core.call('log.checkQuota', { engagementId: tel.id, date: '2030-01-01', mode: 'visit', minutes: 60 })).toMatchObject({ applies: false, wouldExceed: false });
  });
});

describe('dashboard', () => {
  it('shows open next actions by due date, engagements by status, 12 months of hours and visits, and quota warnings', async () => {
    const c = await addClient(core, { name: '神山町' });
    const d = await addClient(core, { name: '上勝町' });
    const adv = await addEngagement(core, { clientId: c.id, startDate: '2025-04-01' });
    const plan = await addEngagement(core, { clientId: d.id, program: 'plan-a', startDate: '2025-07-01' }); // ends 2025-10-01
    await addEngagement(core, { clientId: d.id, program: 'telework' });
    const cancelled = await addEngagement(core, { clientId: d.id, program: 'other' });
    const l1 = (await addLog(core, { engagementId: adv.id, date: '2025-05-01', mode: 'visit', minutes: 120, nextActions: [{ task: '後で', due: '2025-12-01' }, { task: '期限なし' }] })).entry;
    await addLog(core, { engagementId: adv.id, date: '2025-06-01', mode: 'online', minutes: 30, nextActions: [{ task: '急ぎ', due: '2025-06-10' }] });
    await addLog(core, { engagementId: plan.id, date: '2025-07-15', mode: 'visit', minutes: 60, nextActions: [{ task: '見積り依頼', due: '2025-09-30' }] });
    await addLog(core, { engagementId: cancelled.id, date: '2025-07-16', mode: 'phone', minutes: 10, nextActions: [{ task: '中止した案件', due: '2025-01-01' }] });
    await core.call('engagements.update', { id: cancelled.id, patch: { status: 'cancelled' } });

    let dash = await core.call('dashboard.get', { today: '2025-09-25' });
    expect(dash.nextActions.map((a) => [a.task, a.overdue])).toEqual([
      ['急ぎ', true],
      ['見積り依頼', false],
      ['後で', false],
      ['期限なし', false],
    ]);
    expect(dash).toMatchObject({ nextActionsTotal: 4, overdueTotal: 1, fiscalYear: 2025, statusCounts: { preparing: 1, active: 2, done: 0, cancelled: 1 } });
    expect(dash.nextActions[0]).toMatchObject({ clientName: '神山町', engagementName: '神山町 アドバイザー派遣', program: 'advisor' });
    expect(dash.monthly).toHaveLength(12);
    // The fiscal year of today (令和7年度): April to March.
    expect(dash.monthly[0]!.month).toBe('2025-04');
    expect(dash.monthly.at(-1)!.month).toBe('2026-03');
    expect(dash.monthly.find((m) => m.month === '2025-10')).toMatchObject({ entries: 0, minutes: 0 });
    expect(dash.monthly.find((m) => m.month === '2025-05')).toEqual({ month: '2025-05', entries: 1, minutes: 120, hours: 2, visits: 1 });
    expect(dash.monthly.find((m) => m.month === '2025-07')).toMatchObject({ entries: 2, minutes: 70, visits: 1 });
    // plan-a ends 2025-10-01: within 14 days → near.
    expect(dash.quotaWarnings).toEqual([expect.objectContaining({ level: 'near', clientName: '上勝町', engagementId: plan.id })]);

    await addLog(core, { engagementId: adv.id, date: '2025-08-01', mode: 'visit', minutes: 60 });
    dash = await core.call('dashboard.get', { today: '2025-09-25' });
    expect(dash.quotaWarnings.map((w) => [w.level, w.clientName])).toEqual([
      ['near', '上勝町'],
      ['near', '神山町'],
    ]);
    await addLog(core, { engagementId: adv.id, date: '2025-09-01', mode: 'visit', minutes: 60 });
    dash = await core.call('dashboard.get', { today: '2025-10-20' });
    expect(dash.quotaWarnings.map((w) => [w.level, w.clientName, w.quota.unit])).toEqual([
      ['over', '上勝町', '日'], // still 実施中 past its end + grace
      ['over', '神山町', '回'],
    ]);

    await core.call('log.setActionDone', { entryId: l1.id, actionId: l1.nextActions[0]!.id, done: true });
    dash = await core.call('dashboard.get', { today: '2025-10-20', actionsLimit: 2 });
    expect(dash.nextActions.map((a) => a.task)).toEqual(['急ぎ', '見積り依頼']);
    expect(dash.nextActionsTotal).toBe(3);
  });
});

describe('yearly log report', () => {
  it('writes CSV with BOM, CRLF, Japanese headers, western and 和暦 dates, filtered by program and client', async () => {
    const c = await addClient(core, { name: '神山町', contacts: [{ name: '連絡 太郎', email: 'taro@example.jp', phone: '090-1111-2222' }] });
    const d = await addClient(core, { name: '上勝町' });
    const adv = await addEngagement(core, { clientId: c.id });
    const plan = await addEngagement(core, { clientId: d.id, program: 'plan-b', startDate: '2025-05-01' });
    await addLog(core, { engagementId: adv.id, date: '2025-03-31', topics: '前年度' });
    await addLog(core, { engagementId: adv.id, date: '2025-04-01', startTime: '10:00', topics: '初回', notes: '- 課題A\n- 課題B', nextActions: [{ task: '資料送付', owner: '鈴木', due: '2025-04-10' }] });
    await addLog(core, { engagementId: plan.id, date: '2026-03-31', mode: 'online', minutes: 45, attendees: ['課長', '係長'] });
    await addLog(core, { engagementId: plan.id, date: '2026-04-01' });

    const r = await core.call('reports.logCsv', { fiscalYear: 2025 });
    expect(r).toMatchObject({ count: 2, fileName: 'banso-log-FY2025.csv', mimeType: 'text/csv; charset=utf-8' });
    const bytes = Buffer.from(r.contentBase64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('年度,年度（和暦）,日付,日付（和暦）,開始時刻,支援先,支援先の種別,都道府県,案件,事業,形態,時間（分）,場所,出席者,議題,決定事項,次のアクション,メモ,上限超過,支援記録ID,案件ID,支援先ID');
    expect(lines[1]).toMatch(/^2025,令和7年度,2025-04-01,令和7年4月1日,10:00,神山町,その他の市町村,徳島県,神山町 アドバイザー派遣,地域情報化アドバイザー派遣,訪問,60,,,初回,,・資料送付（担当: 鈴木、期限: 2025-04-10）,"'- 課題A\n- 課題B",,/);
    expect(text).toMatch(/2025,令和7年度,2026-03-31,令和8年3月31日,,上勝町,.*,オンライン,45,,課長、係長,/);
    expect(text).not.toMatch(/前年度|2026-04-01/);
    expect(text).not.toMatch(/taro@example\.jp|090-1111-2222|連絡 太郎/);

    expect((await core.call('reports.logCsv', { fiscalYear: 2025, program: 'plan-b' })).count).toBe(1);
    const byClient = await core.call('reports.logCsv', { fiscalYear: 2025, clientId: c.id });
    expect(byClient.count).toBe(1);
    expect(byClient.fileName).toMatch(/^banso-log-FY2025-client-/);
    expect(await rejected('reports.logCsv', { fiscalYear: 2025, clientId: 'missing' })).toMatchObject({ code: 'not_found' });
    const empty = Buffer.from((await core.call('reports.logCsv', { fiscalYear: 2030 })).contentBase64, 'base64').toString('utf8');
    expect(empty.split('\r\n').filter(Boolean)).toHaveLength(1); // header only
  });
});

describe('personal data', () => {
  it('never writes contacts or notes to the core log, even when an operation fails or a stored value is damaged', async () => {
    core.close();
    const capture = captureLog('core');
    core = await createCore({ dataDir, loadSeeds: false, log: capture.log });
    const c = await addClient(core, { contacts: [{ name: '秘密 花子', email: 'hanako@example.jp', phone: '03-1234-5678' }], notes: '内密のメモ' });
    await core.invoke('clients.update', { id: c.id, patch: { contacts: [{ name: '秘密 花子', email: 'bad' }] } });
    await core.invoke('clients.update', { id: c.id, patch: { notes: 'x' }, expectedUpdatedAt: '2000-01-01T00:00:00.000Z' });
    await core.call('clients.update', { id: c.id, patch: { contacts: [] } });
    // A damaged history value of the contacts: reading the history fails, and the error the core
    // hands to its logger quotes the stored text (the data really does reach the logger) …
    damageHistory(core.ctx.db, 'client', c.id, 'contacts', '秘密 花子 hanako@example.jp 03-1234-5678');
    expect(await core.invoke('history.list', { entity: 'client', id: c.id })).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(capture.errors.join('\n')).toMatch(/秘密/);
    expect(capture.lines).toContainEqual(expect.stringMatching(/^\[core\] error unexpected error in history\.list: SyntaxError: /));
    // … but the core's own texts are fixed, and no written line carries the data.
    expect(capture.messages.join('\n')).not.toMatch(/秘密|hanako|1234-5678|内密/);
    expect(capture.lines.join('')).not.toMatch(/秘密|hanako|1234-5678|内密/);
  });
});
