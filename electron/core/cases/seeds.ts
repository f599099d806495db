import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SeedCaseFileSchema, type Case, type SeedCase } from '../../../shared/domain/case.ts';
import { formatPath } from '../../../shared/errors.ts';
import type { DB } from '../db/types.ts';
import type { Logger } from '../log.ts';
import { contentOf, type CaseRepo } from './repo.ts';

export interface SeedSyncResult {
  added: number;
  updated: number;
  keptUserEdits: number;
  skippedDeleted: number;
}

/** Read and validate every seeds/cases/*.json file. Throws with the file and field path when invalid. */
export function readSeedCases(seedsDir: string): SeedCase[] {
  const dir = path.join(seedsDir, 'cases');
  if (!fs.existsSync(dir)) return [];
  const out: SeedCase[] = [];
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const file = path.join(dir, name);
    const parsed = SeedCaseFileSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (!parsed.success) {
      const i = parsed.error.issues[0]!;
      throw new Error(`${file}: ${formatPath(i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)))}: ${i.message}`);
    }
    out.push(...parsed.data.cases);
  }
  return out;
}

function hashOf(s: SeedCase): string {
  return createHash('sha256').update(contentOf(s)).digest('hex').slice(0, 32);
}

/**
 * Load seed cases on first run and on upgrade. A seed the user edited keeps the user's
 * version; a seed the user deleted stays deleted (seed_state tombstone); a seed that
 * changed in a new release updates only cases the user never touched.
 */
export function syncSeedCases(db: DB, repo: CaseRepo, seeds: readonly SeedCase[], log: Logger, now = new Date()): SeedSyncResult {
  const res: SeedSyncResult = { added: 0, updated: 0, keptUserEdits: 0, skippedDeleted: 0 };
  const getState = db.prepare("SELECT hash, state FROM seed_state WHERE kind = 'case' AND seed_id = ?");
  const putState = db.prepare(
    "INSERT INTO seed_state (kind, seed_id, hash, state) VALUES ('case', ?, ?, ?) ON CONFLICT (kind, seed_id) DO UPDATE SET hash = excluded.hash, state = excluded.state",
  );
  const at = now.toISOString();
  repo.write(() => {
    for (const s of seeds) {
      const h = hashOf(s);
      const state = getState.get(s.id) as { hash: string; state: string } | undefined;
      if (state?.state === 'deleted') {
        res.skippedDeleted++;
        continue;
      }
      if (state && state.hash === h) continue;
      const existing = repo.getRow(s.id);
      const { id, ...content } = s;
      if (!existing) {
        if (state) {
          // Loaded before and gone now without a tombstone: treat as deleted, never resurrect.
          putState.run(id, h, 'deleted');
          res.skippedDeleted++;
          continue;
        }
        const c: Case = { ...content, id, origin: 'seed', createdAt: at, updatedAt: at };
        repo.insert(c, false);
        res.added++;
      } else if (repo.wasModifiedByUser(id)) {
        res.keptUserEdits++;
      } else {
        const c: Case = { ...content, id, origin: 'seed', createdAt: existing.created_at, updatedAt: at };
        repo.replace(c, false, { keepStamps: true });
        res.updated++;
      }
      putState.run(id, h, 'present');
    }
  }, { bulk: true, immediate: true }); // immediate: a second process starting at the same moment waits (busy_timeout) instead of failing
  if (res.added + res.updated > 0) log.info(`seed cases: ${res.added} added, ${res.updated} updated`);
  return res;
}

/** Record that the user deleted (or restored) a seed case. */
export function markSeedDeleted(db: DB, id: string, deleted: boolean): void {
  db.prepare("UPDATE seed_state SET state = ? WHERE kind = 'case' AND seed_id = ?").run(deleted ? 'deleted' : 'present', id);
}
