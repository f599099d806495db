import type { CaseService } from './cases/service.ts';
import type { DB } from './db/types.ts';
import type { EngagementService } from './engagements/service.ts';
import type { Logger } from './log.ts';
import type { PlanService } from './plans/service.ts';

/** What every handler can reach. */
export interface CoreContext {
  db: DB;
  dataDir: string;
  dbPath: string;
  schemaVersion: number;
  log: Logger;
  cases: CaseService;
  /** Clients, engagements, the engagement log, quotas, eligibility, dashboard and reports. */
  engagements: EngagementService;
  /** Plan templates and plans (an engagement's filled-in template). */
  plans: PlanService;
}
