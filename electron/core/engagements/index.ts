import type { DB } from '../db/types.ts';
import type { Logger } from '../log.ts';
import { EMPTY_CATALOGUE, readProgramCatalogue } from './programs.ts';
import { EngagementService, type EngagementServiceOptions } from './service.ts';

/**
 * The engagement service with the program catalogue from seedsDir. A catalogue that cannot be
 * read is logged and replaced by an empty one: quotas and eligibility are then unavailable, but
 * the user's clients, engagements and log stay usable.
 */
export function createEngagementService(db: DB, seedsDir: string, log: Logger, opts: EngagementServiceOptions = {}): EngagementService {
  let catalogue = EMPTY_CATALOGUE;
  try {
    catalogue = readProgramCatalogue(seedsDir);
  } catch (err) {
    log.error('program catalogue was not loaded', err);
  }
  return new EngagementService(db, catalogue, opts);
}

export { EngagementService } from './service.ts';
