import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackupInfo } from '../../shared/contract/backup.ts';
import { listBackups } from '../../electron/core/backup/files.ts';
import { backupsToKeep, highWaterBackups, KEEP_NEWEST } from '../../electron/core/backup/retention.ts';
import { MIGRATIONS, LATEST_SCHEMA_VERSION } from '../../electron/core/db/migrations/index.ts';
import { loadSqlite, openDatabase } from '../../electron/core/db/open.ts';
import { createCore, type Core, type CoreOptions } from '../../electron/core/index.ts';
import { addCases } from '../helpers/cases.ts';
import { addClient } from '../helpers/engagements.ts';
import { REPO_ROOT, tempDir } from '../helpers/tmp.ts';

// Retention counts local days; the users are in Japan. (Each test file runs in its own process.)
process.env.TZ = 'Asia/Tokyo';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function dir(): string {
  const t = tempDir('banso-backup-');
  cleanups.push(t.cleanup);
  return t.dir;
}

async function core(dataDir: string, opts: Partial<CoreOptions> = {}): Promise<Core> {
  const c = await createCore({ dataDir, loadSeeds: false, autoBackup: false, ...opts });
  cleanups.unshift(() => c.close());
  return c;
}

/** Read a backup file on its own (read-only), as the user would with any SQLite tool. */
function peek<T>(file: string, sql: string, ...params: unknown[]): T[] {
  const db = new (loadSqlite())(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** A clock the test moves. */
function clock(start: string) {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (minutes: number) => (t += minutes * 60_000) };
}

describe('backups: create, list, verify, restore', () => {
  it('restore brings the old data back, the pre-restore backup holds the newer data, and every handler keeps working', async () => {
    const d = dir();
    const c = await core(d);
    const a = await addClient(c, { name: '復元前からある町', notes: '古いメモ' });
    const [oldCase] = await addCases(c, [{ title: '古い事例 サテライトオフィス', summary: '要約', body: '本文', prefecture: '徳島県', fields: ['教育'] }]);

    const b = await c.call('backup.create', {});
    expect(b).toMatchObject({ kind: 'manual', schemaVersion: LATEST_SCHEMA_VERSION });
    expect(b.name).toMatch(/^banso-\d{8}T\d{6}Z-manual-v\d+\.sqlite3$/);
    const file = path.join(d, 'backups', b.name);
    expect(fs.statSync(file).size).toBe(b.size);
    expect(fs.readdirSync(path.join(d, 'backups')).filter((f) => !f.startsWith('.'))).toEqual([b.name]); // one self-contained file, no -wal
    expect((await c.call('backup.list', {})).items).toEqual([b]);
    expect(await c.call('backup.verify', { name: b.name })).toMatchObject({ ok: true, schemaVersion: LATEST_SCHEMA_VERSION, message: expect.stringMatching(/問題ありません/) });

    // Newer data after the backup.
    await c.call('clients.update', { id: a.id, patch: { notes: '新しいメモ' } });
    const newer = await addClient(c, { name: '後から来た村' });
    await addCases(c, [{ title: '新しい事例 サテライトオフィス', summary: '要約', body: '本文', prefecture: '高知県', fields: ['教育'] }]);
    expect((await c.call('cases.search', { query: 'サテライトオフィス' })).total).toBe(2);

    // A call that arrives during the restore waits for it and then works.
    const [r, during] = await Promise.all([c.call('backup.restore', { name: b.name }), c.call('clients.list', {})]);
    expect(during.items.length).toBeGreaterThanOrEqual(1);
    expect(r.restored).toEqual(b);
    expect(r.preRestore.kind).toBe('pre-restore');
    expect(r.schemaVersion).toBe(LATEST_SCHEMA_VERSION);

    // The old data is back …
    expect((await c.call('clients.get', { id: a.id })).notes).toBe('古いメモ');
    await expect(c.call('clients.get', { id: newer.id })).rejects.toMatchObject({ code: 'not_found' });
    const search = await c.call('cases.search', { query: 'サテライトオフィス' });
    expect(search.items.map((i) => i.id)).toEqual([oldCase]); // the search indexes and caches came back with it
    expect(c.ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(c.ctx.db.pragma('journal_mode', { simple: true })).toBe('wal');
    // … the newer data is in the pre-restore backup …
    const pre = path.join(d, 'backups', r.preRestore.name);
    expect(peek<{ name: string }>(pre, 'SELECT name FROM clients ORDER BY name').map((x) => x.name)).toEqual(['後から来た村', '復元前からある町']);
    expect(peek<{ notes: string }>(pre, 'SELECT notes FROM clients WHERE id = ?', a.id)[0]!.notes).toBe('新しいメモ');
    // … every handler keeps working on the restored database …
    const after = await addClient(c, { name: '復元後の町' });
    await c.call('clients.update', { id: a.id, patch: { notes: '復元後のメモ' } });
    expect((await c.call('clients.list', {})).items.map((x) => x.id).sort()).toEqual([a.id, after.id].sort());
    const { items: notices } = await c.call('notices.list', {});
    expect(notices.find((n) => n.kind === 'restored')?.message).toContain(r.preRestore.name);

    // … and restoring the pre-restore backup undoes the restore.
    await c.call('backup.restore', { name: r.preRestore.name });
    expect((await c.call('clients.get', { id: newer.id })).name).toBe('後から来た村');
    expect((await c.call('cases.search', { query: 'サテライトオフィス' })).total).toBe(2);
    c.close();
    // What a restore wrote is on disk for the next start.
    const again = await core(d);
    expect((await again.call('clients.get', { id: newer.id })).name).toBe('後から来た村');
  });

  it('accepts only names from the list, never paths; refuses a damaged backup; changes nothing when it refuses', async () => {
    const d = dir();
    const c = await core(d);
    await addClient(c, { name: '残る町' });
    const b = await c.call('backup.create', {});
    for (const name of ['../banso.sqlite3', '/etc/passwd', 'backups/' + b.name, 'banso-x/../../banso.sqlite3', `..\\${b.name}`]) {
      const r = await c.invoke('backup.restore', { name });
      expect(r, name).toMatchObject({ ok: false, error: { code: 'invalid_input', path: ['name'] } });
    }
    expect(await c.invoke('backup.verify', { name: 'banso-20200101T000000Z-manual-v1.sqlite3' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await c.invoke('backup.restore', { name: 'banso-20200101T000000Z-manual-v1.sqlite3' })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    fs.truncateSync(path.join(d, 'backups', b.name), 4096 * 3);
    expect(await c.call('backup.verify', { name: b.name })).toMatchObject({ ok: false, message: expect.stringMatching(/破損|開けません/) });
    const r = await c.invoke('backup.restore', { name: b.name });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/復元できません/) } });
    expect((await c.call('backup.list', {})).items.map((x) => x.kind)).toEqual(['manual']); // no pre-restore backup
    expect((await c.call('clients.list', {})).items.map((x) => x.name)).toEqual(['残る町']);
  });

  it('restoring a pre-migration backup of an older schema migrates it again', async () => {
    const d = dir();
    const older = MIGRATIONS.slice(0, -1);
    const v = await openDatabase(d, { migrations: older });
    v.db.prepare("INSERT INTO settings (key, value) VALUES ('advisorName', '\"更新前の担当\"')").run();
    v.db.close();
    const c = await core(d);
    const list = (await c.call('backup.list', {})).items;
    expect(list.map((x) => [x.kind, x.schemaVersion])).toEqual([['pre-migration', older.length]]);
    await c.call('settings.update', { advisorName: '更新後の担当' });

    const r = await c.call('backup.restore', { name: list[0]!.name });
    expect(r.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(c.ctx.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect((await c.call('settings.get', {})).advisorName).toBe('更新前の担当');
    expect((await c.call('app.info', {})).schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    await c.call('settings.update', { advisorName: '三人目' });
    c.close();
    // The next start finds a sound database (no false alarm from the start-up check).
    const next = await core(d);
    expect((await next.call('notices.list', {})).items.filter((n) => n.kind === 'recovery')).toEqual([]);
    expect((await next.call('settings.get', {})).advisorName).toBe('三人目');
  });
});

describe('how backups are written', () => {
  it('only through SQLite (online backup API, backup-API restore): no file copy anywhere in the backup code or the open path', () => {
    const files = [...fs.readdirSync(path.join(REPO_ROOT, 'electron/core/backup')).map((f) => path.join('electron/core/backup', f)), 'electron/core/db/open.ts'];
    for (const f of files) {
      const src = fs.readFileSync(path.join(REPO_ROOT, f), 'utf8');
      expect(src, f).not.toMatch(/copyFile|cpSync|createReadStream|createWriteStream|\.cp\(/);
    }
  });
});

describe('automatic backups', () => {
  it('at start only when the data changed since the last start; then at most every 30 minutes while data changes', async () => {
    const d = dir();
    const t = clock('2026-04-01T09:00:00Z');
    const first = await core(d, { autoBackup: true, now: t.now });
    await addClient(first, { name: '最初の町' });
    expect((await first.call('backup.list', {})).items).toEqual([]); // a new database: nothing to back up yet
    first.close();

    t.advance(60);
    const second = await core(d, { autoBackup: true, now: t.now, startBackupDelayMs: 0 });
    await second.ctx.backups.whenStarted(); // in the background, after start
    const atStart = (await second.call('backup.list', {})).items;
    expect(atStart.map((x) => [x.kind, x.createdAt])).toEqual([['auto', '2026-04-01T10:00:00.000Z']]);
    second.close();
    t.advance(5);
    const third = await core(d, { autoBackup: true, now: t.now, startBackupDelayMs: 0 }); // nothing changed since: no new start backup
    expect(await third.ctx.backups.whenStarted()).toBeNull();
    expect((await third.call('backup.list', {})).items).toEqual(atStart);

    const backups = third.ctx.backups;
    expect(await backups.tick()).toBeNull(); // no change
    await addClient(third, { name: '変更あり' });
    t.advance(10);
    expect(await backups.tick()).toBeNull(); // changed, but only 15 minutes since the last backup
    t.advance(16);
    const auto = await backups.tick();
    expect(auto).toMatchObject({ kind: 'auto', createdAt: '2026-04-01T10:31:00.000Z' });
    expect(peek<{ n: number }>(path.join(backups.dir, auto!.name), 'SELECT count(*) AS n FROM clients')[0]!.n).toBe(2);
    t.advance(45);
    expect(await backups.tick()).toBeNull(); // 45 minutes, but no change since
    await third.call('clients.update', { id: (await third.call('clients.list', {})).items[0]!.id, patch: { notes: 'また変更' } });
    expect(await backups.tick()).toMatchObject({ kind: 'auto' });
    expect((await third.call('backup.list', {})).items.length).toBe(3);
  });

  it('the timer runs on its own (here every 20 ms, no minimum interval) and notices changes from other connections', async () => {
    const d = dir();
    const c = await core(d, { autoBackup: true, backupCheckMs: 20, backupIntervalMs: 0 });
    await new Promise((r) => setTimeout(r, 100));
    expect((await c.call('backup.list', {})).items).toEqual([]); // nothing changed
    // A write through another connection (e.g. the CLI while the app runs).
    const other = new (loadSqlite())(path.join(d, 'banso.sqlite3'));
    other.prepare("INSERT INTO settings (key, value) VALUES ('organization', '\"別の接続\"')").run();
    other.close();
    const deadline = Date.now() + 5000;
    while ((await c.call('backup.list', {})).items.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const items = (await c.call('backup.list', {})).items;
    expect(items.length).toBe(1);
    expect(items[0]!.kind).toBe('auto');
  });

  it('retention: the newest 10, the newest of each of the last 7 days, all manual ones, the newest pre-migration per version, the newest 5 pre-restore', async () => {
    const d = dir();
    const t = clock('2026-03-20T12:00:00Z');
    const c = await core(d, { now: t.now });
    const made: BackupInfo[] = [];
    // Two a day for 12 days, one manual among them.
    for (let day = 0; day < 12; day++) {
      if (day > 0) t.advance(18 * 60);
      made.push(await c.ctx.backups.create(day === 1 ? 'manual' : 'auto'));
      await c.ctx.backups.rotated(); // over a day since the last integrity check: rotation runs after the next one passes
      t.advance(6 * 60);
      made.push(await c.ctx.backups.create('auto'));
      await c.ctx.backups.rotated();
    }
    const kept = (await c.call('backup.list', {})).items.map((x) => x.name);
    const now = t.now(); // the time of the last backup, when the last pruning ran
    const expected = backupsToKeep(made, now);
    expect(new Set(kept)).toEqual(expected);
    // Spelled out, in Japan (days are local days): the newest 10 cover 3/27 21:00 … 4/1 03:00 JST; of the last 7
    // days (3/26 – 4/1) only 3/26 needs one more (its newest, 3/26 21:00); plus the manual one.
    expect(kept.length).toBe(KEEP_NEWEST + 1 + 1);
    expect(kept).toContain(made[12]!.name); // 3/26 12:00Z = 21:00 JST
    expect(kept).toContain(made[2]!.name);
    expect(kept).not.toContain(made[0]!.name);
  });

  it('retention keeps the newest pre-migration backup per schema version and the newest 5 pre-restore ones', () => {
    const at = (iso: string) => new Date(iso).toISOString();
    const mk = (name: string, kind: BackupInfo['kind'], createdAt: string, schemaVersion = 5): BackupInfo => ({ name, kind, createdAt: at(createdAt), size: 1, schemaVersion });
    const items: BackupInfo[] = [
      mk('pm3-old', 'pre-migration', '2025-01-01T00:00:00Z', 3),
      mk('pm3-new', 'pre-migration', '2025-02-01T00:00:00Z', 3),
      mk('pm4', 'pre-migration', '2025-03-01T00:00:00Z', 4),
      ...Array.from({ length: 7 }, (_, i) => mk(`pr${i}`, 'pre-restore', `2025-04-0${i + 1}T00:00:00Z`)),
      ...Array.from({ length: 12 }, (_, i) => mk(`a${i}`, 'auto', `2026-01-01T0${Math.floor(i / 6)}:${String(i * 5).padStart(2, '0')}:00Z`)),
    ];
    const keep = backupsToKeep(items, new Date('2026-01-01T12:00:00Z'));
    expect(keep.has('pm3-new') && keep.has('pm4')).toBe(true);
    expect(keep.has('pm3-old')).toBe(false);
    expect(['pr6', 'pr5', 'pr4', 'pr3', 'pr2'].every((n) => keep.has(n))).toBe(true);
    expect(keep.has('pr1') || keep.has('pr0')).toBe(false);
    expect(Array.from({ length: 10 }, (_, i) => `a${11 - i}`).every((n) => keep.has(n))).toBe(true);
  });
});

describe('concurrent start-ups', () => {
  it('20 cores opening one changed database at the same moment each write a whole start backup: unique temporary names, no failure, nothing left over', async () => {
    const d = dir();
    const first = await core(d);
    await addClient(first, { name: '並行の町' });
    first.close();
    const now = () => new Date('2026-04-01T09:00:00Z'); // one second for all: the same backup name for all
    const cores = await Promise.all(Array.from({ length: 20 }, () => createCore({ dataDir: d, loadSeeds: false, now, startBackupDelayMs: 0 })));
    for (const c of cores) cleanups.unshift(() => c.close());
    await Promise.all(cores.map((c) => c.ctx.backups.whenStarted()));
    const failed = cores.flatMap((c) => c.ctx.notices.addedHere().filter((n) => n.kind === 'backup_failed').map((n) => n.message));
    expect(failed).toEqual([]);
    const files = fs.readdirSync(path.join(d, 'backups'));
    expect(files.filter((f) => f.includes('.partial') || f.endsWith('.tmp'))).toEqual([]);
    const items = cores[0]!.ctx.backups.list().items;
    expect(items.length).toBeGreaterThanOrEqual(KEEP_NEWEST);
    for (const b of items) {
      expect(cores[0]!.ctx.backups.verify(b.name), b.name).toMatchObject({ ok: true });
      expect(peek<{ n: number }>(path.join(d, 'backups', b.name), 'SELECT count(*) AS n FROM clients')[0]!.n).toBe(1);
    }
  });
});

describe('concurrent start-ups of real processes', () => {
  /** `info` by default; a command that writes makes the CLI take its start backup first (when due). */
  const run = (d: string, command: string[] = ['info']) =>
    new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(REPO_ROOT, 'electron/cli/bin.mjs'), ...command, '--json', '--data-dir', d], {
        cwd: REPO_ROOT,
        env: { ...process.env, BANSO_DATA_DIR: '' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      child.on('close', (status) => resolve({ status, stderr }));
    });
  const expectAllWell = (results: { status: number | null; stderr: string }[]) => {
    for (const r of results) {
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/\] (error|warn)|失敗|ENOENT|エラー/);
    }
  };

  it('16 CLI processes started together on a changed database (seed cases not loaded yet): every one succeeds, no backup fails, every backup is whole', async () => {
    const d = dir();
    const first = await core(d);
    await addClient(first, { name: '並行の町' });
    first.close();
    // Each writes, so each takes its start backup first (the data changed and no backup exists yet).
    const add = (i: number) => ['clients', 'add', '--name', `並行の村${i}`, '--kind', 'municipality', '--prefecture', '徳島県'];
    expectAllWell(await Promise.all(Array.from({ length: 16 }, (_, i) => run(d, add(i)))));
    const c = await core(d);
    const items = c.ctx.backups.list().items;
    expect(items.length).toBeGreaterThanOrEqual(1);
    for (const b of items) expect(c.ctx.backups.verify(b.name), b.name).toMatchObject({ ok: true });
    expect(fs.readdirSync(path.join(d, 'backups')).filter((f) => f.includes('.partial') || f.startsWith('.banso-tmp-'))).toEqual([]);
    expect((await c.call('app.info', {})).counts.cases).toBeGreaterThan(0); // the seed cases, loaded once
  }, 120_000);

  it('16 CLI processes started together on an empty data folder: one creates and migrates the database, the others wait and use it', async () => {
    const d = dir();
    expectAllWell(await Promise.all(Array.from({ length: 16 }, () => run(d))));
    const c = await core(d);
    expect(c.ctx.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(c.ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
  }, 120_000);
});

describe('retention never deletes the last good copy of data the current database lacks', () => {
  /** Sessions of work, each over half an hour after the last: each start backs up what changed, then one client is added. */
  async function sessions(d: string, t: ReturnType<typeof clock>, n: number, name: (i: number) => string): Promise<void> {
    for (let i = 0; i < n; i++) {
      t.advance(31);
      const c = await createCore({ dataDir: d, loadSeeds: false, now: t.now, startBackupDelayMs: 0 });
      try {
        await c.ctx.backups.whenStarted();
        await c.ctx.backups.rotated();
        await addClient(c, { name: name(i) });
      } finally {
        c.close();
      }
    }
  }
  const autoBackups = (d: string) => listBackups(path.join(d, 'backups')).filter((b) => b.kind === 'auto');

  it('a database replaced by a smaller one that passes every check: 11 backups of the small state later, the newest backup of the real data is still there and verified', async () => {
    const d = dir();
    const t = clock('2026-03-31T15:00:00Z'); // 00:00 JST: every backup below (34 sessions, 31 minutes apart) falls on one local day
    await sessions(d, t, 11, (i) => `本物の町${i}`);
    const real = autoBackups(d);
    expect(real.length).toBe(10);
    const newestReal = real[0]!;
    // The database file is gone (deleted, or replaced by a new one): the next start makes a new, valid, smaller database.
    for (const s of ['', '-wal', '-shm']) fs.rmSync(path.join(d, `banso.sqlite3${s}`), { force: true });
    await sessions(d, t, 12, (i) => `小さい状態${i}`);

    const kept = autoBackups(d);
    const small = kept.filter((b) => b.name !== newestReal.name);
    expect(small.length).toBe(KEEP_NEWEST); // the usual rule still runs: 10 newest of the small state
    expect(kept.map((b) => b.name)).toContain(newestReal.name); // … and the guard kept the last copy of the real data
    expect(real.slice(1).some((b) => kept.some((k) => k.name === b.name))).toBe(false); // older copies of it rotate as usual
    const file = path.join(d, 'backups', newestReal.name);
    expect(peek<{ n: number }>(file, 'SELECT count(*) AS n FROM clients')[0]!.n).toBe(10);
    const c = await core(d, { now: t.now });
    expect(await c.call('backup.verify', { name: newestReal.name })).toMatchObject({ ok: true });
    expect((await c.call('clients.list', {})).items.length).toBe(12); // the small state is what is open now

    // The small state now has more rows than the real data had (12 clients against 10), but not its changes: still guarded.
    // Once the current data holds it again (the user restores it), the guard lets it go and it rotates out as usual.
    await c.call('backup.restore', { name: newestReal.name });
    c.close();
    await sessions(d, t, 11, (i) => `復元後${i}`);
    expect(autoBackups(d).map((b) => b.name)).not.toContain(newestReal.name);
  });

  it('a newer copy that fails integrity_check does not stand in for an older good one: both are kept', () => {
    const at = (m: number) => new Date(Date.UTC(2026, 3, 1, 0, m)).toISOString();
    const mk = (name: string, m: number): BackupInfo => ({ name, kind: 'auto', createdAt: at(m), size: 1, schemaVersion: 6 });
    const items = [mk('small2', 50), mk('small1', 40), mk('realDamaged', 30), mk('realGood', 20), mk('realOld', 10)]; // newest first
    const records: Record<string, number | null> = { small2: 5, small1: 4, realDamaged: 90, realGood: 80, realOld: 70 };
    const good = new Set(['small2', 'small1', 'realGood', 'realOld']);
    const asked: string[] = [];
    const verify = (b: BackupInfo) => (asked.push(b.name), good.has(b.name));
    const ahead = (now: number) => (b: BackupInfo) => (records[b.name] === null ? null : records[b.name]! > now);
    expect(highWaterBackups(items, ahead(5), verify)).toEqual(['realDamaged', 'realGood']);
    expect(asked).toEqual(['realDamaged', 'realGood']); // integrity_check only where the walk needs it
    // A backup that cannot be read holds nothing to restore: it is not guarded.
    records.realDamaged = null;
    expect(highWaterBackups(items, ahead(5), verify)).toEqual(['realGood']);
    // Nothing holds more than now: nothing to guard.
    expect(highWaterBackups(items, ahead(100), verify)).toEqual([]);
  });
});

describe('backup CLI', () => {
  it('backup create|list|verify|restore with --json on real files; exit 2 for names that are not backups, 1 for a damaged one', async () => {
    const d = dir();
    const cli = (...args: string[]) => {
      const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'electron/cli/bin.mjs'), '--data-dir', d, ...args], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...process.env, BANSO_DATA_DIR: '' },
      });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const c = await core(d);
    const a = await addClient(c, { name: 'CLI の町' });
    c.close();

    const created = cli('backup', 'create', '--json');
    expect(created.code, created.stderr).toBe(0);
    const b = JSON.parse(created.stdout) as BackupInfo & { path: string };
    expect(b).toMatchObject({ kind: 'manual', path: path.join(d, 'backups', b.name) });

    const list = cli('backup', 'list', '--json');
    expect(list.code, list.stderr).toBe(0);
    const listed = JSON.parse(list.stdout) as { dir: string; items: BackupInfo[] };
    expect(listed.dir).toBe(path.join(d, 'backups'));
    expect(listed.items.map((x) => x.name)).toContain(b.name);
    for (const x of listed.items) expect(Object.keys(x).sort()).toEqual(['createdAt', 'kind', 'name', 'schemaVersion', 'size']);

    const verified = cli('backup', 'verify', b.name, '--json');
    expect(verified.code, verified.stderr).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ name: b.name, ok: true });

    const c2 = await core(d);
    await c2.call('clients.update', { id: a.id, patch: { name: 'CLI の町（改名）' } });
    c2.close();
    const restored = cli('backup', 'restore', b.name, '--json');
    expect(restored.code, restored.stderr).toBe(0);
    const r = JSON.parse(restored.stdout) as { restored: BackupInfo; preRestore: BackupInfo };
    expect(r.restored.name).toBe(b.name);
    expect(r.preRestore.kind).toBe('pre-restore');
    const c3 = await core(d);
    expect((await c3.call('clients.get', { id: a.id })).name).toBe('CLI の町');
    c3.close();

    const traversal = cli('backup', 'restore', '../banso.sqlite3', '--json');
    expect(traversal.code).toBe(2);
    expect(traversal.stdout).toBe('');
    expect(traversal.stderr).toMatch(/バックアップ名の形式/);
    const unknown = cli('backup', 'verify', 'banso-20200101T000000Z-manual-v1.sqlite3', '--json');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/見つかりません/);

    fs.writeFileSync(path.join(d, 'backups', b.name), 'not a database');
    const bad = cli('backup', 'verify', b.name, '--json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false });
  });
});
