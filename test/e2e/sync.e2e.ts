import pg from 'pg';
import { addAdvisor, migrateHub } from '../../electron/core/sync/hub-schema.ts';
import { startPostgres, type TestPostgres } from '../helpers/pg.ts';
import { expect, invoke, test } from './fixtures.ts';

let server: TestPostgres;

test.beforeAll(async () => {
  server = await startPostgres();
  const admin = new pg.Client({ connectionString: server.url(server.admin.user, server.admin.password) });
  await admin.connect();
  await migrateHub(admin);
  await addAdvisor(admin, { role: 'sato', password: 'pw-sato', displayName: '佐藤' });
  await admin.end();
});

test.afterAll(async () => {
  await server?.stop();
});

test('設定 → チーム同期: set up the hub, test the connection, sync now; the status line follows (同期済み / 未送信 N件 / オフライン)', async ({ page, host }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(host.url);
  await page.getByTestId('nav-settings').click();
  const section = page.getByTestId('settings-sync');
  await expect(section.getByTestId('sync-state')).toContainText('未設定');
  await expect(page.getByTestId('status-sync')).toHaveCount(0);

  // A bad address is refused in Japanese and nothing is saved.
  await section.getByTestId('sync-url').fill('http://example.com');
  await section.getByTestId('sync-role').fill('sato');
  await section.getByTestId('sync-save').click();
  await expect(section).toContainText('postgresql://');
  await expect(section.getByTestId('sync-state')).toContainText('未設定');

  await section.getByTestId('sync-url').fill(`postgresql://127.0.0.1:${server.port}/postgres`);
  await section.getByRole('textbox', { name: 'パスワード' }).fill('pw-sato');
  await section.getByTestId('sync-sslmode').click();
  await page.getByRole('option', { name: /^disable/ }).click();
  await section.getByTestId('sync-save').click();
  await expect(page.getByTestId('notice')).toContainText('チーム同期の設定を保存しました');
  await section.getByTestId('sync-test').click();
  await expect(section.getByTestId('sync-test-result')).toHaveText('接続できました。');

  // A case written here waits as 未送信 until synced.
  await invoke(page, host, 'cases.create', { title: '同期の試験の事例' });
  await page.reload();
  await expect(page.getByTestId('status-sync')).toContainText('未送信');
  await expect(page.getByTestId('settings-sync').getByTestId('sync-sslmode')).toHaveValue(/^disable/);
  await page.getByTestId('settings-sync').getByTestId('sync-now').click();
  // The built-in library is on every laptop already: only the new case travels.
  await expect(page.getByTestId('notice')).toContainText('同期しました: 送信 1件');
  await expect(page.getByTestId('status-sync')).toHaveText('同期済み');
  await page.screenshot({ path: 'test-results/sync-settings.png', fullPage: false });

  // 「チームと共有」 on an engagement: shared, then sent at the next sync; un-sharing says what stays on the hub.
  const client = await invoke<{ id: string }>(page, host, 'clients.create', { name: '雫川町', kind: 'municipality', prefecture: '岩手県' });
  await invoke<{ id: string }>(page, host, 'engagements.create', { clientId: client.id, program: 'advisor', startDate: '2025-04-01', title: '共有する案件' });
  await page.getByTestId('nav-engagements').click();
  await page.getByTestId('client-row').filter({ hasText: '雫川町' }).click();
  await page.getByTestId('engagement-row').filter({ hasText: '共有する案件' }).click();
  const share = page.getByTestId('team-share');
  await expect(share).not.toBeChecked();
  await share.click();
  await expect(page.getByTestId('notice')).toContainText('チームと共有にしました');
  await expect(share).toBeChecked();
  await expect(page.getByTestId('status-sync')).toContainText('未送信');
  await page.getByTestId('team-share').click();
  await expect(page.getByTestId('notice')).toContainText('共有をやめました');
  await expect(share).not.toBeChecked();
  await page.getByTestId('nav-settings').click();

  // The hub goes away: the status says オフライン, the error is shown in Japanese, nothing breaks.
  await server.stop();
  await page.getByTestId('settings-sync').getByTestId('sync-now').click();
  await expect(page.getByTestId('notice')).toContainText('同期できませんでした');
  await expect(page.getByTestId('settings-sync').getByTestId('sync-error')).toContainText('ハブに接続できません');
  await expect(page.getByTestId('status-sync')).toHaveText('オフライン');
});
