import type { BackupService } from './backup/service.ts';
import type { NoticeStore } from './backup/notices.ts';
import type { BundleService } from './bundles/service.ts';
import type { CaseService } from './cases/service.ts';
import type { DB } from './db/types.ts';
import type { EngagementService } from './engagements/service.ts';
import type { Logger } from './log.ts';
import type { PlanService } from './plans/service.ts';
import type { GlobalSearchService } from './search/service.ts';
import type { SecurityService } from './crypto/service.ts';
import type { SyncService } from './sync/service.ts';

/** What every handler can reach. */
export interface CoreContext {
  db: DB;
  dataDir: string;
  dbPath: string;
  /** The seeds folder (templates, programs, cases, glossary). */
  seedsDir: string;
  schemaVersion: number;
  /** Opened read-only (the data folder cannot be written): reads work, writes fail with storage_readonly. */
  readOnly: boolean;
  log: Logger;
  cases: CaseService;
  /** Clients, engagements, the engagement log, quotas, eligibility, dashboard and reports. */
  engagements: EngagementService;
  /** Plan templates and plans (an engagement's filled-in template). */
  plans: PlanService;
  /** The global search over every kind of record (Ctrl+K, `banso search`). */
  search: GlobalSearchService;
  /** Hand-off bundles (export / import between machines) and their conflicts. */
  bundles: BundleService;
  /** Backups (automatic, manual, pre-restore), verification, restore and retention. */
  backups: BackupService;
  /** What the user must be told: recovery at start, a restore, read-only, a failed automatic backup. */
  notices: NoticeStore;
  /** Encryption at rest of the data folder (設定 → セキュリティ). */
  security: SecurityService;
  /** Team synchronisation through a PostgreSQL hub. */
  sync: SyncService;
}
