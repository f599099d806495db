import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSqlite } from '../../electron/core/db/open.ts';
import { ENTITIES } from '../../electron/core/data/registry.ts';
import { createCore } from '../../electron/core/index.ts';
import { tempDir } from '../helpers/tmp.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/v8/banso-v8.sqlite3.gz');
const TABLES = ['clients', 'engagements', 'log_entries', 'next_actions', 'engagement_cases', 'cases', 'plans', 'plan_answers', 'plan_templates', 'settings', 'synonyms', 'seed_state'];

/** A v8 database written by the services of the commit before the data layer (test/fixtures/v8/make.ts). */
function v8Folder(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  fs.writeFileSync(path.join(t.dir, 'banso.sqlite3'), zlib.gunzipSync(fs.readFileSync(FIXTURE)));
  return t.dir;
}

function dump(file: string) {
  const Db = loadSqlite();
  const db = new Db(file, { readonly: true });
  try {
    const out: Record<string, Record<string, unknown>[]> = {};
    for (const t of [...TABLES, 'history']) out[t] = db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all() as Record<string, unknown>[];
    return { version: db.pragma('user_version', { simple: true }) as number, tables: out };
  } finally {
    db.close();
  }
}

const without = (rows: Record<string, unknown>[], ...cols: string[]) => rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !cols.includes(k))));

describe('migration 0009 data layer', () => {
  it('keeps every row and history row of a v8 database, seeds one change per live record and gives the folder a stable device id', async () => {
    const dir = v8Folder();
    const before = dump(path.join(dir, 'banso.sqlite3'));
    expect(before.version).toBe(8);
    expect(before.tables.history!.length).toBeGreaterThan(15);

    const core = await createCore({ dataDir: dir, loadSeeds: false, autoBackup: false, backgroundCheck: false });
    let deviceId: string;
    try {
      expect(core.ctx.schemaVersion).toBeGreaterThanOrEqual(9);
      // The records read back through the contract as before.
      const clients = (await core.call('clients.list', {})).items;
      expect(clients.map((c) => c.name)).toEqual(['神山町']);
      const client = await core.call('clients.get', { id: clients[0]!.id });
      expect(client).toMatchObject({ notes: '山あいの町', fiscalStrength: 0.2, population: 5000 });
      deviceId = core.ctx.db.prepare("SELECT value FROM meta WHERE key = 'device_id'").pluck().get() as string;
      expect(deviceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
      core.close();
    }

    const after = dump(path.join(dir, 'banso.sqlite3'));
    for (const t of TABLES) expect(without(after.tables[t]!, 'version'), t).toEqual(before.tables[t]);
    for (const t of ['clients', 'engagements', 'log_entries', 'cases', 'plans', 'plan_answers', 'plan_templates']) {
      expect(after.tables[t]!.every((r) => r.version === 1), t).toBe(true);
    }
    // Every history row kept as it was, each now with an operation id; one operation per old (record, time) group.
    expect(without(after.tables.history!, 'op_id')).toEqual(before.tables.history);
    expect(after.tables.history!.every((r) => typeof r.op_id === 'string')).toBe(true);
    const ops = new Set(after.tables.history!.map((r) => r.op_id));
    const groups = new Set(before.tables.history!.map((r) => `${String(r.entity)}|${String(r.entity_id)}|${String(r.at)}`));
    expect(ops.size).toBe(groups.size);

    // The change log: one entry per live record, holding the record as stored.
    const Db = loadSqlite();
    const db = new Db(path.join(dir, 'banso.sqlite3'), { readonly: true });
    try {
      const changes = db.prepare('SELECT * FROM changes ORDER BY seq').all() as { entity: string; entity_id: string; version: number; fields: string; device_id: string; op_id: string }[];
      let live = 0;
      for (const e of ENTITIES) {
        const rows = db.prepare(`SELECT * FROM ${e.table}`).all() as never[];
        live += rows.length;
        for (const row of rows) {
          const rec = e.toRecord(row) as Record<string, unknown>;
          const entry = changes.filter((c) => c.entity === e.name && c.entity_id === e.idOf(rec as never));
          expect(entry, `${e.name} ${e.idOf(rec as never)}`).toHaveLength(1);
          expect(JSON.parse(entry[0]!.fields)).toEqual(rec);
          expect(entry[0]).toMatchObject({ version: 1, device_id: deviceId!, op_id: 'seed:v9' });
        }
      }
      expect(live).toBeGreaterThanOrEqual(8);
      expect(changes).toHaveLength(live);
      expect(db.prepare('SELECT name, version FROM derived ORDER BY name').all()).toEqual([
        { name: 'case-index', version: 1 },
        { name: 'change-log', version: 1 },
      ]);
    } finally {
      db.close();
    }

    // The device id stays the same at every later open, and the log is not seeded twice.
    const again = await createCore({ dataDir: dir, loadSeeds: false, autoBackup: false, backgroundCheck: false });
    try {
      expect(again.ctx.db.prepare("SELECT value FROM meta WHERE key = 'device_id'").pluck().get()).toBe(deviceId!);
      expect(again.ctx.db.prepare('SELECT count(*) FROM changes').pluck().get()).toBe(after.tables.clients!.length + after.tables.engagements!.length + after.tables.log_entries!.length + after.tables.next_actions!.length + after.tables.cases!.length + after.tables.plans!.length + after.tables.plan_answers!.length + after.tables.plan_templates!.length);
    } finally {
      again.close();
    }
  });

  it('gives every new data folder its own device id at creation', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const t = tempDir();
      cleanups.push(t.cleanup);
      const core = await createCore({ dataDir: t.dir, loadSeeds: false, autoBackup: false, backgroundCheck: false });
      ids.push(core.ctx.db.prepare("SELECT value FROM meta WHERE key = 'device_id'").pluck().get() as string);
      core.close();
    }
    expect(ids[0]).not.toBe(ids[1]);
  });
});
