import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataChecksum, recordHash } from '../../electron/core/bundles/hash.ts';
import { createCore, type Core } from '../../electron/core/index.ts';
import type { DB } from '../../electron/core/db/types.ts';
import type { CaseSearchResult } from '../../shared/contract/cases.ts';
import { startWebHost } from '../../electron/web/server.ts';
import { addClient, addEngagement, addLog } from '../helpers/engagements.ts';
import { request } from '../helpers/http.ts';
import { fingerprint } from '../helpers/fingerprint.ts';
import { REPO_ROOT, tempDir } from '../helpers/tmp.ts';

/**
 * NUL (U+0000) in text: every entry (the contract's schemas for queries, synonyms, case saves,
 * clients, engagements, log entries, settings, templates and plan answers; case imports; bundles)
 * goes through the one shared cleaning step, and the search normaliser cleans again, so NUL
 * already stored by an older version cannot break a search either.
 */
let root: string;
let cleanup: () => void;
let A: Core;
let B: Core;

beforeAll(async () => {
  const t = tempDir('banso-nul-');
  root = t.dir;
  cleanup = t.cleanup;
  A = await createCore({ dataDir: path.join(root, 'A'), loadSeeds: false });
  B = await createCore({ dataDir: path.join(root, 'B'), loadSeeds: false });
});
afterAll(() => {
  A?.close();
  B?.close();
  cleanup();
});

/** Every TEXT cell of every table (full-text index internals left out) that holds a NUL byte. */
function nulCells(db: DB): string[] {
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'cases_tri%' AND name NOT LIKE 'cases_bi%'").pluck().all() as string[];
  const out: string[] = [];
  for (const t of tables) {
    const cols = (db.prepare(`PRAGMA table_xinfo("${t}")`).all() as { name: string; type: string }[]).filter((c) => c.type.toUpperCase() === 'TEXT');
    for (const c of cols) {
      const n = db.prepare(`SELECT count(*) FROM "${t}" WHERE instr(CAST("${c.name}" AS BLOB), x'00') > 0`).pluck().get() as number;
      if (n > 0) out.push(`${t}.${c.name}: ${n}`);
    }
  }
  return out;
}

/** A search through invoke (an internal error comes back as a value, not a throw), which must succeed. */
async function searchOk(core: Core, query: string): Promise<CaseSearchResult> {
  const r = await core.invoke('cases.search', { query });
  expect(r.ok, `${JSON.stringify(query)}: ${JSON.stringify(r)}`).toBe(true);
  return (r.ok ? r.value : null) as CaseSearchResult;
}
const titlesFor = async (core: Core, query: string) => (await searchOk(core, query)).items.map((h) => h.title).sort();

const csvHeader = 'id,title,summary,body,prefecture,municipality,organization,fields,technologies,programs,fiscal_year,outcomes,sources,tags';

describe('NUL in text', () => {
  it('is removed by every entry: nothing with a NUL reaches the database', async () => {
    await A.call('settings.update', { advisorName: '山田\0 太郎', organization: '伴走\0事務所' });
    const client = await addClient(A, { name: '神山\0町', notes: 'メモ\0', contacts: [{ name: '担当\0者', role: '課\0長', email: '', phone: '' }] });
    expect(client.name).toBe('神山町');
    const e = await addEngagement(A, { clientId: client.id, program: 'plan-a', title: '計画\0策定', advisors: ['鈴\0木'], notes: 'n\0' });
    expect(e.title).toBe('計画策定');
    const l = await addLog(A, { engagementId: e.id, topics: '議\0題', place: '役\0場', attendees: ['出\0席'], notes: 'メ\0モ', decisions: '決\0定', nextActions: [{ task: '送\0付', owner: '鈴\0木' }] });
    expect(l.entry.topics).toBe('議題');
    const c = await A.call('cases.create', {
      title: 'NUL\0 入りの事例', summary: '概\0要', body: '固有\0語の本文', prefecture: '', municipality: '町\0', organization: '', organizationType: '', fields: [],
      technologies: ['A\0I'], programs: ['制\0度'], fiscalYear: null, size: '', outcomes: [{ label: '成\0果', value: '1\0', unit: '件\0' }],
      sources: [{ document: '資\0料', section: '' }], tags: ['タ\0グ'],
    });
    expect(c).toMatchObject({ title: 'NUL 入りの事例', body: '固有語の本文', technologies: ['AI'], tags: ['タグ'] });
    await A.call('cases.update', { id: c.id, patch: { summary: '新しい\0概要' } });
    expect((await A.call('cases.get', { id: c.id })).summary).toBe('新しい概要');
    // Case imports: CSV and JSON.
    const csv = `${csvHeader}\r\n,"CSV\0の事例",概要\0,本文\0,徳島県,,,,LPWA\0,,2021,,,\r\n`;
    const fromCsv = await A.call('cases.import', { format: 'csv', contentBase64: Buffer.from(csv).toString('base64') });
    expect(fromCsv).toMatchObject({ imported: 1, rejected: [] });
    const json = JSON.stringify([{ title: 'JSON\0の事例', body: 'b\0', tags: ['t\0'] }]);
    expect(await A.call('cases.import', { format: 'json', contentBase64: Buffer.from(json).toString('base64') })).toMatchObject({ imported: 1, rejected: [] });
    const titles = (await A.call('cases.search', { query: '', limit: 10 })).items.map((h) => h.title).sort();
    expect(titles).toEqual(['CSVの事例', 'JSONの事例', 'NUL 入りの事例']);
    // Synonyms.
    const { groups } = await A.call('synonyms.list', {});
    expect((await A.call('synonyms.save', { groups: [...groups, ['固有\0語', 'こゆうご']] })).groups).toContainEqual(['固有語', 'こゆうご']);
    // A template and plan answers (a text answer and a table cell).
    const planA = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'seeds/templates/plan-a.json'), 'utf8')) as { id: string; name: string };
    const tpl = await A.call('templates.import', { json: JSON.stringify({ ...planA, id: 'nul-template', name: '自作\0テンプレート' }) });
    expect(JSON.stringify(tpl)).not.toContain('\\u0000');
    await A.call('plan.create', { engagementId: e.id });
    await A.call('plan.answer', { engagementId: e.id, questionId: 'region-overview', value: '中山間\0地域' });
    await A.call('plan.answer', { engagementId: e.id, questionId: 'issues', value: [{ id: 'i1', cells: { title: '窓口\0の待ち時間', importance: '3', urgency: '2' } }] });

    expect(nulCells(A.ctx.db)).toEqual([]);
  });

  it('in a query or in stored synonyms (an older version) never breaks a search', async () => {
    expect(await titlesFor(A, 'こゆう\0ご')).toEqual(['NUL 入りの事例']);
    expect((await searchOk(A, '\0')).total).toBe(3);
    expect((await A.invoke('cases.facets', { query: '事\0例 -\0' })).ok).toBe(true);
    // NUL already in the synonyms table and in a case's text, as an older version could store them.
    A.ctx.db.prepare('INSERT INTO synonyms (grp, term) VALUES (900, ?), (900, ?)').run('ぬる\0ご', 'NUL 入り');
    A.ctx.db.prepare('UPDATE cases SET body = ? WHERE title = ?').run('古い\0本文', 'JSONの事例');
    A.ctx.cases.repo.reindexAll();
    A.close();
    A = await createCore({ dataDir: path.join(root, 'A'), loadSeeds: false }); // as at the next start
    expect((await A.call('cases.search', { query: '古い本文' })).items.map((h) => h.title)).toEqual(['JSONの事例']);
    for (const query of ['ぬるご', 'ぬる\0ご', '"NUL 入り"']) {
      expect(await titlesFor(A, query), JSON.stringify(query)).toEqual(['NUL 入りの事例']);
    }
  });

  it('in a query sent to the browser-mode host is answered (it was a 500)', async () => {
    const staticDir = path.join(root, 'static');
    fs.mkdirSync(staticDir, { recursive: true });
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Bansō</title>');
    const host = await startWebHost({ invoke: A.invoke, staticDir });
    try {
      const r = await request(host.port, {
        method: 'POST',
        path: '/api/invoke',
        headers: { 'content-type': 'application/json', 'x-banso-secret': host.secret },
        body: JSON.stringify({ method: 'cases.search', input: { query: 'こゆう\0ご' } }),
      });
      expect(r.status, r.body).toBe(200);
      expect((JSON.parse(r.body) as { value: CaseSearchResult }).value.items.map((h) => h.title)).toEqual(['NUL 入りの事例']);
    } finally {
      await host.close();
    }
  });

  it('a bundle is written without NUL, and a bundle carrying one is refused whole, changing nothing', async () => {
    // Export from A (whose synonyms table now holds a NUL): the file is clean and imports.
    const lib = await A.call('bundle.export', { library: true });
    const text = Buffer.from(lib.contentBase64, 'base64').toString('utf8');
    expect(text).not.toContain('\\u0000');
    expect((await B.call('bundle.import', { contentBase64: lib.contentBase64 })).added).toBeGreaterThan(0);
    expect(await titlesFor(B, 'ぬるご')).toEqual(['NUL 入りの事例']);
    // A crafted file: a NUL synonym, hash and checksum made again over it.
    const b = JSON.parse(text) as { checksum: string; data: { synonyms: { hash: string; record: { groups: string[][] } } } };
    b.data.synonyms.record.groups.push(['わな\0', 'テレワーク']);
    b.data.synonyms.hash = recordHash('synonyms', b.data.synonyms.record);
    b.checksum = dataChecksum(b.data);
    const before = fingerprint(B.ctx.db);
    const refused = await B.invoke('bundle.import', { contentBase64: Buffer.from(JSON.stringify(b)).toString('base64') });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.code).toBe('invalid_input');
    expect(fingerprint(B.ctx.db)).toEqual(before);
    for (const query of ['テレワーク', 'わな']) await searchOk(B, query);
    expect(nulCells(B.ctx.db)).toEqual([]);
  });
});
