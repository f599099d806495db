/**
 * `npm start`: the desktop app when an Electron binary can run here, otherwise
 * browser mode (`electron/launch/web.ts`) with the same arguments.
 *
 * Plain Node 24 (type stripping): no `electron` import, and never
 * `require('electron')` — its index.js starts a download when the binary is
 * missing. Instead we repeat its lookup: <electron>/path.txt names the
 * executable under <electron>/dist/ (ELECTRON_OVERRIDE_DIST_PATH replaces dist/).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const CONFIG = path.join('electron', 'build', 'electron.vite.config.ts');
const require = createRequire(import.meta.url);

export type ElectronAvailability =
  | { ok: true; binary: string }
  | { ok: false; kind: 'no-binary' | 'no-display'; reason: string };

/** Can an Electron window be shown here? Checks files and the display only; runs nothing. */
export function electronAvailability(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): ElectronAvailability {
  let pkgDir: string;
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { ok: false, kind: 'no-binary', reason: 'the electron package is not installed' };
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  let executable: string | undefined;
  try {
    executable = fs.readFileSync(pathFile, 'utf8').trim();
  } catch {
    executable = undefined;
  }
  let binary: string;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) binary = path.join(override, executable || 'electron');
  else if (executable) binary = path.join(pkgDir, 'dist', executable);
  else return { ok: false, kind: 'no-binary', reason: 'node_modules/electron/path.txt is missing (binary not downloaded)' };

  try {
    if (!fs.statSync(binary).isFile()) return { ok: false, kind: 'no-binary', reason: `not a file: ${binary}` };
    if (platform !== 'win32') fs.accessSync(binary, fs.constants.X_OK);
  } catch {
    return { ok: false, kind: 'no-binary', reason: `no executable at ${binary}` };
  }
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { ok: false, kind: 'no-display', reason: 'no display (DISPLAY / WAYLAND_DISPLAY unset)' };
  }
  return { ok: true, binary };
}

/** Run a child with our stdio, pass Ctrl+C / SIGTERM on, and exit with its code. */
function runAndExit(child: ChildProcess): void {
  const forward = (signal: NodeJS.Signals) => () => {
    if (child.exitCode === null) child.kill(signal);
  };
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('error', (err) => {
    process.stderr.write(`起動できませんでした (could not start): ${err.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    process.exit(code ?? (signal ? 1 : 0));
  });
}

function buildApp(): void {
  const bin = path.join(path.dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
  const r = spawnSync(process.execPath, [bin, 'build', '--config', CONFIG], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write('ビルドに失敗しました (build failed)\n');
    process.exit(r.status ?? 1);
  }
}

function startDesktop(binary: string, args: string[]): void {
  buildApp();
  const env = { ...process.env };
  // With this set the binary would behave as plain Node instead of opening a window.
  delete env.ELECTRON_RUN_AS_NODE;
  runAndExit(spawn(binary, [REPO_ROOT, ...args], { cwd: REPO_ROOT, stdio: 'inherit', env }));
}

function startBrowserMode(args: string[]): void {
  const web = path.join(REPO_ROOT, 'electron', 'launch', 'web.ts');
  runAndExit(spawn(process.execPath, [web, ...args], { cwd: REPO_ROOT, stdio: 'inherit' }));
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === import.meta.filename;
if (isMain) {
  const args = process.argv.slice(2);
  const found = electronAvailability();
  if (found.ok) {
    startDesktop(found.binary, args);
  } else {
    const line =
      found.kind === 'no-display'
        ? `画面（ディスプレイ）がないため、ブラウザーモードで起動します (no display for Electron: starting browser mode; ${found.reason})`
        : `Electron の実行ファイルがないため、ブラウザーモードで起動します (Electron binary not available: starting browser mode; ${found.reason})`;
    process.stderr.write(line + '\n');
    startBrowserMode(args);
  }
}
