import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const RENDERER_OUT = path.join(ROOT, 'out', 'renderer');

/**
 * A renderer build to time beside this one (out/renderer), e.g. one built from the commit before a
 * change: `BANSO_BENCH_RENDERER_BASELINE=/tmp/old-renderer npm run bench -- --only render,cases`.
 * Both are served by test/bench/web-host.ts on the same kind of data and timed in the same run.
 */
export const BASELINE = process.env.BANSO_BENCH_RENDERER_BASELINE;

export async function startStaticHost(staticDir: string, dataDir: string): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, [path.join(ROOT, 'test/bench/web-host.ts'), '--data-dir', dataDir, '--static', staticDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: proc.stdout! }).once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`bench host exited with ${code}`)));
  });
  return { url: (JSON.parse(line) as { url: string }).url, proc };
}

export async function stopStatic(h: { proc: ChildProcess }): Promise<void> {
  if (h.proc.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    h.proc.once('exit', () => resolve());
    h.proc.kill('SIGTERM');
  });
}

