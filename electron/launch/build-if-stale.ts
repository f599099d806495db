import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const RENDERER_OUT = path.join(REPO_ROOT, 'out', 'renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** True when out/ is missing or older than the sources it is built from. */
export function buildIsStale(): boolean {
  const marker = path.join(RENDERER_OUT, 'index.html');
  if (!fs.existsSync(marker) || !fs.existsSync(path.join(REPO_ROOT, 'out', 'main'))) return true;
  const built = fs.statSync(marker).mtimeMs;
  const sources = ['renderer', 'shared', path.join('electron', 'shell'), path.join('electron', 'build')].map((d) => path.join(REPO_ROOT, d));
  return sources.some((d) => newestMtime(d) > built);
}

/** Build main, preload and renderer with electron-vite (no Electron binary needed); false when the build failed. */
export function tryBuild(): boolean {
  process.stderr.write('ビルドしています… (electron-vite build)\n');
  const bin = path.join(REPO_ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite');
  const r = spawnSync(bin, ['build', '--config', path.join('electron', 'build', 'electron.vite.config.ts')], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 2, 2], // stderr: stdout carries only results (npm run web -- --json, the bench table)
    shell: process.platform === 'win32',
  });
  return r.status === 0;
}

export function build(): void {
  if (!tryBuild()) {
    process.stderr.write('ビルドに失敗しました。\n');
    process.exit(1);
  }
}

export function buildIfStale(force = false): void {
  if (force || buildIsStale()) build();
}
