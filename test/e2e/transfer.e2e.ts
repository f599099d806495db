import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, startHost, stopHost, test, type Host } from './fixtures.ts';

/**
 * 受け渡し between two machines: two browser-mode hosts on two data folders. The first exports an
 * engagement in the UI (a download), the second imports the file in the UI; then the same record
 * is changed on both sides and the conflict is resolved in the UI.
 */

async function invoke<T>(request: APIRequestContext, host: Host, method: string, input: unknown): Promise<T> {
  const response = await request.post(host.origin + '/api/invoke', { data: { method, input } });
  const body = (await response.json()) as { ok: boolean; value?: T; error?: unknown };
  if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.value as T;
}

async function openTransfer(page: Page, host: Host): Promise<void> {
  await page.goto(host.url);
  await page.getByTestId('nav-transfer').click();
  await expect(page.getByTestId('page-transfer')).toBeVisible();
  await expect(page).toHaveURL(/#\/transfer$/);
}

test('export an engagement on one machine, import it on another, resolve a conflict both ways', async ({ page, host, browser }) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-transfer-'));
  const other = await startHost();
  const pageB = await browser.newPage();
  try {
    await page.goto(host.url);
    const client = await invoke<{ id: string }>(page.request, host, 'clients.create', { name: '受渡町', kind: 'municipality', prefecture: '徳島県' });
    const eng = await invoke<{ id: string }>(page.request, host, 'engagements.create', { clientId: client.id, program: 'advisor', startDate: '2026-04-01', title: '受渡町 アドバイザー派遣' });
    const entry = await invoke<{ entry: { id: string } }>(page.request, host, 'log.create', { engagementId: eng.id, date: '2026-04-10', mode: 'visit', minutes: 60, topics: '初回訪問', notes: '最初のメモ' });

    // Machine A: pick the engagement and export it (a download in browser mode).
    await openTransfer(page, host);
    await page.getByTestId('transfer-engagement').click();
    await page.getByRole('option', { name: /受渡町 アドバイザー派遣/ }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('transfer-export-engagement').click()]);
    expect(download.suggestedFilename()).toMatch(/^banso-案件-受渡町_アドバイザー派遣-\d{8}\.json$/);
    const file = path.join(tmp, 'engagement.json');
    await download.saveAs(file);
    await expect(page.getByTestId('transfer-export-result')).toContainText('3件の記録');

    // Machine B: import the file in the UI.
    await openTransfer(pageB, other);
    await expect(pageB.getByTestId('conflicts-empty')).toBeVisible();
    await pageB.getByTestId('transfer-import-input').setInputFiles(file);
    await expect(pageB.getByTestId('transfer-import-result')).toHaveAttribute('data-tone', 'ok');
    await expect(pageB.getByTestId('transfer-import-result')).toContainText('追加 3件 / 更新 0件 / 変更なし 0件 / 競合 0件');
    // The same file again changes nothing.
    await pageB.getByTestId('transfer-import-input').setInputFiles(file);
    await expect(pageB.getByTestId('transfer-import-result')).toContainText('追加 0件 / 更新 0件 / 変更なし 3件 / 競合 0件');
    expect((await invoke<{ notes: string }>(pageB.request, other, 'log.get', { id: entry.entry.id })).notes).toBe('最初のメモ');

    // A broken file: a clear message, nothing changed.
    await pageB.getByTestId('transfer-import-input').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: fs.readFileSync(file).subarray(0, 200) });
    await expect(pageB.getByTestId('transfer-import-result')).toHaveAttribute('data-tone', 'error');
    await expect(pageB.getByTestId('transfer-import-result')).toContainText('JSON として読めません');

    // The same entry changed on both machines: a conflict, both versions side by side.
    await invoke(page.request, host, 'log.update', { id: entry.entry.id, patch: { notes: 'A で書いたメモ' } });
    await invoke(pageB.request, other, 'log.update', { id: entry.entry.id, patch: { notes: 'B で書いたメモ' } });
    const again = await invoke<{ contentBase64: string; fileName: string }>(page.request, host, 'bundle.export', { engagementId: eng.id });
    await pageB.getByTestId('transfer-import-input').setInputFiles({ name: again.fileName, mimeType: 'application/json', buffer: Buffer.from(again.contentBase64, 'base64') });
    await expect(pageB.getByTestId('transfer-import-result')).toContainText('競合 1件');
    const card = pageB.getByTestId('conflict');
    await expect(card).toHaveCount(1);
    await expect(pageB.getByTestId('conflicts-count')).toHaveText('1件');
    await expect(card.getByTestId('conflict-label')).toContainText('2026-04-10 訪問（60分）');
    const notes = card.locator('[data-testid="conflict-field"][data-field="notes"]');
    await expect(notes.getByTestId('conflict-mine')).toHaveText('B で書いたメモ');
    await expect(notes.getByTestId('conflict-theirs')).toHaveText('A で書いたメモ');
    // Nothing was overwritten before the user decides.
    expect((await invoke<{ notes: string }>(pageB.request, other, 'log.get', { id: entry.entry.id })).notes).toBe('B で書いたメモ');

    await card.getByTestId('conflict-take-theirs').click();
    await expect(pageB.getByTestId('conflicts-empty')).toBeVisible();
    expect((await invoke<{ notes: string }>(pageB.request, other, 'log.get', { id: entry.entry.id })).notes).toBe('A で書いたメモ');

    // Once more, and this time keep mine.
    await invoke(page.request, host, 'log.update', { id: entry.entry.id, patch: { topics: 'A の議題' } });
    await invoke(pageB.request, other, 'log.update', { id: entry.entry.id, patch: { topics: 'B の議題' } });
    const third = await invoke<{ contentBase64: string; fileName: string }>(page.request, host, 'bundle.export', { engagementId: eng.id });
    await pageB.getByTestId('transfer-import-input').setInputFiles({ name: third.fileName, mimeType: 'application/json', buffer: Buffer.from(third.contentBase64, 'base64') });
    await expect(pageB.getByTestId('conflict')).toHaveCount(1);
    await pageB.getByTestId('conflict').getByTestId('conflict-keep-mine').click();
    await expect(pageB.getByTestId('conflicts-empty')).toBeVisible();
    expect((await invoke<{ topics: string }>(pageB.request, other, 'log.get', { id: entry.entry.id })).topics).toBe('B の議題');

    // The engagement pane offers the same export.
    await page.goto(`${host.origin}/#/engagements?client=${client.id}&engagement=${eng.id}`);
    const pane = page.getByTestId('engagement-pane');
    await expect(pane).toBeVisible();
    const [paneDownload] = await Promise.all([page.waitForEvent('download'), pane.getByTestId('engagement-export-bundle').click()]);
    expect(paneDownload.suggestedFilename()).toMatch(/^banso-案件-.*\.json$/);
    const bundle = JSON.parse(fs.readFileSync(await paneDownload.path(), 'utf8')) as { format: string; kind: string };
    expect(bundle).toMatchObject({ format: 'banso-bundle', kind: 'engagement' });
  } finally {
    await pageB.close();
    await stopHost(other);
    fs.rmSync(other.dataDir, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
