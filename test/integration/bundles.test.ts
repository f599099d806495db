import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataChecksum, recordHash } from '../../electron/core/bundles/hash.ts';
import { createCore, type Core } from '../../electron/core/index.ts';
import { AppErrorSchema } from '../../shared/errors.ts';
import { addClient, addEngagement, addLog } from '../helpers/engagements.ts';
import { fingerprint } from '../helpers/fingerprint.ts';
import { REPO_ROOT, tempDir } from '../helpers/tmp.ts';

/**
 * Hand-off bundles between two machines: two data folders, each with its own real SQLite file
 * and core, exchanging the bytes that bundle.export produces.
 */

let root: string;
let cleanup: () => void;
let A: Core;
let B: Core;

beforeAll(async () => {
  const t = tempDir('banso-bundles-');
  root = t.dir;
  cleanup = t.cleanup;
  A = await createCore({ dataDir: path.join(root, 'A') });
  B = await createCore({ dataDir: path.join(root, 'B') });
});
afterAll(() => {
  A?.close();
  B?.close();
  cleanup();
});

async function exportEngagement(core: Core, engagementId: string): Promise<string> {
  return (await core.call('bundle.export', { engagementId })).contentBase64;
}

async function importInto(core: Core, contentBase64: string) {
  return core.call('bundle.import', { contentBase64 });
}

async function failure(core: Core, method: string, input: unknown) {
  const r = await core.invoke(method, input);
  expect(r.ok, JSON.stringify(r)).toBe(false);
  if (r.ok) throw new Error('expected a failure');
  return AppErrorSchema.parse(r.error);
}

const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');

describe('engagement bundles between two machines', () => {
  let clientId: string;
  let engagementId: string;
  let entryIds: string[];
  let caseId: string;
  let bundle1: string;

  it('exports client, engagement, log, plan with answers and attached cases as one checked JSON file', async () => {
    const c = await addClient(A, {
      name: '伴走町',
      contacts: [{ name: '山田 花子', role: '企画課', email: 'hanako@example.jp', phone: '0883-00-0000' }],
      population: 12000,
    });
    clientId = c.id;
    const e = await addEngagement(A, { clientId, program: 'plan-a', startDate: '2026-04-01', title: '伴走町 計画策定', advisors: ['鈴木'] });
    engagementId = e.id;
    const own = await A.call('cases.create', { title: '伴走町のサテライトオフィス', summary: '古民家を改修', prefecture: '徳島県', fields: ['サテライトオフィス・移住'] } as never);
    caseId = own.id;
    await A.call('engagements.attachCase', { id: engagementId, caseId });
    const l1 = await addLog(A, { engagementId, date: '2026-04-10', minutes: 90, topics: '現地調査', notes: '役場で聞き取り', nextActions: [{ task: '資料送付', owner: '鈴木', due: '2026-04-20' }] });
    const l2 = await addLog(A, { engagementId, date: '2026-04-24', mode: 'online', minutes: 60, topics: '課題整理' });
    entryIds = [l1.entry.id, l2.entry.id];
    await A.call('plan.create', { engagementId });
    await A.call('plan.answer', { engagementId, questionId: 'region-overview', value: '人口1.2万人の中山間地域。' });
    await A.call('plan.answer', { engagementId, questionId: 'issues', value: [{ id: 'i1', cells: { title: '窓口の待ち時間', importance: '3', urgency: '2' } }] });

    const out = await A.call('bundle.export', { engagementId });
    expect(out.mimeType).toBe('application/json');
    expect(out.fileName).toMatch(/^banso-案件-伴走町_計画策定-\d{8}\.json$/);
    expect(out.kind).toBe('engagement');
    expect(out.records).toBe(1 + 1 + 2 + 1 + 2 + 1);
    const file = JSON.parse(decode(out.contentBase64));
    expect(file).toMatchObject({ format: 'banso-bundle', version: 1, kind: 'engagement' });
    expect(file.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(file.data.log[0].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(file.data.log[0].base).toBeNull();
    expect(file.data.engagement.record.caseIds).toEqual([caseId]);
    expect(file.data.plan.record.template.id).toBe('plan-a');
    bundle1 = out.contentBase64;
  });

  it('imports into an empty machine: everything added with the same ids, the history says created', async () => {
    const before = B.ctx.db.prepare('SELECT count(*) FROM history').pluck().get() as number;
    expect(await importInto(B, bundle1)).toEqual({ kind: 'engagement', added: 8, updated: 0, unchanged: 0, conflicts: 0 });
    expect(await B.call('clients.get', { id: clientId })).toEqual(await A.call('clients.get', { id: clientId }));
    const eb = await B.call('engagements.get', { id: engagementId });
    const ea = await A.call('engagements.get', { id: engagementId });
    expect({ ...eb, cases: eb.cases.map((c) => c.id) }).toEqual({ ...ea, cases: ea.cases.map((c) => c.id) });
    expect(await B.call('log.list', { engagementId })).toEqual(await A.call('log.list', { engagementId }));
    expect(await B.call('cases.get', { id: caseId })).toMatchObject({ title: '伴走町のサテライトオフィス', summary: '古民家を改修' });
    const pb = await B.call('plan.show', { engagementId });
    const pa = await A.call('plan.show', { engagementId });
    expect(pb.answers).toEqual(pa.answers);
    expect(pb.template).toEqual(pa.template);
    expect(pb.progress).toEqual(pa.progress);
    const created = B.ctx.db.prepare("SELECT entity FROM history WHERE id > ? AND field = '(created)' ORDER BY entity").pluck().all(before);
    expect(created).toEqual(['case', 'client', 'engagement', 'logEntry', 'logEntry', 'plan']);
    expect(B.ctx.db.prepare("SELECT count(*) FROM history WHERE id > ? AND field LIKE 'answer.%'").pluck().get(before)).toBe(2);
    // The imported case is found by the search (its FTS rows and the filter index were written).
    const hits = await B.call('cases.search', { query: '古民家', filters: { prefectures: ['徳島県'] } });
    expect(hits.items.map((h) => h.id)).toEqual([caseId]);
  });

  it('is idempotent: the same bundle again adds, updates and conflicts nothing and writes nothing', async () => {
    const fp = fingerprint(B.ctx.db);
    expect(await importInto(B, bundle1)).toEqual({ kind: 'engagement', added: 0, updated: 0, unchanged: 8, conflicts: 0 });
    expect(fingerprint(B.ctx.db)).toEqual(fp);
  });

  it('a record changed on one machine only updates the other, with history, and then is stable', async () => {
    await A.call('log.update', { id: entryIds[0]!, patch: { notes: '役場で聞き取り。追記あり。' } });
    await A.call('plan.answer', { engagementId, questionId: 'region-overview', value: '人口1.2万人。主な産業は農業。' });
    const b2 = await exportEngagement(A, engagementId);
    expect(await importInto(B, b2)).toEqual({ kind: 'engagement', added: 0, updated: 2, unchanged: 6, conflicts: 0 });
    expect((await B.call('log.get', { id: entryIds[0]! })).notes).toBe('役場で聞き取り。追記あり。');
    expect((await B.call('plan.show', { engagementId })).answers['region-overview']?.value).toBe('人口1.2万人。主な産業は農業。');
    const h = await B.call('history.list', { entity: 'logEntry', id: entryIds[0]! });
    expect(h.items[0]).toMatchObject({ field: 'notes', oldValue: '役場で聞き取り', newValue: '役場で聞き取り。追記あり。' });
    expect(await importInto(B, b2)).toMatchObject({ added: 0, updated: 0, conflicts: 0 });
    // An older bundle (the first one) brings nothing back: B's newer version stays.
    expect(await importInto(B, bundle1)).toMatchObject({ added: 0, updated: 0, conflicts: 0 });
    expect((await B.call('log.get', { id: entryIds[0]! })).notes).toBe('役場で聞き取り。追記あり。');
  });

  it('a record changed on both machines is a conflict: both versions kept and shown; take theirs writes history', async () => {
    await A.call('log.update', { id: entryIds[1]!, patch: { notes: 'A の版', minutes: 75 } });
    await B.call('log.update', { id: entryIds[1]!, patch: { notes: 'B の版' } });
    await A.call('clients.update', { id: clientId, patch: { population: 12100 } });
    await B.call('clients.update', { id: clientId, patch: { population: 11900, industry: '農業' } });
    const b3 = await exportEngagement(A, engagementId);
    const fpBefore = B.ctx.db.prepare('SELECT * FROM log_entries WHERE id = ?').get(entryIds[1]!);
    expect(await importInto(B, b3)).toEqual({ kind: 'engagement', added: 0, updated: 0, unchanged: 6, conflicts: 2 });
    // Never a silent overwrite: B's records are untouched.
    expect(B.ctx.db.prepare('SELECT * FROM log_entries WHERE id = ?').get(entryIds[1]!)).toEqual(fpBefore);
    expect((await B.call('clients.get', { id: clientId })).population).toBe(11900);

    const list = await B.call('conflicts.list', {});
    expect(list.open).toBe(2);
    const logConflict = list.items.find((c) => c.entity === 'logEntry')!;
    expect(logConflict).toMatchObject({ entityId: entryIds[1], entityLabel: '支援記録', localExists: true, resolution: null });
    expect(logConflict.label).toMatch(/^2026-04-24 オンライン（60分）/);
    expect(logConflict.fields).toEqual([
      { field: 'minutes', label: '時間（分）', mine: '60', theirs: '75' },
      { field: 'notes', label: 'メモ', mine: 'B の版', theirs: 'A の版' },
    ]);
    const clientConflict = list.items.find((c) => c.entity === 'client')!;
    expect(clientConflict.fields.map((f) => [f.field, f.mine, f.theirs])).toEqual([
      ['population', '11900', '12100'],
      ['industry', '農業', '（なし）'],
    ]);

    // The same bundle again does not add the same conflict twice.
    expect(await importInto(B, b3)).toMatchObject({ added: 0, updated: 0, conflicts: 0 });
    expect((await B.call('conflicts.list', {})).open).toBe(2);

    const r = await B.call('conflicts.resolve', { id: logConflict.id, keep: 'theirs' });
    expect(r).toMatchObject({ entity: 'logEntry', entityId: entryIds[1], resolution: 'theirs' });
    expect(await B.call('log.get', { id: entryIds[1]! })).toMatchObject({ notes: 'A の版', minutes: 75 });
    const h = await B.call('history.list', { entity: 'logEntry', id: entryIds[1]! });
    expect(h.items.filter((i) => i.at === h.items[0]!.at).map((i) => [i.field, i.oldValue, i.newValue]).sort()).toEqual([
      ['minutes', 60, 75],
      ['notes', 'B の版', 'A の版'],
    ]);
    // Like any edit, it can be undone.
    await B.call('history.undo', { entity: 'logEntry', id: entryIds[1]! });
    expect((await B.call('log.get', { id: entryIds[1]! })).notes).toBe('B の版');
    await B.call('history.undo', { entity: 'logEntry', id: entryIds[1]! });
    expect((await B.call('log.get', { id: entryIds[1]! })).notes).toBe('A の版');

    expect(await failure(B, 'conflicts.resolve', { id: logConflict.id, keep: 'mine' })).toMatchObject({ code: 'conflict', message: expect.stringMatching(/すでに解決済み/) });
  });

  it('keep mine leaves the local version; the same bundle is then unchanged; the other machine takes the resolution', async () => {
    const open = (await B.call('conflicts.list', {})).items;
    expect(open).toHaveLength(1);
    const fp = fingerprint(B.ctx.db).clients;
    await B.call('conflicts.resolve', { id: open[0]!.id, keep: 'mine' });
    expect(fingerprint(B.ctx.db).clients).toBe(fp);
    expect((await B.call('conflicts.list', {})).open).toBe(0);
    expect((await B.call('conflicts.list', { includeResolved: true })).items.map((c) => c.resolution).sort()).toEqual(['mine', 'theirs']);
    const b3 = await exportEngagement(A, engagementId);
    expect(await importInto(B, b3)).toMatchObject({ added: 0, updated: 0, conflicts: 0 });

    // B's decision travels back: A has not changed the client since, so A takes B's version.
    const back = await exportEngagement(B, engagementId);
    const file = JSON.parse(decode(back));
    expect(file.data.client.base).toMatch(/^[0-9a-f]{64}$/);
    expect(await importInto(A, back)).toMatchObject({ added: 0, updated: 1, conflicts: 0 });
    expect(await A.call('clients.get', { id: clientId })).toMatchObject({ population: 11900, industry: '農業' });
    expect(await importInto(A, back)).toMatchObject({ added: 0, updated: 0, conflicts: 0 });
  });

  it('a newer incoming version supersedes an open conflict on the same record', async () => {
    await A.call('log.update', { id: entryIds[0]!, patch: { decisions: 'A1' } });
    await B.call('log.update', { id: entryIds[0]!, patch: { decisions: 'B1' } });
    expect(await importInto(B, await exportEngagement(A, engagementId))).toMatchObject({ conflicts: 1 });
    await A.call('log.update', { id: entryIds[0]!, patch: { decisions: 'A2' } });
    expect(await importInto(B, await exportEngagement(A, engagementId))).toMatchObject({ conflicts: 1 });
    const all = (await B.call('conflicts.list', { includeResolved: true })).items.filter((c) => c.entityId === entryIds[0]);
    expect(all.map((c) => c.resolution).sort()).toEqual([null, 'superseded']);
    const open = all.find((c) => c.resolution === null)!;
    expect(open.fields).toEqual([{ field: 'decisions', label: '決定事項', mine: 'B1', theirs: 'A2' }]);
    await B.call('conflicts.resolve', { id: open.id, keep: 'theirs' });
    expect((await B.call('log.get', { id: entryIds[0]! })).decisions).toBe('A2');
  });

  it('an older file never brings back a record deleted here; a newer version of it does', async () => {
    await B.call('log.delete', { id: entryIds[1]! });
    const fp = fingerprint(B.ctx.db);
    expect(await importInto(B, await exportEngagement(A, engagementId))).toMatchObject({ added: 0, updated: 0, conflicts: 0 });
    expect(fingerprint(B.ctx.db)).toEqual(fp);
    await A.call('log.update', { id: entryIds[1]!, patch: { place: '公民館' } });
    expect(await importInto(B, await exportEngagement(A, engagementId))).toMatchObject({ added: 1, updated: 0, conflicts: 0 });
    expect((await B.call('log.get', { id: entryIds[1]! })).place).toBe('公民館');
  });
});

describe('library bundles', () => {
  it('round-trips the case library and synonyms; seeds that nobody edited stay quiet', async () => {
    const [x, y] = [
      await A.call('cases.create', { title: 'ライブラリ事例X', summary: 'X', prefecture: '長野県' } as never),
      await A.call('cases.create', { title: 'ライブラリ事例Y', summary: 'Y', prefecture: '全国' } as never),
    ];
    const seed = (await A.call('cases.search', { query: '', limit: 1, sort: 'year-desc' })).items[0]!;
    expect(seed.origin).toBe('seed');
    await A.call('cases.update', { id: seed.id, patch: { summary: 'A で要約を直した' } });
    const groups = (await A.call('synonyms.list', {})).groups;
    await A.call('synonyms.save', { groups: [...groups, ['ワーケーション', '休暇型テレワーク']] });

    const out = await A.call('bundle.export', { library: true });
    expect(out.kind).toBe('library');
    expect(out.fileName).toMatch(/^banso-事例ライブラリ-\d{8}\.json$/);
    const total = A.ctx.cases.repo.count();
    expect(out.records).toBe(total + 1);
    const bCasesBefore = B.ctx.cases.repo.count();
    const r = await importInto(B, out.contentBase64);
    // X and Y are new; the seed edited on A and the synonyms (pristine on B) are updated; the
    // engagement's case came to B earlier and is unchanged; every other seed is the same.
    expect(r).toEqual({ kind: 'library', added: 2, updated: 2, unchanged: total + 1 - 4, conflicts: 0 });
    expect(B.ctx.cases.repo.count()).toBe(bCasesBefore + 2);
    expect((await B.call('cases.get', { id: seed.id })).summary).toBe('A で要約を直した');
    expect((await B.call('cases.get', { id: x.id })).title).toBe('ライブラリ事例X');
    expect((await B.call('cases.get', { id: y.id })).prefecture).toBe('全国');
    expect((await B.call('synonyms.list', {})).groups.at(-1)).toEqual(['ワーケーション', '休暇型テレワーク']);
    // The new synonym works in B's search at once.
    await B.call('cases.update', { id: x.id, patch: { body: '休暇型テレワークの実証' } });
    expect((await B.call('cases.search', { query: 'ワーケーション' })).items.map((h) => h.id)).toContain(x.id);

    const again = await importInto(B, out.contentBase64);
    // x was edited on B since: B's newer version stays (A's file has no change of its own).
    expect(again).toMatchObject({ added: 0, updated: 0, conflicts: 0 });
    expect((await B.call('cases.get', { id: x.id })).body).toBe('休暇型テレワークの実証');

    // A case changed on both sides: a conflict; taking theirs re-indexes it for search at once.
    await A.call('cases.update', { id: y.id, patch: { body: '遠隔授業で離島の学校をつなぐ', prefecture: '沖縄県' } });
    await B.call('cases.update', { id: y.id, patch: { body: '棚田の保全に取り組む' } });
    expect(await importInto(B, (await A.call('bundle.export', { library: true })).contentBase64)).toMatchObject({ added: 0, updated: 0, conflicts: 1 });
    const conflict = (await B.call('conflicts.list', {})).items.find((c) => c.entityId === y.id)!;
    expect(conflict).toMatchObject({ entity: 'case', entityLabel: '事例', label: 'ライブラリ事例Y' });
    expect(conflict.fields).toContainEqual({ field: 'body', label: '本文', mine: '棚田の保全に取り組む', theirs: '遠隔授業で離島の学校をつなぐ' });
    expect(conflict.fields.find((f) => f.field === 'prefecture')).toMatchObject({ label: '都道府県', theirs: '沖縄県' });
    expect((await B.call('cases.search', { query: '棚田' })).items.map((h) => h.id)).toEqual([y.id]);
    await B.call('conflicts.resolve', { id: conflict.id, keep: 'theirs' });
    expect((await B.call('cases.search', { query: '棚田' })).items).toEqual([]);
    expect((await B.call('cases.search', { query: '遠隔授業' })).items.map((h) => h.id)).toEqual([y.id]);
    expect((await B.call('cases.search', { query: '離島' })).items.map((h) => h.id)).toContain(y.id);
    // … and the in-memory filter index has its new prefecture.
    expect((await B.call('cases.search', { query: '', filters: { prefectures: ['沖縄県'] }, limit: 500 })).items.map((h) => h.id)).toContain(y.id);
    const at = B.ctx.db.prepare("SELECT max(at) FROM history WHERE entity = 'case' AND entity_id = ?").pluck().get(y.id);
    expect(B.ctx.db.prepare("SELECT field FROM history WHERE entity = 'case' AND entity_id = ? AND at = ? ORDER BY field").pluck().all(y.id, at)).toEqual(['body', 'prefecture']);
  });
});

describe('a bad bundle changes nothing', () => {
  let good: string;
  beforeAll(async () => {
    const c = await addClient(A, { name: '検査町' });
    const e = await addEngagement(A, { clientId: c.id });
    await addLog(A, { engagementId: e.id, notes: '検査用の記録' });
    good = decode(await exportEngagement(A, e.id));
  });

  const cases: [string, (t: string) => string, RegExp, (string | number)[] | undefined][] = [
    ['empty', () => '', /空です/, []],
    ['truncated', (t) => t.slice(0, Math.floor(t.length * 0.6)), /JSON として読めません/, []],
    ['not a bundle', () => JSON.stringify({ cases: [] }), /受け渡しファイルではありません/, ['format']],
    ['from a newer Bansō', (t) => t.replace('"version": 1', '"version": 2'), /新しい版の Bansō/, ['version']],
    ['unknown kind', (t) => t.replace('"kind": "engagement"', '"kind": "everything"'), /種類（kind）/, ['kind']],
    ['a wrong type', (t) => t.replace(/"minutes": 60/, '"minutes": "六十"'), /「data\.log\[0\]\.record\.minutes」/, ['data', 'log', 0, 'record', 'minutes']],
    ['a changed byte in a note', (t) => t.replace('検査用の記録', '検査用の記緑'), /チェックサムが一致しません/, ['checksum']],
    [
      'a record edited by hand with the checksum made again',
      (t) => {
        const b = JSON.parse(t);
        b.data.log[0].record.notes = '手で書き換えた';
        b.checksum = dataChecksum(b.data);
        return JSON.stringify(b);
      },
      /ハッシュと一致しません/,
      ['data', 'log', 0, 'hash'],
    ],
    [
      'a log entry of another engagement (hashes made again)',
      (t) => {
        const b = JSON.parse(t);
        b.data.log[0].record.engagementId = '00000000-0000-4000-8000-000000000000';
        b.data.log[0].hash = recordHash('logEntry', b.data.log[0].record);
        b.checksum = dataChecksum(b.data);
        return JSON.stringify(b);
      },
      /支援記録の案件が、ファイル内の案件と一致しません/,
      ['data', 'log', 0, 'record', 'engagementId'],
    ],
    ['deep nesting', (t) => t.replace('"notes": "検査用の記録"', `"notes": ${'['.repeat(5000)}${']'.repeat(5000)}`), /入れ子が深すぎます/, []],
  ];
  for (const [name, mutate, message, errorPath] of cases) {
    it(`refuses ${name} with a Japanese message and its path, and writes nothing`, async () => {
      const fp = fingerprint(B.ctx.db);
      const e = await failure(B, 'bundle.import', { text: mutate(good) });
      expect(e.code).toBe('invalid_input');
      expect(e.message).toMatch(message);
      if (errorPath) expect(e.path).toEqual(errorPath);
      expect(fingerprint(B.ctx.db)).toEqual(fp);
    });
  }

  it('refuses invalid UTF-8 and a next action id that another entry of this machine owns', async () => {
    const fp = fingerprint(B.ctx.db);
    const sjis = Buffer.concat([Buffer.from(good.slice(0, 200)), Buffer.from([0x82, 0xa0, 0x82, 0xa2]), Buffer.from(good.slice(200))]);
    expect((await failure(B, 'bundle.import', { contentBase64: sjis.toString('base64') })).message).toMatch(/UTF-8 として読めません/);
    expect((await failure(B, 'bundle.import', { contentBase64: '%%%not base64' })).path).toEqual(['contentBase64']);
    expect((await failure(B, 'bundle.import', {})).message).toMatch(/どちらか一方/);
    expect(fingerprint(B.ctx.db)).toEqual(fp);
  });
});

describe('CLI: bundle export / import', () => {
  function cli(dataDir: string, ...args: string[]) {
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'electron/cli/bin.mjs'), '--data-dir', dataDir, ...args], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, BANSO_DATA_DIR: '' },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('exports with --engagement and --library, imports with --json printing exactly {added, updated, conflicts}, refuses a bad file with exit 2', async () => {
    const c = await addClient(A, { name: 'CLI町' });
    const e = await addEngagement(A, { clientId: c.id });
    await addLog(A, { engagementId: e.id });
    A.close();
    const C = path.join(root, 'C');
    const file = path.join(root, 'eng.json');
    const lib = path.join(root, 'lib.json');
    try {
      const ex = cli(path.join(root, 'A'), 'bundle', 'export', '--engagement', e.id, '--out', file, '--json');
      expect(ex.code, ex.stderr).toBe(0);
      expect(JSON.parse(ex.stdout)).toMatchObject({ kind: 'engagement', records: 3, out: file });
      expect(cli(path.join(root, 'A'), 'bundle', 'export', '--library', '--out', lib).code).toBe(0);
      expect(JSON.parse(fs.readFileSync(lib, 'utf8')).kind).toBe('library');

      const im = cli(C, 'bundle', 'import', file, '--json');
      expect(im.code, im.stderr).toBe(0);
      expect(im.stdout.trim().startsWith('{')).toBe(true);
      expect(JSON.parse(im.stdout)).toEqual({ added: 3, updated: 0, conflicts: 0 });
      expect(Object.keys(JSON.parse(im.stdout))).toEqual(['added', 'updated', 'conflicts']);
      expect(JSON.parse(cli(C, 'bundle', 'import', file, '--json').stdout)).toEqual({ added: 0, updated: 0, conflicts: 0 });

      fs.writeFileSync(path.join(root, 'bad.json'), fs.readFileSync(file).subarray(0, 300));
      const bad = cli(C, 'bundle', 'import', path.join(root, 'bad.json'), '--json');
      expect(bad.code).toBe(2);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toMatch(/JSON として読めません/);
      expect(cli(C, 'bundle', 'export', '--out', file).code).toBe(2);
      expect(JSON.parse(cli(C, 'conflicts', 'list', '--json').stdout)).toEqual({ items: [], open: 0 });
    } finally {
      A = await createCore({ dataDir: path.join(root, 'A') });
    }
  });
});
