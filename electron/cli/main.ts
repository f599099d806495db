import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors.ts';
import { excerpt } from '../../shared/excerpt.ts';
import { createCore, type Core } from '../core/index.ts';
import type { UnlockSecrets } from '../core/crypto/folder.ts';
import { PASSPHRASE_ENV, readSecretFile } from '../core/crypto/secrets.ts';
import { stderrLogger } from '../core/log.ts';
import { resolveDataDir } from '../core/paths.ts';
import { runtimeProblem } from '../core/runtime.ts';
import { COMMANDS } from './commands/index.ts';
import type { Command } from './registry.ts';

export interface CliIo {
  out(s: string): void;
  err(s: string): void;
  env: NodeJS.ProcessEnv;
}

const processIo: CliIo = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  env: process.env,
};

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_REJECTED = 2;

interface Globals {
  dataDir: string | undefined;
  passphraseFile: string | undefined;
  json: boolean;
  help: boolean;
  rest: string[];
}

/** Pull the global options out wherever they stand. */
function splitGlobals(argv: string[]): Globals {
  const g: Globals = { dataDir: undefined, passphraseFile: undefined, json: false, help: false, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') g.json = true;
    else if (a === '--help' || a === '-h') g.help = true;
    else if (a === '--data-dir') {
      const v = argv[i + 1];
      if (v === undefined) throw new AppError('invalid_input', '--data-dir にフォルダーを指定してください。');
      g.dataDir = v;
      i++;
    } else if (a.startsWith('--data-dir=')) g.dataDir = a.slice('--data-dir='.length);
    else if (a === '--passphrase-file') {
      const v = argv[i + 1];
      if (v === undefined) throw new AppError('invalid_input', '--passphrase-file にパスフレーズを書いたファイルを指定してください。');
      g.passphraseFile = v;
      i++;
    } else if (a.startsWith('--passphrase-file=')) g.passphraseFile = a.slice('--passphrase-file='.length);
    else if (/^--(new-)?passphrase(=|$)/.test(a) || /^--recovery-key(=|$)/.test(a)) {
      // A secret on the command line stays in the shell history and in every process list.
      throw new AppError('invalid_input', 'パスフレーズはコマンドラインに書けません。--passphrase-file ファイル か環境変数 BANSO_PASSPHRASE で指定してください。');
    } else g.rest.push(a);
  }
  return g;
}

function findCommand(words: string[]): { cmd: Command; consumed: number } | null {
  let best: { cmd: Command; consumed: number } | null = null;
  for (const cmd of COMMANDS) {
    const parts = cmd.name.split(' ');
    if (parts.every((p, i) => words[i] === p) && (!best || parts.length > best.consumed)) best = { cmd, consumed: parts.length };
  }
  return best;
}

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return [
    '使い方: banso [--data-dir DIR] [--json] <コマンド> [引数]',
    '',
    'コマンド:',
    ...COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    '共通オプション:',
    '  --data-dir DIR  データフォルダー（環境変数 BANSO_DATA_DIR でも指定可）',
    '  --json          結果を JSON で標準出力に出す（メッセージは標準エラー）',
    '  --passphrase-file FILE  暗号化されたデータフォルダーのパスフレーズ（または回復キー）を書いたファイル',
    '                  （環境変数 BANSO_PASSPHRASE でも指定可。コマンドラインには書けません）',
    '',
    '終了コード: 0 成功 / 2 入力の不備で何も変更していない / 1 失敗',
  ].join('\n');
}

/**
 * `--minutes -5` or `--notes "- 議事"`: a value that starts with a dash belongs to the
 * string option before it (parseArgs alone calls it ambiguous). Written as --opt=value.
 */
function joinDashValues(args: string[], options: NonNullable<Command['options']>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = args[i + 1];
    const name = a.startsWith('--') ? a.slice(2) : null;
    if (name && options[name]?.type === 'string' && next !== undefined && next.startsWith('-') && !(next.startsWith('--') && next.slice(2).split('=')[0]! in options)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** parseArgs speaks English; say the common cases in Japanese. */
function argErrorJa(err: Error & { code?: string }): string {
  const m = /'(-{1,2}[^' ]+)/.exec(err.message);
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `不明なオプションです: ${excerpt(m?.[1] ?? '')}`;
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `オプションの値が正しくありません: ${excerpt(m?.[1] ?? '')}`;
  if (err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `余分な引数があります。`;
  return excerpt(err.message, 200);
}

function unlockSecrets(file: string | undefined, env: NodeJS.ProcessEnv): UnlockSecrets {
  if (file !== undefined) return { passphrase: readSecretFile(file) };
  const v = env[PASSPHRASE_ENV];
  return v ? { passphrase: v } : {};
}

/** Run one CLI invocation; returns the exit code. Never throws. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const problem = runtimeProblem();
  if (problem) {
    io.err(problem + '\n');
    return EXIT_FAILURE;
  }
  let globals: Globals;
  try {
    globals = splitGlobals(argv);
  } catch (err) {
    io.err(`${(err as Error).message}\n`);
    return EXIT_REJECTED;
  }
  const positional = globals.rest.filter((a) => !a.startsWith('-'));
  const found = findCommand(positional);
  if (!found) {
    if (globals.help || globals.rest.length === 0) {
      io.err(usage() + '\n');
      return globals.help ? EXIT_OK : EXIT_REJECTED;
    }
    io.err(`不明なコマンドです: ${excerpt(positional.join(' ') || globals.rest.join(' '), 60)}\n\n${usage()}\n`);
    return EXIT_REJECTED;
  }
  const { cmd, consumed } = found;
  if (globals.help) {
    io.err(`使い方: banso ${cmd.usage}\n${cmd.summary}\n`);
    return EXIT_OK;
  }
  // Remove the command words (the first `consumed` positionals) from the arguments.
  const args = [...globals.rest];
  for (let k = 0; k < consumed; k++) args.splice(args.indexOf(cmd.name.split(' ')[k]!), 1);

  let parsed: { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: joinDashValues(args, cmd.options ?? {}), options: cmd.options ?? {}, strict: true, allowPositionals: true });
  } catch (err) {
    io.err(`引数が正しくありません: ${argErrorJa(err as Error)}\n使い方: banso ${cmd.usage}\n`);
    return EXIT_REJECTED;
  }
  const range = cmd.positionals ?? { min: 0, max: 0 };
  if (parsed.positionals.length < range.min || parsed.positionals.length > range.max) {
    io.err(`引数の数が正しくありません。\n使い方: banso ${cmd.usage}\n`);
    return EXIT_REJECTED;
  }

  let core: Core | undefined;
  try {
    const dataDir = resolveDataDir(globals.dataDir, io.env);
    const unlock = unlockSecrets(globals.passphraseFile, io.env);
    if (cmd.standalone) {
      const result = await cmd.standalone({ dataDir, unlock, env: io.env, options: parsed.values, positionals: parsed.positionals, json: globals.json, say: (m) => io.err(m + '\n') });
      if (globals.json) io.out(JSON.stringify(result.value, null, 2) + '\n');
      else io.out((result.text ?? JSON.stringify(result.value, null, 2)) + '\n');
      return result.exitCode ?? EXIT_OK;
    }
    // A CLI call lasts milliseconds: its start backup (when due) comes right before its first write, and
    // the full integrity check runs only when backup rotation needs it (electron/core/backup/check.ts).
    core = await createCore({ dataDir, unlock, log: stderrLogger('banso'), startBackup: 'first-write', backgroundCheck: false, hubPassword: io.env.BANSO_HUB_PASSWORD ?? null, autoSync: false });
    // A recovery at start or a read-only folder: say so on stderr (the desktop app shows it too).
    for (const n of core.ctx.notices.addedHere()) io.err(`${n.title}: ${n.message}\n`);
    const result = await cmd.run({
      core,
      options: parsed.values,
      positionals: parsed.positionals,
      json: globals.json,
      say: (m) => io.err(m + '\n'),
    });
    if (globals.json) io.out(JSON.stringify(result.value, null, 2) + '\n');
    else io.out((result.text ?? JSON.stringify(result.value, null, 2)) + '\n');
    return result.exitCode ?? EXIT_OK;
  } catch (err) {
    if (err instanceof AppError) {
      io.err(`${err.message}\n`);
      for (const i of err.issues ?? []) io.err(`  - ${i.path.join('.')}: ${i.message}\n`);
      return err.code === 'invalid_input' || err.code === 'not_found' || err.code === 'unknown_method' || err.code === 'locked' ? EXIT_REJECTED : EXIT_FAILURE;
    }
    io.err(`エラー: ${(err as Error).message ?? String(err)}\n`);
    return EXIT_FAILURE;
  } finally {
    core?.close();
  }
}
