import type { DB } from '../db/types.ts';
import type { Logger } from '../log.ts';
import type { CatalogueProgram } from '../../../shared/domain/program.ts';
import { readBuiltinTemplates } from './builtins.ts';
import { PlanService, type PlanServiceOptions } from './service.ts';

/** The plan service with the built-in templates from seedsDir/templates (bad files are logged and skipped). */
export function createPlanService(db: DB, seedsDir: string, programs: () => readonly CatalogueProgram[], log: Logger, opts: PlanServiceOptions = {}): PlanService {
  return new PlanService(db, readBuiltinTemplates(seedsDir, log), programs, opts);
}

export { PlanService } from './service.ts';
