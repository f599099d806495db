import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { handlers } from '../../electron/core/handlers/index.ts';
import { createDispatcher } from '../../electron/core/dispatch.ts';
import { dbPathFor, loadSqlite } from '../../electron/core/db/open.ts';
import { createCore, type Core } from '../../electron/core/index.ts';
import { addCases } from '../helpers/cases.ts';
import { addClient, addEngagement, addLog, rowCounts } from '../helpers/engagements.ts';
import { mountSmallDisk } from '../helpers/small-disk.ts';
import { REPO_ROOT, tempDir } from '../helpers/tmp.ts';

/**
 * A full disk and a read-only data folder: writes fail with a clear Japanese message and change
 * nothing (every write is one transaction), reads keep working.
 */

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function withData(): Promise<{ dir: string; core: Core; clientId: string; engagementId: string; caseId: string }> {
  const t = tempDir('banso-storage-');
  cleanups.push(t.cleanup);
  const core = await createCore({ dataDir: t.dir, loadSeeds: false, autoBackup: false });
  cleanups.push(() => core.close());
  const c = await addClient(core, { name: '読み取りの町' });
  const e = await addEngagement(core, { clientId: c.id });
  await addLog(core, { engagementId: e.id, notes: '最初の記録' });
  const [caseId] = await addCases(core, [{ title: 'テレワーク拠点', summary: '要約', body: '本文', prefecture: '長野県', fields: ['教育'] }]);
  return { dir: t.dir, core, clientId: c.id, engagementId: e.id, caseId: caseId! };
}

function historyCount(core: Core): number {
  return (core.ctx.db.prepare('SELECT count(*) AS n FROM history').get() as { n: number }).n;
}

async function expectReadsWork(core: Core, ids: { clientId: string; engagementId: string }) {
  expect((await core.call('clients.get', { id: ids.clientId })).name).toBe('読み取りの町');
  expect((await core.call('log.list', { engagementId: ids.engagementId })).items.map((e) => e.notes)).toContain('最初の記録');
  expect((await core.call('cases.search', { query: 'テレワーク' })).total).toBe(1);
  expect((await core.call('app.info', {})).counts.clients).toBe(1);
}

describe('a full disk', () => {
  it('refuses the write with storage_full and a Japanese message, writes nothing, reads keep working, and writing works again once there is room', async () => {
    const d = await withData();
    const db = d.core.ctx.db;
    // SQLite's own size limit: the next page it needs is refused with SQLITE_FULL, as on a full disk.
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const before = { rows: rowCounts(d.core), history: historyCount(d.core) };
    const big = '満杯のディスクに書こうとした記録。'.repeat(3000);

    const log = await d.core.invoke('log.create', {
      engagementId: d.engagementId,
      date: '2025-06-01',
      mode: 'visit',
      minutes: 90,
      notes: big,
      nextActions: [{ task: '次の訪問' }, { task: '資料送付' }],
    });
    expect(log).toMatchObject({ ok: false, error: { code: 'storage_full', message: expect.stringMatching(/空き容量が足りないため保存できませんでした/) } });
    if (!log.ok) {
      expect(log.error.message).toMatch(/変更前のまま/);
      expect(log.error.message).toMatch(/閲覧はこれまでどおり/);
    }
    const client = await d.core.invoke('clients.create', { name: '満杯の村', kind: 'municipality', prefecture: '長野県', notes: big, contacts: [{ name: '担当 一郎' }] });
    expect(client).toMatchObject({ ok: false, error: { code: 'storage_full' } });
    const edit = await d.core.invoke('cases.update', { id: d.caseId, patch: { body: big } });
    expect(edit).toMatchObject({ ok: false, error: { code: 'storage_full' } });

    // Nothing half-written: no entry without its actions, no history row without its change.
    expect({ rows: rowCounts(d.core), history: historyCount(d.core) }).toEqual(before);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    await expectReadsWork(d.core, d);
    expect((await d.core.call('cases.get', { id: d.caseId })).body).toBe('本文');

    // Room again: the same write goes through.
    db.pragma('max_page_count = 1073741823');
    const ok = await d.core.call('log.create', { engagementId: d.engagementId, date: '2025-06-01', mode: 'visit', minutes: 90, notes: big, nextActions: [{ task: '次の訪問' }] });
    expect(ok.entry.nextActions.length).toBe(1);
  });
});

describe('storage errors reach every face as structured errors', () => {
  it.each([
    ['SQLITE_FULL', 'storage_full', /空き容量/],
    ['SQLITE_READONLY', 'storage_readonly', /読み取り専用/],
    ['SQLITE_READONLY_DIRECTORY', 'storage_readonly', /読み取り専用/],
    ['SQLITE_IOERR_WRITE', 'storage_io', /ディスクの読み書き/],
    ['SQLITE_IOERR_FSYNC', 'storage_io', /ディスクの読み書き/],
    ['SQLITE_CANTOPEN', 'db_unavailable', /開けません/],
    ['SQLITE_CORRUPT', 'db_damaged', /破損/],
    ['SQLITE_BUSY', 'db_unavailable', /使用中/],
  ])('%s → %s', async (sqliteCode, code, message) => {
    const { SqliteError } = loadSqlite() as unknown as { SqliteError: new (m: string, c: string) => Error };
    const broken = { ...handlers, 'settings.get': () => { throw new SqliteError('disk says no', sqliteCode); } };
    const r = await createDispatcher(broken, {} as never)('settings.get', {});
    expect(r).toMatchObject({ ok: false, error: { code, message: expect.stringMatching(message) } });
    expect(JSON.stringify(r)).not.toMatch(/disk says no/);
  });
});

describe('a read-only data folder', () => {
  it('opens read-only (option, as when the folder cannot be written): reads work, writes and backups fail clearly, the files stay unchanged', async () => {
    const d = await withData();
    d.core.close();
    const file = dbPathFor(d.dir);
    const before = sha(file);
    const entries = fs.readdirSync(d.dir).sort();

    const core = await createCore({ dataDir: d.dir, loadSeeds: false, readOnly: true });
    cleanups.push(() => core.close());
    expect(core.ctx.readOnly).toBe(true);
    await expectReadsWork(core, d);
    const w = await core.invoke('clients.update', { id: d.clientId, patch: { notes: '書けないはず' } });
    expect(w).toMatchObject({ ok: false, error: { code: 'storage_readonly', message: expect.stringMatching(/書き込めないため保存できませんでした/) } });
    const b = await core.invoke('backup.create', {});
    expect(b).toMatchObject({ ok: false, error: { code: 'storage_readonly' } });
    const { items } = await core.call('notices.list', {});
    expect(items.map((n) => n.kind)).toEqual(['read_only']);
    expect(items[0]!.message).toContain(d.dir);
    core.close();
    expect(sha(file)).toBe(before);
    // A read-only connection in a folder it may write leaves an empty -wal and its index; nothing else.
    expect(fs.readdirSync(d.dir).filter((f) => !/-(wal|shm)$/.test(f)).sort()).toEqual(entries);
    if (fs.existsSync(`${file}-wal`)) expect(fs.statSync(`${file}-wal`).size).toBe(0);
  });

  // Real permissions: chmod the folder. Root ignores them, so as root the CLI runs as "nobody".
  const isRoot = process.getuid?.() === 0;
  const asNobody = isRoot && spawnSync(process.execPath, ['-e', '0'], { uid: 65534, gid: 65534 }).status === 0;
  it.skipIf(process.platform === 'win32' || (isRoot && !asNobody))('with real permissions (chmod), the CLI reads, refuses writes with exit 1 and a clear message, and changes nothing', async () => {
    const d = await withData();
    d.core.close(); // a clean close: no -wal/-shm, so SQLite cannot make the -shm WAL needs
    const file = dbPathFor(d.dir);
    fs.rmSync(path.join(d.dir, 'backups'), { recursive: true, force: true });
    const before = sha(file);
    for (const f of fs.readdirSync(d.dir)) fs.chmodSync(path.join(d.dir, f), 0o444);
    fs.chmodSync(d.dir, 0o555);
    cleanups.unshift(() => fs.chmodSync(d.dir, 0o755));
    const cli = (args: string[]) =>
      spawnSync(process.execPath, [path.join(REPO_ROOT, 'electron/cli/bin.mjs'), '--data-dir', d.dir, ...args], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...process.env, BANSO_DATA_DIR: '', HOME: d.dir },
        ...(asNobody ? { uid: 65534, gid: 65534 } : {}),
      });

    const info = cli(['info', '--json']);
    expect(info.status, info.stderr).toBe(0);
    expect(JSON.parse(info.stdout).counts).toMatchObject({ clients: 1, logEntries: 1 });
    expect(info.stderr).toMatch(/閲覧専用で開いています/);
    const list = cli(['log', 'list', '--engagement', d.engagementId, '--json']);
    expect(list.status, list.stderr).toBe(0);

    const add = cli(['clients', 'add', '--name', '書けない村', '--kind', 'municipality', '--prefecture', '長野県', '--json']);
    expect(add.status).toBe(1);
    expect(add.stdout).toBe('');
    expect(add.stderr).toMatch(/書き込めないため保存できませんでした/);
    const backup = cli(['backup', 'create', '--json']);
    expect(backup.status).toBe(1);
    expect(backup.stderr).toMatch(/読み取り専用/);

    expect(sha(file)).toBe(before);
    expect(fs.readdirSync(d.dir)).toEqual([path.basename(file)]);
  });
});

describe('a really full disk (a small tmpfs filled to 100%)', () => {
  const cli = (dataDir: string, args: string[]) =>
    spawnSync(process.execPath, [path.join(REPO_ROOT, 'electron/cli/bin.mjs'), '--data-dir', dataDir, ...args], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, BANSO_DATA_DIR: '' },
    });

  it('opens read-only with a message that says the disk is full: reads work, writes are refused saying why, nothing changes; with room again it writes', async () => {
    const disk = mountSmallDisk(8 * 1024);
    cleanups.unshift(() => disk.cleanup());
    const dataDir = path.join(disk.dir, 'data');
    const setup = await createCore({ dataDir, loadSeeds: false });
    const c = await addClient(setup, { name: '読み取りの町' });
    const e = await addEngagement(setup, { clientId: c.id });
    await addLog(setup, { engagementId: e.id, notes: '最初の記録' });
    await addCases(setup, [{ title: 'テレワーク拠点', summary: '要約', body: '本文', prefecture: '長野県', fields: ['教育'] }]);
    await setup.call('backup.create', {});
    setup.close(); // a clean shutdown: no -wal/-shm
    const file = dbPathFor(dataDir);
    const before = sha(file);
    const entries = fs.readdirSync(dataDir).sort();

    disk.fill();
    expect(disk.freeBytes()).toBe(0);
    expect(() => fs.writeFileSync(path.join(disk.dir, 'one-more-byte'), 'x')).toThrow(/ENOSPC/);

    const core = await createCore({ dataDir, loadSeeds: false });
    cleanups.unshift(() => core.close());
    expect(core.ctx.readOnly).toBe(true);
    const { items } = await core.call('notices.list', {});
    expect(items.map((n) => [n.kind, n.level])).toEqual([['read_only', 'error']]);
    expect(items[0]!.title).toMatch(/ディスクがいっぱいのため、閲覧専用で開いています/);
    expect(items[0]!.message).toMatch(/空き容量がありません（残り 0 KB）/);
    expect(items[0]!.message).toContain(dataDir);

    await expectReadsWork(core, { clientId: c.id, engagementId: e.id });
    const write = await core.invoke('clients.create', { name: '書けない村', kind: 'municipality', prefecture: '長野県' });
    expect(write).toMatchObject({ ok: false, error: { code: 'storage_full', message: expect.stringMatching(/ディスクの空き容量がないため/) } });
    expect(await core.invoke('backup.create', {})).toMatchObject({ ok: false, error: { code: 'storage_full' } });
    core.close();
    expect(sha(file)).toBe(before);
    expect(fs.readdirSync(dataDir).sort()).toEqual(entries); // no -wal/-shm left behind on the full disk

    // The CLI reads, says why it is read-only, and refuses a write with exit 1 and the same reason.
    const info = cli(dataDir, ['info', '--json']);
    expect(info.status, info.stderr).toBe(0);
    expect(JSON.parse(info.stdout).counts).toMatchObject({ clients: 1, logEntries: 1, cases: 1 });
    expect(info.stderr).toMatch(/ディスクがいっぱいのため、閲覧専用で開いています/);
    const add = cli(dataDir, ['clients', 'add', '--name', '書けない村', '--kind', 'municipality', '--prefecture', '長野県', '--json']);
    expect(add.status).toBe(1);
    expect(add.stdout).toBe('');
    expect(add.stderr).toMatch(/ディスクの空き容量がないため/);
    expect(sha(file)).toBe(before);

    // Room again: the next start writes.
    disk.free();
    const again = await createCore({ dataDir, loadSeeds: false });
    cleanups.unshift(() => again.close());
    expect(again.ctx.readOnly).toBe(false);
    expect((await again.call('notices.list', {})).items).toEqual([]);
    await addClient(again, { name: '空きができた村' });
    expect((await again.call('app.info', {})).counts.clients).toBe(2);
  });

  it('a new database on a full disk: a message that says the disk is full, and nothing half-made that a later start could mistake', async () => {
    const disk = mountSmallDisk(1024);
    cleanups.unshift(() => disk.cleanup());
    const dataDir = path.join(disk.dir, 'data');
    fs.mkdirSync(dataDir);
    disk.fill();
    await expect(createCore({ dataDir, loadSeeds: false })).rejects.toMatchObject({ code: 'storage_full', message: expect.stringMatching(/ディスクの空き容量がない（残り 0 KB）ため、データベースを作成できません/) });
    const r = cli(dataDir, ['info', '--json']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/ディスクの空き容量がない/);
    disk.free();
    const core = await createCore({ dataDir, loadSeeds: false });
    cleanups.unshift(() => core.close());
    expect((await core.call('notices.list', {})).items).toEqual([]); // a first start, not a recovery
  });

  it('after a crash left a -wal (no -shm) and the disk then filled up: the rows only in the -wal are read too', async () => {
    const disk = mountSmallDisk(8 * 1024);
    cleanups.unshift(() => disk.cleanup());
    const dataDir = path.join(disk.dir, 'data');
    fs.mkdirSync(dataDir);
    // A live database elsewhere, its last commit still only in the -wal; its files as a crash leaves them.
    const d = await withData();
    const late = await addClient(d.core, { name: 'WAL にだけある町' });
    const src = dbPathFor(d.dir);
    expect(fs.statSync(`${src}-wal`).size).toBeGreaterThan(0);
    fs.copyFileSync(src, dbPathFor(dataDir));
    fs.copyFileSync(`${src}-wal`, `${dbPathFor(dataDir)}-wal`);
    d.core.close();

    disk.fill();
    const core = await createCore({ dataDir, loadSeeds: false });
    cleanups.unshift(() => core.close());
    expect(core.ctx.readOnly).toBe(true);
    expect((await core.call('clients.get', { id: late.id })).name).toBe('WAL にだけある町');
    expect((await core.call('clients.get', { id: d.clientId })).name).toBe('読み取りの町');
    expect((await core.call('log.list', { engagementId: d.engagementId })).items.map((x) => x.notes)).toContain('最初の記録');
    expect((await core.call('cases.search', { query: 'テレワーク' })).total).toBe(1);
    expect(await core.invoke('log.create', { engagementId: d.engagementId, date: '2025-06-01', mode: 'visit', minutes: 30 })).toMatchObject({ ok: false, error: { code: 'storage_full' } });
    core.close();

    disk.free();
    const again = await createCore({ dataDir, loadSeeds: false });
    cleanups.unshift(() => again.close());
    expect(again.ctx.readOnly).toBe(false);
    expect((await again.call('clients.get', { id: late.id })).name).toBe('WAL にだけある町');
    expect(again.ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
