import type { Page } from '@playwright/test';
import { expect, invoke, test } from './fixtures.ts';

/**
 * Every page at 1366×768 (the common government-issue laptop): no control is clipped or spills
 * out of reach. For every visible button, tab, input, select, textarea and link:
 * - a button's or tab's label is not wider than the control (「追加」 shrinking to 「追」);
 * - a text input or select is wide enough to show a few characters;
 * - it lies inside the viewport, or inside an ancestor that scrolls in that direction (a table
 *   that scrolls sideways, a pane that scrolls down), never cut off by one that does not.
 * Screenshots of each page go to test-results/screens/ to be looked at.
 */

interface Problem {
  what: string;
  el: string;
}

async function problems(page: Page): Promise<Problem[]> {
  return page.evaluate(() => {
    const out: { what: string; el: string }[] = [];
    const name = (el: Element) => {
      const t = (el.getAttribute('aria-label') ?? (el as HTMLElement).innerText ?? el.getAttribute('placeholder') ?? '').trim().slice(0, 40);
      const id = el.getAttribute('data-testid') ?? el.closest('[data-testid]')?.getAttribute('data-testid') ?? '';
      return `<${el.tagName.toLowerCase()}${id ? ` in ${id}` : ''}> ${t}`;
    };
    const scrolls = (s: CSSStyleDeclaration, axis: 'x' | 'y') => {
      const o = axis === 'x' ? s.overflowX : s.overflowY;
      return o === 'auto' || o === 'scroll';
    };
    const clips = (s: CSSStyleDeclaration, axis: 'x' | 'y') => (axis === 'x' ? s.overflowX : s.overflowY) !== 'visible';
    const controls = document.querySelectorAll<HTMLElement>('button, [role="tab"], input:not([type="hidden"]), select, textarea, a[href]');
    for (const el of controls) {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      if (r.width <= 2 || r.height <= 2 || s.visibility === 'hidden' || s.opacity === '0') continue;
      if (el.closest('[aria-hidden="true"], .mantine-Tooltip-tooltip')) continue;
      // A label wider than its control.
      if (el.tagName === 'BUTTON' || el.getAttribute('role') === 'tab') {
        for (const label of [el, ...el.querySelectorAll<HTMLElement>('.mantine-Button-label, .mantine-Tabs-tabLabel, .mantine-SegmentedControl-innerLabel')]) {
          if (label.scrollWidth > label.clientWidth + 1 && label.clientWidth > 0) {
            out.push({ what: `label clipped (${label.scrollWidth} > ${label.clientWidth}px)`, el: name(el) });
            break;
          }
        }
      }
      // A field too narrow to show anything.
      const textLike = (el.tagName === 'INPUT' && !['checkbox', 'radio', 'range', 'color', 'file'].includes((el as HTMLInputElement).type)) || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA';
      if (textLike && el.clientWidth < 56) out.push({ what: `field too narrow (${el.clientWidth}px)`, el: name(el) });
      // Cut off by an ancestor that clips without scrolling, or off screen with no scroll to reach it.
      for (const axis of ['x', 'y'] as const) {
        const lo = axis === 'x' ? r.left : r.top;
        const hi = axis === 'x' ? r.right : r.bottom;
        let reachable = false;
        let cut = false;
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
          const as = getComputedStyle(a);
          if (!clips(as, axis)) continue;
          const ar = a.getBoundingClientRect();
          const alo = axis === 'x' ? ar.left : ar.top;
          const ahi = axis === 'x' ? ar.right : ar.bottom;
          const outside = lo < alo - 1 || hi > ahi + 1;
          if (!outside) continue;
          if (scrolls(as, axis)) {
            reachable = true;
            break;
          }
          // Fully hidden behind a clipping box (a collapsed panel) is not shown at all: skip.
          if (hi <= alo || lo >= ahi) {
            reachable = true;
            break;
          }
          cut = true;
          break;
        }
        const vmax = axis === 'x' ? window.innerWidth : window.innerHeight;
        if (cut) out.push({ what: `cut off (${axis})`, el: name(el) });
        else if (!reachable && (lo < -1 || hi > vmax + 1)) out.push({ what: `outside the window (${axis})`, el: name(el) });
      }
    }
    // The document itself never scrolls sideways.
    if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push({ what: `page wider than the window (${document.documentElement.scrollWidth}px)`, el: 'html' });
    return out;
  });
}

async function check(page: Page, shot: string): Promise<void> {
  await page.waitForTimeout(300); // layout settled (fonts, transitions)
  await page.screenshot({ path: `test-results/screens/${shot}.png` });
  expect(await problems(page), shot).toEqual([]);
}

test('at 1366×768 no control is clipped or out of reach on any page', async ({ page, host }) => {
  expect(page.viewportSize()).toEqual({ width: 1366, height: 768 });
  await page.goto(host.url);
  const client = await invoke<{ id: string }>(page, host, 'clients.create', { name: '雫川町', kind: 'municipality', prefecture: '徳島県', population: 9800 });
  const eng = await invoke<{ id: string }>(page, host, 'engagements.create', { clientId: client.id, program: 'plan-a', startDate: '2026-04-01', title: '雫川町 地域課題の整理と解決策の検討' });
  await invoke(page, host, 'plan.create', { engagementId: eng.id, templateId: 'plan-a' });
  const issues = [
    { id: 'i1', cells: { title: '高齢者の通院の足が足りない', field: '交通・移動', importance: '3', urgency: '3' } },
    { id: 'i2', cells: { title: '窓口の待ち時間が長い', field: '行政・窓口', importance: '2', urgency: '2' } },
  ];
  await invoke(page, host, 'plan.answer', { engagementId: eng.id, questionId: 'issues', value: issues });
  await invoke(page, host, 'plan.answer', {
    engagementId: eng.id,
    questionId: 'measures',
    value: [
      { id: 'm1', cells: { issue: 'i1', measure: 'AIオンデマンド交通の導入', technology: 'AI', effect: '通院の足を確保し、高齢者の外出を支える', estimate: 12_000_000 } },
      { id: 'm2', cells: { issue: 'i2', measure: '書かない窓口', technology: 'オンライン手続き', effect: '待ち時間の短縮', estimate: 3_500_000 } },
    ],
  });
  const found = await invoke<{ items: { id: string }[] }>(page, host, 'cases.search', { query: 'テレワーク', limit: 1 });
  await invoke(page, host, 'engagements.attachCase', { id: eng.id, caseId: found.items[0]!.id });
  const log = await invoke<{ entry: { id: string } }>(page, host, 'log.create', {
    engagementId: eng.id,
    date: '2026-04-10',
    startTime: '10:00',
    mode: 'visit',
    minutes: 90,
    topics: '地域課題の聞き取り',
    notes: '公民館で聞き取り。',
    nextActions: [{ task: '資料を送る', owner: '鈴木', due: '2026-04-20' }],
  });

  await page.goto(`${host.origin}/#/engagements/${eng.id}/log`);
  await expect(page.getByTestId('log-row').first()).toBeVisible();
  await page.goto(`${host.origin}/#/`);
  await page.reload();
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await expect(page.getByTestId('resume-engagement')).toBeVisible();
  await check(page, 'home');

  await page.goto(`${host.origin}/#/cases?case=${found.items[0]!.id}`);
  await expect(page.getByTestId('case-detail')).toBeVisible();
  await check(page, 'cases');

  await page.goto(`${host.origin}/#/engagements?client=${client.id}&engagement=${eng.id}`);
  await expect(page.getByTestId('engagement-pane')).toBeVisible();
  await check(page, 'engagements');

  // The plan: the issue table, the measures table (5 columns and the delete column), the case-ref search.
  await page.goto(`${host.origin}/#/engagements/${eng.id}/plan`);
  const bench = page.getByTestId('plan-workbench');
  await bench.getByTestId('section-issue-list').click();
  await expect(bench.getByTestId('table-issues')).toBeVisible();
  await check(page, 'plan-issues');
  await bench.getByTestId('section-digital-solutions').click();
  await expect(bench.getByTestId('table-measures')).toBeVisible();
  await check(page, 'plan-measures');
  // The whole of each cell's value is readable: the measures' inputs show their text.
  const estimate = bench.getByTestId('table-measures').getByLabel('1行目 概算費用（円）').locator('input').or(bench.getByTestId('table-measures').locator('td[data-col="estimate"] input').first());
  expect(await estimate.first().evaluate((el: HTMLInputElement) => el.scrollWidth <= el.clientWidth)).toBe(true);
  const measure = bench.getByTestId('table-measures').getByLabel('1行目 解決策');
  expect(await measure.evaluate((el: HTMLInputElement) => el.scrollWidth <= el.clientWidth)).toBe(true);
  // The delete column is in view (sticky at the right edge of the scrolling table).
  const del = bench.getByRole('button', { name: '1行目を削除' });
  const scroller = await bench.getByTestId('table-scroll-measures').boundingBox();
  const delBox = await del.boundingBox();
  expect(delBox!.x + delBox!.width).toBeLessThanOrEqual(scroller!.x + scroller!.width + 1);
  // Full-width editing: both panes go, the table gets the room.
  await bench.getByTestId('plan-full-width').click();
  await expect(bench.getByTestId('plan-panes')).toHaveAttribute('data-left', 'false');
  await expect(bench.getByTestId('plan-stepper')).toHaveCount(0);
  await check(page, 'plan-measures-full-width');
  await bench.getByTestId('plan-full-width').click();
  await expect(bench.getByTestId('plan-stepper')).toBeVisible();
  // The case-ref search with its 追加 buttons.
  await bench.getByTestId('section-good-practices').click();
  const q = bench.getByTestId('question-reference-cases');
  await q.getByPlaceholder(/好事例を検索/).fill('テレワーク');
  await q.getByPlaceholder(/好事例を検索/).press('Enter');
  await expect(q.getByTestId('case-ref-add').first()).toBeVisible();
  await check(page, 'plan-case-ref');

  await page.goto(`${host.origin}/#/templates`);
  await expect(page.getByTestId('page-templates')).toBeVisible();
  await expect(page).toHaveURL(/template=/);
  await check(page, 'templates');

  await page.goto(`${host.origin}/#/engagements/${eng.id}/log?entry=${log.entry.id}`);
  await expect(page.getByTestId('log-form')).toBeVisible();
  await check(page, 'log');

  await page.goto(`${host.origin}/#/engagements/${eng.id}/visit`);
  await page.getByTestId('visit-start').click();
  await expect(page.getByTestId('visit-form')).toBeVisible();
  await check(page, 'visit');

  await page.goto(`${host.origin}/#/engagements/${eng.id}/documents`);
  await expect(page.getByTestId('doc-desk')).toHaveAttribute('data-status', 'ready');
  await check(page, 'documents');

  await page.goto(`${host.origin}/#/transfer`);
  await expect(page.getByTestId('page-transfer')).toBeVisible();
  await check(page, 'transfer');

  await page.goto(`${host.origin}/#/settings`);
  await expect(page.getByTestId('page-settings')).toBeVisible();
  await check(page, 'settings');
});

test('Enter in a plan table cell moves down to the same column, Shift+Enter up, as in Excel', async ({ page, host }) => {
  await page.goto(host.url);
  const client = await invoke<{ id: string }>(page, host, 'clients.create', { name: '雫川町', kind: 'municipality', prefecture: '徳島県' });
  const eng = await invoke<{ id: string }>(page, host, 'engagements.create', { clientId: client.id, program: 'plan-a', startDate: '2026-04-01' });
  await invoke(page, host, 'plan.create', { engagementId: eng.id, templateId: 'plan-a' });
  await page.goto(`${host.origin}/#/engagements/${eng.id}/plan`);
  const bench = page.getByTestId('plan-workbench');
  await bench.getByTestId('section-issue-list').click();
  for (let i = 0; i < 3; i++) await bench.getByTestId('add-row-issues').click();
  const table = bench.getByTestId('table-issues');
  await table.getByLabel('1行目 課題').fill('通院の足');
  await page.keyboard.press('Enter');
  await expect(table.getByLabel('2行目 課題')).toBeFocused();
  await page.keyboard.type('窓口の待ち時間');
  await page.keyboard.press('Enter');
  await expect(table.getByLabel('3行目 課題')).toBeFocused();
  await page.keyboard.press('Shift+Enter');
  await expect(table.getByLabel('2行目 課題')).toBeFocused();
  await expect(table.getByLabel('2行目 課題')).toHaveValue('窓口の待ち時間');
  await expect(bench.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  // An Enter that confirms an IME conversion does not move.
  await table.getByLabel('3行目 課題').focus();
  await table.getByLabel('3行目 課題').dispatchEvent('keydown', { key: 'Enter', isComposing: true, bubbles: true });
  await expect(table.getByLabel('3行目 課題')).toBeFocused();
});
