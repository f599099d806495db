import { CaseRepo } from '../cases/repo.ts';
import type { DerivedStep } from './derived.ts';
import { seedChangeLog } from './derived.ts';

/**
 * The derived steps in the order they run. Raise a step's version when what it builds changes
 * (e.g. the case index's normaliser): every database then rebuilds it once at its next open.
 */
export const DERIVED_STEPS: readonly DerivedStep[] = [
  {
    // The case full-text indexes (with their facet tokens) and the import match keys.
    name: 'case-index',
    version: 1,
    run(db) {
      const repo = new CaseRepo(db);
      repo.rekeyAll();
      repo.reindexAll();
    },
  },
  {
    // One change-log entry per record that existed before the change log did.
    name: 'change-log',
    version: 1,
    run(db) {
      const device = (db.prepare("SELECT value FROM meta WHERE key = 'device_id'").pluck().get() as string | undefined) ?? 'unknown';
      seedChangeLog(db, device, new Date().toISOString());
    },
  },
];
