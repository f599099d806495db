import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, type Host } from './fixtures.ts';

// The plan's schedule counts days by the computer's calendar, as the desktop app does.
test.use({ timezoneId: Intl.DateTimeFormat().resolvedOptions().timeZone });

async function invoke<T>(page: Page, host: Host, method: string, input: unknown): Promise<T> {
  const response = await page.request.post(host.origin + '/api/invoke', { data: { method, input } });
  const body = (await response.json()) as { ok: boolean; value?: T; error?: unknown };
  if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.value as T;
}

interface TemplateJson {
  id: string;
  name: string;
  version: number;
  phases: { id: string; sections: { id: string; title: string; chapter: string; questions: { id: string; label: string; type: string; required: boolean }[] }[] }[];
}

test('template editor: duplicate plan-a, rename, add a section and questions, reorder, save, reload; export; import a broken file', async ({ page, host }) => {
  await page.goto(host.url);
  await page.goto(`${host.origin}/#/templates`);
  const editor = page.getByTestId('tpl-editor');

  // The first template opens; built-in ones are marked and read-only.
  await expect(editor).toHaveAttribute('data-id', 'plan-a');
  await expect(page.getByTestId('tpl-readonly')).toBeVisible();
  await expect(page.getByTestId('tpl-item').filter({ hasText: '計画策定支援 Aコース' }).getByTestId('tpl-builtin')).toHaveText('組み込み');
  await expect(editor.getByTestId('t-name')).toHaveAttribute('readonly', '');
  await expect(editor.getByTestId('tpl-save')).toHaveCount(0);

  // 複製 with a name and an id (Enter in the dialog submits).
  await editor.getByTestId('tpl-duplicate').click();
  await expect(page.getByTestId('duplicate-name')).toHaveValue('計画策定支援 Aコース（地域課題整理）（コピー）');
  await page.getByTestId('duplicate-name').fill('自治体向け Aコース');
  await page.getByTestId('duplicate-id').fill('my-a');
  await page.getByTestId('duplicate-id').press('Enter');
  await expect(editor).toHaveAttribute('data-id', 'my-a');
  await expect(page).toHaveURL(/template=my-a/);
  await expect(editor).toHaveAttribute('data-version', '1');
  await expect(page.getByTestId('tpl-readonly')).toHaveCount(0);

  // Rename.
  await editor.getByTestId('t-name').fill('伴走町の Aコース');
  await expect(editor.getByTestId('tpl-save-state')).toHaveText('未保存の変更があります');
  // Leaving with unsaved changes asks first; cancelling keeps the draft.
  await page.locator('[data-testid="tpl-item"][data-id="plan-b"]').click();
  await page.getByTestId('tpl-leave-modal-cancel').click();
  await expect(editor).toHaveAttribute('data-id', 'my-a');
  await expect(editor.getByTestId('t-name')).toHaveValue('伴走町の Aコース');

  // A new section at the end of phase 1, and two questions in it.
  await editor.getByTestId('outline-phase').first().click();
  await editor.getByTestId('node-add-section').click();
  await expect(editor.getByTestId('tpl-crumb')).toContainText('セクション 3');
  await editor.getByTestId('s-title').fill('住民の声');
  await editor.getByTestId('s-chapter').fill('第2章 住民の声');
  await editor.getByTestId('node-add-question').click();
  await editor.getByTestId('q-label').fill('住民アンケートの結果');
  await editor.getByTestId('q-type').click();
  await page.getByRole('option', { name: '短文', exact: true }).click();
  await editor.getByTestId('q-required').check();
  await editor.getByTestId('node-add-question').click();
  await editor.getByTestId('q-label').fill('聞き取りで多かった声');
  // Where the answer goes in the plan document: not mapped yet, so 資料編 (nothing in the section's name says more); set 第2章.
  await expect(editor.getByTestId('q-chapter')).toHaveValue('資料編');
  await editor.getByTestId('q-chapter').click();
  await page.getByRole('option', { name: '第2章 現状と課題' }).click();
  await expect(editor.getByTestId('q-chapter')).toHaveValue('第2章 現状と課題');
  fs.mkdirSync(path.resolve(import.meta.dirname, '../../.tmp'), { recursive: true });
  await page.screenshot({ path: path.resolve(import.meta.dirname, '../../.tmp/template-chapter.png') });

  // Move the second question up with the button, then down and up again with Alt+↓ / Alt+↑ in the outline.
  const newQuestions = editor.locator('[data-testid="outline-question"][data-path^="phases[0].sections[2]."]');
  await expect(newQuestions).toHaveText([/住民アンケートの結果/, /聞き取りで多かった声/]);
  await editor.getByTestId('node-up').click();
  await expect(newQuestions).toHaveText([/聞き取りで多かった声/, /住民アンケートの結果/]);
  await newQuestions.first().focus();
  await page.keyboard.press('Alt+ArrowDown');
  await expect(newQuestions).toHaveText([/住民アンケートの結果/, /聞き取りで多かった声/]);
  await expect(newQuestions.nth(1)).toBeFocused();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(newQuestions).toHaveText([/聞き取りで多かった声/, /住民アンケートの結果/]);

  // A problem is reported by the core with its path, in Japanese, beside its field.
  await newQuestions.first().click();
  await editor.getByTestId('q-label').fill('');
  await editor.getByTestId('tpl-save').click();
  const problem = editor.getByTestId('tpl-problem');
  await expect(problem).toHaveCount(1);
  await expect(problem).toHaveAttribute('data-path', 'phases[0].sections[2].questions[0].label');
  await expect(problem).toContainText('phases[0].sections[2].questions[0].label: 設問を入力してください。');
  await expect(editor.getByTestId('q-label')).toHaveAttribute('aria-invalid', 'true');
  await expect(editor.getByTestId('question-form')).toContainText('設問を入力してください。');
  await expect(editor).toHaveAttribute('data-version', '1');
  await editor.getByTestId('q-label').fill('聞き取りで多かった声');
  await expect(editor.getByTestId('tpl-problems')).toHaveCount(0);

  // Save (Ctrl+S), reload: everything is still there.
  await page.keyboard.press('Control+s');
  await expect(editor.getByTestId('tpl-save-state')).toHaveText('保存済み');
  await expect(editor).toHaveAttribute('data-version', '2');
  await page.reload();
  await expect(editor).toHaveAttribute('data-id', 'my-a');
  await expect(editor.getByTestId('tpl-title')).toHaveText('伴走町の Aコース');
  await expect(editor.locator('[data-testid="outline-section"][data-path="phases[0].sections[2]"]')).toHaveText('住民の声');
  await expect(newQuestions).toHaveText([/聞き取りで多かった声/, /住民アンケートの結果/]);
  const stored = await invoke<{ template: TemplateJson }>(page, host, 'templates.get', { id: 'my-a' });
  expect(stored.template.phases[0]!.sections[2]).toMatchObject({
    title: '住民の声',
    chapter: '第2章 住民の声',
    questions: [
      { label: '聞き取りで多かった声', type: 'long-text', required: false },
      { label: '住民アンケートの結果', type: 'short-text', required: true },
    ],
  });

  // Saved elsewhere meanwhile (version 3): saving here is a conflict, resolved by overwriting.
  await invoke(page, host, 'templates.save', { template: { ...stored.template, description: 'ほかの画面で変更' }, expectedVersion: 2 });
  await editor.getByTestId('outline-template').click();
  await editor.getByTestId('t-description').fill('住民の声を聞く章を加えた版');
  await editor.getByTestId('tpl-save').click();
  await expect(editor.getByTestId('tpl-conflict')).toContainText('現在 版3');
  await expect(editor).toHaveAttribute('data-version', '2');
  await editor.getByTestId('tpl-overwrite').click();
  await expect(editor).toHaveAttribute('data-version', '4');
  await expect(editor.getByTestId('tpl-conflict')).toHaveCount(0);
  expect((await invoke<{ template: TemplateJson & { description: string } }>(page, host, 'templates.get', { id: 'my-a' })).template.description).toBe('住民の声を聞く章を加えた版');

  // The editor at 1366×768, a question selected.
  await newQuestions.nth(1).click();
  await expect(editor.getByTestId('q-label')).toHaveValue('住民アンケートの結果');
  fs.mkdirSync('/work/main/.tmp', { recursive: true });
  await page.screenshot({ path: '/work/main/.tmp/template-editor.png' });

  // JSON エクスポート: a download of the saved template.
  const [download] = await Promise.all([page.waitForEvent('download'), editor.getByTestId('tpl-export').click()]);
  expect(download.suggestedFilename()).toBe('banso-template-my-a.json');
  const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8')) as TemplateJson;
  expect(exported).toMatchObject({ id: 'my-a', name: '伴走町の Aコース', version: 4 });
  expect(exported.phases[0]!.sections[2]!.title).toBe('住民の声');

  // JSON インポート of a broken file: every problem with its exact path, nothing saved.
  const broken = structuredClone(exported);
  broken.id = 'imported-a';
  broken.phases[1]!.sections[0]!.questions[1]!.type = 'essay';
  await page.getByTestId('tpl-import-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
  const importProblems = page.getByTestId('import-problem');
  await expect(importProblems).toHaveCount(1);
  await expect(importProblems).toHaveAttribute('data-path', 'phases[1].sections[0].questions[1].type');
  await expect(importProblems).toContainText('phases[1].sections[0].questions[1].type: 種類が正しくありません');
  await page.getByTestId('import-problems-close').click();
  expect((await invoke<{ items: { id: string }[] }>(page, host, 'templates.list', {})).items.map((t) => t.id)).not.toContain('imported-a');

  // Not JSON at all: one problem for the whole file.
  await page.getByTestId('tpl-import-file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"id": "x",') });
  await expect(importProblems).toHaveCount(1);
  await expect(importProblems).toContainText('(全体): テンプレートのファイルを JSON として読めません');
  await page.getByTestId('import-problems-close').click();

  // The same file under an id that is taken: imported under a new id.
  await page.getByTestId('tpl-import-file').setInputFiles({ name: 'my-a.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
  await page.getByTestId('import-new-id').click();
  await expect(editor).toHaveAttribute('data-id', 'my-a-copy');
  await expect(page.getByTestId('tpl-item')).toHaveCount(6);

  // Delete a custom template, after confirming.
  await editor.getByTestId('tpl-delete').click();
  await page.getByTestId('tpl-delete-modal-confirm').click();
  await expect(page.getByTestId('tpl-item')).toHaveCount(5);
  await expect(page.locator('[data-testid="tpl-item"][data-id="my-a-copy"]')).toHaveCount(0);
});

test('plan workbench: a refused phase close lists the gates; close, reopen, history with undo, update to the newest template keeping answers', async ({ page, host }) => {
  await page.goto(host.url);
  await invoke(page, host, 'templates.duplicate', { id: 'plan-a', newId: 'my-a', name: '自治体向け Aコース' });
  const client = await invoke<{ id: string }>(page, host, 'clients.create', { name: '伴走町', kind: 'municipality', prefecture: '徳島県' });
  const engagement = await invoke<{ id: string }>(page, host, 'engagements.create', { clientId: client.id, program: 'plan-a', startDate: '2026-04-01' });
  await invoke(page, host, 'plan.create', { engagementId: engagement.id, templateId: 'my-a' });
  await invoke(page, host, 'plan.answer', { engagementId: engagement.id, questionId: 'digital-status', value: '光回線は全域' });

  await page.goto(`${host.origin}/#/plans?engagement=${engagement.id}`);
  const bench = page.getByTestId('plan-workbench');
  await bench.getByTestId('section-region-profile').click();

  // Closing phase 1 with missing answers is refused with the gate list.
  await bench.getByTestId('phase-close-button').click();
  const refused = bench.getByTestId('phase-close-refused');
  await expect(refused).toContainText('まだ完了にできません');
  await expect(refused.getByTestId('phase-close-problem')).toHaveText([/未記入: 地域の現状 ／ 地域の概況/, /未記入: 地域課題の抽出・整理 ／ 地域課題の一覧/, /地域課題を1件以上書き出してください/]);
  await expect(bench.getByTestId('phase-survey').getByTestId('gate-count')).toBeVisible();
  await refused.getByTestId('phase-close-problem').first().click();
  await expect(bench.locator('#plan-q-region-overview')).toBeFocused();

  // Answer what is missing, then close and reopen.
  await bench.locator('#plan-q-region-overview').fill('人口1.2万人の中山間地域。');
  await expect(bench.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  await invoke(page, host, 'plan.answer', { engagementId: engagement.id, questionId: 'issues', value: [{ id: 'i1', cells: { title: '窓口の待ち時間', importance: '3', urgency: '2' } }] });
  await page.reload();
  await bench.getByTestId('section-region-profile').click();
  await expect(bench.getByTestId('gate-panel')).toHaveAttribute('data-ready', 'true');
  await bench.getByTestId('phase-close-button').click();
  await expect(bench.getByTestId('phase-survey')).toContainText('完了');
  await expect(bench.getByTestId('phase-close')).toHaveAttribute('data-closed', 'true');
  await bench.getByTestId('phase-reopen').click();
  await expect(bench.getByTestId('phase-close')).toHaveAttribute('data-closed', 'false');

  // An edit shows in the history; 元に戻す restores the previous answer.
  await bench.locator('#plan-q-region-overview').fill('人口1.2万人の中山間地域。観光客が増えている。');
  await expect(bench.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  await bench.getByTestId('tab-history').click();
  const history = bench.getByTestId('plan-history-row');
  await expect(history.first()).toHaveAttribute('data-field', 'answer.region-overview');
  await expect(history.first()).toContainText('地域の概況（人口・産業・地理）');
  await expect(bench.locator('[data-testid="plan-history-row"][data-field="closedPhases"]')).toHaveCount(2);
  await bench.getByTestId('plan-undo').click();
  await expect(bench.locator('#plan-q-region-overview')).toHaveValue('人口1.2万人の中山間地域。');
  await expect(page.getByTestId('notice')).toContainText('直前の変更を元に戻しました: 地域の概況（人口・産業・地理）');
  await expect(history.first()).toContainText('観光客が増えている。 → 人口1.2万人の中山間地域。');
  const shown = await invoke<{ answers: Record<string, { value: unknown }> }>(page, host, 'plan.show', { engagementId: engagement.id });
  expect(shown.answers['region-overview']?.value).toBe('人口1.2万人の中山間地域。');

  // The template is edited (a question with an answer removed): the plan offers the newest version.
  const { template } = await invoke<{ template: TemplateJson }>(page, host, 'templates.get', { id: 'my-a' });
  template.phases[0]!.sections[0]!.questions = template.phases[0]!.sections[0]!.questions.filter((q) => q.id !== 'digital-status');
  await invoke(page, host, 'templates.save', { template, expectedVersion: 1 });
  await page.reload();
  await expect(bench.getByTestId('template-update')).toContainText('新しい版があります');
  await bench.getByTestId('template-update-open').click();
  await expect(page.getByTestId('template-update-modal').getByText('回答はすべて残ります', { exact: false })).toBeVisible();
  await page.getByTestId('template-update-confirm').click();
  const updated = bench.getByTestId('template-updated');
  await expect(updated).toContainText('版1から版2に更新しました。回答はすべて残っています。');
  await expect(updated).toContainText('「デジタル化の現状」');
  await expect(bench.getByTestId('template-update')).toHaveCount(0);
  await expect(bench.getByTestId('orphan-panel')).toContainText('digital-status');
  await expect(bench.getByTestId('orphan-panel')).toContainText('光回線は全域');
  await expect(bench.locator('#plan-q-region-overview')).toHaveValue('人口1.2万人の中山間地域。');
});
