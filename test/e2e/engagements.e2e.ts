import type { Locator, Page } from '@playwright/test';
import { expect, test, type Host } from './fixtures.ts';

// The core counts quotas and the dashboard by the computer's calendar day, the form defaults to the
// browser's: run the browser in the computer's time zone, as the desktop app does.
test.use({ timezoneId: Intl.DateTimeFormat().resolvedOptions().timeZone });

/** Pick an option of a Mantine Select (the listbox opens in a portal). */
async function choose(page: Page, select: Locator, option: string): Promise<void> {
  await select.click();
  await page.getByRole('option', { name: option, exact: true }).click();
  await expect(select).toHaveValue(option);
}

/** The browser's calendar day, n days from today, as YYYY-MM-DD. */
async function isoDay(page: Page, offsetDays = 0): Promise<string> {
  return page.evaluate((n) => {
    const d = new Date();
    d.setDate(d.getDate() + n);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  }, offsetDays);
}

async function saved(scope: Locator): Promise<void> {
  await expect(scope.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
}

async function createClient(page: Page, host: Host, name: string): Promise<Locator> {
  await page.goto(host.url);
  await page.getByTestId('nav-engagements').click();
  await expect(page.getByTestId('page-engagements')).toBeVisible();
  await expect(page.getByTestId('client-list')).toHaveAttribute('data-status', 'ready');
  await page.getByTestId('client-new').click();
  await page.getByTestId('client-create-name').fill(name);
  await choose(page, page.getByTestId('client-create-kind'), 'その他の市町村');
  await page.getByTestId('client-create-prefecture').fill('徳島');
  await page.getByRole('option', { name: '徳島県', exact: true }).click();
  await page.getByTestId('client-create-submit').click();
  const pane = page.getByTestId('client-pane');
  await expect(pane.getByTestId('client-title')).toHaveText(name);
  await expect(page.locator('[data-testid="client-row"][data-selected]')).toContainText(name);
  return pane;
}

/** 新規記録 → type the topics (the entry is created on this first input) → wait until saved. */
async function logVisit(page: Page, topics: string): Promise<{ form: Locator; id: string }> {
  await page.getByTestId('log-new').click();
  const form = page.getByTestId('log-form');
  await expect(form).toHaveAttribute('data-entry-id', '');
  await form.getByTestId('log-field-topics').fill(topics);
  await saved(form);
  await expect(form).not.toHaveAttribute('data-entry-id', '');
  const id = (await form.getAttribute('data-entry-id'))!;
  await expect(page.locator(`[data-testid="log-row"][data-id="${id}"]`)).toBeVisible();
  return { form, id };
}

test('a client, an engagement and a visit: the quota and the dashboard follow; the 4th visit is over quota', async ({ page, host }) => {
  // ホーム before anything is logged.
  await page.goto(host.url);
  await expect(page.getByTestId('page-home')).toBeVisible();
  const chart = page.getByTestId('dashboard-chart-data');
  await expect(chart).toHaveAttribute('data-visits', '0');
  await expect(page.locator('[data-testid="status-count"][data-status="active"]')).toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('dashboard-action')).toHaveCount(0);
  // The same calendar day for the browser (new entries) and the core (quotas, the chart).
  await expect(page.getByTestId('dashboard')).toHaveAttribute('data-today', await isoDay(page));

  // 支援先: create, then a fact that changes eligibility (財政力指数 ≥ 1 excludes 計画策定支援).
  const pane = await createClient(page, host, '神山町');
  await pane.getByTestId('client-tab-eligibility').click();
  const planSupport = page.locator('[data-testid="eligibility-row"][data-program="plan-support"]');
  await expect(planSupport).toHaveAttribute('data-status', 'review'); // 財政力指数 unknown: review, not a guess
  await pane.getByTestId('client-tab-info').click();
  await pane.getByTestId('client-field-fiscalStrength').fill('1.2');
  await saved(pane);
  await pane.getByTestId('client-tab-eligibility').click();
  await expect(planSupport).toHaveAttribute('data-status', 'ineligible');
  await expect(planSupport).toContainText('財政力指数');

  // 案件: 地域情報化アドバイザー派遣; nothing used yet (0 of 3).
  await pane.getByTestId('engagement-new').click();
  await choose(page, page.getByTestId('engagement-create-program'), '地域情報化アドバイザー派遣');
  await page.getByTestId('engagement-create-submit').click();
  const engagement = page.getByTestId('engagement-pane');
  await expect(engagement).toBeVisible();
  await expect(page.getByTestId('engagement-row')).toHaveCount(1);
  await expect(engagement).toHaveAttribute('data-status', 'preparing');
  const quota = engagement.getByTestId('quota');
  await expect(quota).toHaveAttribute('data-used', '0');
  await expect(quota).toHaveAttribute('data-limit', '3');
  await expect(quota).toHaveAttribute('data-unit', '回');

  // 支援記録: one visit with a next action that is already due.
  await engagement.getByTestId('engagement-open-log').click();
  await expect(page.getByTestId('page-log')).toBeVisible();
  await expect(page.getByTestId('log-list')).toHaveAttribute('data-status', 'ready');
  await page.getByTestId('log-new').click();
  const form = page.getByTestId('log-form');
  await form.getByTestId('log-field-minutes').fill('90');
  await form.getByTestId('log-field-topics').fill('地域課題の洗い出し');
  await form.getByTestId('action-add').click();
  await form.getByTestId('action-task').first().fill('庁内の課題一覧を共有する');
  await form.getByTestId('action-due').first().fill(await isoDay(page, -3));
  await saved(form);
  await expect(page.getByTestId('log-row')).toHaveCount(1);
  const logQuota = page.getByTestId('page-log').getByTestId('quota');
  await expect(logQuota).toHaveAttribute('data-used', '1');
  await expect(logQuota).toHaveAttribute('data-limit', '3');

  // Back on the engagement: 1 of 3 used, and the first entry started it (準備中 → 実施中).
  await page.getByTestId('log-open-engagement').click();
  await expect(engagement.getByTestId('quota')).toHaveAttribute('data-used', '1');
  await expect(engagement.getByTestId('quota')).toHaveAttribute('data-remaining', '2');
  await expect(engagement).toHaveAttribute('data-status', 'active');

  // ホーム: the visit is in the chart, the engagement counts as 実施中, the next action is listed (overdue).
  await page.getByTestId('nav-home').click();
  await expect(chart).toHaveAttribute('data-visits', '1');
  await expect(chart).toHaveAttribute('data-minutes', '90');
  await expect(page.locator('[data-testid="status-count"][data-status="active"]')).toHaveAttribute('data-count', '1');
  const action = page.getByTestId('dashboard-action');
  await expect(action).toHaveCount(1);
  await expect(action).toContainText('庁内の課題一覧を共有する');
  await expect(action).toHaveAttribute('data-overdue', 'true');

  // Two more visits in the same fiscal year: 3 of 3 is at the limit, not over.
  await page.getByTestId('nav-log').click();
  await choose(page, page.getByTestId('log-engagement'), '神山町 — アドバイザー派遣（実施中）');
  await expect(page.getByTestId('log-row')).toHaveCount(1);
  await logVisit(page, '2回目の訪問');
  const third = await logVisit(page, '3回目の訪問');
  await expect(logQuota).toHaveAttribute('data-used', '3');
  await expect(logQuota).toHaveAttribute('data-level', 'near');
  await expect(page.getByTestId('log-list')).toHaveAttribute('data-over-count', '0');
  await expect(third.form.getByTestId('quota-preview')).toContainText('3回 / 上限3回');
  await expect(third.form.getByTestId('quota-warning')).toHaveCount(0);

  // The 4th: the warning shows before anything is saved …
  await page.getByTestId('log-new').click();
  const fourth = page.getByTestId('log-form');
  await expect(fourth).toHaveAttribute('data-entry-id', '');
  await expect(fourth.getByTestId('quota-warning')).toBeVisible();
  await expect(fourth.getByTestId('quota-warning')).toContainText('上限を超えます');
  await expect(page.getByTestId('log-row')).toHaveCount(3);
  // … saving is still allowed, and the entry is marked over quota afterwards.
  await fourth.getByTestId('log-field-topics').fill('4回目の訪問');
  await saved(fourth);
  const id = (await fourth.getAttribute('data-entry-id'))!;
  expect(id).not.toBe('');
  await expect(page.getByTestId('log-row')).toHaveCount(4);
  await expect(page.locator(`[data-testid="log-row"][data-id="${id}"]`)).toHaveAttribute('data-over', 'true');
  await expect(page.getByTestId('log-list')).toHaveAttribute('data-over-count', '1');
  await expect(fourth.getByTestId('log-over-badge')).toBeVisible();
  await expect(logQuota).toHaveAttribute('data-level', 'over');

  // ホーム warns about the quota; marking the next action done takes it off the list.
  await page.getByTestId('nav-home').click();
  await expect(page.getByTestId('dashboard-quota-row')).toHaveAttribute('data-level', 'over');
  await expect(chart).toHaveAttribute('data-visits', '4');
  await page.getByTestId('dashboard-action-done').click();
  await expect(page.getByTestId('dashboard-action')).toHaveCount(0);

  // The yearly CSV report downloads.
  await page.getByTestId('nav-log').click();
  await page.getByTestId('report-open').click();
  const download = page.waitForEvent('download');
  await page.getByTestId('report-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.csv$/);
});

test('autosave survives a reload; the history shows the change and undo reverts it', async ({ page, host }) => {
  const pane = await createClient(page, host, '郡上市');
  const industry = pane.getByTestId('client-field-industry');
  await industry.fill('観光・製造業');
  await saved(pane);

  await page.reload();
  const again = page.getByTestId('client-pane');
  await expect(again.getByTestId('client-title')).toHaveText('郡上市');
  await expect(again.getByTestId('client-field-industry')).toHaveValue('観光・製造業');

  // A bad value is refused beside its field, in Japanese, and nothing else is lost.
  await again.getByTestId('client-field-population').fill('たくさん');
  await expect(again.getByTestId('save-state')).toHaveAttribute('data-state', 'error');
  await expect(again.getByText('人口は数値で入力してください。')).toBeVisible();
  await again.getByTestId('client-field-population').fill('40000');
  await saved(again);

  await again.getByTestId('client-tab-history').click();
  const history = again.getByTestId('history');
  await expect(history).toHaveAttribute('data-status', 'ready');
  await expect(history.locator('[data-testid="history-row"][data-field="industry"]')).toContainText('観光・製造業');
  await expect(history.locator('[data-testid="history-row"][data-field="population"]')).toContainText('40,000');

  // Undo the last edit (人口), then the one before (業種).
  await again.getByTestId('client-undo').click();
  await expect(page.getByTestId('notice')).toContainText('元に戻しました');
  await again.getByTestId('client-tab-info').click();
  await expect(again.getByTestId('client-field-population')).toHaveValue('');
  await expect(again.getByTestId('client-field-industry')).toHaveValue('観光・製造業');
});

test('Enter while an IME is composing never adds a next action; a plain Enter does', async ({ page, host }) => {
  const pane = await createClient(page, host, '駒ヶ根市');
  await pane.getByTestId('engagement-new').click();
  await choose(page, page.getByTestId('engagement-create-program'), '計画策定支援 Aコース（地域課題整理）');
  // plan-a: the planned end defaults to three months after the start, and is shown.
  const start = await page.getByTestId('engagement-create-start').inputValue();
  const end = await page.getByTestId('engagement-create-end').inputValue();
  expect(end).not.toBe('');
  const months = (Number(end.slice(0, 4)) - Number(start.slice(0, 4))) * 12 + Number(end.slice(5, 7)) - Number(start.slice(5, 7));
  expect(months).toBe(3);
  await page.getByTestId('engagement-create-submit').click();
  await expect(page.getByTestId('engagement-field-plannedEnd')).toHaveValue(end);

  await page.getByTestId('engagement-open-log').click();
  await page.getByTestId('log-new').click();
  const form = page.getByTestId('log-form');
  await form.getByTestId('action-add').click();
  const task = form.getByTestId('action-task').first();
  await task.click();

  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'かだい', selectionStart: 3, selectionEnd: 3 });
  await expect(task).toHaveValue('かだい');
  await page.keyboard.press('Enter'); // confirms the conversion: must not add a row
  await cdp.send('Input.insertText', { text: '課題の整理' });
  await expect(task).toHaveValue('課題の整理');
  await expect(form.getByTestId('action-row')).toHaveCount(1);

  await page.keyboard.press('Enter'); // a plain Enter: the next row
  await expect(form.getByTestId('action-row')).toHaveCount(2);
  await expect(form.getByTestId('action-task').nth(1)).toBeFocused();
  await saved(form);
  await expect(page.getByTestId('log-row')).toHaveCount(1);
});

test('「案件に添付」 in 事例ライブラリ attaches a case; the engagement lists it and can take it off', async ({ page, host }) => {
  const pane = await createClient(page, host, '小豆島町');
  await pane.getByTestId('engagement-new').click();
  await choose(page, page.getByTestId('engagement-create-program'), 'テレワーク・ワンストップ・サポート相談');
  await page.getByTestId('engagement-create-submit').click();
  await expect(page.getByTestId('engagement-pane')).toBeVisible();
  await expect(page.getByTestId('engagement-pane').getByTestId('quota')).toHaveAttribute('data-level', 'none');

  await page.getByTestId('nav-cases').click();
  await expect(page.getByTestId('case-list')).toHaveAttribute('data-status', 'ready');
  const first = page.getByTestId('case-list').getByTestId('case-row').first();
  const title = (await first.locator('.banso-case-row-title').textContent())!.trim();
  await first.click();
  await expect(page.getByTestId('case-detail-title')).toHaveText(title);
  const attach = page.getByTestId('attach-case');
  await choose(page, attach.getByTestId('attach-case-select'), '小豆島町 — テレワーク相談（準備中）');
  await attach.getByTestId('attach-case-submit').click();
  await expect(attach.getByTestId('attach-case-item')).toHaveCount(1);

  await attach.getByTestId('attach-case-item').getByRole('link').click();
  const engagement = page.getByTestId('engagement-pane');
  await expect(engagement.getByTestId('attached-case')).toHaveCount(1);
  await expect(engagement.getByTestId('attached-case')).toContainText(title);
  await engagement.getByTestId('attached-case-detach').click();
  await expect(engagement.getByTestId('attached-case')).toHaveCount(0);
  await engagement.getByTestId('engagement-tab-history').click();
  await expect(engagement.locator('[data-testid="history-row"][data-field="caseIds"]')).toHaveCount(2);
});
