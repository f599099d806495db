import { expect, invoke, test } from './fixtures.ts';

/** The engagement is in the address: /engagements/:id/plan, /log, /documents; back / forward, the plan ↔ template switch, older addresses, the last engagement at start. */
test('the chosen engagement stays in the address across the plan ↔ template switch, back / forward, old addresses and a restart', async ({ page, host }) => {
  await page.goto(host.url);
  const client = await invoke<{ id: string }>(page, host, 'clients.create', { name: '雫川町', kind: 'municipality', prefecture: '徳島県' });
  const a = await invoke<{ id: string }>(page, host, 'engagements.create', { clientId: client.id, program: 'plan-b', startDate: '2026-04-01', title: '雫川町 計画策定' });
  const b = await invoke<{ id: string }>(page, host, 'engagements.create', { clientId: client.id, program: 'plan-a', startDate: '2026-05-01', title: '雫川町 課題整理' });
  await invoke(page, host, 'plan.create', { engagementId: a.id, templateId: 'plan-b', startDate: '2026-04-01' });
  await invoke(page, host, 'plan.create', { engagementId: b.id, templateId: 'plan-a', startDate: '2026-05-01' });
  await invoke(page, host, 'log.create', { engagementId: a.id, date: '2026-04-10', mode: 'visit', minutes: 60, topics: '初回の訪問', notes: '' });

  // Nothing chosen yet: the picker.
  await page.getByTestId('nav-plans').click();
  await expect(page).toHaveURL(/#\/plans$/);
  await page.getByTestId('plan-engagement').click();
  await page.getByRole('option', { name: /雫川町 計画策定/ }).click();
  await expect(page).toHaveURL(new RegExp(`#/engagements/${a.id}/plan$`));
  await expect(page.getByTestId('plan-workbench')).toBeVisible();
  await expect(page.getByTestId('nav-plans')).toHaveAttribute('data-active', 'true');
  await expect(page.getByTestId('nav-engagements')).not.toHaveAttribute('data-active', 'true');

  // テンプレートの編集 and back: the same engagement, not 「案件を選ぶ」.
  await page.getByTestId('plans-switch').getByText('テンプレートの編集').click();
  await expect(page).toHaveURL(/#\/templates/);
  await page.getByTestId('plans-switch').getByText('案件の計画').click();
  await expect(page).toHaveURL(new RegExp(`#/engagements/${a.id}/plan$`));
  await expect(page.getByTestId('plan-workbench')).toBeVisible();

  // The other engagement, then back and forward.
  await page.getByTestId('plan-engagement').click();
  await page.getByRole('option', { name: /雫川町 課題整理/ }).click();
  await expect(page).toHaveURL(new RegExp(`#/engagements/${b.id}/plan$`));
  await expect(page.getByTestId('plan-engagement')).toHaveValue(/雫川町 課題整理/);
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`#/engagements/${a.id}/plan$`));
  await expect(page.getByTestId('plan-engagement')).toHaveValue(/雫川町 計画策定/);
  await page.goBack();
  await expect(page).toHaveURL(/#\/templates/);
  await page.goForward();
  await page.goForward();
  await expect(page).toHaveURL(new RegExp(`#/engagements/${b.id}/plan$`));
  await expect(page.getByTestId('plan-engagement')).toHaveValue(/雫川町 課題整理/);

  // 支援記録 from the menu opens the engagement last worked on.
  await page.getByTestId('nav-log').click();
  await expect(page).toHaveURL(new RegExp(`#/engagements/${b.id}/log$`));
  await expect(page.getByTestId('nav-log')).toHaveAttribute('data-active', 'true');

  // Older addresses lead to the new ones.
  await page.goto(`${host.origin}/#/log?engagement=${a.id}`);
  await expect(page).toHaveURL(new RegExp(`#/engagements/${a.id}/log$`));
  await expect(page.getByTestId('log-row').or(page.getByText('初回の訪問')).first()).toBeVisible();
  await page.goto(`${host.origin}/#/plans?engagement=${b.id}`);
  await expect(page).toHaveURL(new RegExp(`#/engagements/${b.id}/plan$`));
  await page.goto(`${host.origin}/#/templates?engagement=${a.id}`);
  await expect(page).toHaveURL(new RegExp(`#/engagements/${a.id}/plan$`));
  await page.goto(`${host.origin}/#/documents/${a.id}?doc=report`);
  await expect(page).toHaveURL(new RegExp(`#/engagements/${a.id}/documents\\?doc=report$`));
  await expect(page.getByTestId('page-documents')).toBeVisible();

  // A reload of the plan keeps it; a start at ホーム offers the last engagement and the menu reopens it.
  await page.goto(`${host.origin}/#/engagements/${b.id}/plan`);
  await page.reload();
  await expect(page.getByTestId('plan-engagement')).toHaveValue(/雫川町 課題整理/);
  await page.goto(`${host.origin}/#/`);
  await page.reload();
  await expect(page.getByTestId('resume-engagement')).toContainText('雫川町 課題整理');
  await page.getByTestId('nav-plans').click();
  await expect(page).toHaveURL(new RegExp(`#/engagements/${b.id}/plan$`));
  await page.goto(`${host.origin}/#/`);
  await page.getByTestId('resume-log').click();
  await expect(page).toHaveURL(new RegExp(`#/engagements/${b.id}/log$`));

  // A deleted engagement is not reopened: the picker instead.
  await page.evaluate(() => window.localStorage.setItem('banso.lastEngagement', 'no-such-engagement'));
  await page.goto(`${host.origin}/#/plans`);
  await expect(page.getByTestId('plan-engagement')).toBeVisible();
  await expect(page).toHaveURL(/#\/plans$/);
});
