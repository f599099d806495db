import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openImmutable } from '../../electron/core/backup/files.ts';
import { dbPathFor } from '../../electron/core/db/open.ts';
import { lostWalFrames } from '../../electron/core/db/watch.ts';
import { createCore, type Core } from '../../electron/core/index.ts';
import { HTTP_INVOKE_PATH, HTTP_SECRET_HEADER } from '../../shared/version.ts';
import { addClient } from '../helpers/engagements.ts';
import { request } from '../helpers/http.ts';
import { REPO_ROOT, tempDir } from '../helpers/tmp.ts';

/**
 * Changes to the database file under a running core: another program's restore (the browser-mode
 * host must read the restored data, caches included), a -wal deleted by an outside tool (no
 * write may be acknowledged that a crash would lose), a -shm that says frames exist whose -wal is
 * gone (the user is told what was lost), and a database file deleted under the core.
 * Real host (electron/launch/web.ts), real CLI, real files.
 */

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function dir(): string {
  const t = tempDir('banso-changes-');
  cleanups.push(t.cleanup);
  return t.dir;
}

function cli(dataDir: string, args: string[]) {
  return spawnSync(process.execPath, [path.join(REPO_ROOT, 'electron/cli/bin.mjs'), '--data-dir', dataDir, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, BANSO_DATA_DIR: '' },
  });
}

interface Host {
  child: ChildProcess;
  call<T = unknown>(method: string, input?: unknown): Promise<{ status: number; body: { ok: true; value: T } | { ok: false; error: { code: string; message: string } } }>;
  value<T = unknown>(method: string, input?: unknown): Promise<T>;
}

/** The real browser-mode host (npm run web) as a child process, with its port and secret. */
async function startHost(dataDir: string): Promise<Host> {
  if (!fs.existsSync(path.join(REPO_ROOT, 'out', 'renderer', 'index.html'))) throw new Error('out/renderer がありません。先に npm run build を実行してください。');
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'electron/launch/web.ts'), '--no-build', '--no-open', '--json', '--data-dir', dataDir], {
    cwd: REPO_ROOT,
    env: { ...process.env, BANSO_DATA_DIR: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.unshift(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.on('exit', (code) => reject(new Error(`the host exited (${code}): ${stderr}`)));
  });
  const { url, port } = JSON.parse(line) as { url: string; port: number };
  const secret = new URL(url).searchParams.get('secret')!;
  const call: Host['call'] = async (method, input = {}) => {
    const r = await request(port, {
      method: 'POST',
      path: HTTP_INVOKE_PATH,
      headers: { 'content-type': 'application/json', [HTTP_SECRET_HEADER]: secret },
      body: JSON.stringify({ method, input }),
    });
    return { status: r.status, body: JSON.parse(r.body) as never };
  };
  return {
    child,
    call,
    async value<T>(method: string, input: unknown = {}) {
      const r = await call<T>(method, input);
      if (!r.body.ok) throw new Error(`${method}: ${r.body.error.code} ${r.body.error.message}`);
      return r.body.value;
    },
  };
}

function killHard(h: Host): Promise<void> {
  return new Promise((resolve) => {
    h.child.once('exit', () => resolve());
    h.child.kill('SIGKILL');
  });
}

const HEADER = 'id,title,summary,body,prefecture,municipality,organization,fields,technologies,programs,fiscal_year,outcomes,sources,tags';
const casesCsv = (n: number) => [HEADER, ...Array.from({ length: n }, (_, i) => `,高知の事例${i},概要,本文,高知県,,,教育,,,2020,,,`)].join('\n');

describe('another program changes the database under the running browser-mode host', () => {
  it('a CLI `backup restore` while the host runs: the host reads the restored data, and its facet counts agree with its lists', async () => {
    const d = dir();
    // Before: the seed cases and one client. A backup of that state, through the CLI.
    const prep = cli(d, ['clients', 'add', '--name', '復元前からある町', '--kind', 'municipality', '--prefecture', '徳島県', '--json']);
    expect(prep.status, prep.stderr).toBe(0);
    const made = cli(d, ['backup', 'create', '--json']);
    expect(made.status, made.stderr).toBe(0);
    const backupName = (JSON.parse(made.stdout) as { name: string }).name;

    const host = await startHost(d);
    // Work in the host after the backup: 30 cases in 高知県 and a client.
    const imported = await host.value<{ imported: number }>('cases.import', { format: 'csv', contentBase64: Buffer.from(casesCsv(30)).toString('base64') });
    expect(imported.imported).toBe(30);
    await host.value('clients.create', { name: '復元で消える村', kind: 'municipality', prefecture: '高知県' });
    const kochi = { filters: { prefectures: ['高知県'] } };
    const facetCount = async () => (await host.value<{ prefecture: { value: string; count: number }[] }>('cases.facets', {})).prefecture.find((f) => f.value === '高知県')?.count ?? 0;
    expect(await facetCount()).toBe(30);
    expect((await host.value<{ total: number }>('cases.search', kochi)).total).toBe(30);

    // The CLI restores the backup while the host runs.
    const restored = cli(d, ['backup', 'restore', backupName, '--json']);
    expect(restored.status, restored.stderr).toBe(0);

    // The host's next answers are about the restored data: lists and counts agree.
    const search = await host.value<{ total: number; items: unknown[] }>('cases.search', kochi);
    expect(search.total).toBe(0);
    expect(search.items).toEqual([]);
    expect(await facetCount()).toBe(0);
    const allFacets = await host.value<{ prefecture: { value: string; count: number }[] }>('cases.facets', {});
    expect(allFacets.prefecture.length).toBeGreaterThan(0);
    for (const f of allFacets.prefecture.slice(0, 5)) {
      // Each count the filter shows is the number of cases that filter lists.
      expect((await host.value<{ total: number }>('cases.search', { filters: { prefectures: [f.value] } })).total, f.value).toBe(f.count);
    }
    const clients = (await host.value<{ items: { name: string }[] }>('clients.list', {})).items.map((c) => c.name);
    expect(clients).toEqual(['復元前からある町']);
    // It tells the user: the CLI's restore notice (from notices.json) and its own reload notice.
    const kinds = (await host.value<{ items: { kind: string }[] }>('notices.list', {})).items.map((n) => n.kind);
    expect(kinds).toContain('restored');
    expect(kinds).toContain('reloaded');
    // And it keeps working on the restored data.
    await host.value('clients.create', { name: '復元後の町', kind: 'municipality', prefecture: '徳島県' });
    expect((await host.value<{ items: unknown[] }>('clients.list', {})).items.length).toBe(2);
  }, 60_000);
});

describe('the -wal deleted under a running host', () => {
  it('no acknowledged write is lost at the next crash: the host saves the vanished -wal into the database file before it answers, and says so', async () => {
    const d = dir();
    expect(cli(d, ['clients', 'add', '--name', '最初の町', '--kind', 'municipality', '--prefecture', '徳島県']).status).toBe(0);
    const host = await startHost(d);
    const acked: string[] = [];
    const first = await host.call<{ name: string }>('clients.create', { name: '削除前に保存した町', kind: 'municipality', prefecture: '徳島県' });
    expect(first.body.ok).toBe(true);
    acked.push('削除前に保存した町');
    const wal = `${dbPathFor(d)}-wal`;
    expect(fs.statSync(wal).size).toBeGreaterThan(0); // the write sits in the -wal, not yet in the database file
    fs.rmSync(wal); // an outside tool deletes it

    const second = await host.call('clients.create', { name: '削除後に保存した村', kind: 'municipality', prefecture: '徳島県' });
    if (second.body.ok) acked.push('削除後に保存した村');
    else expect(second.body.error.code).toBe('storage_io');
    const notices = await host.value<{ items: { kind: string; level: string; message: string }[] }>('notices.list', {});
    await killHard(host); // a crash right after the answers

    const core = await createCore({ dataDir: d, loadSeeds: false, autoBackup: false });
    cleanups.unshift(() => core.close());
    const names = (await core.call('clients.list', {})).items.map((c) => c.name);
    for (const n of acked) expect(names, n).toContain(n);
    expect(acked.length).toBe(2); // here the rescue works, so the second write was acknowledged (and kept)
    expect(core.ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
    // The user was told in the running host, and the notice is kept for the next start.
    const n = notices.items.find((x) => x.kind === 'wal_lost');
    expect(n, JSON.stringify(notices.items)).toBeDefined();
    expect(n!.message).toMatch(/ほかのプログラムによって削除されました.*失われたデータはありません/);
    expect((await core.call('notices.list', {})).items.filter((x) => x.kind === 'wal_lost').map((x) => x.level)).toEqual(['warning']);
  }, 60_000);

  it('between calls too: a deletion is found within seconds, before any further request', async () => {
    const d = dir();
    const core = await createCore({ dataDir: d, loadSeeds: false, autoBackup: false, watchEveryMs: 50 });
    cleanups.unshift(() => core.close());
    const c = await addClient(core, { name: '待っている間の町' });
    fs.rmSync(`${dbPathFor(d)}-wal`);
    const deadline = Date.now() + 5000;
    while (!fs.existsSync(`${dbPathFor(d)}-wal`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    // Reopened: a new -wal, and the client is in the database file itself.
    expect(fs.existsSync(`${dbPathFor(d)}-wal`)).toBe(true);
    const fileOnly = openImmutable(dbPathFor(d)); // the database file alone, without any -wal
    try {
      expect(fileOnly.prepare('SELECT name FROM clients WHERE id = ?').get(c.id)).toEqual({ name: '待っている間の町' });
    } finally {
      fileOnly.close();
    }
  });
});

describe('a -shm that says frames exist, with no -wal, at open', () => {
  it('is detected before SQLite rebuilds it: the user is told that recent changes may be lost and which backup may hold them', async () => {
    const live = dir();
    const core = await createCore({ dataDir: live, loadSeeds: false });
    cleanups.unshift(() => core.close());
    await addClient(core, { name: 'バックアップにある町' });
    const b = await core.call('backup.create', {});
    const lost = await addClient(core, { name: '失われる村' });
    // What a crash leaves when an outside tool had deleted the -wal: the database file and the -shm only.
    const d = dir();
    fs.copyFileSync(dbPathFor(live), dbPathFor(d));
    fs.copyFileSync(`${dbPathFor(live)}-shm`, `${dbPathFor(d)}-shm`);
    fs.mkdirSync(path.join(d, 'backups'));
    fs.copyFileSync(path.join(live, 'backups', b.name), path.join(d, 'backups', b.name));
    expect(lostWalFrames(dbPathFor(d))).toBeGreaterThan(0);
    expect(lostWalFrames(dbPathFor(live))).toBe(0); // with its -wal: nothing lost

    const opened = await createCore({ dataDir: d, loadSeeds: false, autoBackup: false });
    cleanups.unshift(() => opened.close());
    await expect(opened.call('clients.get', { id: lost.id })).rejects.toMatchObject({ code: 'not_found' }); // it was only in the -wal
    const n = (await opened.call('notices.list', {})).items.find((x) => x.kind === 'wal_lost');
    expect(n).toMatchObject({ level: 'error', title: expect.stringMatching(/失われた可能性があります/) });
    expect(n!.message).toContain(b.name);
    expect(n!.paths).toContain(path.join(d, 'backups', b.name));
    opened.close();
    // Told once: the next start finds a rebuilt -shm and says nothing new.
    const again = await createCore({ dataDir: d, loadSeeds: false, autoBackup: false });
    cleanups.unshift(() => again.close());
    expect((await again.call('notices.list', {})).items.filter((x) => x.kind === 'wal_lost').length).toBe(1);
  });
});

describe('the database file deleted under a running core', () => {
  it('is written back from the open connection before anything else happens: no data lost, no empty database', async () => {
    const d = dir();
    const core: Core = await createCore({ dataDir: d, loadSeeds: false, autoBackup: false });
    cleanups.unshift(() => core.close());
    const c = await addClient(core, { name: '消された町' });
    fs.rmSync(dbPathFor(d));
    expect((await core.call('clients.get', { id: c.id })).name).toBe('消された町');
    await addClient(core, { name: 'その後の村' });
    core.close();
    const again = await createCore({ dataDir: d, loadSeeds: false, autoBackup: false });
    cleanups.unshift(() => again.close());
    expect((await again.call('clients.list', {})).items.map((x) => x.name).sort()).toEqual(['その後の村', '消された町'].sort());
  });
});
