import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../electron/core/db/open.ts';
import { MIGRATIONS } from '../../../electron/core/db/migrations/index.ts';
import { median, sample, type BenchSuite } from '../harness.ts';

const ROWS = 100_000;

/** Fill the history table with realistic change records. */
function seedHistory(dir: string, rows: number): Promise<void> {
  return openDatabase(dir).then(({ db }) => {
    const ins = db.prepare('INSERT INTO history (at, entity, entity_id, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?)');
    const entities = ['clients', 'engagements', 'log_entries', 'cases'];
    const fields = ['name', 'status', 'notes', 'minutes', 'topics', 'title'];
    db.transaction(() => {
      for (let i = 0; i < rows; i++) {
        const at = new Date(Date.UTC(2025, 3, 1) + i * 60_000).toISOString();
        ins.run(at, entities[i % 4], crypto.randomUUID(), fields[i % 6], JSON.stringify(`旧い値 ${i}`), JSON.stringify(`新しい値 ${i}：地域課題の整理と打合せ記録`));
      }
    })();
    db.close();
  });
}

export const dbOpenSuite: BenchSuite = {
  id: 'db',
  run: () => runDbOpen(ROWS),
};

/** The suite at any size (the unit test runs it small, so a schema change that breaks it fails `npm test`). */
export async function runDbOpen(ROWS: number, samples = 20) {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-bench-db-'));
  try {
    let k = 0;
    const empty = await sample(samples, async () => {
      const dir = path.join(base, `empty-${k++}`);
      const o = await openDatabase(dir);
      o.db.close();
    });

    const big = path.join(base, 'big');
    await seedHistory(big, ROWS);
    const reopen = await sample(samples, async () => {
      const o = await openDatabase(big);
      o.db.close();
    });

    // The same 100k rows at schema v1, migrated to the latest version each time.
    const v1 = path.join(base, 'v1');
    fs.mkdirSync(v1);
    const seeded = await openDatabase(v1, { migrations: MIGRATIONS.slice(0, 1) });
    seeded.db.exec(`ATTACH '${path.join(big, 'banso.sqlite3')}' AS src; INSERT INTO history (at, entity, entity_id, field, old_value, new_value) SELECT at, entity, entity_id, field, old_value, new_value FROM src.history; DETACH src;`);
    seeded.db.close();
    const migrateSamples: number[] = [];
    for (let i = 0; i < Math.min(5, samples); i++) {
      const dir = path.join(base, `mig-${i}`);
      fs.mkdirSync(dir);
      fs.copyFileSync(path.join(v1, 'banso.sqlite3'), path.join(dir, 'banso.sqlite3'));
      const t = performance.now();
      const o = await openDatabase(dir);
      migrateSamples.push(performance.now() - t);
      o.db.close();
    }
    return [
      { name: 'db: open + migrate, empty folder (p50)', value: median(empty), unit: 'ms', n: empty.length },
      { name: `db: open, ${ROWS / 1000}k-row database at latest schema (p50)`, value: median(reopen), unit: 'ms', n: reopen.length },
      {
        name: `db: open + migrate v1→v${MIGRATIONS.length} with backup, ${ROWS / 1000}k rows (p50)`,
        value: median(migrateSamples),
        unit: 'ms',
        n: migrateSamples.length,
      },
    ];
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}
