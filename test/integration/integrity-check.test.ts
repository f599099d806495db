import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { filesFingerprint, IntegrityMonitor, quickCheckInWorker, readCheckState } from '../../electron/core/backup/check.ts';
import { silentLogger } from '../../electron/core/log.ts';
import { listBackups } from '../../electron/core/backup/files.ts';
import { dbPathFor, loadSqlite, openDatabase } from '../../electron/core/db/open.ts';
import { createCore, type Core, type CoreOptions } from '../../electron/core/index.ts';
import { addClient, addEngagement, addLog } from '../helpers/engagements.ts';
import { rng } from '../helpers/prng.ts';
import { REPO_ROOT, tempDir } from '../helpers/tmp.ts';

/**
 * When the full integrity check runs (electron/core/backup/check.ts): not at an open after a
 * clean close, at the open after an unclean shutdown (a real process killed with SIGKILL), in the
 * background otherwise; and backup rotation never runs over a database whose check is due or failed.
 */

process.env.TZ = 'Asia/Tokyo';
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function dir(): string {
  const t = tempDir('banso-check-');
  cleanups.push(t.cleanup);
  return t.dir;
}

async function core(dataDir: string, opts: Partial<CoreOptions> = {}): Promise<Core> {
  const c = await createCore({ dataDir, loadSeeds: false, autoBackup: false, backgroundCheck: false, ...opts });
  cleanups.unshift(() => c.close());
  return c;
}

/** A folder with data (a client with log entries) and `backups` manual backups of it. */
async function withData(d: string, backups = 1, now?: () => Date): Promise<{ clientId: string }> {
  const c = await core(d, now ? { now } : {});
  const client = await addClient(c, { name: '点検の町' });
  const e = await addEngagement(c, { clientId: client.id });
  for (let i = 0; i < 20; i++) await addLog(c, { engagementId: e.id, notes: `記録 ${i} `.repeat(40) });
  for (let i = 0; i < backups; i++) await c.call('backup.create', {});
  c.close();
  return { clientId: client.id };
}

/**
 * Damage that none of the cheap checks can see: random bytes in the b-tree pages of record tables
 * (header untouched), and the clean-close record rewritten to the damaged files, as when a disk
 * returns bad sectors without any write by a program (size, time and identity all unchanged).
 */
function damageSilently(d: string): void {
  const file = dbPathFor(d);
  const db = new (loadSqlite())(file, { readonly: true });
  const roots = (db.prepare("SELECT rootpage FROM sqlite_schema WHERE type = 'table' AND name IN ('clients', 'log_entries', 'history')").all() as { rootpage: number }[]).map((r) => r.rootpage);
  db.close();
  const random = rng(11);
  const fd = fs.openSync(file, 'r+');
  for (const page of roots) fs.writeSync(fd, Buffer.from(Array.from({ length: 64 }, () => Math.floor(random() * 256))), 0, 64, (page - 1) * 4096);
  fs.closeSync(fd);
  const stateFile = path.join(d, 'backups', '.check.json');
  const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { cleanClose: { fingerprint: string } };
  state.cleanClose.fingerprint = filesFingerprint(file);
  fs.writeFileSync(stateFile, JSON.stringify(state));
}

const cli = (d: string, args: string[]) =>
  spawnSync(process.execPath, [path.join(REPO_ROOT, 'electron/cli/bin.mjs'), ...args, '--data-dir', d], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, BANSO_DATA_DIR: '' } });

const CHECK_AT_OPEN = /integrity check \(quick_check\) at open/;

/** A process that holds the folder open like the app (fixtures/core-holder.ts); resolves once it has written. */
function holder(d: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'test/integration/fixtures/core-holder.ts'), d], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  cleanups.unshift(() => child.kill('SIGKILL'));
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`holder exited ${code}: ${stderr}`)));
  });
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

describe('the full check at open', () => {
  it('after a clean close the open runs only the cheap checks; the background check then finds silent damage and takes the recovery path', async () => {
    const d = dir();
    const { clientId } = await withData(d);
    const plain = await openDatabase(d);
    expect(plain.fullCheck).toBeNull(); // closed cleanly, nothing changed since: no quick_check at open
    plain.db.close();
    damageSilently(d);

    // Two days later: the daily check is due, and runs in the background shortly after start.
    const c = await core(d, { backgroundCheck: true, integrityDelayMs: 50, now: () => new Date(Date.now() + 2 * 24 * 60 * 60_000) });
    expect(c.ctx.notices.addedHere()).toEqual([]); // not found at open (the open did not read every page)
    const deadline = Date.now() + 20_000;
    let notice;
    while (!(notice = (await c.call('notices.list', {})).items.find((n) => n.kind === 'recovery')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(notice, 'a recovery notice').toBeDefined();
    expect(notice!.message).toMatch(/quick_check|破損/);
    const moved = fs.readdirSync(d).filter((f) => /^banso\.damaged-.*\.sqlite3$/.test(f));
    expect(moved.length).toBe(1); // set aside, never deleted
    expect((await c.call('clients.get', { id: clientId })).name).toBe('点検の町'); // the backup's data, readable again
    expect(c.ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(readCheckState(d)?.failed).toBeNull();
  });

  it('a process killed with SIGKILL: the next open runs quick_check and finds damage the cheap checks miss; the open after that does not', async () => {
    const d = dir();
    await withData(d);
    const app = await holder(d);
    await killed(app);
    expect(fs.readdirSync(path.join(d, 'backups', '.sessions')).length).toBe(1); // its marker stayed
    damageSilently(d);

    const r = cli(d, ['info', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/integrity check \(quick_check\) at open: the last session did not end cleanly/);
    expect(r.stderr).toMatch(/データベースをバックアップから復元しました/);
    expect(fs.readdirSync(path.join(d, 'backups', '.sessions'))).toEqual([]); // dealt with
    const again = cli(d, ['info', '--json']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(CHECK_AT_OPEN);
  }, 60_000);

  it('the CLI beside a running app that writes: no quick_check (the app is alive, its changes are legitimate); after the app is killed, one', async () => {
    const d = dir();
    await withData(d);
    const app = await holder(d); // it has written since the last clean close
    for (let i = 0; i < 2; i++) {
      const r = cli(d, ['info', '--json']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(CHECK_AT_OPEN);
    }
    await killed(app);
    const after = cli(d, ['info', '--json']);
    expect(after.stderr).toMatch(/integrity check \(quick_check\) at open: the last session did not end cleanly/);
    expect(JSON.parse(after.stdout).counts.clients).toBe(2); // the app's committed write survived the kill
  }, 60_000);

  it('files changed while no Bansō had them open (another program wrote): quick_check at the next open', async () => {
    const d = dir();
    await withData(d);
    const other = new (loadSqlite())(dbPathFor(d));
    other.prepare("INSERT INTO settings (key, value) VALUES ('organization', '\"別のプログラム\"')").run();
    other.close();
    const o = await openDatabase(d);
    expect(o.fullCheck).toBe('the files changed while no Bansō had them open');
    o.db.close();
  });
});

describe('the check in a worker thread', () => {
  it('finds silent damage off the main thread, and on it when no worker can load SQLite (the check still runs)', async () => {
    const d = dir();
    await withData(d);
    for (const module of [undefined, path.join(d, 'no-such-module.js')]) {
      expect(await quickCheckInWorker(dbPathFor(d), { module }).done, String(module)).toEqual({ status: 'ok' });
    }
    damageSilently(d);
    for (const module of [undefined, path.join(d, 'no-such-module.js')]) {
      expect((await quickCheckInWorker(dbPathFor(d), { module }).done).status, String(module)).toBe('damaged');
    }
  });
});

describe('backup rotation waits for the check', () => {
  it('never deletes a backup while the check is due; a check that finds damage keeps every backup and restores the newest good one', async () => {
    const d = dir();
    let now = Date.parse('2026-04-01T00:00:00Z');
    const clock = () => new Date(now);
    await withData(d, 1, clock);
    const c = await core(d, { now: clock });
    for (let i = 0; i < 12; i++) {
      now += 60_000;
      await c.ctx.backups.create('auto');
    }
    await c.ctx.backups.rotated();
    const before = listBackups(c.ctx.backups.dir).map((b) => b.name);
    expect(before.filter((n) => n.includes('-auto-')).length).toBe(10); // rotation ran: a check passed within the day

    // Two days later the database is damaged where no cheap check looks; the next automatic backup is of the damaged file.
    c.close();
    damageSilently(d);
    now += 2 * 24 * 60 * 60_000;
    const later = await core(d, { now: clock });
    expect(later.ctx.backups.list().items.map((b) => b.name)).toEqual(before);
    await later.ctx.backups.create('auto');
    const during = later.ctx.backups.list().items.map((b) => b.name);
    expect(during.length).toBe(before.length + 1); // nothing deleted: the check is due (over a day since the last)
    await later.ctx.backups.rotated(); // the check ran, found the damage, and the recovery path restored the newest good backup
    for (const name of before) expect(fs.existsSync(path.join(later.ctx.backups.dir, name)), name).toBe(true);
    expect((await later.call('notices.list', {})).items.some((n) => n.kind === 'recovery')).toBe(true);
    expect(later.ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('a check that failed blocks rotation until a check passes', async () => {
    const d = dir();
    await withData(d);
    const gate = new IntegrityMonitor({ dataDir: d, dbPath: dbPathFor(d), log: silentLogger, background: false, onDamage: async () => {} });
    cleanups.unshift(() => gate.close());
    expect(gate.allowsRotation()).toBe(true); // passed a moment ago
    const stateFile = path.join(d, 'backups', '.check.json');
    const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(stateFile, JSON.stringify({ ...state, failed: { at: new Date().toISOString(), reason: 'test' } }));
    expect(gate.allowsRotation()).toBe(false); // failed, though a check passed within the day
    expect(await gate.settle()).toBe(true); // the check runs again and passes (the database is sound)
    expect(readCheckState(d)?.failed).toBeNull();
    expect(gate.allowsRotation()).toBe(true);
  });

  it('the newest backup written before the last passing check is kept, even where the usual rule would delete it', async () => {
    const d = dir();
    let now = Date.parse('2026-04-01T00:00:00Z');
    await withData(d);
    const c = await core(d, { now: () => new Date(now) });
    const older = await c.ctx.backups.create('auto');
    const lastGood = await c.ctx.backups.create('auto');
    now += 60_000;
    const stateFile = path.join(d, 'backups', '.check.json');
    const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(stateFile, JSON.stringify({ ...state, lastOkAt: new Date(now).toISOString(), failed: null })); // passed a minute after it
    for (let i = 0; i < 12; i++) {
      now += 10 * 60_000; // the same local day
      await c.ctx.backups.create('auto');
    }
    const kept = c.ctx.backups.list().items.map((b) => b.name);
    expect(kept).toContain(lastGood.name); // made from a database known to be sound, kept
    expect(kept).not.toContain(older.name); // the usual rule for the rest
    expect(kept.length).toBe(11);
  });
});

describe('start backups', () => {
  it('never by a read-only CLI call; once before the first write when the data changed, then not again within 30 minutes', async () => {
    const d = dir();
    await withData(d, 0);
    const backups = () => listBackups(path.join(d, 'backups')).map((b) => b.name);
    for (let i = 0; i < 3; i++) {
      const r = cli(d, ['info', '--json']);
      expect(r.status, r.stderr).toBe(0);
    }
    expect(backups()).toEqual([]); // changed since the last backup (there is none), but info writes nothing
    const add = (name: string) => cli(d, ['clients', 'add', '--name', name, '--kind', 'municipality', '--prefecture', '長野県', '--json']);
    expect(add('一つ目の村').status).toBe(0);
    const one = backups();
    expect(one.length).toBe(1);
    const db = new (loadSqlite())(path.join(d, 'backups', one[0]!), { readonly: true });
    expect((db.prepare("SELECT count(*) AS n FROM clients WHERE name = '一つ目の村'").get() as { n: number }).n).toBe(0); // taken before the write
    db.close();
    expect(add('二つ目の村').status).toBe(0);
    expect(backups()).toEqual(one); // within the interval: no second one
  }, 60_000);
});
