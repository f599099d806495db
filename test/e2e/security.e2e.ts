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
