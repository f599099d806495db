import type { Locator, Page } from '@playwright/test';
import { expect, invoke, test, type Host } from './fixtures.ts';

/** 雫川町 with an engagement, a visit about テレワーク and a plan answer that mentions it. */
async function seed(page: Page, host: Host) {
  const client = await invoke<{ id: string }>(page, host, 'clients.create', { name: '雫川町', kind: 'municipality', prefecture: '岩手県' });
  const e = await invoke<{ id: string }>(page, host, 'engagements.create', { clientId: client.id, program: 'plan-a', startDate: '2026-04-01', title: '雫川町 地域DX計画' });
  const log = await invoke<{ entry?: { id: string }; id?: string }>(page, host, 'log.create', {
    engagementId: e.id,
    date: '2026-05-12',
    mode: 'visit',
    minutes: 90,
    topics: '庁内テレワークの導入',
    notes: '総務課と規程を確認した。',
  });
  await invoke(page, host, 'plan.create', { engagementId: e.id, startDate: '2026-04-01' });
  await invoke(page, host, 'plan.answer', { engagementId: e.id, questionId: 'digital-status', value: '庁内のﾃﾚﾜｰｸは未導入。' });
  return { clientId: client.id, engagementId: e.id, entryId: (log.entry?.id ?? log.id)! };
}

async function openPalette(page: Page): Promise<Locator> {
  await page.keyboard.press('Control+k');
  const input = page.getByTestId('gsearch-input');
  await expect(input).toBeVisible();
  // Keys typed before the box has focus would go to the page (seen once in CI under load).
  await expect(input).toBeFocused();
  return input;
}

/** Press ↓ until the hit is the selected action (keyboard only), then Enter. */
async function choose(page: Page, hit: Locator) {
  for (let i = 0; i < 30 && (await hit.getAttribute('data-selected')) !== 'true'; i++) await page.keyboard.press('ArrowDown');
  await expect(hit).toHaveAttribute('data-selected', 'true');
  await page.keyboard.press('Enter');
}

test('Ctrl+K finds 雫川 and テレワーク across kinds, grouped with context, and opens the right place by keyboard', async ({ page, host }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(host.url);
  await expect(page.getByTestId('status-datadir')).toBeVisible();
  const w = await seed(page, host);

  // 雫川: the client and its engagement; Enter on the client opens it in 支援先・案件.
  let input = await openPalette(page);
  await page.keyboard.type('雫川');
  await expect(input).toHaveValue('雫川');
  const clients = page.getByTestId('gsearch-group-client');
  await expect(clients).toBeVisible();
  await expect(clients.getByTestId('gsearch-hit')).toHaveCount(1);
  await expect(clients.getByTestId('gsearch-title')).toHaveText('雫川町');
  await expect(clients.getByTestId('gsearch-context')).toHaveText('岩手県・その他の市町村');
  await expect(page.getByTestId('gsearch-group-engagement').getByTestId('gsearch-context')).toContainText('雫川町');
  await page.screenshot({ path: 'test-results/gsearch-shizukugawa.png' });
  await choose(page, clients.getByTestId('gsearch-hit').first());
  await expect(page).toHaveURL(new RegExp(`#/engagements\\?client=${w.clientId}$`));
  await expect(page.getByTestId('client-form')).toBeVisible();
  await expect(page.getByTestId('client-form').getByRole('textbox').first()).toHaveValue('雫川町');

  // テレワーク: the log entry (topics), the plan answer (half-width ﾃﾚﾜｰｸ) and seed cases.
  input = await openPalette(page);
  await input.fill('テレワーク');
  const logs = page.getByTestId('gsearch-group-log');
  await expect(logs.getByTestId('gsearch-hit')).toHaveCount(1);
  await expect(logs.getByTestId('gsearch-context')).toHaveText('雫川町 地域DX計画・2026-05-12');
  const plans = page.getByTestId('gsearch-group-plan');
  await expect(plans.getByTestId('gsearch-title')).toHaveText('デジタル化の現状');
  await expect(plans.getByTestId('gsearch-context')).toHaveText('雫川町 地域DX計画 › 現状把握・課題の洗い出し › 地域の現状');
  await expect(page.getByTestId('gsearch-group-case').getByTestId('gsearch-hit').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/gsearch-telework.png' });
  await choose(page, logs.getByTestId('gsearch-hit').first());
  await expect(page).toHaveURL(new RegExp(`#/engagements/${w.engagementId}/log\\?entry=${w.entryId}$`));
  await expect(page.getByTestId('log-form')).toHaveAttribute('data-entry-id', w.entryId);

  // The plan answer opens the plan at its question, focused.
  input = await openPalette(page);
  await input.fill('テレワーク');
  await choose(page, page.getByTestId('gsearch-group-plan').getByTestId('gsearch-hit').first());
  await expect(page).toHaveURL(new RegExp(`#/engagements/${w.engagementId}/plan\\?question=digital-status$`));
  await expect(page.getByTestId('question-digital-status')).toBeVisible();
  await expect(page.locator('#plan-q-digital-status')).toBeFocused();

  // Page jumps still work, and Esc closes without going anywhere.
  input = await openPalette(page);
  await input.fill('設定');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('page-settings')).toBeVisible();
  input = await openPalette(page);
  await input.fill('雫川');
  await expect(page.getByTestId('gsearch-group-client')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(input).toBeHidden();
  await expect(page.getByTestId('page-settings')).toBeVisible();
});
