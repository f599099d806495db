import type { Page } from '@playwright/test';
import { expect, test, type Host } from './fixtures.ts';

const count = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));

async function openCases(page: Page, host: Host): Promise<void> {
  await page.goto(host.url);
  await page.getByTestId('nav-cases').click();
  await expect(page.getByTestId('case-list')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('case-total')).toHaveText(/^[\d,]+件$/);
}

async function searchFor(page: Page, query: string): Promise<number> {
  await page.getByTestId('case-search').fill(query);
  const list = page.getByTestId('case-list');
  await expect(list).toHaveAttribute('data-query', query);
  await expect(list).toHaveAttribute('data-status', 'ready');
  return count(await page.getByTestId('case-total').textContent());
}

test('OR, |, AND and a trailing * work; the placeholder example finds cases; an empty result suggests wider queries', async ({ page, host }) => {
  await openCases(page, host);
  // The placeholder's own examples find something.
  const placeholder = (await page.getByTestId('case-search').getAttribute('placeholder'))!;
  const examples = /例: (.+)）$/.exec(placeholder)![1]!.split('、');
  expect(examples.length).toBeGreaterThan(0);
  for (const ex of examples) expect(await searchFor(page, ex), ex).toBeGreaterThan(0);

  const tele = await searchFor(page, 'テレワーク');
  const edu = await searchFor(page, '教育');
  const either = await searchFor(page, 'テレワーク OR 教育');
  expect(either).toBeGreaterThan(Math.max(tele, edu));
  expect(await searchFor(page, 'テレワーク | 教育')).toBe(either);
  expect(await searchFor(page, 'テレ*')).toBeGreaterThanOrEqual(tele);

  // Nothing for both: suggestions that find something, each with its count.
  expect(await searchFor(page, 'テレワーク AND 教育')).toBe(0);
  const suggestions = page.getByTestId('case-suggestion');
  await expect(suggestions.first()).toBeVisible();
  await expect(suggestions.first()).toHaveText(`テレワーク OR 教育（${either}件）`);
  await suggestions.first().click();
  await expect(page.getByTestId('case-search')).toHaveValue('テレワーク OR 教育');
  await expect(page.getByTestId('case-list')).toHaveAttribute('data-query', 'テレワーク OR 教育');
  await expect(page.getByTestId('case-total')).toHaveText(`${either}件`);

  // The short syntax help.
  await page.getByTestId('case-search-help').click();
  await expect(page.getByTestId('case-search-help-text')).toContainText('どちらかを含む');
  await page.screenshot({ path: 'test-results/search-syntax-help.png' });

  // Chips read as the facet does (交通・MaaS, never 交通・MAAS): what is shown, after CSS.
  await searchFor(page, 'MaaS');
  const chip = page.locator('[data-testid="case-row"] .mantine-Badge-label', { hasText: '交通・MaaS' }).first();
  expect(await chip.evaluate((el) => (el as HTMLElement).innerText)).toBe('交通・MaaS');
});
