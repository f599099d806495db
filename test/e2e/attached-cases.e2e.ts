import { expect, invoke, test } from './fixtures.ts';

/** One notion of an engagement's attached cases: 「案件に添付」 in the library is the plan's 「参考にする好事例」, its gate and the DOCX's 参考事例. */
test('a case attached in the library shows in the plan, satisfies the gate and is in the document; one added in the plan is attached', async ({ page, host }) => {
  await page.goto(host.url);
  const client = await invoke<{ id: string }>(page, host, 'clients.create', { name: '雫川町', kind: 'municipality', prefecture: '徳島県' });
  const eng = await invoke<{ id: string }>(page, host, 'engagements.create', { clientId: client.id, program: 'plan-a', startDate: '2026-04-01', title: '雫川町 課題整理' });
  await invoke(page, host, 'plan.create', { engagementId: eng.id, templateId: 'plan-a' });

  // The plan before: nothing chosen, the gate asks for a case.
  await page.goto(`${host.origin}/#/engagements/${eng.id}/plan`);
  const bench = page.getByTestId('plan-workbench');
  await bench.getByTestId('section-good-practices').click();
  const question = bench.getByTestId('question-reference-cases');
  await expect(question).toContainText('まだ選んでいません');
  await expect(bench.getByTestId('gate-problem').filter({ hasText: '好事例' }).first()).toBeVisible();

  // 「案件に添付」 in 事例ライブラリ.
  await page.getByTestId('nav-cases').click();
  await expect(page.getByTestId('case-list')).toHaveAttribute('data-status', 'ready');
  const first = page.getByTestId('case-list').getByTestId('case-row').first();
  const title = (await first.locator('.banso-case-row-title').textContent())!.trim();
  await first.click();
  const attach = page.getByTestId('attach-case');
  await attach.getByTestId('attach-case-select').click();
  await page.getByRole('option', { name: /雫川町/ }).click();
  await attach.getByTestId('attach-case-submit').click();
  await expect(attach.getByTestId('attach-case-item')).toHaveCount(1);

  // The plan has it, and the gate no longer asks.
  await page.goto(`${host.origin}/#/engagements/${eng.id}/plan`);
  await bench.getByTestId('section-good-practices').click();
  await expect(question.getByTestId('chosen-case')).toHaveCount(1);
  await expect(question.getByTestId('chosen-case')).toContainText(title);
  await expect(question).not.toContainText('まだ選んでいません');
  await expect(bench.getByTestId('gate-panel')).toBeVisible();
  await expect(bench.getByTestId('gate-problem').filter({ hasText: '好事例' })).toHaveCount(0);

  // A second case added in the plan is attached to the engagement.
  await question.getByPlaceholder(/好事例を検索/).fill('テレワーク');
  await question.getByPlaceholder(/好事例を検索/).press('Enter');
  const add = question.getByRole('button', { name: '追加' }).and(page.locator(':not([disabled])')).first();
  await add.click();
  await expect(question.getByTestId('chosen-case')).toHaveCount(2);
  await expect(bench.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  const view = await invoke<{ cases: { id: string; title: string }[] }>(page, host, 'engagements.get', { id: eng.id });
  expect(view.cases).toHaveLength(2);
  expect(view.cases[0]!.title).toBe(title);
  const second = view.cases[1]!.title;

  // The document lists the same two cases.
  await page.goto(`${host.origin}/#/engagements/${eng.id}/documents`);
  await expect(page.getByTestId('doc-desk')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('doc-desk')).toContainText(title);
  await expect(page.getByTestId('doc-desk')).toContainText(second);

  // Taken off in the plan: the library's 「案件に添付」 of that case no longer lists the engagement.
  await page.goto(`${host.origin}/#/engagements/${eng.id}/plan`);
  await bench.getByTestId('section-good-practices').click();
  await question.getByTestId('chosen-case').filter({ hasText: title }).getByLabel('外す').click();
  await expect(question.getByTestId('chosen-case')).toHaveCount(1);
  await expect(bench.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  await page.goto(`${host.origin}/#/cases?case=${view.cases[0]!.id}`);
  await expect(page.getByTestId('attach-case')).toHaveAttribute('data-attached', '0');
});
