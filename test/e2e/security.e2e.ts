import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures.ts';

const SHOTS = process.env.BANSO_SHOTS_DIR;

test('設定 → セキュリティ: a plain folder says 「暗号化されていません」 with one action; encrypting shows the recovery key once, closable only after 「印刷・保存しました」', async ({ page, host }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(host.url);
  await page.getByTestId('nav-settings').click();
  const section = page.getByTestId('settings-security');
  await expect(section.getByTestId('security-plain')).toContainText('暗号化されていません');
  await section.scrollIntoViewIfNeeded();
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'security-plain.png') });

  await section.getByTestId('security-enable').click();
  const dialog = page.getByTestId('security-dialog-enable');
  await dialog.getByTestId('security-new').fill('短い');
  await dialog.getByTestId('security-new-again').fill('短い');
  await dialog.getByTestId('security-submit').click();
  await expect(dialog.getByTestId('security-error')).toContainText('8 文字以上');
  await dialog.getByTestId('security-new').fill('海辺の町の合言葉 2026');
  await dialog.getByTestId('security-new-again').fill('海辺の町の合言葉 2026');
  await dialog.getByTestId('security-submit').click();

  const modal = page.getByTestId('recovery-key');
  const value = modal.getByTestId('recovery-key-value');
  await expect(value).toHaveText(/^([0-9A-Z]{4}-){3}[0-9A-Z]{4}-\s*([0-9A-Z]{4}-){3}[0-9A-Z]{4}$/);
  await expect(modal.getByTestId('recovery-key-done')).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(value).toBeVisible(); // not closable without the confirmation
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'security-recovery-key.png') });
  await modal.getByText('印刷・保存しました').click();
  await modal.getByTestId('recovery-key-done').click();
  await expect(value).toBeHidden();

  await expect(section.getByTestId('security-state')).toContainText('暗号化されています');
  await expect(section.getByTestId('security-methods')).toContainText('パスフレーズ・回復キー');
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'security-encrypted.png') });
  // The running app goes on working on the encrypted folder; the files hold no plaintext.
  await page.getByLabel('担当者名').fill('暗号化後の担当者');
  await expect(page.getByTestId('save-state')).toHaveText('保存済み');
  expect(fs.existsSync(path.join(host.dataDir, 'banso.keys.json'))).toBe(true);
  for (const f of ['banso.sqlite3', 'banso.sqlite3-wal']) {
    const p = path.join(host.dataDir, f);
    if (fs.existsSync(p)) expect(fs.readFileSync(p).includes(Buffer.from('暗号化後の担当者')), f).toBe(false);
  }
});

test('受け渡し: a sealed bundle asks for its passphrase at import; a wrong one is refused with nothing imported, the right one imports', async ({ page, host }) => {
  const inv = async <T>(method: string, input: unknown): Promise<T> => {
    const r = await page.request.post(`${host.origin}/api/invoke`, { data: { method, input } });
    const body = (await r.json()) as { ok: boolean; value: T; error?: unknown };
    if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
    return body.value;
  };
  await page.goto(host.url);
  const c = await inv<{ id: string }>('clients.create', { name: '封印テスト町', kind: 'municipality', prefecture: '徳島県' });
  const e = await inv<{ id: string }>('engagements.create', { clientId: c.id, program: 'advisor', startDate: '2025-04-01' });
  const sealed = await inv<{ fileName: string; contentBase64: string }>('bundle.export', { engagementId: e.id, passphrase: '受け渡しの合言葉 2026' });
  const before = (await inv<{ items: unknown[] }>('clients.list', {})).items.length;

  await page.getByTestId('nav-transfer').click();
  await page.getByTestId('transfer-import-input').setInputFiles({ name: sealed.fileName, mimeType: 'application/json', buffer: Buffer.from(sealed.contentBase64, 'base64') });
  await expect(page.getByTestId('transfer-import-result')).toContainText('暗号化されています');
  await page.getByTestId('transfer-import-passphrase').fill('ちがうパスフレーズです');
  await page.getByTestId('transfer-import-unseal').click();
  await expect(page.getByTestId('transfer-import-result')).toContainText('パスフレーズが違うか');
  expect((await inv<{ items: unknown[] }>('clients.list', {})).items.length).toBe(before);
  await page.getByTestId('transfer-import-passphrase').fill('受け渡しの合言葉 2026');
  await page.getByTestId('transfer-import-unseal').click();
  await expect(page.getByTestId('transfer-import-result')).toContainText('変更なし'); // the same records: nothing doubled
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'transfer-sealed.png') });
});
