import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import { addAdvisor, migrateHub } from '../../electron/core/sync/hub-schema.ts';
import { addCases } from '../helpers/cases.ts';
import { addClient, addEngagement, addLog } from '../helpers/engagements.ts';
import { startPostgres, type TestPostgres } from '../helpers/pg.ts';
import { PROJECT_NODE, REPO_ROOT, tempDir } from '../helpers/tmp.ts';

/**
 * Two laptops (two data folders, two cores) and a lead, synchronising through a real PostgreSQL hub
 * started here. Everything goes through the contract, as the app and the CLI call it.
 */
let server: TestPostgres;
let admin: pg.Client;
const dirs: { dir: string; cleanup(): void }[] = [];
let hubUrl = '';

async function laptop(role: string): Promise<Core> {
  const d = tempDir(`banso-sync-${role}-`);
  dirs.push(d);
  const core = await createCore({ dataDir: d.dir, autoBackup: false, loadSeeds: false, backgroundCheck: false, hubPassword: `pw-${role}` });
  await core.call('sync.configure', { url: hubUrl, role, sslmode: 'disable' });
  return core;
}

async function hubCount(sql: string, values: unknown[] = []): Promise<number> {
  return Number((await admin.query(sql, values)).rows[0].n);
}

beforeAll(async () => {
  server = await startPostgres();
  const boot = new pg.Client({ connectionString: server.url(server.admin.user, server.admin.password) });
  await boot.connect();
  await boot.query('CREATE DATABASE team');
  await boot.end();
  admin = new pg.Client({ connectionString: server.url(server.admin.user, server.admin.password, 'team') });
  await admin.connect();
  await migrateHub(admin);
  for (const r of ['sato', 'suzuki']) await addAdvisor(admin, { role: r, password: `pw-${r}` });
  await addAdvisor(admin, { role: 'lead', password: 'pw-lead', lead: true });
  hubUrl = `postgresql://127.0.0.1:${server.port}/team`;
}, 60_000);

afterAll(async () => {
  await admin?.end().catch(() => undefined);
  await server?.stop();
  for (const d of dirs) d.cleanup();
});

describe('team sync through a real PostgreSQL hub', () => {
  it('the library travels; an edit on one laptop reaches the other through the write path; nothing duplicates', async () => {
    const a = await laptop('sato');
    const b = await laptop('suzuki');
    try {
      const [caseId] = await addCases(a, [{ title: '雫川町のサテライトオフィス誘致', summary: '空き校舎を改修した。' }]);
      expect((await a.call('sync.status', {})).pending).toBeGreaterThan(0);
      const pushed = await a.call('sync.now', {});
      expect(pushed.pushed).toBeGreaterThan(0);
      expect((await a.call('sync.status', {})).state).toBe('synced');
      // Pushing again sends nothing new.
      expect((await a.call('sync.now', {})).pushed).toBe(0);

      const got = await b.call('sync.now', {});
      expect(got.pulled).toBeGreaterThan(0);
      const onB = await b.call('cases.get', { id: caseId! });
      expect(onB.title).toBe('雫川町のサテライトオフィス誘致');
      // Applied through the write path: it has history on B too.
      const hist = await b.call('history.list', { entity: 'case', id: caseId! } as never).catch(() => null);
      if (hist) expect((hist as { items: unknown[] }).items.length).toBeGreaterThan(0);

      await b.call('cases.update', { id: caseId!, patch: { summary: '空き校舎を改修し、3社が入居した。' } });
      await b.call('sync.now', {});
      await a.call('sync.now', {});
      expect((await a.call('cases.get', { id: caseId! })).summary).toBe('空き校舎を改修し、3社が入居した。');
      // Each change id once on the hub.
      expect(await hubCount('SELECT count(*) - count(DISTINCT change_id) AS n FROM banso.changes')).toBe(0);
    } finally {
      a.close();
      b.close();
    }
  });

  it('edits of different fields merge; edits of the same field become a visible conflict, and the decision syncs', async () => {
    const a = await laptop('sato');
    const b = await laptop('suzuki');
    try {
      const [caseId] = await addCases(a, [{ title: '除雪車の運行管理', summary: 'GPS で位置を共有。' }]);
      await a.call('sync.now', {});
      await b.call('sync.now', {});
      // different fields: merged
      await a.call('cases.update', { id: caseId!, patch: { title: '除雪車の運行管理（LPWA）' } });
      await b.call('cases.update', { id: caseId!, patch: { summary: 'GPS と LPWA で位置を共有。' } });
      await a.call('sync.now', {});
      const rb = await b.call('sync.now', {});
      expect(rb.conflicts).toBe(0);
      await a.call('sync.now', {});
      for (const c of [a, b]) {
        const x = await c.call('cases.get', { id: caseId! });
        expect([x.title, x.summary]).toEqual(['除雪車の運行管理（LPWA）', 'GPS と LPWA で位置を共有。']);
      }
      // the same field: never silently overwritten
      await a.call('cases.update', { id: caseId!, patch: { summary: 'A の説明' } });
      await b.call('cases.update', { id: caseId!, patch: { summary: 'B の説明' } });
      await a.call('sync.now', {});
      const r = await b.call('sync.now', {});
      expect(r.conflicts).toBe(1);
      expect((await b.call('cases.get', { id: caseId! })).summary).toBe('B の説明');
      const list = (await b.call('sync.conflicts', {})).items;
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ entity: 'case', entityId: caseId, remoteAuthor: 'sato', remoteFields: { summary: 'A の説明' }, localFields: { summary: 'B の説明' } });
      // A sees the conflict too once it pulls B's edit
      await a.call('sync.now', {});
      expect((await a.call('sync.conflicts', {})).items).toHaveLength(1);
      // B decides for A's text; the decision travels and settles A's conflict
      await b.call('sync.resolve', { id: list[0]!.id, choice: 'remote' });
      expect((await b.call('cases.get', { id: caseId! })).summary).toBe('A の説明');
      await b.call('sync.now', {});
      await a.call('sync.now', {});
      expect((await a.call('cases.get', { id: caseId! })).summary).toBe('A の説明');
      expect((await a.call('sync.conflicts', {})).items).toHaveLength(0);
      expect((await b.call('sync.conflicts', {})).items).toHaveLength(0);
    } finally {
      a.close();
      b.close();
    }
  });

  it('engagements sync only once shared; contacts and notes reach its advisors, not the lead; personal ones never leave', async () => {
    const a = await laptop('sato');
    const lead = await laptop('lead');
    try {
      const client = await addClient(a, { name: '雫川町', contacts: [{ name: '山田 花子', role: '企画課', phone: '0120-000-001', email: '' }], notes: '首長は慎重' } as never);
      const eng = await addEngagement(a, { clientId: client.id, title: '地域DX推進計画の策定支援' });
      const secret = await addEngagement(a, { clientId: client.id, title: '個人の下書き' });
      await addLog(a, { engagementId: eng.id, topics: 'キックオフ', notes: '担当課長は異動予定' });
      await a.call('sync.now', {});
      expect(await hubCount("SELECT count(*) AS n FROM banso.changes WHERE entity <> 'case' AND entity <> 'template'")).toBe(0);

      await a.call('sync.share', { engagementId: eng.id });
      await a.call('sync.now', {});
      expect(await hubCount('SELECT count(*) AS n FROM banso.changes WHERE engagement_id = $1', [secret.id])).toBe(0);
      expect(await hubCount('SELECT count(*) AS n FROM banso.changes WHERE engagement_id = $1', [eng.id])).toBeGreaterThan(0);

      // The lead reads the engagement and its log (shared with them), not the contacts or notes.
      await lead.call('sync.now', {});
      const e = await lead.call('engagements.get', { id: eng.id });
      expect(e.title).toBe('地域DX推進計画の策定支援');
      const c = await lead.call('clients.get', { id: client.id });
      expect(c.name).toBe('雫川町');
      expect(JSON.stringify(c)).not.toContain('山田 花子');
      expect(JSON.stringify(c)).not.toContain('首長は慎重');
      await expect(lead.call('engagements.get', { id: secret.id })).rejects.toThrow();

      // Later edits of the shared engagement travel too (the change log, not only the first snapshot).
      await addLog(a, { engagementId: eng.id, date: '2025-06-10', topics: '第2回 検討会', notes: '非公開のメモ' });
      await a.call('sync.now', {});
      await lead.call('sync.now', {});
      const logs = await lead.call('log.list', { engagementId: eng.id });
      expect(logs.items.map((x) => x.topics).sort()).toEqual(['キックオフ', '第2回 検討会']);
      expect(JSON.stringify(logs)).not.toContain('非公開のメモ');
    } finally {
      a.close();
      lead.close();
    }
  });

  it('the app syncs in the background when changes wait; the password is never written to the data folder', async () => {
    const d = tempDir('banso-sync-auto-');
    dirs.push(d);
    const core = await createCore({ dataDir: d.dir, autoBackup: false, loadSeeds: false, backgroundCheck: false, syncCheckMs: 50 });
    try {
      await core.call('sync.configure', { url: hubUrl, role: 'sato', sslmode: 'disable', password: 'pw-sato' });
      const [id] = await addCases(core, [{ title: '裏で送られる事例' }]);
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && (await hubCount("SELECT count(*) AS n FROM banso.changes WHERE entity_id = $1", [id])) === 0) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(await hubCount("SELECT count(*) AS n FROM banso.changes WHERE entity_id = $1", [id])).toBe(1);
      expect((await core.call('sync.status', {})).state).toBe('synced');
    } finally {
      core.close();
    }
    for (const f of fs.readdirSync(d.dir, { recursive: true }) as string[]) {
      const p = path.join(d.dir, f);
      if (fs.statSync(p).isFile()) expect(fs.readFileSync(p).includes('pw-sato'), f).toBe(false);
    }
  });

  it('offline: a failed sync changes nothing, says so, and schedules a retry', async () => {
    const d = tempDir('banso-sync-offline-');
    dirs.push(d);
    const core = await createCore({ dataDir: d.dir, autoBackup: false, loadSeeds: false, backgroundCheck: false, hubPassword: 'x' });
    try {
      await core.call('sync.configure', { url: 'postgresql://127.0.0.1:1/none', role: 'sato', sslmode: 'disable' });
      await addCases(core, [{ title: 'オフラインで書いた事例' }]);
      const before = core.ctx.db.prepare('SELECT count(*) AS n FROM changes').get();
      await expect(core.call('sync.now', {})).rejects.toThrow(/ハブに接続できません/);
      const s = await core.call('sync.status', {});
      expect(s.state).toBe('offline');
      expect(s.pending).toBe(1);
      expect(s.nextRetryAt).not.toBeNull();
      expect(core.ctx.db.prepare('SELECT count(*) AS n FROM changes').get()).toEqual(before);
    } finally {
      core.close();
    }
  });

  it('a sync killed at any point loses nothing and duplicates nothing (SIGKILL of a real CLI process)', async () => {
    const d = tempDir('banso-sync-kill-');
    dirs.push(d);
    const core = await createCore({ dataDir: d.dir, autoBackup: false, loadSeeds: false, backgroundCheck: false, hubPassword: 'pw-sato' });
    await core.call('sync.configure', { url: hubUrl, role: 'sato', sslmode: 'disable' });
    const titles = Array.from({ length: 400 }, (_, i) => `強制終了の試験 ${i}`);
    await addCases(core, titles.map((title) => ({ title })));
    core.close();
    const env = { ...process.env, BANSO_HUB_PASSWORD: 'pw-sato', HOME: d.dir };
    for (const delay of [30, 80, 150, 250, 400]) {
      const child = spawn(PROJECT_NODE, [path.join(REPO_ROOT, 'electron/cli/bin.mjs'), '--data-dir', d.dir, 'sync', 'now', '--json'], { env, stdio: 'ignore' });
      await new Promise((r) => setTimeout(r, delay));
      // A child that already finished is simply done (its 'exit' has been emitted).
      const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    const done = spawn(PROJECT_NODE, [path.join(REPO_ROOT, 'electron/cli/bin.mjs'), '--data-dir', d.dir, 'sync', 'now', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    done.stdout.on('data', (x) => (out += String(x)));
    expect(await new Promise((r) => done.once('exit', r))).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ pushed: expect.any(Number), pulled: expect.any(Number), conflicts: 0 });
    expect(await hubCount('SELECT count(*) - count(DISTINCT change_id) AS n FROM banso.changes')).toBe(0);
    for (const t of titles) {
      expect(await hubCount("SELECT count(*) AS n FROM banso.changes WHERE entity = 'case' AND fields->>'title' = $1", [t])).toBe(1);
    }
    const again = await createCore({ dataDir: d.dir, autoBackup: false, loadSeeds: false, backgroundCheck: false, hubPassword: 'pw-sato' });
    try {
      expect((await again.call('sync.status', {})).pending).toBe(0);
      expect(fs.existsSync(path.join(d.dir, 'banso.sqlite3'))).toBe(true);
    } finally {
      again.close();
    }
  }, 120_000);
});
