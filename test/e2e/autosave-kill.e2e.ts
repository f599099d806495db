import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import type { Locator } from '@playwright/test';
import { expect, invoke, startHost, stopHost, test, type Host } from './fixtures.ts';

/**
 * An autosaved form keeps every save it reported. The real UI in Chromium: type into the 支援先
 * form and a 支援記録 form, wait each time for 「保存済み」, then SIGKILL the host (the process
 * with the core and the database) while one more change is still waiting to be saved. Started
 * again on the same data folder, every reported save is there — in the form and, one version per
 * save, in the history — and the database is intact.
 */

test.use({ timezoneId: Intl.DateTimeFormat().resolvedOptions().timeZone });

/** Type at the end of a field, as a person does, and wait until the form says the change is saved. */
async function typeAndSave(field: Locator, indicator: Locator, text: string): Promise<void> {
  await field.press('End');
  await field.pressSequentially(text, { delay: 15 });
  // Every keystroke marks the form unsaved; the save follows within a second of the last one.
  await expect(indicator).toHaveText(/保存中/);
  await expect(indicator).toHaveText('保存済み', { timeout: 10_000 });
}

async function killHard(host: Host): Promise<void> {
  const exited = new Promise<NodeJS.Signals | null>((resolve) => host.proc.once('exit', (_code, signal) => resolve(signal)));
  host.proc.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
}

test('every save reported with 「保存済み」 survives a SIGKILL of the host', async ({ page }) => {
  test.setTimeout(120_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-autosave-kill-'));
  let host = await startHost(dataDir);
  try {
    await page.goto(host.url);
    const client = await invoke<{ id: string }>(page, host, 'clients.create', { name: '保存確認町', kind: 'municipality', prefecture: '徳島県' });
    const eng = await invoke<{ id: string }>(page, host, 'engagements.create', { clientId: client.id, program: 'advisor', startDate: '2026-04-01', title: '保存確認町 派遣' });

    // 支援先: three saves of the notes, each reported.
    await page.goto(host.url);
    const menu = page.getByRole('navigation', { name: 'メインメニュー' });
    await menu.getByRole('link', { name: '支援先・案件', exact: true }).click();
    await page.getByText('保存確認町', { exact: true }).first().click();
    const pane = page.getByTestId('client-pane');
    const notes = pane.getByRole('textbox', { name: 'メモ' });
    const clientSaved = pane.getByTestId('save-state');
    const saves = ['一回目の訪問で聞いたこと。', '二回目：課題は窓口の待ち時間。', '三回目：来年度の予算要求に入れる。'];
    for (const s of saves) await typeAndSave(notes, clientSaved, s);

    // 支援記録: a new entry (created on the first input), then its notes.
    await menu.getByRole('link', { name: '支援記録', exact: true }).click();
    await page.getByText(/保存確認町/).first().click();
    await page.getByRole('button', { name: '新規記録' }).click();
    const form = page.getByTestId('log-form');
    const logSaved = form.getByTestId('save-state');
    await typeAndSave(form.getByRole('textbox', { name: '議題' }), logSaved, '保存の確認');
    await typeAndSave(form.getByRole('textbox', { name: 'メモ' }), logSaved, '記録のメモ（保存済みを確かめた）');
    const entryId = (await form.getAttribute('data-entry-id'))!;
    expect(entryId).not.toBe('');

    // One more change that is still waiting for its save when the host dies.
    await form.getByRole('textbox', { name: 'メモ' }).pressSequentially('未保存の追記', { delay: 5 });
    await expect(logSaved).toHaveText(/保存中/);
    await killHard(host);

    // Started again on the same folder: every reported save is in the forms …
    host = await startHost(dataDir);
    await page.goto(host.url);
    await menu.getByRole('link', { name: '支援先・案件', exact: true }).click();
    await page.getByText('保存確認町', { exact: true }).first().click();
    await expect(notes).toHaveValue(saves.join(''));
    await page.goto(`${host.origin}/#/log?engagement=${eng.id}&entry=${entryId}`);
    await expect(form.getByRole('textbox', { name: '議題' })).toHaveValue('保存の確認');
    // The pending text was either saved just before the kill or not at all: never half a save.
    const logNotes = await form.getByRole('textbox', { name: 'メモ' }).inputValue();
    expect(['記録のメモ（保存済みを確かめた）', '記録のメモ（保存済みを確かめた）未保存の追記']).toContain(logNotes);

    // … and each reported save of the client's notes is one version in the history.
    const history = await invoke<{ items: { field: string; newValue: unknown }[] }>(page, host, 'history.list', { entity: 'client', id: client.id });
    const versions = history.items.filter((h) => h.field === 'notes').map((h) => h.newValue);
    for (let i = 1; i <= saves.length; i++) expect(versions).toContain(saves.slice(0, i).join(''));
  } finally {
    if (host.proc.exitCode === null && host.proc.signalCode === null) await stopHost(host);
  }
  // The database the killed host left behind, as SQLite reads it.
  // By its file (Playwright's loader would follow tsconfig's path for the package name to its .d.ts).
  const Database = createRequire(import.meta.url)(path.resolve(import.meta.dirname, '../../node_modules/better-sqlite3-multiple-ciphers/lib/index.js')) as typeof BetterSqlite3;
  const db = new Database(path.join(dataDir, 'banso.sqlite3'), { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
  } finally {
    db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
