import { expect, test } from './fixtures.ts';

test('the frame renders in Japanese with navigation and the data folder in the status line', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page).toHaveURL(new RegExp(`^${host.origin}/#?/?$`)); // the secret is gone from the address bar
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  for (const [id, label] of [
    ['cases', '事例ライブラリ'],
    ['engagements', '支援先・案件'],
    ['plans', '計画テンプレート'],
    ['log', '支援記録'],
    ['settings', '設定'],
  ] as const) {
    await expect(page.getByTestId(`nav-${id}`)).toContainText(label);
  }
  await expect(page.getByTestId('status-datadir')).toContainText(host.dataDir);
  await expect(page.getByTestId('status-line')).toContainText('ブラウザーモード');

  await page.getByTestId('nav-cases').click();
  await expect(page.getByTestId('page-cases')).toBeVisible();
  await expect(page).toHaveURL(/#\/cases$/);
});

test('a contract call round-trips: a setting saved in the UI is read back after a reload', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByTestId('nav-settings').click();
  const name = page.getByLabel('担当者名');
  await name.fill('伴走 太郎');
  await expect(page.getByTestId('save-state')).toHaveText('保存済み');
  await page.reload();
  await page.getByTestId('nav-settings').click();
  await expect(page.getByLabel('担当者名')).toHaveValue('伴走 太郎');
});

test('the host refuses a request without the secret', async ({ browser, host }) => {
  const context = await browser.newContext(); // no cookie from an earlier visit
  const page = await context.newPage();
  const res = await page.goto(host.origin + '/');
  expect(res?.status()).toBe(403);
  const api = await context.request.post(host.origin + '/api/invoke', { data: { method: 'settings.update', input: { advisorName: 'x' } } });
  expect(api.status()).toBe(403);
  await context.close();
});

test('an error in a page shows the error boundary instead of a white page', async ({ page, host }) => {
  await page.goto(host.url);
  await page.goto(`${host.origin}/#/__crash`);
  await expect(page.getByTestId('error-boundary')).toBeVisible();
  await expect(page.getByTestId('error-boundary')).toContainText('問題が発生しました');
});

test('Ctrl+K opens the command palette and navigates', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('status-datadir')).toBeVisible();
  await page.keyboard.press('Control+k');
  const search = page.getByTestId('gsearch-input');
  await expect(search).toBeVisible();
  await search.fill('設定');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('page-settings')).toBeVisible();
});
