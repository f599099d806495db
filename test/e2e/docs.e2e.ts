import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import mammoth from 'mammoth';
import { expect, test, type Host } from './fixtures.ts';

// The plan's schedule counts days by the computer's calendar, as the desktop app does.
test.use({ timezoneId: Intl.DateTimeFormat().resolvedOptions().timeZone });

const SHOT = path.resolve(import.meta.dirname, '../../.tmp/docs-preview.png');

async function invoke<T>(page: Page, host: Host, method: string, input: unknown): Promise<T> {
  const response = await page.request.post(host.origin + '/api/invoke', { data: { method, input } });
  const body = (await response.json()) as { ok: boolean; value?: T; error?: unknown };
  if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.value as T;
}

/** A Course B plan with a summary, a cost table (so a 合計 row), a date and an unanswered question. */
async function seed(page: Page, host: Host): Promise<string> {
  await invoke(page, host, 'settings.update', { advisorName: '伴走 太郎', organization: '地域DX支援室', dateStyle: 'wareki' });
  const client = await invoke<{ id: string }>(page, host, 'clients.create', { name: '伴走町', kind: 'municipality', prefecture: '徳島県' });
  const e = await invoke<{ id: string }>(page, host, 'engagements.create', { clientId: client.id, program: 'plan-b', startDate: '2025-06-02', advisors: ['伴走 太郎'] });
  await invoke(page, host, 'plan.create', { engagementId: e.id, templateId: 'plan-b', startDate: '2025-06-02' });
  const answer = (questionId: string, value: unknown) => invoke(page, host, 'plan.answer', { engagementId: e.id, questionId, value });
  await answer('plan-summary', '町内の全公民館に**遠隔相談窓口**を置く。');
  await answer('solution-summary', 'オンライン窓口を整える。\n\n- 公民館に端末を置く\n- 予約は電話でも受ける');
  await answer('costs', [
    { id: 'r1', cells: { item: 'タブレット端末', initial: 1_200_000, running: 60_000, years: 3 } },
    { id: 'r2', cells: { item: '予約システム', initial: 800_000, running: 240_000, years: 3 } },
  ]);
  await answer('submission-date', '2025-09-30');
  return e.id;
}

test('preview the plan document, switch 和暦/西暦, save the DOCX and read it back', async ({ page, host }) => {
  await page.goto(host.url);
  const engagementId = await seed(page, host);

  // From the plan workbench: 「文書を書き出す」 opens the preview.
  await page.goto(`${host.origin}/#/plans?engagement=${engagementId}`);
  await page.getByTestId('plan-workbench').getByTestId('open-documents').click();
  await expect(page.getByTestId('page-documents')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`#/engagements/${engagementId}/documents$`));

  const desk = page.getByTestId('doc-desk');
  await expect(desk).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('page-documents')).toContainText('伴走町');

  // The cover, the TOC as a list of headings, numbered headings, a table with its 合計 row.
  const cover = desk.getByTestId('doc-cover');
  // The municipality's 素案: its name and the plan's, the period; the advisor is not its author.
  await expect(cover).toContainText('伴走町 ソリューション実装計画書（素案）');
  await expect(cover).toContainText('計画期間　令和8年度〜令和10年度（2026年度〜2028年度）');
  await expect(cover).not.toContainText('作成者');
  await expect(desk.getByTestId('doc-toc').getByRole('listitem').filter({ hasText: '第1章　計画の策定にあたって' })).toHaveCount(1);
  await expect(desk.getByRole('heading', { name: '第1章　計画の策定にあたって' })).toBeVisible();
  await expect(desk.getByRole('heading', { name: '資料編', exact: true })).toBeVisible();
  await expect(desk.getByRole('cell', { name: /による策定支援を開始/ })).toBeVisible();
  await expect(desk.getByRole('heading', { name: 'はじめに', exact: true })).toBeVisible();
  await expect(desk.getByRole('heading', { name: '1.　費用の内訳' })).toBeVisible();
  await expect(desk.locator('strong', { hasText: '遠隔相談窓口' })).toBeVisible();
  await expect(desk.locator('ul.banso-doc-list li', { hasText: '公民館に端末を置く' })).toBeVisible();
  const costs = desk.locator('table').filter({ has: page.getByRole('columnheader', { name: '運用費（年）' }) });
  await expect(costs.getByRole('cell', { name: 'タブレット端末' })).toBeVisible();
  await expect(costs.locator('tfoot td').first()).toHaveText('合計');
  await expect(costs.locator('tfoot')).toContainText('2,000,000円');

  // 和暦 → 西暦: the dates change in the preview.
  const submission = desk.getByRole('heading', { name: '計画書の提出予定日' }).locator('xpath=following-sibling::p[1]');
  await expect(submission).toHaveText('令和7年9月30日');
  await page.getByTestId('doc-era').getByText('西暦').click();
  await expect(submission).toHaveText('2025年9月30日');
  await expect(cover).toContainText(/\d{4}年\d{1,2}月/);
  await expect(cover).not.toContainText('令和');
  await expect(desk).toHaveAttribute('data-status', 'ready');

  // 未回答: （未記入）と表示 brings the unanswered questions in.
  await expect(desk.getByRole('heading', { name: '対象地域・施設' })).toHaveCount(0);
  await page.getByTestId('doc-unanswered').getByText('（未記入）と表示').click();
  await expect(desk.getByRole('heading', { name: /対象地域・施設/ })).toBeVisible();
  await expect(desk.getByText('（未記入）').first()).toBeVisible();
  await page.getByTestId('doc-unanswered').getByText('省く').click();
  await expect(desk.getByRole('heading', { name: /対象地域・施設/ })).toHaveCount(0);

  // The plan document's settings: 段階 案 changes the cover and the header.
  const settings = page.getByTestId('plan-doc-settings');
  await expect(settings.getByTestId('plan-doc-title')).toHaveText('伴走町 ソリューション実装計画書（素案）');
  await settings.getByTestId('plan-doc-status').getByText('案', { exact: true }).click();
  await expect(settings.getByTestId('plan-doc-title')).toHaveText('伴走町 ソリューション実装計画書（案）');
  await expect(cover).toContainText('伴走町 ソリューション実装計画書（案）');
  await settings.getByTestId('plan-doc-department').fill('企画課');
  await settings.getByTestId('plan-doc-department').blur();
  await expect(cover).toContainText('企画課');

  // A look at 1366×768: the first chapter (the outline jumps there), then the cover.
  fs.mkdirSync(path.dirname(SHOT), { recursive: true });
  await page.getByTestId('doc-outline').getByRole('link', { name: 'はじめに' }).click();
  await expect(desk.getByRole('heading', { name: 'はじめに', exact: true })).toBeInViewport();
  await page.screenshot({ path: SHOT });
  await desk.evaluate((el) => el.scrollTo(0, 0));
  await page.screenshot({ path: SHOT.replace(/\.png$/, '-cover.png') });

  // 「DOCX を保存」 downloads the same document (西暦 as chosen).
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('doc-save').click()]);
  expect(download.suggestedFilename()).toMatch(/\.docx$/);
  expect(download.suggestedFilename()).toContain('伴走町');
  const file = await download.path();
  const bytes = fs.readFileSync(file);
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  const html = (await mammoth.convertToHtml({ buffer: bytes })).value;
  expect(html).toMatch(/<h1>(<a id="[^"]*"><\/a>)*第1章　計画の策定にあたって<\/h1>/);
  expect(html).toContain('<td><p>タブレット端末</p></td>');
  expect(html).toContain('2025年9月30日');
  expect(html).not.toContain('令和7年9月30日');
  await expect(page.getByTestId('notice')).toContainText('ダウンロードしました');
});

test('the engagement pane opens the 支援実施報告書; an engagement without a plan says so', async ({ page, host }) => {
  await page.goto(host.url);
  const client = await invoke<{ id: string }>(page, host, 'clients.create', { name: '伴走村', kind: 'municipality', prefecture: '高知県' });
  const e = await invoke<{ id: string }>(page, host, 'engagements.create', { clientId: client.id, program: 'advisor', startDate: '2025-05-01' });
  await invoke(page, host, 'log.create', { engagementId: e.id, date: '2025-05-20', mode: 'visit', minutes: 90, topics: '庁内の**現状**を聞き取り', decisions: '次回までに業務一覧を作る' });

  await page.goto(`${host.origin}/#/engagements?client=${client.id}&engagement=${e.id}`);
  await expect(page.getByTestId('engagement-pane')).toBeVisible();
  await page.getByTestId('engagement-pane').getByTestId('open-documents').click();
  const desk = page.getByTestId('doc-desk');
  await expect(desk.getByTestId('doc-error')).toContainText('この案件にはまだ計画がありません');

  await desk.getByTestId('doc-show-report').click();
  await expect(desk).toHaveAttribute('data-status', 'ready');
  // One visit: no cover, the report starts on its first page.
  await expect(desk.getByTestId('doc-cover')).toHaveCount(0);
  await expect(desk.getByTestId('doc-sheet').first()).toContainText('支援実施報告書');
  await expect(desk.getByRole('heading', { name: '第2章　支援の記録' })).toBeVisible();
  await expect(desk.getByRole('heading', { name: /令和7年5月20日\s+訪問/ })).toBeVisible();
  await expect(page.getByTestId('doc-unanswered')).toHaveAttribute('data-disabled', 'true');

  // 戻る: back to the engagement.
  await page.getByTestId('doc-back').click();
  await expect(page.getByTestId('engagement-pane')).toBeVisible();
});

test('desktop face: 保存 hands a base name and the bytes to window.banso.saveFile, never a path; cancel, saved and failure', async ({ page, host }) => {
  await page.goto(host.url);
  const engagementId = await seed(page, host);
  // The preload's bridge, played by the page: invoke goes to the host, saveFile answers in turn
  // cancelled, saved, and the main process's error for a missing folder.
  await page.addInitScript(() => {
    const calls: unknown[] = [];
    const answers = [
      { ok: true, value: { saved: false } },
      { ok: true, value: { saved: true, where: '/home/advisor/Documents/伴走町_計画書.docx' } },
      { ok: false, error: { code: 'not_found', message: '保存先のフォルダーが見つかりません: /mnt/usb' } },
    ];
    Object.assign(window, {
      __saveCalls: calls,
      banso: Object.freeze({
        face: 'desktop',
        invoke: async (method: string, input: unknown) => {
          const r = await fetch('/api/invoke', { method: 'POST', headers: { 'content-type': 'application/json' }, credentials: 'same-origin', body: JSON.stringify({ method, input }) });
          return (await r.json()) as unknown;
        },
        saveFile: async (request: unknown) => {
          calls.push(request);
          return answers[calls.length - 1];
        },
      }),
    });
  });
  await page.goto(`${host.origin}/#/documents/${engagementId}`);
  await page.reload(); // a hash change alone does not load the page again (nor run the init script)
  await expect(page.getByTestId('doc-desk')).toHaveAttribute('data-status', 'ready');
  let downloads = 0;
  page.on('download', () => downloads++);
  const calls = () => page.evaluate(() => (window as unknown as { __saveCalls: Record<string, unknown>[] }).__saveCalls);

  // Cancelled in the dialog: nothing is reported.
  await page.getByTestId('doc-save').click();
  await expect.poll(async () => (await calls()).length).toBe(1);
  await expect(page.getByTestId('doc-save')).toBeEnabled();
  await expect(page.getByTestId('notice')).toHaveCount(0);

  // Saved (Ctrl+S does the same): the notice says where.
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('notice')).toContainText('保存しました: /home/advisor/Documents/伴走町_計画書.docx');
  const [first, second] = await calls();
  expect(Object.keys(second ?? {}).sort()).toEqual(['contentBase64', 'fileName', 'mimeType']);
  expect(second?.fileName).toMatch(/^[^/\\]+\.docx$/);
  expect(second?.mimeType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  expect(second?.contentBase64).toBe(first?.contentBase64);
  const html = (await mammoth.convertToHtml({ buffer: Buffer.from(String(second?.contentBase64), 'base64') })).value;
  expect(html).toContain('第1章　計画の策定にあたって');
  expect(html).toContain('令和7年9月30日');

  // The main process refused: its Japanese message is shown.
  await page.getByTestId('doc-save').click();
  await expect(page.getByTestId('notice')).toHaveAttribute('data-tone', 'error');
  await expect(page.getByTestId('notice')).toContainText('保存先のフォルダーが見つかりません: /mnt/usb');
  expect(downloads).toBe(0);
});
