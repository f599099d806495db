import { Button, Group, List, Modal, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Template, TemplateProblem } from '../../../../shared/domain/template.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import { writeAndRefresh } from '../../api/query.ts';
import { imeSafeSubmit } from '../../lib/ime.ts';
import { useSchemaForm } from '../../lib/form.ts';
import { ModalActions } from '../../components/ModalActions.tsx';
import { contract } from '../../../../shared/contract/index.ts';

/** 複製: a new custom template from any template, with its own name and (optionally) id. */
export function DuplicateModal({ source, onClose, onDone }: { source: { id: string; name: string } | null; onClose: () => void; onDone: (t: Template) => void }) {
  // Checked by the contract's own input schema of templates.duplicate.
  const form = useSchemaForm<{ name: string; newId: string }>({ name: '', newId: '' }, contract['templates.duplicate'].input, (v) => ({
    id: source?.id ?? '',
    name: v.name.trim() === '' ? '' : v.name.trim(),
    ...(v.newId.trim() ? { newId: v.newId.trim() } : {}),
  }));
  const [busy, setBusy] = useState(false);
  const [general, setGeneral] = useState<string | null>(null);

  useEffect(() => {
    if (source) {
      form.setValues({ name: `${source.name}（コピー）`, newId: '' });
      form.clearErrors();
      setGeneral(null);
    }
  }, [source]);

  const submit = form.onSubmit(async (v) => {
    if (!source || busy) return;
    setBusy(true);
    setGeneral(null);
    try {
      const t = await writeAndRefresh('templates.duplicate', { id: source.id, name: v.name.trim(), ...(v.newId.trim() ? { newId: v.newId.trim() } : {}) });
      onDone(t);
    } catch (e) {
      // The core names the field: newId (or id, when the id asked for is taken) or name.
      const at = e instanceof ApiError ? String(e.path?.[0] ?? '') : '';
      const field = at === 'newId' || (at === 'id' && v.newId.trim() !== '') ? 'newId' : at === 'name' ? 'name' : null;
      if (field) form.setFieldError(field, errorMessage(e));
      else setGeneral(errorMessage(e));
    } finally {
      setBusy(false);
    }
  });

  return (
    <Modal opened={source !== null} onClose={busy ? () => undefined : onClose} title="テンプレートを複製" size="md" centered data-testid="duplicate-modal">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="xs" c="dimmed">
            「{source?.name}」の保存済みの内容を写して、編集できる自作テンプレートを作ります。作成済みの計画には影響しません。
          </Text>
          <TextInput label="新しいテンプレート名" size="sm" data-autofocus data-testid="duplicate-name" {...form.getInputProps('name')} onKeyDown={imeSafeSubmit} />
          <TextInput
            label="id（空欄なら自動）"
            description="小文字の英数字と - 。書き出した JSON のファイル名にも使われます。"
            size="sm"
            placeholder={source ? `${source.id}-copy` : ''}
            data-testid="duplicate-id"
            {...form.getInputProps('newId')}
            onKeyDown={imeSafeSubmit}
          />
          <ModalActions general={general} busy={busy} onCancel={onClose} submitLabel="複製して編集" submitTestId="duplicate-submit" />
        </Stack>
      </form>
    </Modal>
  );
}

/** Why an imported file was refused: every problem with its path, as the core reported it. */
export function ImportProblemsModal({ problems, fileName, onClose }: { problems: TemplateProblem[] | null; fileName: string; onClose: () => void }) {
  return (
    <Modal opened={problems !== null} onClose={onClose} title="テンプレートを取り込めませんでした" size="lg" centered data-testid="import-problems">
      <Stack gap="sm">
        <Text size="sm">
          {fileName ? `「${fileName}」` : 'ファイル'}に誤りが{problems?.length ?? 0}件あります。直してからもう一度取り込んでください。何も保存していません。
        </Text>
        <ScrollArea.Autosize mah={360} type="auto">
          <List size="sm" spacing={4} data-testid="import-problem-list">
            {(problems ?? []).map((p, i) => (
              <List.Item key={i} data-testid="import-problem" data-path={p.path}>
                <Text span ff="monospace" size="xs" fw={600}>
                  {p.path || '(全体)'}
                </Text>
                <Text span size="sm">
                  {': '}
                  {p.message}
                </Text>
              </List.Item>
            ))}
          </List>
        </ScrollArea.Autosize>
        <Group justify="flex-end">
          <Button onClick={onClose} data-autofocus data-testid="import-problems-close">
            閉じる
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The imported template's id is taken: import under a new id, or replace the custom template. */
export function ImportConflictModal({
  conflict,
  onClose,
  onChoose,
}: {
  conflict: { id: string; builtIn: boolean; message: string } | null;
  onClose: () => void;
  onChoose: (how: 'new-id' | 'replace') => Promise<void>;
}) {
  const [busy, setBusy] = useState<null | 'new-id' | 'replace'>(null);
  const choose = async (how: 'new-id' | 'replace') => {
    setBusy(how);
    try {
      await onChoose(how);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Modal opened={conflict !== null} onClose={busy ? () => undefined : onClose} title="同じ id のテンプレートがあります" size="md" centered data-testid="import-conflict">
      <Stack gap="sm">
        <Text size="sm">{conflict?.message}</Text>
        <Text size="xs" c="dimmed">
          {conflict?.builtIn ? '組み込みテンプレートは置き換えられません。別の id で取り込みます。' : '置き換えると、そのテンプレートの新しい版として保存されます（作成済みの計画は「最新版に更新」するまで今の写しのままです）。'}
        </Text>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose} disabled={busy !== null}>
            キャンセル
          </Button>
          {!conflict?.builtIn && (
            <Button variant="default" color="red" loading={busy === 'replace'} disabled={busy !== null} onClick={() => void choose('replace')} data-testid="import-replace">
              置き換える
            </Button>
          )}
          <Button loading={busy === 'new-id'} disabled={busy !== null} onClick={() => void choose('new-id')} data-testid="import-new-id" data-autofocus>
            別の id で取り込む
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
