import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataChecksum, recordHash } from '../../electron/core/bundles/hash.ts';
import { createCore, type Core } from '../../electron/core/index.ts';
import { addClient, addEngagement, addLog } from '../helpers/engagements.ts';
import { tempDir } from '../helpers/tmp.ts';

/**
 * A hand-off bundle is a file anyone can write: its checksum and record hashes only prove that it
 * is consistent, not where it came from. These tests craft bundles the way an attacker (or a
 * careless script) would, re-signing every hash, and check that the receiver decides from its own
 * records (what it exported and imported, per record and hash) and never from the file's claims.
 *
 * R is the receiver. M is another machine, whose real exports are the raw material for the crafted files.
 */

let cleanup: () => void;
let R: Core;
let M: Core;

beforeAll(async () => {
  const t = tempDir('banso-bundle-trust-');
  cleanup = t.cleanup;
  R = await createCore({ dataDir: path.join(t.dir, 'R'), loadSeeds: false });
  M = await createCore({ dataDir: path.join(t.dir, 'M'), loadSeeds: false });
});
afterAll(() => {
  R?.close();
  M?.close();
  cleanup();
});

type Rec = { hash: string; base: string | null; record: Record<string, unknown> };
type File = { checksum: string; data: { client: Rec; engagement: Rec; log: Rec[] } };

const decode = (b64: string): File => JSON.parse(Buffer.from(b64, 'base64').toString('utf8')) as File;
const exportOf = async (core: Core, engagementId: string) => decode((await core.call('bundle.export', { engagementId })).contentBase64);
const importText = (core: Core, file: File) => core.call('bundle.import', { text: JSON.stringify(file) });

/** The record as the receiver would export it, and the hash the receiver has for it now. */
async function current(core: Core, engagementId: string, entity: 'logEntry' | 'engagement', id: string): Promise<Rec> {
  const f = await exportOf(core, engagementId);
  const r = entity === 'engagement' ? f.data.engagement : f.data.log.find((l) => l.record.id === id)!;
  return r;
}

/** Make every hash and the checksum agree again, as anyone with the file format can. */
function resign(f: File): File {
  for (const l of f.data.log) l.hash = recordHash('logEntry', l.record);
  f.data.engagement.hash = recordHash('engagement', f.data.engagement.record);
  f.data.client.hash = recordHash('client', f.data.client.record);
  f.checksum = dataChecksum(f.data);
  return f;
}

const row = (core: Core, id: string) => core.ctx.db.prepare('SELECT * FROM log_entries WHERE id = ?').get(id);

describe('a crafted bundle cannot overwrite or move the receiver’s records', () => {
  let c1: string;
  let e1: string;
  let l1: string;
  let l2: string;
  let e2: string;
  let mFile: File;

  beforeAll(async () => {
    // R: its own client, engagement and log entry, never exported or imported.
    c1 = (await addClient(R, { name: '受け手町' })).id;
    e1 = (await addEngagement(R, { clientId: c1, title: '受け手町 派遣' })).id;
    l1 = (await addLog(R, { engagementId: e1, date: '2026-05-01', topics: '現地調査', notes: '受け手が書いた記録' })).entry.id;
    l2 = (await addLog(R, { engagementId: e1, date: '2026-05-08', topics: '報告', notes: '受け手の二件目' })).entry.id;
    // M: another client's engagement, which R receives in the ordinary way first.
    const c2 = (await addClient(M, { name: '別の村' })).id;
    e2 = (await addEngagement(M, { clientId: c2, title: '別の村 派遣' })).id;
    await addLog(M, { engagementId: e2, topics: '別の村の打合せ' });
    mFile = await exportOf(M, e2);
    expect(await importText(R, mFile)).toMatchObject({ added: 3, conflicts: 0 });
  });

  it('a log entry with one of the receiver’s ids, moved to another client’s engagement, base = the receiver’s current hash: a conflict, nothing written', async () => {
    const mine = await current(R, e1, 'logEntry', l1);
    const forged: File = structuredClone(mFile);
    forged.data.log.push({
      hash: '',
      // The file claims it started from exactly what R has now.
      base: mine.hash,
      record: { ...mine.record, engagementId: e2, notes: '書き換えられた記録' },
    });
    const before = row(R, l1);
    const r = await importText(R, resign(forged));
    expect(r).toMatchObject({ updated: 0, conflicts: 1 });
    // Not overwritten, not moved: the row is byte for byte what it was.
    expect(row(R, l1)).toEqual(before);
    expect(await R.call('log.get', { id: l1 })).toMatchObject({ engagementId: e1, clientId: c1, notes: '受け手が書いた記録' });
    expect((await R.call('log.list', { engagementId: e2 })).items.map((l) => l.id)).not.toContain(l1);
    // The conflict names the move: the engagement field, with both engagements' names.
    const conflict = (await R.call('conflicts.list', {})).items.find((c) => c.entityId === l1)!;
    expect(conflict.fields).toContainEqual({ field: 'engagementId', label: '案件', mine: '受け手町 派遣', theirs: '別の村 派遣' });
    expect(conflict.fields).toContainEqual({ field: 'notes', label: 'メモ', mine: '受け手が書いた記録', theirs: '書き換えられた記録' });
    await R.call('conflicts.resolve', { id: conflict.id, keep: 'mine' });
  });

  it('the same id in place (no move), base = the receiver’s current hash, a version the receiver never handed out: a conflict', async () => {
    // A file of R's own engagement as R last exported it; then R edits l2, so that its current
    // version never left R (no export, no import).
    const own = await exportOf(R, e1);
    await R.call('log.update', { id: l2, patch: { decisions: 'R で追記' } });
    const { clientId: _c, overQuota: _o, ...now } = await R.call('log.get', { id: l2 });
    own.data.log = [{ hash: '', base: recordHash('logEntry', now), record: { ...now, notes: 'ファイルの主張だけで上書き' } }];
    const before = row(R, l2);
    expect(await importText(R, resign(own))).toMatchObject({ updated: 0, conflicts: 1 });
    expect(row(R, l2)).toEqual(before);
    expect((await R.call('log.get', { id: l2 })).notes).toBe('受け手の二件目');
  });

  it('an engagement with one of the receiver’s ids under another client (base verified): a conflict, the engagement stays with its client', async () => {
    const mine = await current(R, e1, 'engagement', e1); // R exports e1: this version of it did leave R
    const forged: File = structuredClone(mFile);
    forged.data.engagement = { hash: '', base: mine.hash, record: { ...mine.record, clientId: mFile.data.client.record.id, caseIds: [] } };
    forged.data.log = [];
    const before = R.ctx.db.prepare('SELECT * FROM engagements WHERE id = ?').get(e1);
    expect(await importText(R, resign(forged))).toMatchObject({ updated: 0, conflicts: 1 });
    expect(R.ctx.db.prepare('SELECT * FROM engagements WHERE id = ?').get(e1)).toEqual(before);
    const conflict = (await R.call('conflicts.list', {})).items.find((c) => c.entityId === e1)!;
    expect(conflict.fields).toContainEqual({ field: 'clientId', label: '支援先', mine: '受け手町', theirs: '別の村' });
  });
});

describe('what the receiver recorded decides', () => {
  let e3: string;
  let l3: string;
  let e4: string;

  beforeAll(async () => {
    const c = (await addClient(R, { name: '往復町' })).id;
    e3 = (await addEngagement(R, { clientId: c, title: '往復町 派遣' })).id;
    l3 = (await addLog(R, { engagementId: e3, topics: '往復する記録', notes: 'R の版' })).entry.id;
    e4 = (await addEngagement(R, { clientId: c, title: '往復町 計画' })).id;
  });

  it('a version R handed out, edited on M, comes back as an update: the ledger confirms the file’s base', async () => {
    const out = await exportOf(R, e3);
    expect(R.ctx.db.prepare("SELECT direction FROM bundle_ledger WHERE entity = 'logEntry' AND entity_id = ?").pluck().all(l3)).toEqual(['exported']);
    expect(await importText(M, out)).toMatchObject({ added: 3, conflicts: 0 });
    await M.call('log.update', { id: l3, patch: { notes: 'M で直した版' } });
    const back = await exportOf(M, e3);
    expect(back.data.log[0]!.base).toBe(out.data.log[0]!.hash);
    expect(await importText(R, back)).toMatchObject({ updated: 1, conflicts: 0 });
    expect((await R.call('log.get', { id: l3 })).notes).toBe('M で直した版');
    expect(R.ctx.db.prepare("SELECT direction FROM bundle_ledger WHERE entity = 'logEntry' AND entity_id = ? ORDER BY direction").pluck().all(l3)).toEqual(['exported', 'imported']);
  });

  it('a move made on M is a conflict on R too; taking theirs moves it, with history, and can be undone', async () => {
    // M gets R's second engagement, then moves the entry there (a real edit on M).
    const e4File = await exportOf(R, e4);
    expect(await importText(M, e4File)).toMatchObject({ added: 1, conflicts: 0 });
    await M.call('log.update', { id: l3, patch: { engagementId: e4 } });
    const file = await exportOf(M, e4);
    const before = row(R, l3);
    // The engagement itself became 実施中 on M with its first entry: that is an ordinary update.
    expect(await importText(R, file)).toMatchObject({ updated: 1, conflicts: 1 });
    expect((await R.call('engagements.get', { id: e4 })).status).toBe('active');
    expect(row(R, l3)).toEqual(before);
    const conflict = (await R.call('conflicts.list', {})).items.find((c) => c.entityId === l3)!;
    expect(conflict.fields).toEqual([{ field: 'engagementId', label: '案件', mine: '往復町 派遣', theirs: '往復町 計画' }]);
    await R.call('conflicts.resolve', { id: conflict.id, keep: 'theirs' });
    expect((await R.call('log.get', { id: l3 })).engagementId).toBe(e4);
    const h = await R.call('history.list', { entity: 'logEntry', id: l3 });
    expect(h.items[0]).toMatchObject({ field: 'engagementId', oldValue: e3, newValue: e4 });
    await R.call('history.undo', { entity: 'logEntry', id: l3 });
    expect((await R.call('log.get', { id: l3 })).engagementId).toBe(e3);
  });

  it('a database that cannot be written still exports; the versions go unrecorded, so their return is a conflict, never a silent update', async () => {
    const t = tempDir('banso-bundle-ro-');
    try {
      const W = await createCore({ dataDir: t.dir, loadSeeds: false });
      const c = (await addClient(W, { name: '読み取り専用町' })).id;
      const e = (await addEngagement(W, { clientId: c })).id;
      const l = (await addLog(W, { engagementId: e, notes: '元の版' })).entry.id;
      W.close();
      const RO = await createCore({ dataDir: t.dir, loadSeeds: false, readOnly: true });
      let file: File;
      try {
        file = await exportOf(RO, e);
        expect(file.data.log[0]!.record.id).toBe(l);
      } finally {
        RO.close();
      }
      const W2 = await createCore({ dataDir: t.dir, loadSeeds: false });
      try {
        expect(W2.ctx.db.prepare('SELECT count(*) FROM bundle_ledger').pluck().get()).toBe(0);
        // The file comes back edited elsewhere: W2 never recorded handing out that version.
        const edited = structuredClone(file);
        edited.data.log[0]!.base = edited.data.log[0]!.hash;
        edited.data.log[0]!.record.notes = '別の機械で直した版';
        expect(await importText(W2, resign(edited))).toMatchObject({ updated: 0, conflicts: 1 });
        expect((await W2.call('log.get', { id: l })).notes).toBe('元の版');
      } finally {
        W2.close();
      }
    } finally {
      t.cleanup();
    }
  });
});
