import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dbMarkerPath, dbPathFor, loadSqlite } from '../../electron/core/db/open.ts';
import { LATEST_SCHEMA_VERSION } from '../../electron/core/db/migrations/index.ts';
import { createCore, type Core } from '../../electron/core/index.ts';
import { addClient, addEngagement, addLog } from '../helpers/engagements.ts';
import { REPO_ROOT, tempDir } from '../helpers/tmp.ts';
import { rng as prng } from '../helpers/prng.ts';

/**
 * The start-up check on real damaged files: a truncated file, random bytes written into pages, a
 * file that is not SQLite at all, and a stray -wal from another database. Each time the damaged
 * file is moved aside untouched (with its -wal), the newest backup that passes integrity_check is
 * restored, and the user is told (a notice over the contract, stderr in the CLI).
 */

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const NOW = new Date('2026-04-01T09:00:00Z');
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');


interface Prepared {
  dir: string;
  file: string;
  /** In the backup and in the live database. */
  oldClientId: string;
  /** Only in the live database (written after the backup). */
  newClientId: string;
  backupName: string;
}

/** A data folder with a backup holding one client, and a second client written after it. */
async function prepare(opts: { backups?: number } = {}): Promise<Prepared> {
  const t = tempDir('banso-recovery-');
  cleanups.push(t.cleanup);
  const core = await createCore({ dataDir: t.dir, loadSeeds: false, autoBackup: false });
  try {
    const old = await addClient(core, { name: '旧データの町' });
    const e = await addEngagement(core, { clientId: old.id });
    for (let i = 0; i < 20; i++) await addLog(core, { engagementId: e.id, notes: `記録 ${i} `.repeat(40) });
    let backupName = '';
    for (let i = 0; i < (opts.backups ?? 1); i++) backupName = (await core.call('backup.create', {})).name;
    const fresh = await addClient(core, { name: '新しいデータの村' });
    return { dir: t.dir, file: dbPathFor(t.dir), oldClientId: old.id, newClientId: fresh.id, backupName };
  } finally {
    core.close();
  }
}

function rootPages(file: string): number[] {
  const db = new (loadSqlite())(file, { readonly: true });
  try {
    return (db.prepare("SELECT rootpage FROM sqlite_schema WHERE type = 'table' AND name IN ('clients', 'log_entries', 'history', 'engagements')").all() as { rootpage: number }[]).map((r) => r.rootpage);
  } finally {
    db.close();
  }
}

async function openRecovered(dir: string): Promise<Core> {
  const core = await createCore({ dataDir: dir, loadSeeds: false, autoBackup: false, now: () => NOW });
  cleanups.push(() => core.close());
  return core;
}

/** The recovery restored the backup: old data there, newer data gone, intact, writable. */
async function expectRestored(core: Core, p: Prepared) {
  expect(core.ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect((await core.call('clients.get', { id: p.oldClientId })).name).toBe('旧データの町');
  await expect(core.call('clients.get', { id: p.newClientId })).rejects.toMatchObject({ code: 'not_found' });
  expect(core.ctx.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
  const c = await addClient(core, { name: '復旧後の町' });
  expect((await core.call('clients.get', { id: c.id })).name).toBe('復旧後の町');
}

async function recoveryNotice(core: Core) {
  const { items } = await core.call('notices.list', {});
  const n = items.find((x) => x.kind === 'recovery');
  expect(n, JSON.stringify(items)).toBeDefined();
  return n!;
}

const damagedName = 'banso.damaged-20260401T090000Z.sqlite3';

describe('start-up check and recovery from damage', () => {
  it('a truncated file: moved aside untouched, the newest good backup restored, the user told where the damaged file is', async () => {
    const p = await prepare();
    fs.truncateSync(p.file, Math.floor(fs.statSync(p.file).size / 2));
    const damagedSha = sha(p.file);

    const core = await openRecovered(p.dir);
    await expectRestored(core, p);
    const moved = path.join(p.dir, damagedName);
    expect(sha(moved)).toBe(damagedSha); // never deleted, never changed
    const n = await recoveryNotice(core);
    expect(n.level).toBe('warning');
    expect(n.title).toMatch(/バックアップから復元しました/);
    expect(n.message).toContain(moved);
    expect(n.message).toContain(p.backupName);
    expect(n.message).toMatch(/破損/);
    expect(n.message).toMatch(/途中で切れています/); // found by the size-and-header check, before quick_check
    expect(n.paths).toEqual([moved, path.join(p.dir, 'backups', p.backupName)]);
  });

  it('random bytes written into pages (b-tree pages and random places, not the header): detected by quick_check and recovered', async () => {
    const p = await prepare();
    const random = prng(7);
    const pageSize = 4096;
    const pages = fs.statSync(p.file).size / pageSize;
    const targets = [...rootPages(p.file), ...Array.from({ length: 4 }, () => 2 + Math.floor(random() * (pages - 2)))];
    const fd = fs.openSync(p.file, 'r+');
    for (const page of targets) {
      const bytes = Buffer.from(Array.from({ length: 64 }, () => Math.floor(random() * 256)));
      const offset = (page - 1) * pageSize + (page === targets[0] ? 0 : Math.floor(random() * 64));
      fs.writeSync(fd, bytes, 0, bytes.length, offset);
    }
    fs.closeSync(fd);
    expect(targets.every((pg) => pg > 1)).toBe(true); // page 1 (the header) untouched
    const damagedSha = sha(p.file);

    const core = await openRecovered(p.dir);
    await expectRestored(core, p);
    expect(sha(path.join(p.dir, damagedName))).toBe(damagedSha);
    expect((await recoveryNotice(core)).message).toMatch(/quick_check|破損/);
  });

  it('a file that is not an SQLite database at all is recovered the same way', async () => {
    const p = await prepare();
    fs.writeFileSync(p.file, crypto.randomBytes(64 * 1024));
    const core = await openRecovered(p.dir);
    await expectRestored(core, p);
    expect((await recoveryNotice(core)).message).toMatch(/SQLITE_NOTADB|読み取れません/);
  });

  it('a stray -wal from another database beside ours: SQLite would replay it; detected, moved aside with the database, backup restored', async () => {
    const p = await prepare();
    // Another database with its WAL still full of frames (never checkpointed).
    const other = tempDir('banso-other-');
    cleanups.push(other.cleanup);
    const Database = loadSqlite();
    const o = new Database(path.join(other.dir, 'notes.sqlite3'));
    o.pragma('journal_mode = WAL');
    o.pragma('wal_autocheckpoint = 0');
    o.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    const ins = o.prepare('INSERT INTO notes (body) VALUES (?)');
    o.transaction(() => {
      for (let i = 0; i < 300; i++) ins.run(`other database ${i} `.repeat(10));
    })();
    fs.copyFileSync(path.join(other.dir, 'notes.sqlite3-wal'), `${p.file}-wal`);
    o.close();
    const dbSha = sha(p.file);
    const walSha = sha(`${p.file}-wal`);

    const core = await openRecovered(p.dir);
    await expectRestored(core, p);
    // Both files were moved aside as they were: the WAL was never replayed into our file.
    expect(sha(path.join(p.dir, damagedName))).toBe(dbSha);
    expect(sha(path.join(p.dir, `${damagedName}-wal`))).toBe(walSha);
    const n = await recoveryNotice(core);
    expect(n.message).toMatch(/-wal ファイルが別のデータベース/);
    expect(n.paths).toContain(path.join(p.dir, `${damagedName}-wal`));
  });

  it('skips a damaged backup and restores the newest good one', async () => {
    const p = await prepare({ backups: 2 });
    const backups = (await (async () => {
      const c = await createCore({ dataDir: p.dir, loadSeeds: false, autoBackup: false });
      try {
        return (await c.call('backup.list', {})).items;
      } finally {
        c.close();
      }
    })());
    expect(backups.length).toBe(2);
    // Damage the newest backup: the older one has the same data.
    fs.truncateSync(path.join(p.dir, 'backups', backups[0]!.name), 8192);
    fs.truncateSync(p.file, 10_000);

    const core = await openRecovered(p.dir);
    await expectRestored(core, p);
    const n = await recoveryNotice(core);
    expect(n.message).toContain(backups[1]!.name);
    expect(n.message).toMatch(/検査に通らなかったバックアップ 1 件/);
    expect(fs.existsSync(path.join(p.dir, 'backups', backups[0]!.name))).toBe(true); // a bad backup is not deleted either
  });

  it('with no good backup: starts with a new database, keeps the damaged file aside and says so', async () => {
    const p = await prepare({ backups: 0 });
    fs.truncateSync(p.file, 20_000);
    const damagedSha = sha(p.file);
    const core = await openRecovered(p.dir);
    expect(core.ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((await core.call('clients.list', {})).items).toEqual([]);
    expect(sha(path.join(p.dir, damagedName))).toBe(damagedSha);
    const n = await recoveryNotice(core);
    expect(n.level).toBe('error');
    expect(n.title).toMatch(/新しいデータベースで開始/);
    expect(n.message).toContain(path.join(p.dir, damagedName));
    expect(n.message).toMatch(/削除せず/);
  });

  it('the notice survives a restart until dismissed; the CLI prints it on stderr and keeps stdout JSON', async () => {
    const p = await prepare();
    fs.truncateSync(p.file, 30_000);
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'electron/cli/bin.mjs'), 'info', '--json', '--data-dir', p.dir], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, BANSO_DATA_DIR: '' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).counts.clients).toBe(1); // the backup's one client
    expect(r.stderr).toMatch(/データベースをバックアップから復元しました: .*banso\.damaged-/);

    // The desktop app (another core) started later still shows it …
    const core = await createCore({ dataDir: p.dir, loadSeeds: false, autoBackup: false });
    cleanups.push(() => core.close());
    const n = await recoveryNotice(core);
    // … until the user dismisses it.
    expect((await core.call('notices.dismiss', { id: n.id })).items.filter((x) => x.kind === 'recovery')).toEqual([]);
    core.close();
    const again = await createCore({ dataDir: p.dir, loadSeeds: false, autoBackup: false });
    cleanups.push(() => again.close());
    expect((await again.call('notices.list', {})).items).toEqual([]);
  });

  it('an emptied file (0 bytes, `: > banso.sqlite3`) beside good backups is damage: moved aside, the newest good backup restored, the user told', async () => {
    const p = await prepare();
    fs.truncateSync(p.file, 0);
    const core = await openRecovered(p.dir);
    await expectRestored(core, p);
    expect(fs.statSync(path.join(p.dir, damagedName)).size).toBe(0); // kept aside as it was
    const n = await recoveryNotice(core);
    expect(n.title).toMatch(/バックアップから復元しました/);
    expect(n.message).toMatch(/空になっています（0 バイト）/);
    expect(n.message).toContain(p.backupName);
  });

  it('a file cut to 1 byte, or to a few hundred, is damage as well (SQLite would take it for a new database)', async () => {
    for (const size of [1, 300]) {
      const p = await prepare();
      fs.truncateSync(p.file, size);
      const core = await openRecovered(p.dir);
      await expectRestored(core, p);
      expect(fs.statSync(path.join(p.dir, damagedName)).size).toBe(size);
      expect((await recoveryNotice(core)).message).toMatch(new RegExp(`短すぎます（${size} バイト`));
      core.close();
    }
  });

  it('an emptied file with no backup left: the marker says a database was here, so the user is told (no silent new database)', async () => {
    const p = await prepare({ backups: 0 });
    expect(fs.existsSync(dbMarkerPath(p.dir))).toBe(true);
    fs.truncateSync(p.file, 0);
    const core = await openRecovered(p.dir);
    expect((await core.call('clients.list', {})).items).toEqual([]);
    const n = await recoveryNotice(core);
    expect(n.level).toBe('error');
    expect(n.title).toMatch(/新しいデータベースで開始/);
    expect(n.message).toMatch(/空になっています/);
  });

  it('an empty file where no database ever was (no backup, no marker) is a first start, not damage', async () => {
    const t = tempDir('banso-recovery-');
    cleanups.push(t.cleanup);
    fs.writeFileSync(dbPathFor(t.dir), '');
    const core = await openRecovered(t.dir);
    expect((await core.call('notices.list', {})).items).toEqual([]);
    expect(fs.readdirSync(t.dir).filter((f) => f.includes('damaged'))).toEqual([]);
    expect(core.ctx.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(fs.existsSync(dbMarkerPath(t.dir))).toBe(true); // from now on an empty file here is damage
  });

  it('the reported case: `: > banso.sqlite3` beside 10 good automatic backups, then 11 CLI runs that each write: the real data comes back and every backup kept holds it', async () => {
    const t = tempDir('banso-emptied-');
    cleanups.push(t.cleanup);
    const realNames: string[] = [];
    // Ten working sessions, each with a change, each over half an hour after the last, so each start writes an
    // automatic backup (as a user's week would).
    let at = Date.parse('2026-04-01T00:00:00Z');
    for (let i = 0; i < 11; i++) {
      at += 31 * 60_000;
      const now = new Date(at);
      const core = await createCore({ dataDir: t.dir, loadSeeds: false, now: () => now, startBackupDelayMs: 0 });
      try {
        await core.ctx.backups.whenStarted();
        realNames.push((await addClient(core, { name: `本物の町${i}` })).name);
      } finally {
        core.close();
      }
    }
    const backupsDir = path.join(t.dir, 'backups');
    const before = fs.readdirSync(backupsDir).filter((f) => f.endsWith('.sqlite3'));
    expect(before.length).toBe(10);
    fs.truncateSync(dbPathFor(t.dir), 0); // `: > banso.sqlite3`

    const stderrs: string[] = [];
    for (let i = 0; i < 11; i++) {
      const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'electron/cli/bin.mjs'), 'clients', 'add', '--name', `CLI の町${i}`, '--kind', 'municipality', '--prefecture', '徳島県', '--data-dir', t.dir], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...process.env, BANSO_DATA_DIR: '' },
      });
      expect(r.status, r.stderr).toBe(0);
      stderrs.push(r.stderr);
    }
    // The first run found the emptied file, set it aside, restored the newest backup and said so.
    expect(stderrs[0]).toMatch(/データベースをバックアップから復元しました: .*空になっています（0 バイト）/);
    expect(stderrs.slice(1).join('')).not.toMatch(/復元しました/);

    const core = await openRecovered(t.dir);
    const names = new Set((await core.call('clients.list', {})).items.map((c) => c.name));
    // The newest backup held sessions 0–9 (the start of session 10 backed them up); session 10's client was written after it.
    for (const n of realNames.slice(0, 10)) expect(names.has(n), n).toBe(true);
    for (let i = 0; i < 11; i++) expect(names.has(`CLI の町${i}`)).toBe(true);
    // Every backup kept is whole and holds the real data: never a copy of the emptied state. The 11 CLI runs, seconds
    // apart, took one start backup between them (at most one per half hour); it holds the real data too.
    const kept = fs.readdirSync(backupsDir).filter((f) => f.endsWith('.sqlite3'));
    expect(kept.length).toBeGreaterThanOrEqual(10);
    let whole = 0;
    for (const b of kept) {
      expect((await core.call('backup.verify', { name: b })).ok, b).toBe(true);
      const db = new (loadSqlite())(path.join(backupsDir, b), { readonly: true });
      try {
        const inBackup = new Set((db.prepare('SELECT name FROM clients').all() as { name: string }[]).map((r) => r.name));
        // A session's start backup holds every session before it: the first k real clients, none missing.
        const k = realNames.slice(0, 10).filter((n) => inBackup.has(n)).length;
        expect(k, `${b} holds no real data`).toBeGreaterThan(0);
        for (const n of realNames.slice(0, k)) expect(inBackup.has(n), `${b} lacks ${n}`).toBe(true);
        if (k === 10) whole++;
      } finally {
        db.close();
      }
    }
    expect(whole).toBeGreaterThanOrEqual(2); // the newest real backup, and the CLI's start backup after the restore
  }, 120_000);

  it('a sound database is not touched by the check', async () => {
    const p = await prepare();
    const core = await createCore({ dataDir: p.dir, loadSeeds: false, autoBackup: false });
    cleanups.push(() => core.close());
    expect((await core.call('clients.get', { id: p.newClientId })).name).toBe('新しいデータの村');
    expect((await core.call('notices.list', {})).items).toEqual([]);
    expect(fs.readdirSync(p.dir).filter((f) => f.includes('damaged'))).toEqual([]);
  });
});
