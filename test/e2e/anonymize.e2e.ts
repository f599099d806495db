import type { Page } from '@playwright/test';
import { expect, test, type Host } from './fixtures.ts';

async function invoke<T>(page: Page, host: Host, method: string, input: unknown): Promise<T> {
  const response = await page.request.post(host.origin + '/api/invoke', { data: { method, input } });
  const body = (await response.json()) as { ok: boolean; value?: T; error?: unknown };
  if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.value as T;
}

test('an engagement becomes an anonymised 好事例 in the library, without names or contact details', async ({ page, host }) => {
  await page.goto(host.url);
  const client = await invoke<{ id: string }>(page, host, 'clients.create', {
    name: '秘匿村',
    kind: 'municipality',
    prefecture: '長野県',
    population: 3200,
    contacts: [{ name: '高橋 一郎', email: 'takahashi@hitoku.example.jp', phone: '0265-00-0000' }],
  });
  const e = await invoke<{ id: string }>(page, host, 'engagements.create', { clientId: client.id, program: 'telework', startDate: '2025-05-01' });
  await invoke(page, host, 'log.create', {
    engagementId: e.id,
    date: '2025-05-20',
    mode: 'visit',
    minutes: 120,
    attendees: ['高橋 一郎'],
    topics: '秘匿村役場のテレワーク規程',
    decisions: '高橋さんが規程案をまとめ、7月から試行する',
    notes: '内部メモ: 村長の意向',
  });

  await page.goto(`${host.origin}/#/engagements?client=${client.id}&engagement=${e.id}`);
  await page.getByTestId('engagement-pane').getByTestId('anonymize-case').click();
  const modal = page.getByTestId('anonymize-modal');
  await expect(page.getByTestId('anonymize-title')).toHaveValue('長野県のその他の市町村におけるテレワーク・ワンストップ・サポート相談の取組');
  await expect(page.getByTestId('anonymize-body')).toContainText('〇〇役場のテレワーク規程');
  const shown = await page.getByRole('dialog').innerText();
  for (const secret of ['秘匿', '高橋', 'takahashi', '0265', '内部メモ']) expect(shown).not.toContain(secret);
  await expect(modal.getByText('取り除いたもの', { exact: false })).toBeVisible();

  await page.getByTestId('anonymize-title').fill('山あいの村のテレワーク規程づくり');
  await page.getByTestId('anonymize-save').click();
  await expect(page.getByTestId('page-cases')).toBeVisible();
  await expect(page.getByTestId('case-detail').getByTestId('case-detail-title')).toHaveText('山あいの村のテレワーク規程づくり');
  await expect(page.getByTestId('case-detail')).toContainText('7月から試行する');
  await expect(page.getByTestId('case-detail')).not.toContainText('高橋');
});
