import type { Locator, Page } from '@playwright/test';
import { expect, test, type Host } from './fixtures.ts';

/** 「1,234件」 → 1234 */
function count(text: string | null): number {
  return Number((text ?? '').replace(/[^\d]/g, ''));
}

async function total(page: Page): Promise<number> {
  return count(await page.getByTestId('case-total').textContent());
}

async function openCases(page: Page, host: Host): Promise<void> {
  await page.goto(host.url);
  await page.getByTestId('nav-cases').click();
  await expect(page.getByTestId('page-cases')).toBeVisible();
  await expect(page.getByTestId('case-list')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('case-total')).toHaveText(/^[\d,]+件$/);
}

/** Wait until the list and the facets show the answer for this query. */
async function searched(page: Page, query: string): Promise<void> {
  const list = page.getByTestId('case-list');
  await expect(list).toHaveAttribute('data-query', query);
  await expect(list).toHaveAttribute('data-status', 'ready');
  const facets = page.getByTestId('case-facets');
  await expect(facets).toHaveAttribute('data-query', query);
  await expect(facets).toHaveAttribute('data-status', 'ready');
}

function row(page: Page, id: string): Locator {
  return page.locator(`[data-testid="case-row"][data-id="${id}"]`);
}

test('search, filter, open, edit, delete and undo a case', async ({ page, host }) => {
  await openCases(page, host);
  const all = await total(page);
  expect(all).toBeGreaterThanOrEqual(40);

  const box = page.getByTestId('case-search');
  const list = page.getByTestId('case-list');

  // A word: results, with the hits marked.
  await box.fill('テレワーク');
  await searched(page, 'テレワーク');
  const telework = await total(page);
  expect(telework).toBeGreaterThan(0);
  expect(telework).toBeLessThan(all);
  await expect(list.getByTestId('case-row').first()).toBeVisible();
  await expect(list.locator('mark', { hasText: 'テレワーク' }).first()).toBeVisible();

  // A two-character word (shorter than a trigram) still finds cases; Enter searches at once.
  await box.fill('教育');
  await box.press('Enter');
  await searched(page, '教育');
  const education = await total(page);
  expect(education).toBeGreaterThan(0);
  await expect(list.locator('mark', { hasText: '教育' }).first()).toBeVisible();

  // A 分野 facet narrows the results to its count.
  const options = page.getByTestId('facet-field').getByTestId('facet-option');
  await expect(options.first()).toBeVisible();
  const facts = await options.evaluateAll((els) =>
    els.map((el) => ({ value: el.getAttribute('data-value') ?? '', text: el.textContent ?? '' })),
  );
  const pick = facts
    .map((f) => ({ value: f.value, count: Number((/([\d,]+)\s*$/.exec(f.text)?.[1] ?? '0').replace(/,/g, '')) }))
    .find((f) => f.count > 0 && f.count < education);
  expect(pick, 'a 分野 that narrows the 教育 results').toBeTruthy();
  await page.getByTestId('facet-field').locator(`[data-testid="facet-option"][data-value="${pick!.value}"] input`).check();
  await expect(page.getByTestId('case-total')).toHaveText(`${pick!.count.toLocaleString('ja-JP')}件`);
  await expect(list).toHaveAttribute('data-status', 'ready');

  // Open the first case.
  const first = list.getByTestId('case-row').first();
  const id = (await first.getAttribute('data-id'))!;
  const title = (await first.locator('.banso-case-row-title').textContent())!.trim();
  await first.click();
  const detail = page.getByTestId('case-detail');
  await expect(detail.getByTestId('case-detail-title')).toHaveText(title);

  // Edit its title.
  const edited = `${title}（改訂）`;
  await detail.getByTestId('case-edit').click();
  await expect(page.getByTestId('case-form')).toBeVisible();
  await page.getByTestId('case-field-title').fill(edited);
  await page.getByTestId('case-save').click();
  await expect(detail.getByTestId('case-detail-title')).toHaveText(edited);
  await expect(row(page, id).locator('.banso-case-row-title')).toHaveText(edited);
  const before = await total(page);

  // Delete with confirmation, then undo.
  await detail.getByTestId('case-delete').click();
  await expect(page.getByText('この事例を削除しますか？')).toBeVisible();
  await page.getByTestId('case-delete-modal-confirm').click();
  await expect(row(page, id)).toHaveCount(0);
  await expect(page.getByTestId('case-total')).toHaveText(`${(before - 1).toLocaleString('ja-JP')}件`);
  await expect(page.getByTestId('notice')).toContainText('削除しました');
  await page.getByTestId('notice').getByTestId('notice-action').click();
  await expect(row(page, id)).toHaveCount(1);
  await expect(page.getByTestId('case-total')).toHaveText(`${before.toLocaleString('ja-JP')}件`);
  await expect(detail.getByTestId('case-detail-title')).toHaveText(edited);
});

test('↑/↓ move through the list and Enter opens the case', async ({ page, host }) => {
  await openCases(page, host);
  const rows = page.getByTestId('case-list').getByTestId('case-row');
  const second = (await rows.nth(1).locator('.banso-case-row-title').textContent())!.trim();
  await page.getByTestId('case-search').focus();
  await page.keyboard.press('ArrowDown'); // into the list, on the first row
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('case-detail-title')).toHaveText(second);
});

test('Enter while an IME is composing does not search; the confirmed text does', async ({ page, host }) => {
  await openCases(page, host);
  const before = await page.getByTestId('case-total').textContent();
  const box = page.getByTestId('case-search');
  await box.click();

  // A real composition through Chromium's IME interface: compositionstart/update, then the confirm.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'きょういく', selectionStart: 5, selectionEnd: 5 });
  await expect(box).toHaveValue('きょういく');
  await page.keyboard.press('Enter'); // the Enter that confirms a conversion: isComposing is true
  await page.waitForTimeout(700); // well past the search delay
  await expect(page.getByTestId('case-list')).toHaveAttribute('data-query', '');
  await expect(page.getByTestId('case-total')).toHaveText(before ?? '');

  // compositionend with the converted text: now it searches (after the short delay).
  await cdp.send('Input.insertText', { text: '教育' });
  await expect(box).toHaveValue('教育');
  await searched(page, '教育');
  expect(await total(page)).toBeGreaterThan(0);
});
