import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { assertSupportedRuntime } from '../core/runtime.ts';

assertSupportedRuntime();

const { createCore } = await import('../core/index.ts');
const { stderrLogger } = await import('../core/log.ts');
const { resolveDataDir } = await import('../core/paths.ts');
const { startWebHost } = await import('../web/server.ts');
const { buildIfStale, RENDERER_OUT } = await import('./build-if-stale.ts');
const { AppError } = await import('../../shared/errors.ts');
const { PASSPHRASE_ENV, readSecretFile } = await import('../core/crypto/secrets.ts');

let args;
try {
  args = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'passphrase-file': { type: 'string' },
      'no-open': { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  }).values;
} catch (err) {
  process.stderr.write(`引数が正しくありません: ${(err as Error).message}\n使い方: npm run web -- [--port N] [--data-dir DIR] [--passphrase-file FILE] [--no-open] [--json]\n`);
  process.exit(2);
}

const port = args.port === undefined ? 0 : Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port には 0〜65535 の整数を指定してください: ${args.port}\n`);
  process.exit(2);
}

if (!args['no-build']) buildIfStale();
if (!fs.existsSync(path.join(RENDERER_OUT, 'index.html'))) {
  process.stderr.write('画面のビルド（out/renderer）が見つかりません。npm run build を実行してください。\n');
  process.exit(1);
}

const log = stderrLogger('banso-web');
const dataDir = resolveDataDir(args['data-dir']);
let core: Awaited<ReturnType<typeof createCore>>;
try {
  // An encrypted data folder opens with --passphrase-file FILE or BANSO_PASSPHRASE (never a command-line value).
  const unlock = args['passphrase-file'] !== undefined ? { passphrase: readSecretFile(args['passphrase-file']) } : process.env[PASSPHRASE_ENV] ? { passphrase: process.env[PASSPHRASE_ENV] } : {};
  core = await createCore({ dataDir, log, unlock, hubPassword: process.env.BANSO_HUB_PASSWORD ?? null });
} catch (err) {
  process.stderr.write(`${err instanceof AppError ? err.message : String(err)}\n`);
  process.exit(err instanceof AppError && (err.code === 'locked' || err.code === 'invalid_input') ? 2 : 1);
}
const { rememberedPort, rememberPort } = await import('../web/port-memory.ts');
// Without --port: the port this data folder used last time, if it is free (port-memory.ts).
const wanted = args.port === undefined ? (rememberedPort(dataDir) ?? 0) : port;
let host: Awaited<ReturnType<typeof startWebHost>>;
try {
  host = await startWebHost({ invoke: core.invoke, staticDir: RENDERER_OUT, port: wanted, log });
} catch (err) {
  if (args.port !== undefined || wanted === 0 || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
  host = await startWebHost({ invoke: core.invoke, staticDir: RENDERER_OUT, port: 0, log });
}
if (args.port === undefined) rememberPort(dataDir, host.port);

if (args.json) process.stdout.write(JSON.stringify({ url: host.url, port: host.port, dataDir }) + '\n');
else process.stdout.write(`Bansō ブラウザーモード（browser mode）: ${host.url}\n`);
process.stderr.write(`データの場所: ${dataDir}\n終了するには Ctrl+C を押してください。\n`);

if (!args['no-open'] && !process.env.CI) openBrowser(host.url);

function openBrowser(url: string): void {
  const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (!hasDisplay) return;
  const cmd = process.platform === 'win32' ? 'cmd' : process.platform === 'darwin' ? 'open' : 'xdg-open';
  const cmdArgs = process.platform === 'win32' ? ['/c', 'start', '""', url] : [url];
  try {
    const child = spawn(cmd, cmdArgs, { stdio: 'ignore', detached: true });
    child.on('error', () => process.stderr.write('ブラウザーを開けませんでした。上の URL を開いてください。\n'));
    child.unref();
  } catch {
    /* no browser here: the printed URL is enough */
  }
}

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await host.close();
  core.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
