import type { Page } from '@playwright/test';
import { expect, test, type Host } from './fixtures.ts';

// The plan's schedule counts days by the computer's calendar, as the desktop app does.
test.use({ timezoneId: Intl.DateTimeFormat().resolvedOptions().timeZone });

async function invoke<T>(page: Page, host: Host, method: string, input: unknown): Promise<T> {
  const response = await page.request.post(host.origin + '/api/invoke', { data: { method, input } });
  const body = (await response.json()) as { ok: boolean; value?: T; error?: unknown };
  if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.value as T;
}

test('fill phase 1 of a Course A plan: progress rises, the gate list shrinks, answers survive a reload', async ({ page, host }) => {
  await page.goto(host.url);
  const client = await invoke<{ id: string }>(page, host, 'clients.create', { name: '伴走町', kind: 'municipality', prefecture: '徳島県' });
  const engagement = await invoke<{ id: string }>(page, host, 'engagements.create', { clientId: client.id, program: 'plan-a', startDate: '2026-04-01' });

  await page.goto(`${host.origin}/#/plans?engagement=${engagement.id}`);
  await expect(page.getByTestId('page-plans')).toBeVisible();

  // No plan yet: the Course A template is proposed, with the engagement's start date.
  const create = page.getByTestId('plan-create');
  await expect(create.getByTestId('plan-create-template')).toHaveValue('計画策定支援 Aコース（地域課題整理）');
  await expect(create.getByTestId('plan-create-start')).toHaveValue('2026-04-01');
  await create.getByTestId('plan-create-submit').click();

  const bench = page.getByTestId('plan-workbench');
  await expect(bench).toBeVisible();
  await expect(bench.getByTestId('timeline-phase')).toHaveCount(3);
  await expect(bench.getByTestId('plan-timeline')).toContainText('令和8年');
  // The strip follows the 和暦 setting (the default): R8.4.1, not 2026/4/1.
  await expect(bench.getByTestId('timeline-phase').first()).toContainText('R8.');

  const phase1 = bench.getByTestId('phase-survey');
  await expect(phase1.getByTestId('phase-progress')).toHaveText('0/2');
  await bench.getByTestId('section-region-profile').click();
  const gates = bench.getByTestId('gate-problem');
  const gatesAtStart = await gates.count();
  expect(gatesAtStart).toBeGreaterThan(1);

  // A required long text.
  await bench.locator('#plan-q-region-overview').fill('人口1.2万人の中山間地域。主な産業は農業と観光。');
  await expect(bench.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  await expect(phase1.getByTestId('phase-progress')).toHaveText('1/2');
  await expect(gates).toHaveCount(gatesAtStart - 1);

  // The 未記入一覧 jumps to the issue table.
  await bench.getByTestId('tab-missing').click();
  await bench.getByTestId('missing-list').getByTestId('missing-item').filter({ hasText: '地域課題の一覧' }).click();
  await expect(bench.getByTestId('question-issues')).toBeVisible();

  // An issue row with its 重要度 and 緊急度.
  await bench.getByTestId('add-row-issues').click();
  const table = bench.getByTestId('table-issues');
  await table.getByLabel('1行目 課題').fill('窓口の待ち時間が長い');
  await table.getByLabel('1行目 重要度').selectOption('3');
  await table.getByLabel('1行目 緊急度').selectOption('2');
  await expect(bench.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  await expect(phase1.getByTestId('phase-progress')).toHaveText('2/2');
  await expect(bench.getByTestId('computed-issue-priority')).toContainText('3 × 2 = 6');

  // Nothing is missing any more: the gate panel says phase 1 can be closed.
  await bench.getByRole('tab', { name: '関門チェック' }).click();
  await expect(bench.getByTestId('gate-panel')).toHaveAttribute('data-ready', 'true');
  await expect(gates).toHaveCount(0);

  // Answers survive a reload.
  await page.reload();
  await expect(bench).toBeVisible();
  await expect(phase1.getByTestId('phase-progress')).toHaveText('2/2');
  await bench.getByTestId('section-region-profile').click();
  await expect(bench.locator('#plan-q-region-overview')).toHaveValue('人口1.2万人の中山間地域。主な産業は農業と観光。');
  await bench.getByTestId('section-issue-list').click();
  await expect(bench.getByTestId('table-issues').getByLabel('1行目 課題')).toHaveValue('窓口の待ち時間が長い');

  // Phase 2: cite a case from the library; its title stays after a reload.
  const phase2 = bench.getByTestId('phase-solutions');
  await expect(phase2.getByTestId('phase-progress')).toHaveText('0/3');
  await bench.getByTestId('section-good-practices').click();
  const cases = bench.getByTestId('question-reference-cases');
  await cases.locator('#plan-q-reference-cases').fill('テレワーク');
  await cases.locator('#plan-q-reference-cases').press('Enter');
  await cases.getByRole('button', { name: '追加' }).first().click();
  await expect(bench.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  await expect(phase2.getByTestId('phase-progress')).toHaveText('1/3');
  await expect(cases.getByTestId('chosen-case')).toHaveCount(1);
  const title = await cases.getByTestId('chosen-case').innerText();
  await page.reload();
  await bench.getByTestId('section-good-practices').click();
  await expect(bench.getByTestId('question-reference-cases').getByTestId('chosen-case')).toHaveText(title);
});

test('a wrongly typed amount is refused with a Japanese message beside its question, then saved once corrected', async ({ page, host }) => {
  await page.goto(host.url);
  const client = await invoke<{ id: string }>(page, host, 'clients.create', { name: '伴走市', kind: 'municipality', prefecture: '徳島県' });
  const engagement = await invoke<{ id: string }>(page, host, 'engagements.create', { clientId: client.id, program: 'plan-b', startDate: '2026-04-01' });
  await invoke(page, host, 'plan.create', { engagementId: engagement.id, templateId: 'plan-b' });

  await page.goto(`${host.origin}/#/plans?engagement=${engagement.id}`);
  const bench = page.getByTestId('plan-workbench');
  await bench.getByTestId('section-costs-section').click();
  const question = bench.getByTestId('question-annual-benefit');
  await question.locator('#plan-q-annual-benefit').fill('たくさん');
  await expect(question.getByTestId('question-error')).toBeVisible();
  await expect(bench.getByTestId('save-state')).toHaveAttribute('data-state', 'error');

  await question.locator('#plan-q-annual-benefit').fill('1,200,000');
  await expect(bench.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  await expect(question.getByTestId('question-error')).toHaveCount(0);
  const shown = await invoke<{ answers: Record<string, { value: unknown }> }>(page, host, 'plan.show', { engagementId: engagement.id });
  expect(shown.answers['annual-benefit']?.value).toBe(1_200_000);

  // Alt+↑ / Alt+↓ step through the sections.
  const costs = bench.getByTestId('section-costs-section');
  await expect(costs).toHaveAttribute('aria-current', 'step');
  await page.keyboard.press('Alt+ArrowUp');
  await expect(costs).not.toHaveAttribute('aria-current', 'step');
  await page.keyboard.press('Alt+ArrowDown');
  await expect(costs).toHaveAttribute('aria-current', 'step');
});
