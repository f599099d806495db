import type { ParseArgsConfig } from 'node:util';
import type { UnlockSecrets } from '../core/crypto/folder.ts';
import type { Core } from '../core/index.ts';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandContext {
  core: Core;
  /** Values of the command's own options. */
  options: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
  json: boolean;
  /** Messages for people: stderr. */
  say(msg: string): void;
}

export interface CommandOutput {
  /** Printed as JSON with --json. */
  value: unknown;
  /** Printed without --json; defaults to the JSON. */
  text?: string;
  /** Exit code; 0 unless the command says otherwise (e.g. 2 when rows were rejected). */
  exitCode?: number;
}

/** A command that works on the data folder's files without opening the database (encryption). */
export interface StandaloneContext {
  dataDir: string;
  /** From --passphrase-file or BANSO_PASSPHRASE. */
  unlock: UnlockSecrets;
  env: NodeJS.ProcessEnv;
  options: CommandContext['options'];
  positionals: string[];
  json: boolean;
  say(msg: string): void;
}

export interface Command {
  /** One or more words: 'info', 'cases import'. */
  name: string;
  usage: string;
  summary: string;
  options?: OptionSpec;
  /** Positional arguments: exact count or range. */
  positionals?: { min: number; max: number };
  run(ctx: CommandContext): Promise<CommandOutput>;
  /** When set, runs instead of `run`, without a core. */
  standalone?: (ctx: StandaloneContext) => Promise<CommandOutput>;
}
