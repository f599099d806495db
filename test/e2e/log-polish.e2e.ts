import { expect, invoke, test } from './fixtures.ts';

test('支援記録: Enter ends a topic like 出席者 (never the IME Enter); the sticky header hides what scrolls under it', async ({ page, host }) => {
  await page.goto(host.url);
  const client = await invoke<{ id: string }>(page, host, 'clients.create', { name: '雫川町', kind: 'municipality', prefecture: '徳島県' });
  const eng = await invoke<{ id: string }>(page, host, 'engagements.create', { clientId: client.id, program: 'plan-a', startDate: '2026-04-01', title: '雫川町 計画' });
  await page.goto(`${host.url.replace(/#.*$/, '')}#/log?engagement=${eng.id}`);
  await page.getByTestId('log-new').click();
  const form = page.getByTestId('log-form');
  const topics = form.getByTestId('log-field-topics');
  await topics.click();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'ちいき', selectionStart: 3, selectionEnd: 3 });
  await page.keyboard.press('Enter'); // confirms the conversion: no separator
  await cdp.send('Input.insertText', { text: '地域課題' });
  await expect(topics).toHaveValue('地域課題');
  await page.keyboard.press('Enter');
  await page.keyboard.type('庁内体制');
  await expect(topics).toHaveValue('地域課題、庁内体制');
  await expect(form.getByTestId('log-topic-chips')).toContainText('地域課題');
  await expect(form.getByTestId('log-topic-chips').locator('.mantine-Badge-root')).toHaveCount(2);
  await page.keyboard.press('Enter');
  await expect(form.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  const id = (await form.getAttribute('data-entry-id'))!;
  const saved = await invoke<{ topics: string }>(page, host, 'log.get', { id });
  expect(saved.topics).toBe('地域課題、庁内体制');

  // Scroll the form: the sticky header is opaque (what passes under it is not seen through it).
  const notes = form.getByTestId('log-field-notes');
  await notes.fill(Array.from({ length: 60 }, (_, i) => `行${i + 1}`).join('\n'));
  const header = form.locator('.banso-eng-sticky').first();
  await form.evaluate((el) => {
    let p: Element | null = el;
    while (p && p.scrollHeight <= p.clientHeight) p = p.parentElement;
    if (p) p.scrollTop = 400;
  });
  const box = (await header.boundingBox())!;
  const covered = await page.evaluate(({ x, y }) => {
    const el = document.elementFromPoint(x, y);
    return el?.closest('.banso-eng-sticky') !== null;
  }, { x: box.x + box.width / 2, y: box.y + box.height - 3 });
  expect(covered).toBe(true);
  await page.screenshot({ path: 'test-results/log-sticky.png' });
  const bg = await header.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(bg).not.toBe('rgba(0, 0, 0, 0)');
});
