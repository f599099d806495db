import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect } from '@playwright/test';
import { startHost, stopHost } from './fixtures.ts';

/**
 * Browser mode outlives its host: the old tab says so in Japanese with the way back; the host
 * comes back on the same port for the same data folder; a bare address gives a Japanese page.
 */
base('a stopped, then restarted host is said in the old tab; the port stays; the bare URL is a Japanese page', async ({ page, browser }) => {
  base.setTimeout(90_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-e2e-host-'));
  let b: Awaited<ReturnType<typeof startHost>> | null = null;
  const a = await startHost(dir);
  try {
    await page.goto(a.url);
    await expect(page.getByTestId('page-home')).toBeVisible();
    await expect(page.getByTestId('host-lost')).toHaveCount(0);

    await stopHost(a);
    const banner = page.getByTestId('host-lost');
    await expect(banner).toBeVisible({ timeout: 15_000 });
    await expect(banner).toHaveAttribute('data-state', 'lost');
    await expect(banner).toContainText('npm run web');

    b = await startHost(dir);
    expect(b.port).toBe(a.port); // the same data folder: the same port
    await expect(banner).toHaveAttribute('data-state', 'restarted', { timeout: 15_000 });
    await expect(banner).toContainText('再起動されました');
    await page.screenshot({ path: 'test-results/host-restarted.png' });

    // The address without its secret (a bookmark, a new tab): a page in Japanese, not raw JSON.
    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    const response = await other.goto(b.origin + '/');
    expect(response!.status()).toBe(403);
    expect(response!.headers()['content-type']).toContain('text/html');
    await expect(other.locator('h1')).toContainText('ブラウザーモードを開けませんでした');
    await expect(other.locator('body')).toContainText('合言葉（secret）が付いていません');
    await expect(other.locator('body')).not.toContainText('"ok"');
    // The old tab reloaded with its old cookie: the secret is not this launch's.
    await page.reload();
    await expect(page.locator('body')).toContainText('いま動いている Bansō のものではありません');
    await fresh.close();

    // The way back: the new URL.
    await page.goto(b.url);
    await expect(page.getByTestId('page-home')).toBeVisible();
    await expect(page.getByTestId('host-lost')).toHaveCount(0);
  } finally {
    await stopHost(a);
    if (b) await stopHost(b);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
