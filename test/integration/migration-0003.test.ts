import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open.ts';
import { MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import type { DB } from '../../electron/core/db/types.ts';
import { tempDir } from '../helpers/tmp.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));
function dir(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

const T = '2025-04-01T00:00:00.000Z';
const CLIENT = 'c0000000-0000-4000-8000-000000000001';
const ENG = 'e0000000-0000-4000-8000-000000000001';
const LOG = 'l0000000-0000-4000-8000-000000000001';

function insertClient(db: DB, id = CLIENT) {
  db.prepare(`INSERT INTO clients (id, name, kind, prefecture, created_at, updated_at) VALUES (?, '神山町', 'municipality', '徳島県', ?, ?)`).run(id, T, T);
}
function insertEngagement(db: DB, over: Record<string, unknown> = {}) {
  const e = { id: ENG, client_id: CLIENT, program: 'advisor', start_date: '2025-04-01', planned_end: null, status: 'active', ...over };
  db.prepare(`INSERT INTO engagements (id, client_id, program, start_date, planned_end, status, created_at, updated_at)
    VALUES (@id, @client_id, @program, @start_date, @planned_end, @status, '${T}', '${T}')`).run(e);
}
function insertLog(db: DB, over: Record<string, unknown> = {}) {
  const l = { id: LOG, engagement_id: ENG, date: '2025-05-01', mode: 'visit', minutes: 60, ...over };
  db.prepare(`INSERT INTO log_entries (id, engagement_id, date, mode, minutes, created_at, updated_at)
    VALUES (@id, @engagement_id, @date, @mode, @minutes, '${T}', '${T}')`).run(l);
}

describe('migration 0003 engagements', () => {
  it('adds STRICT tables for clients, engagements, the log, next actions and case attachments, keeping v2 data', async () => {
    const d = dir();
    const v2 = await openDatabase(d, { migrations: MIGRATIONS.slice(0, 2) });
    expect(v2.schemaVersion).toBe(2);
    v2.db.prepare(`INSERT INTO cases (id, title, origin, title_key, created_at, updated_at) VALUES ('k1', '神山町の事例', 'user', 'k', ?, ?)`).run(T, T);
    v2.db.prepare("INSERT INTO history (at, entity, entity_id, field, old_value, new_value) VALUES (?, 'settings', 'advisorName', 'advisorName', '\"\"', '\"鈴木\"')").run(T);
    v2.db.close();

    const v3 = await openDatabase(d, { migrations: MIGRATIONS.slice(0, 3) });
    const db = v3.db;
    try {
      expect(v3.applied).toEqual([3]);
      expect(v3.backupPath).toMatch(/banso-v2-before-migration/);
      const strict = db
        .prepare("SELECT name, strict FROM pragma_table_list WHERE name IN ('clients','engagements','log_entries','next_actions','engagement_cases') ORDER BY name")
        .all();
      expect(strict).toEqual([
        { name: 'clients', strict: 1 },
        { name: 'engagement_cases', strict: 1 },
        { name: 'engagements', strict: 1 },
        { name: 'log_entries', strict: 1 },
        { name: 'next_actions', strict: 1 },
      ]);
      expect(db.prepare('SELECT title FROM cases').get()).toEqual({ title: '神山町の事例' });
      expect((db.prepare('SELECT count(*) AS n FROM history').get() as { n: number }).n).toBe(1);

      insertClient(db);
      insertEngagement(db);
      insertLog(db);
      db.prepare("INSERT INTO next_actions (id, log_entry_id, engagement_id, position, task) VALUES ('a1', ?, ?, 0, '資料送付')").run(LOG, ENG);
      db.prepare("INSERT INTO engagement_cases (engagement_id, case_id, attached_at) VALUES (?, 'k1', ?)").run(ENG, T);

      // CHECK constraints
      expect(() => insertLog(db, { id: 'x1', minutes: 0 })).toThrow(/CHECK/);
      expect(() => insertLog(db, { id: 'x2', minutes: 1441 })).toThrow(/CHECK/);
      expect(() => insertLog(db, { id: 'x3', mode: 'fax' })).toThrow(/CHECK/);
      expect(() => insertLog(db, { id: 'x4', date: '2025/05/01' })).toThrow(/CHECK/);
      expect(() => insertLog(db, { id: 'x5', minutes: 'sixty' })).toThrow(/cannot store TEXT/); // STRICT
      expect(() => insertEngagement(db, { id: 'e2', status: 'paused' })).toThrow(/CHECK/);
      expect(() => insertEngagement(db, { id: 'e3', planned_end: '2025-03-01' })).toThrow(/CHECK/);
      expect(() => db.prepare(`INSERT INTO clients (id, name, kind, prefecture, fiscal_strength, created_at, updated_at) VALUES ('c2', 'x', 'municipality', '徳島県', 3.5, ?, ?)`).run(T, T)).toThrow(/CHECK/);
      expect(() => db.prepare(`INSERT INTO clients (id, name, kind, prefecture, population, created_at, updated_at) VALUES ('c3', 'x', 'village', '徳島県', 1, ?, ?)`).run(T, T)).toThrow(/CHECK/);

      // Foreign keys: no orphans; a client with engagements and an engagement with entries cannot be deleted.
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(() => insertEngagement(db, { id: 'e4', client_id: 'nobody' })).toThrow(/FOREIGN KEY/);
      expect(() => insertLog(db, { id: 'x6', engagement_id: 'none' })).toThrow(/FOREIGN KEY/);
      expect(() => db.prepare('DELETE FROM clients WHERE id = ?').run(CLIENT)).toThrow(/FOREIGN KEY/);
      expect(() => db.prepare('DELETE FROM engagements WHERE id = ?').run(ENG)).toThrow(/FOREIGN KEY/);
      // Deleting a case drops its attachment; deleting an entry drops its next actions.
      db.prepare("DELETE FROM cases WHERE id = 'k1'").run();
      expect(db.prepare('SELECT count(*) AS n FROM engagement_cases').get()).toEqual({ n: 0 });
      db.prepare('DELETE FROM log_entries WHERE id = ?').run(LOG);
      expect(db.prepare('SELECT count(*) AS n FROM next_actions').get()).toEqual({ n: 0 });

      // The queries of the dashboard and the report use the indexes.
      const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
      expect(plan("SELECT substr(date, 1, 7), sum(minutes) FROM log_entries WHERE date BETWEEN '2025-01-01' AND '2025-12-31' GROUP BY 1")).toMatch(/COVERING INDEX log_by_date/);
      expect(plan("SELECT * FROM log_entries WHERE engagement_id = 'x' ORDER BY date")).toMatch(/INDEX log_by_engagement/);
      expect(plan("SELECT * FROM next_actions WHERE done = 0 AND due IS NOT NULL ORDER BY due")).toMatch(/INDEX next_actions_open/);
      expect(plan("SELECT * FROM engagements WHERE client_id = 'x'")).toMatch(/INDEX engagements_by_client/);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
    }
  });
});
