import type { Locator, Page } from '@playwright/test';
import { expect, invoke, test, type Host } from './fixtures.ts';

test.use({ timezoneId: Intl.DateTimeFormat().resolvedOptions().timeZone });

async function choose(page: Page, select: Locator, option: string): Promise<void> {
  await select.click();
  await page.getByRole('option', { name: option, exact: true }).click();
  await expect(select).toHaveValue(option);
}

async function createClient(page: Page, host: Host, name: string): Promise<Locator> {
  await page.goto(host.url);
  await page.getByTestId('nav-engagements').click();
  await expect(page.getByTestId('client-list')).toHaveAttribute('data-status', 'ready');
  await page.getByTestId('client-new').click();
  await page.getByTestId('client-create-name').fill(name);
  await choose(page, page.getByTestId('client-create-kind'), 'その他の市町村');
  await page.getByTestId('client-create-prefecture').fill('徳島');
  await page.getByRole('option', { name: '徳島県', exact: true }).click();
  await page.getByTestId('client-create-submit').click();
  const pane = page.getByTestId('client-pane');
  await expect(pane.getByTestId('client-title')).toHaveText(name);
  return pane;
}

test('新規案件: an impossible 終了予定日 is refused visibly and kept; 和暦 and slashes are read', async ({ page, host }) => {
  const pane = await createClient(page, host, '雫川町');
  await pane.getByTestId('engagement-new').click();
  await choose(page, page.getByTestId('engagement-create-program'), '計画策定支援 Aコース（地域課題整理）');
  const start = page.getByTestId('engagement-create-start');
  await start.fill('R7.2.3');
  await expect(page.getByTestId('engagement-create-modal')).toContainText('令和7年2月3日(月)');
  const end = page.getByTestId('engagement-create-end');
  await end.fill('02/30/2025');
  await end.blur();
  await expect(page.getByTestId('engagement-create-modal')).toContainText('存在しない日付です: 2025年2月30日');
  await page.getByTestId('engagement-create-submit').click();
  // Not created, the text still there.
  await expect(page.getByTestId('engagement-create-form')).toBeVisible();
  await expect(end).toHaveValue('02/30/2025');
  await expect(end).toHaveAttribute('aria-invalid', 'true');

  await end.fill('2025/5/31');
  await end.blur();
  await expect(page.getByTestId('engagement-create-modal')).toContainText('令和7年5月31日(土)');
  await page.getByTestId('engagement-create-submit').click();
  await expect(page.getByTestId('engagement-create-form')).toBeHidden();
  await expect(page.getByTestId('engagement-field-startDate')).toHaveValue('2025-02-03');
  await expect(page.getByTestId('engagement-field-plannedEnd')).toHaveValue('2025-05-31');
});

test('支援記録: a mistyped date names what was typed and is not saved', async ({ page, host }) => {
  const pane = await createClient(page, host, '雫川村');
  await pane.getByTestId('engagement-new').click();
  await choose(page, page.getByTestId('engagement-create-program'), '計画策定支援 Aコース（地域課題整理）');
  await page.getByTestId('engagement-create-submit').click();
  await page.getByTestId('engagement-open-log').click();
  await page.getByTestId('log-new').click();
  const form = page.getByTestId('log-form');
  await form.getByTestId('log-field-topics').fill('庁内ヒアリング');
  await expect(form.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  const date = form.getByTestId('log-field-date');
  await date.fill('02/30/2025');
  await date.blur();
  await expect(form).toContainText('存在しない日付です: 2025年2月30日');
  await expect(form).toContainText('02/30/2025');
  await expect(date).toHaveValue('02/30/2025');
  await date.fill('令和7年2月3日');
  await date.blur();
  await expect(date).toHaveValue('2025-02-03');
  await expect(form.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  await expect(page.getByTestId('log-row').first()).toContainText('2月3日');
});

test('西暦 chosen in 設定 applies to the log list and the engagement, not only the home header', async ({ page, host }) => {
  await page.goto(host.url);
  const client = await invoke<{ id: string }>(page, host, 'clients.create', { name: '雫川町', kind: 'municipality', prefecture: '徳島県' });
  const eng = await invoke<{ id: string }>(page, host, 'engagements.create', { clientId: client.id, program: 'plan-a', startDate: '2026-04-01', title: '雫川町 計画' });
  await invoke(page, host, 'log.create', { engagementId: eng.id, date: '2026-04-10', mode: 'visit', minutes: 90, topics: '訪問' });
  const base = host.url.replace(/#.*$/, '');
  await page.goto(`${base}#/log?engagement=${eng.id}`);
  await expect(page.getByTestId('log-row').first()).toContainText('令和8年4月10日');

  await page.goto(`${base}#/settings`);
  await page.getByTestId('settings-dateStyle').getByText('西暦').click();
  // Saved at once (the page is drawn again in the new style, so its save state starts over).
  await expect.poll(async () => (await invoke<{ dateStyle: string }>(page, host, 'settings.get', {})).dateStyle).toBe('seireki');
  await page.goto(`${base}#/log?engagement=${eng.id}`);
  await expect(page.getByTestId('log-row').first()).toContainText('2026年4月10日');
  await expect(page.getByTestId('log-row').first()).not.toContainText('令和');
  await page.goto(`${base}#/engagements?client=${client.id}&engagement=${eng.id}`);
  await expect(page.getByTestId('engagement-form')).toContainText('2026年4月1日');
  await expect(page.getByTestId('engagement-form')).not.toContainText('令和8年4月1日');
});
