import type { DB } from '../db/types.ts';
import type { Logger } from '../log.ts';
import { ENTITIES } from './registry.ts';

/**
 * Derived data rebuilt by explicit, versioned steps after the migrations (migration 0009 made the
 * `derived` table): each step has a version; when the database records an older one, the step
 * runs (in its own transaction) and records its version. A step's version goes up when what it
 * builds changes, so the rebuild is written once here instead of inside a migration body.
 */
export interface DerivedStep {
  name: string;
  version: number;
  run(db: DB): void;
}

/**
 * Seed the change log with one entry per live record that has none (the records that existed
 * before v9): all its fields, version as stored, op id `seed:v9`.
 */
export function seedChangeLog(db: DB, deviceId: string, at: string): number {
  const insert = db.prepare(`INSERT INTO changes (op_id, entity, entity_id, version, fields, device_id, hlc, at)
    VALUES ('seed:v9', ?, ?, ?, ?, ?, ?, ?)`);
  const has = db.prepare('SELECT 1 FROM changes WHERE entity = ? AND entity_id = ? LIMIT 1').pluck();
  const hlc = `${String(Date.parse(at)).padStart(15, '0')}:000000:${deviceId}`;
  let n = 0;
  for (const e of ENTITIES) {
    const rows = db.prepare(`SELECT * FROM ${e.table}`).all() as Record<string, unknown>[];
    for (const row of rows) {
      const r = e.toRecord(row as never) as Record<string, unknown>;
      const id = e.idOf(r as never);
      if (has.get(e.name, id) !== undefined) continue;
      insert.run(e.name, id, row.version as number, JSON.stringify(r), deviceId, hlc, at);
      n++;
    }
  }
  return n;
}

function hasTable(db: DB, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/**
 * Run the steps whose recorded version is older than the step's, each in one IMMEDIATE
 * transaction. Nothing to do on a database without the `derived` table (before v9).
 */
export function runDerivedSteps(db: DB, steps: readonly DerivedStep[], log: Logger): string[] {
  if (!hasTable(db, 'derived')) return [];
  const ran: string[] = [];
  const get = db.prepare('SELECT version FROM derived WHERE name = ?').pluck();
  const put = db.prepare(`INSERT INTO derived (name, version, schema, built_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (name) DO UPDATE SET version = excluded.version, schema = excluded.schema, built_at = excluded.built_at`);
  for (const step of steps) {
    const done = (get.get(step.name) as number | undefined) ?? 0;
    if (done >= step.version) continue;
    const started = Date.now();
    db.transaction(() => {
      step.run(db);
      put.run(step.name, step.version, db.pragma('user_version', { simple: true }) as number, new Date().toISOString());
    }).immediate();
    log.info(`derived step ${step.name} v${step.version} ran in ${Date.now() - started} ms`);
    ran.push(step.name);
  }
  return ran;
}
