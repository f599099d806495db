import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open.ts';
import { MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { PLAN_DOCUMENTS_VERSION } from '../../electron/core/db/migrations/0012_plan_documents.ts';
import { createCore } from '../../electron/core/index.ts';
import { tempDir } from '../helpers/tmp.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const T = '2025-06-01T00:00:00.000Z';

describe('migration 0010 plan documents', () => {
  it('keeps every log entry (as internal, not shareable), adds plan_documents, and the app reads both', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const i = MIGRATIONS.findIndex((m) => m.version === PLAN_DOCUMENTS_VERSION);
    const before = await openDatabase(t.dir, { migrations: MIGRATIONS.slice(0, i) });
    const db = before.db;
    db.prepare("INSERT INTO clients (id, name, kind, prefecture, created_at, updated_at) VALUES ('c1', '徳島県神山町', 'municipality', '徳島県', ?, ?)").run(T, T);
    db.prepare("INSERT INTO engagements (id, client_id, program, title, advisors, start_date, status, notes, created_at, updated_at) VALUES ('00000000-0000-4000-8000-000000000001', 'c1', 'plan-a', '', '[]', '2025-06-01', 'active', '', ?, ?)").run(T, T);
    db.prepare(`INSERT INTO log_entries (id, engagement_id, date, start_time, mode, minutes, place, attendees, topics, notes, decisions, over_quota, created_at, updated_at)
      VALUES ('00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-000000000001', '2025-06-10', NULL, 'visit', 60, '', '[]', '第1回会議', '内部メモ', '骨子を了承', 0, ?, ?)`).run(T, T);
    db.close();

    const after = await openDatabase(t.dir, { migrations: MIGRATIONS.slice(0, i + 1) });
    try {
      expect(after.applied).toEqual([PLAN_DOCUMENTS_VERSION]);
      expect(after.db.prepare('SELECT shareable FROM log_entries').pluck().all()).toEqual([0]);
      expect(after.db.prepare("SELECT strict FROM pragma_table_list WHERE name = 'plan_documents'").pluck().get()).toBe(1);
      expect(() => after.db.prepare("UPDATE log_entries SET shareable = 2").run()).toThrow(/CHECK/);
      expect(() => after.db.prepare("INSERT INTO plan_documents (engagement_id, settings, updated_at) VALUES ('nope', '{}', 't')").run()).toThrow(/FOREIGN KEY/);
      expect(() => after.db.prepare("INSERT INTO plan_documents (engagement_id, settings, updated_at) VALUES ('x', '[]', 't')").run()).toThrow(/CHECK|FOREIGN/);
    } finally {
      after.db.close();
    }
    const core = await createCore({ dataDir: t.dir, loadSeeds: false });
    try {
      const log = await core.call('log.list', { engagementId: '00000000-0000-4000-8000-000000000001' });
      expect(log.items).toMatchObject([{ topics: '第1回会議', shareable: false }]);
    } finally {
      core.close();
    }
  });
});
