import type { Command } from '../registry.ts';
import { infoCommand } from './info.ts';

export const COMMANDS: readonly Command[] = [infoCommand];
