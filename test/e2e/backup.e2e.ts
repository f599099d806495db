import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, startHost, stopHost, test } from './fixtures.ts';

const root = path.resolve(import.meta.dirname, '../..');

function cli(dataDir: string, ...args: string[]): string {
  const r = spawnSync(process.execPath, [path.join(root, 'electron/cli/bin.mjs'), '--data-dir', dataDir, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, BANSO_DATA_DIR: '' } });
  if (r.status !== 0) throw new Error(`cli ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

test('設定 → バックアップ: back up now, verify, restore after a confirmation that says the current state is backed up first', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByTestId('nav-settings').click();
  const section = page.getByTestId('settings-backup');
  await expect(section.getByTestId('backup-dir')).toContainText(path.join(host.dataDir, 'backups'));
  await expect(section.getByTestId('backup-empty')).toBeVisible();

  const name = page.getByLabel('担当者名');
  await name.fill('バックアップ前の担当');
  await expect(page.getByTestId('save-state')).toHaveText('保存済み');

  await section.getByTestId('backup-create').click();
  await expect(page.getByTestId('notice')).toContainText('バックアップしました');
  const rows = section.getByTestId('backup-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('手動');

  await rows.first().getByTestId('backup-verify').click();
  await expect(rows.first().getByTestId('backup-verify-result')).toHaveText('正常');

  await name.fill('あとから変えた担当');
  await expect(page.getByTestId('save-state')).toHaveText('保存済み');

  await rows.first().getByTestId('backup-restore').click();
  const modal = page.getByTestId('backup-restore-confirm');
  await expect(modal).toContainText('いまの状態を「復元前」のバックアップとして自動で保存します');
  await page.getByTestId('backup-restore-confirm-confirm').click();

  // The window reloads over the restored data and says what happened.
  await expect(page.getByTestId('notice-restored')).toContainText('バックアップから復元しました');
  // Compact: it stays on every page until closed, so it must not take a fifth of a 768 px screen.
  expect((await page.getByTestId('notices').boundingBox())!.height).toBeLessThan(70);
  await page.getByTestId('nav-settings').click();
  await expect(page.getByLabel('担当者名')).toHaveValue('バックアップ前の担当');
  const after = page.getByTestId('settings-backup').getByTestId('backup-row');
  await expect(after).toHaveCount(2);
  await expect(after.first()).toContainText('復元前');

  // Closing the notice keeps it closed.
  await page.getByTestId('notice-restored').getByRole('button', { name: 'このお知らせを閉じる' }).click();
  await expect(page.getByTestId('notice-restored')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('status-datadir')).toBeVisible();
  await expect(page.getByTestId('notices')).toHaveCount(0);
});

test('a database damaged before start: the window says it was restored from a backup and where the damaged file is', async ({ page }) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'banso-e2e-recovery-'));
  try {
    cli(dataDir, 'clients', 'add', '--name', '残っている町', '--kind', 'municipality', '--prefecture', '長野県', '--json');
    cli(dataDir, 'backup', 'create', '--json');
    cli(dataDir, 'clients', 'add', '--name', '失われる村', '--kind', 'municipality', '--prefecture', '長野県', '--json');
    const file = path.join(dataDir, 'banso.sqlite3');
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 3));

    const host = await startHost(dataDir);
    try {
      await page.goto(host.url);
      const notice = page.getByTestId('notice-recovery');
      await expect(notice).toContainText('データベースをバックアップから復元しました');
      await expect(notice).toContainText('破損');
      const damaged = fs.readdirSync(dataDir).find((f) => f.startsWith('banso.damaged-') && f.endsWith('.sqlite3'));
      expect(damaged).toBeDefined();
      expect((await page.getByTestId('notices').boundingBox())!.height).toBeLessThan(70);
      await notice.getByTestId('notice-more').click();
      await expect(notice.getByTestId('notice-path').first()).toBeVisible();
      await expect(notice.getByTestId('notice-path').first()).toHaveText(path.join(dataDir, damaged!));
      // The notice shows over every page.
      await page.getByTestId('nav-engagements').click();
      await expect(page.getByTestId('notice-recovery')).toBeVisible();
      await expect(page.getByText('残っている町').first()).toBeVisible();
      await expect(page.getByText('失われる村')).toHaveCount(0);
    } finally {
      await stopHost(host);
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
