import type { Command } from '../registry.ts';
import { BACKUP_COMMANDS } from './backup.ts';
import { BUNDLE_COMMANDS } from './bundles.ts';
import { casesExportCommand, casesGetCommand, casesImportCommand, casesSearchCommand } from './cases.ts';
import { historyCommand, undoCommand } from './history.ts';
import { infoCommand } from './info.ts';
import { DOC_COMMANDS } from './docs.ts';
import { ENGAGEMENT_COMMANDS } from './engagements.ts';
import { PLAN_COMMANDS } from './plans.ts';
import { searchCommand } from './search.ts';
import { ENCRYPTION_COMMANDS } from './encryption.ts';
import { SYNC_COMMANDS } from './sync.ts';

export const COMMANDS: readonly Command[] = [infoCommand, casesImportCommand, casesSearchCommand, casesExportCommand, casesGetCommand, searchCommand, ...ENGAGEMENT_COMMANDS, ...PLAN_COMMANDS, ...DOC_COMMANDS, ...BUNDLE_COMMANDS, ...BACKUP_COMMANDS, ...ENCRYPTION_COMMANDS, ...SYNC_COMMANDS, historyCommand, undoCommand];
