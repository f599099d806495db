import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_INSTALL_HINT, chromiumPath } from '../../e2e/chromium.ts';
import type { ChildProcess } from 'node:child_process';
import { startHost, stopHost, type Host } from '../../e2e/fixtures.ts';
import { median, percentile, type BenchResult, type BenchSuite } from '../harness.ts';
import { BASELINE, RENDERER_OUT, startStaticHost, stopStatic } from '../hosts.ts';

const RUNS = 10;

/** One browser context per run: navigation start → navigation and the data folder on screen. */
async function firstRender(browser: Awaited<ReturnType<typeof chromium.launch>>, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'commit' });
  // performance.now() counts from the navigation start of this document.
  const handle = await page.waitForFunction(
    () => (document.querySelector('[data-testid="nav-cases"]') && document.querySelector('[data-testid="status-datadir"]') ? performance.now() : 0),
    undefined,
    { polling: 'raf', timeout: 15_000 },
  );
  const ms = (await handle.jsonValue()) as number;
  await context.close();
  return ms;
}

function figures(label: string, samples: number[]): BenchResult[] {
  const sorted = [...samples].sort((a, b) => a - b);
  return [
    { name: `browser mode: navigation start → frame visible${label} (p50)`, value: median(samples), unit: 'ms', n: samples.length },
    { name: `browser mode: navigation start → frame visible${label} (p95)`, value: percentile(sorted, 95), unit: 'ms', n: samples.length },
  ];
}

export const firstRenderSuite: BenchSuite = {
  id: 'render',
  async run() {
    const exe = chromiumPath();
    if (!exe) throw new Error(CHROMIUM_INSTALL_HINT);
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-bench-home-'));
    process.env.HOME = home;
    process.env.XDG_CONFIG_HOME = path.join(home, '.config');
    process.env.XDG_CACHE_HOME = path.join(home, '.cache');
    const browser = await chromium.launch({ executablePath: exe, args: CHROMIUM_ARGS });
    let host: Host | null = null;
    const statics: { url: string; proc: ChildProcess }[] = [];
    const dirs: string[] = [];
    try {
      if (!BASELINE) {
        host = await startHost();
        const samples: number[] = [];
        for (let i = 0; i < RUNS + 1; i++) {
          const ms = await firstRender(browser, host.url);
          if (i > 0) samples.push(ms); // the first run warms the OS file cache
        }
        return figures('', samples);
      }
      // This build and the baseline, each on its own copy of the same fresh data, timed alternately.
      const builds = [
        { label: '', dir: RENDERER_OUT },
        { label: ', baseline build', dir: BASELINE },
      ];
      for (const b of builds) {
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-bench-render-'));
        dirs.push(dataDir);
        statics.push(await startStaticHost(b.dir, dataDir));
      }
      const samples: number[][] = builds.map(() => []);
      for (let i = 0; i < RUNS + 1; i++) {
        for (let k = 0; k < builds.length; k++) {
          const ms = await firstRender(browser, statics[k]!.url);
          if (i > 0) samples[k]!.push(ms);
        }
      }
      return builds.flatMap((b, k) => figures(b.label, samples[k]!));
    } finally {
      await browser.close();
      if (host) {
        await stopHost(host);
        fs.rmSync(host.dataDir, { recursive: true, force: true });
      }
      for (const h of statics) await stopStatic(h);
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
      fs.rmSync(home, { recursive: true, force: true });
    }
  },
};
