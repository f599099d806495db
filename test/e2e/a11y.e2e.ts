import type { Page } from '@playwright/test';
import { seriousViolations } from './axe.ts';
import { expect, invoke, test, type Host } from './fixtures.ts';

/**
 * Accessibility at 1366×768 (the common government laptop): axe-core finds no serious or critical
 * violation (WCAG 2.1 A/AA) on any main page, with data on it, nor in the dialogs; and keyboard
 * focus is always visible.
 */

async function seed(page: Page, host: Host) {
  await page.goto(host.url);
  const client = await invoke<{ id: string }>(page, host, 'clients.create', { name: '雫川町', kind: 'municipality', prefecture: '徳島県', population: 9800 });
  const eng = await invoke<{ id: string }>(page, host, 'engagements.create', { clientId: client.id, program: 'plan-b', startDate: '2026-04-01', title: '雫川町 計画策定' });
  await invoke(page, host, 'plan.create', { engagementId: eng.id, templateId: 'plan-b', startDate: '2026-04-01' });
  await invoke(page, host, 'plan.answer', { engagementId: eng.id, questionId: 'plan-summary', value: '公民館に遠隔相談窓口を置く。' });
  const entry = await invoke<{ entry: { id: string } } & { id?: string }>(page, host, 'log.create', { engagementId: eng.id, date: '2026-04-10', mode: 'visit', minutes: 90, topics: '庁内ヒアリング', notes: '記録' });
  const someCase = (await invoke<{ items: { id: string }[] }>(page, host, 'cases.search', { query: 'テレワーク', limit: 1 })).items[0]!;
  await invoke(page, host, 'engagements.attachCase', { id: eng.id, caseId: someCase.id });
  return { client: client.id, engagement: eng.id, entry: entry.entry?.id ?? entry.id ?? '', case: someCase.id };
}

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect(page.locator('[data-status="loading"]')).toHaveCount(0);
  // Mantine's transitions (modals, popovers) finish.
  await page.waitForTimeout(300);
}

test('no serious or critical axe-core violation on the main pages and dialogs', async ({ page, host }) => {
  test.setTimeout(180_000);
  const ids = await seed(page, host);
  const pages: [string, string][] = [
    ['ホーム', '#/'],
    ['事例ライブラリ', `#/cases?case=${ids.case}`],
    ['支援先・案件', `#/engagements?client=${ids.client}&engagement=${ids.engagement}`],
    ['案件の計画', `#/plans?engagement=${ids.engagement}`],
    ['テンプレートの編集', '#/templates?template=plan-b'],
    ['支援記録', `#/log?engagement=${ids.engagement}`],
    ['文書を書き出す', `#/documents/${ids.engagement}`],
    ['受け渡し', '#/transfer'],
    ['設定', '#/settings'],
  ];
  const found: string[] = [];
  for (const [name, hash] of pages) {
    await page.goto(host.url.replace(/#.*$/, '') + hash);
    await settle(page);
    await page.screenshot({ path: `test-results/a11y-${encodeURIComponent(name)}.png` });
    for (const v of await seriousViolations(page)) found.push(`${name}: ${v}`);
  }
  // Dialogs.
  const dialogs: [string, string, () => Promise<void>][] = [
    ['新規支援先', `#/engagements`, () => page.getByTestId('client-new').click()],
    ['新規案件', `#/engagements?client=${ids.client}`, () => page.getByTestId('engagement-new').click()],
    ['事例の取り込み', '#/cases', () => page.getByRole('button', { name: '取り込み' }).click()],
    ['同義語', '#/cases', () => page.getByTestId('case-synonyms').click()],
    ['検索・移動 (Ctrl+K)', '#/', () => page.keyboard.press('Control+k')],
  ];
  for (const [name, hash, open] of dialogs) {
    await page.goto(host.url.replace(/#.*$/, '') + hash);
    await settle(page);
    await open();
    await expect(page.getByRole('dialog').first()).toBeVisible();
    await settle(page);
    for (const v of await seriousViolations(page)) found.push(`${name}: ${v}`);
  }
  expect(found, found.join('\n')).toEqual([]);
});

test('empty pages (no client yet) have no serious or critical violation either', async ({ page, host }) => {
  const found: string[] = [];
  for (const hash of ['#/', '#/engagements', '#/plans', '#/log', '#/cases?q=']) {
    await page.goto(host.url.replace(/#.*$/, '') + hash);
    await settle(page);
    for (const v of await seriousViolations(page)) found.push(`${hash}: ${v}`);
  }
  expect(found, found.join('\n')).toEqual([]);
});

test('keyboard focus is always visible', async ({ page, host }) => {
  test.setTimeout(120_000);
  const ids = await seed(page, host);
  const missing: string[] = [];
  for (const hash of ['#/', `#/engagements?client=${ids.client}&engagement=${ids.engagement}`, `#/log?engagement=${ids.engagement}`, `#/cases?case=${ids.case}`, '#/settings']) {
    await page.goto(host.url.replace(/#.*$/, '') + hash);
    await settle(page);
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const r = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const s = getComputedStyle(el);
        const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
        const shadow = s.boxShadow !== 'none' && s.boxShadow !== '';
        const name = `${el.tagName.toLowerCase()}${el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : ''} ${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}`;
        return { visible: outline || shadow, name };
      });
      if (r && !r.visible) missing.push(`${hash}: ${r.name}`);
    }
  }
  expect(missing, missing.join('\n')).toEqual([]);
});
