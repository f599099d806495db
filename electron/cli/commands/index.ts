import type { Command } from '../registry.ts';
import { casesExportCommand, casesGetCommand, casesImportCommand, casesSearchCommand } from './cases.ts';
import { infoCommand } from './info.ts';

export const COMMANDS: readonly Command[] = [infoCommand, casesImportCommand, casesSearchCommand, casesExportCommand, casesGetCommand];
