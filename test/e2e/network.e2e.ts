import { expect, invoke, test } from './fixtures.ts';

/**
 * No network request leaves the app: every request the UI makes while we walk through every
 * route (fonts, icons, scripts, API calls, images, document previews, downloads) goes to the
 * loopback host. A web font, a CDN script or an analytics beacon would show up here and fail.
 *
 * Every route of the router is visited and the test checks it did: the pages of the main menu
 * are taken from the menu itself (a new page there is walked without editing this file), and the
 * routes reached from inside pages (テンプレートの編集, 文書を書き出す, a missing page) through the
 * buttons a user clicks.
 */

/** The router's routes (renderer/src/router.tsx), as patterns of the hash path. */
const ROUTES = ['/', '/cases', '/engagements', '/plans', '/engagements/:id/plan', '/templates', '/log', '/engagements/:id/log', '/engagements/:id/visit', '/engagements/:id/documents', '/transfer', '/settings', '*'];

/** The route pattern of the page shown now: the hash path, ids as :id, unknown paths as *. */
function routeOf(url: string): string {
  const hash = new URL(url).hash.replace(/^#/, '') || '/';
  const p = hash.split('?')[0]!.replaceAll(/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\/|$)/g, '/:id');
  return ROUTES.includes(p) ? p : '*';
}

test('every request the UI makes on every route stays on 127.0.0.1', async ({ page, host }) => {
  test.setTimeout(120_000);
  const requests: string[] = [];
  const sockets: string[] = [];
  page.context().on('request', (req) => requests.push(req.url()));
  page.on('websocket', (ws) => sockets.push(ws.url()));

  // Something on every page: a client with an engagement, its plan with answers, a visit, an attached case.
  await page.goto(host.url);
  const client = await invoke<{ id: string }>(page, host, 'clients.create', { name: '通信確認町', kind: 'municipality', prefecture: '徳島県' });
  const eng = await invoke<{ id: string }>(page, host, 'engagements.create', { clientId: client.id, program: 'plan-b', startDate: '2026-04-01', title: '通信確認町 計画策定' });
  await invoke(page, host, 'plan.create', { engagementId: eng.id, templateId: 'plan-b', startDate: '2026-04-01' });
  await invoke(page, host, 'plan.answer', { engagementId: eng.id, questionId: 'plan-summary', value: '公民館に**遠隔相談窓口**を置く。' });
  await invoke(page, host, 'log.create', { engagementId: eng.id, date: '2026-04-10', mode: 'visit', minutes: 90, topics: '通信確認の訪問', notes: '記録' });
  const someCase = (await invoke<{ items: { id: string }[] }>(page, host, 'cases.search', { query: 'テレワーク', limit: 1 })).items[0]!;
  await invoke(page, host, 'engagements.attachCase', { id: eng.id, caseId: someCase.id });

  const visited = new Set<string>();
  const shows = async (title: string | RegExp) => {
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    visited.add(routeOf(page.url()));
  };

  await page.goto(host.url);
  const menu = page.getByRole('navigation', { name: 'メインメニュー' });
  const links = menu.getByRole('link');
  await expect(links.first()).toBeVisible();
  const names = (await links.allInnerTexts()).map((t) => t.trim().split('\n')[0]!.trim());
  expect(names.length).toBeGreaterThanOrEqual(7);
  for (const name of names) {
    await menu.getByRole('link', { name, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    visited.add(routeOf(page.url()));
  }

  // ホーム: the dashboard with its chart.
  await menu.getByRole('link', { name: 'ホーム', exact: true }).click();
  await shows('ホーム');

  // 事例ライブラリ: a search, and a case with its sources (links are shown, never fetched).
  await menu.getByRole('link', { name: '事例ライブラリ', exact: true }).click();
  await shows('事例ライブラリ');
  await page.getByRole('searchbox').or(page.getByPlaceholder(/検索/)).first().fill('テレワーク');
  await page.getByTestId('case-row').first().click();
  await expect(page.getByTestId('case-detail')).toBeVisible();

  // 支援先・案件: the client, its engagement and its log.
  await menu.getByRole('link', { name: '支援先・案件', exact: true }).click();
  await shows('支援先・案件');
  await page.getByText('通信確認町', { exact: true }).first().click();
  await expect(page.getByText('通信確認町 計画策定').first()).toBeVisible();

  // 支援記録: the visit.
  await menu.getByRole('link', { name: '支援記録', exact: true }).click();
  await shows('支援記録');
  await page.getByRole('button', { name: /通信確認町/ }).or(page.getByText(/^通信確認町 — /)).first().click();
  await expect(page.getByText('通信確認の訪問').first()).toBeVisible();
  await page.getByText('通信確認の訪問').first().click();
  await expect(page).toHaveURL(/#\/engagements\/[^/]+\/log\?entry=/);
  visited.add(routeOf(page.url()));
  // 訪問モード: the phase's questions and the attached case shown full screen.
  await page.getByTestId('visit-open').click();
  await shows('訪問モード');
  await page.getByTestId('visit-show-cases').click();
  await expect(page.getByTestId('case-show-title')).toBeVisible();
  await page.keyboard.press('Escape');

  // 計画テンプレート → the engagement's plan → 文書を書き出す: the document preview.
  await page.goto(`${host.origin}/#/plans?engagement=${eng.id}`);
  await shows('計画テンプレート');
  await page.getByRole('button', { name: '文書を書き出す' }).first().click();
  await shows('文書を書き出す');
  await expect(page.getByText('ソリューション実装計画書').first()).toBeVisible();
  await expect(page.getByText('遠隔相談窓口').first()).toBeVisible();
  // … and the other document, the support report with the visit.
  await page.getByText('支援実施報告書', { exact: true }).click();
  await expect(page.getByText('通信確認の訪問').first()).toBeVisible();

  // 計画テンプレート (the engagement last worked on) → テンプレートの編集.
  await menu.getByRole('link', { name: '計画テンプレート', exact: true }).click();
  await page.getByTestId('plans-switch').getByText('テンプレートの編集', { exact: true }).click();
  await shows('計画テンプレート');
  await expect(page).toHaveURL(/#\/templates/);

  // 受け渡し: export the engagement and the library (downloads made in the page, from blob: URLs).
  await menu.getByRole('link', { name: '受け渡し', exact: true }).click();
  await shows('受け渡し');
  await page.getByRole('textbox', { name: /案件/ }).or(page.getByPlaceholder('案件を選ぶ')).first().click();
  await page.getByRole('option', { name: /通信確認町 計画策定/ }).click();
  await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '案件を書き出す' }).click()]);
  await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '事例ライブラリを書き出す' }).click()]);

  // 設定: the backups.
  await menu.getByRole('link', { name: '設定', exact: true }).click();
  await shows('設定');

  // A page that does not exist.
  await page.goto(`${host.origin}/#/no-such-page`);
  await shows('ページが見つかりません');

  // Fonts are resolved (system or bundled), so any @font-face download would have happened by now.
  await page.evaluate(() => document.fonts.ready);
  await page.keyboard.press('Control+k');
  await expect(page.getByTestId('gsearch-input')).toBeVisible();
  await page.keyboard.press('Escape');

  expect([...visited].sort()).toEqual([...ROUTES].sort());
  expect(requests.length).toBeGreaterThan(5); // the recorder really saw the app's own requests
  expect(requests.some((u) => u.includes('/api/invoke'))).toBe(true);
  const foreign = requests.filter((url) => {
    if (url.startsWith('data:') || url.startsWith('blob:')) return false;
    return new URL(url).origin !== host.origin;
  });
  expect(foreign, `requests leaving the app:\n${foreign.join('\n')}`).toEqual([]);
  expect(sockets).toEqual([]);
});
