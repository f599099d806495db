import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_INSTALL_HINT, chromiumPath } from '../../e2e/chromium.ts';
import { startHost, stopHost } from '../../e2e/fixtures.ts';
import { median, percentile, type BenchSuite } from '../harness.ts';

const RUNS = 10;

export const firstRenderSuite: BenchSuite = {
  id: 'render',
  async run() {
    const exe = chromiumPath();
    if (!exe) throw new Error(CHROMIUM_INSTALL_HINT);
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-bench-home-'));
    process.env.HOME = home;
    process.env.XDG_CONFIG_HOME = path.join(home, '.config');
    process.env.XDG_CACHE_HOME = path.join(home, '.cache');
    const host = await startHost();
    const browser = await chromium.launch({ executablePath: exe, args: CHROMIUM_ARGS });
    try {
      const samples: number[] = [];
      for (let i = 0; i < RUNS + 1; i++) {
        const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
        const page = await context.newPage();
        await page.goto(host.url, { waitUntil: 'commit' });
        // performance.now() counts from the navigation start of this document.
        const handle = await page.waitForFunction(
          () => (document.querySelector('[data-testid="nav-cases"]') && document.querySelector('[data-testid="status-datadir"]') ? performance.now() : 0),
          undefined,
          { polling: 'raf', timeout: 15_000 },
        );
        const ms = (await handle.jsonValue()) as number;
        if (i > 0) samples.push(ms); // the first run warms the OS file cache
        await context.close();
      }
      const sorted = [...samples].sort((a, b) => a - b);
      return [
        { name: 'browser mode: navigation start → frame visible (p50)', value: median(samples), unit: 'ms', n: samples.length },
        { name: 'browser mode: navigation start → frame visible (p95)', value: percentile(sorted, 95), unit: 'ms', n: samples.length },
      ];
    } finally {
      await browser.close();
      await stopHost(host);
      fs.rmSync(host.dataDir, { recursive: true, force: true });
      fs.rmSync(home, { recursive: true, force: true });
    }
  },
};
