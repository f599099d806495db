import { expect, test } from './fixtures.ts';

/**
 * No network request leaves the app: every request the UI makes while we walk
 * through every page (fonts, icons, scripts, API calls, images) goes to the
 * loopback host. A web font, a CDN script or an analytics beacon would show up
 * here and fail the test.
 */
test('every request the UI makes stays on 127.0.0.1', async ({ page, host }) => {
  const requests: string[] = [];
  const sockets: string[] = [];
  page.context().on('request', (req) => requests.push(req.url()));
  page.on('websocket', (ws) => sockets.push(ws.url()));

  await page.goto(host.url);
  await expect(page.getByTestId('status-datadir')).toBeVisible();
  for (const id of ['cases', 'engagements', 'plans', 'log', 'settings', 'home'] as const) {
    await page.getByTestId(`nav-${id}`).click();
    await expect(page.getByTestId(`page-${id}`)).toBeVisible();
  }
  // The case library: a search and a case with its sources (links are shown, never fetched).
  await page.getByTestId('nav-cases').click();
  await expect(page.getByTestId('case-list')).toHaveAttribute('data-status', 'ready');
  await page.getByTestId('case-search').fill('テレワーク');
  await page.getByTestId('case-list').getByTestId('case-row').first().click();
  await expect(page.getByTestId('case-detail')).toBeVisible();
  // Fonts are resolved (system or bundled), so any @font-face download would have happened by now.
  await page.evaluate(() => document.fonts.ready);
  await page.keyboard.press('Control+k');
  await expect(page.getByPlaceholder('移動先や機能を検索…')).toBeVisible();
  await page.keyboard.press('Escape');

  expect(requests.length).toBeGreaterThan(5); // the recorder really saw the app's own requests
  const foreign = requests.filter((url) => {
    if (url.startsWith('data:') || url.startsWith('blob:')) return false;
    return new URL(url).origin !== host.origin;
  });
  expect(foreign, `requests leaving the app:\n${foreign.join('\n')}`).toEqual([]);
  expect(sockets).toEqual([]);
});
