import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { test as base, expect, type Page } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '../..');

export interface Host {
  url: string;
  origin: string;
  port: number;
  dataDir: string;
  proc: ChildProcess;
  stderr: string[];
  /** Spawn → the URL printed (the host listens), in ms. */
  startMs: number;
}

/** Start browser mode (`npm run web`'s script) on a temporary data folder. */
export async function startHost(dataDir?: string, opts: { timeoutMs?: number } = {}): Promise<Host> {
  const t0 = performance.now();
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'banso-e2e-'));
  const proc = spawn(process.execPath, [path.join(root, 'electron/launch/web.ts'), '--json', '--no-open', '--no-build', '--data-dir', dir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BANSO_DATA_DIR: '' },
  });
  const stderr: string[] = [];
  proc.stderr!.on('data', (c: Buffer) => stderr.push(c.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    const rl = readline.createInterface({ input: proc.stdout! });
    const limit = opts.timeoutMs ?? 20_000;
    const timer = setTimeout(() => reject(new Error(`web host did not start within ${limit / 1000} s:\n${stderr.join('')}`)), limit);
    rl.once('line', (l) => {
      clearTimeout(timer);
      resolve(l);
    });
    proc.once('exit', (code) => reject(new Error(`web host exited with ${code}:\n${stderr.join('')}`)));
  });
  const { url, port } = JSON.parse(line) as { url: string; port: number };
  return { url, port, origin: `http://127.0.0.1:${port}`, dataDir: dir, proc, stderr, startMs: performance.now() - t0 };
}

export async function stopHost(host: Host): Promise<void> {
  if (host.proc.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    host.proc.once('exit', () => resolve());
    host.proc.kill('SIGTERM');
  });
}

/** Call a contract method on a host over HTTP, as the UI does (with the page's secret cookie); throws on a refusal. */
export async function invoke<T>(page: Page, host: Host, method: string, input: unknown): Promise<T> {
  const response = await page.request.post(host.origin + '/api/invoke', { data: { method, input } });
  const body = (await response.json()) as { ok: boolean; value?: T; error?: unknown };
  if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.value as T;
}

export const test = base.extend<{ host: Host }>({
  host: async ({}, use) => {
    const host = await startHost();
    await use(host);
    await stopHost(host);
    fs.rmSync(host.dataDir, { recursive: true, force: true });
  },
});

export { expect };
