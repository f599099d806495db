import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open.ts';
import { MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { tempDir } from '../helpers/tmp.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const T = '2025-04-01T00:00:00.000Z';

describe('migration 0004 plans', () => {
  it('adds STRICT tables for custom templates, plans and answers, keeping v3 data, with checks and foreign keys', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const v3 = await openDatabase(t.dir, { migrations: MIGRATIONS.slice(0, 3) });
    expect(v3.schemaVersion).toBe(3);
    v3.db.prepare(`INSERT INTO clients (id, name, kind, prefecture, created_at, updated_at) VALUES ('c1', '能代市', 'municipality', '秋田県', ?, ?)`).run(T, T);
    v3.db.prepare(`INSERT INTO engagements (id, client_id, program, start_date, status, created_at, updated_at) VALUES ('e1', 'c1', 'plan-a', '2025-04-01', 'active', ?, ?)`).run(T, T);
    v3.db.prepare(`INSERT INTO engagements (id, client_id, program, start_date, status, created_at, updated_at) VALUES ('e2', 'c1', 'plan-b', '2025-04-01', 'active', ?, ?)`).run(T, T);
    v3.db.close();

    const v4 = await openDatabase(t.dir, { migrations: MIGRATIONS.slice(0, 4) });
    const db = v4.db;
    try {
      expect(v4.applied).toEqual([4]);
      expect(v4.backupPath).toMatch(/banso-v3-before-migration/);
      expect(db.prepare("SELECT name, strict FROM pragma_table_list WHERE name IN ('plan_templates','plans','plan_answers') ORDER BY name").all()).toEqual([
        { name: 'plan_answers', strict: 1 },
        { name: 'plan_templates', strict: 1 },
        { name: 'plans', strict: 1 },
      ]);
      expect(db.prepare("SELECT count(*) AS n FROM engagements").get()).toEqual({ n: 2 });

      const plan = (id: string, over: Record<string, unknown> = {}) =>
        db.prepare(`INSERT INTO plans (engagement_id, template_id, template, start_date, created_at, updated_at) VALUES (@id, 'plan-a', @template, @start, '${T}', '${T}')`).run({ id, template: '{"id":"plan-a"}', start: '2025-04-07', ...over });
      plan('e1');
      expect(() => plan('e2', { template: '[1]' })).toThrow(/CHECK/);
      expect(() => plan('e2', { start: '2025/04/07' })).toThrow(/CHECK/);
      expect(() => plan('nobody')).toThrow(/FOREIGN KEY/);
      expect(() => plan('e1')).toThrow(/UNIQUE|PRIMARY/);

      const answer = db.prepare(`INSERT INTO plan_answers (engagement_id, question_id, value, updated_at) VALUES (?, ?, ?, '${T}')`);
      answer.run('e1', 'issues', '[{"id":"i1","cells":{}}]');
      expect(() => answer.run('e1', 'bad', 'not json')).toThrow(/CHECK/);
      expect(() => answer.run('e2', 'issues', '1')).toThrow(/FOREIGN KEY/); // e2 has no plan
      expect(() => answer.run('e1', 'issues', '2')).toThrow(/UNIQUE|PRIMARY/);

      expect(() => db.prepare(`INSERT INTO plan_templates (id, body, created_at, updated_at) VALUES ('Bad Id', '{}', '${T}', '${T}')`).run()).toThrow(/CHECK/);
      db.prepare(`INSERT INTO plan_templates (id, body, created_at, updated_at) VALUES ('my-a', '{}', '${T}', '${T}')`).run();

      // A plan is never dropped as a side effect of deleting its engagement; its answers go with the plan.
      expect(() => db.prepare("DELETE FROM engagements WHERE id = 'e1'").run()).toThrow(/FOREIGN KEY/);
      db.prepare("DELETE FROM plans WHERE engagement_id = 'e1'").run();
      expect(db.prepare('SELECT count(*) AS n FROM plan_answers').get()).toEqual({ n: 0 });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
    }
  });
});
