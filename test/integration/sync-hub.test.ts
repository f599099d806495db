import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUB_SCHEMA_VERSION, addAdvisor, migrateHub } from '../../electron/core/sync/hub-schema.ts';
import { connectHub, pullChanges, pushChanges, shareEngagement, unshareEngagement, type HubChange } from '../../electron/core/sync/hub.ts';
import { startPostgres, type TestPostgres } from '../helpers/pg.ts';

// A real PostgreSQL server, started for this file; advisors connect as their own roles over TCP with passwords.
let server: TestPostgres;
let admin: pg.Client;
const clients: pg.Client[] = [];

async function as(role: string): Promise<pg.Client> {
  const c = await connectHub({ url: `postgresql://127.0.0.1:${server.port}/hub`, role, password: `pw-${role}`, sslmode: 'disable' });
  clients.push(c);
  return c;
}

let n = 0;
function change(over: Partial<HubChange>): HubChange {
  n++;
  return {
    changeId: `dev-a:${n}`,
    scope: 'library',
    engagementId: null,
    entity: 'case',
    entityId: `case-${n}`,
    opId: `op-${n}`,
    version: 1,
    baseSeq: null,
    deleted: false,
    fields: { title: `事例${n}` },
    deviceId: 'dev-a',
    hlc: `0000000000001:${String(n).padStart(4, '0')}:dev-a`,
    at: '2026-12-04T01:00:00.000Z',
    ...over,
  };
}

beforeAll(async () => {
  server = await startPostgres();
  const boot = new pg.Client({ connectionString: server.url(server.admin.user, server.admin.password) });
  await boot.connect();
  await boot.query('CREATE DATABASE hub');
  await boot.end();
  admin = new pg.Client({ connectionString: server.url(server.admin.user, server.admin.password, 'hub') });
  await admin.connect();
  expect(await migrateHub(admin)).toEqual({ from: 0, to: HUB_SCHEMA_VERSION });
  await addAdvisor(admin, { role: 'sato', password: 'pw-sato', displayName: '佐藤' });
  await addAdvisor(admin, { role: 'suzuki', password: 'pw-suzuki', displayName: '鈴木' });
  await addAdvisor(admin, { role: 'lead', password: 'pw-lead', displayName: '班長', lead: true });
}, 60_000);

afterAll(async () => {
  for (const c of clients) await c.end().catch(() => undefined);
  await admin?.end().catch(() => undefined);
  await server?.stop();
});

describe('team hub on a real PostgreSQL', () => {
  it('migrates once: a second run changes nothing, a newer hub is refused in Japanese', async () => {
    expect(await migrateHub(admin)).toEqual({ from: HUB_SCHEMA_VERSION, to: HUB_SCHEMA_VERSION });
    await admin.query("UPDATE banso.hub_meta SET value = '99' WHERE key = 'schema_version'");
    await expect(migrateHub(admin)).rejects.toThrow(/新しいため使えません/);
    await admin.query("UPDATE banso.hub_meta SET value = $1 WHERE key = 'schema_version'", [String(HUB_SCHEMA_VERSION)]);
  });

  it('a wrong password is refused', async () => {
    await expect(connectHub({ url: `postgresql://127.0.0.1:${server.port}/hub`, role: 'sato', password: 'nope', sslmode: 'disable' })).rejects.toThrow(
      /password authentication failed/,
    );
  });

  it('push is idempotent: the same change id pushed twice is stored once, and both pushes get its server seq', async () => {
    const sato = await as('sato');
    const c = change({});
    const first = await pushChanges(sato, [c]);
    const again = await pushChanges(sato, [c, change({})]);
    expect(first.stored).toBe(1);
    expect(again.stored).toBe(1);
    expect(again.duplicates).toBe(1);
    expect(again.acknowledged.get(c.changeId)).toBe(first.acknowledged.get(c.changeId));
    const rows = await admin.query('SELECT count(*)::int AS n FROM banso.changes WHERE change_id = $1', [c.changeId]);
    expect(rows.rows[0].n).toBe(1);
  });

  it('a failing push stores nothing of its batch', async () => {
    const sato = await as('sato');
    const before = await admin.query('SELECT count(*)::int AS n FROM banso.changes');
    // The second change claims an engagement sato does not advise: the policy refuses, the whole push rolls back.
    await expect(pushChanges(sato, [change({}), change({ scope: 'engagement', engagementId: 'eng-none' })])).rejects.toThrow(/row-level security/);
    const after = await admin.query('SELECT count(*)::int AS n FROM banso.changes');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('row-level security: library for all, an engagement for its advisors and the lead, private notes for its advisors only', async () => {
    const sato = await as('sato');
    const suzuki = await as('suzuki');
    const lead = await as('lead');
    await shareEngagement(sato, 'eng-1');
    // suzuki cannot claim or join an engagement someone else already shares
    await expect(shareEngagement(suzuki, 'eng-1')).rejects.toThrow(/row-level security/);
    const lib = change({ fields: { title: '雫川町のテレワーク' } });
    const eng = change({ scope: 'engagement', engagementId: 'eng-1', entity: 'engagement', entityId: 'eng-1', fields: { title: '雫川町 計画策定支援' } });
    const priv = change({ scope: 'private', engagementId: 'eng-1', entity: 'contact', entityId: 'ct-1', fields: { name: '山田 花子', phone: '0120-000-000' } });
    await pushChanges(sato, [lib, eng, priv]);

    const ids = async (c: pg.Client) => new Set((await pullChanges(c, 0)).map((x) => x.changeId));
    const seenBySato = await ids(sato);
    const seenBySuzuki = await ids(suzuki);
    const seenByLead = await ids(lead);
    expect([seenBySato.has(lib.changeId), seenBySato.has(eng.changeId), seenBySato.has(priv.changeId)]).toEqual([true, true, true]);
    expect([seenBySuzuki.has(lib.changeId), seenBySuzuki.has(eng.changeId), seenBySuzuki.has(priv.changeId)]).toEqual([true, false, false]);
    expect([seenByLead.has(lib.changeId), seenByLead.has(eng.changeId), seenByLead.has(priv.changeId)]).toEqual([true, true, false]);

    // suzuki may not write into eng-1, nor in sato's name
    await expect(pushChanges(suzuki, [change({ scope: 'engagement', engagementId: 'eng-1', deviceId: 'dev-b' })])).rejects.toThrow(/row-level security/);
    await expect(suzuki.query("INSERT INTO banso.changes (change_id, scope, entity, entity_id, op_id, version, fields, device_id, hlc, at, author) VALUES ('x:1','library','case','c','o',1,'{}','d','h','a','sato')")).rejects.toThrow(/row-level security/);
    // nor read the table behind the policies, nor change history
    await expect(suzuki.query('DELETE FROM banso.changes')).rejects.toThrow(/permission denied/);
    await expect(suzuki.query("UPDATE banso.changes SET fields = '{}'")).rejects.toThrow(/permission denied/);

    // the lead adds suzuki; now suzuki reads the engagement and its private notes
    await shareEngagement(lead, 'eng-1', 'suzuki');
    const after = await ids(suzuki);
    expect([after.has(eng.changeId), after.has(priv.changeId)]).toEqual([true, true]);

    // un-sharing: sato leaves; what was pushed stays for the remaining advisor
    expect(await unshareEngagement(sato, 'eng-1')).toEqual({ remainingAdvisors: 1 });
    const satoAfter = await ids(sato);
    expect([satoAfter.has(lib.changeId), satoAfter.has(eng.changeId)]).toEqual([true, false]);
  });

  it('pull pages in server order from a cursor', async () => {
    const sato = await as('sato');
    const all = await pullChanges(sato, 0);
    const seqs = all.map((x) => x.serverSeq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const page = await pullChanges(sato, seqs[0]!, 2);
    expect(page.map((x) => x.serverSeq)).toEqual(seqs.slice(1, 3));
    expect(all[0]!.author).toBe('sato');
  });
});
