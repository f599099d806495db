import { expect, invoke, test } from './fixtures.ts';

interface Entry {
  id: string;
  date: string;
  startTime: string | null;
  mode: string;
  minutes: number;
  topics: string;
  notes: string;
  nextActions: { task: string }[];
}

/**
 * 訪問モード in Chromium: the phase's questions, a timer that fills the entry's start time and
 * minutes, quick notes in the entry, next actions, 「事例を見せる」 with the arrow keys, a reload
 * that resumes, and a saved entry when leaving. No request leaves the machine.
 */
test('a visit: timer, quick notes, next actions, the cases shown full screen; leaving leaves a saved entry', async ({ page, host }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.clock.install({ time: new Date('2026-06-01T10:00:00+09:00') });
  await page.goto(host.url);
  const client = await invoke<{ id: string }>(page, host, 'clients.create', { name: '雫川町', kind: 'municipality', prefecture: '徳島県' });
  const eng = await invoke<{ id: string }>(page, host, 'engagements.create', { clientId: client.id, program: 'plan-a', startDate: '2026-04-01', title: '雫川町 課題整理' });
  await invoke(page, host, 'plan.create', { engagementId: eng.id, templateId: 'plan-a' });
  await invoke(page, host, 'plan.answer', { engagementId: eng.id, questionId: 'region-overview', value: '人口9,800人の中山間地域。' });
  const found = await invoke<{ items: { id: string; title: string }[] }>(page, host, 'cases.search', { query: 'テレワーク', limit: 2 });
  const [c1, c2] = found.items as [{ id: string; title: string }, { id: string; title: string }];
  await invoke(page, host, 'engagements.attachCase', { id: eng.id, caseId: c1.id });
  await invoke(page, host, 'engagements.attachCase', { id: eng.id, caseId: c2.id });
  const full1 = await invoke<{ tags: string[]; title: string; summary: string; organization: string; sources: { document: string; section: string }[] }>(page, host, 'cases.get', { id: c1.id });
  // Tags that are not words of what a client may see anyway.
  const publicText = [full1.title, full1.summary, full1.organization, ...full1.sources.flatMap((s) => [s.document, s.section])].join('\n');
  const internalTags = full1.tags.filter((t) => !publicText.includes(t));

  // From 支援記録 of the engagement.
  await page.goto(`${host.origin}/#/engagements/${eng.id}/log`);
  await page.getByTestId('visit-open').click();
  await expect(page).toHaveURL(new RegExp(`#/engagements/${eng.id}/visit$`));
  await expect(page.getByTestId('page-visit')).toContainText('雫川町 課題整理');
  // The phase's questions with what is written.
  await expect(page.getByTestId('visit-phase')).toBeVisible();
  await expect(page.getByTestId('visit-question').first()).toBeVisible();
  await expect(page.getByTestId('visit-cases')).toHaveAttribute('data-count', '2');

  // Start: the entry exists at once, dated today with the start time.
  await page.getByTestId('visit-start').click();
  const form = page.getByTestId('visit-form');
  await expect(form).toBeVisible();
  const entryId = (await form.getAttribute('data-entry-id'))!;
  let e = await invoke<Entry>(page, host, 'log.get', { id: entryId });
  expect(e).toMatchObject({ date: '2026-06-01', startTime: '10:00', mode: 'visit' });

  await page.getByTestId('visit-topics').fill('地域課題の聞き取り');
  const quick = page.getByTestId('visit-quick-note');
  await quick.fill('Wi-Fi は公民館のみ');
  await quick.press('Enter');
  await expect(quick).toHaveValue('');
  await expect(page.getByTestId('visit-notes')).toHaveValue('- 10:00 Wi-Fi は公民館のみ');
  await page.getByTestId('action-add').click();
  await page.getByTestId('action-task').first().fill('通信環境の資料を送る');

  await page.screenshot({ path: 'test-results/screens/visit-1366.png' });
  // 25 minutes on: the timer and the entry's minutes.
  await page.clock.fastForward('25:00');
  await expect(page.getByTestId('visit-timer')).toHaveText(/^0:25:\d\d$/);
  await expect(page.getByTestId('visit-started')).toContainText('25分');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  await expect.poll(async () => (await invoke<Entry>(page, host, 'log.get', { id: entryId })).minutes).toBe(25);
  e = await invoke<Entry>(page, host, 'log.get', { id: entryId });
  expect(e.topics).toBe('地域課題の聞き取り');
  expect(e.notes).toBe('- 10:00 Wi-Fi は公民館のみ');
  expect(e.nextActions.map((a) => a.task)).toEqual(['通信環境の資料を送る']);

  // 「事例を見せる」: large type, nothing internal, arrow keys through the attached cases.
  await page.getByTestId('visit-show-cases').click();
  const show = page.getByTestId('case-show');
  await expect(show).toBeVisible();
  await expect(page.getByTestId('case-show-title')).toHaveText(c1.title);
  await page.screenshot({ path: 'test-results/screens/case-show-1366.png' });
  const size = await page.getByTestId('case-show-title').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(size).toBeGreaterThanOrEqual(40);
  const box = await show.boundingBox();
  expect(box).toMatchObject({ x: 0, y: 0, width: 1366, height: 768 });
  const shown = await show.innerText();
  expect(internalTags.length).toBeGreaterThan(0);
  for (const tag of internalTags) expect(shown).not.toContain(tag);
  expect(shown).not.toContain('タグ');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('case-show-title')).toHaveText(c2.title);
  await expect(page.getByTestId('case-show-count')).toHaveText('好事例 2 / 2');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('case-show-title')).toHaveText(c2.title);
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('case-show-title')).toHaveText(c1.title);
  await page.keyboard.press('Escape');
  await expect(show).toHaveCount(0);

  // A reload resumes the visit and its timer.
  await page.reload();
  await expect(page.getByTestId('visit')).toHaveAttribute('data-state', 'running');
  await expect(page.getByTestId('visit-topics')).toHaveValue('地域課題の聞き取り');
  await expect(page.getByTestId('visit-timer')).toHaveText(/^0:2[5-9]:\d\d$/);

  // Leaving: the entry is saved and opened in 支援記録.
  await page.clock.fastForward('10:00');
  await page.getByTestId('visit-end').click();
  await expect(page).toHaveURL(new RegExp(`#/engagements/${eng.id}/log\\?entry=${entryId}$`));
  await expect(page.getByTestId('log-form')).toHaveAttribute('data-entry-id', entryId);
  e = await invoke<Entry>(page, host, 'log.get', { id: entryId });
  expect(e.minutes).toBeGreaterThanOrEqual(35);
  expect(e.notes).toContain('Wi-Fi は公民館のみ');
  // Visit mode again: a new visit can start (the ended one is not resumed).
  await page.getByTestId('visit-open').click();
  await expect(page.getByTestId('visit')).toHaveAttribute('data-state', 'ready');

  const foreign = requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== host.origin);
  expect(foreign).toEqual([]);
});
